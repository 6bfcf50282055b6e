"""A 4-bit palette PNG of a fixed background with one band of rows that changes.

Every drawn card is the same background (the green, the footer, the red bar) but
for the rows of its title, so the rows above and below the band are deflated once per
process and kept, and only the band is deflated for each card.
Deflate blocks that end with a sync flush can follow one another, and the zlib
checksum (Adler-32) of the whole is combined from the checksums of the pieces, so
the file is a plain PNG: one IDAT, no filter (type 0 on every row), no metadata.
The same band gives the same bytes in every process (for one version of python-isal,
pinned in requirements.lock).

Rows are held as an "L" image two pixels wider than the picture, the two first
pixels 0: packed four bits a pixel, that 0 byte is each row's filter type. Reads no
settings.
"""

from __future__ import annotations

import struct
import zlib

from isal import isal_zlib
from PIL import Image

SIGNATURE = b"\x89PNG\r\n\x1a\n"
# zlib header: deflate, 32 KB window; the level bits say "fastest" (the check bits fit).
ZLIB_HEADER = b"\x78\x01"
# A last, empty deflate block (fixed Huffman codes): ends a stream of flushed blocks.
FINAL_BLOCK = b"\x03\x00"
MOD_ADLER = 65521
PAD = 2  # pixels left of the picture: the filter-type byte of each row
MAX_COLOURS = 16


def _deflate(raw: bytes) -> bytes:
    # ISA-L's deflate (python-isal) at its level 1: on the benchmark's titles 4.4 times as fast
    # as zlib's fastest run-length setting, and its cards 19 % smaller, the same pixels
    # (docs/performance-history.csv, social-card). A plain deflate stream: zlib reads it.
    compressor = isal_zlib.compressobj(1, isal_zlib.DEFLATED, -15, 9)
    return compressor.compress(raw) + compressor.flush(isal_zlib.Z_SYNC_FLUSH)


def adler32_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of A+B from those of A and B and B's length (zlib's adler32_combine)."""
    remainder = second_length % MOD_ADLER
    low = first & 0xFFFF
    high = (remainder * low) % MOD_ADLER
    low = (low + (second & 0xFFFF) + MOD_ADLER - 1) % MOD_ADLER
    high = (high + (first >> 16) + (second >> 16) + MOD_ADLER - remainder) % MOD_ADLER
    return low | (high << 16)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


class PaletteCanvas:
    """A background of palette indices and its PNG pieces, kept to make many images of it."""

    def __init__(self, background: Image.Image, palette: list[tuple[int, int, int]]):
        """``background``: "L", PAD columns of 0 and then the picture, values < len(palette)."""
        if not 0 < len(palette) <= MAX_COLOURS:
            raise ValueError(f"a 4-bit PNG has 1 to {MAX_COLOURS} colours, not {len(palette)}")
        self.background = background
        self.width, self.height = background.width - PAD, background.height
        drawn = background.getbbox()
        # Rows above this one are the empty background: what is drawn there covers nothing.
        self.first_drawn_row = drawn[1] if drawn else self.height
        header = struct.pack(">IIBBBBB", self.width, self.height, 4, 3, 0, 0, 0)
        self._head = SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"PLTE", bytes(c for rgb in palette for c in rgb))
        self._tail = _chunk(b"IEND", b"")
        self._pieces: dict[tuple[int, int], tuple[bytes, int, int]] = {}

    def band(self, top: int, bottom: int) -> Image.Image:
        """The background's rows top..bottom, to draw on."""
        return self.background.crop((0, top, self.background.width, bottom))

    def _rows(self, top: int, bottom: int) -> tuple[bytes, int, int]:
        """Background rows top..bottom: deflated, their Adler-32 and length; made once."""
        piece = self._pieces.get((top, bottom))
        if piece is None:
            raw = self.band(top, bottom).tobytes("raw", "L;4") if bottom > top else b""
            piece = self._pieces[(top, bottom)] = (_deflate(raw) if raw else b"", zlib.adler32(raw), len(raw))
        return piece

    def png(self, band: Image.Image | None = None, top: int = 0) -> bytes:
        """The PNG of the background with ``band`` (from ``band()``, drawn on) at row ``top``."""
        if band is None or band.height == 0:
            band, top = None, 0
        bottom = top + band.height if band is not None else 0
        above, below = self._rows(0, top), self._rows(bottom, self.height)
        if band is not None:
            # Columns left of the picture are the rows' filter type: a glyph must not reach them.
            band.paste(0, (0, 0, PAD, band.height))
            raw = band.tobytes("raw", "L;4")
            middle = (_deflate(raw), zlib.adler32(raw), len(raw))
        else:
            middle = (b"", 1, 0)
        checksum = above[1]
        for piece in (middle, below):
            checksum = adler32_combine(checksum, piece[1], piece[2])
        data = b"".join((ZLIB_HEADER, above[0], middle[0], below[0], FINAL_BLOCK, struct.pack(">I", checksum)))
        return b"".join((self._head, _chunk(b"IDAT", data), self._tail))
