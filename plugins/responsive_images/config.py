"""The plugin's one setting, RESPONSIVE_IMAGES: defaults, checks and the recipe fingerprint."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass, field

from PIL import ImageColor

from portalbuild.shared.options import plugin_options
from portalbuild.shared.siteaddress import site_addresses

logger = logging.getLogger(__name__)

SETTING = "RESPONSIVE_IMAGES"
# Bump when the way variants, stripped originals or cards are made changes, so that
# the cache made by an older version is not reused.
RECIPE_VERSION = 6

DEFAULTS = {
    # Widths (px) of the variants; an image narrower than a width is never enlarged.
    "widths": [480, 800, 1200],
    # The `sizes` attribute: the column of the article is at most 46rem wide.
    "sizes": "(min-width: 48rem) 46rem, 100vw",
    # Variants are WebP (in <source>) plus the original's format (in <img>).
    "webp": True,
    "jpeg_quality": 80,
    "webp_quality": 80,
    # Larger source files stop the build (bytes, pixels).
    "max_bytes": 12 * 1024 * 1024,
    "max_pixels": 50_000_000,
    # The published original of a larger image is resized to this long side (px) and saved
    # again (originals.py): 2560 px fills a 1280 px window on a double-density screen; a
    # camera's 6000 px file is ten times the bytes. 0: originals as they are (metadata removed).
    "original_max_side": 2560,
    # JPEG and WebP quality of such a resized original (PNG stays lossless).
    "original_quality": 85,
    # Sub-folder beside each original where its variants are published.
    "derivatives_dir": "derivatives",
    # Social sharing images (Open Graph, X/Twitter cards).
    "social_size": [1200, 630],
    # The file name beside each page, without extension: the extension is the image's
    # type (.jpg for a cropped featured image, .png for a drawn card).
    "social_filename": "social-card",
    # JPEG quality of the cropped featured images (drawn cards are PNG).
    "social_quality": 85,
    # A post without a featured image shares: "title" a card drawn with its title,
    # "site" the site's own card (no drawing: the cold build of a large archive is faster).
    "social_cards": "title",
    # The font of the drawn cards, relative to THEME (or absolute).
    "card_font": "fonts/DejaVuSans-Bold.ttf",
    "card_background": "#1f5f3a",
    "card_text": "#ffffff",
    "card_accent": "#b00d28",
    # Where processed images are kept between builds; None: CACHE_PATH/responsive_images.
    "cache_dir": None,
    # Processes that make what the cache does not have yet; 0: one per core.
    "workers": 0,
}

RASTER_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
# Pillow format -> MIME type for <source type>.
MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
# Extensions of static files whose metadata is removed before publishing.
STRIPPED_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
# An extension that a social_filename must not carry (the image's type gives it).
IMAGE_EXTENSIONS = STRIPPED_EXTENSIONS | {".avif", ".svg"}


@dataclass(frozen=True)
class Config:
    options: dict
    content_path: str
    theme_path: str
    cache_root: str
    siteurl: str  # links in pages (srcset)
    canonical: str  # sharing images: absolute in every build (portalbuild/shared/siteaddress.py)
    # fingerprint() per option names: asked for once a post (a card's key), the same each time.
    _fingerprints: dict = field(default_factory=dict, compare=False, repr=False)

    def __getattr__(self, name):
        # Only for option names; "options" itself is missing while pickle rebuilds the object.
        if name == "options" or name.startswith("__"):
            raise AttributeError(name)
        try:
            return self.options[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def font_path(self) -> str:
        return os.path.join(self.theme_path, self.options["card_font"])

    def fingerprint(self, *keys: str) -> str:
        """A short hash of the recipe (the named options and the version)."""
        known = self._fingerprints.get(keys)
        if known is None:
            chosen = {key: self.options[key] for key in keys}
            text = json.dumps([RECIPE_VERSION, chosen], sort_keys=True)
            known = self._fingerprints[keys] = hashlib.blake2b(text.encode(), digest_size=6).hexdigest()
        return known


def read_config(settings: dict) -> Config:
    """The options with defaults filled in; each unknown key and bad value is logged as an error."""
    options = plugin_options(settings, SETTING, DEFAULTS)
    if options["social_cards"] not in ("title", "site"):
        logger.error("responsive_images: RESPONSIVE_IMAGES['social_cards'] is %r; use 'title' or 'site'",
                     options["social_cards"])
    # A bad value is reported (the build fails) and replaced by the default, so that the
    # build goes on to report other problems, not images it could not make.
    if not _good_social_filename(options["social_filename"]):
        options["social_filename"] = DEFAULTS["social_filename"]
    for key in ("card_background", "card_text", "card_accent"):
        if not _good_colour(key, options[key]):
            options[key] = DEFAULTS[key]
    options["widths"] = sorted({int(width) for width in options["widths"]})
    cache_root = options["cache_dir"] or os.path.join(settings["CACHE_PATH"], "responsive_images")
    addresses = site_addresses(settings)
    return Config(options=options, content_path=os.path.abspath(settings["PATH"]),
                  theme_path=settings["THEME"], cache_root=os.path.abspath(cache_root),
                  siteurl=addresses.links, canonical=addresses.canonical)


def _good_social_filename(name) -> bool:
    """A name without an image's extension; else logged as an error."""
    if isinstance(name, str) and name.strip() and os.path.splitext(name)[1].lower() not in IMAGE_EXTENSIONS:
        return True
    stem = os.path.splitext(name)[0] if isinstance(name, str) and name.strip() else DEFAULTS["social_filename"]
    logger.error("pelicanconf.py: field '%s': 'social_filename' is %r. Fix: give the name without extension, "
                 "e.g. %r: the extension is the image's type (.jpg for a cropped photo, .png for a drawn card)",
                 SETTING, name, stem)
    return False


def _good_colour(key: str, value) -> bool:
    """A colour Pillow knows; else logged as an error."""
    try:
        ImageColor.getrgb(value)
        return True
    except (ValueError, AttributeError, TypeError):
        logger.error("pelicanconf.py: field '%s': %r is %r, not a colour. Fix: write it as '#rrggbb', e.g. %r",
                     SETTING, key, value, DEFAULTS[key])
        return False
