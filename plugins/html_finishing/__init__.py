"""html_finishing: headings with ids and anchors, contents lists, marked external links, scrollable tables.

Adds to the body of every Markdown article and page, while Markdown converts it (a
treeprocessor, treeprocessor.py; no written page is parsed again): an ASCII id on each
h2–h6 and an anchor link for ``anchor_levels``; a contents list before the first h2 when
there are ``toc_min_headings``; rel="noopener" and a hidden "(ārēja saite)" on links to
other sites; a labelled, focusable scrolling box around each table; loading="lazy" on body
images but the first of a post without a featured image.

Settings read:
    HTML_FINISHING (one dict; keys and defaults in config.DEFAULTS, documented in its README.md),
    SITEURL and CANONICAL_SITEURL (their hosts are internal), MARKDOWN (the extension is added to it),
    THEME / UI_STRINGS_FILE and DEFAULT_LANG (the labels).
"""

from pelican import signals

from .config import read_options
from .treeprocessor import FinishingExtension

__all__ = ["register"]


def add_markdown_extension(pelican) -> None:
    """Add the finishing extension to the MARKDOWN setting every Markdown reader is built from."""
    markdown = pelican.settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    extensions[:] = [e for e in extensions if not isinstance(e, FinishingExtension)]
    extensions.append(FinishingExtension(read_options(pelican.settings)))


def register():
    signals.initialized.connect(add_markdown_extension)
