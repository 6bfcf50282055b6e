"""html_finishing: headings with ids and anchors, contents lists, marked external links, scrollable tables.

Adds, to the body of every Markdown article and page (once, while Markdown converts
it: a treeprocessor, see treeprocessor.py; no written page is parsed again):
    * an id on each h2–h6 (transliterated ASCII, unique in the page, never one of the
      theme's own ids) and, for anchor_levels, an anchor link after the heading
      (<div class="lpr-heading">…<a class="lpr-heading__anchor" href="#id">);
    * a table of contents (<nav class="lpr-toc">) before the first h2 when the body
      has at least toc_min_headings h2 headings;
    * rel="noopener" and a visually hidden "(ārēja saite)" on links to other sites;
    * around each table: <div class="lpr-scroll" tabindex="0" role="region" aria-label="…"
      data-scroll-hint="…"> named after the table's caption or the heading above it (the
      theme shows the hint when the table is wider than the box);
    * loading="lazy" decoding="async" on body images, except the first one of a body
      whose post has no featured image.

Settings read:
    HTML_FINISHING (one dict; keys and defaults in config.DEFAULTS, documented in its README.md),
    SITEURL and CANONICAL_SITEURL (their hosts are internal), MARKDOWN (the extension is added to it),
    THEME / UI_STRINGS_FILE and DEFAULT_LANG (labels: toc_title, heading_anchor,
    table_region, table_scroll_hint, opens_external).
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
