"""RSS 2.0, Atom 1.0 (with feedgen) and JSON Feed 1.1 bytes of one Feed.

feedgen choices, made knowingly:
* feedgen2 (import name `feedgen`) writes rel, type and length on Atom entry
  links; feedgen 1.0.0 dropped them (upstream issues 135 and 143), losing the
  Atom enclosure.
* `updated()` is always set, from the newest item: feedgen defaults both
  atom:updated and rss:lastBuildDate (and each entry's updated) to the clock.
* entries are added with order='append' after sorting newest first; feedgen
  prepends by default.
* the RSS channel <link> is the href of the *last* FeedGenerator.link() call,
  so the self link is added first and the HTML page last.
* RSS <author> needs an e-mail address, so the author's name goes out as
  dc:creator in RSS and as atom:author/name in Atom.
* no <?xml-stylesheet?>: people read a feed on its HTML page (feeds/visas/ …), which
  works in every browser and under the site's CSP; Chromium is dropping XSLT and lays
  an English banner over XSLT pages.
* Each article's absolute HTML, FeedEntry and finished <item>/<entry> elements
  are made once and copied into every feed that lists it.
"""

from __future__ import annotations

import copy
import html
import json
from datetime import datetime, UTC

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

from .catalogue import Feed
from .config import FeedConfig
from .items import FeedItem
from .markup import absolute_html, clean, plain_text

RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ICON_SIZE = "144"  # theme/static/feeds/icon.png; RSS allows at most 144 px wide
# An empty feed has no newest item; a fixed date keeps the bytes reproducible.
EMPTY_FEED_UPDATED = datetime(2020, 1, 1, tzinfo=UTC)


class ReusedEntry(FeedEntry):
    """A FeedEntry that builds its <item> and <entry> elements once and hands out copies.

    An article is listed by several feeds (all news, its category, each tag and project);
    copying the finished element is far cheaper than feedgen building it again.
    """

    def __init__(self):
        super().__init__()
        self._built = {}

    def rss_entry(self, extensions=True):
        return self._reuse("rss", super().rss_entry, extensions)

    def atom_entry(self, extensions=True):
        return self._reuse("atom", super().atom_entry, extensions)

    def _reuse(self, kind, build, extensions):
        if (kind, extensions) not in self._built:
            self._built[kind, extensions] = build(extensions)
        return copy.deepcopy(self._built[kind, extensions])


class Renderer:
    """Makes each item's absolute HTML and FeedEntry once, however many feeds list it."""

    def __init__(self, config: FeedConfig):
        self.config = config
        self._html: dict[FeedItem, tuple[str, str]] = {}
        self._entries: dict[FeedItem, FeedEntry] = {}

    def html(self, item: FeedItem) -> tuple[str, str]:
        """(full text, summary) of the item as HTML with absolute links."""
        if item not in self._html:
            article = item.article
            content = absolute_html(_figure(item) + (article.content or ""), item.url)
            summary = absolute_html(article.summary or "", item.url)
            self._html[item] = (content, summary)
        return self._html[item]

    def entry(self, item: FeedItem) -> FeedEntry:
        if item not in self._entries:
            self._entries[item] = self._make_entry(item)
        return self._entries[item]

    def _make_entry(self, item: FeedItem) -> FeedEntry:
        content, summary = self.html(item)
        entry = ReusedEntry()
        entry.load_extension("media")
        entry.load_extension("dc", atom=False)
        # The id is not the URL (that changes with the slug), so not a permalink.
        entry.guid(item.id, permalink=False)
        entry.title(item.title)
        entry.link(href=item.url, rel="alternate", type="text/html")
        if item.image:
            image = item.image
            entry.link(href=image.url, rel="enclosure", type=image.mime, length=str(image.length))
            entry.media.content(url=image.url, fileSize=str(image.length), type=image.mime,
                                medium="image", group=None)
        entry.published(item.published)
        entry.updated(item.updated)
        entry.author(name=item.author)
        entry.dc.dc_creator(item.author)
        entry.category(_categories(item, self.config))
        entry.summary(summary, type="html")
        entry.content(content, type="html")
        return entry


def _figure(item: FeedItem) -> str:
    """The featured image at the top of the text, so readers that ignore enclosures show it too."""
    if not item.image:
        return ""
    image = item.image
    caption = f"<figcaption>{html.escape(image.caption)}</figcaption>" if image.caption else ""
    return (f'<figure><img src="{html.escape(image.url)}" alt="{html.escape(image.alt)}">'
            f"{caption}</figure>\n")


def _categories(item: FeedItem, config: FeedConfig) -> list[dict]:
    categories = []
    if item.category:
        categories.append({"term": item.category.name, "label": item.category.name,
                           "scheme": config.category_scheme})
    for tag in item.tags:
        categories.append({"term": tag.name, "label": tag.name, "scheme": config.tag_scheme})
    return categories


def newest_update(items: list[FeedItem]) -> datetime:
    return max((item.updated for item in items), default=EMPTY_FEED_UPDATED)


def _generator(feed: Feed, items: list[FeedItem], renderer: Renderer, self_path: str,
               self_type: str) -> FeedGenerator:
    config = renderer.config
    generator = FeedGenerator()
    generator.load_extension("media")
    generator.load_extension("dc", atom=False)
    generator.id(f"tag:{config.id_authority},{config.id_date}:{feed.base}")
    generator.title(clean(feed.title))
    generator.description(clean(feed.description))
    generator.language(config.language)
    generator.author(name=config.author, uri=config.absolute(""))
    generator.link(href=config.absolute(self_path), rel="self", type=self_type)
    generator.link(href=feed.page_url, rel="alternate", type="text/html")  # last: RSS <link>
    icon = config.absolute(config.options["icon"])
    generator.icon(icon)
    generator.image(url=icon, title=clean(feed.title), link=feed.page_url,
                    width=ICON_SIZE, height=ICON_SIZE)
    generator.updated(newest_update(items))
    for item in items:  # already newest first; feedgen would prepend without order='append'
        generator.add_entry(renderer.entry(item), order="append")
    return generator


def rss_bytes(feed: Feed, items: list[FeedItem], renderer: Renderer) -> bytes:
    generator = _generator(feed, items, renderer, feed.rss_path, RSS_TYPE)
    return generator.rss_str(pretty=True)


def atom_bytes(feed: Feed, items: list[FeedItem], renderer: Renderer) -> bytes:
    generator = _generator(feed, items, renderer, feed.atom_path, ATOM_TYPE)
    return generator.atom_str(pretty=True)


def json_bytes(feed: Feed, items: list[FeedItem], renderer: Renderer) -> bytes:
    config = renderer.config
    document = {
        "version": JSON_FEED_VERSION,
        "title": clean(feed.title),
        "home_page_url": feed.page_url,
        "feed_url": config.absolute(feed.json_path),
        "description": clean(feed.description),
        "icon": config.absolute(config.options["icon"]),
        "favicon": config.absolute(config.options["favicon"]),
        "authors": [{"name": config.author, "url": config.absolute("")}],
        "language": config.language,
        "items": [_json_item(item, renderer) for item in items],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_item(item: FeedItem, renderer: Renderer) -> dict:
    content, summary = renderer.html(item)
    data = {
        "id": item.id,
        "url": item.url,
        "title": item.title,
        "content_html": content,
        "summary": plain_text(summary),
        "date_published": item.published.isoformat(),
        "date_modified": item.updated.isoformat(),
        "authors": [{"name": item.author}],
        "tags": [term.name for term in ([item.category] if item.category else []) + item.tags],
        "language": renderer.config.language,
    }
    if item.image:
        data["image"] = item.image.url
        data["attachments"] = [{"url": item.image.url, "mime_type": item.image.mime,
                                "size_in_bytes": item.image.length}]
    return data


def feed_files(feed: Feed, items: list[FeedItem], renderer: Renderer):
    """(output path, bytes) of every file of the feed."""
    yield feed.rss_path, rss_bytes(feed, items, renderer)
    yield feed.atom_path, atom_bytes(feed, items, renderer)
    if feed.json_path:
        yield feed.json_path, json_bytes(feed, items, renderer)
