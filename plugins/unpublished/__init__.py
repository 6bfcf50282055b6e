"""unpublished: name every content file a build does not publish, and why.

Pelican's summary says only "1 draft"; a file saved as `zina.md.txt`, or a post
saved straight into content/, is never read and never mentioned. After every
generator has read its files, this plugin lists, one line each:

    * drafts (`Status: draft`, any case) and draft pages;
    * scheduled posts (dated after now) with their planned date, Riga time;
    * every file under the content folder that no reader, plugin or static
      path takes, with the reason (an extension Pelican does not read, a
      Markdown file outside the post and page folders, …) and the fix.

It also stops the build when a scheduled post would take the address of a
post already published (or of another scheduled one): the build on its date
would fail, so it is reported now.

The lines are the build's notices under "Not published" (``portalbuild.add_notices``;
BuildResult.notices); the commands print them after the build.
Hidden files (a name starting with '.') and IGNORE_FILES are left out.

Settings read: PATH, STATIC_PATHS, ARTICLE_PATHS, PAGE_PATHS, IGNORE_FILES,
ARTICLE_SAVE_AS, TIMEZONE, and the folders the content plugins read:
PROJECT_CARDS_PATH, INDICATOR_TABLES['path'], REPORTS['path'].
"""

from __future__ import annotations

from pelican import signals

from .notes import note_unpublished

__all__ = ["register"]


def register():
    signals.all_generators_finalized.connect(note_unpublished)
