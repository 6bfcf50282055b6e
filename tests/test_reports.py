"""Annual reports: years, sections, contents, previous/next, heading anchors, print, bad input.

A small site with two report years is built once per module with the real pelicanconf.py;
the last tests check the real 2020 report built from content/reports/2020/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from portalbuild import ROOT
from portalbuild.runner import BuildFailed
from tests.conftest import PLAIN, Site, text_of
from reports.headings import add_anchors

# The plugin's own tests build with the plain serial build (tests/conftest.py, PLAIN_BUILD).
pytestmark = pytest.mark.plain_build


SECTION_WITH_HEADINGS = """
Title: Budžets
Summary: Nauda.

## Ieņēmumi

Teksts.

### Valsts budžets

Teksts.

## Ieņēmumi

Otrs virsraksts ar to pašu tekstu.

## Saturs {#mans-enkurs}

[[indicator:budzets]]
"""

BUDGET = """
id: budzets
title: Budžets 2020
source: Pārskats, 4. tabula
columns:
  - {id: raditajs, label: Rādītājs, type: text}
  - {id: summa, label: Summa, type: money, decimals: 0}
rows:
  - [Ieņēmumi, 1109358]
"""


def write_reports(site: Site) -> None:
    site.write("reports/2020/index.md", "Title: 2020. gada pārskats\nSummary: Gads īsumā.\n\nIevads par gadu.\n")
    site.write("reports/2020/1-prieksvards.md", "Title: Priekšvārds\n\n## Sveiciens\n\nTeksts.\n")
    site.write("reports/2020/3-budzets.md", SECTION_WITH_HEADINGS)
    site.write("reports/2020/10-plani.md", "Title: Plāni\n\nTeksts bez virsrakstiem.\n")
    site.write("reports/2020/05-melnraksts.md", "Title: Vēl top\nStatus: draft\n\nTeksts.\n")
    site.write("data/2020/budzets.yaml", BUDGET)
    # The next year is only a folder and a data file:
    site.write("reports/2021/index.md", "Title: 2021. gada pārskats\n\nIevads.\n")
    site.write("reports/2021/01-rezultati.md", "Title: Rezultāti\n\n[[indicator:apmekletaji-2021]]\n")
    site.write("data/2021/apmekletaji.yaml", """
        id: apmekletaji-2021
        title: Apmeklētāji 2021
        source: 2021. gada pārskats
        columns:
          - {id: gads, label: Gads, type: year}
          - {id: skaits, label: Apmeklētāji, type: integer}
        rows:
          - [2021, 170000]
        """)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Site:
    site = Site(tmp_path_factory.mktemp("reports"), PLAIN)
    write_reports(site)
    site.build()
    return site


def section_links(soup) -> dict[str, str]:
    nav = soup.select_one("nav.lpr-report-nav")
    return {" ".join(a.get("rel", ["contents"])): a["href"] for a in nav.find_all("a")}


# --- Years, index, contents ----------------------------------------------------------------------

def test_reports_index_lists_every_year_newest_first(built):
    soup = built.soup("parskati/index.html")
    assert [text_of(h) for h in soup.select(".lpr-reports__title")] == ["2021. gada pārskats", "2020. gada pārskats"]
    assert [a["href"] for a in soup.select(".lpr-reports__title a")] == ["/parskati/2021/", "/parskati/2020/"]


def test_a_second_year_is_only_a_folder_and_data_files(built):
    soup = built.soup("parskati/2021/rezultati/index.html")
    assert text_of(soup.select_one(".lpr-indicator caption")) == "Apmeklētāji 2021"
    assert "170 000" in text_of(soup.select_one(".lpr-indicator tbody"))
    assert (built.output / "dati/apmekletaji-2021.csv").is_file()


def test_report_page_has_the_contents_in_section_order(built):
    soup = built.soup("parskati/2020/index.html")
    assert text_of(soup.h1) == "2020. gada pārskats"
    assert "Ievads par gadu." in text_of(soup.select_one(".lpr-prose"))
    toc = soup.select_one("nav.lpr-report-toc")
    assert [text_of(a) for a in toc.select(".lpr-report-toc__link")] == ["Priekšvārds", "Budžets", "Plāni"]
    assert [a["href"] for a in toc.select(".lpr-report-toc__link")] == [
        "/parskati/2020/prieksvards/", "/parskati/2020/budzets/", "/parskati/2020/plani/"]
    sub = [a["href"] for a in toc.select(".lpr-report-toc__sub a")]
    assert sub == ["/parskati/2020/prieksvards/#sveiciens", "/parskati/2020/budzets/#ienemumi",
                   "/parskati/2020/budzets/#ienemumi-2", "/parskati/2020/budzets/#mans-enkurs"]


def test_draft_section_is_not_published(built):
    assert not (built.output / "parskati/2020/melnraksts").exists()
    assert "Vēl top" not in built.read("parskati/2020/index.html")


# --- Previous / next -----------------------------------------------------------------------------

def test_sections_link_to_previous_next_and_contents(built):
    first = built.soup("parskati/2020/prieksvards/index.html")
    middle = built.soup("parskati/2020/budzets/index.html")
    last = built.soup("parskati/2020/plani/index.html")
    assert section_links(first) == {"contents": "/parskati/2020/", "next": "/parskati/2020/budzets/"}
    assert section_links(middle) == {"prev": "/parskati/2020/prieksvards/", "contents": "/parskati/2020/",
                                     "next": "/parskati/2020/plani/"}
    assert section_links(last) == {"prev": "/parskati/2020/budzets/", "contents": "/parskati/2020/"}
    assert middle.find("link", rel="next")["href"] == "/parskati/2020/plani/"
    assert middle.find("link", rel="prev")["href"] == "/parskati/2020/prieksvards/"
    assert "Nākamā sadaļa Plāni" in text_of(middle.select_one(".lpr-report-nav__item--next"))


def test_breadcrumbs_lead_back_to_the_report_and_all_reports(built):
    crumbs = built.soup("parskati/2020/budzets/index.html").select(".lpr-breadcrumbs a")
    assert [a["href"] for a in crumbs] == ["/", "/parskati/", "/parskati/2020/"]


# --- Headings ------------------------------------------------------------------------------------

def test_headings_have_unique_ids_and_visible_anchor_links(built):
    soup = built.soup("parskati/2020/budzets/index.html")
    prose = soup.select_one(".lpr-prose")
    headings = prose.find_all(["h2", "h3"])
    assert [h["id"] for h in headings] == ["ienemumi", "valsts-budzets", "ienemumi-2", "mans-enkurs"]
    for heading in headings:
        link = heading.find_next_sibling("a")
        assert link is not None and link["href"] == f"#{heading['id']}"
        assert text_of(heading) in link["aria-label"]
    css = (ROOT / "theme/static/css/portal.css").read_text(encoding="utf-8")
    assert re.search(r'\.lpr-heading__anchor::before \{ content: "#"', css)  # the visible "#"


def test_anchors_without_the_theme_markdown_finishing(tmp_path):
    """The report brings its own anchors when no other plugin adds them."""
    from pelicanconf import PLUGINS

    site = Site(tmp_path, PLAIN)
    write_reports(site)
    site.build(PLUGINS=[name for name in PLUGINS if name != "html_finishing"])
    prose = site.soup("parskati/2020/budzets/index.html").select_one(".lpr-prose")
    assert [(h["id"], h.find_next_sibling("a")["href"]) for h in prose.find_all(["h2", "h3"])] == [
        ("ienemumi", "#ienemumi"), ("valsts-budzets", "#valsts-budzets"), ("ienemumi-2", "#ienemumi-2"),
        ("mans-enkurs", "#mans-enkurs")]
    assert prose.select_one(".lpr-heading a.lpr-heading__anchor")["aria-label"] == "Saite uz šo sadaļu: Ieņēmumi"


def test_add_anchors_keeps_existing_anchor_links_and_skips_navigation():
    html = ('<nav class="lpr-toc"><h2 id="raksta-saturs">Saturs</h2></nav>'
            '<div class="lpr-heading"><h2 id="a">A</h2><a class="lpr-heading__anchor" href="#a"></a></div>'
            '<h2>Saturs</h2><h3>B &amp; C</h3><h4>D</h4>')
    result, headings = add_anchors(html, (2, 3), "Saite", regex_subs=[(r"[^\w\s-]", ""), (r"[-\s]+", "-")])
    assert [(h.level, h.id, h.text) for h in headings] == [(2, "a", "A"), (2, "saturs-2", "Saturs"),
                                                           (3, "b-c", "B & C")]
    assert result.count('href="#a"') == 1  # the existing anchor is not doubled
    assert '<h2 id="raksta-saturs">Saturs</h2></nav>' in result  # a contents list's title is left alone
    assert 'aria-label="Saite: B &amp; C"' in result and "<h4>D</h4>" in result


def test_one_contents_list_per_section_page(built):
    soup = built.soup("parskati/2020/budzets/index.html")
    assert len(soup.select("nav.lpr-toc")) == 1
    assert len(built.soup("parskati/2020/prieksvards/index.html").select("nav.lpr-toc")) == 0  # one heading


def test_every_report_page_has_exactly_one_h1(built):
    pages = ["parskati/index.html", "parskati/2020/index.html", "parskati/2020/prieksvards/index.html",
             "parskati/2020/budzets/index.html", "parskati/2020/plani/index.html", "parskati/2021/index.html"]
    for page in pages:
        assert len(built.soup(page).find_all("h1")) == 1, page


def test_a_dataset_in_a_section_is_listed_in_the_catalogue(built):
    section = built.soup("parskati/2020/budzets/index.html")
    assert section.select_one("#dati-budzets caption") is not None
    uses = built.soup("dati/index.html").select("#budzets .lpr-dataset__uses a")
    assert [(text_of(a), a["href"]) for a in uses] == [("Budžets", "/parskati/2020/budzets/#dati-budzets")]


# --- Print ---------------------------------------------------------------------------------------

PRINT_STATE = """() => {
  const shown = s => { const e = document.querySelector(s); return e ? getComputedStyle(e).display !== 'none' : null; };
  const scroll = document.querySelector('.lpr-indicator__scroll');
  return {nav: shown('.lpr-report-nav'), crumbs: shown('.lpr-breadcrumbs'), anchor: shown('.lpr-heading__anchor'),
          table: shown('.lpr-indicator table'), overflow: scroll && getComputedStyle(scroll).overflowX,
          header: shown('.lpr-nav')};
}"""


def test_report_section_prints_text_and_tables_only(built, chromium_browser):
    from tests.browser_support import serve_folder

    with serve_folder(built.output) as base_url:
        page = chromium_browser.new_page(viewport={"width": 794, "height": 1123})
        try:
            page.goto(base_url + "/parskati/2020/budzets/")
            page.emulate_media(media="print")
            state = page.evaluate(PRINT_STATE)
        finally:
            page.close()
    assert state == {"nav": False, "crumbs": False, "anchor": False, "table": True, "overflow": "visible",
                     "header": False}


# --- Bad input -----------------------------------------------------------------------------------

BAD_REPORT_FILES = {
    "reports/2020/index.md": "Title: 2020. gada pārskats\n\nIevads.\n",
    "reports/2020/01-bez-virsraksta.md": "Summary: Nav virsraksta.\n\nTeksts.\n",
    "reports/2020/ievads.md": "Title: Ievads\n\nTeksts.\n",
    "reports/2020/02-a.md": "Title: A\n\nTeksts.\n",
    "reports/2020/02-b.md": "Title: B\n\nTeksts.\n",
    "reports/2020/03-virsraksts.md": "Title: Virsraksti\n\nTeksts.\n\n# Otrs h1\n\nTeksts.\n",
    "reports/2020/04-budžets.md": "Title: Budžets\n\nTeksts.\n",
    "reports/2020/05-statuss.md": "Title: Statuss\nStatus: gatavs\n\nTeksts.\n",
    "reports/2020/06-lielie-burti.MD": "Title: Lielie burti\n\nTeksts.\n",
    "reports/2020/07_ieceres_2021.md": "Title: Ieceres\n\nTeksts.\n",
    "reports/2019/01-x.md": "Title: X\n\nTeksts.\n",
    "reports/vecie/01-y.md": "Title: Y\n\nTeksts.\n",
}


@pytest.fixture(scope="module")
def failure(tmp_path_factory) -> str:
    site = Site(tmp_path_factory.mktemp("bad-reports"), PLAIN)
    for relative, text in BAD_REPORT_FILES.items():
        site.write(relative, text)
    with pytest.raises(BuildFailed) as failed:
        site.build()
    return "\n".join(failed.value.messages)


@pytest.mark.parametrize("expected", [
    "reports/2020/01-bez-virsraksta.md: field 'Title': the title is missing or empty. "
    "Fix: add a line 'Title: …' at the top of the file",
    "reports/2020/ievads.md: the file name does not start with the section's number. "
    "Fix: name the file NN-slug.md, e.g. 03-planosanas-dokumenti.md, or add a line 'Order: 3'",
    "reports/2020/02-b.md: field 'Order': this section and 02-a.md have the same number (2). "
    "Fix: give each section of the 2020 report its own number",
    "reports/2020/03-virsraksts.md:5: the text has a level-1 heading ('# …'), but the title is the page's only h1. "
    "Fix: use '## …' for the headings in the text",
    "reports/2020/04-budžets.md: field 'Slug': the address 'budžets' is not plain ASCII. "
    "Fix: use lowercase letters a–z, digits and hyphens in the file name or 'Slug:' (ā → a, š → s)",
    "reports/2020/05-statuss.md: field 'Status': 'gatavs' is not a known status. Fix: use one of: published, draft",
    "reports/2019: the report has no index.md. Fix: add ",
    "reports/2020/06-lielie-burti.MD: the file name ends in '.MD'. Fix: rename it to end in '.md'",
    "reports/2020/07_ieceres_2021.md: the file name has '_' where the address needs '-'. "
    "Fix: rename it to 07-ieceres-2021.md",
    "reports/vecie: the folder name is not a year. Fix: name the folder after the report's year",
])
def test_report_mistakes_stop_the_build_with_file_and_fix(failure, expected):
    assert expected in failure


# --- The real 2020 report ------------------------------------------------------------------------

def real_soup(output: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((output / relative).read_text(encoding="utf-8"), "html.parser")


REAL_SECTIONS = [  # slug, a word of the title, datasets the section must show
    ("prieksvards", "Priekšvārds", []),
    ("pamatinformacija", "Pamatinformācija", ["attistibas-padome-2020"]),
    ("planosanas-dokumenti", "plānošanas dokumenti", ["latgales-strategija-2030", "sam-562-latgales-programma"]),
    ("darbibas-rezultati-2020", "rezultāti", ["rezultativie-raditaji-2020", "latgales-sez-2017-2020",
                                              "attistibas-padomes-sedes-2020", "projekti-2020",
                                              "sabiedriskais-transports-2020", "luc-rezultati",
                                              "remigracija-2020", "deinstitucionalizacija-2020"]),
    ("budzets-un-personals", "Budžets", ["budzets-2020", "personals-2020", "personala-mainiba-2020"]),
    ("komunikacija-ar-sabiedribu", "Komunikācija", ["portala-apmekletaji", "socialo-kontu-sekotaji-2020"]),
    ("ieceres-2021", "2021", []),
]


def test_real_2020_report_has_every_section_in_order(real_site):
    soup = real_soup(real_site, "parskati/2020/index.html")
    links = [a["href"] for a in soup.select(".lpr-report-toc__link")]
    assert links == [f"/parskati/2020/{slug}/" for slug, _, _ in REAL_SECTIONS]
    assert "/parskati/2020/" in [a["href"] for a in real_soup(real_site, "parskati/index.html").select("a")]


@pytest.mark.parametrize("slug, title_word, datasets", REAL_SECTIONS, ids=[s[0] for s in REAL_SECTIONS])
def test_real_2020_sections(real_site, slug, title_word, datasets):
    soup = real_soup(real_site, f"parskati/2020/{slug}/index.html")
    assert len(soup.find_all("h1")) == 1 and title_word.lower() in text_of(soup.h1).lower()
    for dataset_id in datasets:
        assert soup.select_one(f"#dati-{dataset_id} table caption") is not None, dataset_id
    assert "[[" not in soup.select_one(".lpr-prose").get_text()
    for heading in soup.select(".lpr-prose h2, .lpr-prose h3"):
        assert heading.get("id"), text_of(heading)
    links = section_links(soup)
    assert links["contents"] == "/parskati/2020/"
    assert ("prev" in links) == (slug != REAL_SECTIONS[0][0]) and ("next" in links) == (slug != REAL_SECTIONS[-1][0])


def test_real_report_links_point_at_built_pages(real_site):
    """Every in-site link of the report (relative ones included) reaches a built page and anchor."""
    from urllib.parse import urljoin, urlsplit

    for page in sorted(real_site.glob("parskati/**/index.html")):
        url = "/" + str(page.relative_to(real_site).parent) + "/"
        soup = real_soup(real_site, str(page.relative_to(real_site)))
        for a in soup.select("main a[href]"):
            target = urlsplit(urljoin(url, a["href"]))
            if target.netloc or a["href"].startswith(("mailto:", "tel:")):
                continue
            path = real_site / target.path.lstrip("/")
            file = path / "index.html" if target.path.endswith("/") else path
            assert file.is_file(), f"{url}: {a['href']}"
            if target.fragment:
                assert real_soup(real_site, str(file.relative_to(real_site))).find(id=target.fragment), \
                    f"{url}: {a['href']}"
