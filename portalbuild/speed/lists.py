"""Linear grouping of posts where Pelican 4.12 scans a list for each post.

* ``group_members()`` (a context manager, during a fast build): when the articles generator
  has finished its context (signal ``article_generator_finalized``), each tag's, category's
  and author's list of posts answers ``post in posts`` from a set of identities (content
  objects define no ``__eq__``, so ``in`` compares identities). Pelican's page loops take
  each group's ``dates`` with ``[a for a in self.dates if a in articles]``, a scan of the
  group for every post of the site, in every process that renders.
* ``grouped_process_translations`` (a patch, portalbuild/speed/patches.py): Pelican's
  ``process_translations`` ends with ``[x for x in content_list if x not in index]``; here
  it runs on each group of posts with the same slug, so each scan is of one group.
* ``linear_build_period_archives`` (a patch): Pelican builds the archives with no
  ``articles``, and each period's list is filled by identity instead of
  ``[a for a in articles if a in dates]``.

Reads no settings.
"""

from __future__ import annotations

import contextlib
from itertools import groupby
from operator import attrgetter

from pelican import generators, signals

_original_process_translations = generators.process_translations
_original_build_period_archives = generators.ArticlesGenerator._build_period_archives


class MemberList(list):
    """A list of posts whose ``in`` looks the post up by identity, as list's ``in`` finds it."""

    def __init__(self, items=()):
        super().__init__(items)
        self._ids = {id(item) for item in self}

    def __contains__(self, item) -> bool:
        return id(item) in self._ids


def index_groups(generator) -> None:
    """The generator's tag, category and author lists of posts as MemberLists (in place: the
    context holds the same dict and lists)."""
    for tag, posts in list(generator.tags.items()):
        generator.tags[tag] = MemberList(posts)
    for groups in (generator.categories, generator.authors):
        groups[:] = [(item, MemberList(posts)) for item, posts in groups]


def _on_finalized(generator) -> None:
    if isinstance(generator, generators.ArticlesGenerator):
        index_groups(generator)


@contextlib.contextmanager
def group_members():
    """While active, the articles generator's tag, category and author lists are MemberLists."""
    signals.article_generator_finalized.connect(_on_finalized)
    try:
        yield
    finally:
        signals.article_generator_finalized.disconnect(_on_finalized)


def grouped_process_translations(content_list, translation_id=None):
    if not translation_id:
        return _original_process_translations(content_list, translation_id)
    key = attrgetter(*({translation_id} if isinstance(translation_id, str) else translation_id))
    try:
        content_list.sort(key=key)
    except (TypeError, AttributeError):
        return _original_process_translations(content_list, translation_id)  # it words the error
    index, translations = [], []
    for _, group in groupby(content_list, key):
        originals, others = _original_process_translations(list(group), translation_id)
        index.extend(originals)
        translations.extend(others)
    return index, translations


def linear_build_period_archives(self, sorted_articles, articles, settings):
    period_archives = _original_build_period_archives(self, sorted_articles, [], settings)
    for archives in period_archives.values():
        for archive in archives:
            members = {id(article) for article in archive["dates"]}
            archive["articles"] = [article for article in articles if id(article) in members]
    return period_archives
