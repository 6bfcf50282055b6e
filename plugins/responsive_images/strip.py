"""Remove metadata (EXIF, GPS, XMP, IPTC, comments, text chunks) from an image file, losslessly.

Pillow cannot drop metadata without decoding and re-encoding the pixels, which costs
quality and time; these functions copy the file's own bytes and leave out the
segments or chunks that hold metadata. The pixels, the colour profile (ICC) and
the animation stay exactly as they were. A JPEG keeps only its orientation, in a
minimal EXIF block, so a photo taken sideways still shows upright.
"""

from __future__ import annotations

import struct
from io import BytesIO

from PIL import Image


class StripError(ValueError):
    """The file's structure is not what its format promises."""


def strip_metadata(data: bytes, fmt: str) -> bytes:
    """``data`` without metadata; ``fmt`` is Pillow's format name (JPEG, PNG, WEBP, GIF)."""
    try:
        return STRIPPERS[fmt](data)
    except StripError:
        raise
    except (IndexError, ValueError, struct.error) as error:
        raise StripError(f"the {fmt} file is damaged or cut short") from error


# --- JPEG --------------------------------------------------------------------------
# Segments kept: JFIF (APP0), Adobe colour transform (APP14), ICC profile (APP2 with
# ICC_PROFILE). Dropped: EXIF and XMP (APP1), IPTC/Photoshop (APP13), comments (COM),
# every other APPn, and anything after the end of the image (MPF previews, vendor
# trailers that can hold serial numbers or depth maps).
_SOI, _EOI, _SOS = 0xD8, 0xD9, 0xDA
_APP0, _APP1, _APP2, _APP14, _COM = 0xE0, 0xE1, 0xE2, 0xEE, 0xFE
_STANDALONE = {0x01, *range(0xD0, 0xD8)}


def _strip_jpeg(data: bytes) -> bytes:
    if data[:2] != b"\xff\xd8":
        raise StripError("the JPEG file does not start with a JPEG marker")
    out = [b"\xff\xd8"]
    orientation = _jpeg_orientation(data)
    if orientation not in (None, 1):
        out.append(_orientation_segment(orientation))
    position = 2
    while True:  # a file without its end marker runs out of bytes: IndexError, "cut short"
        marker, segment, position = _next_jpeg_segment(data, position)
        if marker == _EOI:
            out.append(b"\xff\xd9")
            return b"".join(out)
        if _keep_jpeg_segment(marker, segment):
            out.append(segment)


def _next_jpeg_segment(data: bytes, position: int) -> tuple[int, bytes, int]:
    if data[position] != 0xFF:
        raise StripError(f"no JPEG marker at byte {position}")
    while data[position + 1] == 0xFF:  # fill bytes before a marker
        position += 1
    marker = data[position + 1]
    if marker in _STANDALONE or marker == _EOI:
        return marker, data[position:position + 2], position + 2
    length = struct.unpack(">H", data[position + 2:position + 4])[0]
    end = position + 2 + length
    if marker == _SOS:
        end = _end_of_scan(data, end)
    return marker, data[position:end], end


def _end_of_scan(data: bytes, position: int) -> int:
    """Where the entropy-coded data after a scan header ends: the next real marker."""
    while True:
        position = data.index(b"\xff", position)
        following = data[position + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            position += 1 if following == 0xFF else 2
            continue
        return position


def _keep_jpeg_segment(marker: int, segment: bytes) -> bool:
    if marker in (_APP0, _APP14):
        return True
    if marker == _APP2:
        return segment[4:16] == b"ICC_PROFILE\x00"
    return not (0xE0 <= marker <= 0xEF or marker == _COM)


def _jpeg_orientation(data: bytes) -> int | None:
    try:
        with Image.open(BytesIO(data)) as image:
            return image.getexif().get(0x0112)
    except Exception:  # noqa: BLE001 -- no readable EXIF means no orientation to keep
        return None


def _orientation_segment(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    payload = exif.tobytes()  # starts with the b"Exif\0\0" header of an APP1 segment
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


# --- PNG ---------------------------------------------------------------------------
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Text, EXIF and time chunks; everything else (pixels, palette, transparency, colour
# profile, gamma, APNG frames) stays.
_PNG_DROPPED = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}


def _strip_png(data: bytes) -> bytes:
    if not data.startswith(_PNG_SIGNATURE):
        raise StripError("the PNG file does not start with the PNG signature")
    out, position = [_PNG_SIGNATURE], len(_PNG_SIGNATURE)
    while True:
        length = struct.unpack(">I", data[position:position + 4])[0]
        kind = data[position + 4:position + 8]
        end = position + 12 + length
        if end > len(data):
            raise StripError("the PNG file is cut short")
        if kind not in _PNG_DROPPED:
            out.append(data[position:end])
        position = end
        if kind == b"IEND":
            return b"".join(out)


# --- WebP --------------------------------------------------------------------------
_VP8X_EXIF, _VP8X_XMP = 0x08, 0x04


def _strip_webp(data: bytes) -> bytes:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise StripError("the WebP file does not start with a RIFF WEBP header")
    chunks, position = [], 12
    while position + 8 <= len(data):
        kind = data[position:position + 4]
        length = struct.unpack("<I", data[position + 4:position + 8])[0]
        end = position + 8 + length + (length & 1)
        if position + 8 + length > len(data):
            raise StripError("the WebP file is cut short")
        chunk = data[position:end]
        if kind == b"VP8X":
            flags = chunk[8] & ~(_VP8X_EXIF | _VP8X_XMP)
            chunk = chunk[:8] + bytes([flags]) + chunk[9:]
        if kind not in (b"EXIF", b"XMP "):
            chunks.append(chunk)
        position = end
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


# --- GIF ---------------------------------------------------------------------------
# Comment extensions and application extensions (XMP) are dropped; the looping
# extension of animations (NETSCAPE2.0 / ANIMEXTS1.0) stays.
_KEPT_APPLICATIONS = (b"NETSCAPE2.0", b"ANIMEXTS1.0")


def _strip_gif(data: bytes) -> bytes:
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        raise StripError("the GIF file does not start with a GIF header")
    position = 13 + _colour_table_size(data[10])
    out = [data[:position]]
    while True:
        introducer = data[position]  # IndexError (cut short) is reported by strip_metadata
        if introducer == 0x3B:  # trailer
            out.append(b"\x3b")
            return b"".join(out)
        if introducer == 0x21:
            end = _skip_sub_blocks(data, position + 2)
            if _keep_gif_extension(data, position):
                out.append(data[position:end])
        elif introducer == 0x2C:
            local = 10 + _colour_table_size(data[position + 9])
            end = _skip_sub_blocks(data, position + local + 1)
            out.append(data[position:end])
        else:
            raise StripError(f"unexpected GIF block 0x{introducer:02x} at byte {position}")
        position = end


def _colour_table_size(flags: int) -> int:
    return 3 * (2 ** ((flags & 0x07) + 1)) if flags & 0x80 else 0


def _skip_sub_blocks(data: bytes, position: int) -> int:
    while data[position]:
        position += data[position] + 1
    return position + 1


def _keep_gif_extension(data: bytes, position: int) -> bool:
    label = data[position + 1]
    if label == 0xFE:  # comment
        return False
    if label == 0xFF:  # application
        return data[position + 3:position + 14] in _KEPT_APPLICATIONS
    return True


STRIPPERS = {"JPEG": _strip_jpeg, "PNG": _strip_png, "WEBP": _strip_webp, "GIF": _strip_gif}
MAGIC = ((b"\xff\xd8", "JPEG"), (b"\x89PNG\r\n\x1a\n", "PNG"), (b"GIF8", "GIF"))


def sniff(data: bytes) -> str | None:
    """The image format from the file's first bytes (its name may lie)."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return next((name for magic, name in MAGIC if data.startswith(magic)), None)


def make_stripped(path: str, name: str, folder: str) -> None:
    """The cache entry of a published original: ``folder``/``name``, without metadata."""
    with open(path, "rb") as handle:
        data = handle.read()
    fmt = sniff(data)
    if fmt is None:
        raise StripError("the file is not a JPEG, PNG, WebP or GIF image")
    with open(f"{folder}/{name}", "wb") as handle:
        handle.write(strip_metadata(data, fmt))
