"""news_navigation: the ways from one news post to the next, made once per build.

Adds, on ``article_generator_finalized``, so that no page computes them while it renders:
``article.related_news`` (posts about the same projects or with the same tags),
``article.older_news`` / ``article.newer_news`` (neighbours by date), and in the context
``front_news`` (the home page's newest posts), ``news_sections`` and ``news_years``. They
are plain data (title, url, date), not posts, so a page is rendered again only when what
it shows changes.

Related posts: a shared project counts ``project_weight``, a shared tag 1; ties go to the
post nearest in time. Only the ``window`` posts nearest in time in each project's and
tag's list are candidates, so the cost grows with the posts, not with their square.

Settings read: NEWS_NAVIGATION (keys and defaults in DEFAULTS, documented in its
README.md), PORTAL_CATEGORIES (order of the sections), YEAR_ARCHIVE_URL.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import NamedTuple

from pelican import signals

from portalbuild.shared.options import plugin_options

__all__ = ["register", "NewsLink", "related_news"]

MICROSECOND = timedelta(microseconds=1)
SETTING = "NEWS_NAVIGATION"
DEFAULTS = {
    "related": 3,         # related posts shown under a post
    "front_news": 9,      # newest posts handed to the home page
    "window": 8,          # candidates taken from either side of a post in each project's and tag's list
    "project_weight": 3,  # a shared project counts as this many shared tags
}


class NewsLink(NamedTuple):
    title: str
    url: str
    date: object  # the post's datetime


def link_to(article) -> NewsLink:
    return NewsLink(str(article.title), article.url, article.date)


def _groups(article) -> list[tuple[str, int]]:
    """The keys of the lists a post is in, with the weight a shared one counts (set below)."""
    keys = [("project:" + project.slug, 0) for project in getattr(article, "project_cards", None) or ()]
    keys += [("tag:" + tag.slug, 1) for tag in getattr(article, "tags", None) or ()]
    return keys


def related_news(articles: list, count: int, window: int, project_weight: int) -> dict[int, list]:
    """For each post (by id), up to ``count`` related posts, best first.

    ``articles`` is the news list, newest first. Linear in the number of posts times the
    number of each post's projects and tags times ``window``."""
    groups = [_groups(article) for article in articles]
    members: dict[str, list[int]] = defaultdict(list)  # posts by number, newest first
    place: dict[tuple[str, int], int] = {}  # (list, post) -> the post's place in that list
    for number, keys in enumerate(groups):
        for key, _ in keys:
            place[(key, number)] = len(members[key])
            members[key].append(number)
    # Distances in time as whole microseconds from one post: exact, so equally distant
    # posts tie (and the newer wins) as they do between the dates themselves.
    moments = [(article.date - articles[0].date) // MICROSECOND for article in articles]
    related = {}
    for number, keys in enumerate(groups):
        scores: dict[int, int] = {}
        for key, kind in keys:
            group, here = members[key], place[(key, number)]
            weight = project_weight if kind == 0 else 1
            for other in group[max(0, here - window):here + window + 1]:
                if other != number:
                    scores[other] = scores.get(other, 0) + weight
        when = moments[number]
        ranked = sorted([(-score, abs(moments[other] - when), other) for other, score in scores.items()])
        related[id(articles[number])] = [articles[other] for _, _, other in ranked[:count]]
    return related


def add_navigation(generator) -> None:
    options = plugin_options(generator.settings, SETTING, DEFAULTS)
    articles = generator.articles  # published posts, newest first
    related = related_news(articles, options["related"], options["window"], options["project_weight"])
    links = {id(article): link_to(article) for article in articles}
    for number, article in enumerate(articles):
        article.related_news = [links[id(other)] for other in related[id(article)]]
        article.newer_news = links[id(articles[number - 1])] if number > 0 else None
        article.older_news = links[id(articles[number + 1])] if number + 1 < len(articles) else None
    context = generator.context
    context["front_news"] = articles[:options["front_news"]]
    context["news_sections"] = sections(generator.categories, generator.settings.get("PORTAL_CATEGORIES") or [])
    context["news_years"] = years(articles, generator.settings.get("YEAR_ARCHIVE_URL", ""))


def sections(categories, order: list[str]) -> list[tuple[str, str]]:
    rank = {name: number for number, name in enumerate(order)}
    named = sorted((category for category, _ in categories), key=lambda c: (rank.get(c.name, len(rank)), c.name))
    return [(category.name, category.url) for category in named]


def years(articles: list, url_format: str) -> list[tuple[int, str]]:
    seen: dict[int, str] = {}
    for article in articles:
        if article.date.year not in seen:
            seen[article.date.year] = url_format.format(date=article.date) if url_format else ""
    return sorted(seen.items(), reverse=True)


def register():
    signals.article_generator_finalized.connect(add_navigation)
