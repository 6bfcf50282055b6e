"""Put a new build in place of the published folder in one step.

``replace_folder`` swaps the two folder trees with one system call where Linux has
it (``renameat2`` with RENAME_EXCHANGE): at every moment the published path is the
whole old site or the whole new one, never missing. Elsewhere, or on a file system
without it, two renames do it, and the path is missing between them for a moment.
The new tree shares every unchanged file with the old one (the build and the
post-build steps link them from the previous publication), so only changed files
were written. Reads no settings.
"""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 2


def replace_folder(new: Path, current: Path, retired: Path) -> None:
    """``current`` becomes the tree of ``new``; the tree that was there is left at ``retired``."""
    if _exchange(new, current):
        os.rename(new, retired)
        return
    os.rename(current, retired)
    try:
        os.rename(new, current)
    except BaseException:
        os.rename(retired, current)  # the old site back: never no site at all
        raise


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False where the system cannot (then nothing changed)."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not on this file system or kernel
        return False
    raise OSError(error, os.strerror(error), str(second))


def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function
