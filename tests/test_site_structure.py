"""What a visitor gets from a small site: URLs, language, Latvian dates, lists and pages."""

import pytest

from tests.conftest import text_of


# The plugin's own tests build with the plain serial build (tests/conftest.py, PLAIN_BUILD).
pytestmark = pytest.mark.plain_build


@pytest.fixture
def built(site):
    site.post("latgales-diena", "Latgales diena Rīgā", date="2020-08-15 10:00",
              tags="Rīga, amatniecība", summary="Latgale viesojas galvaspilsētā.")
    site.post("forums", "Skolēnu pašpārvalžu forums", date="2020-02-21 09:00",
              category="Reģiona attīstība", tags="jaunieši")
    site.write("pages/kontakti.md", """
        Title: Kontakti
        Slug: kontakti

        Atbrīvošanas aleja 95, Rēzekne.
    """)
    site.build()
    return site


def test_article_page_at_its_dated_url_with_latvian_date(built):
    soup = built.soup("zinas/2020/08/latgales-diena-riga/index.html")
    assert soup.html["lang"] == "lv"
    assert text_of(soup.h1) == "Latgales diena Rīgā"
    assert len(soup.find_all("h1")) == 1
    time = soup.find("time")
    assert text_of(time) == "2020. gada 15. augustā"  # "Publicēts …": the locative
    assert time["datetime"] == "2020-08-15T10:00:00+03:00"


def test_slugs_are_transliterated_ascii(built):
    assert "zinas/2020/02/skolenu-pasparvalzu-forums/index.html" in built.files()
    assert all(path.isascii() for path in built.files())


def test_page_category_tag_and_year_archive_urls(built):
    files = built.files()
    for expected in ("kontakti/index.html", "kategorija/kultura-un-sabiedriba/index.html",
                     "kategorija/regiona-attistiba/index.html", "birka/riga/index.html",
                     "birka/amatnieciba/index.html", "zinas/2020/index.html", "zinas/index.html",
                     "index.html", "404.html", "theme/css/portal.css"):
        assert expected in files
    archive = built.soup("zinas/2020/index.html")
    titles = [text_of(a) for a in archive.select(".lpr-teaser__title a")]
    assert titles == ["Latgales diena Rīgā", "Skolēnu pašpārvalžu forums"]


def test_every_page_has_skip_link_landmarks_and_one_h1(built):
    for page in ("index.html", "kontakti/index.html", "birka/riga/index.html", "zinas/2020/index.html",
                 "404.html"):
        soup = built.soup(page)
        skip = soup.find("a", class_="lpr-skip-link")
        assert skip["href"] == "#saturs" and soup.find("main", id="saturs")
        assert soup.find("header") and soup.find("footer") and soup.find("nav")
        assert len(soup.find_all("h1")) == 1, page


def test_footer_carries_the_regions_requisites(built):
    footer = text_of(built.soup("index.html").footer)
    for fact in ("Atbrīvošanas aleja 95", "Rēzekne", "LV-4601", "pasts@lpr.gov.lv", "+371 29494921",
                 "90002181025", "Piekļūstamības paziņojums", "Privātuma politika"):
        assert fact in footer


def test_home_shows_the_newest_post_as_lead_story_and_the_news_list_is_at_zinas(built):
    home = built.soup("index.html")
    assert text_of(home.select_one(".lpr-card--lead .lpr-card__title")) == "Latgales diena Rīgā"
    assert [text_of(a) for a in home.select(".lpr-card__title a")] == ["Latgales diena Rīgā", "Skolēnu pašpārvalžu forums"]
    assert home.select_one(".lpr-section-bar__more")["href"] == "/zinas/"
    assert not home.select(".lpr-pagination")
    news = built.soup("zinas/index.html")
    assert text_of(news.h1) == "Ziņas"
    assert [text_of(a) for a in news.select(".lpr-teaser__title a")] == ["Latgales diena Rīgā", "Skolēnu pašpārvalžu forums"]
    filters = news.select_one("nav.lpr-news-filters")
    assert {text_of(a): a["href"] for a in filters.select("a.lpr-chip")} == {
        "Visas ziņas": "/zinas/", "Reģiona attīstība": "/kategorija/regiona-attistiba/",
        "Kultūra un sabiedrība": "/kategorija/kultura-un-sabiedriba/", "2020": "/zinas/2020/"}
    assert filters.select_one("a[aria-current]")["href"] == "/zinas/"
    year = built.soup("zinas/2020/index.html").select_one("nav.lpr-news-filters a[aria-current]")
    assert year["href"] == "/zinas/2020/"


def test_list_pages_after_the_front_page_are_numbered_from_the_oldest_post(site):
    # 25 posts at 10 a page: page 1 holds the oldest ten, the front page the newest fifteen.
    for day in range(1, 26):
        site.post(f"zina-{day:02d}", f"Ziņa {day:02d}", date=f"2020-03-{day:02d} 12:00")
    site.build()
    files = site.files()
    assert "zinas/lapa/1/index.html" in files and "zinas/lapa/2/index.html" not in files
    assert "kategorija/kultura-un-sabiedriba/lapa/1/index.html" in files

    def titles(page):
        return [text_of(a) for a in site.soup(page).select(".lpr-teaser__title a")]

    assert titles("zinas/index.html") == [f"Ziņa {day:02d}" for day in range(25, 10, -1)]
    assert titles("zinas/lapa/1/index.html") == [f"Ziņa {day:02d}" for day in range(10, 0, -1)]
    oldest = site.soup("zinas/lapa/1/index.html")
    assert text_of(oldest.h1) == "Ziņas — Lapa 1"
    assert text_of(oldest.select_one(".lpr-page-span")) == "Šajā lapā ziņas no 01.03.2020. līdz 10.03.2020."
    assert oldest.find("a", rel="prev")["href"] == "/zinas/"
    assert oldest.find("a", rel="next") is None
    assert oldest.select_one(".lpr-pagination a[aria-current=page]")["href"] == "/zinas/lapa/1/"
    assert site.soup("zinas/index.html").find("a", rel="next")["href"] == "/zinas/lapa/1/"
    category = site.soup("kategorija/kultura-un-sabiedriba/lapa/1/index.html")
    assert text_of(category.h1) == "Kultūra un sabiedrība — Lapa 1"
    assert category.find("a", rel="prev")["href"] == "/kategorija/kultura-un-sabiedriba/"


def test_new_posts_leave_the_numbered_list_pages_as_they_were(site):
    # A bookmark of "page 2" finds the same posts after new ones: the front page takes them
    # until it holds two pages' worth; then a page 3 appears behind it.
    def titles(page):
        return [text_of(a) for a in site.soup(page).select(".lpr-teaser__title a")]

    for day in range(1, 31):
        site.post(f"zina-{day:02d}", f"Ziņa {day:02d}", date=f"2020-03-{day:02d} 12:00")
    site.build()
    before = {page: site.read(page) for page in ("zinas/lapa/1/index.html", "zinas/lapa/2/index.html")}
    for day in range(1, 10):
        site.post(f"aprilis-{day:02d}", f"Aprīlis {day:02d}", date=f"2020-04-{day:02d} 12:00")
    site.build()
    assert {page: site.read(page) for page in before} == before
    assert "zinas/lapa/3/index.html" not in site.files()
    assert len(titles("zinas/index.html")) == 19

    site.post("aprilis-10", "Aprīlis 10", date="2020-04-10 12:00")
    site.build()
    assert titles("zinas/lapa/3/index.html") == [f"Ziņa {day:02d}" for day in range(30, 20, -1)]
    assert titles("zinas/lapa/2/index.html") == [f"Ziņa {day:02d}" for day in range(20, 10, -1)]
    assert titles("zinas/index.html") == [f"Aprīlis {day:02d}" for day in range(10, 0, -1)]


def test_pagination_shows_a_window_of_page_numbers_not_every_page(site):
    # 60 posts at 2 a page: the front page and 29 numbered pages. Each page links the front
    # page, page 1 and two numbers either side of its own, so its size does not grow with the
    # archive, and a page far from the newest keeps its links when pages are added.
    for number in range(60):
        site.post(f"zina-{number:02d}", f"Ziņa {number:02d}", date=f"2020-03-{1 + number // 3:02d} {10 + number % 3}:00")
    site.build(DEFAULT_PAGINATION=2)

    def numbers(page):
        pagination = site.soup(page).select_one(".lpr-pagination__list")
        return [text_of(item).replace("Lapa ", "") for item in pagination.find_all("li")
                if not item.find("a", rel=True)]

    assert numbers("zinas/index.html") == ["Jaunākās", "29", "28", "…", "1"]
    assert numbers("zinas/lapa/15/index.html") == ["Jaunākās", "…", "17", "16", "15", "14", "13", "…", "1"]
    assert numbers("zinas/lapa/4/index.html") == ["Jaunākās", "…", "6", "5", "4", "3", "2", "1"]
    assert numbers("zinas/lapa/1/index.html") == ["Jaunākās", "…", "3", "2", "1"]
    assert numbers("zinas/lapa/28/index.html") == ["Jaunākās", "29", "28", "27", "26", "…", "1"]
    fifteenth = site.soup("zinas/lapa/15/index.html")
    assert fifteenth.select_one(".lpr-pagination a[aria-current=page]")["href"] == "/zinas/lapa/15/"
    assert fifteenth.find("a", rel="prev")["href"] == "/zinas/lapa/16/"
    assert fifteenth.find("a", rel="next")["href"] == "/zinas/lapa/14/"
    assert site.soup("zinas/lapa/29/index.html").find("a", rel="prev")["href"] == "/zinas/"
    assert {gap["aria-hidden"] for gap in fifteenth.select(".lpr-pagination__gap")} == {"true"}


def test_drafts_and_future_posts_stay_out(site):
    site.post("published", "Publicēta ziņa")
    site.post("draft", "Melnraksta ziņa", status="draft")
    site.post("future", "Nākotnes ziņa", date="2099-01-01 10:00")
    site.build()
    everything = " ".join(site.read(f) for f in site.files() if f.endswith(".html"))
    assert "Publicēta ziņa" in everything
    assert "Melnraksta ziņa" not in everything
    assert "Nākotnes ziņa" not in everything
    assert not any("drafts" in path or "2099" in path for path in site.files())
