"""Responsive variants of one image: which files, their sizes, their markup, and making them.

Resizing uses pelican-image-process's `resize` operation (Lanczos, with its handling
of palette and bilevel images). Its `process_image` is not used: it decodes the
source again for every variant, saves with fixed quality, keeps JPEG comments and
writes into the output folder, which the portal's build replaces on every run.
Here the source is decoded once, every variant is saved without metadata, and the
files live in the cache (see cache.py).
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from html import escape
from urllib.parse import quote

from markupsafe import Markup
from pelican.plugins.image_process.image_process import basic_ops
from PIL import Image

from .config import MIME, RASTER_FORMATS, Config
from .sources import SourceImage, open_upright
from .strip import strip_metadata

# The format of the <img> fallback for each source format: a GIF's variants are PNG.
FALLBACK_FORMAT = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG"}
# The <img src> is the variant closest to this width (the article column on a desktop).
DEFAULT_WIDTH = 800


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    format: str
    output: str      # path under the output folder, forward slashes

    @property
    def cache_name(self) -> str:
        return f"{self.width}w.{RASTER_FORMATS[self.format]}"


@dataclass
class ResponsiveImage:
    """What the templates and the body markup need to show one image."""

    source: SourceImage
    variants: list[Variant]
    alt: str
    sizes: str
    siteurl: str
    extra: dict = field(default_factory=dict)

    @property
    def fallback(self) -> list[Variant]:
        fmt = FALLBACK_FORMAT[self.source.format]
        return [v for v in self.variants if v.format == fmt]

    @property
    def largest(self) -> Variant:
        return self.fallback[-1]

    @property
    def width(self) -> int:
        return self.largest.width

    @property
    def height(self) -> int:
        return self.largest.height

    @property
    def src(self) -> str:
        candidates = self.fallback
        best = min(candidates, key=lambda v: (abs(v.width - DEFAULT_WIDTH), -v.width))
        return self.url(best)

    @property
    def srcset(self) -> str:
        return srcset(self.fallback, self.siteurl)

    @property
    def sources(self) -> list[dict]:
        """Extra formats for <source> elements: [{'type': 'image/webp', 'srcset': '…'}]."""
        fallback = FALLBACK_FORMAT[self.source.format]
        formats = dict.fromkeys(v.format for v in self.variants if v.format != fallback)
        return [{"type": MIME[fmt], "srcset": srcset([v for v in self.variants if v.format == fmt], self.siteurl)}
                for fmt in formats]

    def url(self, variant: Variant) -> str:
        return f"{self.siteurl}/{quote(variant.output)}"

    def html(self, **attributes) -> Markup:
        """A <picture> with the given extra attributes on its <img> (class, loading, …)."""
        sources = "".join(
            f'<source type="{s["type"]}" srcset="{escape(s["srcset"])}" sizes="{escape(self.sizes)}">'
            for s in self.sources)
        attrs = {"src": self.src, "srcset": self.srcset, "sizes": self.sizes, "width": self.width,
                 "height": self.height, "alt": self.alt, **attributes}
        img = "<img " + " ".join(f'{name}="{escape(str(value))}"' for name, value in attrs.items()) + ">"
        return Markup(f'<picture class="lpr-picture">{sources}{img}</picture>')


def plan(source: SourceImage, alt: str, config: Config) -> ResponsiveImage:
    """The variants ``source`` gets (never wider than the source) and its markup data."""
    widths = sorted({min(width, source.width) for width in config.widths})
    fallback = FALLBACK_FORMAT[source.format]
    formats = (["WEBP"] if config.webp and fallback != "WEBP" else []) + [fallback]
    folder = posixpath.join(posixpath.dirname(source.relative), config.derivatives_dir)
    stem = posixpath.splitext(posixpath.basename(source.relative))[0]
    variants = [Variant(width, scaled_height(source, width), fmt,
                        f"{folder}/{width}w/{stem}.{RASTER_FORMATS[fmt]}")
                for fmt in formats for width in widths]
    return ResponsiveImage(source, variants, alt, config.sizes, config.siteurl)


def scaled_height(source: SourceImage, width: int) -> int:
    return max(1, round(source.height * width / source.width))


def srcset(variants: list[Variant], siteurl: str) -> str:
    return ", ".join(f"{siteurl}/{quote(v.output)} {v.width}w" for v in variants)


def make(source: SourceImage, variants: list[Variant], config: Config, folder: str) -> None:
    """Decode ``source`` once and save every variant into ``folder`` (names: Variant.cache_name)."""
    largest = max(variants, key=lambda v: v.width)
    image = open_upright(source.path, draft_size=(largest.width, largest.height))
    for width, height in sorted({(v.width, v.height) for v in variants}, reverse=True):
        resized = basic_ops["resize"](image, str(width), str(height))
        if source.palette:
            # Back to 256 colours: resizing blends a graphic's few colours into thousands,
            # which PNG and lossless WebP store badly.
            resized = resized.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        for variant in (v for v in variants if v.width == width):
            target = os.path.join(folder, variant.cache_name)
            if (width, height) == (source.width, source.height) and variant.format == source.format \
                    and source.upright:
                _copy_without_metadata(source, target)  # the original itself: no second encoding
            else:
                save(resized, target, variant.format, config, graphic=source.palette)


def _copy_without_metadata(source: SourceImage, target: str) -> None:
    with open(source.path, "rb") as handle:
        data = strip_metadata(handle.read(), source.format)
    with open(target, "wb") as handle:
        handle.write(data)


def save(image, path: str, fmt: str, config: Config, graphic: bool = False) -> None:
    """Save without any metadata (``info`` of the image is empty, nothing is passed)."""
    if fmt == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(path, "JPEG", quality=config.jpeg_quality, optimize=True, progressive=True)
    elif fmt == "WEBP" and graphic:
        image.save(path, "WEBP", lossless=True, method=4)
    elif fmt == "WEBP":
        image.save(path, "WEBP", quality=config.webp_quality, method=4)
    else:
        image.save(path, fmt)
