"""Shared fixtures: build real sites with the real Pelican build and our settings."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from portalbuild import ROOT
from portalbuild.runner import build

REAL_SETTINGS = ROOT / "pelicanconf.py"
# Pelican as it comes, with the portal's plugins: one process, nothing reused from an earlier
# build (portalbuild/speed/mode.py). Plugin tests build this way, so that a failure is the
# plugin's; the fast build is compared with it byte for byte in tests/test_build_speed.py.
PLAIN_BUILD = {"workers": 1, "incremental": False}
# What the portal's theme needs of the plugins: lv_theme's filters and UI strings (lv_date,
# iso_datetime, ui…) and social_meta's filters for the page head (visible_text, jsonld,
# canonical_url). Without them a template does not compile.
THEME_PLUGINS = ["lv_theme", "social_meta"]
PLAIN = {"FAST_BUILD": PLAIN_BUILD}  # Site(root, PLAIN): a site whose builds are plain unless one says otherwise


def settings_of(base: Path = REAL_SETTINGS) -> str:
    """The first lines of a settings file written for a command run in another process: every
    setting of ``base``, read by Pelican's own settings reader (no import path needed)."""
    return f"from pelican.settings import get_settings_from_file\nglobals().update(get_settings_from_file({str(base)!r}))\n"


class Site:
    """A small site under a temporary folder: write content, build, read the output."""

    def __init__(self, root: Path, defaults: dict | None = None):
        self.root = root
        self.defaults = dict(defaults or {})  # settings of every build, unless a build gives its own
        self.content = root / "content"
        self.output = root / "output"
        for folder in ("news", "pages", "images"):
            (self.content / folder).mkdir(parents=True, exist_ok=True)

    def write(self, relative: str, text: str) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return path

    def post(self, name: str, title: str, date: str = "2020-08-15 10:00",
             category: str = "Kultūra un sabiedrība", body: str = "Teksts.", **meta) -> Path:
        lines = [f"Title: {title}", f"Date: {date}", f"Category: {category}"]
        lines += [f"{key.capitalize()}: {value}" for key, value in meta.items()]
        return self.write(f"news/{name}.md", "\n".join(lines) + "\n\n" + body + "\n")

    def build(self, settings_file: Path = REAL_SETTINGS, **overrides):
        overrides = {"PATH": str(self.content), "CACHE_PATH": str(self.root / "cache"), **self.defaults, **overrides}
        return build(settings_file, output=self.output, overrides=overrides)

    def build_with_only(self, plugins: list[str], fails: bool = False, **overrides) -> subprocess.CompletedProcess:
        """Build with these plugins and those the theme needs (THEME_PLUGINS), the plain serial build
        and no post-build step: what a plugin does on its own. The build is `python -m portalbuild`
        in a process of its own, because Pelican leaves a plugin's signal receivers connected for
        the rest of a process: here, a build would also run the plugins of every earlier build.
        Returns the finished process (its stdout and stderr); it must fail if ``fails``, else succeed."""
        settings = {"PATH": str(self.content), "CACHE_PATH": str(self.root / "cache"), "OUTPUT_PATH": str(self.output),
                    "PLUGINS": [*THEME_PLUGINS, *(name for name in plugins if name not in THEME_PLUGINS)],
                    "FAST_BUILD": PLAIN_BUILD, "PORTAL_POST_BUILD": [], **overrides}
        settings_file = self.root / "only.py"
        settings_file.write_text(settings_of() + "".join(f"{key} = {value!r}\n" for key, value in settings.items()),
                                 encoding="utf-8")
        run = subprocess.run([sys.executable, "-m", "portalbuild", "--settings", str(settings_file)],
                             cwd=self.root, capture_output=True, text=True)
        assert (run.returncode != 0) == fails, run.stderr or run.stdout
        return run

    def read(self, relative: str) -> str:
        return (self.output / relative).read_text(encoding="utf-8")

    def soup(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup(self.read(relative), "html.parser")

    def files(self) -> set[str]:
        return {str(p.relative_to(self.output)) for p in self.output.rglob("*") if p.is_file()}


@pytest.fixture
def site(tmp_path, request) -> Site:
    """A small site; in a module or test marked ``plain_build``, built with the plain serial build
    (PLAIN_BUILD) unless a build sets FAST_BUILD itself."""
    return Site(tmp_path, PLAIN if request.node.get_closest_marker("plain_build") else None)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real portal, built once per test session from content/."""
    output = tmp_path_factory.mktemp("real") / "output"
    build(REAL_SETTINGS, output=output,
          overrides={"CACHE_PATH": str(output.parent / "cache")})
    return output


def text_of(html_node) -> str:
    """Visible text with no-break spaces as plain spaces, for readable assertions."""
    return " ".join(html_node.get_text(" ").replace("\u00a0", " ").split())


# Browser fixtures (real Chromium) are shared by every browser test module.
from tests.browser_support import chromium_browser  # noqa: E402,F401 -- a fixture, used by name
