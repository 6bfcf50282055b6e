"""Post-build steps: work on the freshly built staging folder before it replaces the output.

The runner runs them after Pelican and before the swap, so the search index, the checks and
the compressed copies belong to the same build, and a step that finds a problem fails it.
A step is ``step(site: Path, settings: dict, state: BuildState) -> list`` of problems
(strings or ContentProblems; empty: passed), or raises ContentError. Each step in STEPS
declares the top-level names of the site it writes, so that the runner carries the previous
files' times over to everything else while the steps run.

Settings read (checked before Pelican starts: ``setting_problems``):
    PORTAL_POST_BUILD  names of the steps a build runs, in this order:
        search       Pagefind index of the site (portalbuild.steps.search)
        check        images, alt texts and internal links (portalbuild.steps.check)
        precompress  .gz and .br beside every text file (portalbuild.steps.precompress)
        extra_files  files such as deploy/_headers into the site (portalbuild.steps.extra_files)
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from portalbuild.steps import progress
from portalbuild.shared.errors import ContentError
from portalbuild.shared.options import SETTINGS_FILE, did_you_mean
from portalbuild.steps.state import BuildState

Step = Callable[[Path, dict, BuildState], list]


@dataclass(frozen=True)
class PostBuildStep:
    """A step usable by name in PORTAL_POST_BUILD: where its function is (imported only when a
    build uses it) and what it writes: the site's top-level names (a folder's whole tree), or
    None for anywhere. ``ahead``: a function ``(site, settings) -> result`` the runner calls
    before Pelican runs, to start work in the background into the names the step writes (a
    rebuild's second core is idle while it reads); the step gets ``result`` through
    ``state.ahead[name]`` and calls it to wait for that work."""
    function: str  # "module:function"
    writes: Callable[[dict], set[str] | None]
    ahead: str | None = None  # "module:function"


STEPS = {
    "search": PostBuildStep("portalbuild.steps.search:index_site", lambda settings: {"pagefind"},
                            ahead="portalbuild.steps.search:publish_ahead"),
    "check": PostBuildStep("portalbuild.steps.check:check_built_site", lambda settings: set()),
    # a .gz and a .br beside every text file
    "precompress": PostBuildStep("portalbuild.steps.precompress:precompress_site", lambda settings: None),
    "extra_files": PostBuildStep("portalbuild.steps.extra_files:copy_extra_files",
                                 lambda settings: {Path(name).parts[0]
                                                   for name in settings.get("PUBLISH_EXTRA_FILES") or {}}),
}


def chosen_steps(settings: dict, steps: Iterable | None = None) -> list:
    """The steps a build runs: ``steps`` if given, else the setting PORTAL_POST_BUILD."""
    return list(settings.get("PORTAL_POST_BUILD", []) if steps is None else steps)


def setting_problems(settings: dict, steps: Iterable | None = None) -> list[str]:
    """What is wrong with PORTAL_POST_BUILD, and with the steps a command asks for by name."""
    given = settings.get("PORTAL_POST_BUILD", [])
    if not isinstance(given, (list, tuple)):
        return [f"{SETTINGS_FILE}: field 'PORTAL_POST_BUILD': {given!r} is not a list of step names. "
                f"Fix: write PORTAL_POST_BUILD = [{', '.join(repr(name) for name in STEPS)}], in the order "
                "they should run, leaving out those the build should not run"]
    named = [*given, *(steps or [])]
    return [_unknown_step(step) for step in dict.fromkeys(step for step in named if isinstance(step, str))
            if step not in STEPS] + [_unknown_step(step) for step in named if not (isinstance(step, str) or callable(step))]


def _unknown_step(step) -> str:
    return (f"{SETTINGS_FILE}: field 'PORTAL_POST_BUILD': {step!r} is not a known post-build step. "
            f"Fix: {did_you_mean(str(step), STEPS, 'Known steps')}")


def names_written(settings: dict, steps: Iterable | None = None) -> set[str] | None:
    """The top-level names of the site the steps a build runs may write, or None for anywhere."""
    written: set[str] = set()
    for step in chosen_steps(settings, steps):
        known = STEPS.get(step) if isinstance(step, str) else None
        names = known.writes(settings) if known else None
        if names is None:
            return None
        written |= names
    return written


def start_ahead(site: Path, settings: dict, steps: Iterable | None = None) -> dict[str, Callable[[], object]]:
    """Start the ``ahead`` work of the steps a build runs (before Pelican runs); by step name,
    what each gives for ``BuildState.ahead``."""
    started = {}
    for step in chosen_steps(settings, steps):
        known = STEPS.get(step) if isinstance(step, str) else None
        if known is not None and known.ahead is not None and step not in started:
            module_name, function_name = known.ahead.split(":")
            started[step] = getattr(importlib.import_module(module_name), function_name)(Path(site), settings)
    return started


def run_post_build(site: Path, settings: dict, steps: Iterable | None = None,
                   state: BuildState | None = None) -> list[str]:
    """Run the steps in order; stop at the first that reports problems and return them."""
    state = state or BuildState()
    for step in chosen_steps(settings, steps):
        problems = _run_one(step, Path(site), settings, state)
        if problems:
            return [str(problem) for problem in problems]
    return []


def _run_one(step: str | Step, site: Path, settings: dict, state: BuildState) -> list:
    function = resolve(step) if isinstance(step, str) else step
    if function is None:
        return [_unknown_step(step)]
    with progress.step(step if isinstance(step, str) else getattr(step, "__name__", "step")):
        try:
            return list(function(site, settings, state) or [])
        except ContentError as error:
            return error.messages


def resolve(name: str) -> Step | None:
    if name not in STEPS:
        return None
    module_name, function_name = STEPS[name].function.split(":")
    return getattr(importlib.import_module(module_name), function_name)
