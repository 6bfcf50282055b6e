"""content_guard: stop the build on content an author got wrong, naming file, line and fix.

Pelican logs a post with a missing title or a bad date, skips it and exits 0, so the post
silently disappears. This plugin reads the front matter of every Markdown article and page
before Pelican does and raises one ContentError listing every problem. After reading, it
also stops two posts or pages at one address, a [[kind:id]] marker no plugin recognised,
and (tags.py) a ';' in `Tags:` or one tag written two ways.

Settings read:
    PORTAL_CATEGORIES      the allowed categories of news posts.
    PORTAL_RESERVED_SLUGS  first path segments a page's Slug may not take.
    CONTENT_GUARD_EXTRA_KEYS  front-matter fields a further plugin reads (others are typos).
    ARTICLE_PATHS, ARTICLE_EXCLUDES, PAGE_PATHS, PAGE_EXCLUDES  which files to check.
    TAG_URL                named in the message about one tag written two ways.
    CACHE_PATH             where the files that passed are remembered (by size and time).
"""

from pelican import signals

from .checks import check_generator_files, check_left_markers, check_unique_addresses
from .tags import check_tag_spellings

__all__ = ["register"]


def check_articles(generator):
    check_generator_files(generator, kind="article")


def check_pages(generator):
    check_generator_files(generator, kind="page")


def check_addresses(generators):
    check_unique_addresses(generators)


def check_markers(generators):
    check_left_markers(generators)


def register():
    signals.article_generator_init.connect(check_articles)
    signals.page_generator_init.connect(check_pages)
    signals.all_generators_finalized.connect(check_addresses)
    signals.all_generators_finalized.connect(check_markers)
    signals.all_generators_finalized.connect(check_tag_spellings)
