"""Indicator datasets: Latvian numbers in accessible tables, the marker, open data, charts, bad input.

Small real sites are built once per module (Pelican with the real pelicanconf.py); the last
tests check a few figures of the real portal against the 2020 report (the seed).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from portalbuild import ROOT
from portalbuild.runner import BuildFailed
from tests.conftest import PLAIN, Site, text_of
from indicator_tables.dataset import load_dataset

# The plugin's own tests build with the plain serial build (tests/conftest.py, PLAIN_BUILD).
pytestmark = pytest.mark.plain_build


# The text of the 2020 annual report, where a developer has it (LPR_REPORT_TEXT=path): the figures
# are then also found in it; without it only the site side is checked.
SEED = Path(os.environ["LPR_REPORT_TEXT"]) if os.environ.get("LPR_REPORT_TEXT") else None

NUMBERS = """
id: cipari
title: Skaitļi & <zīmes> "pēdiņās"
unit: dažādas
period: 2020
source: Testa avots
notes:
  - Piezīme par datiem.
columns:
  - {id: nosaukums, label: Nosaukums, type: text}
  - {id: vesels, label: Vesels skaitlis, type: integer, unit: gab.}
  - {id: decimals, label: Noapaļots, type: decimal, decimals: 2}
  - {id: platiba, label: Platība, type: decimal, unit: ha}
  - {id: nauda, label: Summa, type: money}
  - {id: procenti, label: Daļa, type: percent, decimals: 2}
  - {id: datums, label: Datums, type: date}
rows:
  - [Pozitīvs, 66793813, 2.345, 81.6608, 66793813.9, 28.571, 2020-02-10]
  - [Negatīvs, -1234, -0.125, -5.1503, -1234.5, -3.4, 2020-12-31]
  - [Nulle, 0, -0.001, 0, 0, 0, ~]
  - [Liels, "123 456 789 012 345 678", 0.005, 135.835, 123456789012345678901.23, 100, 2021-01-01]
  - [Kā pārskatā, 1 044, "81,6608", "13,39", "27 736 140,89", "12,5", 2019-06-01]
"""

EXPECTED_CELLS = {  # row -> the cells after the row header, as a reader sees them
    "Pozitīvs": ["66 793 813", "2,35", "81,6608", "66 793 813,90", "28,57 %", "10.02.2020."],
    "Negatīvs": ["-1 234", "-0,13", "-5,1503", "-1 234,50", "-3,40 %", "31.12.2020."],
    "Nulle": ["0", "0,00", "0", "0,00", "0,00 %", "– nav vērtības"],
    "Liels": ["123 456 789 012 345 678", "0,01", "135,835", "123 456 789 012 345 678 901,23", "100,00 %",
              "01.01.2021."],
    "Kā pārskatā": ["1 044", "81,66", "13,39", "27 736 140,89", "12,50 %", "01.06.2019."],
}

VISITORS = """
id: portala-apmekletaji
title: Portāla apmeklētāji
source: Pārskats, 4. nodaļa
columns:
  - {id: gads, label: Gads, type: year}
  - {id: apmekletaji, label: Apmeklētāji, type: integer}
rows:
  - [2017, 44915]
  - [2018, 93567]
  - [2019, 136136]
  - [2020, 156970]
chart:
  type: bar
  x: gads
  y: apmekletaji
  title: Apmeklētāji pa gadiem
"""

UNITS = """
id: sez
title: Latgales SEZ
source: Pārskats, 2.2. nodaļa
columns:
  - {id: raditajs, label: Rādītājs, type: text}
  - {id: vertiba, label: 2017.–2020., type: decimal, unit_column: mervieniba}
  - {id: mervieniba, label: Mērvienība, type: text}
rows:
  - [Platība, 81.6608, ha]
  - [Investīcijas, 27736140.89, EUR]
  - [Darba vietas, 223, ~]
"""

LINE = """
id: bezdarbs
title: Bezdarbs
source: Pārskats
columns:
  - {id: laiks, label: Laiks, type: text}
  - {id: latgale, label: Latgale, type: percent, decimals: 1}
  - {id: valsts, label: Valsts, type: percent, decimals: 1}
rows:
  - ["2014. gada beigas", 17.8, 8.5]
  - ["2017. gada vidus", 12.2, 6.1]
  - ["2019. gads", 12.2, 5.5]
chart:
  type: line
  x: laiks
  y: [latgale, valsts]
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Site:
    site = Site(tmp_path_factory.mktemp("indicators"), PLAIN)
    site.write("data/cipari.yaml", NUMBERS)
    site.write("data/2020/portala-apmekletaji.yaml", VISITORS)  # a year's folder
    site.write("data/sez.yml", UNITS)
    site.write("data/bezdarbs.yaml", LINE)
    site.post("ar-tabulu", "Ziņa ar tabulu",
              body="Ievads.\n\n[[indicator:cipari]]\n\nStarpā.\n\n[[indicator:sez]]\n\n[[indicator:cipari]]\n")
    site.write("pages/lapa.md", "Title: Lapa ar diagrammu\nSlug: lapa-ar-diagrammu\n\n"
                                "[[indicator:portala-apmekletaji]]\n\n[[indicator:bezdarbs]]\n")
    site.build()
    return site


def real_soup(output: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((output / relative).read_text(encoding="utf-8"), "html.parser")


def table_of(soup, dom_id: str):
    block = soup.find(id=dom_id)
    assert block is not None, f"no element #{dom_id}"
    return block


def header_text(th) -> str:
    return " ".join(th.get_text("").replace("\u00a0", " ").split())


def rows_by_header(table) -> dict[str, list[str]]:
    return {text_of(tr.th): [text_of(td) for td in tr.find_all("td")] for tr in table.tbody.find_all("tr")}


# --- Latvian numbers in the table -------------------------------------------------------------

def test_numbers_dates_and_empty_cells_read_in_latvian(built):
    table = table_of(built.soup("zinas/2020/08/zina-ar-tabulu/index.html"), "dati-cipari").table
    assert rows_by_header(table) == EXPECTED_CELLS


def test_groups_use_no_break_spaces_so_a_number_never_wraps(built):
    html = str(table_of(built.soup("zinas/2020/08/zina-ar-tabulu/index.html"), "dati-cipari"))
    assert "66\u00a0793\u00a0813,90" in html
    assert "28,57\u00a0%" in html
    assert "66 793 813,90" not in html  # never an ordinary space inside a number


def test_number_cells_are_right_aligned_and_labels_are_not(built):
    table = table_of(built.soup("zinas/2020/08/zina-ar-tabulu/index.html"), "dati-cipari").table
    first_row = table.tbody.tr
    assert "lpr-indicator__cell--num" not in first_row.th["class"]
    numeric = [td for td in first_row.find_all("td") if "lpr-indicator__cell--num" in td["class"]]
    assert len(numeric) == 5  # every number column; the date column is not a number
    css = (ROOT / "theme/static/css/data.css").read_text(encoding="utf-8")
    assert re.search(r"\.lpr-indicator \.lpr-indicator__cell--num[^{]*\{[^}]*text-align: right", css)


# --- Table markup -------------------------------------------------------------------------------

def test_table_has_caption_scoped_headers_units_source_and_downloads(built):
    block = table_of(built.soup("zinas/2020/08/zina-ar-tabulu/index.html"), "dati-cipari")
    table = block.table
    assert text_of(table.caption) == 'Skaitļi & <zīmes> "pēdiņās"'
    heads = table.thead.find_all("th")
    assert [th["scope"] for th in heads] == ["col"] * 7
    assert [header_text(th) for th in heads] == ["Nosaukums", "Vesels skaitlis, gab.", "Noapaļots", "Platība, ha",
                                             "Summa, EUR", "Daļa", "Datums"]
    assert all(row.th["scope"] == "row" for row in table.tbody.find_all("tr"))
    assert table.tbody.find("time", datetime="2020-02-10") is not None
    meta = text_of(block.select_one(".lpr-indicator__meta"))
    assert "Piezīme par datiem." in meta and "Avots: Testa avots" in meta
    links = {a["href"] for a in block.select(".lpr-indicator__downloads a")}
    assert links == {"/dati/cipari.csv", "/dati/cipari.json"}


def test_wide_table_scrolls_in_a_focusable_labelled_region(built):
    block = table_of(built.soup("zinas/2020/08/zina-ar-tabulu/index.html"), "dati-cipari")
    wrapper = block.table.parent
    assert "lpr-scroll" in wrapper["class"]
    assert wrapper["tabindex"] == "0" and wrapper["role"] == "region"
    assert wrapper["aria-label"] == 'Tabula: Skaitļi & <zīmes> "pēdiņās"'


def test_a_row_unit_column_goes_into_the_value_cells(built):
    block = table_of(built.soup("zinas/2020/08/zina-ar-tabulu/index.html"), "dati-sez")
    assert [header_text(th) for th in block.thead.find_all("th")] == ["Rādītājs", "2017.–2020."]
    assert rows_by_header(block.table) == {"Platība": ["81,6608 ha"], "Investīcijas": ["27 736 140,89 EUR"],
                                           "Darba vietas": ["223"]}


# --- The marker ---------------------------------------------------------------------------------

def test_markers_become_tables_in_articles_and_pages(built):
    article = built.soup("zinas/2020/08/zina-ar-tabulu/index.html")
    page = built.soup("lapa-ar-diagrammu/index.html")
    for soup in (article, page):
        prose = soup.select_one(".lpr-prose")
        assert "[[indicator:" not in prose.get_text()
        assert not prose.select("p > .lpr-indicator, p table")  # the marker's paragraph is replaced, not filled
    assert [t.caption.get_text() for t in page.select(".lpr-indicator table")] == ["Portāla apmeklētāji",
                                                                                   "Bezdarbs"]


def test_one_dataset_twice_on_a_page_gets_unique_ids(built):
    soup = built.soup("zinas/2020/08/zina-ar-tabulu/index.html")
    assert [div["id"] for div in soup.select(".lpr-indicator")] == ["dati-cipari", "dati-sez", "dati-cipari-2"]


# --- Open data ----------------------------------------------------------------------------------

@pytest.mark.parametrize("dataset_file", ["data/cipari.yaml", "data/2020/portala-apmekletaji.yaml",
                                          "data/sez.yml", "data/bezdarbs.yaml"])
def test_csv_and_json_equal_the_data_file(built, dataset_file):
    dataset, problems = load_dataset(built.content / dataset_file)
    assert not problems
    ids = [column.id for column in dataset.columns]
    with open(built.output / f"dati/{dataset.id}.csv", encoding="utf-8", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == ids
    assert [[_from_csv(cell, column.type) for cell, column in zip(line, dataset.columns)]
            for line in lines[1:]] == [list(row) for row in dataset.rows]

    document = json.loads(built.read(f"dati/{dataset.id}.json"), parse_float=Decimal)
    assert document["id"] == dataset.id and document["title"] == dataset.title
    assert document["source"] == dataset.source
    assert [column["id"] for column in document["columns"]] == ids
    assert [[_from_json(row[i], column.type) for i, column in enumerate(dataset.columns)]
            for row in ([r[c] for c in ids] for r in document["rows"])] == [list(row) for row in dataset.rows]


def _from_csv(cell: str, column_type: str):
    if cell == "":
        return None
    if column_type in ("integer", "year"):
        return int(cell)
    if column_type in ("decimal", "money", "percent"):
        return Decimal(cell)
    if column_type == "date":
        return dt.date.fromisoformat(cell)
    return cell


def _from_json(value, column_type: str):
    if value is None or column_type == "text":
        return value
    if column_type == "date":
        return dt.date.fromisoformat(value)
    assert isinstance(value, (int, Decimal)) and not isinstance(value, bool), f"{value!r} is not a number"
    return value


def test_data_file_values_stay_what_the_author_wrote(tmp_path):
    """YAML does not guess: `1.` stays text, `no` is not false, a date in a text column is text."""
    path = tmp_path / "teksts.yaml"
    path.write_text("id: teksts\ntitle: Teksts\nsource: x\ncolumns:\n"
                    "  - {id: nr, label: Nr., type: text}\n  - {id: vards, label: Vārds, type: text}\n"
                    "rows:\n  - [1., no]\n  - [1.1.1., \"~\"]\n  - [2020-02-10, ~]\n", encoding="utf-8")
    dataset, problems = load_dataset(path)
    assert not problems
    assert dataset.rows == [("1.", "no"), ("1.1.1.", "~"), ("2020-02-10", None)]


def test_json_numbers_keep_every_digit(built):
    text = built.read("dati/cipari.json")
    assert "123456789012345678901.23" in text  # a float would round this
    assert '"66793813.9"' not in text and "66793813.9" in text


def test_csv_is_plain_utf8_with_machine_numbers(built):
    raw = (built.output / "dati/cipari.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    assert "Kā pārskatā,1044,81.6608,13.39,27736140.89,12.5,2019-06-01" in text
    assert "Nulle,0,-0.001,0,0,0,\r\n" in text


def test_catalogue_lists_every_dataset_with_source_and_both_downloads(built):
    soup = built.soup("dati/index.html")
    assert len(soup.find_all("h1")) == 1
    entries = {item["id"]: item for item in soup.select(".lpr-dataset")}
    assert set(entries) == {"cipari", "portala-apmekletaji", "sez", "bezdarbs"}
    for dataset_id, item in entries.items():
        assert text_of(item.h3)
        assert "Avots" in text_of(item.dl)
        downloads = [a["href"] for a in item.select(".lpr-dataset__downloads a")]
        assert downloads == [f"/dati/{dataset_id}.csv", f"/dati/{dataset_id}.json"]
        for href in downloads:
            assert (built.output / href.lstrip("/")).is_file()
    uses = [a["href"] for a in entries["cipari"].select(".lpr-dataset__uses a")]
    assert uses == ["/zinas/2020/08/zina-ar-tabulu/#dati-cipari"]


# --- Charts -------------------------------------------------------------------------------------

def test_bar_chart_is_an_svg_image_with_title_and_the_table_as_text(built):
    block = table_of(built.soup("lapa-ar-diagrammu/index.html"), "dati-portala-apmekletaji")
    svg = block.find("svg")
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert text_of(svg.find("title", id=title_id)) == "Apmeklētāji pa gadiem"
    assert "Stabiņu diagramma" in text_of(svg.find("desc", id=desc_id))
    assert "tabulā" in text_of(svg.find("desc", id=desc_id))
    assert svg.find_next("table") is block.table  # the table (the text alternative) follows the chart
    bars = svg.select("rect.lpr-chart__bar")
    heights = [float(bar["height"]) for bar in bars]
    values = [44915, 93567, 136136, 156970]
    assert len(bars) == 4
    assert all(abs(h / heights[-1] - v / values[-1]) < 0.01 for h, v in zip(heights, values))
    assert [text_of(t) for t in svg.select(".lpr-chart__value")] == ["44 915", "93 567", "136 136", "156 970"]
    assert [text_of(t) for t in svg.select(".lpr-chart__label")] == ["2017", "2018", "2019", "2020"]


def test_line_chart_draws_each_series_with_a_legend(built):
    svg = table_of(built.soup("lapa-ar-diagrammu/index.html"), "dati-bezdarbs").find("svg")
    assert svg["role"] == "img" and "Līniju diagramma" in text_of(svg.desc)
    lines = svg.select("polyline.lpr-chart__line")
    assert len(lines) == 2 and len(svg.select("circle.lpr-chart__point")) == 6
    assert lines[1].get("stroke-dasharray")  # the second series differs by more than colour
    assert [text_of(g) for g in svg.select(".lpr-chart__legend")] == ["Latgale", "Valsts"]
    first = [float(p.split(",")[1]) for p in lines[0]["points"].split()]
    assert first[0] < first[1] == first[2]  # 17.8 % is drawn higher than 12.2 %


def test_charts_need_no_javascript(built):
    soup = built.soup("lapa-ar-diagrammu/index.html")
    assert not soup.select(".lpr-indicator script, .lpr-indicator [onload], .lpr-indicator canvas")
    assert len(soup.select(".lpr-indicator svg")) == 2


# --- Bad input ----------------------------------------------------------------------------------

BAD_FILES = {
    "data/bojats.yaml": "id: bojats\ntitle: [nepabeigts\nsource: x\n",
    "data/rindas.yaml": """
        id: rindas
        title: Rindas
        source: Pārskats
        columns:
          - {id: gads, label: Gads, type: year}
          - {id: apmekletaji, label: Apmeklētāji, type: integer}
        rows:
          - [2019, 136136]
          - [2020]
        """,
    "data/rindas-diagramma.yaml": """
        id: rindas-diagramma
        title: Rindas ar diagrammu
        source: Pārskats
        columns:
          - {id: gads, label: Gads, type: year}
          - {id: apmekletaji, label: Apmeklētāji, type: integer}
        rows:
          - [2018, 93567]
          - [2019, 93,567]
          - [2020, 136136]
        chart:
          type: bar
          x: gads
          y: apmekletaji
        """,
    "data/tipi.yaml": """
        id: tipi
        title: Tipi
        source: Pārskats
        columns:
          - {id: skaits, label: Skaits, type: integer}
          - {id: datums, label: Datums, type: date}
          - {id: dala, label: Daļa, type: percent}
          - {id: summa, label: Summa, type: money}
        rows:
          - [daudz, 2020-02-10, 12, 10]
          - [12.5, 10.02.2020, 12 %, "1.234,5"]
        """,
    "data/kolonnas.yaml": """
        id: kolonnas
        titel: Kolonnas
        columns:
          - {id: gads, label: Gads, type: number}
        rows:
          - [2020]
        """,
    "data/dubults.yaml": """
        id: portala-apmekletaji
        title: Vēlreiz
        source: Pārskats
        columns:
          - {id: gads, label: Gads, type: year}
        rows:
          - [2020]
        """,
    "data/diagramma.yaml": """
        id: diagramma
        title: Diagramma
        source: Pārskats
        columns:
          - {id: gads, label: Gads, type: year}
          - {id: vards, label: Vārds, type: text}
        rows:
          - [2020, a]
          - [2020, b]
        chart:
          type: pie
          x: gads
          y: vards
        """,
    "news/marki.md": """
        Title: Ziņa ar kļūdainiem marķieriem
        Date: 2020-08-15 10:00
        Category: Projekti

        [[indicator:portala-apmeklejumi]]

        Skatīt [[indicator:portala-apmekletaji]] tabulu.
        """,
}


@pytest.fixture(scope="module")
def failed(tmp_path_factory) -> tuple[Site, str, str]:
    """A site built once without problems, then again with every kind of bad input at once."""
    site = Site(tmp_path_factory.mktemp("bad-indicators"), PLAIN)
    site.write("data/portala-apmekletaji.yaml", VISITORS)
    site.post("laba", "Laba ziņa", body="[[indicator:portala-apmekletaji]]\n")
    site.build()
    before = site.read("dati/portala-apmekletaji.csv")
    for relative, text in BAD_FILES.items():
        site.write(relative, text)
    with pytest.raises(BuildFailed) as failure:
        site.build()
    return site, "\n".join(failure.value.messages), before


def test_unknown_dataset_in_a_marker_names_file_line_and_a_close_id(failed):
    _, message, _ = failed
    assert ("news/marki.md:5: the marker [[indicator:portala-apmeklejumi]] names an unknown dataset "
            "'portala-apmeklejumi'. Fix: did you mean portala-apmekletaji?") in message


def test_marker_inside_a_sentence_is_refused(failed):
    _, message, _ = failed
    assert ("news/marki.md:7: the marker [[indicator:portala-apmekletaji]] stands inside a paragraph. "
            "Fix: put the marker on a line of its own") in message


def test_malformed_data_file_names_the_line(failed):
    _, message, _ = failed
    assert re.search(r"data/bojats\.yaml:3: the file is not valid YAML: .*Fix: check the indentation and quoting",
                     message)


def test_row_with_the_wrong_number_of_cells(failed):
    _, message, _ = failed
    assert ("data/rindas.yaml:9: row 2 has 1 cells, but the dataset has 2 columns (gads, apmekletaji). "
            "Fix: give the row one value per column, in the order of 'columns'; write ~ for an empty cell") in message


def test_short_row_in_a_charted_dataset_is_reported_not_a_crash(failed):
    _, message, _ = failed
    assert "data/rindas-diagramma.yaml:9: row 2 has 3 cells, but the dataset has 2 columns" in message


@pytest.mark.parametrize("expected", [
    "data/tipi.yaml:10: row 1, column 'skaits' (Skaits): 'daudz' is not a number (the column's type is integer). "
    "Fix: write the number with digits only",
    "data/tipi.yaml:11: row 2, column 'skaits' (Skaits): '12.5' is not a whole number (the column's type is integer). "
    "Fix: write a whole number such as 1044, or give the column type 'decimal'",
    "data/tipi.yaml:11: row 2, column 'datums' (Datums): '10.02.2020' is not a date (the column's type is date). "
    "Fix: write the date as YYYY-MM-DD, for example 2020-02-10",
    "data/tipi.yaml:11: row 2, column 'dala' (Daļa): '12 %' has a % sign (the column's type is percent). "
    "Fix: write only the number of percent, for example 28.57 for 28,57 %",
    "data/tipi.yaml:11: row 2, column 'summa' (Summa): '1.234,5' is not a number (the column's type is money).",
])
def test_value_that_does_not_fit_its_column_type(failed, expected):
    _, message, _ = failed
    assert expected in message


def test_malformed_dataset_keys_and_columns(failed):
    _, message, _ = failed
    assert "data/kolonnas.yaml:2: field 'titel': 'titel' is not a key of the dataset. Fix: use one of: id, title" in message
    assert "data/kolonnas.yaml: field 'title': the dataset has no 'title'. Fix: add a line 'title: …'" in message
    assert "data/kolonnas.yaml: field 'source': the dataset has no 'source'" in message
    assert ("data/kolonnas.yaml:4: field 'columns': column 1 ('gads') has the type 'number', which is not a known "
            "type. Fix: use one of: text, integer, decimal, money, percent, date, year") in message


def test_two_datasets_with_one_id(failed):
    _, message, _ = failed
    assert ("data/portala-apmekletaji.yaml:1: field 'id': the id 'portala-apmekletaji' is already used by "
            "dubults.yaml. Fix: give each dataset its own id") in message or \
           ("data/dubults.yaml:1: field 'id': the id 'portala-apmekletaji' is already used by "
            "portala-apmekletaji.yaml. Fix: give each dataset its own id") in message


def test_chart_that_cannot_be_drawn(failed):
    _, message, _ = failed
    assert "data/diagramma.yaml:11: field 'chart': the chart type 'pie' is not known. Fix: use one of: bar, line" in message
    assert "field 'chart': the chart's x column 'gads' has empty or repeated values, so it is not a series" in message
    assert "field 'chart': the chart's y must name 1 to 4 number columns, not ['vards']" in message


def test_failed_build_keeps_the_published_open_data(failed):
    site, _, before = failed
    assert site.read("dati/portala-apmekletaji.csv") == before
    assert not (site.output / "dati/tipi.csv").exists()


# --- The real portal against the 2020 report --------------------------------------------------

REAL_FIGURES = [
    # page, dataset, row header, expected cells, the same figure as the seed prints it
    ("parskati/2020/komunikacija-ar-sabiedribu/index.html", "portala-apmekletaji", "2020", ["156 970"], "156 970"),
    ("parskati/2020/komunikacija-ar-sabiedribu/index.html", "portala-apmekletaji", "2017", ["44 915"], "44 915"),
    ("parskati/2020/budzets-un-personals/index.html", "budzets-2020", "Finanšu resursi izdevumu segšanai (kopā)",
     ["1.", "1 064 130", "1 109 358", "1 109 358"], "1 064 130 1 109 358 1 109 358"),
    ("parskati/2020/budzets-un-personals/index.html", "budzets-2020", "Izdevumi kapitālieguldījumiem",
     ["2.2.", "5 694", "5 864", "5 864"], "5 694 5 864 5864"),
    ("parskati/2020/darbibas-rezultati-2020/index.html", "latgales-sez-2017-2020", "Platība",
     ["81,6608 ha", "5,1503 ha"], "81,6608"),
    ("parskati/2020/darbibas-rezultati-2020/index.html", "latgales-sez-2017-2020", "Plānotās investīcijas",
     ["27 736 140,89 EUR", "16 436 719,21 EUR"], "27 736 140,89"),
    ("parskati/2020/planosanas-dokumenti/index.html", "sam-562-latgales-programma", "Plānotās nefinanšu investīcijas",
     ["66 793 813,90 EUR"], "66 793 813,9 EUR"),
    ("parskati/2020/planosanas-dokumenti/index.html", "sam-562-latgales-programma",
     "Plānotā uzlabotā un atjaunotā teritorija", ["135,835 ha"], "135,835 ha"),
    ("parskati/2020/darbibas-rezultati-2020/index.html", "sabiedriskais-transports-2020",
     "Pasažieru plūsmas samazinājums LPR maršrutu tīklā salīdzinājumā ar 2019. gadu", ["28,57 %"], "28.57%"),
    ("parskati/2020/darbibas-rezultati-2020/index.html", "remigracija-2020", "Cilvēki, kas atgriezušies",
     ["257", "– nav vērtības"], "100 ģimenēm (257"),
    ("parskati/2020/budzets-un-personals/index.html", "personala-mainiba-2020", "Personāla rotācijas koeficients",
     ["0,06"], "Personāla rotācijas koeficients*   0.06"),
]


@pytest.mark.parametrize("page, dataset_id, row, cells, in_seed", REAL_FIGURES,
                         ids=[f"{figure[1]}:{figure[2][:20]}" for figure in REAL_FIGURES])
def test_real_portal_figures_match_the_2020_report(real_site, page, dataset_id, row, cells, in_seed):
    seed = " ".join(SEED.read_text(encoding="utf-8").split()) if SEED else None
    if seed is not None:
        assert " ".join(in_seed.split()) in seed
    soup = real_soup(real_site, page)
    assert rows_by_header(table_of(soup, f"dati-{dataset_id}").table)[row] == cells


def test_real_budget_totals_add_up(real_site):
    rows = {row["nr"]: row for row in json.loads((real_site / "dati/budzets-2020.json").read_text("utf-8"))["rows"]}
    for column in ("iepriekseja_gada_izpilde", "apstiprinats_likuma", "faktiska_izpilde"):
        parts = [rows[nr][column] or 0 for nr in
                 ("1.1.1.", "1.1.2.", "1.1.3.", "1.1.4.", "1.1.5.", "1.1.6.", "1.1.7.", "1.2.", "1.3.", "1.4.")]
        assert sum(parts) == rows["1."][column]
        spending = [rows[nr][column] for nr in ("2.1.1.", "2.1.2.", "2.1.3.", "2.1.4.")]
        assert sum(spending) == rows["2.1."][column]
        assert rows["2.1."][column] + rows["2.2."][column] == rows["2."][column]


def test_real_catalogue_offers_every_report_dataset(real_site):
    soup = real_soup(real_site, "dati/index.html")
    listed = {item["id"] for item in soup.select(".lpr-dataset")}
    wanted = {"rezultativie-raditaji-2020", "latgales-sez-2017-2020", "sam-562-latgales-programma", "budzets-2020",
              "personals-2020", "personala-mainiba-2020", "luc-rezultati", "portala-apmekletaji",
              "socialo-kontu-sekotaji-2020", "remigracija-2020", "deinstitucionalizacija-2020",
              "attistibas-padomes-sedes-2020", "sabiedriskais-transports-2020"}
    assert wanted <= listed
    for dataset_id in listed:
        assert (real_site / f"dati/{dataset_id}.csv").is_file() and (real_site / f"dati/{dataset_id}.json").is_file()


def test_marker_of_a_rejected_dataset_reports_only_the_data_file(site):
    site.write("data/bojata.yaml", "id: bojata\ntitle: Bojāta\nsource: Pārskats\ncolumns:\n"
                                   "  - {id: gads, label: Gads, type: year}\nrows:\n  - [2020, 5]\n")
    site.post("ar-tabulu", "Ziņa", body="[[indicator:bojata]]\n")
    with pytest.raises(BuildFailed) as failure:
        site.build()
    messages = failure.value.messages
    assert any("data/bojata.yaml" in message and "row 1 has 2 cells" in message for message in messages)
    assert not any("names an unknown dataset" in message for message in messages)
