"""Shared fixtures: build real sites with the real Pelican build and our settings."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from portalbuild import ROOT
from portalbuild.runner import build

REAL_SETTINGS = ROOT / "pelicanconf.py"


def settings_of(base: Path = REAL_SETTINGS) -> str:
    """The first lines of a settings file written for a command run in another process: every
    setting of ``base``, read by Pelican's own settings reader (no import path needed)."""
    return f"from pelican.settings import get_settings_from_file\nglobals().update(get_settings_from_file({str(base)!r}))\n"


class Site:
    """A small site under a temporary folder: write content, build, read the output."""

    def __init__(self, root: Path):
        self.root = root
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
        overrides.setdefault("PATH", str(self.content))
        overrides.setdefault("CACHE_PATH", str(self.root / "cache"))
        return build(settings_file, output=self.output, overrides=overrides)

    def read(self, relative: str) -> str:
        return (self.output / relative).read_text(encoding="utf-8")

    def soup(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup(self.read(relative), "html.parser")

    def files(self) -> set[str]:
        return {str(p.relative_to(self.output)) for p in self.output.rglob("*") if p.is_file()}


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path)


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
