"""Text and HTML made safe for feeds: absolute links, no XML-forbidden characters.

Feed readers show an item away from the site, so a root-relative `/images/x.png`
or a relative `../x/` would point nowhere: every URL attribute is resolved
against the item's absolute URL. A regular expression over start tags does it
in one pass without re-serialising the HTML (fast, and the bytes of the text are
kept exactly); text such as `&lt;a href="/x"&gt;` inside <code> is not a tag
and stays as written.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

# XML 1.0 forbids these code points; lxml refuses them. Authors paste them from
# word processors by accident, so they are dropped rather than failing the build.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Only start tags that carry a URL attribute: most tags (<p>, <strong>) are skipped unread.
START_TAG = re.compile(r"<[A-Za-z][^<>]*?\s(?:href|src|srcset|poster|cite|action|longdesc|data)\s*=[^<>]*>",
                       re.IGNORECASE)
URL_ATTRIBUTE = re.compile(
    r"""(?P<name>\s(?:href|src|poster|cite|action|longdesc|data)\s*=\s*)"""
    r"""(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+))""",
    re.IGNORECASE,
)
SRCSET_ATTRIBUTE = re.compile(r"""(?P<name>\ssrcset\s*=\s*)(?P<q>["'])(?P<value>.*?)(?P=q)""",
                              re.IGNORECASE)
# Markers of other plugins ([[project:x]], [[indicator:y]]) that nothing replaced
# in the article text would reach readers as raw brackets; feeds drop them.
LEFTOVER_MARKER = re.compile(r"<p>\s*\[\[[a-z]+:[^\]\s]+\]\]\s*</p>\s*")
BLOCK_TAG = re.compile(
    r"</?(?:p|br|li|ul|ol|div|h[1-6]|tr|td|th|table|blockquote|pre|figure|figcaption)\b[^>]*>", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")
SPACE = re.compile(r"\s+")


def clean(text: str | None) -> str:
    """The text without the characters XML 1.0 forbids."""
    return FORBIDDEN.sub("", text or "")


def absolute_html(fragment: str, base_url: str) -> str:
    """`fragment` with every URL in an attribute made absolute against `base_url`."""
    fragment = LEFTOVER_MARKER.sub("", clean(fragment))
    resolve = _resolver(base_url)
    return START_TAG.sub(lambda tag: _absolute_tag(tag.group(0), resolve), fragment)


def _resolver(base_url: str):
    """A function making one attribute value absolute; the common cases skip urljoin."""
    scheme_end = base_url.find("//") + 2
    slash = base_url.find("/", scheme_end)
    origin = base_url if slash < 0 else base_url[:slash]

    def resolve(value: str) -> str:
        if value.startswith(("https://", "http://")):
            return value
        if value.startswith("/") and not value.startswith("//"):
            return origin + value
        return urljoin(base_url, value)

    return resolve


def _absolute_tag(tag: str, resolve) -> str:
    tag = URL_ATTRIBUTE.sub(lambda match: _absolute_attribute(match, resolve), tag)
    if "srcset" in tag or "SRCSET" in tag:
        tag = SRCSET_ATTRIBUTE.sub(lambda match: _absolute_srcset(match, resolve), tag)
    return tag


def _absolute_attribute(match: re.Match, resolve) -> str:
    value = next(v for v in (match["dq"], match["sq"], match["bare"]) if v is not None)
    url = html.escape(resolve(html.unescape(value.strip())), quote=True)
    return f'{match["name"]}"{url}"'


def _absolute_srcset(match: re.Match, resolve) -> str:
    candidates = []
    for candidate in match["value"].split(","):
        url, _, descriptor = candidate.strip().partition(" ")
        if url:
            joined = html.escape(resolve(html.unescape(url)), quote=True)
            candidates.append(f"{joined} {descriptor.strip()}".rstrip())
    return f'{match["name"]}"{", ".join(candidates)}"'


def plain_text(fragment: str) -> str:
    """The visible text of an HTML fragment on one line (for JSON Feed's `summary`)."""
    text = TAG.sub("", BLOCK_TAG.sub(" ", clean(fragment)))
    return SPACE.sub(" ", html.unescape(text)).strip()
