"""Make the cache entries a build lacks: in worker processes when there are many.

Drawing a card or resizing a photo is Pillow work that mostly holds Python's GIL,
so threads do not help; a few forked processes do. They are started after every
generator has read its content, when the cores are otherwise idle, and only when
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

from .strip import StripError

logger = logging.getLogger(__name__)

# Fewer misses than this are made in the build's own process.
PROCESS_THRESHOLD = 24
# What a damaged or unexpected image can raise while it is decoded, resized or saved.
IMAGE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, StripError, Image.DecompressionBombError)


def run_all(tasks: list[Callable[[], None]], workers: int) -> list[Exception | None]:
    """Run every task; the error of each (None when it succeeded), in the tasks' order."""
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(tasks) < PROCESS_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
        return [_attempt(task) for task in tasks]
    chunk = max(1, len(tasks) // (workers * 8))
    try:
        with ProcessPoolExecutor(min(workers, len(tasks)), mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_attempt, tasks, chunksize=chunk))
    except BrokenProcessPool:
        # A worker died (killed, out of memory): make everything here instead.
        logger.warning("responsive_images: an image worker process stopped; making the images in one process")
        return [_attempt(task) for task in tasks]


def _attempt(task: Callable[[], None]) -> Exception | None:
    try:
        task()
    except IMAGE_ERRORS as error:
        return error
    return None
