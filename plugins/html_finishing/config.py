"""The plugin's setting HTML_FINISHING (defaults filled in one place) and its UI strings."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from portalbuild.shared.uistrings import load_ui_strings
from portalbuild.shared.options import plugin_options
from portalbuild.shared.siteaddress import site_addresses

SETTING = "HTML_FINISHING"
DEFAULTS = {
    # A body with at least this many h2 headings gets a table of contents.
    "toc_min_headings": 4,
    # Heading levels listed in the table of contents (h3 nest under their h2).
    "toc_levels": [2, 3],
    # Heading levels that get an id and an anchor link.
    "anchor_levels": [2, 3, 4],
    # Hosts whose links are not external, besides the site's own (SITEURL, CANONICAL_SITEURL).
    "internal_hosts": [],
    # Ids headings never take, besides every literal id="…" in the theme's templates.
    "reserved_ids": [],
    # The id of the table of contents' own heading.
    "toc_id": "raksta-saturs",
    # Body images load lazily, except this many at the top of a body without featured image.
    "eager_images": 1,
}
TEMPLATE_ID = re.compile(r'\bid="([A-Za-z][\w-]*)"')
UI_KEYS = ("toc_title", "heading_anchor", "table_region", "table_scroll_hint", "opens_external")


@dataclass(frozen=True)
class Options:
    toc_min_headings: int
    toc_levels: tuple[int, ...]
    anchor_levels: tuple[int, ...]
    internal_hosts: frozenset[str]
    reserved_ids: frozenset[str]
    toc_id: str
    eager_images: int
    ui: dict


def read_options(settings: dict) -> Options:
    options = plugin_options(settings, SETTING, DEFAULTS)
    hosts = {host.lower() for host in options["internal_hosts"]}
    hosts |= {host.lower() for host in site_addresses(settings).own_hosts}
    return Options(
        toc_min_headings=int(options["toc_min_headings"]),
        toc_levels=tuple(options["toc_levels"]),
        anchor_levels=tuple(options["anchor_levels"]),
        internal_hosts=frozenset(hosts),
        reserved_ids=(frozenset(options["reserved_ids"]) | {options["toc_id"]}
                      | template_ids(os.path.join(settings["THEME"], "templates"))),
        toc_id=options["toc_id"],
        eager_images=int(options["eager_images"]),
        ui=_ui_strings(settings),
    )


def template_ids(folder: str) -> frozenset[str]:
    """Literal ids in the templates (skip link target, project card headings, …), read once
    per build, so that a heading such as '## Projekta mērķis' never doubles one of them."""
    found = set()
    for root, _, names in os.walk(folder):
        for name in names:
            if name.endswith(".html"):
                with open(os.path.join(root, name), encoding="utf-8") as handle:
                    found.update(TEMPLATE_ID.findall(handle.read()))
    return frozenset(found)


def _ui_strings(settings: dict) -> dict:
    """This plugin's labels from the theme's strings file (the language of the site)."""
    strings = load_ui_strings(settings, required=UI_KEYS)
    return {key: str(strings[key]) for key in UI_KEYS}
