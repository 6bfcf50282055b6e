"""content_safety: nothing unsafe or from outside the content folder reaches the site.

Stops the build, naming file, line and fix (ContentError), on: a symbolic link under the
content or theme folder that leads out of it (checked before anything is read); raw HTML
outside the allow-list in a Markdown body or Summary (rawhtml.py: no event handlers, no
'javascript:' or 'data:' URLs, no image from another site); a {static}/{attach}/{filename}
link out of the content folder; a NUL character; and silent mistakes (mistakes.py: a title
or tag without letters, a date whose offset has seconds, a bad marker in a report, an
oversized unused image). It runs once all generators have read, so the other plugins'
problems are found in the same build.

Settings read: PATH, THEME, IGNORE_FILES, TIMEZONE, RESPONSIVE_IMAGES["max_bytes"],
SITEURL and CANONICAL_SITEURL (the site's own hosts), CACHE_PATH (sources that passed).
"""

from pelican import signals

from portalbuild.shared.errors import ContentError

from . import mistakes
from .paths import symlink_problems
from .sources import source_problems

__all__ = ["register"]


def refuse_outside_links(pelican) -> None:
    problems = symlink_problems(pelican.settings["PATH"], "content")
    problems += symlink_problems(pelican.settings["THEME"], "theme")
    if problems:
        raise ContentError(problems)


def check_sources(generators) -> None:
    if not generators:
        return
    settings = generators[0].settings
    contents = list(mistakes.written_contents(generators))
    problems = (source_problems(settings) + mistakes.empty_address_problems(contents)
                + mistakes.offset_with_seconds_problems(contents, settings.get("TIMEZONE", ""))
                + mistakes.marker_problems(generators) + mistakes.oversized_image_problems(generators, settings))
    if problems:
        raise ContentError(problems)


def register():
    signals.initialized.connect(refuse_outside_links)
    signals.all_generators_finalized.connect(check_sources)
