"""A rebuild makes the previous output's folders in its new one while it reads its posts.

A rebuild writes all its files into a new folder tree (the previous output stays
published until the swap), and making a 10,000-post site's 16,000 folders costs about
a second of system calls, paid by the render children and the card linker while both
cores are busy. A rebuild reads its posts from the read cache on one core; meanwhile a
process of its own (portalbuild.shared.background) makes every folder that held a file in the
previous output, parents first. The build waits for it before anything is written
(``ready``, before Pelican's own check-then-make of folders could meet one being made).
After Pelican has written everything (``tidy``), the folders no file went into (a
deleted post's) are removed again, deepest first, so the new tree is the one the build
makes by itself. Reads no settings.

Best effort: a folder that cannot be made is left to the build, which makes its own.
"""

from __future__ import annotations

import os
from pathlib import Path

from portalbuild.shared import background

_MADE, _TIDY, _LEAVE = b"m", b"t", b"l"


def folders_with_files(root: str | os.PathLike) -> list[str]:
    """The folders under ``root`` (relative, sorted: a parent before its children) with a file
    somewhere inside; a folder tree holding no file at all is left out."""
    kept: set[str] = set()
    pending = [""]
    while pending:
        relative = pending.pop()
        with os.scandir(os.path.join(root, relative)) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(os.path.join(relative, entry.name))
                elif relative not in kept:
                    folder = relative
                    while folder and folder not in kept:  # the file's folder and its parents
                        kept.add(folder)
                        folder = os.path.dirname(folder)
    return sorted(kept)


class FolderMaker:
    """Makes ``previous``'s folders in ``new`` in a forked process (where there is ``os.fork``)."""

    def __init__(self, previous: Path, new: Path):
        self._to_child_read, self._to_child = os.pipe()
        self._from_child, self._from_child_write = os.pipe()
        self._made = False
        self._wait = background.start(lambda: self._work(str(previous), str(new)))
        os.close(self._to_child_read)
        os.close(self._from_child_write)

    def _work(self, previous: str, new: str) -> None:  # in the forked process
        os.close(self._to_child)
        os.close(self._from_child)
        made = []
        try:
            for folder in folders_with_files(previous):
                try:
                    os.mkdir(os.path.join(new, folder))
                    made.append(folder)
                except FileExistsError:
                    pass
        except OSError:
            pass  # the build makes whatever is missing itself
        os.write(self._from_child_write, _MADE)
        if os.read(self._to_child_read, 1) != _TIDY:
            return
        for folder in reversed(made):
            try:
                os.rmdir(os.path.join(new, folder))  # only an empty one goes
            except OSError:
                pass

    def ready(self) -> None:
        """Returns when every folder is made (or the process has died)."""
        if not self._made:
            self._made = True
            os.read(self._from_child, 1)

    def tidy(self) -> None:
        """Pelican has written everything: the folders left empty go, in the background."""
        self.ready()
        self._say(_TIDY)

    def close(self) -> None:
        """Waits for the process (told to leave the folders as they are unless tidying)."""
        self._say(_LEAVE)
        if self._from_child < 0:
            return
        os.close(self._from_child)
        self._from_child = -1
        try:
            self._wait()
        except RuntimeError:
            pass  # best effort: the build makes and keeps what it needs itself

    def _say(self, word: bytes) -> None:
        if self._to_child < 0:
            return
        try:
            os.write(self._to_child, word)
        except OSError:
            pass  # the process has ended
        os.close(self._to_child)
        self._to_child = -1
