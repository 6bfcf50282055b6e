"""Front matter of Markdown content: read it with line numbers, the way Pelican reads it.

Pelican (through Python-Markdown's meta extension) gives metadata without line
numbers; messages for authors need them. The patterns are the meta extension's.
Used by content_guard (checks) and project_cards (where a field stands).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from portalbuild.shared.errors import ContentProblem

META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_CONTINUATION = re.compile(r"^[ ]{4,}(?P<value>.*)")
YAML_START = re.compile(r"^-{3}(\s.*)?$")
YAML_END = re.compile(r"^(-{3}|\.{3})(\s.*)?$")


@dataclass
class FrontMatter:
    fields: dict[str, str]
    lines: dict[str, int]


def parse_front_matter(path: str, text: str) -> tuple[FrontMatter | None, list[ContentProblem]]:
    lines = text.splitlines()
    fields: dict[str, str] = {}
    line_numbers: dict[str, int] = {}
    fenced = bool(lines) and YAML_START.match(lines[0]) is not None
    first = 1 if fenced else 0
    index = first
    key = None
    for index in range(first, len(lines)):
        line = lines[index]
        if fenced and YAML_END.match(line):
            break
        if not line.strip():
            break
        meta = META_LINE.match(line)
        if meta:
            key = meta["key"].lower()
            if key in fields:
                # Markdown would make the field a list, which no template or feed expects.
                return None, [ContentProblem(
                    path, f"the field appears twice (lines {line_numbers[key]} and {index + 1})",
                    f"keep one '{meta['key']}: …' line", line=index + 1, field=meta["key"])]
            fields[key] = meta["value"].strip()
            line_numbers[key] = index + 1
        elif key and META_CONTINUATION.match(line):
            fields[key] += " " + line.strip()
        elif not fields:
            return None, [ContentProblem(
                path, "the file does not start with front matter (a 'Title: …' line)",
                "begin the file with 'Key: value' lines such as 'Title: …' and 'Date: …', "
                "then one empty line, then the text", line=1)]
        else:
            return None, [ContentProblem(
                path, f"the front matter line {line.strip()!r} is not in the form 'Key: value'",
                "write it as 'Key: value', or put one empty line between the front matter and the text",
                line=index + 1)]
    return FrontMatter(fields, line_numbers), []


def field_lines(path: str) -> dict[str, tuple[str, int]]:
    """Every front-matter key, lower-cased → (the key as written, its first line number)."""
    lines = _read_lines(path)
    found: dict[str, tuple[str, int]] = {}
    start = 1 if lines and YAML_END.match(lines[0]) else 0
    for number, line in enumerate(lines[start:], start=start + 1):
        if not line.strip() or YAML_END.match(line):
            break
        match = META_LINE.match(line)
        if match:
            found.setdefault(match["key"].lower(), (match["key"], number))
    return found


def line_of(path: str, needle: str) -> int | None:
    """The first line of the file that contains ``needle``, or None."""
    for number, line in enumerate(_read_lines(path), start=1):
        if needle in line:
            return number
    return None


def _read_lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
