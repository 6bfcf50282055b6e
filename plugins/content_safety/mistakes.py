"""Content mistakes that were published silently, found once every generator has read its content.

* a title or tag of punctuation only: its address is empty, so the post took the
  address of an index page (/zinas/2020/11/, /birka//), or a bare hyphen ('–': /birka/-/);
* a date whose UTC offset has seconds (Riga's local mean time before 1926,
  +01:36:34): no HTML <time>, feed or ISO 8601 reader accepts it;
* a [[kind:id]] marker in a report that no plugin recognised ([[Indicator:x]]), and
  a marker with one bracket too few anywhere ([[indicator:x], [indicator:x]]): both
  were published as literal text;
* an image in the content folder larger than RESPONSIVE_IMAGES["max_bytes"] that no
  post uses (one that is used stops the build in plugin responsive_images): it
  would be published as it is.
"""

from __future__ import annotations

import os
import re

from portalbuild.shared.errors import ContentProblem
from portalbuild.shared.frontmatter import field_lines, line_of

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".tif", ".tiff", ".bmp")
MARKER_KINDS = ("project", "indicator")
# What is left of a marker once the plugins replaced those they know, outside code.
LEFT_MARKER = re.compile(r"\[\[[^\[\]\n]{1,80}\]\]")
# A marker's kind between any number of brackets; those without exactly two on each side are broken.
MARKER_LIKE = re.compile(r"\[+\s*(?:project|indicator)\s*:[^\[\]\n]{0,80}\]+", re.IGNORECASE)
CODE_BLOCKS = re.compile(r"<(pre|code)\b.*?</\1>", re.DOTALL)
MARKER_FIX = "write [[project:slug]] or [[indicator:id]] in lowercase, with two brackets on each side, on a line of its own"


def written_contents(generators):
    """Every content object a generator may write: posts, pages, projects, report texts."""
    for generator in generators:
        for attribute in ("articles", "translations", "drafts", "drafts_translations", "pages",
                          "translations", "hidden_pages", "hidden_translations", "draft_pages",
                          "draft_translations", "projects"):
            yield from getattr(generator, attribute, ()) or ()
        for report in getattr(generator, "reports", ()) or ():
            yield from filter(None, [getattr(report, "intro", None), *getattr(report, "sections", ())])


def empty_address_problems(contents) -> list[ContentProblem]:
    problems, tags_seen = [], set()
    for content in contents:
        path = content.source_path
        if getattr(content, "slug", None) == "" and getattr(content, "title", ""):
            problems.append(ContentProblem(
                path, f"the title {content.title!r} has no letters or digits, so the page would have no address",
                "put words in the title, or add a line 'Slug: name-of-the-post'",
                line=field_lines(path).get("title", ("", None))[1], field="Title"))
        for tag in getattr(content, "tags", ()) or ():
            # '–' has the slug '-': an address, but a tag of nothing.
            if not any(character.isalnum() for character in tag.name) and (path, tag.name) not in tags_seen:
                tags_seen.add((path, tag.name))
                problems.append(ContentProblem(
                    path, f"the tag {tag.name!r} has no letters or digits, so its page would have no address",
                    "use a word as the tag, or remove it", line=field_lines(path).get("tags", ("", None))[1],
                    field="Tags"))
    return problems


def offset_with_seconds_problems(contents, timezone: str) -> list[ContentProblem]:
    problems = []
    for content in contents:
        for key in ("date", "modified"):
            value = getattr(content, key, None) if key in content.metadata else None
            offset = value.utcoffset() if hasattr(value, "utcoffset") else None
            if offset is not None and offset.seconds % 60:
                shown = value.strftime("%z")
                problems.append(ContentProblem(
                    content.source_path,
                    f"{value:%Y-%m-%d} is so early that its time in {timezone} is local mean time "
                    f"(UTC{shown[:3]}:{shown[3:5]}:{shown[5:]}), which HTML and feed dates cannot express",
                    "check the year; the portal publishes dates from 1926 on",
                    line=field_lines(content.source_path).get(key, ("", None))[1], field=key.capitalize()))
    return problems


def marker_problems(generators) -> list[ContentProblem]:
    """Unknown markers in report texts (posts and pages: content_guard), broken ones anywhere."""
    problems = []
    report_texts = {id(text) for generator in generators for report in getattr(generator, "reports", ()) or ()
                    for text in [getattr(report, "intro", None), *getattr(report, "sections", ())]}
    for content in written_contents(generators):
        html = content._content or ""
        if "[" not in html:  # most texts: no marker at all, and no need to cut code blocks out
            continue
        html = CODE_BLOCKS.sub("", html)
        found = [marker for marker in MARKER_LIKE.findall(html) if not LEFT_MARKER.fullmatch(marker)]
        if id(content) in report_texts:
            found += [marker for marker in LEFT_MARKER.findall(html) if not _known(marker)]
        for marker in dict.fromkeys(found):
            problems.append(ContentProblem(content.source_path, f"the marker {marker!r} is not one the portal knows",
                                           MARKER_FIX, line=line_of(content.source_path, marker)))
    return problems


def _known(marker: str) -> bool:
    kind, _, name = marker[2:-2].partition(":")
    return kind in MARKER_KINDS and bool(name) and not re.search(r"\s", name)


def oversized_image_problems(generators, settings: dict) -> list[ContentProblem]:
    limit = (settings.get("RESPONSIVE_IMAGES") or {}).get("max_bytes")
    static = next((g.context.get("static_content") for g in generators if hasattr(g, "context")), None) or {}
    if not limit:
        return []
    problems = []
    for item in static.values():
        path = item.source_path
        size = _size_of(path) if path.lower().endswith(IMAGE_SUFFIXES) else 0
        if size > limit:
            problems.append(ContentProblem(
                path, f"the image is {_size(size)}, over the limit of {_size(limit)}, "
                "and would be published as it is although no post uses it",
                "delete it if no post needs it, or save it smaller (at most 2560 px on the long side, "
                "JPEG quality 85)"))
    return problems


def _size_of(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0  # a missing file is the link check's and Pelican's message


def _size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size} bytes"
