"""Processed images kept between builds, outside the output folder.

An entry is named by the digest of the source file's bytes and a hash of the recipe
(the settings that shape the result), so an unchanged image with unchanged settings
is never processed again, whatever its modification time, and a changed image or
setting makes a new entry. The digest of each source is remembered with its size and
modification time (index.json), so an unchanged file is not even read again.

Entries are complete or absent. An entry of several files (variants) is a folder,
made under a temporary name, marked done and renamed into place; an entry of one
file (a sharing image) is that file, written under a temporary name and renamed:
a third of the file-system calls, which count when a cold build makes thousands.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import uuid
from collections.abc import Callable

from portalbuild.shared import stamps
from portalbuild.shared.cachefiles import mapping_of, read_json, row_of
from portalbuild.shared.linking import publish_cached

INDEX = "index.json"
DONE = ".done"


class ImageCache:
    def __init__(self, root: str):
        self.root = root
        self._index = self._load_index()
        self._index_changed = False
        self.made = 0
        self.reused = 0

    def _load_index(self) -> dict:
        return read_json(os.path.join(self.root, INDEX), lambda value: mapping_of(value, row_of(int, int, str))) or {}

    def save_index(self) -> None:
        if not self._index_changed:
            return
        os.makedirs(self.root, exist_ok=True)
        temporary = os.path.join(self.root, f"{INDEX}.{uuid.uuid4().hex}")
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(self._index, handle, sort_keys=True)
        os.replace(temporary, os.path.join(self.root, INDEX))
        self._index_changed = False

    def digest(self, path: str) -> str:
        """The digest of the file's bytes; read again only when its size or mtime changed."""
        stamp = stamps.source_stamp(os.stat(path))
        known = self._index.get(path)
        if known and known[:2] == stamp:
            return known[2]
        digest = stamps.file_digest(path)
        self._index[path] = stamp + [digest]
        self._index_changed = True
        return digest

    def entry(self, kind: str, key: str) -> str:
        return entry_path(self.root, kind, key)

    def has(self, kind: str, key: str, single_file: bool = False) -> bool:
        entry = self.entry(kind, key)
        return os.path.exists(entry if single_file else os.path.join(entry, DONE))


def entry_path(root: str, kind: str, key: str) -> str:
    """Where an entry is: its folder, or its file."""
    return os.path.join(root, kind, key[:2], key)


def make_entry(root: str, kind: str, key: str, make: Callable[[str], None]) -> None:
    """Fill a new entry with ``make(folder)``: in a temporary folder, renamed when complete.

    A module-level function with plain arguments, so that a worker process can run it.
    """
    final = entry_path(root, kind, key)
    temporary = f"{final}.tmp-{uuid.uuid4().hex}"
    os.makedirs(temporary)
    try:
        make(temporary)
        open(os.path.join(temporary, DONE), "w").close()
        shutil.rmtree(final, ignore_errors=True)
        os.replace(temporary, final)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def make_file_entry(root: str, kind: str, key: str, make: Callable[[str], None]) -> None:
    """Make a one-file entry with ``make(path)``: under a temporary name, renamed when complete."""
    final = entry_path(root, kind, key)
    os.makedirs(os.path.dirname(final), exist_ok=True)
    temporary = f"{final}.tmp-{uuid.uuid4().hex}"
    try:
        make(temporary)
        os.replace(temporary, final)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def publish(cached: str, destination: str) -> None:
    """Put a cached file into the output, never sharing its inode (portalbuild.shared.linking)."""
    publish_cached(cached, destination)
