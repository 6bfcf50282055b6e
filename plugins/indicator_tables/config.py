"""The INDICATOR_TABLES setting: defaults filled in one place, unknown keys named once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from portalbuild.shared.options import plugin_options
from portalbuild.shared.siteaddress import site_addresses

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
    # The catalogue's topics, in the order /dati/ shows them: a dataset's `topic:` names one.
    # Each theme is from the EU data theme vocabulary (DCAT-AP dcat:theme).
    "topics": {
        "parvalde": {"label": "Pārvalde, budžets un personāls", "theme": "GOVE"},
        "planosana": {"label": "Attīstības plānošana un reģiona projekti", "theme": "REGI"},
        "uznemejdarbiba": {"label": "Uzņēmējdarbība un Latgales SEZ", "theme": "ECON"},
        "sabiedriba": {"label": "Sociālie pakalpojumi un remigrācija", "theme": "SOCI"},
        "transports": {"label": "Sabiedriskais transports", "theme": "TRAN"},
        "komunikacija": {"label": "Komunikācija ar sabiedrību", "theme": "GOVE"},
    },
    # The heading of datasets without a topic.
    "other_topic_label": "Citi dati",
    # The licence of datasets whose file names none (an id of catalogue.LICENSES).
    "license": "CC-BY-4.0",
    # The DCAT-AP catalogue (JSON-LD) in the datasets folder, and its title and description.
    "catalogue_file": "katalogs.jsonld",
    "catalogue_title": "Latgales plānošanas reģiona atvērtie dati",
    "catalogue_description": ("Latgales plānošanas reģiona publisko pārskatu rādītāji kā atvērtie dati "
                              "CSV un JSON formātā."),
}


@dataclass(frozen=True)
class Config:
    data_path: str  # absolute folder of the dataset files
    output_dir: str
    catalogue_template: str
    table_template: str
    siteurl: str
    topics: dict
    other_topic_label: str
    license: str
    catalogue_file: str
    catalogue_title: str
    catalogue_description: str
    absolute_base: str  # the canonical address: the catalogue's URLs are absolute in every build

    def url(self, filename: str = "") -> str:
        """The published address of a file in the datasets folder, with SITEURL in front."""
        return f"{self.siteurl}/{self.output_dir}/{filename}"

    def save_as(self, filename: str) -> str:
        return f"{self.output_dir}/{filename}"


def read_config(settings: dict) -> Config:
    options = plugin_options(settings, "INDICATOR_TABLES", DEFAULTS)
    addresses = site_addresses(settings)
    return Config(
        data_path=os.path.join(settings["PATH"], options["path"]),
        output_dir=options["output_dir"].strip("/"),
        catalogue_template=options["catalogue_template"],
        table_template=options["table_template"],
        siteurl=addresses.links,
        topics=options["topics"] if isinstance(options["topics"], dict) else {},
        other_topic_label=options["other_topic_label"],
        license=options["license"],
        catalogue_file=options["catalogue_file"],
        catalogue_title=options["catalogue_title"],
        catalogue_description=options["catalogue_description"],
        absolute_base=addresses.canonical,
    )
