"""unpublished: name every content file a build does not publish, and why.

Pelican's summary says only "1 draft"; a file saved as `zina.md.txt`, or a post saved
straight into content/, is never read and never mentioned. After every generator has read
its files, this plugin lists, one line each: drafts and draft pages; scheduled posts with
their date (Riga time); every file under the content folder that nothing reads, with the
reason and the fix. The lines are the build's notices under "Not published"
(portalbuild.shared.notices.add_notices); the commands print them. Hidden files and
IGNORE_FILES are left out. A scheduled post that would take the address of another post
stops the build now, not on its date.

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
