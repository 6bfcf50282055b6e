"""lv_markdown: Markdown that reads and writes Latvian right.

Latvian writes ordinals with a dot ("2020. gadā", "19. un 20. augustā"); at a line's start
Markdown takes that for a numbered list, and the paragraph (and every summary made from it)
loses its number. A preprocessor escapes the dot of a year, of a day before "gad…" or a
month, and of the first day of a range before a month; real lists ("1. Sagatavot …") stay.

A tree processor ties numbers in every converted document (bodies and Summary): spaces in
digit groups and before units become no-break spaces (portalbuild.shared.lvformat.tie_numbers),
so "1 447 275 EUR" never wraps. Code is left as written.

Settings read: MARKDOWN (the plugin adds its extension to MARKDOWN["extensions"]).
"""

import re

from markdown import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from pelican import signals

from portalbuild.shared.lvformat import tie_numbers

MONTHS = "janvār|februār|mart|aprīl|maij|jūnij|jūlij|august|septembr|oktobr|novembr|decembr"
# Between the days of a range: "un", "vai", "līdz", a comma or a dash, with spaces or not.
_DAY_LINK = r"[ ]*(?:,|-|–|—|un|vai|līdz)?[ ]*"
LATVIAN_ORDINAL = re.compile(
    rf"^(?P<indent>(?:[-*+] )?[ ]{{0,3}})"
    rf"(?P<number>(?:19|20)\d\d|\d{{1,2}}(?=\.(?:{_DAY_LINK}\d{{1,2}}\.)*[ ]+(?:gad|{MONTHS})))"
    rf"\.(?=[ ]+\S)",
    re.IGNORECASE)
# Metadata shown as plain text (not Markdown) whose numbers are tied like the body's.
PLAIN_TEXT_FIELDS = ("title", "image_caption")
CODE_TAGS = frozenset({"code", "pre", "kbd", "samp", "script", "style"})


class OrdinalDotPreprocessor(Preprocessor):
    def run(self, lines):
        in_fence = False
        escaped = []
        for line in lines:
            if line.lstrip().startswith(("```", "~~~")):
                in_fence = not in_fence
            # The pattern is anchored at the line's start: match() tells at once, where sub() would
            # try every position of every line.
            if not in_fence and LATVIAN_ORDINAL.match(line):
                line = LATVIAN_ORDINAL.sub(r"\g<indent>\g<number>\\.", line)
            escaped.append(line)
        return escaped


class NumberTieTreeprocessor(Treeprocessor):
    """No-break spaces in the numbers of every text node outside code."""

    def run(self, root):
        self._tie(root, in_code=False)

    def _tie(self, element, in_code: bool) -> None:
        inside = in_code or element.tag in CODE_TAGS
        if element.text and not inside:
            element.text = _tied(element.text)
        for child in element:
            self._tie(child, inside)
            if child.tail and not inside:
                child.tail = _tied(child.tail)


def _tied(text: str) -> str:
    tied = tie_numbers(text)
    if tied is text or tied == text:
        return text
    return AtomicString(tied) if isinstance(text, AtomicString) else tied


class LatvianOrdinalsExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 -- Python-Markdown's API name
        # Before the normalize-whitespace step (priority 30) sees the text as blocks.
        md.preprocessors.register(OrdinalDotPreprocessor(md), "lv_ordinal_dot", 31)
        # After "inline" (20) has made the text nodes, before smarty's inline pass (2)
        # and "unescape" (0); AtomicString text keeps its type, so smarty still skips it.
        md.treeprocessors.register(NumberTieTreeprocessor(md), "lv_number_tie", 6)


def add_markdown_extension(pelican) -> None:
    extensions = pelican.settings.setdefault("MARKDOWN", {}).setdefault("extensions", [])
    if not any(isinstance(extension, LatvianOrdinalsExtension) for extension in extensions):
        extensions.append(LatvianOrdinalsExtension())


def tie_plain_text_fields(content) -> None:
    """Titles and captions are shown as written: tie their numbers too."""
    for field in PLAIN_TEXT_FIELDS:
        value = content.metadata.get(field)
        if isinstance(value, str) and value:
            tied = tie_numbers(value)
            if tied != value:
                content.metadata[field] = tied
                if getattr(content, field, None) == value:
                    setattr(content, field, tied)


def register():
    signals.initialized.connect(add_markdown_extension)
    signals.content_object_init.connect(tie_plain_text_fields)
