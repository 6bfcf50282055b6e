"""One FeedItem per published article: the facts every feed format needs, checked once.

Ids: an item's id is `tag:{id_authority},{YYYY-MM-DD}:{source path}` (RFC 4151),
made from the article's date and its file under content/, so it survives a new
title or slug. An explicit `Guid:` (or `Feed_id:`) line in the front matter wins:
set it to the old id before moving or re-dating a published post.
"""

from __future__ import annotations

import mimetypes
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from urllib.parse import quote

from portalbuild.shared.errors import ContentProblem

from .config import FeedConfig
from .markup import clean

PROJECT_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_METADATA = ("guid", "feed_id")
URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
# mimetypes knows the common ones; these are spelled out so that the result does
# not depend on the host's /etc/mime.types.
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".webp": "image/webp", ".avif": "image/avif", ".svg": "image/svg+xml"}


@dataclass(frozen=True)
class Term:
    """A category, tag or project an item belongs to."""
    name: str
    slug: str


@dataclass(frozen=True)
class Enclosure:
    url: str
    length: int
    mime: str
    alt: str
    caption: str


@dataclass(eq=False)
class FeedItem:
    article: object  # the Pelican Article; its HTML is rendered lazily, once
    id: str
    url: str
    title: str
    published: datetime
    updated: datetime
    author: str
    source: str
    category: Term | None
    tags: list[Term] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    image: Enclosure | None = None

    @property
    def sort_key(self):
        return (self.published, self.source)


def make_items(articles, config: FeedConfig, now: datetime) -> tuple[list[FeedItem], list[ContentProblem]]:
    """Items of the published, already-dated articles, newest first, and every problem found."""
    items, problems = [], []
    for article in articles:
        if getattr(article, "status", "published") != "published" or article.date > now:
            continue  # drafts and future posts never reach a feed, whatever the settings
        item, found = make_item(article, config)
        problems += found
        if item is not None:
            items.append(item)
    problems += _duplicate_ids(items)
    items.sort(key=lambda item: item.sort_key, reverse=True)
    return items, problems


def make_item(article, config: FeedConfig) -> tuple[FeedItem | None, list[ContentProblem]]:
    source = _source_path(article)
    item_id, problems = _item_id(article, source, config)
    image, image_problems = _enclosure(article, config)
    projects, project_problems = _projects(article)
    problems += image_problems + project_problems
    if problems:
        return None, problems
    published = article.date.astimezone(config.timezone)
    modified = getattr(article, "modified", None)
    return FeedItem(
        article=article, id=item_id, url=config.absolute(article.url), title=clean(article.title),
        published=published,
        updated=max(published, modified.astimezone(config.timezone)) if modified else published,
        author=clean(str(getattr(article, "author", "") or "")) or config.author, source=source,
        category=_term(getattr(article, "category", None)),
        tags=sorted({_term(tag) for tag in getattr(article, "tags", None) or []}, key=term_sort_key),
        projects=projects, image=image,
    ), []


@lru_cache(maxsize=4096)  # the same ~70 terms, listed by 10,000 items
def term_sort_key(term: Term):
    """Alphabetical, with Latvian letters beside their base letter (ā by a, š by s)."""
    decomposed = unicodedata.normalize("NFD", term.name.casefold())
    return ("".join(c for c in decomposed if not unicodedata.combining(c)), term.name, term.slug)


def _term(value) -> Term | None:
    if value is None:
        return None
    name = str(value)
    return _named_term(name, value.slug) if name.strip() else None


@lru_cache(maxsize=4096)  # every post has Tag objects of its own for the same few names
def _named_term(name: str, slug: str) -> Term:
    return Term(name=clean(name), slug=slug)


def _source_path(article) -> str:
    relative = getattr(article, "relative_source_path", None) or os.path.basename(article.source_path)
    return relative.replace(os.sep, "/")


def _item_id(article, source: str, config: FeedConfig) -> tuple[str, list[ContentProblem]]:
    for key in ID_METADATA:
        given = str(article.metadata.get(key, "") or "").strip()
        if given:
            if URI_SCHEME.match(given):
                return given, []
            return "", [ContentProblem(
                article.source_path, f"{given!r} is not a URI", "write a URI such as "
                f"'tag:{config.id_authority},2020-08-15:news/2020/x.md', or remove the line",
                field=key.capitalize())]
    date = article.date.astimezone(config.timezone).strftime("%Y-%m-%d")
    return f"tag:{config.id_authority},{date}:{quote(source, safe='/-._~')}", []


def _duplicate_ids(items: list[FeedItem]) -> list[ContentProblem]:
    seen: dict[str, FeedItem] = {}
    problems = []
    for item in items:
        first = seen.setdefault(item.id, item)
        if first is not item:
            problems.append(ContentProblem(
                item.article.source_path, f"its feed id {item.id!r} is also the id of {first.source}",
                "give each post its own 'Guid:' line, or remove the copied one", field="Guid"))
    return problems


def _projects(article) -> tuple[list[str], list[ContentProblem]]:
    """The slugs of the comma-separated `projects` metadata, as the author wrote them."""
    raw = article.metadata.get("projects", "") or ""
    slugs = [slug.strip() for slug in str(raw).split(",") if slug.strip()]
    bad = [slug for slug in slugs if not PROJECT_SLUG.match(slug)]
    if bad:
        return [], [ContentProblem(
            article.source_path, f"{', '.join(map(repr, bad))} is not a project slug",
            "write project slugs in lower-case ASCII with hyphens, comma-separated, e.g. "
            "'Projects: pure-water, crafts'", field="Projects")]
    return list(dict.fromkeys(slugs)), []


def _enclosure(article, config: FeedConfig) -> tuple[Enclosure | None, list[ContentProblem]]:
    path = str(article.metadata.get("image", "") or "").strip()
    if not path:
        return None, []
    path = path.removeprefix("{static}").lstrip("/")
    full = os.path.join(config.content_path, path)
    mime = IMAGE_TYPES.get(os.path.splitext(path)[1].lower()) or mimetypes.guess_type(path)[0]
    if not os.path.isfile(full):
        return None, [ContentProblem(
            article.source_path, f"the image {path!r} does not exist under content/",
            "put the file there or correct the path, e.g. 'Image: images/news/2020/x.png'", field="Image")]
    if not mime or not mime.startswith("image/"):
        return None, [ContentProblem(
            article.source_path, f"{path!r} is not an image type feeds know",
            "use a PNG, JPEG, GIF, WebP, AVIF or SVG file", field="Image")]
    url = config.absolute(quote(config.static_url.format(path=path), safe="/-._~"))
    return Enclosure(url=url, length=os.path.getsize(full), mime=mime,
                     alt=clean(str(article.metadata.get("image_alt", "") or "")),
                     caption=clean(str(article.metadata.get("image_caption", "") or ""))), []
