"""The real portal built from content/: the 2020 news, the pages, the facts in the footer."""

import re
from pathlib import Path

from bs4 import BeautifulSoup

from pelicanconf import PORTAL_CATEGORIES
from tests.conftest import text_of


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article_files(output: Path) -> list[Path]:
    return sorted(output.glob("zinas/20[0-9][0-9]/[01][0-9]/*/index.html"))


def test_at_least_forty_news_posts_in_2020(real_site):
    articles = article_files(real_site)
    assert len(articles) >= 40
    assert all(path.relative_to(real_site).parts[1] == "2020" for path in articles)


def test_key_events_on_their_report_dates(real_site):
    dated = {}
    for path in article_files(real_site):
        page = soup(path)
        dated.setdefault(page.find("time")["datetime"][:10], []).append(text_of(page.h1))
    assert dated.get("2020-08-15"), "Latgales diena Rīgā (15 August)"
    assert dated.get("2020-10-17"), "amatnieku tirdziņš Kalnciema kvartālā (17 October)"
    assert dated.get("2020-02-21"), "skolēnu pašpārvalžu forums (21 February)"


def test_every_post_is_in_a_portal_section_and_each_section_has_news(real_site):
    used = set()
    for path in article_files(real_site):
        category = text_of(soup(path).select_one(".lpr-article__category"))
        assert category in PORTAL_CATEGORIES, path
        used.add(category)
    assert used == set(PORTAL_CATEGORIES)


def test_featured_images_have_alt_text_and_captions(real_site):
    figures = [figure for path in article_files(real_site) for figure in soup(path).select("figure.lpr-figure")]
    assert len(figures) >= 5
    for figure in figures:
        assert figure.img["alt"].strip()
        assert text_of(figure.figcaption)


def test_required_pages(real_site):
    for slug, title in [("par-regionu", "Latgales plānošanas reģions"),
                        ("attistibas-padome", "padome"),
                        ("kontakti", "Kontakti"),
                        ("pieklustamibas-pazinojums", "Piekļūstamības paziņojums"),
                        ("privatuma-politika", "Privātuma")]:
        page = soup(real_site / slug / "index.html")
        assert title.lower() in text_of(page.h1).lower(), slug


def test_council_lists_its_21_members(real_site):
    table = soup(real_site / "attistibas-padome" / "index.html").select_one("main table")
    assert len(table.select("tbody tr")) == 21


def test_contacts_from_the_report(real_site):
    text = text_of(soup(real_site / "kontakti" / "index.html").main)
    for fact in ("Atbrīvošanas aleja 95", "LV-4601", "pasts@lpr.gov.lv", "29494921", "90002181025"):
        assert fact in text


def test_dates_are_written_in_latvian(real_site):
    home = soup(real_site / "index.html")
    assert re.fullmatch(r"2020\. gada \d{1,2}\. [a-zāčēģīķļņšūž]+", text_of(home.find("time")))


def test_an_article_says_when_it_was_published_in_the_locative(real_site):
    meta = soup(real_site / "zinas/2020/08/latgales-diena-riga/index.html").select_one(".lpr-article__meta")
    assert text_of(meta).startswith("Publicēts 2020. gada 15. augustā")


def test_posts_are_signed_by_the_public_relations_specialist_the_report_names(real_site):
    # The report's structure has a "Sabiedrisko attiecību speciālists", no such unit ("nodaļa").
    for path in article_files(real_site):
        text = text_of(soup(path))
        assert "Sabiedrisko attiecību nodaļa" not in text, path
        assert "LPR sabiedrisko attiecību speciālists" in text_of(soup(path).select_one(".lpr-article__meta")), path


def test_latgales_diena_venue_as_the_report_gives_it_with_a_note_on_the_difference(real_site):
    post = text_of(soup(real_site / "zinas/2020/08/latgales-diena-riga/index.html").select_one(".lpr-prose"))
    assert "Neatkarības laukumā" in post and "Kalnciema kvartālā" in post and "Piezīme par norises vietu" in post
    report = text_of(soup(real_site / "parskati/2020/komunikacija-ar-sabiedribu/index.html").main)
    assert "Piezīme par norises vietu" in report and "Neatkarības laukumā" in report


def test_the_14_may_amendments_are_described_as_the_report_describes_them(real_site):
    pages = ["zinas/2020/05/saeima-atbalsta-latgales-sez-grozijumus/", "zinas/2020/10/latgales-sez-pirmais-algu-ligums/",
             "zinas/2020/12/latgales-sez-2020-rezultati/", "parskati/2020/darbibas-rezultati-2020/",
             "parskati/2020/prieksvards/"]
    claims = ("varēs attiecināt arī uz darba samaksas", "var attiecināt arī uz darba samaksas",
              "ļauj zonā atbalstīt arī darba algu", "ļauj nodokļu atlaides attiecināt arī uz algu",
              "kļuva iespējams pēc grozījumiem")
    for page in pages:
        text = text_of(soup(real_site / page / "index.html").main)
        assert not [claim for claim in claims if claim in text], page
    for page in pages[:2] + pages[3:4]:
        assert "vairākus risinājumus Latgales SEZ darbības uzlabošanai" in text_of(
            soup(real_site / page / "index.html").main), page
