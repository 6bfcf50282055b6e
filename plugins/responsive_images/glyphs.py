"""Title text of the drawn cards without FreeType per card: each glyph rasterised once per size.

``ImageDraw.text`` rasterises every glyph of every title again, on every card.
A ``Face`` rasterises a glyph the first time a process meets it at a size, keeps its
mask already reduced to the card's levels of antialiasing, and composes a line by
pasting the masks where Pillow's basic layout puts them: each glyph's advance plus
the font's kerning of each pair, the pen rounded to the pixel as Pillow rounds it.
The pixels are those ``ImageDraw.text`` draws, reduced to the levels
(tests/test_images.py compares them), and the same in every process.

Reads no settings: the font file and the number of levels are given.
"""

from __future__ import annotations

import threading

from PIL import Image, ImageChops, ImageFont

_fonts = threading.local()


def font(path: str, size: int) -> ImageFont.FreeTypeFont:
    """A loaded font, one per thread: a FreeType face must not be shared between threads."""
    loaded = _fonts.__dict__.setdefault("loaded", {})
    if (path, size) not in loaded:
        # The basic layout: Latvian needs no shaping, and it lays out twice as fast as Raqm.
        loaded[(path, size)] = ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)
    return loaded[(path, size)]


def level_table(levels: int) -> list[int]:
    """Coverage 0..255 -> the nearest of ``levels`` steps (0 nothing, levels - 1 full)."""
    return [(alpha * (levels - 1) + 127) // 255 for alpha in range(256)]


class Face:
    """One font at one size: advances, kerning and level masks of the glyphs met so far.

    Lengths are kept in 1/64 px, as FreeType gives them, so that sums are exact and
    ``length`` equals ``FreeTypeFont.getlength`` to the bit. The dictionaries only grow
    with values that depend on the font alone, so threads may share a Face.
    """

    def __init__(self, path: str, size: int, levels: int):
        self.path, self.size = path, size
        self._table = level_table(levels)
        self._advances: dict[str, int] = {}
        self._kerning: dict[tuple[str, str], int] = {}
        self._masks: dict[str, tuple[Image.Image | None, int, int]] = {}

    def _font(self) -> ImageFont.FreeTypeFont:
        return font(self.path, self.size)

    def advance(self, char: str) -> int:
        value = self._advances.get(char)
        if value is None:
            value = self._advances[char] = round(self._font().getlength(char) * 64)
        return value

    def kerning(self, left: str, right: str) -> int:
        # Pillow's basic layout moves the pen by the pair's kerning; the whole pair minus
        # both advances is that amount, whatever Pillow rounds it to.
        value = self._kerning.get((left, right))
        if value is None:
            pair = round(self._font().getlength(left + right) * 64)
            value = self._kerning[(left, right)] = pair - self.advance(left) - self.advance(right)
        return value

    def width64(self, text: str) -> int:
        """The pen's travel over ``text`` in 1/64 px (``getlength(text) * 64``)."""
        total, previous = 0, None
        for char in text:
            if previous is not None:
                total += self.kerning(previous, char)
            total += self.advance(char)
            previous = char
        return total

    def length(self, text: str) -> float:
        return self.width64(text) / 64

    def mask(self, char: str) -> tuple[Image.Image | None, int, int]:
        """The glyph's mask in levels (None: nothing to draw) and its offset from the pen."""
        found = self._masks.get(char)
        if found is None:
            core, (dx, dy) = self._font().getmask2(char, mode="L")
            image = None
            if core.size[0] and core.size[1]:
                image = Image.new("L", core.size)
                image.im = core
                image = image.point(self._table)
            found = self._masks[char] = (image, dx, dy)
        return found

    def place(self, text: str, x: int, y: int) -> list[tuple[Image.Image, int, int]]:
        """Each visible glyph of a line drawn at (x, y) (anchor "la"): mask, left, top."""
        placed, pen, previous = [], 0, None
        for char in text:
            if previous is not None:
                pen += self.kerning(previous, char)
            image, dx, dy = self.mask(char)
            if image is not None:
                # Pillow rounds the pen (1/64 px) half up to the pixel.
                placed.append((image, x + ((pen + 32) >> 6) + dx, y + dy))
            pen += self.advance(char)
            previous = char
        return placed


_faces: dict[tuple[str, int, int], Face] = {}


def face(path: str, size: int, levels: int) -> Face:
    """The process's Face of a font at a size (shared: glyphs are rasterised once)."""
    key = (path, size, levels)
    if key not in _faces:
        _faces.setdefault(key, Face(path, size, levels))
    return _faces[key]


def compose(band: Image.Image, lines: list[list[tuple[Image.Image, int, int]]], clear_below: int) -> None:
    """Paste the glyph masks of ``lines`` (each from ``place``, in band coordinates) into ``band``.

    As ``ImageDraw.text`` does, overlapping glyphs keep the higher coverage. A plain
    paste costs a third of that maximum, so it is used wherever the glyph's box meets
    nothing drawn before: no box of an earlier glyph, no row from ``clear_below`` on
    (where the band holds more than the empty background).
    """
    earlier: list[tuple[int, int, int, int]] = []
    for glyphs in lines:
        if not glyphs:
            continue
        line_top = min(top for _, _, top in glyphs)
        # Boxes of earlier lines that reach down into this one: usually none.
        reaching = [box for box in earlier if box[3] > line_top]
        right = None  # the right edge of this line's boxes so far
        for image, left, top in glyphs:
            box = (left, top, left + image.width, top + image.height)
            clear = (box[3] <= clear_below and (right is None or left >= right)
                     and not any(box[0] < other[2] and other[0] < box[2] and box[1] < other[3]
                                 for other in reaching))
            if clear:
                band.paste(image, box[:2])
            else:
                band.paste(ImageChops.lighter(band.crop(box), image), box[:2])
            earlier.append(box)
            right = box[2] if right is None else max(right, box[2])
