"""The open data catalogue: datasets grouped by topic for /dati/, and the same catalogue in
DCAT-AP (JSON-LD) at /dati/katalogs.jsonld for the national open data portal to harvest.

A dataset's `topic:` is one of INDICATOR_TABLES["topics"] (each with its label and its theme
in the EU data theme vocabulary); `license:` one of LICENSES (INDICATOR_TABLES["license"] when
the file names none). `issued:`/`modified:` are days; `period:` ("2020", "2014–2019",
"līdz 2030", "kopš 2013") gives dct:temporal. Every URL is absolute, made from the canonical
address (portalbuild/shared/siteaddress.py: SITEURL, or CANONICAL_SITEURL in local builds).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

from portalbuild.shared.errors import ContentProblem

from .config import Config
from .dataset import Dataset
from .opendata import dumps_exact

EU_THEMES = "http://publications.europa.eu/resource/authority/data-theme/"
EU_FILE_TYPES = "http://publications.europa.eu/resource/authority/file-type/"
EU_LANGUAGES = "http://publications.europa.eu/resource/authority/language/"
EU_LICENCES = "http://publications.europa.eu/resource/authority/licence/"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
# The EU data theme vocabulary (DCAT-AP's dcat:theme).
THEMES = ("AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST", "OP_DATPRO",
          "REGI", "SOCI", "TECH", "TRAN")
LANGUAGES = {"lv": "LAV", "en": "ENG"}


@dataclass(frozen=True)
class License:
    id: str
    name: str  # what the page shows
    url: str  # the licence's own page
    eu_uri: str  # the EU licence vocabulary (DCAT-AP's dct:license)


LICENSES = {license.id: license for license in (
    License("CC-BY-4.0", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/deed.lv",
            EU_LICENCES + "CC_BY_4_0"),
    License("CC-BY-SA-4.0", "CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/deed.lv",
            EU_LICENCES + "CC_BYSA_4_0"),
    License("CC0-1.0", "CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/deed.lv",
            EU_LICENCES + "CC0"),
)}

DISTRIBUTIONS = (  # (extension, format name, EU file type, media type)
    ("csv", "CSV", "CSV", "text/csv"),
    ("json", "JSON", "JSON", "application/json"),
)

_YEAR_SPAN = re.compile(r"^(?P<start>\d{4})\s*[–—-]\s*(?P<end>\d{4})$")
_YEAR = re.compile(r"^(?P<year>\d{4})$")
_UNTIL = re.compile(r"^līdz\s+(?P<end>\d{4})$", re.IGNORECASE)
_SINCE = re.compile(r"^(?:no|kopš)\s+(?P<start>\d{4})$", re.IGNORECASE)


def period_bounds(period: str | None) -> tuple[dt.date | None, dt.date | None]:
    """First and last day of a period as datasets write it; (None, None) when it is not a span of years."""
    text = (period or "").strip()
    if match := _YEAR.match(text):
        year = int(match["year"])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if match := _YEAR_SPAN.match(text):
        return dt.date(int(match["start"]), 1, 1), dt.date(int(match["end"]), 12, 31)
    if match := _UNTIL.match(text):
        return None, dt.date(int(match["end"]), 12, 31)
    if match := _SINCE.match(text):
        return dt.date(int(match["start"]), 1, 1), None
    return None, None


DEFAULT_LICENSE = "CC-BY-4.0"


def license_of(dataset: Dataset, config: Config) -> License:
    # An unknown licence is reported by check_datasets/check_config before anything is written.
    return LICENSES.get(dataset.license or config.license) or LICENSES[DEFAULT_LICENSE]


def check_datasets(datasets: dict[str, Dataset], config: Config) -> list[ContentProblem]:
    """Topics and licences the catalogue does not know, named with the file, line and fix."""
    problems = []
    for dataset in datasets.values():
        if dataset.topic is not None and dataset.topic not in config.topics:
            close = difflib.get_close_matches(dataset.topic, list(config.topics), n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            problems.append(ContentProblem(
                dataset.path, f"'{dataset.topic}' is not a topic of the data catalogue",
                f"{hint}use one of: {', '.join(config.topics)} (INDICATOR_TABLES['topics'])",
                line=dataset.key_lines.get("topic"), field="topic"))
        if dataset.license is not None and dataset.license not in LICENSES:
            problems.append(ContentProblem(
                dataset.path, f"'{dataset.license}' is not a licence the catalogue knows",
                f"use one of: {', '.join(LICENSES)}", line=dataset.key_lines.get("license"), field="license"))
    return problems


def check_config(config: Config) -> list[ContentProblem]:
    problems = []
    if config.license not in LICENSES:
        problems.append(ContentProblem("pelicanconf.py", f"'{config.license}' is not a licence the catalogue knows",
                                       f"use one of: {', '.join(LICENSES)}", field="INDICATOR_TABLES['license']"))
    for key, topic in config.topics.items():
        if not isinstance(topic, dict) or not topic.get("label") or topic.get("theme") not in THEMES:
            problems.append(ContentProblem(
                "pelicanconf.py", f"topic '{key}' needs a label and a theme of the EU data theme vocabulary",
                f"write it as '{key}': {{'label': '…', 'theme': 'GOVE'}}; themes: {', '.join(THEMES)}",
                field="INDICATOR_TABLES['topics']"))
    return problems


@dataclass
class TopicGroup:
    key: str
    label: str
    theme: str
    entries: list


def group_by_topic(entries: list, config: Config) -> list[TopicGroup]:
    """Entries under their topics in the order of INDICATOR_TABLES['topics']; those without one last."""
    groups = {key: TopicGroup(key, topic["label"], topic["theme"], []) for key, topic in config.topics.items()}
    other = TopicGroup("citi", config.other_topic_label, "", [])
    for entry in entries:
        groups.get(entry.topic, other).entries.append(entry)
    return [group for group in [*groups.values(), other] if group.entries]


# --- DCAT-AP ---------------------------------------------------------------------------------

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def dcat_catalogue(datasets: list[Dataset], config: Config, settings: dict) -> dict:
    base = config.absolute_base
    language = LANGUAGES.get(settings.get("DEFAULT_LANG", "lv"), "LAV")
    organisation = settings.get("ORGANISATION") or {}
    publisher = {
        "@id": f"{base}/#organizacija",
        "@type": "foaf:Agent",
        "foaf:name": organisation.get("name") or settings.get("SITENAME", ""),
        "foaf:homepage": {"@id": f"{base}/"},
    }
    contact = {"@type": "vcard:Organization", "vcard:fn": publisher["foaf:name"]}
    if organisation.get("email"):
        contact["vcard:hasEmail"] = {"@id": f"mailto:{organisation['email']}"}
    text = _literal(language)
    dates = [date for dataset in datasets for date in (dataset.modified or dataset.issued,) if date]
    catalogue = {
        "@context": CONTEXT,
        "@id": f"{base}/{config.save_as(config.catalogue_file)}",
        "@type": "dcat:Catalog",
        "dct:title": text(config.catalogue_title),
        "dct:description": text(config.catalogue_description),
        "dct:publisher": publisher,
        "foaf:homepage": {"@id": f"{base}/{config.save_as('')}"},
        "dct:language": {"@id": EU_LANGUAGES + language},
        "dct:license": {"@id": LICENSES.get(config.license, LICENSES[DEFAULT_LICENSE]).eu_uri},
        "dcat:themeTaxonomy": {"@id": EU_THEMES.rstrip("/")},
        "dcat:dataset": [_dcat_dataset(dataset, config, base, language, publisher["@id"], contact)
                         for dataset in datasets],
    }
    if dates:
        catalogue["dct:modified"] = _date(max(dates))
    return catalogue


def _dcat_dataset(dataset: Dataset, config: Config, base: str, language: str, publisher_id: str,
                  contact: dict) -> dict:
    text = _literal(language)
    landing = f"{base}/{config.save_as('')}#{dataset.id}"
    licence = {"@id": license_of(dataset, config).eu_uri}
    node = {
        "@id": landing,
        "@type": "dcat:Dataset",
        "dct:identifier": landing,
        "dct:title": text(dataset.title),
        "dct:description": text(dataset.description or dataset.title),
        "dct:publisher": {"@id": publisher_id},
        "dcat:contactPoint": contact,
        "dcat:landingPage": {"@id": landing},
        "dct:language": {"@id": EU_LANGUAGES + language},
        "dct:license": licence,
        "dct:provenance": {"@type": "dct:ProvenanceStatement", "rdfs:label": text(dataset.source)},
    }
    if dataset.keywords:
        node["dcat:keyword"] = [text(keyword) for keyword in dataset.keywords]
    if dataset.topic in config.topics:
        node["dcat:theme"] = {"@id": EU_THEMES + config.topics[dataset.topic]["theme"]}
    if dataset.issued:
        node["dct:issued"] = _date(dataset.issued)
    if dataset.modified or dataset.issued:
        node["dct:modified"] = _date(dataset.modified or dataset.issued)
    start, end = period_bounds(dataset.period)
    if start or end:
        temporal = {"@type": "dct:PeriodOfTime"}
        if start:
            temporal["dcat:startDate"] = _date(start)
        if end:
            temporal["dcat:endDate"] = _date(end)
        node["dct:temporal"] = temporal
    node["dcat:distribution"] = [
        {
            "@id": f"{base}/{config.save_as(f'{dataset.id}.{extension}')}",
            "@type": "dcat:Distribution",
            "dct:title": text(f"{dataset.title} ({name})"),
            "dcat:accessURL": {"@id": f"{base}/{config.save_as(f'{dataset.id}.{extension}')}"},
            "dcat:downloadURL": {"@id": f"{base}/{config.save_as(f'{dataset.id}.{extension}')}"},
            "dct:format": {"@id": EU_FILE_TYPES + file_type},
            "dcat:mediaType": {"@id": IANA_MEDIA_TYPES + media_type},
            "dct:license": licence,
            **({"dct:modified": node["dct:modified"]} if "dct:modified" in node else {}),
        }
        for extension, name, file_type, media_type in DISTRIBUTIONS
    ]
    return node


def _literal(language: str):
    tag = {"LAV": "lv", "ENG": "en"}.get(language, "lv")
    return lambda value: {"@value": value, "@language": tag}


def _date(value: dt.date) -> dict:
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def catalogue_text(datasets: list[Dataset], config: Config, settings: dict) -> str:
    return dumps_exact(dcat_catalogue(datasets, config, settings))
