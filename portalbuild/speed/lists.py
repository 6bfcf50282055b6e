"""Make Pelican's per-tag, per-category and per-author page loops linear, and its groupings.

``linear_groupings()`` (a context manager, active during a fast build) makes these of
Pelican 4.12's steps linear, with the same results in the same order:

* the tag, category and author page loops give each group its ``dates`` (its posts in
  the order of all posts by date) with ``[article for article in self.dates if article
  in articles]``: a scan of the group's posts for each post of the site, some 3·10⁸
  comparisons with ~60 tags and 10,000 posts, in every process that renders. Here the
  group's posts are sorted by their place among all posts (content objects compare by
  identity: they define no ``__eq__``), in a copy of Pelican's loop;
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

import logging
from itertools import groupby
from operator import attrgetter

from pelican import generators
from pelican.writers import FileOverwriteFailedError

logger = logging.getLogger("pelican.generators")  # Pelican's own messages, from Pelican's logger


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


# Pelican 4.12's tag, category and author page loops: (template and keyword, the groups, the
# words of its messages).
_TAXONOMIES = {
    "generate_tags": ("tag", lambda generator: generator.tags.items(), "Tag", "tags"),
    "generate_categories": ("category", lambda generator: generator.categories, "Category", "categories"),
    "generate_authors": ("author", lambda generator: generator.authors, "Author", "authors"),
}
_original_taxonomy_loops = {name: getattr(generators.ArticlesGenerator, name) for name in _TAXONOMIES}


def _linear_taxonomy_loop(method: str):
    template_name, groups_of, word, plural = _TAXONOMIES[method]

    def generate(self, write):
        """Pelican 4.12's loop, with each group's ``dates`` (its posts in the order of
        ``self.dates``) taken by sorting the group, not by a scan of all posts for each group
        (10,000 posts and 60 tags: 600,000 membership tests in every process that renders)."""
        template = self.get_template(template_name)
        position = {id(article): number for number, article in enumerate(self.dates)}
        for item, articles in groups_of(self):
            members = {id(article): article for article in articles if id(article) in position}
            dates = sorted(members.values(), key=lambda article: position[id(article)])
            try:
                write(item.save_as, template, self.context, url=item.url, **{template_name: item},
                      articles=articles, dates=dates, template_name=template_name, blog=True,
                      page_name=item.page_name, all_articles=self.articles)
            except FileOverwriteFailedError:
                if not item.slug:
                    logger.info(f'{word} "%s" has an invalid slug; skipping writing {template_name} page...', item,
                                extra={"limit_msg": f"Further {plural} with invalid slugs."})
                    continue
                logger.error(f'Failed to write {word} page for "%s".', item)
                raise

    generate.__name__ = method
    return generate


class linear_groupings:
    """Context manager: Pelican's translations, period archives and tag, category and author
    page loops are grouped linearly inside."""

    def __enter__(self):
        generators.process_translations = _grouped_process_translations
        generators.ArticlesGenerator._build_period_archives = _linear_build_period_archives
        for method in _TAXONOMIES:
            setattr(generators.ArticlesGenerator, method, _linear_taxonomy_loop(method))
        return self

    def __exit__(self, *exc):
        generators.process_translations = _original_process_translations
        generators.ArticlesGenerator._build_period_archives = _original_build_period_archives
        for method, original in _original_taxonomy_loops.items():
            setattr(generators.ArticlesGenerator, method, original)
