"""Check all content without publishing (`invoke check`): every problem at once, with its fix.

``run_check`` reports, each with file, line or field and the fix: the front matter of every
post and page (plugins/content_guard's checks); everything the plugins check in a build
(projects, datasets, images: the site is built, drafts and future posts included, into a
temporary folder, leaving out the files already found faulty so that one mistake does not
hide the others); and the images and internal links of the built HTML, traced back to their
source lines (portalbuild.steps.check, which the post-build step ``check`` runs on a
publish, so `invoke check` passes only what `invoke publish` accepts).

Settings read: PATH, ARTICLE_PATHS/ARTICLE_EXCLUDES, PAGE_PATHS/PAGE_EXCLUDES, PLUGINS,
PLUGIN_PATHS, SITEURL, CANONICAL_SITEURL, MAIN_MENU, LINK_CHECK_IGNORE (URL prefixes on the
site's own host that the server answers without this build; default none).
"""

from __future__ import annotations

import glob
import importlib
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from portalbuild import ROOT
from portalbuild.runner import BuildFailed, build, load_settings, report_notices
from portalbuild.shared.errors import ContentProblem, display_path
from portalbuild.steps.check import content_files, files_under, image_problems, link_problems


@dataclass
class CheckReport:
    problems: list[str]
    files: int
    links_checked: bool
    left_out: list[str] = field(default_factory=list)  # files with problems, left out of the build
    notices: dict[str, list[str]] = field(default_factory=dict)  # BuildResult.notices of the check's build


# --- the whole check ---------------------------------------------------------

def run_check(settings_file=ROOT / "pelicanconf.py", overrides: dict | None = None) -> CheckReport:
    settings = load_settings(settings_file, overrides)
    sources = content_files(settings)
    with tempfile.TemporaryDirectory(prefix="lpr-check-") as temporary:
        found = front_matter_problems(settings, Path(temporary) / "cache") + image_problems(settings, sources)
        problems = [str(problem) for problem in found]
        left_out = sorted({Path(problem.path) for problem in found})
        site = Path(temporary) / "site"
        try:
            with _quiet_pelican():
                result = build(settings_file, output=site, post_build=["search"],
                               overrides=_check_build_overrides(settings, overrides, left_out, Path(temporary)))
        except BuildFailed as failure:
            problems += _new_build_messages(failure.messages, problems, left_out)
            return CheckReport(_unique(problems), len(sources), False, [display_path(p) for p in left_out])
        problems += [str(problem) for problem in
                     link_problems(site, settings, sources, left_out={p.name for p in left_out},
                                   field_links=result.field_links)]
    return CheckReport(_unique(problems), len(sources), True, [display_path(p) for p in left_out],
                       result.notices)


@contextmanager
def _quiet_pelican():
    """No 'Done: Processed …' line: the check's own build is not what the author asked for."""
    from pelican.log import console

    quiet, console.quiet = console.quiet, True
    try:
        yield
    finally:
        console.quiet = quiet


def _check_build_overrides(settings: dict, overrides: dict | None, left_out: list[Path], temporary: Path) -> dict:
    """Drafts and future posts shown; files already found faulty left out (Pelican matches
    IGNORE_FILES against file names), so the build goes on to the references and links of
    every other file. content_guard stays: it compares the addresses of all posts, drafts
    and scheduled ones included, which a build that writes them all needs."""
    from portalbuild.commands.authoring import preview_overrides

    return {**(overrides or {}), **preview_overrides(settings),
            "IGNORE_FILES": [*settings.get("IGNORE_FILES", []), *sorted({glob.escape(p.name) for p in left_out})],
            "CACHE_PATH": str(temporary / "cache")}


def cli_check(settings_file=ROOT / "pelicanconf.py") -> int:
    report = run_check(settings_file)
    report_notices(report.notices)
    if not report.problems:
        print(f"No problems found in {report.files} content files.")
        return 0
    print(f"{len(report.problems)} problem(s) found; nothing was published:", file=sys.stderr)
    for problem in report.problems:
        print(f"  {problem}", file=sys.stderr)
    if not report.links_checked:
        print("Internal links were not checked because the build stopped on the problems above; "
              "fix them and run './invoke check' again.", file=sys.stderr)
    elif report.left_out:
        print(f"The links of {', '.join(report.left_out)} are checked once the problems above are fixed.",
              file=sys.stderr)
    return 1


def _new_build_messages(messages: list[str], known: list[str], reported: list[Path]) -> list[str]:
    """Build messages, less those about files already reported (the same problem in other words)."""
    names = [display_path(path) for path in reported] + [str(path) for path in reported]
    return [message for message in messages
            if message not in known and not any(name in message for name in names)]


def _unique(messages: list[str]) -> list[str]:
    return list(dict.fromkeys(messages))


def front_matter_problems(settings: dict, passed_cache: Path | None = None) -> list[ContentProblem]:
    """``passed_cache``: the CACHE_PATH of a build that follows, whose content_guard then skips
    the files that passed here (PassedFiles) instead of reading them again."""
    checks = _content_guard_checks(settings)
    problems = []
    for kind, prefix in (("article", "ARTICLE"), ("page", "PAGE")):
        paths = [str(path) for path in files_under(settings, settings[f"{prefix}_PATHS"],
                                                     settings[f"{prefix}_EXCLUDES"])]
        def check(path: str, kind: str = kind) -> list[ContentProblem]:
            return checks.check_file(path, kind, settings)
        if passed_cache is None:
            problems += [problem for path in paths for problem in check(path)]
        else:
            problems += checks.PassedFiles({**settings, "CACHE_PATH": str(passed_cache)}, kind).check(paths, check)
    return problems


def _content_guard_checks(settings: dict):
    """plugins/content_guard/checks.py, as the module Pelican loads for the plugin: loaded from
    PLUGIN_PATHS by Pelican's own plugin loader, one module whichever imports it first."""
    from pelican.plugins._utils import load_legacy_plugin

    load_legacy_plugin("content_guard", settings.get("PLUGIN_PATHS") or [str(ROOT / "plugins")])
    return importlib.import_module("content_guard.checks")


