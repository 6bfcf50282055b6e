"""Heading anchors: an id on every h2/h3 of a section and a visible link to it.

Each heading of the anchored levels gets an ASCII id made from its text (or
keeps the one it has, e.g. from `{#id}`), unique on the page, and a link to
itself, so that a reader can copy the address of one part of the report. The
markup is the theme's heading component (`<div class="lpr-heading">` with an
`lpr-heading__anchor` link whose "#" the stylesheet draws; its aria-label names
the heading). A heading that already has its anchor link (the theme's Markdown
finishing may have added it) is left as it is and only listed.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass

from markupsafe import Markup
from pelican.utils import slugify

HEADING = re.compile(r"<h([1-6])((?:\s[^>]*)?)>(.*?)</h\1>", re.S)
ID_ATTRIBUTE = re.compile(r"""\sid=(["'])(.*?)\1""")
NAV = re.compile(r"<nav\b.*?</nav>", re.S)
# Ids the page templates already use (base.html's main element, the contents lists).
RESERVED_IDS = {"saturs", "sadalas-saturs", "parskata-saturs", "raksta-saturs"}


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str  # plain text, for the table of contents


def add_anchors(content: str, levels: tuple[int, ...], link_label: str,
                regex_subs=()) -> tuple[str, list[Heading]]:
    """The HTML with ids and anchor links on headings of `levels`, and those headings in order.

    Headings inside a <nav> (a contents list's own title) are neither anchored nor listed.
    """
    taken = RESERVED_IDS | {match.group(2) for match in ID_ATTRIBUTE.finditer(content)}
    navigation = [match.span() for match in NAV.finditer(content)]
    headings: list[Heading] = []

    def anchor(match: re.Match) -> str:
        level, attributes, inner = int(match.group(1)), match.group(2), match.group(3)
        if level not in levels or any(start <= match.start() < end for start, end in navigation):
            return match.group(0)
        text = " ".join(Markup(inner).striptags().split())
        given = ID_ATTRIBUTE.search(attributes)
        heading_id = given.group(2) if given else _unique(_slug(text, regex_subs), taken)
        headings.append(Heading(level, heading_id, text))
        if _has_anchor(content, match.end(), heading_id):
            return match.group(0)
        if not given:
            attributes += f' id="{heading_id}"'
        label = html_lib.escape(f"{link_label}: {text}")
        return (f'<div class="lpr-heading"><h{level}{attributes}>{inner}</h{level}>'
                f'<a class="lpr-heading__anchor" href="#{heading_id}" aria-label="{label}"></a></div>')

    return HEADING.sub(anchor, content), headings


def _has_anchor(content: str, position: int, heading_id: str) -> bool:
    """Whether the heading ending at `position` is directly followed by a link to itself."""
    follows = re.match(r"\s*<a\b[^>]*\bhref=([\"'])#" + re.escape(heading_id) + r"\1", content[position:])
    return follows is not None


def _slug(text: str, regex_subs) -> str:
    """ASCII, like every address of the portal: „Budžets un personāls” -> budzets-un-personals."""
    return slugify(text, regex_subs=regex_subs) or "sadala"


def _unique(candidate: str, taken: set[str]) -> str:
    result, number = candidate, 2
    while result in taken:
        result, number = f"{candidate}-{number}", number + 1
    taken.add(result)
    return result


def has_level_one(content: str) -> bool:
    return any(match.group(1) == "1" for match in HEADING.finditer(content))


def has_contents_list(content: str) -> bool:
    """Whether the body already carries its own contents list (the theme's lpr-toc)."""
    return re.search(r"<nav\b[^>]*class=([\"'])[^\"']*\blpr-toc\b", content) is not None
