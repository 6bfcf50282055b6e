"""Plugin news_navigation and the pages that use it: related news, previous/next, breadcrumbs,
the home page's news and the news list's filters, on small sites built with the real build."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from tests.conftest import text_of
from news_navigation import related_news

# The plugin's own tests build with the plain serial build (tests/conftest.py, PLAIN_BUILD).
pytestmark = pytest.mark.plain_build


SERIAL = {"FAST_BUILD": {"workers": 1, "incremental": False}, "PORTAL_POST_BUILD": []}
PROJECT = ("Title: Tīra upe\nTagline: Upes tīrīšana kopā ar kaimiņiem.\nProgramme: Programma\nFund: ERAF\n"
           "Start: 2020-01-01\nEnd: 2021-12-31\nGoal: Tīrāka upe.\n\nApraksts.\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from tests.conftest import PLAIN, Site

    site = Site(tmp_path_factory.mktemp("navigation"), PLAIN)
    site.write("projects/upe.md", PROJECT)
    site.post("upe-1", "Upes talka", date="2020-05-01 10:00", category="Reģiona attīstība", Projects="upe")
    site.post("upe-2", "Upes pētījums", date="2020-06-01 10:00", category="Projekti", Projects="upe")
    site.post("tirgus", "Amatnieku tirgus", date="2020-06-15 10:00", Tags="amatniecība, Rēzekne")
    site.post("darbnica", "Amatnieku darbnīca", date="2020-07-01 10:00", Tags="amatniecība")
    site.post("upe-3", "Upes svētki", date="2020-08-01 10:00", Projects="upe", Tags="Rēzekne")
    site.post("cits", "Cita ziņa", date="2020-09-01 10:00", category="Transports")
    site.build(PROJECT_CARDS_TODAY="2020-12-31", **SERIAL)
    return site


def article(built, slug: str, month: str):
    return built.soup(f"zinas/2020/{month}/{slug}/index.html")


def test_related_news_share_projects_first_then_tags_nearest_in_time(built):
    page = article(built, "upes-svetki", "08")
    related = [text_of(a) for a in page.select(".lpr-related__item a")]
    # Two posts of the same project, then the one sharing a tag; never the post itself.
    assert related == ["Upes pētījums", "Upes talka", "Amatnieku tirgus"]
    assert page.select_one(".lpr-related__item time")["datetime"] == "2020-06-01T10:00:00+03:00"
    assert not article(built, "cita-zina", "09").select(".lpr-related")


def test_previous_and_next_are_the_neighbours_in_the_news_list(built):
    page = article(built, "amatnieku-darbnica", "07")
    nav = page.select_one("nav.lpr-article-nav")
    assert nav["aria-label"] == "Citas ziņas"
    assert (text_of(nav.find("a", rel="prev")), nav.find("a", rel="prev")["href"]) == (
        "Iepriekšējā ziņa Amatnieku tirgus", "/zinas/2020/06/amatnieku-tirgus/")
    assert text_of(nav.find("a", rel="next")) == "Nākamā ziņa Upes svētki"
    oldest = article(built, "upes-talka", "05").select_one("nav.lpr-article-nav")
    assert oldest.find("a", rel="prev") is None and oldest.find("a", rel="next")


def test_article_breadcrumbs_and_their_json_ld(built):
    page = article(built, "upes-svetki", "08")
    crumbs = page.select("nav.lpr-breadcrumbs li")
    assert [text_of(li) for li in crumbs] == ["Sākums", "Ziņas", "Kultūra un sabiedrība", "Upes svētki"]
    assert [a["href"] for a in page.select("nav.lpr-breadcrumbs a")] == ["/", "/zinas/", "/kategorija/kultura-un-sabiedriba/"]
    assert crumbs[-1]["aria-current"] == "page"
    graph = json.loads(page.find("script", type="application/ld+json").string)["@graph"]
    trail = next(node for node in graph if node["@type"] == "BreadcrumbList")
    assert [(item["position"], item["name"], item["item"]) for item in trail["itemListElement"]] == [
        (1, "Sākums", "https://lpr.gov.lv/"), (2, "Ziņas", "https://lpr.gov.lv/zinas/"),
        (3, "Kultūra un sabiedrība", "https://lpr.gov.lv/kategorija/kultura-un-sabiedriba/"),
        (4, "Upes svētki", "https://lpr.gov.lv/zinas/2020/08/upes-svetki/")]


def test_the_story_comes_before_the_project_card_and_the_card_stays_out_of_search(built):
    page = article(built, "upes-svetki", "08")
    layout = page.select_one(".lpr-article__layout")
    assert [child["class"][0] for child in layout.find_all(recursive=False)] == ["lpr-article__story", "lpr-article-projects"]
    card = layout.select_one(".lpr-project-card")
    assert card["data-pagefind-ignore"] == "all"
    assert text_of(card.select_one(".lpr-project-card__tagline")) == "Upes tīrīšana kopā ar kaimiņiem."


def test_home_page_is_the_front_door(built):
    home = built.soup("index.html").main
    assert text_of(home.h1) == "Latgales plānošanas reģions"
    cards = [text_of(a) for a in home.select(".lpr-home-news__cards .lpr-card__title a")]
    assert cards == ["Cita ziņa", "Upes svētki", "Amatnieku darbnīca", "Amatnieku tirgus", "Upes pētījums"]
    assert [text_of(a) for a in home.select(".lpr-headlines a")] == ["Upes talka"]
    sections = [text_of(a) for a in home.select(".lpr-sections__name")]
    assert sections == ["Reģiona attīstība", "Projekti", "Kultūra un sabiedrība", "Transports"]  # PORTAL_CATEGORIES order
    assert text_of(home.select_one(".lpr-mini-card")) == (
        "Tīra upe Upes tīrīšana kopā ar kaimiņiem. Īstenošanā · Programma")
    assert home.select_one("form[role=search]")["action"] == "/meklet/"
    assert home.select_one("a[href='/feeds/']")
    assert not home.select(".lpr-pagination")


def test_news_list_pages_do_not_read_whole_lists(built):
    # A numbered list page must not change with every new post: its filters are plain names and
    # URLs, no counts, so the fast build links it from the previous build.
    news = built.soup("zinas/index.html")
    chips = [text_of(a) for a in news.select(".lpr-news-filters a.lpr-chip")]
    assert chips == ["Visas ziņas", "Reģiona attīstība", "Projekti", "Kultūra un sabiedrība", "Transports", "2020"]


def test_related_news_takes_only_a_window_of_each_list_and_ranks_by_weight_then_time():
    def post(number, tags=(), projects=()):
        return SimpleNamespace(number=number, date=datetime(2020, 12, 31) - timedelta(days=number),
                               tags=[SimpleNamespace(slug=t) for t in tags],
                               project_cards=[SimpleNamespace(slug=p) for p in projects])

    # 40 posts a day apart with one tag, newest first; post 20 also shares a project with post 0.
    posts = [post(n, tags=["visi"], projects=["upe"] if n in (0, 20) else ()) for n in range(40)]
    related = related_news(posts, count=4, window=3, project_weight=3)
    assert [p.number for p in related[id(posts[20])]] == [0, 19, 21, 18]
    # Only the three nearest on either side of the tag's list are candidates.
    assert {p.number for p in related[id(posts[10])]} <= {7, 8, 9, 11, 12, 13}
    assert related[id(posts[39])][0].number == 38
