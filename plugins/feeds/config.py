"""The FEEDS setting: defaults filled in one place, checked once per build."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from portalbuild.shared.errors import ContentProblem
from portalbuild.shared.options import plugin_options
from portalbuild.shared.siteaddress import site_addresses

# Every key of FEEDS with its default. README.md in this folder documents each one.
DEFAULTS = {
    # How many of the newest items each feed carries.
    "items": 30,
    # Authority and date of the tag: URIs (RFC 4151) used as item and feed ids.
    # They must never change once feeds are published: readers key items on them.
    "id_authority": "lpr.gov.lv",
    "id_date": "2020",
    "language": "lv",
    "author": "",  # empty: SITENAME; used for items without an Author
    "title_all": "{site} — visas ziņas",
    "title_category": "{site} — kategorija „{name}”",
    "title_tag": "{site} — birka „{name}”",
    "title_project": "{site} — projekts „{name}”",
    "description_all": "Visas portāla ziņas, jaunākās vispirms.",
    "description_category": "Ziņas kategorijā „{name}”, jaunākās vispirms.",
    "description_tag": "Ziņas ar birku „{name}”, jaunākās vispirms.",
    "description_project": "Ziņas par projektu „{name}”, jaunākās vispirms.",
    # Paths from the site's root.
    "icon": "theme/feeds/icon.png",
    "favicon": "theme/img/mark.svg",
    # The page that lists every feed (each feed's own page is beside its files: feeds/visas/).
    "page_url": "feeds/",
    "page_save_as": "feeds/index.html",
    # How many of a feed's newest items its page shows.
    "page_items": 10,
}

SETTINGS_FILE = "pelicanconf.py"


@dataclass(frozen=True)
class FeedConfig:
    siteurl: str
    items: int
    id_authority: str
    id_date: str
    language: str
    author: str
    sitename: str
    timezone: ZoneInfo
    content_path: str
    static_url: str
    category_scheme: str  # absolute URL of the list of categories: the scheme of item categories
    tag_scheme: str
    options: dict

    def absolute(self, path: str) -> str:
        """`path` (relative to the site root) as an absolute URL."""
        return f"{self.siteurl}/{path.lstrip('/')}"

    def text(self, key: str, **values) -> str:
        return self.options[key].format(site=self.sitename, **values)


def read_config(settings: dict) -> tuple[FeedConfig, list[ContentProblem]]:
    options = plugin_options(settings, "FEEDS", DEFAULTS)
    problems = _check(options)
    # Absolute in every build: SITEURL, or in a local build the preview's address.
    siteurl = site_addresses(settings).feeds
    config = FeedConfig(
        siteurl=siteurl,
        items=options["items"] if isinstance(options["items"], int) and options["items"] > 0 else DEFAULTS["items"],
        id_authority=options["id_authority"],
        id_date=options["id_date"],
        language=options["language"],
        author=options["author"] or settings.get("SITENAME", ""),
        sitename=settings.get("SITENAME", ""),
        timezone=ZoneInfo(settings.get("TIMEZONE") or "UTC"),
        content_path=settings["PATH"],
        static_url=settings.get("STATIC_URL", "{path}"),
        category_scheme=f"{siteurl}/{settings.get('CATEGORIES_URL', 'categories.html')}",
        tag_scheme=f"{siteurl}/{settings.get('TAGS_URL', 'tags.html')}",
        options=options,
    )
    return config, problems


def _check(options: dict) -> list[ContentProblem]:
    problems = []
    for key, example in (("items", 30), ("page_items", 10)):
        value = options[key]
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            problems.append(ContentProblem(SETTINGS_FILE, f"{value!r} is not a positive whole number",
                                           f"set FEEDS['{key}'] to a number of items, e.g. {example}",
                                           field=f"FEEDS['{key}']"))
    for key in ("id_authority", "id_date"):
        if not isinstance(options[key], str) or not options[key].strip():
            problems.append(ContentProblem(SETTINGS_FILE, "it is empty",
                                           f"set FEEDS['{key}'] as plugins/feeds/README.md describes",
                                           field=f"FEEDS['{key}']"))
    return problems
