"""Front-matter checks for Markdown content; usable without a build (invoke check)."""

from __future__ import annotations

import difflib
import json
import os
import re
from datetime import datetime
from pathlib import Path

from pelican.utils import get_date

from portalbuild.shared.errors import ContentError, ContentProblem, display_path
from portalbuild.shared.frontmatter import FrontMatter, line_of, parse_front_matter
from portalbuild.shared.markdownfiles import MARKDOWN_SUFFIXES
from portalbuild.shared.passed import PassedFiles as StampedFiles

from .tags import tag_field_problems

ARTICLE_STATUSES = ("published", "draft")
PAGE_STATUSES = ("published", "draft", "hidden")
DATE_EXAMPLE = "2020-08-15 10:00"
# Only the unambiguous ISO form: dateutil would read 05.08.2020 as 8 May.
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?(?:Z|[+-]\d{2}:?\d{2})?$")
ASCII_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LEVEL_ONE_HEADING = re.compile(r"^#(?!#)\s*\S")
# A line that starts with one '#', after any of the line breaks str.splitlines knows: without
# one (most posts) there is no level-1 heading, and the lines are not walked one by one.
# Written to begin with the '#' (what comes before it is looked behind), so that the regex
# engine jumps from '#' to '#': tried at every position, it cost 0.7 s a 10,000-post build.
LINE_STARTING_WITH_ONE_HASH = re.compile(r"#(?<![^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]#)(?!#)")
# Front-matter keys that Pelican, the theme or a plugin reads; anything else is a typo
# whose value would be lost silently (a 'Sumary:' leaves the post with an automatic summary).
COMMON_KEYS = {"title", "slug", "summary", "status", "lang", "translation", "template", "author",
               "authors", "save_as", "url", "image", "image_alt", "image_caption", "modified"}
ARTICLE_KEYS = COMMON_KEYS | {"date", "category", "tags", "projects", "guid", "feed_id"}
PAGE_KEYS = COMMON_KEYS


def check_generator_files(generator, kind: str) -> None:
    settings = generator.settings
    prefix = "ARTICLE" if kind == "article" else "PAGE"
    files = generator.get_files(settings[f"{prefix}_PATHS"], exclude=settings[f"{prefix}_EXCLUDES"])
    paths = [os.path.join(generator.path, relative) for relative in sorted(files)
             if relative.lower().endswith(MARKDOWN_SUFFIXES)]
    problems = PassedFiles(settings, kind).check(paths, lambda path: check_file(path, kind, settings))
    if problems:
        raise ContentError(problems)


class PassedFiles(StampedFiles):
    """Files that passed the checks, by size and modification time (CACHE_PATH/content-guard-<kind>.json).

    The archive's old posts pass on every build, so they are not read and parsed again on
    every rebuild. An entry counts only under the same settings
    that the checks read; any change of the file (size or time) checks it again.
    """

    VERSION = 2  # bump when a check changes

    def __init__(self, settings: dict, kind: str):
        cache_path = settings.get("CACHE_PATH")
        super().__init__(Path(cache_path, f"content-guard-{kind}.json") if cache_path else None,
                         json.dumps([self.VERSION, kind, list(settings.get("PORTAL_CATEGORIES") or []),
                                     list(settings.get("PORTAL_RESERVED_SLUGS") or []),
                                     sorted(key.lower() for key in settings.get("CONTENT_GUARD_EXTRA_KEYS") or ())]))


def check_file(path: str | os.PathLike, kind: str, settings: dict) -> list[ContentProblem]:
    """Every front-matter problem of one Markdown article (kind='article') or page."""
    try:
        # Pelican drops a byte-order mark too; some Windows editors add one.
        text = Path(path).read_text(encoding="utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        return [ContentProblem(str(path), f"the file is not UTF-8 text (byte {error.start})",
                               "save the file with UTF-8 encoding in your editor")]
    path = str(path)
    front, problems = parse_front_matter(path, text)
    if front is None:
        return problems
    extra_keys = {key.lower() for key in settings.get("CONTENT_GUARD_EXTRA_KEYS") or ()}
    problems += _check_keys(path, front, (ARTICLE_KEYS if kind == "article" else PAGE_KEYS) | extra_keys)
    problems += _check_title(path, front)
    if kind == "article":
        problems += _check_article_fields(path, front, settings)
        problems += tag_field_problems(path, front)
    else:
        problems += _check_page_slug(path, front, settings.get("PORTAL_RESERVED_SLUGS") or [])
    problems += _check_date(path, front, "modified", required=False)
    problems += _check_slug(path, front)
    problems += _check_status(path, front, ARTICLE_STATUSES if kind == "article" else PAGE_STATUSES)
    problems += _check_body_headings(path, text)
    return problems


def _check_title(path: str, front: FrontMatter) -> list[ContentProblem]:
    if front.fields.get("title", "").strip():
        return []
    return [ContentProblem(path, "the title is missing or empty",
                           "add a line 'Title: …' at the top of the file",
                           line=front.lines.get("title"), field="Title")]


def _check_article_fields(path: str, front: FrontMatter, settings: dict) -> list[ContentProblem]:
    return (_check_date(path, front, "date", required=True)
            + _check_category(path, front, settings.get("PORTAL_CATEGORIES") or []))


def _check_date(path: str, front: FrontMatter, key: str, required: bool) -> list[ContentProblem]:
    field = key.capitalize()
    value = front.fields.get(key, "").strip()
    if not value:
        if not required:
            return []
        return [ContentProblem(path, "the date is missing",
                               f"add a line '{field}: {DATE_EXAMPLE}' (Riga time)", field=field)]
    try:
        if not ISO_DATE.match(value):
            raise ValueError(value)
        _read_date(value)
    except (ValueError, OverflowError):
        return [ContentProblem(path, f"{value!r} is not a valid date",
                               f"write the date as YYYY-MM-DD HH:MM, for example '{field}: {DATE_EXAMPLE}'",
                               line=front.lines[key], field=field)]
    return []


def _read_date(value: str) -> None:
    """Raise ValueError or OverflowError where Pelican (dateutil) cannot read the date.

    A date that datetime reads, dateutil reads too; datetime does it at once, where dateutil
    tokenises the text. Whatever datetime refuses goes to dateutil, which decides."""
    try:
        datetime.fromisoformat(value)
    except ValueError:
        get_date(value)


def _check_keys(path: str, front: FrontMatter, known: set[str]) -> list[ContentProblem]:
    problems = []
    for key in front.fields:
        if key in known:
            continue
        close = difflib.get_close_matches(key, sorted(known), n=1)
        hint = f"did you mean '{close[0].capitalize()}'?" if close else f"use one of: {', '.join(sorted(known))}"
        problems.append(ContentProblem(path, f"'{key.capitalize()}' is not a field the portal knows",
                                       f"{hint} (or remove the line)", line=front.lines[key],
                                       field=key.capitalize()))
    return problems


def _check_slug(path: str, front: FrontMatter) -> list[ContentProblem]:
    slug = front.fields.get("slug", "").strip()
    if not slug or ASCII_SLUG.match(slug):
        return []
    return [ContentProblem(path, f"{slug!r} is not a plain ASCII address",
                           "use lowercase letters a–z, digits and hyphens (ā → a, š → s, ž → z)",
                           line=front.lines["slug"], field="Slug")]


def _check_page_slug(path: str, front: FrontMatter, reserved: list[str]) -> list[ContentProblem]:
    slug = front.fields.get("slug", "").strip()
    if slug not in reserved:
        return []
    return [ContentProblem(path, f"the address /{slug}/ is one the portal makes itself",
                           "choose another 'Slug: …' for this page", line=front.lines["slug"], field="Slug")]


def _check_body_headings(path: str, text: str) -> list[ContentProblem]:
    """A '# …' heading in the text would be a second h1 beside the title."""
    if LINE_STARTING_WITH_ONE_HASH.search(text) is None:
        return []
    in_fence = False
    lines = text.splitlines()
    body_start = next((number for number, line in enumerate(lines) if not line.strip()), len(lines))
    for number in range(body_start, len(lines)):
        line = lines[number]
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        elif not in_fence and LEVEL_ONE_HEADING.match(line):
            return [ContentProblem(path, "the text has a level-1 heading ('# …'), but the title is the page's h1",
                                   "use '## …' for headings in the text", line=number + 1)]
    return []


def _check_category(path: str, front: FrontMatter, allowed: list[str]) -> list[ContentProblem]:
    category = front.fields.get("category", "").strip()
    choices = ", ".join(allowed)
    if not category:
        return [ContentProblem(path, "the category is missing",
                               f"add a line 'Category: …' with one of: {choices}", field="Category")]
    if allowed and category not in allowed:
        return [ContentProblem(path, f"{category!r} is not one of the portal's categories",
                               f"use one of: {choices}", line=front.lines["category"], field="Category")]
    return []


def _check_status(path: str, front: FrontMatter, allowed: tuple[str, ...]) -> list[ContentProblem]:
    status = front.fields.get("status", "").strip().lower()
    if status and status not in allowed:
        return [ContentProblem(path, f"{status!r} is not a known status",
                               f"use one of: {', '.join(allowed)}", line=front.lines["status"], field="Status")]
    return []


def check_unique_addresses(generators) -> None:
    """Two content files with the same output path: the second would replace the first."""
    first_source: dict[str, str] = {}
    problems = []
    for generator in generators:
        for content in _written_contents(generator):
            save_as = content.save_as
            if not save_as:
                continue
            if save_as in first_source:
                problems.append(ContentProblem(
                    content.source_path,
                    f"it would be published at /{content.url} like {display_path(first_source[save_as])}",
                    "give one of the two files a different 'Slug: …' line", field="Slug"))
            else:
                first_source[save_as] = content.source_path
    if problems:
        raise ContentError(problems)


def _written_contents(generator):
    for attribute in ("articles", "translations", "drafts", "pages", "hidden_pages", "hidden_translations",
                      "draft_pages"):
        yield from getattr(generator, attribute, ()) or ()


# What is left of a [[kind:id]] marker once the plugins replaced every marker they know.
LEFT_MARKER = re.compile(r"\[\[[^\[\]\n]{1,80}\]\]")
CODE_BLOCKS = re.compile(r"<(pre|code)\b.*?</\1>", re.DOTALL)
MARKER_FIX = "write [[project:slug]] or [[indicator:id]], without spaces, on a line of its own"
# Well-formed markers of a known kind are the project_cards and indicator_tables plugins'
# business (an unknown id, a marker inside a sentence): they report those with more detail.
KNOWN_MARKER = re.compile(r"^\[\[(?:project|indicator):[^\s\]]+\]\]$")


def check_left_markers(generators) -> None:
    """A marker no plugin recognised ('[[ project: x ]]', '[[projekts:x]]') would be published as text."""
    problems = []
    for generator in generators:
        for content in _written_contents(generator):
            problems += _left_markers(content)
    if problems:
        raise ContentError(problems)


def _left_markers(content) -> list[ContentProblem]:
    places = [("text", content._content or ""), ("Summary", str(content.metadata.get("summary") or "")),
              ("Title", str(content.metadata.get("title") or ""))]
    problems = []
    for field, html in places:
        if "[[" not in html:  # most posts: no marker at all, and no need to cut code blocks out
            continue
        for marker in LEFT_MARKER.findall(CODE_BLOCKS.sub("", html)):
            if KNOWN_MARKER.match(marker):
                continue
            problems.append(ContentProblem(content.source_path, f"the marker {marker!r} is not one the portal knows",
                                           MARKER_FIX, line=line_of(content.source_path, marker),
                                           field=None if field == "text" else field))
    return problems
