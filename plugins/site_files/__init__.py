"""site_files: the files at the root of the site that crawlers and browsers ask for.

Writes, after the build: robots.txt (with `Sitemap:` once SITEURL is absolute, as a
robots.txt sitemap must be), manifest.webmanifest (names, language, colours, the icons in
theme/static/img/) and favicon.ico at the root, where browsers look for it.

Looks after pelican-sitemap (sitemap.xml, from SITEMAP): its module-level state, which a
failed build leaves half set, is reset at the start of each build (tests, `invoke serve`
build again in one process), and index pages take the newest post's date, not the clock,
so the same content gives the same sitemap.

Settings read:
    SITE_FILES (keys and defaults in DEFAULTS, documented in its README.md),
    SITEURL, SITENAME, SITE_SHORTNAME, SITE_DESCRIPTION, DEFAULT_LANG, THEME,
    SOCIAL_META["theme_color"].
"""

from __future__ import annotations

import json
import os
import shutil

from pelican import signals
from portalbuild.shared import verified
from portalbuild.shared.options import plugin_options
from portalbuild.shared.siteaddress import site_addresses

__all__ = ["register"]

SETTING = "SITE_FILES"
DEFAULTS = {
    "robots_disallow": [],   # paths crawlers should not visit, e.g. ["/meklet/"]
    "manifest": {},          # keys that replace the manifest's defaults
    "background_color": "#ffffff",
}
ICONS = [("theme/img/icon-192.png", "192x192", "image/png"),
         ("theme/img/icon-512.png", "512x512", "image/png"),
         ("theme/img/mark.svg", "any", "image/svg+xml")]


def read_options(settings: dict) -> dict:
    return plugin_options(settings, SETTING, DEFAULTS)


def robots_txt(settings: dict, options: dict) -> str:
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in options["robots_disallow"]] or ["Disallow:"]
    addresses = site_addresses(settings)
    if addresses.is_published:  # a sitemap is announced on its own host, never a local build's
        lines += ["", f"Sitemap: {addresses.canonical_url('sitemap.xml')}"]
    else:
        lines += ["", "# Sitemap: set an absolute SITEURL (publishconf.py) to announce /sitemap.xml"]
    return "\n".join(lines) + "\n"


def manifest(settings: dict, options: dict) -> dict:
    # URLs are relative to the manifest, so the site works under any SITEURL path.
    data = {
        "name": settings.get("SITENAME"),
        "short_name": settings.get("SITE_SHORTNAME") or settings.get("SITENAME"),
        "description": settings.get("SITE_DESCRIPTION", ""),
        "lang": settings.get("DEFAULT_LANG", "lv"),
        "dir": "ltr",
        "start_url": "./",
        "scope": "./",
        "display": "browser",
        "background_color": options["background_color"],
        "theme_color": (settings.get("SOCIAL_META") or {}).get("theme_color", "#1f5f3a"),
        "icons": [{"src": src, "sizes": sizes, "type": kind} for src, sizes, kind in ICONS],
    }
    return {**data, **options["manifest"]}


def write_site_files(pelican) -> None:
    settings, output = pelican.settings, pelican.output_path
    options = read_options(settings)
    _write(os.path.join(output, "robots.txt"), robots_txt(settings, options))
    _write(os.path.join(output, "manifest.webmanifest"),
           json.dumps(manifest(settings, options), ensure_ascii=False, indent=2) + "\n")
    favicon = os.path.join(settings["THEME"], "static", "img", "favicon.ico")
    if os.path.isfile(favicon):
        shutil.copyfile(favicon, os.path.join(output, "favicon.ico"))


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


# --- pelican-sitemap ------------------------------------------------------------------
def _sitemap_generator():
    """pelican-sitemap's generator, whose state is reset and dated here; None where the
    installed pelican-sitemap was not verified for that (portalbuild/shared/verified.py)."""
    if not verified.usable("sitemap-state"):
        return None
    try:
        from pelican.plugins.sitemap import sitemap
    except ImportError:
        return None
    return getattr(sitemap, "generator", None)


def reset_sitemap(pelican) -> None:
    generator = _sitemap_generator()
    if generator is not None and hasattr(generator, "page_queue"):
        generator.page_queue = []
        generator._main_pelican = None


def date_sitemap_indexes(generators) -> None:
    generator = _sitemap_generator()
    dates = [getattr(item, "modified", None) or item.date
             for g in generators for item in getattr(g, "articles", [])]
    if generator is not None and dates:
        generator.now = max(dates)


def register():
    signals.initialized.connect(reset_sitemap)
    signals.all_generators_finalized.connect(date_sitemap_indexes)
    signals.finalized.connect(write_site_files)
