"""social_meta: what search engines and social networks read in a page's head.

Adds to every generator's Jinja environment, for components/head_meta.html:
    filter  jsonld          a value as JSON safe inside <script type="application/ld+json">
                            (json.dumps; "<", ">", "&" escaped, so a title with "</script>"
                            cannot end the element)
    filter  canonical_url   `output_file|canonical_url(site_addresses.canonical)`: the
                            page's absolute URL without index.html
    filter  visible_text    HTML to the text a reader sees (no tags, no visually hidden
                            hints), for descriptions
    global  schema_graph(obj, url, trail)   the JSON-LD graph of a page: the region as a
                            GovernmentOrganization (name, address, registration number,
                            contacts from ORGANISATION, SOCIAL_ACCOUNTS), for a post a
                            NewsArticle (headline, dates, images, author, publisher) and,
                            given a trail of (name, absolute URL), a BreadcrumbList
    global  social_meta     the options below, defaults filled in
The sharing images themselves (`social_image` of a post or page, `social_default_image`
in the context) come from the responsive_images plugin.

Settings read:
    SOCIAL_META = {"locale": "lv_LV", "twitter_site": "", "theme_color": "#1f5f3a"}
    SITEURL, CANONICAL_SITEURL (every URL is the canonical address of
    portalbuild/shared/siteaddress.py), SITENAME, SITE_SHORTNAME, DEFAULT_LANG, ORGANISATION,
    SOCIAL_ACCOUNTS.
"""

from __future__ import annotations


from pelican import signals

from . import schema
from portalbuild.shared.options import plugin_options
from portalbuild.shared.perbuild import PerBuild

__all__ = ["register"]

SETTING = "SOCIAL_META"
DEFAULTS = {
    "locale": "lv_LV",       # og:locale
    "twitter_site": "",      # the portal's X (Twitter) account, e.g. "@LatgalesRegions"
    "theme_color": "#1f5f3a",
}


def read_options(settings: dict) -> dict:
    return plugin_options(settings, SETTING, DEFAULTS)


class GraphMaker:
    """The `schema_graph` global, bound to one build's settings."""

    def __init__(self, settings: dict):
        self.settings = settings
        self.organisation = schema.organisation(settings)

    def __call__(self, obj=None, url: str = "", trail=None) -> dict:
        graph = [self.organisation]
        if obj is not None and getattr(obj, "date", None) and hasattr(obj, "category"):
            graph.append(schema.news_article(obj, self.settings, url, sharing_images(obj)))
        if trail:
            graph.append(schema.breadcrumbs(trail, url))
        return {"@context": "https://schema.org", "@graph": graph}


def sharing_images(obj) -> list[str]:
    images = []
    featured = getattr(obj, "featured_image", None)
    if featured is not None:
        images.append(featured.url(featured.largest))
    shared = getattr(obj, "social_image", None)
    if shared is not None:
        images.append(shared.url)
    return images


# Once per build: every generator would otherwise rebuild the organisation's JSON-LD and
# re-read (and re-report) the options.
HELPERS = PerBuild(lambda pelican: (GraphMaker(pelican.settings), read_options(pelican.settings)))


def add_helpers(generator) -> None:
    env = generator.env
    env.filters["jsonld"] = schema.jsonld
    env.filters["canonical_url"] = schema.canonical_url
    env.filters["visible_text"] = schema.plain
    env.globals["schema_graph"], env.globals["social_meta"] = HELPERS.of(generator.settings)


def register():
    signals.initialized.connect(HELPERS.start)
    signals.generator_init.connect(add_helpers)
    signals.finalized.connect(HELPERS.end)
