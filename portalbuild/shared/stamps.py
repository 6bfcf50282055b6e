"""How every cache of the build tells that a file is unchanged, and names bytes.

* A source file (a post, an image, a content file that passed a check) counts as unchanged
  while its size and modification time are: ``source_stamp``.
* A file of the built site may be the very file of the previous output, linked by the
  build; it is that file while its device, inode, size and time are: ``output_stamp``.
* Bytes are named by a 16-byte BLAKE2b digest: ``digest`` (of bytes in memory) and
  ``file_digest`` (of a file, read in blocks), both as hex text.
* Settings go into a cache's key as ``stable_repr``: the same text in every process.
* Code (a plugin folder, the theme) goes into a cache's key as ``tree_digest``: the names
  and bytes of its files.

Stamps are lists, the shape JSON gives back, so a stamp read from a cache file compares
equal to a fresh one.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

DIGEST_SIZE = 16
# The memory address in the repr of a function or an object: another in every process.
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def source_stamp(status: os.stat_result) -> list[int]:
    return [status.st_size, status.st_mtime_ns]


def output_stamp(status: os.stat_result) -> list[int]:
    return [status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns]


def source_stamp_of(path: str | os.PathLike) -> list[int] | None:
    """``source_stamp`` of the file at ``path``; None if it cannot be stat'ed."""
    try:
        return source_stamp(os.stat(path))
    except OSError:
        return None


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=DIGEST_SIZE).hexdigest()


def file_digest(path: str | os.PathLike) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, lambda: hashlib.blake2b(digest_size=DIGEST_SIZE)).hexdigest()


def stable_repr(value) -> str:
    """``repr``, the same in every process: a set's items sorted (string hashing is randomised,
    so a set's order changes from process to process) and memory addresses left out."""
    if isinstance(value, (set, frozenset)):
        return f"{type(value).__name__}({sorted(map(stable_repr, value))})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{stable_repr(k)}: {stable_repr(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__}[{', '.join(map(stable_repr, value))}]"
    return ADDRESS.sub("", repr(value))


def tree_digest(folder: str | os.PathLike) -> str:
    """The digest of the names and bytes of every file under ``folder`` (but compiled Python)."""
    folder = Path(folder)
    if not folder.is_dir():
        return f"{folder}:missing"
    hasher = hashlib.blake2b(digest_size=DIGEST_SIZE)
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            hasher.update(str(path.relative_to(folder)).encode())
            hasher.update(path.read_bytes())
    return hasher.hexdigest()
