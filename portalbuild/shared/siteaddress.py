"""The site's addresses, derived once from the settings and used by every plugin, template and step.

A local build has an empty SITEURL, so that its pages work on any host; production
(publishconf.py) sets an absolute one. Each address answers one question:

    links      where links inside pages start: SITEURL ("" locally: links from the root).
               Templates write ``{{ SITEURL }}/path``, as Pelican does in content links.
    canonical  the address a page is known by, absolute in every build: SITEURL when it is
               absolute, else CANONICAL_SITEURL. A local page names the address it will have
               once published, so canonical link, og:url, og:image, JSON-LD, the share cards
               and the data catalogue read the same in a local build as in production.
    preview    where a local build is viewed: PREVIEW_SITEURL (`invoke live`'s address).
    feeds      the base of the links inside feeds, which readers follow: SITEURL when it is
               absolute, else the preview, so that a local feed opens the local pages. A
               feed item's identity is its tag: id, never this address.
    own_bases  absolute addresses that are this site (SITEURL, CANONICAL_SITEURL): a link
               to them is an internal link (checked, not marked external); own_hosts: their
               host names.

Settings read: SITEURL, CANONICAL_SITEURL, PREVIEW_SITEURL (default http://127.0.0.1:8000).
Templates get the addresses as the global ``site_addresses`` (plugin lv_theme).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

PREVIEW_SITEURL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class SiteAddresses:
    links: str
    canonical: str
    preview: str
    feeds: str
    own_bases: tuple[str, ...]

    @property
    def own_hosts(self) -> frozenset[str]:
        return frozenset(urlsplit(base).hostname for base in self.own_bases)

    @property
    def is_published(self) -> bool:
        """Whether pages link absolutely (a production build)."""
        return _absolute(self.links)

    def canonical_url(self, path: str = "") -> str:
        return f"{self.canonical}/{path.lstrip('/')}"

    def feed_url(self, path: str = "") -> str:
        return f"{self.feeds}/{path.lstrip('/')}"


def site_addresses(settings: Mapping) -> SiteAddresses:
    """The addresses of the build whose settings these are."""
    return _addresses(settings.get("SITEURL") or "", settings.get("CANONICAL_SITEURL") or "",
                      settings.get("PREVIEW_SITEURL") or PREVIEW_SITEURL)


@functools.cache
def _addresses(siteurl: str, canonical_siteurl: str, preview_siteurl: str) -> SiteAddresses:
    siteurl, canonical_siteurl, preview = (url.rstrip("/") for url in (siteurl, canonical_siteurl, preview_siteurl))
    published = siteurl if _absolute(siteurl) else ""
    canonical = published or (canonical_siteurl if _absolute(canonical_siteurl) else "") or preview
    own = tuple(dict.fromkeys(url for url in (published, canonical_siteurl) if _absolute(url)))
    return SiteAddresses(links=siteurl, canonical=canonical, preview=preview, feeds=published or preview,
                         own_bases=own)


def _absolute(url: str) -> bool:
    return url.startswith(("http://", "https://"))
