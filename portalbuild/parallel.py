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

logger = logging.getLogger(__name__)

_SETTINGS_ID = "pelican-settings"
MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")
_worker_state: dict = {}


class PreRead:
    """Pre-read results by absolute source path, consumed by the wrapped reader.

    ``entries`` keeps what was read in this build, by file stamp, for the read
    cache of the next build (``save``).
    """

    def __init__(self, settings: dict, cache_file: Path | None = None):
        self.settings, self.cache_file = settings, cache_file
        self.results: dict[str, tuple[bytes, list]] = {}
        self.entries: dict[str, tuple] = {}
        self.key = _cache_key(settings) if cache_file else ""

    def take(self, path: str):
        """(content, metadata, log records) for ``path``, or None when not pre-read."""
        packed = self.results.pop(path, None)
        if packed is None:
            return None
        payload, records = packed
        self.remember(path, payload, records)
        content, metadata = _loads(payload, self.settings)
        return content, metadata, records

    def remember(self, path: str, payload: bytes, records: list) -> None:
        if self.cache_file:
            self.entries[path] = (_stamp(path), payload, records)

    def load_cached(self, paths: list[str]) -> list[str]:
        """Take unchanged files from the read cache; return the paths still to read."""
        cached = _load_cache(self.cache_file, self.key) if self.cache_file else {}
        missing = []
        for path in paths:
            entry = cached.get(path)
            if entry is not None and entry[0] == _stamp(path):
                self.results[path] = (entry[1], entry[2])
            else:
                missing.append(path)
        return missing

    def save(self) -> None:
        if not self.cache_file:
            return
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.cache_file.with_name(self.cache_file.name + f".{os.getpid()}.tmp")
        with open(temporary, "wb") as handle:
            pickle.dump({"key": self.key, "entries": self.entries}, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.cache_file)


def _stamp(path: str) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_mtime_ns, stat.st_size


def _cache_key(settings: dict) -> str:
    """Reader output depends on the settings, the plugins' and our code, and the library versions."""
    from portalbuild.incremental import _digest, _tree_digest, _versions, _ADDRESS

    parts = [_versions(), _tree_digest(Path(__file__).parent, read=True)]
    parts += [_tree_digest(Path(p), read=True) for p in settings.get("PLUGIN_PATHS", [])]
    parts.append(_ADDRESS.sub("", repr(sorted((k, repr(v)) for k, v in settings.items()))))
    return _digest("\n".join(parts))


def _load_cache(cache_file: Path, key: str) -> dict:
    try:
        with open(cache_file, "rb") as handle:
            stored = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        return {}
    return stored["entries"] if stored.get("key") == key else {}


def markdown_sources(settings: dict) -> list[str]:
    """Absolute paths of the Markdown files the article and page generators will read."""
    root = Path(settings["PATH"])
    folders = list(settings.get("ARTICLE_PATHS", [])) + list(settings.get("PAGE_PATHS", []))
    found: set[str] = set()
    for folder in folders:
        base = root / folder
        if base.is_file():
            found.add(os.path.abspath(base))
            continue
        for path in base.rglob("*"):
            if path.suffix.lower()[1:] in MARKDOWN_EXTENSIONS and path.is_file():
                found.add(os.path.abspath(path))
    return sorted(found)


def pre_read(settings: dict, paths: list[str], workers: int, cache_file: Path | None = None) -> PreRead:
    """Take unchanged files from the read cache, read the others in ``workers`` forked processes."""
    result = PreRead(settings, cache_file)
    paths = result.load_cached(paths)
    if workers <= 1 or len(paths) < 2 * workers:
        return result  # the few left are read by Pelican itself (the wrapped reader)
    _worker_state["settings"] = settings
    context = multiprocessing.get_context("fork")
    chunks = [paths[i::workers * 4] for i in range(workers * 4)]
    # An executor, not multiprocessing.Pool: a worker that dies (killed, out of memory)
    # raises BrokenProcessPool instead of leaving the build waiting forever.
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker) as pool:
            for chunk_results in pool.map(_read_chunk, chunks):
                result.results.update(chunk_results)
    except BrokenProcessPool:
        logger.warning("a reading worker process stopped; Pelican reads the remaining files itself")
    finally:
        _worker_state.clear()
    return result


def _init_worker() -> None:
    from pelican.readers import Readers

    # A reader built exactly as Pelican's generators build theirs (plugins included).
    _worker_state["readers"] = Readers(_worker_state["settings"])


def _read_chunk(paths: list[str]) -> dict:
    readers = _worker_state["readers"]
    out = {}
    for path in paths:
        capture = _Capture()
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


class _Capture(logging.Handler):
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
        capture = _Capture()
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
        return self

    def __exit__(self, *exc):
        signals.readers_init.disconnect(self._wrap)

    def _wrap(self, readers):
        # Sent before Readers instantiates its classes: wrap the final class of each
        # Markdown extension (plugins' receivers ran first and may have replaced it).
        for extension in MARKDOWN_EXTENSIONS:
            reader_class = readers.reader_classes.get(extension)
            if reader_class and not isinstance(reader_class, _WrappedClass):
                readers.reader_classes[extension] = _WrappedClass(reader_class, self.pre)


class _WrappedClass:
    def __init__(self, reader_class, pre: PreRead):
        self.reader_class, self.pre = reader_class, pre

    def __call__(self, settings):
        return PreReadReader(self.reader_class(settings), self.pre)
