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
