"""Post-build steps: work on the freshly built staging folder before it replaces the output.

``portalbuild.build`` runs them after Pelican and before the swap, so the
search index, the checks and the compressed copies belong to the same build,
and a step that finds a problem fails the build: the published output stays.

A step is ``step(site: Path, settings: dict) -> list`` of problems (strings or
ContentProblems); an empty list means it passed. It may also raise ContentError.
Each step is timed (portalbuild.progress: a line for it when a publish reports).
The build sets PORTAL_PREVIOUS_OUTPUT in the settings a step gets: the output folder
the site will replace (it may not exist), for a step that reuses its own earlier work.

Settings read:
    PORTAL_POST_BUILD  names of the steps a build runs, in this order:
        search       Pagefind index of the site (portalbuild.search)
        check        images, alt texts and internal links (portalbuild.checks)
        precompress  .gz and .br beside every text file (portalbuild.precompress)
        extra_files  files such as deploy/_headers into the site (portalbuild.publish)
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path

from portalbuild import progress
from portalbuild.errors import ContentError, ContentProblem

Step = Callable[[Path, dict], list]

# Names usable in PORTAL_POST_BUILD; modules are imported only when a build uses them.
STEPS = {
    "search": "portalbuild.search:index_site",
    "check": "portalbuild.checks:check_built_site",
    "precompress": "portalbuild.precompress:precompress_site",
    "extra_files": "portalbuild.publish:copy_extra_files",
}


# What each step writes into the site: top-level names (a folder's whole tree), or None for
# anywhere. A step given as a callable may write anywhere.
WRITES = {
    "search": lambda settings: {"pagefind"},
    "check": lambda settings: set(),
    "precompress": lambda settings: None,  # a .gz and a .br beside every text file
    "extra_files": lambda settings: {Path(name).parts[0] for name in settings.get("PUBLISH_EXTRA_FILES") or {}},
}


def chosen_steps(settings: dict, steps: Iterable | None = None) -> list:
    """The steps a build runs: ``steps`` if given, else the setting PORTAL_POST_BUILD."""
    return list(settings.get("PORTAL_POST_BUILD", []) if steps is None else steps)


def names_written(settings: dict, steps: Iterable | None = None) -> set[str] | None:
    """The top-level names of the site the steps a build runs may write, or None for anywhere."""
    written: set[str] = set()
    for step in chosen_steps(settings, steps):
        writes = WRITES.get(step) if isinstance(step, str) else None
        names = writes(settings) if writes else None
        if names is None:
            return None
        written |= names
    return written


def run_post_build(site: Path, settings: dict, steps: Iterable | None = None) -> list[str]:
    """Run the steps in order; stop at the first that reports problems and return them."""
    for step in chosen_steps(settings, steps):
        problems = _run_one(step, Path(site), settings)
        if problems:
            return [str(problem) for problem in problems]
    return []


def _run_one(step: str | Step, site: Path, settings: dict) -> list:
    function = resolve(step) if isinstance(step, str) else step
    if function is None:
        return [ContentProblem("pelicanconf.py", f"{step!r} is not a known post-build step",
                               f"use some of: {', '.join(STEPS)}", field="PORTAL_POST_BUILD")]
    with progress.step(step if isinstance(step, str) else getattr(step, "__name__", "step")):
        try:
            return list(function(site, settings) or [])
        except ContentError as error:
            return error.messages


def resolve(name: str) -> Step | None:
    if name not in STEPS:
        return None
    module_name, function_name = STEPS[name].split(":")
    return getattr(importlib.import_module(module_name), function_name)
