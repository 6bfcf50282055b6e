"""A report (one year) and its sections as Pelican content, with their addresses and neighbours."""

from __future__ import annotations

from dataclasses import dataclass, field

from pelican.contents import Content


class ReportSection(Content):
    """One part of an annual report: a Markdown file content/reports/{year}/NN-slug.md.

    The generator sets after reading: year, order, slug, url_pattern, report, headings,
    previous and next (the neighbouring sections, None at the ends).
    """

    mandatory_properties = ("title",)
    allowed_statuses = ("published", "draft")
    default_status = "published"
    default_template = "report_section"
    url_pattern = "parskati/{year}/{slug}/"
    year: int | None = None  # set by the generator right after reading
    order = 0

    @property
    def url(self) -> str:
        return self.url_pattern.format(year=self.year, slug=self.slug)

    @property
    def save_as(self) -> str:
        # Like Pelican's DRAFT_SAVE_AS = "": a draft has nowhere to be written, for any plugin.
        return self.url + "index.html" if self.status == "published" else ""


class ReportIntro(Content):
    """The report's own text: content/reports/{year}/index.md (title, summary, introduction)."""

    mandatory_properties = ("title",)
    allowed_statuses = ("published", "draft")
    default_status = "published"
    default_template = "report"
    url_pattern = "parskati/{year}/"
    year: int | None = None

    @property
    def url(self) -> str:
        return self.url_pattern.format(year=self.year)

    @property
    def save_as(self) -> str:
        return self.url + "index.html" if self.status == "published" else ""


@dataclass
class Report:
    year: int
    intro: ReportIntro
    sections: list[ReportSection] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.intro.title

    @property
    def summary(self) -> str:
        return self.intro.metadata.get("summary", "")

    @property
    def content(self) -> str:
        return self.intro.content

    @property
    def url(self) -> str:
        return self.intro.url

    @property
    def save_as(self) -> str:
        return self.intro.save_as

    @property
    def published(self) -> bool:
        return self.intro.status == "published"

    def link_sections(self) -> None:
        """Order the published sections and point each at its neighbours."""
        self.sections = sorted((s for s in self.sections if s.status == "published"), key=lambda s: s.order)
        for index, section in enumerate(self.sections):
            section.report = self
            section.previous = self.sections[index - 1] if index > 0 else None
            section.next = self.sections[index + 1] if index + 1 < len(self.sections) else None
