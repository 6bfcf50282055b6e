"""The in-text marker ``[[project:SLUG]]``: find it in rendered HTML and put a card in its place.

Markdown turns a marker on its own line into ``<p>[[project:crafts]]</p>``;
only that form is replaced. A marker inside a sentence is reported, and
markers shown as code (inside ``<pre>`` or ``<code>``) are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

MARKER = re.compile(r"<p>\s*\[\[project:\s*(?P<slug>[^\]\s<]*)\s*\]\]\s*</p>")
STRAY = re.compile(r"\[\[project:[^\]<]*\]\]|\[\[project:")
CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S | re.I)


def has_marker(html: str) -> bool:
    return "[[project:" in html


def marker_slugs(html: str) -> list[str]:
    return [match["slug"] for match in MARKER.finditer(html)]


def replace_markers(html: str, render: Callable[[str], str | None]) -> str:
    """Replace each marker with ``render(slug)``; a marker ``render`` returns None for stays."""
    return MARKER.sub(lambda match: render(match["slug"]) or match.group(0), html)


def remove_markers(html: str) -> str:
    return MARKER.sub("", html)


def stray_markers(html: str) -> list[str]:
    """Markers that are not alone on their line (so Markdown put them inside other text)."""
    outside_code = CODE.sub("", MARKER.sub("", html))
    return [match.group(0) for match in STRAY.finditer(outside_code)]


def marker_text(slug: str) -> str:
    return f"[[project:{slug}]]"
