"""reports: the region's annual public reports as sections with a table of contents.

Adds:
    /parskati/                  every report, newest year first (template reports.html)
    /parskati/{year}/           one report: its introduction and table of contents (report.html)
    /parskati/{year}/{slug}/    one section (report_section.html) with previous/next links,
                                ids and visible anchor links on its h2/h3 headings
from content/reports/{year}/index.md and content/reports/{year}/NN-slug.md (layout in
docs/autoriem/saturs.md, "Pārskata sadaļas"). Section text is Markdown; `[[indicator:ID]]` markers in it
are replaced by the indicator_tables plugin like in any other content. Mistakes (no title,
no number, two sections at one address, a `#` heading) stop the build naming file and fix.
Template context: `reports` (every published report), and on report pages `report`,
on section pages `report` and `section`.

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
