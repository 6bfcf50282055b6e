"""Run Pelican in the portal's fast build mode, or plainly.

Setting ``FAST_BUILD`` (a dict; defaults in DEFAULTS):

    workers       processes for reading and rendering; 0 = one per CPU, 1 = none
    incremental   reuse read posts and the previous build's page files whose inputs
                  did not change (CACHE_PATH/portalbuild-read.pickle and
                  CACHE_PATH/portalbuild-pages.json)
    min_articles  below this many Markdown sources, read and render in one process

The fast build reads on every core (reading.py), renders on every core and only what
changed (writer.py, incremental.py), makes a rebuild's folders beside it (folders.py),
and uses the replacements of library internals listed in patches.py.
``FAST_BUILD = {"workers": 1, "incremental": False}`` is the plain serial build: stock
Pelican with the portal's plugins, nothing replaced. The fast build's output is
byte-identical to it (tests/test_build_speed.py). It is used only on the Pelican versions
listed in portalbuild/shared/verified.py; on others the build is the plain one and says so.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from portalbuild.shared.options import options_and_problems
from portalbuild.speed import collector

DEFAULTS = {"workers": 0, "incremental": True, "min_articles": 100}


def options(settings: dict) -> dict:
    chosen = options_and_problems(settings, "FAST_BUILD", DEFAULTS, typed=True)[0]
    if not chosen["workers"]:
        chosen["workers"] = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return chosen


def run(settings: dict, previous_output: Path | None = None, output_key: str | None = None) -> Callable[[Path], None]:
    """Build with Pelican(settings); fast unless FAST_BUILD asks for the plain build.

    ``previous_output`` is the output of the last successful build, which the new one
    will replace (incremental builds link its unchanged pages). ``output_key`` is
    OUTPUT_PATH as the caches' keys take it (the same from build to build where
    OUTPUT_PATH is a new staging folder each time). Returns what to call with the
    output folder once the new build has replaced it.
    """
    from pelican import Pelican

    from portalbuild.shared import verified

    chosen = options(settings)
    pelican = Pelican(settings)
    if (chosen["workers"] <= 1 and not chosen["incremental"]) or not verified.usable("fast-build"):
        pelican.run()
        return lambda output: None
    return _run_fast(pelican, settings, chosen, previous_output, output_key)


def _run_fast(pelican, settings: dict, chosen: dict, previous_output: Path | None,
              output_key: str | None) -> Callable[[Path], None]:
    from pelican import signals

    from portalbuild.speed import lists, patches
    from portalbuild.speed.reading import markdown_sources, pre_read, use_pre_read
    from portalbuild.speed.writer import RenderPlan

    sources = markdown_sources(settings)
    workers = chosen["workers"] if len(sources) >= chosen["min_articles"] else 1
    cache = Path(settings.get("CACHE_PATH", "cache"))
    read_cache = cache / "portalbuild-read.pickle" if chosen["incremental"] else None
    with contextlib.ExitStack() as undo:
        folders = _folder_maker(settings, workers, chosen["incremental"], previous_output)
        if folders is not None:
            undo.callback(folders.close)
            # Nothing is written before the posts are read; Pelican's copying of static folders
            # checks for a folder and then makes it, which must not meet one being made.
            def wait_for_folders(sender) -> None:
                folders.ready()
            signals.article_generator_finalized.connect(wait_for_folders, weak=False)
            undo.callback(signals.article_generator_finalized.disconnect, wait_for_folders)
        # Before the reading workers fork: they inherit them.
        undo.enter_context(patches.applied("markdown-reuse", "markdown-inline", "markdown-dates"))
        pre = pre_read(settings, sources, workers, read_cache, output_key)
        undo.callback(pre.close)
        plan = RenderPlan(settings, workers, chosen["incremental"], cache / "portalbuild-pages.json", previous_output,
                          few_sources_changed=pre.changed * 100 <= len(sources),  # a rebuild after a few posts
                          output_key=output_key)
        plan.connect()
        undo.callback(plan.close)
        undo.callback(plan.disconnect)
        with patches.applied("urls", "lists", "reading"), use_pre_read(pre), lists.group_members():
            pelican.run()
        if folders is not None:
            folders.tidy()  # the folders left empty go while the read cache is saved (closed by undo)
        pre.save()
    return plan.finish


def _folder_maker(settings: dict, workers: int, incremental: bool, previous_output: Path | None):
    """A rebuild on more than one core makes the previous output's folders while it reads
    (portalbuild/speed/folders.py); None where there is nothing to gain or it would not be safe."""
    from portalbuild.speed.folders import FolderMaker

    if (workers <= 1 or not incremental or previous_output is None or not previous_output.is_dir()
            or not hasattr(os, "fork") or settings.get("DELETE_OUTPUT_DIRECTORY")):
        return None  # (Pelican would delete the output folder while the folders are made)
    return FolderMaker(previous_output, Path(settings["OUTPUT_PATH"]))


@contextlib.contextmanager
def garbage_collector_paused(settings: dict):
    """In the fast build mode, Python's cyclic garbage collector is off in the build's main
    process while the site is built (portalbuild/speed/collector.py)."""
    chosen = options(settings)
    if chosen["workers"] <= 1 and not chosen["incremental"]:
        yield
        return
    with collector.paused():
        yield
