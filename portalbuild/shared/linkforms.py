"""The shape of a link as an author wrote it: a scheme no browser opens, or another site's
address without https:// (which the browser then takes for a page of this portal).

Used by the link check (portalbuild/commands/check.py) on every link of the built pages and of the
front-matter fields; a link of the right shape is then checked for its target.
"""

from __future__ import annotations

import difflib
import re
from urllib.parse import urlsplit

# Schemes a link on the portal may use; anything else ('htps:', 'http;', 'hhttps:') is a typo.
KNOWN_SCHEMES = ("https", "http", "mailto", "tel", "sms", "ftp", "sftp", "webcal", "geo", "data", "javascript")
# 'www.example.lv/x', 'example.lv', 'lpr.gov.lv/zinas/': a host name first, written without a scheme.
BARE_HOST = re.compile(r"^(?P<host>(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?P<tld>[a-z]{2,24}))(?::\d+)?(?:[/?#]|$)",
                       re.IGNORECASE)
# Last parts of file names that look like a host's top-level domain ('index.html', 'plans.pdf').
FILE_SUFFIXES = {"html", "htm", "php", "asp", "aspx", "md", "pdf", "png", "jpg", "jpeg", "gif", "webp", "svg",
                 "avif", "xml", "json", "csv", "txt", "js", "css", "zip", "doc", "docx", "xls", "xlsx", "odt",
                 "ods", "ppt", "pptx", "mp3", "mp4", "webm", "ics", "yaml", "yml", "gz", "br"}
EMAIL = re.compile(r"^[^@/\s:]+@[^@/\s:]+\.[a-z]{2,}$", re.IGNORECASE)


def _scheme(href: str) -> str:
    return urlsplit(href).scheme if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", href) else ""


def mistyped_scheme(href: str) -> str | None:
    """The address meant by a link whose scheme is a typo of https, http, mailto or tel ('htps:'), else None."""
    scheme = _scheme(href)
    if len(scheme) < 2 or scheme.lower() in KNOWN_SCHEMES:
        return None
    close = difflib.get_close_matches(scheme.lower(), ["https", "http", "mailto", "tel"], n=1, cutoff=0.6)
    if not close:
        return None
    rest = href[len(scheme) + 1:]
    return f"{close[0]}:{rest}" if close[0] in ("mailto", "tel") else f"{close[0]}://{rest.lstrip('/')}"


def malformed(href: str) -> tuple[str, str] | None:
    """(what is wrong, the fix) for a link with a scheme no browser opens, else None."""
    scheme = _scheme(href)
    if not scheme or len(scheme) == 1:  # 'C:\…' is a Windows path, reported as a missing page
        return None
    lowered = scheme.lower()
    rest = href[len(scheme) + 1:]
    if lowered not in KNOWN_SCHEMES:
        meant = mistyped_scheme(href)
        if meant:
            return (f"the link {href!r} starts with '{scheme}:', which no browser opens", f"write {meant!r}")
        return (f"the link {href!r} starts with '{scheme}:', which no browser opens",
                "start another site's address with https://, an e-mail address with mailto:")
    if lowered in ("http", "https") and not rest.startswith("//"):
        return (f"the link {href!r} lacks the '//' after '{scheme}:'", f"write '{lowered}://{rest.lstrip('/')}'")
    if lowered in ("http", "https") and not urlsplit(href).hostname:
        return f"the link {href!r} names no site after '{scheme}://'", "write the whole address, https://…"
    return None


def missing_scheme(href: str) -> str | None:
    """The address meant by a relative link that is another site's or an e-mail address, else None."""
    if not href or href.startswith(("/", ".", "#", "?", "{")) or urlsplit(href).scheme:
        return None
    if EMAIL.match(href):
        return f"mailto:{href}"
    match = BARE_HOST.match(href)
    if match and match["tld"].lower() not in FILE_SUFFIXES:
        return f"https://{href}"
    return None


def missing_scheme_problem(href: str) -> tuple[str, str] | None:
    """(what is wrong, the fix) for a link written without https:// (or mailto:), else None."""
    meant = missing_scheme(href)
    if meant is None:
        return None
    if meant.startswith("mailto:"):
        return (f"the link {href!r} is an e-mail address without 'mailto:', so it leads to no page",
                f"write {meant!r}")
    return (f"the link {href!r} has no https:// in front, so the browser looks for it on the portal",
            f"write {meant!r}")
