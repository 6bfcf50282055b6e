"""Precompressed copies (``x.html.gz``, ``x.html.br``) beside every text file of a built site.

Servers that support it (nginx ``gzip_static``/``brotli_static``, Caddy
``precompressed``, many static hosts) send these instead of compressing on
each request, at the best level. The compressors are pelican-precompress's
(gzip level 9 with a zero timestamp, brotli quality 11, both deterministic, so
an unchanged file keeps unchanged copies). It runs as the post-build step
``precompress``, after Pagefind, so that Pagefind's scripts are compressed too;
as a Pelican plugin it would run before the search index exists. Files are
compressed one after another in this process: the plugin's own process pool
would fork a process that may hold threads (a test browser, a preview server).

Settings read (pelican-precompress's names and defaults):
    PRECOMPRESS_GZIP (True), PRECOMPRESS_BROTLI (True when brotli is installed),
    PRECOMPRESS_MIN_SIZE (20 bytes), PRECOMPRESS_TEXT_EXTENSIONS
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from pelican.plugins import precompress as library


def precompress_site(site: Path, settings: dict) -> list[str]:
    """Post-build step ``precompress``: write .gz and .br copies; never fails the build."""
    options = library.get_settings(SimpleNamespace(settings={**settings, "OUTPUT_PATH": str(site)}))
    formats = _enabled_formats(options)
    for path in sorted(library.get_paths_to_compress(options)):
        if path.stat().st_size >= options["PRECOMPRESS_MIN_SIZE"]:
            data = path.read_bytes()
            for compression_format in formats:
                library.worker(data, path, compression_format, options)
    return []


# (setting, name, suffix, compressor, decompressor), as pelican-precompress's compress_files lists them.
FORMATS = (
    ("PRECOMPRESS_BROTLI", "brotli", ".br", "compress_with_brotli", "decompress_with_brotli"),
    ("PRECOMPRESS_GZIP", "gzip", ".gz", "compress_with_gzip", "decompress_with_gzip"),
    ("PRECOMPRESS_ZOPFLI", "zopfli", ".gz", "compress_with_zopfli", "decompress_with_gzip"),
    ("PRECOMPRESS_ZSTANDARD", "zstandard", ".zst", "compress_with_zstandard", "decompress_with_zstandard"),
)


def _enabled_formats(options: dict) -> list[tuple]:
    return [(name, suffix, getattr(library, compress), getattr(library, decompress))
            for setting, name, suffix, compress, decompress in FORMATS if options[setting]]
