"""Where things are in a Markdown source file, so that messages can name the line.

Pelican's reader gives metadata without line numbers; these helpers read the
file again with the same patterns as Python-Markdown's meta extension.
"""

from __future__ import annotations

import re
from pathlib import Path

META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
FENCE = re.compile(r"^(-{3}|\.{3})(\s.*)?$")


def field_lines(path: str) -> dict[str, tuple[str, int]]:
    """Every front-matter key, lower-cased → (the key as written, its first line number)."""
    lines = _read_lines(path)
    found: dict[str, tuple[str, int]] = {}
    start = 1 if lines and FENCE.match(lines[0]) else 0
    for number, line in enumerate(lines[start:], start=start + 1):
        if not line.strip() or FENCE.match(line):
            break
        match = META_LINE.match(line)
        if match:
            found.setdefault(match["key"].lower(), (match["key"], number))
    return found


def line_of(path: str, needle: str) -> int | None:
    """The first line that contains ``needle``, or None."""
    for number, line in enumerate(_read_lines(path), start=1):
        if needle in line:
            return number
    return None


def _read_lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
