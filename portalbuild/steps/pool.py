"""A process pool on every core for the post-build steps' bulk work (compressing, parsing pages).

The pool's processes are forked from the build's, as the build's render children
and background tasks are (portalbuild.shared.background): they start at once, import
nothing, and read the data they are given (a fresh interpreter would import the
step's modules, and the caller's main script, again). The work they do takes no
lock another thread could hold: they read, compute and write files. Where there is
no fork, a fresh interpreter is started. Work is given in batches, so that a
10,000-file site costs a few hundred messages, not thousands; small work is done in
the calling process. Reads no settings.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def batches(items: Sequence, size: int) -> list[Sequence]:
    return [items[start:start + size] for start in range(0, len(items), size)]


def map_batches(function: Callable[[Sequence], object], items: Sequence, *, batch_size: int,
                in_process_below: int) -> Iterator:
    """``function(batch)`` for every batch of ``items``, results in order; on every core when
    there are at least ``in_process_below`` items and more than one core, else here."""
    groups = batches(items, batch_size)
    workers = min(cores(), len(groups))
    if len(items) < in_process_below or workers <= 1:
        yield from map(function, groups)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as executor:
        yield from executor.map(function, groups)


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")
