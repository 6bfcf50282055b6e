"""The post-build step ``precompress``: ``x.html.gz`` and ``x.html.br`` beside every text file.

Servers that support it (nginx ``gzip_static``/``brotli_static``, Caddy ``precompressed``)
send these instead of compressing each request. The compressors are pelican-precompress's
(deterministic: unchanged bytes give unchanged copies). It runs after the step ``search``
so that Pagefind's files are compressed too. A file with the bytes of the same file in the
output this build replaces (``BuildState.previous_output``) gets that output's copies,
hard-linked, once one copy of each format and quality made again has the same bytes; the
rest is compressed on every core (portalbuild.steps.pool).

Settings read (pelican-precompress's names and defaults):
    PRECOMPRESS_GZIP (True), PRECOMPRESS_BROTLI (True when brotli is installed),
    PRECOMPRESS_MIN_SIZE (20 bytes), PRECOMPRESS_TEXT_EXTENSIONS
and the portal's:
    PRECOMPRESS_BROTLI_QUALITY  brotli's quality, 0-11: a number, or {".ext": quality,
                                "*": quality for the other extensions} (default 11)
"""

from __future__ import annotations

import filecmp
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from pelican.plugins import precompress as library

from portalbuild.steps import pool, progress
from portalbuild.steps.state import BuildState

DEFAULT_BROTLI_QUALITY = 11
# Fewer files than this are compressed in the build's process (a pool costs about half a second).
POOL_MINIMUM = 300
BATCH = 24
SAMPLE_SIZE = 4096


@dataclass(frozen=True)
class Format:
    """One compressed copy: pelican-precompress's format name, the copy's suffix, brotli's quality."""

    name: str
    suffix: str
    quality: int | None = None


# (setting, name, suffix), as pelican-precompress's compress_files lists them.
FORMATS = (
    ("PRECOMPRESS_BROTLI", "brotli", ".br"),
    ("PRECOMPRESS_GZIP", "gzip", ".gz"),
    ("PRECOMPRESS_ZOPFLI", "zopfli", ".gz"),
    ("PRECOMPRESS_ZSTANDARD", "zstandard", ".zst"),
)


class SettingError(ValueError):
    pass


def precompress_site(site: Path, settings: dict, state: BuildState | None = None) -> list[str]:
    """Post-build step ``precompress``: write .gz and .br copies; reports only a wrong setting."""
    site = Path(site)
    options = library.get_settings(SimpleNamespace(settings={**settings, "OUTPUT_PATH": str(site)}))
    try:
        qualities = brotli_qualities(settings)
    except SettingError as error:
        return [str(error)]
    enabled = [(name, suffix) for setting, name, suffix in FORMATS if options[setting]]
    if not enabled:
        return []

    def formats_for(name: str) -> list[Format]:
        extension = os.path.splitext(name)[1]
        quality = qualities.get(extension, qualities["*"])
        return [Format(fmt, suffix, quality if fmt == "brotli" else None) for fmt, suffix in enabled]

    previous = state.previous_output if state else None
    previous = Path(previous) if previous and Path(previous).is_dir() and Path(previous) != site else None
    plan = _plan(site, previous, options, formats_for)
    reused = _reuse_verified(plan.reusable)
    work = plan.work + [(source, [fmt]) for source, fmt in plan.reusable_left(reused)]
    made = 0
    with progress.counting(len(work), "files compressed") as count:
        for files, written in pool.map_batches(compress_batch, work, batch_size=BATCH,
                                               in_process_below=POOL_MINIMUM):
            made += written
            count(files)
    progress.say(f"{made} copies made of {len(work)} files, {len(reused)} reused")
    return []


def brotli_qualities(settings: dict) -> dict[str, int]:
    """PRECOMPRESS_BROTLI_QUALITY as {extension: quality, "*": default}."""
    given = settings.get("PRECOMPRESS_BROTLI_QUALITY", DEFAULT_BROTLI_QUALITY)
    chosen = dict(given) if isinstance(given, dict) else {"*": given}
    chosen.setdefault("*", DEFAULT_BROTLI_QUALITY)
    for extension, quality in chosen.items():
        if not (isinstance(quality, int) and not isinstance(quality, bool) and 0 <= quality <= 11) or not (
                extension == "*" or extension.startswith(".")):
            raise SettingError(
                f"publishconf.py: field 'PRECOMPRESS_BROTLI_QUALITY': {extension!r}: {quality!r} is not a "
                "brotli quality for a file extension. Fix: give a whole number from 0 to 11, for one "
                "extension ('.html': 6) or for all others ('*': 11)")
    return chosen


# --- which files change ----------------------------------------------------------

@dataclass
class _Plan:
    work: list[tuple[str, list[Format]]]  # (source file, the copies to make)
    reusable: dict[Format, list[tuple[str, str, str]]]  # format -> (source, old copy, new copy)

    def reusable_left(self, reused: set[str]) -> list[tuple[str, Format]]:
        return [(source, fmt) for fmt, copies in self.reusable.items()
                for source, _, new in copies if new not in reused]


def _plan(site: Path, previous: Path | None, options: dict, formats_for) -> _Plan:
    """Every text file of ``site`` with the copies it needs: reusable from ``previous`` when the
    file has the same bytes there and the copy exists there, else to be made."""
    extensions = options["PRECOMPRESS_TEXT_EXTENSIONS"]
    minimum = options["PRECOMPRESS_MIN_SIZE"]
    plan = _Plan([], {})
    same_device = previous is not None and os.stat(previous).st_dev == os.stat(site).st_dev
    pending = [(str(site), str(previous) if previous else None)]
    while pending:
        folder, old_folder = pending.pop()
        old_entries = _listing(old_folder)
        with os.scandir(folder) as listing:
            entries = list(listing)
        names = {entry.name for entry in entries}
        for entry in entries:
            if entry.is_dir():
                if not entry.is_symlink():
                    old = old_entries.get(entry.name)
                    pending.append((entry.path, old.path if old is not None and old.is_dir() else None))
                continue
            if os.path.splitext(entry.name)[1] not in extensions or not entry.is_file():
                continue
            size = entry.stat().st_size
            if minimum and size < minimum:
                continue
            formats = [fmt for fmt in formats_for(entry.name) if entry.name + fmt.suffix not in names]
            old = old_entries.get(entry.name)
            same = old is not None and _same_bytes(entry, old, size, same_device)
            to_make = []
            for fmt in formats:
                old_copy = old_entries.get(entry.name + fmt.suffix) if same else None
                if old_copy is not None and old_copy.is_file():
                    plan.reusable.setdefault(fmt, []).append(
                        (entry.path, old_copy.path, entry.path + fmt.suffix))
                else:
                    to_make.append(fmt)
            if to_make:
                plan.work.append((entry.path, to_make))
    return plan


def _listing(folder: str | None) -> dict[str, os.DirEntry]:
    if folder is None:
        return {}
    try:
        with os.scandir(folder) as listing:
            return {entry.name: entry for entry in listing}
    except OSError:
        return {}


def _same_bytes(entry: os.DirEntry, old: os.DirEntry, size: int, same_device: bool) -> bool:
    """The very file (the build linked it from the previous output) or a file of the same bytes."""
    if same_device and entry.inode() == old.inode():
        return True
    try:
        return old.is_file() and old.stat().st_size == size and filecmp.cmp(entry.path, old.path, shallow=False)
    except OSError:
        return False


def _reuse_verified(reusable: dict[Format, list[tuple[str, str, str]]]) -> set[str]:
    """Link the previous output's copies of unchanged files into the site, format by format, once
    one of them, made again here, has the same bytes (so the same formats, qualities and
    compressors made them). Returns the copies linked."""
    linked: set[str] = set()
    for fmt, copies in reusable.items():
        source, old_copy, _ = _sample(copies)
        with open(source, "rb") as handle:
            again = _compressed(handle.read(), fmt)
        with open(old_copy, "rb") as handle:
            if again != handle.read():
                continue
        for _, old, new in copies:
            try:
                os.link(old, new)
            except OSError:
                continue  # made instead (another file system, a file that just went)
            linked.add(new)
    return linked


def _sample(copies: list[tuple[str, str, str]]) -> tuple[str, str, str]:
    """A copy to make again: the first of a few kilobytes (cheap to compress, big enough that another
    quality or compressor makes other bytes), else the largest."""
    sizes = [(os.path.getsize(copy[0]), copy) for copy in copies[:200]]
    telling = [item for item in sizes if item[0] >= SAMPLE_SIZE]
    return min(telling, key=lambda item: item[0])[1] if telling else max(sizes, key=lambda item: item[0])[1]


# --- compressing -------------------------------------------------------------------

def compress_batch(batch: Sequence[tuple[str, list[Format]]]) -> tuple[int, int]:
    """Write the copies of each (source, formats) of the batch, in a pool's process or in the
    build's; returns the number of sources and of copies written."""
    written = 0
    for source, formats in batch:
        with open(source, "rb") as handle:
            data = handle.read()
        for fmt in formats:
            blob = _compressed(data, fmt)
            if blob is None:
                continue
            destination = source + fmt.suffix
            with open(destination, "wb") as handle:
                handle.write(blob)
            written += 1
    return len(batch), written


def _compressed(data: bytes, fmt: Format) -> bytes | None:
    """The copy's bytes, or None when it would not be smaller (pelican-precompress writes none then)."""
    if fmt.name == "brotli":
        blob = library.brotli.compress(data, mode=library.brotli.MODE_TEXT, quality=fmt.quality)
        return blob if len(blob) < len(data) else None
    try:
        return getattr(library, f"compress_with_{fmt.name}")(data)
    except library.FileSizeIncrease:
        return None
