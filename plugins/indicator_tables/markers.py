"""The `[[indicator:ID]]` marker in a content's HTML: find it, replace it, say where it stands.

On its own line, Markdown turns the marker into `<p>[[indicator:ID]]</p>`; that
whole paragraph becomes the table. A marker inside a sentence cannot hold a
table (a table inside a paragraph is not valid HTML), so it is reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BLOCK = re.compile(r"<p>\s*\[\[indicator:([^\]]*)\]\]\s*</p>")
INLINE = re.compile(r"\[\[indicator:([^\]]*)\]\]")


@dataclass(frozen=True)
class Misplaced:
    """A marker that could not be replaced: its id and why ('unknown' or 'inline')."""

    dataset_id: str
    reason: str


def replace_markers(html: str, render: Callable[[str], str | None]) -> tuple[str, list[Misplaced]]:
    """`html` with each block marker replaced by `render(id)`; None from render means unknown."""
    misplaced: list[Misplaced] = []

    def substitute(match: re.Match) -> str:
        dataset_id = match.group(1).strip()
        rendered = render(dataset_id)
        if rendered is None:
            misplaced.append(Misplaced(dataset_id, "unknown"))
            return ""
        return rendered

    html = BLOCK.sub(substitute, html)
    misplaced += [Misplaced(m.group(1).strip(), "inline") for m in INLINE.finditer(html)]
    return html, misplaced


def has_marker(html: str | None) -> bool:
    return bool(html) and "[[indicator:" in html


def marker_line(source_path: str | None, dataset_id: str) -> int | None:
    """The first line of the source file that holds the marker for `dataset_id`."""
    if not source_path:
        return None
    try:
        lines = Path(source_path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    pattern = re.compile(r"\[\[indicator:\s*" + re.escape(dataset_id) + r"\s*\]\]")
    return next((number for number, line in enumerate(lines, start=1) if pattern.search(line)), None)
