"""Make Pelican's per-tag, per-category and per-author page loops linear, and its groupings.

For each tag (category, author) Pelican 4.12 writes the list pages with
``dates = [article for article in self.dates if article in articles]``: a scan of
the tag's article list for every article of the site. That is quadratic: with
~60 tags and 10,000 posts it is some 3·10⁸ comparisons, seconds in every process
that renders. Content objects compare by identity (they define no ``__eq__``),
so a list that answers ``in`` from a set of ids gives the same result in O(1).

``index_article_lists(generator)`` swaps, in place, the lists of the articles
generator's ``tags``, ``categories`` and ``authors`` (the very objects in its
context) for such lists, once every generator has finished its context (when
the fast build takes over the writing). They are still lists, in the same order.

``linear_groupings()`` (a context manager, active during a fast build) makes two
more of Pelican 4.12's steps linear, with the same results in the same order:

* ``process_translations`` ends with ``[x for x in content_list if x not in index]``,
  a scan of the list of originals for each post (5·10⁷ comparisons at 10,000
  posts): here it is run group by group (posts with the same slug), so each scan
  is of one group;
* ``_build_period_archives`` gives each year its posts with
  ``[a for a in articles if a in dates]``, a scan of the year's posts for each post
  of the site: here Pelican builds the archives with no ``articles`` and each
  year's list is filled by identity.
"""

from __future__ import annotations

from itertools import groupby
from operator import attrgetter

from pelican import generators


class IdentityList(list):
    """A list whose ``in`` is by identity through a set: only for items without ``__eq__``."""

    def __init__(self, items):
        super().__init__(items)
        self._ids = {id(item) for item in self}

    def __contains__(self, item) -> bool:
        return id(item) in self._ids


def index_article_lists(generator) -> None:
    for tag, articles in list(generator.tags.items()):
        generator.tags[tag] = IdentityList(articles)
    for grouping in (generator.categories, generator.authors):
        for number, (wrapper, articles) in enumerate(grouping):
            grouping[number] = (wrapper, IdentityList(articles))


_original_process_translations = generators.process_translations
_original_build_period_archives = generators.ArticlesGenerator._build_period_archives


def _grouped_process_translations(content_list, translation_id=None):
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


def _linear_build_period_archives(self, sorted_articles, articles, settings):
    period_archives = _original_build_period_archives(self, sorted_articles, [], settings)
    for archives in period_archives.values():
        for archive in archives:
            members = {id(article) for article in archive["dates"]}
            archive["articles"] = [article for article in articles if id(article) in members]
    return period_archives


class linear_groupings:
    """Context manager: Pelican's translations and period archives are grouped linearly inside."""

    def __enter__(self):
        generators.process_translations = _grouped_process_translations
        generators.ArticlesGenerator._build_period_archives = _linear_build_period_archives
        return self

    def __exit__(self, *exc):
        generators.process_translations = _original_process_translations
        generators.ArticlesGenerator._build_period_archives = _original_build_period_archives
