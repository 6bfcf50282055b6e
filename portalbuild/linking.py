"""Put a file that a cache keeps into the output: a hard link where possible, else a copy.

Shared by the image cache (plugins/responsive_images) and the search shards
(portalbuild/search.py): both publish thousands of unchanged files on every build,
and a link costs no bytes and no copying. Reads no settings.

``link_all_in_background`` puts many files in place from a forked process while the
build goes on (portalbuild.background): 10,000 sharing cards cost the build's own
process about 1.3 s of system calls.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable

from portalbuild import background

# Fewer files than this are linked at once, in the process that asks.
BACKGROUND_MINIMUM = 500


def link_or_copy(source: str | os.PathLike, destination: str | os.PathLike) -> None:
    """``destination`` becomes ``source`` (its folder made, an older file there replaced)."""
    # The link is tried first: in a new build's folder it usually just works (one system
    # call), where checking the folder and the file first would cost three more.
    try:
        os.link(source, destination)
        return
    except FileExistsError:
        os.unlink(destination)  # not written into: it may be a link to another build's file
    except FileNotFoundError:
        make_folder(os.path.dirname(destination))
    except OSError:
        pass
    try:
        os.link(source, destination)
    except OSError:  # another file system, or links not allowed (a missing source: copyfile says so)
        shutil.copyfile(source, destination)


def make_folder(folder: str | os.PathLike) -> None:
    """``os.makedirs(folder, exist_ok=True)`` in one system call where the parent exists
    (makedirs checks the parent and the folder first: three calls for each of 36,000 pages)."""
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)


def link_all_in_background(pairs: Iterable[tuple[str, str]], minimum: int = BACKGROUND_MINIMUM
                           ) -> Callable[[], None]:
    """``link_or_copy`` every (source, destination), in a forked process when there are many.

    Returns ``wait()``: it returns when every file is in place, or raises OSError naming
    the first file that could not be put there (and what the system said)."""
    pairs = list(pairs)
    if len(pairs) < minimum:
        for source, destination in pairs:
            link_or_copy(source, destination)
        return lambda: None

    def link_all() -> None:
        for source, destination in pairs:
            try:
                link_or_copy(source, destination)
            except OSError as error:
                raise OSError(f"{destination}: {error.strerror or error}") from None

    return background.start(link_all, OSError, "a file could not be put into the output: ")
