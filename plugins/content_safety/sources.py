"""Every Markdown source under the content folder, read as text and checked line by line.

Used by the build (plugin content_safety) and, through that build, by `invoke check`.
A file that passed is remembered by size and time (CACHE_PATH/content-safety.json),
so an unchanged archive is not read again on every build.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
from pathlib import Path

from portalbuild.shared.errors import ContentProblem
from portalbuild.shared.markdownfiles import MARKDOWN_SUFFIXES
from portalbuild.shared.passed import PassedFiles
from portalbuild.shared.siteaddress import site_addresses

from .paths import LINK_TARGET, climbing_link_problems, save_as_problems
from .rawhtml import raw_html_problems

TEXT_SUFFIXES = (*MARKDOWN_SUFFIXES, ".yaml", ".yml")
META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):")
META_CONTINUATION = re.compile(r"^[ ]{4,}\S")
YAML_FENCE = re.compile(r"^(-{3}|\.{3})\s*$")
VERSION = 1  # bump when a check changes


def source_problems(settings: dict) -> list[ContentProblem]:
    root = Path(settings["PATH"]).resolve()
    own_hosts = set(site_addresses(settings).own_hosts)
    ignored = settings.get("IGNORE_FILES") or []
    passed = PassedFiles(Path(settings["CACHE_PATH"], "content-safety.json") if settings.get("CACHE_PATH") else None,
                         json.dumps([VERSION, sorted(own_hosts), str(root)]))
    return passed.check(_text_files(root, ignored), lambda path: check_source(path, root, own_hosts))


def check_source(path: str, root: Path, own_hosts: set[str]) -> list[ContentProblem]:
    """Every problem of one text source: NUL bytes; in Markdown, raw HTML and links out of the folder."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []  # content_guard and the readers say that the file is not UTF-8 text
    lines = list(enumerate(text.splitlines(), start=1))
    problems = []
    if "\x00" in text:  # the text is searched once; its lines only to name the ones that have one
        problems = [ContentProblem(path, "the line contains a NUL character (byte 0), invisible in most editors",
                                   "retype the line, or delete the character with an editor that shows it",
                                   line=number) for number, line in lines if "\x00" in line]
    if not path.lower().endswith(MARKDOWN_SUFFIXES):
        return problems
    fields, body = split_front_matter(lines)
    summary = fields.get("summary", [])
    problems += save_as_problems(path, fields)
    problems += raw_html_problems(path, summary, own_hosts, field="Summary")
    problems += raw_html_problems(path, body, own_hosts)
    if LINK_TARGET.search(text):  # a link never spans lines, and most files have none
        problems += climbing_link_problems(path, summary, root, field="Summary")
        problems += climbing_link_problems(path, body, root)
    return problems


def split_front_matter(lines: list[tuple[int, str]]) -> tuple[dict[str, list], list]:
    """Each front-matter field's lines (lower-cased key -> [(number, value text), continuation
    lines…]) and the body's lines."""
    start = 1 if lines and YAML_FENCE.match(lines[0][1]) else 0
    fields: dict[str, list] = {}
    key = None
    for index in range(start, len(lines)):
        number, line = lines[index]
        if not line.strip() or (start and YAML_FENCE.match(line)):
            return fields, lines[index + 1:]
        meta = META_LINE.match(line)
        if meta:
            key = meta["key"].lower()
            fields.setdefault(key, []).append((number, line[meta.end():]))
        elif key and META_CONTINUATION.match(line):
            fields[key].append((number, line))
        else:
            return fields, lines[index:]  # no front matter: all of it is text
    return fields, []


def _text_files(root: Path, ignored: list[str]) -> list[str]:
    found = []
    for directory, folders, files in os.walk(root):  # links are not followed (paths.symlink_problems)
        folders[:] = [name for name in folders if not any(fnmatch.fnmatch(name, pattern) for pattern in ignored)]
        found += [os.path.join(directory, name) for name in files if name.lower().endswith(TEXT_SUFFIXES)
                  and not any(fnmatch.fnmatch(name, pattern) for pattern in ignored)]
    return sorted(found)
