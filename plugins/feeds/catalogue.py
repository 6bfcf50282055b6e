"""Which feeds exist and what each one lists: one pass over the items.

URLs: feeds/visas.{rss.xml,atom.xml,json}, feeds/kategorija/{slug}.…,
feeds/birka/{slug}.…, feeds/projekts/{slug}.… (RSS and Atom); beside each, its page for
people: feeds/visas/, feeds/kategorija/{slug}/, …
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .config import FeedConfig
from .items import FeedItem, Term, term_sort_key
from .markup import clean

KINDS = {  # kind: (folder under feeds/, URL of its HTML page)
    "all": ("", None),
    "category": ("kategorija", "CATEGORY_URL"),
    "tag": ("birka", "TAG_URL"),
    "project": ("projekts", None),
}


@dataclass(frozen=True)
class Feed:
    """What templates and readers see of a feed; small, since templates hash their inputs."""
    kind: str
    slug: str
    name: str
    title: str
    description: str
    page_url: str  # absolute URL of the HTML page the feed follows
    page_path: str  # the same, relative to SITEURL
    base: str  # output path without extension, e.g. feeds/kategorija/transports

    @property
    def rss_path(self) -> str:
        return f"{self.base}.rss.xml"

    @property
    def atom_path(self) -> str:
        return f"{self.base}.atom.xml"

    @property
    def json_path(self) -> str | None:
        return f"{self.base}.json" if self.kind == "all" else None

    @property
    def about_url(self) -> str:
        """The feed's page for people (what it is, its addresses, its items), relative to SITEURL."""
        return f"{self.base}/"

    @property
    def about_save_as(self) -> str:
        return f"{self.base}/index.html"


@dataclass
class Catalogue:
    """Every feed of the site; templates read it as `feed_catalogue` (page_url: the /feeds/ page)."""
    all: Feed
    categories: dict[str, Feed]
    tags: dict[str, Feed]
    projects: dict[str, Feed]
    page_url: str

    def __iter__(self):
        yield self.all
        for group in (self.categories, self.tags, self.projects):
            yield from group.values()


def build_catalogue(items: list[FeedItem], config: FeedConfig, settings: dict,
                    projects: Iterable = ()) -> tuple[Catalogue, dict[Feed, list[FeedItem]]]:
    """Every feed, and the items of each: the newest `config.items` (items come newest first).

    ``projects``: the project pages the project_cards plugin read (its context's ``projects``),
    which give project feeds their names and pages.
    """
    groups: dict[str, dict[str, list[FeedItem]]] = defaultdict(lambda: defaultdict(list))
    names: dict[tuple[str, str], str] = {}
    for item in items:
        for kind, term in _memberships(item):
            groups[kind][term.slug].append(item)
            names.setdefault((kind, term.slug), term.name)
    project_pages = {project.slug: project for project in projects}
    every = _feed("all", Term(config.sitename, "visas"), config, settings)
    contents = {every: items[:config.items]}

    def feeds_of(kind, name_of):
        feeds = {}
        for slug in sorted(groups[kind], key=lambda slug: term_sort_key(Term(name_of(slug), slug))):
            feeds[slug] = _feed(kind, Term(name_of(slug), slug), config, settings, project_pages.get(slug))
            contents[feeds[slug]] = groups[kind][slug][:config.items]
        return feeds

    catalogue = Catalogue(
        all=every,
        categories=feeds_of("category", lambda slug: names[("category", slug)]),
        tags=feeds_of("tag", lambda slug: names[("tag", slug)]),
        projects=feeds_of("project", lambda slug: clean(project_pages[slug].title) if slug in project_pages else slug),
        page_url=config.options["page_url"],
    )
    return catalogue, contents


def _memberships(item: FeedItem):
    if item.category:
        yield "category", item.category
    for tag in item.tags:
        yield "tag", tag
    for slug in item.projects:
        yield "project", Term(slug, slug)


def _feed(kind: str, term: Term, config: FeedConfig, settings: dict, project=None) -> Feed:
    folder, url_setting = KINDS[kind]
    base = "/".join(filter(None, ("feeds", folder, term.slug)))
    if kind == "all":
        page = ""
    elif kind == "project":
        # A project without a page (the project_cards plugin is off) follows the feed's own page.
        page = project.url if project is not None else f"{base}/"
    else:
        page = settings[url_setting].format(slug=term.slug)
    return Feed(kind=kind, slug=term.slug, name=term.name,
                title=config.text(f"title_{kind}", name=term.name),
                description=config.text(f"description_{kind}", name=term.name),
                page_url=config.absolute(page), page_path=page, base=base)
