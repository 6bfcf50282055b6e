"""The INDICATOR_TABLES setting: defaults filled in one place, unknown keys named once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from portalbuild.options import plugin_options

# Every key of INDICATOR_TABLES with its default. README.md in this folder documents each one.
DEFAULTS = {
    # Folder under PATH that holds the dataset files (*.yaml, *.yml).
    "path": "data",
    # Folder of the published site for {id}.csv, {id}.json and the catalogue page.
    "output_dir": "dati",
    # Template of the catalogue page at /{output_dir}/ (extends base.html).
    "catalogue_template": "datasets",
    # Jinja component with the macro `indicator_table(table)` that renders a dataset.
    "table_template": "components/indicator_table.html",
}


@dataclass(frozen=True)
class Config:
    data_path: str  # absolute folder of the dataset files
    output_dir: str
    catalogue_template: str
    table_template: str
    siteurl: str

    def url(self, filename: str = "") -> str:
        """The published address of a file in the datasets folder, with SITEURL in front."""
        return f"{self.siteurl}/{self.output_dir}/{filename}"

    def save_as(self, filename: str) -> str:
        return f"{self.output_dir}/{filename}"


def read_config(settings: dict) -> Config:
    options = plugin_options(settings, "INDICATOR_TABLES", DEFAULTS)
    return Config(
        data_path=os.path.join(settings["PATH"], options["path"]),
        output_dir=options["output_dir"].strip("/"),
        catalogue_template=options["catalogue_template"],
        table_template=options["table_template"],
        siteurl=(settings.get("SITEURL") or "").rstrip("/"),
    )
