"""Read Markdown sources on every core before Pelican's generators ask for them.

Reading is half of a build (Python-Markdown converts each body and each summary)
and Pelican does it on one core. Here a pool of forked workers, started after the
plugins are registered, calls the very reader Pelican would use (the ``md``
reader of a ``Readers`` built from the same settings, with every plugin's
``readers_init`` receivers) on each file and sends back ``(content, metadata)``.
Pelican then gets these through a thin wrapper of its reader, so everything
after the reader (metadata defaults, signals, Content objects) runs exactly as in
a serial build, in the main process.

* References to the settings dictionary travel as a persistent id, so the
  Category and Tag objects of the worker point at the main process's settings.
* Log records a worker makes while reading a file are replayed in the main
  process when Pelican reads that file, so warnings and errors are the same.
* A file whose read raised is not sent back: Pelican reads it again itself and
  reports the error the usual way ("Could not process news/x.md ...").
* Results stream back in small batches while Pelican's generators already build
  their content objects: the generators list their files in sorted order (``sorted_files``,
  a patch of portalbuild/speed/patches.py: Pelican's ``get_files`` gives a set, whose order
  no output may depend on), and the workers read in that order.
* With a cache file, unchanged sources (same size and time, same settings, code and
  library versions) come from the previous build's read cache.

Settings read: PATH, ARTICLE_PATHS, PAGE_PATHS, PLUGIN_PATHS and every setting (in the
read cache's key).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from io import BytesIO
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from portalbuild.shared import stamps
from portalbuild.shared.markdownfiles import MARKDOWN_EXTENSIONS

logger = logging.getLogger(__name__)

_SETTINGS_ID = "pelican-settings"
_worker_state: dict = {}


class PreRead:
    """Pre-read results by absolute source path, consumed by the wrapped reader.

    ``entries`` keeps what was read in this build, by file stamp, for the read
    cache of the next build (``save``).
    """

    def __init__(self, settings: dict, cache_file: Path | None = None, output_key: str | None = None):
        self.settings, self.cache_file = settings, cache_file
        self.results: dict[str, tuple[bytes, list]] = {}
        self._cached_stamps: dict[str, tuple] = {}
        self.entries: dict[str, tuple] = {}
        self.key = _cache_key(settings, output_key) if cache_file else ""
        self.pending: set[str] = set()  # being read by the workers
        self.changed = 0  # sources not taken from the read cache (new, changed or not cached)
        self._batches = None  # the workers' results, batch by batch, in order
        self._pool = None

    def take(self, path: str):
        """(content, metadata, log records) for ``path``, or None when not pre-read."""
        while path in self.pending and path not in self.results:
            self._receive()
        packed = self.results.pop(path, None)
        if packed is None:
            return None
        payload, records = packed
        # A file from the read cache was stat'ed a moment ago, when it was found unchanged.
        self.remember(path, payload, records, self._cached_stamps.pop(path, None))
        content, metadata = _loads(payload, self.settings)
        return content, metadata, records

    def remember(self, path: str, payload: bytes, records: list, stamp: tuple | None = None) -> None:
        if self.cache_file:
            self.entries[path] = (stamp or _stamp(path), payload, records)

    def load_cached(self, paths: list[str]) -> list[str]:
        """Take unchanged files from the read cache; return the paths still to read."""
        cached = _load_cache(self.cache_file, self.key) if self.cache_file else {}
        missing = []
        for path in paths:
            entry = cached.get(path)
            if entry is not None and entry[0] == _stamp(path):
                self.results[path] = (entry[1], entry[2])
                self._cached_stamps[path] = entry[0]
            else:
                missing.append(path)
        return missing

    def _receive(self) -> None:
        """Wait for the workers' next batch; if they broke, Pelican reads the rest itself."""
        try:
            batch_paths, batch = next(self._batches)
        except StopIteration:
            self.close()
            return
        except BrokenProcessPool:
            logger.warning("a reading worker process stopped; Pelican reads the remaining files itself")
            self.close()
            return
        self.results.update(batch)
        self.pending.difference_update(batch_paths)
        if not self.pending:
            self.close()

    def close(self) -> None:
        """Stop the workers (once everything is read, or when the build ends early)."""
        self.pending.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        _worker_state.clear()

    def save(self) -> None:
        if not self.cache_file:
            return
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.cache_file.with_name(self.cache_file.name + f".{os.getpid()}.tmp")
        with open(temporary, "wb") as handle:
            pickle.dump({"key": self.key, "entries": self.entries}, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.cache_file)


def _stamp(path: str) -> list[int]:
    return stamps.source_stamp(os.stat(path))


def _cache_key(settings: dict, output_key: str | None = None) -> str:
    """Reader output depends on the settings, the plugins' and our code, and the library versions.

    ``output_key``: OUTPUT_PATH as the key takes it (the runner's staging folder changes name
    from build to build); by default OUTPUT_PATH itself."""
    from portalbuild.speed.incremental import _digest, _versions

    parts = [_versions(), stamps.tree_digest(Path(__file__).parent)]
    parts += [stamps.tree_digest(p) for p in settings.get("PLUGIN_PATHS", [])]
    settings = {**settings, "OUTPUT_PATH": settings.get("OUTPUT_PATH", "") if output_key is None else output_key}
    # A set setting in repr() made every publish read every post again (publishconf.py's
    # PRECOMPRESS_TEXT_EXTENSIONS): stable_repr sorts it.
    parts.append(repr(sorted((k, stamps.stable_repr(v)) for k, v in settings.items())))
    return _digest("\n".join(parts))


def _load_cache(cache_file: Path, key: str) -> dict:
    from portalbuild.shared.cachefiles import mapping_of, read_pickle, row_of

    entry = row_of((list, tuple), bytes, object)  # a stamp: a list since shared.stamps; a tuple before
    stored = read_pickle(cache_file, lambda value: isinstance(value, dict) and isinstance(value.get("key"), str)
                         and mapping_of(value.get("entries"), lambda item: entry(item) and row_of(int, int)(item[0])))
    return stored["entries"] if stored is not None and stored["key"] == key else {}


def markdown_sources(settings: dict) -> list[str]:
    """Absolute paths of the Markdown files the article and page generators will read,
    in the order they read them: each folder of ARTICLE_PATHS, then of PAGE_PATHS, sorted."""
    root = Path(settings["PATH"])
    folders = list(settings.get("ARTICLE_PATHS", [])) + list(settings.get("PAGE_PATHS", []))
    found: dict[str, None] = {}
    for folder in folders:
        base = root / folder
        if base.is_file():
            found[os.path.abspath(base)] = None
            continue
        found.update(dict.fromkeys(sorted(_markdown_files(os.path.abspath(base)))))
    return list(found)


def _markdown_files(folder: str):
    """Markdown files under ``folder``, told from folders by the listing itself (no stat of
    each file); links are followed as Path.rglob's is_file did."""
    try:
        listing = list(os.scandir(folder))
    except OSError:
        return
    for entry in listing:
        if entry.is_dir() and not entry.is_symlink():
            yield from _markdown_files(entry.path)
        elif os.path.splitext(entry.name)[1].lower()[1:] in MARKDOWN_EXTENSIONS and entry.is_file():
            yield entry.path


BATCH = 16  # files a worker reads before it sends them: small, so results flow early


def pre_read(settings: dict, paths: list[str], workers: int, cache_file: Path | None = None,
             output_key: str | None = None) -> PreRead:
    """Take unchanged files from the read cache; start ``workers`` forked processes reading the others.

    Returns at once: results are taken as Pelican asks for them (``PreRead.take``).
    Call ``close()`` when the build ends, whatever happens.
    """
    result = PreRead(settings, cache_file, output_key)
    paths = result.load_cached(paths)
    result.changed = len(paths)
    if workers <= 1 or len(paths) < 2 * workers:
        return result  # the few left are read by Pelican itself (the wrapped reader)
    _worker_state["settings"] = settings
    context = multiprocessing.get_context("fork")
    batches = [paths[i:i + BATCH] for i in range(0, len(paths), BATCH)]
    # An executor, not multiprocessing.Pool: a worker that dies (killed, out of memory)
    # raises BrokenProcessPool instead of leaving the build waiting forever.
    result._pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker)
    result.pending = set(paths)
    result._batches = zip(batches, result._pool.map(_read_chunk, batches))
    return result


def _init_worker() -> None:
    from pelican.readers import Readers

    from portalbuild.speed import collector

    collector.on_in_child()

    # A reader built exactly as Pelican's generators build theirs (plugins included).
    _worker_state["readers"] = Readers(_worker_state["settings"])


def _read_chunk(paths: list[str]) -> dict:
    readers = _worker_state["readers"]
    out = {}
    for path in paths:
        capture = LogCapture()
        logging.getLogger().addHandler(capture)
        try:
            reader = readers.readers.get(path.rsplit(".", 1)[-1])
            if reader is None:
                continue
            content, metadata = reader.read(path)
            out[path] = (_dumps((content, metadata), _worker_state["settings"]), capture.records)
        except Exception:  # noqa: BLE001 -- Pelican reads the file again and reports the error itself
            continue
        finally:
            logging.getLogger().removeHandler(capture)
    return out


class LogCapture(logging.Handler):
    """Keeps the log records made while it is attached, formatted (to be replayed elsewhere)."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        # Format now: arguments may not pickle; the message is what handlers show.
        record.msg, record.args, record.exc_info = record.getMessage(), None, None
        self.records.append(record)


class _SettingsPickler(pickle.Pickler):
    def __init__(self, file, settings):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.settings = settings

    def persistent_id(self, obj):
        return _SETTINGS_ID if obj is self.settings else None


class _SettingsUnpickler(pickle.Unpickler):
    def __init__(self, file, settings):
        super().__init__(file)
        self.settings = settings

    def persistent_load(self, pid):
        if pid == _SETTINGS_ID:
            return self.settings
        raise pickle.UnpicklingError(f"unknown persistent id {pid!r}")


def _dumps(value, settings) -> bytes:
    buffer = BytesIO()
    _SettingsPickler(buffer, settings).dump(value)
    return buffer.getvalue()


def _loads(payload: bytes, settings):
    return _SettingsUnpickler(BytesIO(payload), settings).load()


class PreReadReader:
    """Stands in for Pelican's reader of one format: pre-read results first, else the real read."""

    def __init__(self, reader, pre: PreRead):
        self._reader, self._pre = reader, pre

    def __getattr__(self, name):
        return getattr(self._reader, name)

    def read(self, source_path):
        path = os.path.abspath(source_path)
        taken = self._pre.take(path)
        if taken is None:
            return self._read_and_remember(source_path, path)
        content, metadata, records = taken
        for record in records:
            logging.getLogger(record.name).handle(record)
        return content, metadata

    def _read_and_remember(self, source_path, path):
        if not self._pre.cache_file:
            return self._reader.read(source_path)
        capture = LogCapture()
        logging.getLogger().addHandler(capture)
        try:
            content, metadata = self._reader.read(source_path)
        finally:
            # The records also went to every handler already; they are kept for the cache.
            logging.getLogger().removeHandler(capture)
        self._pre.remember(path, _dumps((content, metadata), self._pre.settings), capture.records)
        return content, metadata


class use_pre_read:
    """While active, every new ``Readers`` serves pre-read files from ``pre``."""

    def __init__(self, pre: PreRead):
        self.pre = pre

    def __enter__(self):
        signals.readers_init.connect(self._wrap)
        # Every generator has read its files by now: stop the workers before anything
        # else forks (the render children) while the executor's thread still runs.
        signals.all_generators_finalized.connect(self._close)
        return self

    def __exit__(self, *exc):
        signals.readers_init.disconnect(self._wrap)
        signals.all_generators_finalized.disconnect(self._close)
        self.pre.close()

    def _close(self, generators) -> None:
        self.pre.close()

    def _wrap(self, readers):
        # Sent before Readers instantiates its classes: wrap the final class of each
        # Markdown extension (plugins' receivers ran first and may have replaced it).
        for extension in MARKDOWN_EXTENSIONS:
            reader_class = readers.reader_classes.get(extension)
            if reader_class and not isinstance(reader_class, _WrappedClass):
                readers.reader_classes[extension] = _WrappedClass(reader_class, self.pre)


_original_get_files = Generator.get_files


class SortedFiles(set):
    """The set Pelican's ``get_files`` returns, iterated in sorted order."""

    def __iter__(self):
        return iter(sorted(set.__iter__(self)))


def sorted_files(self, *args, **kwargs):
    """Generator.get_files (a patch, portalbuild/speed/patches.py), iterated in sorted order."""
    return SortedFiles(_original_get_files(self, *args, **kwargs))


class _WrappedClass:
    def __init__(self, reader_class, pre: PreRead):
        self.reader_class, self.pre = reader_class, pre

    def __call__(self, settings):
        return PreReadReader(self.reader_class(settings), self.pre)
