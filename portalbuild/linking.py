"""Put a file that a cache keeps into the output: a hard link where possible, else a copy.

Shared by the image cache (plugins/responsive_images) and the search shards
(portalbuild/search.py): both publish thousands of unchanged files on every build,
and a link costs no bytes and no copying. Reads no settings.

``link_all_in_background`` puts many files in place from a forked process while the
build goes on: a rebuild spends most of its time in one process on one core, and
10,000 sharing cards cost it about 0.7 s of system calls. (A thread would not do:
it waits for the interpreter lock after every system call while the build's own
thread computes.)
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable

# Fewer files than this are linked at once, in the process that asks.
BACKGROUND_MINIMUM = 500
_running: list[Callable[[], None]] = []


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
    if len(pairs) < minimum or not hasattr(os, "fork"):
        for source, destination in pairs:
            link_or_copy(source, destination)
        return lambda: None
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: links, says what failed, and leaves without any cleanup of the parent's
        code = 0
        try:
            os.close(reading)
            for source, destination in pairs:
                try:
                    link_or_copy(source, destination)
                except OSError as error:
                    os.write(writing, f"{destination}: {error.strerror or error}".encode("utf-8", "replace")[:4000])
                    code = 1
                    break
        except BaseException:  # noqa: BLE001 -- whatever happens, the child must not return into the build
            code = 1
        finally:
            os._exit(code)
    os.close(writing)

    def wait() -> None:
        if wait not in _running:
            return
        _running.remove(wait)
        _, status = os.waitpid(pid, 0)
        with os.fdopen(reading, "rb") as said:
            message = said.read().decode("utf-8", "replace")
        if os.waitstatus_to_exitcode(status) != 0:
            raise OSError(f"a file could not be put into the output: {message or 'the linking process failed'}")

    _running.append(wait)
    return wait


def wait_for_background_links() -> None:
    """Let every background linking finish (a failed build is about to delete its folder)."""
    for wait in list(_running):
        try:
            wait()
        except OSError:
            pass  # the build has failed already; its own errors are the ones to report
