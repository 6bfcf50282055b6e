"""lv_markdown: Markdown that reads Latvian dates right.

Latvian writes ordinals with a dot: "2020. gadā", "15. augustā". At the start of a
line Markdown takes that for item 2020 (or 15) of a numbered list, so a paragraph
about the year turned into a list. This plugin adds a Markdown preprocessor that
escapes the dot of a year (1900–2099) or of a number followed by "gad…" or a month
name, at the start of a line; real numbered lists ("1. Sagatavot …") are untouched.

Settings read: MARKDOWN (the plugin adds its extension to MARKDOWN["extensions"]).
"""

import re

from markdown import Extension
from markdown.preprocessors import Preprocessor
from pelican import signals

MONTHS = "janvār|februār|mart|aprīl|maij|jūnij|jūlij|august|septembr|oktobr|novembr|decembr"
LATVIAN_ORDINAL = re.compile(
    rf"^(?P<indent>(?:[-*+] )?[ ]{{0,3}})(?P<number>(?:19|20)\d\d|\d{{1,2}}(?=\. (?:gad|{MONTHS})))\.(?=[ ]+\S)",
    re.IGNORECASE)


class OrdinalDotPreprocessor(Preprocessor):
    def run(self, lines):
        in_fence = False
        escaped = []
        for line in lines:
            if line.lstrip().startswith(("```", "~~~")):
                in_fence = not in_fence
            escaped.append(line if in_fence else LATVIAN_ORDINAL.sub(r"\g<indent>\g<number>\\.", line))
        return escaped


class LatvianOrdinalsExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 -- Python-Markdown's API name
        # Before the normalize-whitespace step (priority 30) sees the text as blocks.
        md.preprocessors.register(OrdinalDotPreprocessor(md), "lv_ordinal_dot", 31)


def add_markdown_extension(pelican) -> None:
    extensions = pelican.settings.setdefault("MARKDOWN", {}).setdefault("extensions", [])
    if not any(isinstance(extension, LatvianOrdinalsExtension) for extension in extensions):
        extensions.append(LatvianOrdinalsExtension())


def register():
    signals.initialized.connect(add_markdown_extension)
