"""field_links: the links in front-matter fields that reach readers outside the page.

`Summary:` is Markdown with links that the feeds carry, while the theme shows it
only as plain text: the link check of the built pages never saw them. After the
posts and the pages are written (their {filename} links resolved), this plugin
records every <a href> of each FORMATTED_FIELDS field other than the text, as
FieldLink(source path, field, href, page URL) with
``portalbuild.shared.notices.add_field_links``; the build hands them to the link check.

Settings read: FORMATTED_FIELDS.
"""

from __future__ import annotations

import re
from html import unescape

from pelican import signals

from portalbuild.shared.notices import FieldLink, add_field_links

__all__ = ["register"]

HREF = re.compile(r"""<a\b[^>]*?\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
CONTENT_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles",
                 "hidden_translations", "pages", "hidden_pages", "draft_pages")


def record_field_links(generator, writer=None) -> None:
    settings = generator.settings
    fields = [key for key in settings.get("FORMATTED_FIELDS", ()) if key != "content"]
    found = []
    for kind in CONTENT_LISTS:
        for content in getattr(generator, kind, ()) or ():
            if not content.save_as:
                continue  # not written by this build (a draft in a published build)
            for key in fields:
                html = content.metadata.get(key)
                if not isinstance(html, str) or "<a" not in html:
                    continue
                for match in HREF.finditer(html):
                    href = unescape(next(group for group in match.groups() if group is not None))
                    found.append(FieldLink(content.source_path, key.capitalize(), href, "/" + content.url))
    add_field_links(found)


def register():
    signals.article_writer_finalized.connect(record_field_links)
    signals.page_writer_finalized.connect(record_field_links)
