"""What a build tells besides its pages: notices for the author, and the links of front-matter fields.

Plugins call ``add_notices`` (drafts not published, images made smaller, …) and
``add_field_links`` (links in a Summary, for the link check). The build runner collects
them for the build it runs (``collecting``) and hands them on in its BuildResult; they are
not kept in Pelican's settings. A plugin run by plain Pelican, with no runner collecting,
has its notices logged as warnings so they are still seen.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FieldLink:
    """A link in a front-matter field (Summary) of ``source``, whose page is at ``page``."""
    source: str
    field: str
    href: str
    page: str


@dataclass
class BuildNotes:
    """Everything the plugins of one build said besides their pages."""
    notices: dict[str, list[str]] = field(default_factory=dict)
    field_links: list[FieldLink] = field(default_factory=list)


_collecting: list[BuildNotes] = []


@contextlib.contextmanager
def collecting() -> Iterator[BuildNotes]:
    """For the build runner: the notes of the build run inside this block."""
    notes = BuildNotes()
    _collecting.append(notes)
    try:
        yield notes
    finally:
        _collecting.remove(notes)


def add_notices(headline: str, lines: Iterable[str]) -> None:
    """For plugins: lines the commands print under ``headline`` once the build passed."""
    lines = list(lines)
    if _collecting:
        _collecting[-1].notices.setdefault(headline, []).extend(lines)
    else:
        for line in lines:
            logger.warning("%s: %s", headline, line)


def add_field_links(links: Iterable[FieldLink]) -> None:
    """For plugins: links of front-matter fields, which the link check checks like the pages'."""
    if _collecting:
        _collecting[-1].field_links.extend(links)
