"""Find the file an image reference names and read what the build needs from its header.

A reference is what an author writes: `Image: images/news/2020/x.png` in the front
matter, or the `src` of an image in the body. Paths without a prefix, and paths
starting with `/`, are site paths: they name a file under content/ (where
STATIC_PATHS publishes it at the same path). `{static}` and `{attach}` work as in
Pelican: `{static}/images/x.png` from content/, `{static}x.png` beside the post.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from PIL import Image, ImageOps, UnidentifiedImageError

from .config import RASTER_FORMATS, Config

LINK_PREFIX = re.compile(r"^(?:\{(?P<what>static|attach|filename)\}|\|(?P<legacy>static|attach|filename)\|)")
# EXIF orientations that turn the picture by 90 degrees, swapping width and height.
TURNED = {5, 6, 7, 8}


class ImageProblem(Exception):
    """Something wrong with one image, worded for the author: what is wrong, and the fix."""

    def __init__(self, problem: str, fix: str):
        super().__init__(problem)
        self.problem, self.fix = problem, fix


@dataclass(frozen=True)
class SourceImage:
    path: str        # absolute path of the file under content/
    relative: str    # the same, relative to content/, with forward slashes
    format: str      # Pillow's format name, or "SVG"
    width: int       # as displayed (EXIF orientation applied); 0 for SVG
    height: int
    animated: bool = False
    palette: bool = False  # a palette image (flat graphics: charts, infographics)
    upright: bool = True   # stored as displayed (no EXIF orientation to apply)

    @property
    def raster(self) -> bool:
        return self.format in RASTER_FORMATS and not self.animated


def resolve(reference: str, content_source: str, config: Config) -> str | None:
    """Absolute path of the file ``reference`` names, or None for an image on another site."""
    reference = reference.strip()
    prefix = LINK_PREFIX.match(reference)
    if prefix:
        path = unquote(urlsplit(reference[prefix.end():]).path)
        base = config.content_path if path.startswith("/") else os.path.dirname(content_source)
        return _inside_content(os.path.join(base, path.lstrip("/")), reference, config)
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc:
        if not (config.siteurl and reference.startswith(config.siteurl + "/")):
            return None
        parts = urlsplit(reference[len(config.siteurl):])
    site_path = unquote(parts.path)
    site_prefix = urlsplit(config.siteurl).path.rstrip("/")
    if site_prefix and site_path.startswith(site_prefix + "/"):
        site_path = site_path[len(site_prefix):]
    return _inside_content(os.path.join(config.content_path, site_path.lstrip("/")), reference, config)


def _inside_content(path: str, reference: str, config: Config) -> str:
    path = os.path.normpath(path)
    if os.path.commonpath([path, config.content_path]) != config.content_path:
        raise ImageProblem(f"the image path {reference!r} points outside the content folder",
                           "keep images under content/images/ and write the path from there, "
                           "e.g. 'images/news/2020/x.jpg'")
    return path


def inspect(path: str, reference: str, config: Config) -> SourceImage:
    """Check the file exists, is not too big and is a web image; read its size and format."""
    relative = os.path.relpath(path, config.content_path).replace(os.sep, "/")
    if not os.path.isfile(path):
        raise ImageProblem(f"the image {reference!r} does not exist (looked for content/{relative})",
                           "add the file there or correct the path")
    _check_bytes(os.path.getsize(path), reference, config)
    if path.lower().endswith(".svg"):
        return SourceImage(path, relative, "SVG", 0, 0)
    return _read_header(path, relative, reference, config)


def _check_bytes(size: int, reference: str, config: Config) -> None:
    limit = config.max_bytes
    if size > limit:
        raise ImageProblem(
            f"the image {reference!r} is {size / 1e6:.1f} MB, over the limit of {limit / 1e6:.1f} MB",
            "save it smaller (for example at most 2560 px on the long side, JPEG quality 85: the portal "
            "publishes no more), or raise RESPONSIVE_IMAGES['max_bytes'] in pelicanconf.py")


def _read_header(path: str, relative: str, reference: str, config: Config) -> SourceImage:
    try:
        with Image.open(path) as image:
            fmt, (width, height), palette = image.format, image.size, image.mode == "P"
            animated = bool(getattr(image, "is_animated", False))
            orientation = image.getexif().get(0x0112) if fmt == "JPEG" else None
    except Image.DecompressionBombError as error:
        # Pillow refuses to open it at all: far over any sensible size, not damaged.
        raise ImageProblem(f"the image {reference!r} is far too large to open ({error})",
                           "save it smaller (at most 2560 px on the long side: the portal publishes no more)") from error
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise unreadable(reference) from error
    if fmt not in RASTER_FORMATS:
        raise ImageProblem(f"the image {reference!r} is a {fmt} file, which browsers do not show",
                           "save it as JPEG (photos) or PNG (graphics)")
    if width * height > config.max_pixels:
        raise ImageProblem(
            f"the image {reference!r} has {width}×{height} pixels, over the limit of "
            f"{config.max_pixels / 1e6:.0f} megapixels",
            "save it smaller (at most 2560 px on the long side: the portal publishes no more), "
            "or raise RESPONSIVE_IMAGES['max_pixels'] in pelicanconf.py")
    if orientation in TURNED:
        width, height = height, width
    return SourceImage(path, relative, fmt, width, height, animated, palette, orientation in (None, 1))


def unreadable(reference: str) -> ImageProblem:
    return ImageProblem(f"the image {reference!r} cannot be read: the file is damaged or not an image",
                        "export it again as JPEG or PNG and replace the file")


def open_upright(path: str, draft_size: tuple[int, int] | None = None) -> Image.Image:
    """The decoded image, turned upright, in sRGB, with no metadata left in ``info``."""
    with Image.open(path) as image:
        if draft_size and image.format == "JPEG":
            # Decode a large JPEG at a reduced scale (still at least draft_size): much faster.
            image.draft("RGB", _stored_orientation(image, draft_size))
        image.load()
        upright = ImageOps.exif_transpose(image)
    upright = _to_srgb(upright)
    if upright.mode == "CMYK":
        upright = upright.convert("RGB")
    upright.info = {}
    return upright


def _stored_orientation(image: Image.Image, size: tuple[int, int]) -> tuple[int, int]:
    return (size[1], size[0]) if image.getexif().get(0x0112) in TURNED else size


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert an image with an embedded colour profile (Display P3, Adobe RGB) to sRGB."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA"):
        return image
    from io import BytesIO

    from PIL import ImageCms

    try:
        source = ImageCms.ImageCmsProfile(BytesIO(profile))
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"),
                                         outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError):
        return image  # a broken profile: keep the pixels as they are
