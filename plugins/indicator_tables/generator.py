"""The open data output: /dati/{id}.csv, /dati/{id}.json, the catalogue page /dati/ (grouped
by topic) and the DCAT-AP catalogue /dati/katalogs.jsonld."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from pelican.generators import Generator
from unidecode import unidecode

import datetime as dt

from .build import Build, current_build
from .catalogue import License, catalogue_text, group_by_topic, license_of
from .opendata import csv_text, json_text

CONTEXT_KEY = "indicator_datasets"


@dataclass
class CatalogueEntry:
    id: str
    title: str
    description: str | None
    period: str | None
    unit: str | None
    source: str
    source_url: str | None
    csv_url: str
    json_url: str
    columns: list[str]
    row_count: int
    has_chart: bool
    used_in: list = field(default_factory=list)  # published content objects showing the dataset
    topic: str | None = None
    license: License | None = None
    keywords: list[str] = field(default_factory=list)
    issued: dt.date | None = None
    modified: dt.date | None = None


class DatasetsGenerator(Generator):
    """Writes every dataset as CSV and JSON and the catalogue that lists them all."""

    def generate_context(self):
        build = current_build()
        if build is not None:
            self.context[CONTEXT_KEY] = [_entry(build, dataset, set()) for dataset in _ordered(build)]

    def generate_output(self, writer):
        build = current_build()
        if build is None:
            return
        config = build.config
        for dataset in build.datasets.values():
            self._write(build, f"{dataset.id}.csv", csv_text(dataset))
            self._write(build, f"{dataset.id}.json", json_text(dataset, license_of(dataset, config)))
        ordered = _ordered(build)
        self._write(build, config.catalogue_file, catalogue_text(ordered, config, self.settings))
        published = self._published()  # once: it goes through every content object of the build
        entries = [_entry(build, dataset, published) for dataset in ordered]
        self.context[CONTEXT_KEY] = entries
        licences = sorted({entry.license for entry in entries}, key=lambda licence: licence.id)
        writer.write_file(config.save_as("index.html"),
                          self.get_template(config.catalogue_template), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"],
                          url=config.save_as(""), datasets=entries, dataset_topics=group_by_topic(entries, config),
                          dataset_licences=licences, catalogue_url=config.url(config.catalogue_file))

    def _write(self, build: Build, filename: str, text: str) -> None:
        path = os.path.join(self.output_path, build.config.save_as(filename))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)

    def _published(self) -> set[int]:
        """Ids of content objects that this build publishes (not drafts, not hidden, not failed)."""
        return {id(content) for content in self.context.get("generated_content", {}).values()
                if content is not None and getattr(content, "status", "") == "published"}


def _ordered(build: Build) -> list:
    return sorted(build.datasets.values(), key=lambda dataset: unidecode(dataset.title).casefold())  # ā with a, not after z


def _entry(build: Build, dataset, published: set[int]) -> CatalogueEntry:
    return CatalogueEntry(
        id=dataset.id, title=dataset.title, description=dataset.description, period=dataset.period,
        unit=dataset.unit, source=dataset.source, source_url=dataset.source_url,
        csv_url=build.config.url(f"{dataset.id}.csv"), json_url=build.config.url(f"{dataset.id}.json"),
        columns=[column.label for column in dataset.columns], row_count=len(dataset.rows),
        has_chart=dataset.chart is not None, used_in=build.used_in(dataset.id, published),
        topic=dataset.topic, license=license_of(dataset, build.config), keywords=dataset.keywords,
        issued=dataset.issued, modified=dataset.modified)
