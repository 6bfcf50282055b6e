"""feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 for subscribers and newsrooms (built on feedgen).

Adds to the output:
    feeds/visas.rss.xml, feeds/visas.atom.xml, feeds/visas.json   all news
    feeds/kategorija/{slug}.rss.xml|.atom.xml                       each category
    feeds/birka/{slug}.rss.xml|.atom.xml                            each tag
    feeds/projekts/{slug}.rss.xml|.atom.xml                         each project slug named in
                                                                    a published post's `Projects:`
    feeds/index.html (template feeds.html)                          the page listing every feed
    feeds/visas/, feeds/kategorija/{slug}/, feeds/birka/{slug}/,    each feed's page for people
    feeds/projekts/{slug}/ (template feed.html)                     (what it is, its addresses to
                                                                    copy, its newest items)
Adds to the template context:
    feed_catalogue   every feed (title, description, paths); components/head_feeds.html
                     announces a page's feeds from it.
Items carry the full text with absolute links, a stable tag: id (see items.py), the featured
image (`Image:`) as enclosure and Media RSS, Riga-time dates; drafts and future posts never
appear. The same input gives byte-identical feeds (dates come from the items, not the clock).

Settings read:
    FEEDS (one dict; every key and its default in config.DEFAULTS, documented in its README.md),
    SITENAME, SITEURL and PREVIEW_SITEURL (the feeds' base, portalbuild/shared/siteaddress.py),
    TIMEZONE, PATH, STATIC_URL, CATEGORY_URL, TAG_URL, CATEGORIES_URL, TAGS_URL, RELATIVE_URLS.
Reads from the context: ``projects`` (plugin project_cards), for project feeds' names and pages.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from functools import partial

from pelican import signals
from pelican.generators import ArticlesGenerator

from portalbuild.shared import background
from portalbuild.shared.errors import ContentError
from portalbuild.shared.perbuild import PerBuild

from .catalogue import build_catalogue
from .config import read_config
from .items import make_items
from .render import Renderer, feed_files

__all__ = ["register"]

CONTEXT_KEY = "feed_catalogue"
# Each build's background writing of feed files: the call that waits for it, if started.
WRITING = PerBuild(lambda pelican: [])
# Fewer items in all feeds together than this are written at once, in Pelican's process.
BACKGROUND_MINIMUM_ITEMS = 200


def prepare_feeds(generators) -> None:
    """After every generator has read its content: check the items and plan the feeds.

    Runs outside Pelican's per-file error handling, so a ContentError stops the build
    with every problem listed before anything is written.
    """
    generator = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if generator is None:
        return
    config, problems = read_config(generator.settings)
    items, item_problems = make_items(generator.articles, config, datetime.now(UTC))
    problems += item_problems
    if problems:
        raise ContentError(problems)
    catalogue, contents = build_catalogue(items, config, generator.settings, generator.context.get("projects", ()))
    generator.context[CONTEXT_KEY] = catalogue
    generator.feeds_plan = (config, catalogue, contents)
    if sum(len(listed) for listed in contents.values()) >= BACKGROUND_MINIMUM_ITEMS:
        # Nothing the feeds show changes from here on (every content object is final), and the
        # build's next steps leave a core free: written meanwhile, waited for by wait_for_feeds.
        WRITING.of(generator.settings).append(background.start(
            partial(write_feed_files, generator.feeds_plan, generator.output_path), RuntimeError, "feeds: "))


def write_feed_files(plan, output_path: str) -> None:
    config, catalogue, contents = plan
    renderer = Renderer(config)
    for feed in catalogue:
        for path, data in feed_files(feed, contents[feed], renderer):
            write_bytes(os.path.join(output_path, path), data)


def write_feeds(generator, writer) -> None:
    """Write every feed file (unless a forked process writes them: 0.5 s of feedgen at
    10,000 posts, see prepare_feeds), the feeds page and each feed's page, once per build."""
    plan = getattr(generator, "feeds_plan", None)
    if plan is None:
        return
    config, catalogue, contents = plan
    if not WRITING.of(generator.settings):
        write_feed_files(plan, writer.output_path)
    relative_urls = generator.settings["RELATIVE_URLS"]
    writer.write_file(config.options["page_save_as"], generator.get_template("feeds"),
                      generator.context, relative_urls=relative_urls,
                      url=config.options["page_url"], feeds=catalogue,
                      feeds_items_count=config.items)
    template = generator.get_template("feed")
    for feed in catalogue:
        writer.write_file(feed.about_save_as, template, generator.context, relative_urls=relative_urls,
                          url=feed.about_url, feed=feed, feeds=catalogue,
                          feed_addresses=feed_addresses(feed, config), feeds_items_count=config.items,
                          feed_articles=[item.article for item in contents[feed][:config.options["page_items"]]])


def feed_addresses(feed, config) -> list[tuple[str, str, str, str]]:
    """(format, MIME type, path, absolute URL) of each file of the feed: the addresses to copy."""
    found = [("RSS", "application/rss+xml", feed.rss_path), ("Atom", "application/atom+xml", feed.atom_path)]
    if feed.json_path:
        found.append(("JSON Feed", "application/feed+json", feed.json_path))
    return [(name, mime, path, config.absolute(path)) for name, mime, path in found]


def write_bytes(path: str, data: bytes) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)


def wait_for_feeds(pelican) -> None:
    """Before Pelican ends: the feed files are all written (or the error is raised)."""
    for wait in WRITING.end(pelican) or ():
        wait()


def register():
    signals.initialized.connect(WRITING.start)
    signals.all_generators_finalized.connect(prepare_feeds)
    signals.article_writer_finalized.connect(write_feeds)
    signals.finalized.connect(wait_for_feeds)
