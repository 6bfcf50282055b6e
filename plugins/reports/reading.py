"""Find the reports under content/reports/, read their files and check them.

Layout (docs/autoriem/saturs.md, "Pārskata sadaļas"): one folder per year; in it `index.md` (the
report's title, summary and introduction) and one Markdown file per section,
named `NN-slug.md`: NN is the section's place in the report, slug its address.
A new year is a new folder and new data files; no code changes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from portalbuild.shared.errors import ContentProblem, display_path

from .config import Config
from .contents import Report, ReportIntro, ReportSection
from .headings import has_level_one

YEAR = re.compile(r"^\d{4}$")
SECTION_FILE = re.compile(r"^(?P<order>\d+)-(?P<slug>[^.]+)\.(md|markdown)$", re.IGNORECASE)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MARKDOWN = (".md", ".markdown")


class ReportReader:
    """Reads every report with a generator's Pelican readers; collects problems, never stops."""

    def __init__(self, generator, config: Config):
        self.generator = generator
        self.config = config
        self.problems: list[ContentProblem] = []

    def add(self, path, problem: str, fix: str, line: int | None = None, field: str | None = None) -> None:
        self.problems.append(ContentProblem(str(path), problem, fix, line=line, field=field))

    def read_all(self) -> list[Report]:
        folder = Path(self.config.folder(self.generator.path))
        if not folder.is_dir():
            return []
        reports = [self.read_report(path) for path in sorted(folder.iterdir()) if path.is_dir()]
        return sorted((r for r in reports if r is not None), key=lambda r: r.year, reverse=True)

    def read_report(self, folder: Path) -> Report | None:
        if not YEAR.match(folder.name):
            self.add(folder, "the folder name is not a year",
                     f"name the folder after the report's year, e.g. {display_path(folder.parent)}/2021")
            return None
        intro = self.read_intro(folder)
        sections = [self.read_section(path, int(folder.name)) for path in sorted(folder.iterdir())
                    if path.suffix.lower() in MARKDOWN and path.stem != "index"]
        sections = [section for section in sections if section is not None]
        if intro is None:
            return None
        if not sections:
            self.add(folder, "the report has no sections",
                     "add one Markdown file per section, named NN-slug.md (e.g. 01-prieksvards.md)")
        report = Report(year=int(folder.name), intro=intro, sections=sections)
        self.check_unique(report)
        return report

    def read_intro(self, folder: Path) -> ReportIntro | None:
        path = folder / "index.md"
        if not path.is_file():
            self.add(folder, "the report has no index.md",
                     f"add {display_path(path)} with 'Title: …' (the report's title), 'Summary: …' "
                     "and an introduction")
            return None
        intro = self.read(path, ReportIntro)
        if intro is not None:
            intro.year = int(folder.name)
            intro.url_pattern = self.config.report_url
        return intro

    def read_section(self, path: Path, year: int) -> ReportSection | None:
        if path.suffix != path.suffix.lower():
            # Pelican's readers know '.md', not '.MD': the section would not be read at all.
            self.add(path, f"the file name ends in '{path.suffix}'",
                     f"rename it to end in '{path.suffix.lower()}'")
            return None
        section = self.read(path, ReportSection)
        if section is None:
            return None
        named = SECTION_FILE.match(path.name)
        order = section.metadata.get("order") or (named and named["order"])
        if not order and re.match(r"^\d+_", path.name):
            hyphenated = path.name.replace("_", "-")
            self.add(path, "the file name has '_' where the address needs '-'",
                     f"rename it to {hyphenated}")
            return None
        if not order or not str(order).strip().isdigit():
            self.add(path, "the file name does not start with the section's number",
                     "name the file NN-slug.md, e.g. 03-planosanas-dokumenti.md, or add a line 'Order: 3'",
                     field="Order" if "order" in section.metadata else None)
            return None
        section.order = int(str(order).strip())
        section.year = year
        section.url_pattern = self.config.section_url
        if "slug" not in section.metadata and named:
            section.slug = named["slug"]
        if not SLUG.match(section.slug or ""):
            self.add(path, f"the address '{section.slug}' is not plain ASCII",
                     "use lowercase letters a–z, digits and hyphens in the file name or 'Slug:' (ā → a, š → s)",
                     field="Slug")
            return None
        return section

    def read(self, path: Path, content_class):
        relative = os.path.relpath(path, self.generator.path)
        try:
            content = self.generator.readers.read_file(
                base_path=self.generator.path, path=relative, content_class=content_class,
                context=self.generator.context)
        except Exception as error:  # noqa: BLE001 -- any reader failure becomes the author's message
            self.add(path, f"the file could not be read ({error})",
                     "check the front matter ('Key: value' lines, then one empty line) and the Markdown")
            return None
        return content if self.check_content(path, content) else None

    def check_content(self, path: Path, content) -> bool:
        ok = True
        if not getattr(content, "title", "").strip():
            self.add(path, "the title is missing or empty", "add a line 'Title: …' at the top of the file",
                     field="Title")
            ok = False
        if content.status not in content.allowed_statuses:
            self.add(path, f"'{content.status}' is not a known status",
                     f"use one of: {', '.join(content.allowed_statuses)}", field="Status")
            ok = False
        if has_level_one(content._content or ""):
            self.add(path, "the text has a level-1 heading ('# …'), but the title is the page's only h1",
                     "use '## …' for the headings in the text", line=_line_of_h1(path))
            ok = False
        return ok

    def check_unique(self, report: Report) -> None:
        for attribute, what in (("order", "number"), ("slug", "address")):
            seen: dict = {}
            for section in report.sections:
                key = getattr(section, attribute)
                if key in seen:
                    self.add(section.source_path,
                             f"this section and {Path(seen[key].source_path).name} have the same {what} ({key})",
                             f"give each section of the {report.year} report its own {what}",
                             field="Order" if attribute == "order" else "Slug")
                seen[key] = section


def _line_of_h1(path: Path) -> int | None:
    return _line_starting(path, r"^#(?!#)\s*\S")


def _line_starting(path: Path, pattern: str) -> int | None:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.match(pattern, line):
            return number
    return None
