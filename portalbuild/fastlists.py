"""Make Pelican's per-tag, per-category and per-author page loops linear.

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
"""

from __future__ import annotations


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
