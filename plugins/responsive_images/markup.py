"""Find the <img> tags of a body's HTML and replace them, without parsing the whole body.

The body is the HTML Python-Markdown made (quoted, escaped attributes) plus any raw
HTML an author wrote; a tag pattern that respects quoted values handles both. Only
bodies that contain "<img" are scanned at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

IMG_TAG = re.compile(r"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
PICTURE = re.compile(r"<picture\b.*?</picture\s*>", re.IGNORECASE | re.DOTALL)


def attributes(tag: str) -> dict[str, str]:
    """The attributes of one tag, names lower-cased, values unescaped."""
    inner = tag[4:].rstrip(">").rstrip("/")
    found = {}
    for match in ATTRIBUTE.finditer(inner):
        name, *values = match.groups()
        value = next((v for v in values if v is not None), "")
        found.setdefault(name.lower(), unescape(value))
    return found


def replace_images(html: str, replace: Callable[[dict[str, str]], str | None]) -> str:
    """``html`` with each <img> outside a <picture> replaced by ``replace(attributes)``.

    ``replace`` returns the new markup, or None to keep the tag as it is.
    """
    if "<img" not in html and "<IMG" not in html:
        return html
    inside_picture = [m.span() for m in PICTURE.finditer(html)] if "<picture" in html else []

    def substitute(match: re.Match) -> str:
        if any(start <= match.start() < end for start, end in inside_picture):
            return match.group(0)
        new = replace(attributes(match.group(0)))
        return match.group(0) if new is None else new

    return IMG_TAG.sub(substitute, html)


def line_of(source_path: str, needle: str, default: int | None = None) -> int | None:
    """The first line of the source file that contains ``needle`` (for error messages)."""
    try:
        with open(source_path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if needle in line:
                    return number
    except OSError:
        pass
    return default


def metadata_line(source_path: str, key: str) -> int | None:
    """The line of a front-matter field such as 'Image:' (case-insensitive)."""
    pattern = re.compile(rf"^\s{{0,3}}{re.escape(key)}\s*:", re.IGNORECASE)
    try:
        with open(source_path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if pattern.match(line):
                    return number
                if not line.strip():
                    break
    except OSError:
        pass
    return None
