"""The library versions each shortcut into another library's internals was verified on.

The replacements themselves are listed in portalbuild/speed/patches.py, each under one of
these shortcuts; tests/test_patches.py checks each against the installed library.

A shortcut that relies on how a library works inside, not on its documented interface,
is used only with a version listed here. With any other version the build takes the
plain way, says so in one line (a warning naming the shortcut, the versions verified
and the version installed), and its output stays correct.

To verify a new version: install it (``invoke lock`` refreshes requirements.lock and the
venv), run the tests the shortcut names with LPR_TRY_UNVERIFIED=1 in the environment (the
shortcuts are then used on any version, and their tests are not skipped), and add the
version below when they pass.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import cache
from importlib import metadata

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Shortcut:
    title: str                               # what the build's message calls it
    verified: dict[str, tuple[str, ...]]     # distribution -> versions verified
    tests: str                               # the tests that verify it
    instead: str                             # what the build does with an unverified version


SHORTCUTS = {
    "fast-markdown": Shortcut(
        "fast Markdown reading (portalbuild/speed/markdown_reader.py)",
        {"markdown": ("3.11.3", "3.11.4"), "pelican": ("4.12.0",)},
        "tests/test_fast_markdown.py and tests/test_patches.py",
        "Pelican's own Markdown reading is used: same pages, slower reading"),
    "fast-build": Shortcut(
        "fast build (portalbuild/speed/mode.py; its patches: portalbuild/speed/patches.py)",
        {"pelican": ("4.12.0",)},
        "tests/test_build_speed.py and tests/test_patches.py",
        "the plain serial build is used: same pages, slower build"),
    "stable-search-index": Shortcut(
        "stable search index (portalbuild/steps/search_stable.py)",
        {"pagefind": ("1.5.2",)},
        "tests/test_search.py",
        "the search index works but its filter files change names from build to build"),
    "sitemap-state": Shortcut(
        "sitemap reset and date (plugins/site_files)",
        {"pelican-sitemap": ("1.2.2",)},
        "tests/test_discoverability.py and tests/test_patches.py",
        "the sitemap index takes the build's date, and a second build in one process may list pages twice"),
}


@cache  # what is installed does not change while the build runs; asked once per shard and build
def installed(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def installed_of(name: str) -> str:
    """'markdown-3.11.4,pelican-4.12.0': the installed versions shortcut ``name`` relies on."""
    return ",".join(f"{distribution}-{installed(distribution)}" for distribution in SHORTCUTS[name].verified)


def mismatches(name: str) -> list[str]:
    """'markdown 3.12.0 (verified: 3.11.3, 3.11.4)' for each distribution not verified."""
    if os.environ.get("LPR_TRY_UNVERIFIED") == "1":
        return []
    return [f"{distribution} {installed(distribution)} (verified: {', '.join(versions)})"
            for distribution, versions in SHORTCUTS[name].verified.items()
            if installed(distribution) not in versions]


def usable(name: str) -> bool:
    """Whether shortcut ``name`` may be used; if not, the build says so once per process."""
    problems = mismatches(name)
    if problems:
        _say_once(name, "; ".join(problems))
    return not problems


@cache
def _say_once(name: str, problems: str) -> None:
    shortcut = SHORTCUTS[name]
    logger.warning("The %s is off: it was verified on other versions than the installed %s; %s. "
                   "To verify this version, run %s and add it to portalbuild/shared/verified.py.",
                   shortcut.title, problems, shortcut.instead, shortcut.tests)


def skip_reason(name: str) -> str | None:
    """For the tests: why a test of shortcut ``name`` cannot check it here, or None."""
    problems = mismatches(name)
    if not problems:
        return None
    return f"{SHORTCUTS[name].title} verified only on other versions: {'; '.join(problems)}"
