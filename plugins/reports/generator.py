"""Reads the annual reports and writes /parskati/, /parskati/{year}/ and each section page."""

from __future__ import annotations

from pelican.generators import Generator

from portalbuild.shared.errors import ContentError

from .config import read_config
from .headings import add_anchors, has_contents_list
from .reading import ReportReader

CONTEXT_KEY = "reports"
DEFAULT_ANCHOR_LABEL = "Saite uz šo sadaļu"


class ReportsGenerator(Generator):
    """The reports plugin's generator; runs after the articles and pages generators."""

    def generate_context(self):
        self.config = read_config(self.settings)
        reader = ReportReader(self, self.config)
        reports = reader.read_all()
        self.problems = reader.problems  # raised by stop_on_problems, with every other plugin's checks run
        self.reports = [report for report in reports if report.published]
        for report in self.reports:
            self.add_source_path(report.intro)
            report.link_sections()
            for section in report.sections:
                self.add_source_path(section)
                self._anchor_headings(section)
        self.context[CONTEXT_KEY] = self.reports
        self.context["reports_url"] = self.config.index_url

    def _anchor_headings(self, section) -> None:
        label = (self.env.globals.get("ui") or {}).get("report_anchor_link", DEFAULT_ANCHOR_LABEL)
        section._content, headings = add_anchors(
            section._content or "", self.config.anchor_levels, label,
            regex_subs=self.settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
        top = min(self.config.anchor_levels, default=2)
        section.headings = headings
        section.toc = [heading for heading in headings if heading.level == top]
        # A long body may already carry the theme's contents list; the page then shows only that one.
        section.contents_in_body = has_contents_list(section._content)

    def generate_output(self, writer):
        # The index is written even before the first report exists: the main menu links to it.
        self._write(writer, self.config.index_url, self.config.index_template, reports=self.reports)
        for report in self.reports:
            self._write(writer, report.url, self.config.report_template, report=report)
            for section in report.sections:
                self._write(writer, section.url, self.config.section_template, report=report, section=section)

    def _write(self, writer, url: str, template: str, **variables) -> None:
        writer.write_file(url + "index.html", self.get_template(template), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], url=url, **variables)


def stop_on_problems(generators) -> None:
    """After every generator has read its content: stop the build if a report has mistakes."""
    for generator in generators:
        if isinstance(generator, ReportsGenerator) and generator.problems:
            raise ContentError(generator.problems)
