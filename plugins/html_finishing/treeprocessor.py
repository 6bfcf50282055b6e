"""The finishing pass, as a Python-Markdown treeprocessor: it works on the tree Markdown already built.

One walk over the body's element tree, inside Markdown's own conversion, so no
page and no body is parsed again: headings get ids and anchor links, long bodies a
table of contents, external links rel="noopener" and a hidden "(external link)",
tables a focusable scroll region, images lazy loading. Components that other
plugins put in place of `[[project:…]]` / `[[indicator:…]]` markers come later and
are not touched; raw HTML an author writes is not in the tree and is left as written.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree  # noqa: N813 -- the name Python-Markdown uses
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from markdown.extensions import Extension
from markdown.extensions.toc import render_inner_html, strip_tags
from markdown.treeprocessors import Treeprocessor
from unidecode import unidecode

from .config import Options

HEADING = re.compile(r"^h([1-6])$")
SKIPPED_CLASSES = ("lpr-card", "lpr-indicator")
ID_LENGTH = 60


@dataclass
class Heading:
    parent: etree.Element
    element: etree.Element
    level: int
    title: str = ""


@dataclass
class Found:
    """What one walk over the tree found, in document order."""

    ids: set[str] = field(default_factory=set)
    headings: list[Heading] = field(default_factory=list)
    links: list[etree.Element] = field(default_factory=list)
    images: list[etree.Element] = field(default_factory=list)
    # (parent, table, index of the last heading before it or -1)
    tables: list[tuple[etree.Element, etree.Element, int]] = field(default_factory=list)


class FinishingExtension(Extension):
    def __init__(self, options: Options):
        super().__init__()
        self.options = options

    def extendMarkdown(self, md):  # noqa: N802 -- Python-Markdown's method name
        # After "inline" (20) and "toc" (5, if enabled: its ids are kept), before "unescape" (0).
        md.treeprocessors.register(FinishingTreeprocessor(md, self.options), "lpr_finishing", 4)


class FinishingTreeprocessor(Treeprocessor):
    def __init__(self, md, options: Options):
        super().__init__(md)
        self.options = options

    def run(self, root: etree.Element) -> None:
        # Pelican converts formatted metadata (Summary) with the same Markdown after
        # removing the "meta" preprocessor: a summary is not a body, leave it alone.
        if "meta" not in self.md.preprocessors:
            return
        found = walk(root)
        for heading in found.headings:
            heading.title = html.unescape(strip_tags(render_inner_html(heading.element, self.md)))
        allocate = IdAllocator(found.ids | self.options.reserved_ids)
        for heading in found.headings:
            if not heading.element.get("id"):
                heading.element.set("id", allocate(heading.title))
        self.mark_links(found.links)
        self.load_images(found.images)
        self.wrap_tables(found)
        self.add_anchors(found.headings)
        self.add_contents(root, found.headings)

    # --- links, images, tables ----------------------------------------------------------
    def mark_links(self, links: list[etree.Element]) -> None:
        for link in links:
            if not self.is_external(link.get("href", "")):
                continue
            rel = link.get("rel", "").split()
            link.set("rel", " ".join(rel + ["noopener"] if "noopener" not in rel else rel))
            hidden = etree.SubElement(link, "span", {"class": "lpr-visually-hidden"})
            hidden.text = " " + self.options.ui["opens_external"]

    def is_external(self, href: str) -> bool:
        parts = urlsplit(href.strip())
        if parts.scheme not in ("http", "https", "") or not parts.netloc:
            return False
        return parts.netloc.lower() not in self.options.internal_hosts

    def load_images(self, images: list[etree.Element]) -> None:
        eager = 0 if self.has_featured_image() else self.options.eager_images
        for number, image in enumerate(images):
            if number < eager:
                image.attrib.setdefault("loading", "eager")
            else:
                image.attrib.setdefault("loading", "lazy")
                image.attrib.setdefault("decoding", "async")

    def has_featured_image(self) -> bool:
        value = getattr(self.md, "Meta", {}).get("image") or [""]
        return bool(str(value[0]).strip())

    def wrap_tables(self, found: Found) -> None:
        for number, (parent, table, heading_index) in enumerate(found.tables, start=1):
            label = self.table_label(table, found.headings[heading_index] if heading_index >= 0 else None, number)
            # The theme shows data-scroll-hint above the table when it is wider than its box.
            wrap(parent, table, "div", {"class": "lpr-scroll", "tabindex": "0", "role": "region", "aria-label": label,
                                        "data-scroll-hint": self.options.ui["table_scroll_hint"]})

    def table_label(self, table: etree.Element, heading: Heading | None, number: int) -> str:
        caption = table.find("caption")
        if caption is not None:
            return " ".join("".join(caption.itertext()).split())
        if heading is not None:
            return f"{self.options.ui['table_region']}: {heading.title}"
        return f"{self.options.ui['table_region']} {number}"

    # --- headings -------------------------------------------------------------------------
    def add_anchors(self, headings: list[Heading]) -> None:
        for heading in headings:
            if heading.level not in self.options.anchor_levels:
                continue
            wrapper = wrap(heading.parent, heading.element, "div", {"class": "lpr-heading"})
            # No text inside the link (the "#" is drawn by CSS): summaries, search
            # excerpts and feeds made from the body text do not pick it up.
            etree.SubElement(wrapper, "a", {"class": "lpr-heading__anchor", "href": "#" + heading.element.get("id"),
                                            "aria-label": f"{self.options.ui['heading_anchor']}: {heading.title}"})
            heading.parent = wrapper

    def add_contents(self, root: etree.Element, headings: list[Heading]) -> None:
        listed = [h for h in headings if h.level in self.options.toc_levels]
        top_level = min(self.options.toc_levels, default=2)
        if sum(1 for h in listed if h.level == top_level) < self.options.toc_min_headings:
            return
        nav = contents_nav(listed, top_level, self.options)
        first = next(h for h in listed if h.level == top_level)
        holder = first.parent if first.parent.get("class") == "lpr-heading" else first.element
        position = list(root).index(holder) if holder in list(root) else 0
        root.insert(position, nav)


def contents_nav(headings: list[Heading], top_level: int, options: Options) -> etree.Element:
    nav = etree.Element("nav", {"class": "lpr-toc", "aria-labelledby": options.toc_id})
    title = etree.SubElement(nav, "h2", {"class": "lpr-toc__title", "id": options.toc_id})
    title.text = options.ui["toc_title"]
    top = etree.SubElement(nav, "ol", {"class": "lpr-toc__list"})
    current, nested = None, None
    for heading in headings:
        if heading.level == top_level or current is None:
            current, nested = etree.SubElement(top, "li"), None
            parent = current
        else:
            if nested is None:
                nested = etree.SubElement(current, "ol", {"class": "lpr-toc__list lpr-toc__list--nested"})
            parent = etree.SubElement(nested, "li")
        link = etree.SubElement(parent, "a", {"href": "#" + heading.element.get("id")})
        link.text = heading.title
    return nav


# --- the walk and small tree helpers ------------------------------------------------------
def walk(root: etree.Element) -> Found:
    found = Found()
    _walk(root, found)
    return found


def _walk(parent: etree.Element, found: Found) -> None:
    for child in parent:
        tag = child.tag
        if not isinstance(tag, str) or _skipped(child):
            continue
        if child.get("id"):
            found.ids.add(child.get("id"))
        heading = HEADING.match(tag)
        if heading and int(heading.group(1)) >= 2:
            found.headings.append(Heading(parent, child, int(heading.group(1))))
        elif tag == "a" and child.get("href"):
            found.links.append(child)
        elif tag == "img":
            found.images.append(child)
        elif tag == "table":
            found.tables.append((parent, child, len(found.headings) - 1))
        if tag not in ("pre", "code"):
            _walk(child, found)


def _skipped(element: etree.Element) -> bool:
    classes = element.get("class")
    return bool(classes) and any(name in classes.split() for name in SKIPPED_CLASSES)


def wrap(parent: etree.Element, element: etree.Element, tag: str, attributes: dict) -> etree.Element:
    """Put ``element`` inside a new element at its place in ``parent``; return the new one."""
    wrapper = etree.Element(tag, attributes)
    parent.insert(list(parent).index(element), wrapper)
    parent.remove(element)
    wrapper.tail, element.tail = element.tail, None
    wrapper.append(element)
    return wrapper


class IdAllocator:
    """Ids from heading titles: transliterated ASCII, unique in the page (`-2`, `-3` …)."""

    def __init__(self, taken: set[str]):
        self.taken = set(taken)

    def __call__(self, title: str) -> str:
        base = slug(title) or "sadala"
        candidate, number = base, 1
        while candidate in self.taken:
            number += 1
            candidate = f"{base}-{number}"
        self.taken.add(candidate)
        return candidate


@lru_cache(maxsize=4096)  # the same headings recur across posts ("Partneri", "Kontakti")
def slug(text: str) -> str:
    ascii_text = re.sub(r"[^a-z0-9]+", "-", unidecode(text).lower()).strip("-")
    if len(ascii_text) > ID_LENGTH:
        ascii_text = ascii_text[:ID_LENGTH].rsplit("-", 1)[0]
    return ascii_text
