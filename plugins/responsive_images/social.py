"""Social sharing images (1200×630): a featured image cropped to fit, or a card drawn with the title.

The crop scales the image to cover the frame and cuts the middle, with
pelican-image-process's `scale_out` and `crop` operations. The card is drawn with
Pillow: the portal's green, a red bar, the title in DejaVu Sans Bold (every
Latvian letter), the site's name at the foot.
"""

from __future__ import annotations

import hashlib
import os
import threading
import unicodedata
from dataclasses import dataclass

from pelican.plugins.image_process.image_process import basic_ops
from PIL import Image, ImageDraw, ImageFont

from .config import Config
from .sources import SourceImage, open_upright

MARGIN = 80
TITLE_SIZES = (68, 60, 52, 46, 40)  # the largest size at which the title fits wins
TITLE_LINES = 4
FOOTER_SIZE = 32
ACCENT_HEIGHT = 16


@dataclass(frozen=True)
class SocialImage:
    url: str
    width: int
    height: int
    alt: str


def crop_key(source_digest: str, config: Config) -> str:
    return f"{source_digest}-{config.fingerprint('social_size', 'social_quality')}"


def card_key(title: str, footer: str, config: Config, font_digest: str) -> str:
    text = "\0".join([title, footer, font_digest])
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
    recipe = config.fingerprint("social_size", "social_quality", "card_background", "card_text", "card_accent")
    return f"{digest}-{recipe}"


def make_crop(source: SourceImage, config: Config, folder: str) -> None:
    """The cache entry of a featured image's sharing image (``folder``/image.jpg)."""
    destination = os.path.join(folder, "image.jpg")
    width, height = config.social_size
    image = open_upright(source.path, draft_size=(width, height))
    if image.mode not in ("RGB", "L"):
        image = _flatten(image)
    covered = basic_ops["scale_out"](image, str(width), str(height), "True")
    left, top = (covered.width - width) // 2, (covered.height - height) // 2
    cropped = basic_ops["crop"](covered, str(left), str(top), str(left + width), str(top + height))
    _save(cropped.convert("RGB"), destination, config)


def _flatten(image: Image.Image) -> Image.Image:
    """Transparent parts on white: JPEG has no transparency."""
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, "#ffffff")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def make_card(title: str, footer: str, config: Config, folder: str) -> None:
    """The cache entry of a drawn card (``folder``/image.jpg)."""
    # Composed letters (NFC): the basic text layout draws "ā" as one glyph.
    title = unicodedata.normalize("NFC", title)
    card = _background(unicodedata.normalize("NFC", footer), config).copy()
    draw = ImageDraw.Draw(card)
    title_font, lines = fit_title(title, config.font_path, card.width - 2 * MARGIN)
    line_height = int(title_font.size * 1.22)
    top = max(MARGIN - 10, (_footer_top(card.height) - 30 - line_height * len(lines)) // 2)
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * line_height), line, font=title_font, fill=config.card_text)
    _save(card, os.path.join(folder, "image.jpg"), config)


_backgrounds: dict = {}


def _background(footer: str, config: Config) -> Image.Image:
    """Everything of a card but its title, drawn once per process: green, the red bar, the footer."""
    key = (footer, tuple(config.social_size), config.card_background, config.card_text, config.card_accent)
    if key not in _backgrounds:
        width, height = config.social_size
        card = Image.new("RGB", (width, height), config.card_background)
        draw = ImageDraw.Draw(card)
        draw.rectangle((0, height - ACCENT_HEIGHT, width, height), fill=config.card_accent)
        footer_top = _footer_top(height)
        draw.rectangle((MARGIN, footer_top - 30, MARGIN + 96, footer_top - 24), fill=config.card_text)
        draw.text((MARGIN, footer_top), footer, font=font(config.font_path, FOOTER_SIZE), fill=config.card_text)
        _backgrounds[key] = card
    return _backgrounds[key]


def _footer_top(height: int) -> int:
    return height - ACCENT_HEIGHT - MARGIN + 10 - FOOTER_SIZE


def fit_title(title: str, font_path: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest font size at which the title wraps into TITLE_LINES lines (else cut with …)."""
    for size in TITLE_SIZES:
        title_font = font(font_path, size)
        lines = wrap(title, title_font, width)
        if len(lines) <= TITLE_LINES:
            return title_font, lines
    lines = lines[:TITLE_LINES]
    while lines[-1] and title_font.getlength(lines[-1] + " …") > width:
        lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
    lines[-1] += " …"
    return title_font, lines


_fonts = threading.local()


def font(path: str, size: int) -> ImageFont.FreeTypeFont:
    """A loaded font, one per thread: a FreeType face must not be shared between threads."""
    loaded = _fonts.__dict__.setdefault("loaded", {})
    if (path, size) not in loaded:
        # The basic layout: Latvian needs no shaping, and it lays out twice as fast as Raqm.
        loaded[(path, size)] = ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)
    return loaded[(path, size)]


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in " ".join(text.split()).split(" "):
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _save(image: Image.Image, destination: str, config: Config) -> None:
    # Plain baseline JPEG: a third of the time of 4:4:4 chroma with optimised tables,
    # and networks re-encode shared images anyway.
    image.save(destination, "JPEG", quality=config.social_quality)


def font_digest(config: Config) -> str:
    with open(config.font_path, "rb") as handle:
        return hashlib.blake2b(handle.read(), digest_size=8).hexdigest()
