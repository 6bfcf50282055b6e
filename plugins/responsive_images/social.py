"""Social sharing images (1200×630): a featured image cropped to fit, or a card drawn with the title.

The crop (JPEG) scales the image to cover the frame and cuts the middle, with
pelican-image-process's `scale_out` and `crop` operations. The card (PNG) is the
portal's green, a red bar, the title in DejaVu Sans Bold (every Latvian letter) and
the site's name at the foot, in 16 colours (four bits a pixel): the green, the text
colour and 13 steps of antialiasing between them, and the red. The title's glyphs are
rasterised once per process (glyphs.py) and only the title's rows are deflated for each
card (palette_png.py). The same title gives the same
bytes in every process.

Settings read (RESPONSIVE_IMAGES, through Config): social_size, social_quality
(crops), card_font, card_background, card_text, card_accent.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

from pelican.plugins.image_process.image_process import basic_ops
from PIL import Image, ImageColor, ImageDraw

from .config import Config
from .glyphs import Face, compose, face, font, level_table
from .palette_png import PAD, PaletteCanvas
from .sources import SourceImage, open_upright

MARGIN = 80
TITLE_SIZES = (68, 60, 52, 46, 40)  # the largest size at which the title fits wins
TITLE_LINES = 4
FOOTER_SIZE = 32
ACCENT_HEIGHT = 16
# Steps from the background (0) to the text colour (LEVELS - 1); the red bar is the
# colour after them: 16 colours, four bits a pixel.
LEVELS = 15
ACCENT = LEVELS
CROP_TYPE, CARD_TYPE = "image/jpeg", "image/png"
EXTENSIONS = {CROP_TYPE: ".jpg", CARD_TYPE: ".png"}


@dataclass(frozen=True)
class SocialImage:
    url: str
    width: int
    height: int
    alt: str
    type: str  # MIME type, for og:image:type


def crop_key(source_digest: str, config: Config) -> str:
    return f"{source_digest}-{config.fingerprint('social_size', 'social_quality')}{EXTENSIONS[CROP_TYPE]}"


# Part of a card's key: change it when the same title would give other bytes (only the cards
# are made again, not the image variants that RECIPE_VERSION covers).
CARD_ENCODING = "isal-1"


def card_key(title: str, footer: str, config: Config, font_digest: str) -> str:
    text = "\0".join([title, footer, font_digest, CARD_ENCODING])
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
    recipe = config.fingerprint("social_size", "card_background", "card_text", "card_accent")
    return f"{digest}-{recipe}{EXTENSIONS[CARD_TYPE]}"


def make_crop(source: SourceImage, config: Config, path: str) -> None:
    """Write a featured image's sharing image (JPEG) to ``path``, a cache entry."""
    width, height = config.social_size
    image = open_upright(source.path, draft_size=(width, height))
    if image.mode not in ("RGB", "L"):
        image = _flatten(image)
    covered = basic_ops["scale_out"](image, str(width), str(height), "True")
    left, top = (covered.width - width) // 2, (covered.height - height) // 2
    cropped = basic_ops["crop"](covered, str(left), str(top), str(left + width), str(top + height))
    # Plain baseline JPEG: a third of the time of 4:4:4 chroma with optimised tables,
    # and networks re-encode shared images anyway.
    cropped.convert("RGB").save(path, "JPEG", quality=config.social_quality)


def _flatten(image: Image.Image) -> Image.Image:
    """Transparent parts on white: JPEG has no transparency."""
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, "#ffffff")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def make_card(title: str, footer: str, config: Config, path: str) -> None:
    """Write the card of a title (PNG) to ``path``, a cache entry."""
    data = card_png(title, footer, config)
    with open(path, "wb") as handle:
        handle.write(data)


def card_png(title: str, footer: str, config: Config) -> bytes:
    """The card's PNG: the background of ``footer`` with the title drawn on its rows."""
    # Composed letters (NFC): the basic text layout draws "ā" as one glyph.
    title = unicodedata.normalize("NFC", title)
    canvas = _canvas(unicodedata.normalize("NFC", footer), config)
    title_face, lines = fit_title(title, config.font_path, canvas.width - 2 * MARGIN)
    line_height = int(title_face.size * 1.22)
    top = max(MARGIN - 10, (_footer_top(canvas.height) - 30 - line_height * len(lines)) // 2)
    placed = [title_face.place(line, PAD + MARGIN, top + number * line_height) for number, line in enumerate(lines)]
    glyphs = [glyph for line in placed for glyph in line]
    band_top = max(0, min((y for _, _, y in glyphs), default=0))
    band_bottom = min(canvas.height, max((y + image.height for image, _, y in glyphs), default=0))
    if band_bottom <= band_top:
        return canvas.png()
    band = canvas.band(band_top, band_bottom)
    compose(band, [[(image, x, y - band_top) for image, x, y in line] for line in placed],
            canvas.first_drawn_row - band_top)
    return canvas.png(band, band_top)


_canvases: dict = {}


def _canvas(footer: str, config: Config) -> PaletteCanvas:
    """Everything of a card but its title, made once per process: green, the red bar, the footer."""
    key = (footer, tuple(config.social_size), config.card_background, config.card_text, config.card_accent,
           config.font_path)
    if key not in _canvases:
        width, height = config.social_size
        coverage = Image.new("L", (width, height))
        draw = ImageDraw.Draw(coverage)
        footer_top = _footer_top(height)
        draw.rectangle((MARGIN, footer_top - 30, MARGIN + 96, footer_top - 24), fill=255)
        draw.text((MARGIN, footer_top), footer, font=font(config.font_path, FOOTER_SIZE), fill=255)
        background = Image.new("L", (PAD + width, height))
        background.paste(coverage.point(level_table(LEVELS)), (PAD, 0))
        background.paste(ACCENT, (PAD, height - ACCENT_HEIGHT, PAD + width, height))
        _canvases[key] = PaletteCanvas(background, palette(config))
    return _canvases[key]


def palette(config: Config) -> list[tuple[int, int, int]]:
    """The card's colours by index: background, the steps to the text colour, the accent."""
    background, text = _rgb(config.card_background), _rgb(config.card_text)
    steps = LEVELS - 1
    # Each step is the colour ImageDraw blends at that coverage, rounded half up.
    ramp = [tuple((2 * (b * (steps - i) + t * i) + steps) // (2 * steps) for b, t in zip(background, text))
            for i in range(LEVELS)]
    return ramp + [_rgb(config.card_accent)]


def _rgb(colour: str) -> tuple[int, int, int]:
    return ImageColor.getcolor(colour, "RGB")


def _footer_top(height: int) -> int:
    return height - ACCENT_HEIGHT - MARGIN + 10 - FOOTER_SIZE


def fit_title(title: str, font_path: str, width: int) -> tuple[Face, list[str]]:
    """The largest font size at which the title wraps into TITLE_LINES lines (else cut with …)."""
    for size in TITLE_SIZES:
        title_face = face(font_path, size, LEVELS)
        lines = wrap(title, title_face, width)
        if len(lines) <= TITLE_LINES:
            return title_face, lines
    lines = lines[:TITLE_LINES]
    while lines[-1] and title_face.length(lines[-1] + " …") > width:
        lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
    lines[-1] += " …"
    return title_face, lines


def wrap(text: str, text_face: Face, width: int) -> list[str]:
    """Words into lines no longer than ``width`` px, as measured by the font (getlength)."""
    limit, space = width * 64, text_face.advance(" ")
    lines: list[str] = []
    line_width = 0  # 1/64 px, of lines[-1]
    for word in " ".join(text.split()).split(" "):
        word_width = text_face.width64(word)
        if lines and word:
            # The line, a space and the word: the pairs' kerning at both sides of the space.
            candidate = (line_width + text_face.kerning(lines[-1][-1], " ") + space
                         + text_face.kerning(" ", word[0]) + word_width)
            if candidate <= limit:
                lines[-1] += " " + word
                line_width = candidate
                continue
        lines.append(word)
        line_width = word_width
    return lines


def font_digest(config: Config) -> str:
    with open(config.font_path, "rb") as handle:
        return hashlib.blake2b(handle.read(), digest_size=8).hexdigest()
