"""The REPORTS setting: defaults filled in one place, unknown keys named once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from portalbuild.shared.options import plugin_options

# Every key of REPORTS with its default. README.md in this folder documents each one.
DEFAULTS = {
    # Folder under PATH with one folder per report year: reports/2020/index.md, 01-….md, …
    "path": "reports",
    # Addresses; each page is saved as {url}index.html.
    "index_url": "parskati/",
    "report_url": "parskati/{year}/",
    "section_url": "parskati/{year}/{slug}/",
    # Templates (theme/templates/*.html).
    "index_template": "reports",
    "report_template": "report",
    "section_template": "report_section",
    # Headings in a section that get an id and a visible anchor link; the first level
    # also makes the table of contents.
    "anchor_levels": [2, 3],
}


@dataclass(frozen=True)
class Config:
    reports_path: str  # relative to PATH
    index_url: str
    report_url: str
    section_url: str
    index_template: str
    report_template: str
    section_template: str
    anchor_levels: tuple[int, ...]

    def folder(self, content_root: str) -> str:
        return os.path.join(content_root, self.reports_path)


def read_config(settings: dict) -> Config:
    options = plugin_options(settings, "REPORTS", DEFAULTS)
    return Config(
        reports_path=options["path"].strip("/"),
        index_url=options["index_url"],
        report_url=options["report_url"],
        section_url=options["section_url"],
        index_template=options["index_template"],
        report_template=options["report_template"],
        section_template=options["section_template"],
        anchor_levels=tuple(sorted(int(level) for level in options["anchor_levels"])),
    )
