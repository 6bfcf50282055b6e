"""reports: the region's annual public reports as sections with a table of contents.

Adds, from content/reports/{year}/index.md and NN-slug.md (docs/autoriem/saturs.md,
"Pārskata sadaļas"): /parskati/ (every report, newest first; reports.html), /parskati/{year}/
(introduction and contents; report.html) and /parskati/{year}/{slug}/ (a section with
previous/next links and anchored h2/h3 headings; report_section.html). Sections are Markdown,
so `[[indicator:ID]]` markers work as anywhere. Mistakes (no title, no number, two sections
at one address, a `#` heading) stop the build naming file and fix. Template context:
`reports`, and `report`, `section` on their pages.

Settings read:
    REPORTS (one dict; keys and defaults in config.DEFAULTS, documented in its README.md),
    PATH, RELATIVE_URLS, SLUG_REGEX_SUBSTITUTIONS.
"""

from pelican import signals

from .generator import ReportsGenerator, stop_on_problems

__all__ = ["register"]


def add_generator(pelican):
    return ReportsGenerator


def register():
    signals.get_generators.connect(add_generator)
    signals.all_generators_finalized.connect(stop_on_problems)
