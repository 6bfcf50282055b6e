"""Python's cyclic garbage collector, paused in the fast build's main process.

Nearly every object the main process makes lives until the build ends (posts, their
pages' data), yet the collector would go through all of them again and again as they
grow. Reading workers and render children turn it on again (``on_in_child``): they make
and drop a page's objects, cycles among them, thousands of times. Reads no settings.
"""

from __future__ import annotations

import contextlib
import gc

_paused = False


@contextlib.contextmanager
def paused():
    """The collector off while the block runs (if it was on)."""
    global _paused
    if not gc.isenabled():
        yield
        return
    gc.disable()
    _paused = True
    try:
        yield
    finally:
        _paused = False
        gc.enable()


def on_in_child() -> None:
    """In a forked reading worker or render child: the collector as it was before the build."""
    if _paused:
        gc.enable()
