"""Put files into the output: a cached file as a copy of its own, a temporary view as a link.

``publish_cached`` puts a file that a cache keeps (the image cache of
plugins/responsive_images, the search shards of portalbuild/steps/search.py) into the
new output. The site never shares an inode with the cache: anything that rewrote
a cache file in place would change the published site. The copy keeps the cached
file's times, so the next build, seeing the previous output's file with the size
and time of the same cached file, links that file instead of copying again (the
outputs are written only as new files, never in place; ``reusing`` says which
output is the previous one). ``link_or_copy`` links, for files that are only read
for a moment (the pages Pagefind reads from a folder of links).

``publish_all_in_background`` puts many cached files in place from a forked process
while the build goes on (portalbuild.shared.background), sparing the build's own process
the system calls. Reads no settings.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterable, Iterator

from portalbuild.shared import background

# Fewer files than this are put in place at once, in the process that asks.
BACKGROUND_MINIMUM = 500

# (the new output's path with a trailing separator, the previous output's path) while a build runs.
_reuse: tuple[str, str] | None = None


@contextlib.contextmanager
def reusing(previous_output: str | os.PathLike, new_output: str | os.PathLike) -> Iterator[None]:
    """While the block runs, ``publish_cached`` into ``new_output`` may link from ``previous_output``."""
    global _reuse
    saved, _reuse = _reuse, (os.path.join(os.fspath(new_output), ""), os.fspath(previous_output))
    try:
        yield
    finally:
        _reuse = saved


def publish_cached(source: str | os.PathLike, destination: str | os.PathLike) -> None:
    """``destination`` (a new file in the new output) gets the bytes of the cached ``source``,
    in an inode the cache does not share: the previous output's copy of it, or a new copy."""
    source, destination = os.fspath(source), os.fspath(destination)
    cached = os.stat(source)
    previous = _previous_of(destination)
    if previous is not None:
        try:
            old = os.stat(previous)
        except OSError:
            old = None
        if (old is not None and old.st_ino != cached.st_ino and old.st_size == cached.st_size
                and old.st_mtime_ns == cached.st_mtime_ns and _link(previous, destination)):
            return
    try:
        _copy_as_new(source, destination, cached)
    except FileNotFoundError:
        make_folder(os.path.dirname(destination))
        _copy_as_new(source, destination, cached)


def _previous_of(destination: str) -> str | None:
    if _reuse is None or not destination.startswith(_reuse[0]):
        return None
    return os.path.join(_reuse[1], destination[len(_reuse[0]):])


def _link(source: str, destination: str) -> bool:
    try:
        os.link(source, destination)
        return True
    except FileNotFoundError:
        make_folder(os.path.dirname(destination))
    except OSError:
        return False
    try:
        os.link(source, destination)
        return True
    except OSError:
        return False


def _copy_as_new(source: str, destination: str, status: os.stat_result) -> None:
    """Copy into a new inode: a file already at ``destination`` is replaced, never written into
    (it may be a link to another build's file)."""
    try:
        descriptor = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
    except FileExistsError:
        os.unlink(destination)
        descriptor = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
    with open(source, "rb") as reading, open(descriptor, "wb") as writing:
        shutil.copyfileobj(reading, writing)
        writing.flush()
        os.utime(descriptor, ns=(status.st_atime_ns, status.st_mtime_ns))


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


def publish_all_in_background(pairs: Iterable[tuple[str, str]], minimum: int = BACKGROUND_MINIMUM
                              ) -> Callable[[], None]:
    """``publish_cached`` every (source, destination), in a forked process when there are many.

    Returns ``wait()``: it returns when every file is in place, or raises OSError naming
    the first file that could not be put there (and what the system said)."""
    pairs = list(pairs)
    if len(pairs) < minimum:
        for source, destination in pairs:
            publish_cached(source, destination)
        return lambda: None

    def publish_all() -> None:
        for source, destination in pairs:
            try:
                publish_cached(source, destination)
            except OSError as error:
                raise OSError(f"{destination}: {error.strerror or error}") from None

    return background.start(publish_all, OSError, "a file could not be put into the output: ")
