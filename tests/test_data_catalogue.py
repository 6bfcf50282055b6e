"""The open data catalogue: /dati/ grouped by topic with licence, period and dates, and the
DCAT-AP catalogue /dati/katalogs.jsonld that the national open data portal harvests.

Small real sites are built with the real settings; the last tests check the real portal.
The JSON-LD is checked as JSON and against DCAT-AP's properties (pyld is not a dependency):
every compact IRI has its prefix in the context, every @id is absolute.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from portalbuild import ROOT
from portalbuild.runner import BuildFailed
from tests.conftest import PLAIN, Site, text_of
from indicator_tables.catalogue import period_bounds

# The plugin's own tests build with the plain serial build (tests/conftest.py, PLAIN_BUILD).
pytestmark = pytest.mark.plain_build


SITEURL = "https://lpr.example"
EU = "http://publications.europa.eu/resource/authority/"
CC_BY = EU + "licence/CC_BY_4_0"


def dataset(ident: str, title: str, extra: str = "") -> str:
    return (f"id: {ident}\ntitle: {title}\nperiod: 2017–2020\nsource: Pārskats, 4. nodaļa\n{extra}"
            "columns:\n  - {id: gads, label: Gads, type: year}\n  - {id: skaits, label: Skaits, type: integer}\n"
            "rows:\n  - [2019, 1044]\n  - [2020, 2000]\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Site:
    site = Site(tmp_path_factory.mktemp("catalogue"), PLAIN)
    site.write("data/budzets.yaml", dataset("budzets", "Budžets", (
        "description: Ieņēmumi un izdevumi.\ntopic: parvalde\nkeywords: [budžets, finanses]\n"
        "license: CC-BY-4.0\nissued: 2021-05-31\nmodified: 2021-06-15\n")))
    site.write("data/sez.yaml", dataset("sez", "Latgales SEZ", (
        "description: Zonas uzņēmumi.\ntopic: uznemejdarbiba\nkeywords: [SEZ]\nissued: 2021-05-31\n")))
    site.write("data/cits.yaml", dataset("cits", "Bez tēmas", "license: CC0-1.0\n"))
    site.write("data/personals.yaml", dataset("personals", "Personāls", "topic: parvalde\n"))
    site.post("zina", "Ziņa ar datiem", body="[[indicator:budzets]]\n")
    site.build(SITEURL=SITEURL, PORTAL_POST_BUILD=[])
    return site


def test_catalogue_page_groups_datasets_by_topic_in_the_settings_order(built):
    page = built.soup("dati/index.html")
    topics = page.select(".lpr-datasets__topic")
    assert [text_of(topic.h2) for topic in topics] == [
        "Pārvalde, budžets un personāls", "Uzņēmējdarbība un Latgales SEZ", "Citi dati"]
    assert [[item["id"] for item in topic.select(".lpr-dataset")] for topic in topics] == [
        ["budzets", "personals"], ["sez"], ["cits"]]
    nav = [(a["href"], text_of(a.parent)) for a in page.select(".lpr-datasets__topics a")]
    assert nav[0] == ("#tema-parvalde", "Pārvalde, budžets un personāls (2)")


def facts(item) -> dict[str, str]:
    return {text_of(dt_): text_of(dt_.find_next_sibling("dd")) for dt_ in item.select(".lpr-dataset__facts > dt")}


def test_each_dataset_states_licence_source_period_and_update_date(built):
    page = built.soup("dati/index.html")
    budget = facts(page.find(id="budzets"))
    assert budget["Licence"] == "CC BY 4.0" and budget["Periods"] == "2017–2020"
    assert budget["Atjaunināts"] == "2021. gada 15. jūnijs"
    assert budget["Avots"] == "Pārskats, 4. nodaļa"
    assert page.find(id="budzets").select_one("a[rel=license]")["href"].startswith(
        "https://creativecommons.org/licenses/by/4.0/")
    assert facts(page.find(id="sez"))["Atjaunināts"] == "2021. gada 31. maijs"  # issued, never modified
    assert facts(page.find(id="personals"))["Licence"] == "CC BY 4.0"  # the catalogue's default
    assert facts(page.find(id="cits"))["Licence"] == "CC0 1.0"


def test_catalogue_overview_counts_names_licences_and_links_the_dcat_file(built):
    overview = facts(built.soup("dati/index.html").select_one(".lpr-datasets__overview"))
    assert overview["Datu kopu skaits"] == "4 (tēmās: 3)"
    assert overview["Pēdējās izmaiņas"] == "2021. gada 15. jūnijs"
    assert "CC0 1.0" in overview["Licence"] and "CC BY 4.0" in overview["Licence"]
    assert "norāda avotu" in overview["Licence"]
    link = built.soup("dati/index.html").select_one(".lpr-datasets__overview a[type='application/ld+json']")
    assert link["href"] == f"{SITEURL}/dati/katalogs.jsonld"


def test_dataset_json_states_its_licence_topic_and_dates(built):
    data = json.loads(built.read("dati/budzets.json"))
    assert data["license"] == {"id": "CC-BY-4.0", "name": "CC BY 4.0",
                               "url": "https://creativecommons.org/licenses/by/4.0/deed.lv"}
    assert (data["topic"], data["issued"], data["modified"]) == ("parvalde", "2021-05-31", "2021-06-15")
    assert data["keywords"] == ["budžets", "finanses"]
    assert json.loads(built.read("dati/personals.json"))["license"]["id"] == "CC-BY-4.0"


# --- DCAT-AP ---------------------------------------------------------------------------------

DATASET_REQUIRED = ("dct:title", "dct:description", "dct:identifier", "dct:license", "dct:language",
                    "dcat:distribution", "dct:publisher")
DISTRIBUTION_REQUIRED = ("dcat:accessURL", "dcat:downloadURL", "dct:format", "dcat:mediaType", "dct:license")


def walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def check_dcat(document: dict, site_url: str) -> list[dict]:
    """The DCAT-AP checks a harvester relies on; returns the catalogue's datasets."""
    context = document["@context"]
    for node in walk(document):
        for key in node:
            if not key.startswith("@"):
                assert key.split(":")[0] in context, key
        if "@id" in node:
            assert node["@id"].startswith(("https://", "http://", "mailto:")), node["@id"]
    assert context["dcat"] == "http://www.w3.org/ns/dcat#" and context["dct"] == "http://purl.org/dc/terms/"
    assert document["@type"] == "dcat:Catalog"
    assert document["dct:title"]["@value"] and document["dct:description"]["@value"]
    assert document["dct:publisher"]["foaf:name"] == "Latgales plānošanas reģions"
    assert document["@id"] == f"{site_url}/dati/katalogs.jsonld"
    datasets = document["dcat:dataset"]
    for item in datasets:
        assert item["@type"] == "dcat:Dataset"
        for key in DATASET_REQUIRED:
            assert item.get(key), (item["@id"], key)
        assert item["dct:identifier"].startswith(f"{site_url}/dati/#")
        assert item["dct:language"] == {"@id": EU + "language/LAV"}
        assert item["dct:license"]["@id"].startswith(EU + "licence/")
        assert [d["dct:format"]["@id"] for d in item["dcat:distribution"]] == [EU + "file-type/CSV",
                                                                             EU + "file-type/JSON"]
        assert [d["dcat:mediaType"]["@id"].rsplit("/", 2)[-2:] for d in item["dcat:distribution"]] == [
            ["text", "csv"], ["application", "json"]]
        for distribution in item["dcat:distribution"]:
            assert distribution["@type"] == "dcat:Distribution"
            for key in DISTRIBUTION_REQUIRED:
                assert distribution.get(key), (distribution["@id"], key)
            assert distribution["dcat:downloadURL"]["@id"].startswith(f"{site_url}/dati/")
        for key in ("dct:issued", "dct:modified"):
            if key in item:
                assert item[key]["@type"] == "xsd:date"
                dt.date.fromisoformat(item[key]["@value"])
    return datasets


def test_dcat_ap_catalogue_describes_every_dataset(built):
    document = json.loads(built.read("dati/katalogs.jsonld"))
    datasets = {item["@id"].rsplit("#", 1)[1]: item for item in check_dcat(document, SITEURL)}
    assert set(datasets) == {"budzets", "sez", "cits", "personals"}
    budget = datasets["budzets"]
    assert budget["dct:title"] == {"@value": "Budžets", "@language": "lv"}
    assert budget["dcat:theme"] == {"@id": EU + "data-theme/GOVE"}
    assert datasets["sez"]["dcat:theme"] == {"@id": EU + "data-theme/ECON"}
    assert "dcat:theme" not in datasets["cits"]
    assert budget["dct:issued"]["@value"] == "2021-05-31" and budget["dct:modified"]["@value"] == "2021-06-15"
    assert budget["dct:temporal"] == {"@type": "dct:PeriodOfTime",
                                      "dcat:startDate": {"@value": "2017-01-01", "@type": "xsd:date"},
                                      "dcat:endDate": {"@value": "2020-12-31", "@type": "xsd:date"}}
    assert budget["dct:license"] == {"@id": CC_BY}
    assert datasets["cits"]["dct:license"] == {"@id": EU + "licence/CC0"}
    assert [k["@value"] for k in budget["dcat:keyword"]] == ["budžets", "finanses"]
    assert "dcat:keyword" not in datasets["cits"]  # none given: none written, never an empty list
    # Every download the catalogue names is a file of the site.
    for item in datasets.values():
        for distribution in item["dcat:distribution"]:
            assert (built.output / distribution["dcat:downloadURL"]["@id"].removeprefix(SITEURL + "/")).is_file()
    assert document["dct:modified"] == {"@value": "2021-06-15", "@type": "xsd:date"}


def test_local_builds_take_the_canonical_address_for_the_catalogue(tmp_path):
    site = Site(tmp_path, PLAIN)
    site.write("data/a.yaml", dataset("a", "A", "topic: parvalde\n"))
    site.build(PORTAL_POST_BUILD=[], SITEURL="", CANONICAL_SITEURL="https://lpr.example")
    document = json.loads(site.read("dati/katalogs.jsonld"))
    assert document["dcat:dataset"][0]["dcat:distribution"][0]["dcat:downloadURL"] == {
        "@id": "https://lpr.example/dati/a.csv"}


@pytest.mark.parametrize(("period", "bounds"), [
    ("2020", (dt.date(2020, 1, 1), dt.date(2020, 12, 31))),
    ("2014–2019", (dt.date(2014, 1, 1), dt.date(2019, 12, 31))),
    ("2014 - 2019", (dt.date(2014, 1, 1), dt.date(2019, 12, 31))),
    ("līdz 2030", (None, dt.date(2030, 12, 31))),
    ("kopš 2013", (dt.date(2013, 1, 1), None)),
    ("2020. gada pavasaris", (None, None)),
    (None, (None, None)),
])
def test_period_bounds(period, bounds):
    assert period_bounds(period) == bounds


# --- Bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("extra", "message"), [
    ("topic: parvalds\n", "data/x.yaml:5: field 'topic': 'parvalds' is not a topic of the data catalogue. "
                          "Fix: did you mean parvalde? use one of: parvalde, planosana, uznemejdarbiba"),
    ("license: CC-BY\n", "data/x.yaml:5: field 'license': 'CC-BY' is not a licence the catalogue knows. "
                         "Fix: use one of: CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0"),
    ("issued: 31.05.2021.\n", "data/x.yaml:5: field 'issued': '31.05.2021.' is not a date. "
                              "Fix: write the day as YYYY-MM-DD, e.g. issued: 2021-05-31"),
    ("issued: 2021-06-01\nmodified: 2021-05-01\n",
     "data/x.yaml:6: field 'modified': 'modified' (2021-05-01) is before 'issued' (2021-06-01). Fix:"),
    ("keywords: budžets\n", "data/x.yaml:5: field 'keywords': 'keywords' must be a list of words. "
                            "Fix: write them as 'keywords: [budžets, personāls]'"),
])
def test_bad_catalogue_fields_stop_the_build_naming_file_line_and_fix(tmp_path, extra, message):
    site = Site(tmp_path, PLAIN)
    site.write("data/x.yaml", dataset("x", "X", extra))
    with pytest.raises(BuildFailed) as failed:
        site.build(PORTAL_POST_BUILD=[])
    assert any(message in line for line in failed.value.messages), failed.value.messages


def test_a_bad_catalogue_setting_stops_the_build(tmp_path):
    site = Site(tmp_path, PLAIN)
    site.write("data/x.yaml", dataset("x", "X"))
    with pytest.raises(BuildFailed) as failed:
        site.build(PORTAL_POST_BUILD=[], INDICATOR_TABLES={"license": "MIT", "topics": {"a": {"label": "A"}}})
    text = "\n".join(failed.value.messages)
    assert "pelicanconf.py: field 'INDICATOR_TABLES['license']': 'MIT' is not a licence the catalogue knows" in text
    assert ("pelicanconf.py: field 'INDICATOR_TABLES['topics']': topic 'a' needs a label and a theme of the EU "
            "data theme vocabulary. Fix: write it as 'a': {'label': '…', 'theme': 'GOVE'}") in text


# --- The real portal -----------------------------------------------------------------------

def test_real_catalogue_is_grouped_and_every_dataset_has_licence_and_dates(real_site):
    from bs4 import BeautifulSoup

    page = BeautifulSoup((real_site / "dati/index.html").read_text(encoding="utf-8"), "html.parser")
    topics = page.select(".lpr-datasets__topic")
    assert len(topics) >= 5 and not page.find(id="tema-citi"), "every real dataset has a topic"
    items = page.select(".lpr-dataset")
    assert len(items) == len(list((ROOT / "content/data").rglob("*.yaml")))
    for item in items:
        found = facts(item)
        assert found["Licence"] == "CC BY 4.0", item["id"]
        assert found["Atjaunināts"] and found["Periods"] and found["Avots"], item["id"]
    document = json.loads((real_site / "dati/katalogs.jsonld").read_text(encoding="utf-8"))
    datasets = check_dcat(document, "https://lpr.gov.lv")
    assert len(datasets) == len(items)
    for item in datasets:
        assert item["dcat:theme"]["@id"].startswith(EU + "data-theme/")
        assert item["dct:temporal"] and item["dct:issued"] and item["dct:modified"] and item["dcat:keyword"]
        assert item["dct:license"] == {"@id": CC_BY}
