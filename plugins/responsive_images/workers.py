"""Make the cache entries a build lacks: in worker processes when there are many.

Drawing a card or resizing a photo is Pillow work that mostly holds Python's GIL,
so threads do not help; a few forked processes do. They are started once every
generator has read its content, and work while the build's own process checks the
content and plans the feeds (start_all), so that stretch has both cores busy; only when
there is enough work to pay for them (a warm build has none).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from PIL import Image

from portalbuild.shared import background

from .strip import StripError

logger = logging.getLogger(__name__)

# Fewer misses than this are made in the build's own process.
PROCESS_THRESHOLD = 24
# What a damaged or unexpected image can raise while it is decoded, resized or saved.
IMAGE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, StripError, Image.DecompressionBombError)


def start_all(tasks: list[Callable[[], None]], workers: int) -> Callable[[], list[Exception | None]]:
    """Start the tasks in worker processes, when there are many, and return ``results()``: it
    waits for them and gives the error of each (None when it succeeded), in the tasks' order.
    Few tasks are run by ``results()`` itself. Until ``results()`` is called, a build that
    fails stops the workers (background.wait_for_all) before it deletes its output."""
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(tasks) < PROCESS_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
        return lambda: [_attempt(task) for task in tasks]
    chunk = max(1, len(tasks) // (workers * 8))
    pool = ProcessPoolExecutor(min(workers, len(tasks)), mp_context=multiprocessing.get_context("fork"))
    try:
        errors = pool.map(_attempt, tasks, chunksize=chunk)  # submitted now; the iterator waits
    except BrokenProcessPool:
        errors = None
    untrack = background.track(lambda: pool.shutdown(wait=True, cancel_futures=True))

    def results() -> list[Exception | None]:
        untrack()
        try:
            if errors is not None:
                return list(errors)
        except BrokenProcessPool:
            pass
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        # A worker died (killed, out of memory): make everything here instead.
        logger.warning("responsive_images: an image worker process stopped; making the images in one process")
        return [_attempt(task) for task in tasks]

    return results


def _attempt(task: Callable[[], None]) -> Exception | None:
    try:
        task()
    except IMAGE_ERRORS as error:
        return error
    return None
