"""Run Pelican in the portal's fast build mode, or plainly.

Setting ``FAST_BUILD`` (a dict; defaults in DEFAULTS):

    workers       processes for reading and rendering; 0 = one per CPU, 1 = none
    incremental   reuse rendered pages whose inputs did not change (render cache
                  in CACHE_PATH/portalbuild-render)
    min_articles  below this many Markdown sources, read and render in one process
                  (forking costs more than it saves on a small site)

``FAST_BUILD = {"workers": 1, "incremental": False}`` is the plain serial build:
stock Pelican with the portal's plugins, nothing replaced. The fast build's output
is byte-identical to it (tests/test_build_speed.py).
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULTS = {"workers": 0, "incremental": True, "min_articles": 100}


def options(settings: dict) -> dict:
    chosen = {**DEFAULTS, **(settings.get("FAST_BUILD") or {})}
    if not chosen["workers"]:
        chosen["workers"] = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return chosen


def run(settings: dict) -> None:
    """Build with Pelican(settings); fast unless FAST_BUILD asks for the plain build."""
    from pelican import Pelican

    chosen = options(settings)
    pelican = Pelican(settings)
    if chosen["workers"] <= 1 and not chosen["incremental"]:
        pelican.run()
        return
    _run_fast(pelican, settings, chosen)


def _run_fast(pelican, settings: dict, chosen: dict) -> None:
    from portalbuild.fastwriter import RenderPlan
    from portalbuild.fasturls import fast_urls
    from portalbuild.parallel import markdown_sources, pre_read, use_pre_read

    sources = markdown_sources(settings)
    workers = chosen["workers"] if len(sources) >= chosen["min_articles"] else 1
    cache = Path(settings.get("CACHE_PATH", "cache"))
    read_cache = cache / "portalbuild-read.pickle" if chosen["incremental"] else None
    pre = pre_read(settings, sources, workers, read_cache)
    plan = RenderPlan(settings, workers, chosen["incremental"], cache / "portalbuild-render")
    plan.connect()
    success = False
    try:
        with fast_urls(), use_pre_read(pre):
            pelican.run()
        success = True
        pre.save()
    finally:
        plan.disconnect()
        plan.close(success)
