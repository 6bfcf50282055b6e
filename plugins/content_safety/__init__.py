"""content_safety: nothing unsafe or from outside the content folder reaches the site.

Stops the build, naming file, line and fix (ContentError), on:
    * a symbolic link under the content or theme folder whose target is outside that
      folder (checked before anything is read: Pelican would follow it);
    * in every Markdown source (body and Summary): raw HTML outside the allow-list
      (rawhtml.ALLOWED_ELEMENTS and their attributes; no event handlers, no
      'javascript:'/'data:' URLs, no image from another site), and a {static}, {attach}
      or {filename} link that climbs out of the content folder;
    * a NUL character in any Markdown or YAML source;
    * silent mistakes (mistakes.py): a title or tag without letters or digits (no
      address), a date so early that its offset has seconds, a broken marker or one
      no plugin knows in a report, an oversized image that no post uses.
The sources are checked once all generators have read them, so the other plugins'
problems are found in the same build (`invoke check` runs this build too).

Settings read: PATH, THEME, IGNORE_FILES, TIMEZONE, RESPONSIVE_IMAGES["max_bytes"], SITEURL and CANONICAL_SITEURL (the site's own
hosts, whose images may be linked absolutely), CACHE_PATH (sources that passed).
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
