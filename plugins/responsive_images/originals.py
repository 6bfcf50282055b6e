"""The published original of a content image: the file without metadata, or, when its long side
is over RESPONSIVE_IMAGES['original_max_side'], a copy resized to that and saved again.

A camera photo (6000×4000 px, 7 MB) is not what a reader should download when they open
the image on its own, and the variants stop at the widest of 'widths'. 2560 px fills a
1280 px wide window on a double-density screen, more than a full-screen view needs, at a
fraction of the bytes. An image within the limit is published with its own bytes, metadata
removed (strip.py). A resized one leaves a note in its cache entry, so every build, not
only the first, tells the author what was done.
"""

from __future__ import annotations

import json
import os
from io import BytesIO

from PIL import Image

from .sources import open_upright
from .strip import StripError, make_stripped, sniff

NOTE = "resized.json"
RESIZABLE = ("JPEG", "PNG", "WEBP")


def make_original(path: str, name: str, folder: str, max_side: int, quality: int) -> None:
    """The cache entry of a published original: ``folder``/``name`` and, when resized, ``folder``/NOTE."""
    with open(path, "rb") as handle:
        data = handle.read()
    fmt = sniff(data)
    size = _displayed_size(data) if max_side and fmt in RESIZABLE else None
    if size is None or max(size) <= max_side:
        make_stripped(path, name, folder)
        return
    width, height = size
    scale = max_side / max(width, height)
    target = (max(1, round(width * scale)), max(1, round(height * scale)))
    image = open_upright(path, draft_size=target)
    palette = image.mode == "P"
    if palette:  # resized as a palette image, the picture would take its nearest pixels only
        image = image.convert("RGBA")
    image = image.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
    output = os.path.join(folder, name)
    _save(image, output, fmt, quality, palette)
    with open(os.path.join(folder, NOTE), "w", encoding="utf-8") as handle:
        json.dump({"width": width, "height": height, "bytes": len(data), "new_width": target[0],
                   "new_height": target[1], "new_bytes": os.path.getsize(output), "format": fmt,
                   "quality": quality}, handle)


def _displayed_size(data: bytes) -> tuple[int, int] | None:
    """Width and height as shown (EXIF orientation applied); None for an animation."""
    try:
        with Image.open(BytesIO(data)) as image:
            if getattr(image, "is_animated", False):
                return None
            width, height = image.size
            turned = image.format == "JPEG" and image.getexif().get(0x0112) in (5, 6, 7, 8)
    except (OSError, ValueError) as error:
        raise StripError("the image cannot be decoded") from error
    return (height, width) if turned else (width, height)


def _save(image: Image.Image, path: str, fmt: str, quality: int, palette: bool) -> None:
    """Saved without metadata (``info`` is empty): JPEG and WebP at ``quality``, PNG losslessly."""
    if fmt == "JPEG":
        image.convert("RGB").save(path, "JPEG", quality=quality, optimize=True, progressive=True)
    elif fmt == "WEBP":
        image.save(path, "WEBP", quality=quality, method=4)
    else:
        if palette:  # back to 256 colours, as the variants of a graphic (variants.make)
            image = image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        image.save(path, "PNG", optimize=True)


def resized_note(entry: str, source: str) -> str | None:
    """The line for the author when the original in cache ``entry`` was resized, else None."""
    try:
        with open(os.path.join(entry, NOTE), encoding="utf-8") as handle:
            note = json.load(handle)
    except (OSError, ValueError):
        return None
    how = f"saved again as {note['format']}" + (f" at quality {note['quality']}" if note["format"] != "PNG" else "")
    return (f"{source}: {note['width']}×{note['height']} px, {note['bytes'] / 1e6:.1f} MB; published at "
            f"{note['new_width']}×{note['new_height']} px ({note['new_bytes'] / 1e6:.1f} MB), {how}; the page "
            "shows smaller copies still. To keep the repository small: save photos at most "
            f"{max(note['new_width'], note['new_height'])} px on the long side before adding them")
