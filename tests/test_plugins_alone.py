"""Each plugin on its own: a small site built with only that plugin, on the plain serial build.

PLUGINS lists the plugin and what the portal's theme needs (lv_theme and social_meta: their
filters are in every page's template, tests/conftest.py THEME_PLUGINS); FAST_BUILD is the plain
serial build and no post-build step runs; each build is `python -m portalbuild` in a process of
its own (Site.build_with_only says why). Each test checks the file or HTML the plugin is for, so
a plugin that only works beside another one fails here by name. Pelican's default theme is
not used: the portal's settings name templates only our theme has (home, search), and several
plugins render our theme's templates or read its strings file.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import THEME_PLUGINS, text_of

PLUGIN_FOLDERS = sorted(path.parent.name for path in (Path(__file__).parent.parent / "plugins").glob("*/__init__.py"))
TESTED = {"content_guard", "content_safety", "feeds", "field_links", "html_finishing", "indicator_tables",
          "lv_markdown", "lv_theme", "news_navigation", "project_cards", "reports", "responsive_images",
          "site_files", "social_meta", "stable_pagination", "unpublished", "web_editor"}


def test_every_plugin_has_a_test_on_its_own():
    assert sorted(TESTED) == PLUGIN_FOLDERS, "add a test of the new plugin on its own to this file"


def test_the_theme_needs_lv_theme_and_social_meta(site):
    site.post("zina", "Ziņa")
    for missing in THEME_PLUGINS:
        failed = site.build_with_only([], fails=True, PLUGINS=[name for name in THEME_PLUGINS if name != missing])
        assert "the template cannot be rendered (TemplateAssertionError: No filter named" in failed.stderr
    site.build_with_only([])
    assert text_of(site.soup("zinas/2020/08/zina/index.html").h1) == "Ziņa"


def test_content_guard_alone_stops_a_category_that_is_not_a_section(site):
    site.post("zina", "Ziņa", category="Kulturaa")
    failed = site.build_with_only(["content_guard"], fails=True)
    assert "news/zina.md:3: field 'Category': 'Kulturaa'" in failed.stderr


def test_content_safety_alone_stops_a_script_in_a_post(site):
    site.post("zina", "Ziņa", body="Teksts.\n\n<script>alert(1)</script>")
    failed = site.build_with_only(["content_safety"], fails=True)
    assert "news/zina.md:7: the HTML element <script> could run code" in failed.stderr


def test_feeds_alone_writes_the_feeds_and_their_page(site):
    site.post("zina", "Ziņa par ceļiem", category="Transports")
    site.build_with_only(["feeds"])
    assert {"feeds/visas.rss.xml", "feeds/visas.atom.xml", "feeds/visas.json", "feeds/index.html",
            "feeds/kategorija/transports.rss.xml"} <= site.files()
    assert [item["title"] for item in json.loads(site.read("feeds/visas.json"))["items"]] == ["Ziņa par ceļiem"]


def test_field_links_alone_hands_the_summary_links_to_the_link_check(site):
    # The theme shows a Summary as plain text: only field_links makes its link known to the check.
    # (The check also finds the theme's links to pages this small site has not: both builds fail.)
    site.post("zina", "Ziņa", summary="Skat. [plānu](/nav-tadas-lapas/).")
    without = site.build_with_only([], fails=True, PORTAL_POST_BUILD=["check"])
    assert "nav-tadas-lapas" not in without.stderr
    failed = site.build_with_only(["field_links"], fails=True, PORTAL_POST_BUILD=["check"])
    assert "news/zina.md:4: field 'Summary': the link '/nav-tadas-lapas/' leads to no page" in failed.stderr


def test_html_finishing_alone_gives_headings_ids_and_marks_external_links(site):
    site.post("zina", "Ziņa", body="## Rezultāti\n\nSkat. [vietni](https://example.com/).\n")
    site.build_with_only(["html_finishing"])
    body = site.soup("zinas/2020/08/zina/index.html")
    assert body.find("h2")["id"] == "rezultati"
    assert "noopener" in body.find("a", href="https://example.com/")["rel"]


def test_indicator_tables_alone_writes_the_table_and_the_open_data(site):
    site.write("data/cipari.yaml", """
        id: cipari
        title: Iedzīvotāji
        period: 2020
        source: Testa avots
        columns:
          - {id: pagasts, label: Pagasts, type: text}
          - {id: skaits, label: Skaits, type: integer}
        rows:
          - [Rēzekne, 27736]
        """)
    site.post("zina", "Ziņa", body="Teksts.\n\n[[indicator:cipari]]\n")
    site.build_with_only(["indicator_tables"])
    assert {"dati/cipari.csv", "dati/cipari.json", "dati/index.html"} <= site.files()
    table = site.soup("zinas/2020/08/zina/index.html").find("table")
    assert text_of(table.find("td")) == "27 736"


def test_lv_markdown_alone_keeps_a_year_at_the_start_of_a_line_as_text(site):
    site.post("zina", "Ziņa", body="2020. gadā reģionā notika daudz.\n")
    site.build_with_only(["lv_markdown"])
    prose = site.soup("zinas/2020/08/zina/index.html").select_one(".lpr-prose")
    assert prose.find("ol") is None
    assert text_of(prose.p) == "2020. gadā reģionā notika daudz."


def test_lv_theme_alone_dates_a_post_in_latvian(site):
    site.post("zina", "Ziņa", date="2020-08-15 10:00")
    site.build_with_only(["lv_theme"])
    time = site.soup("zinas/2020/08/zina/index.html").select_one("main time")
    assert (text_of(time), time["datetime"]) == ("2020. gada 15. augustā", "2020-08-15T10:00:00+03:00")


def test_news_navigation_alone_links_a_post_to_its_neighbours(site):
    site.post("vecaka", "Vecākā ziņa", date="2020-08-01 10:00")
    site.post("jaunaka", "Jaunākā ziņa", date="2020-08-20 10:00")
    site.build_with_only(["news_navigation"])
    newer = site.soup("zinas/2020/08/jaunaka-zina/index.html")
    assert newer.find("a", href="/zinas/2020/08/vecaka-zina/") is not None


def test_project_cards_alone_writes_the_project_pages(site):
    site.write("projects/upe.md", """
        Title: Tīra upe
        Programme: Interreg
        Fund: ERAF
        Start: 2019-06-01
        End: 2021-08-31
        Budget: 1000
        Goal: Tīrāka upe.

        Projekta apraksts.
        """)
    site.post("zina", "Ziņa par upi", projects="upe")
    site.build_with_only(["project_cards"])
    assert {"projekti/index.html", "projekti/upe/index.html"} <= site.files()
    assert text_of(site.soup("projekti/upe/index.html").h1) == "Tīra upe"


def test_reports_alone_writes_a_report_and_its_sections(site):
    site.write("reports/2020/index.md", "Title: 2020. gada pārskats\n\nIevads.\n")
    site.write("reports/2020/1-prieksvards.md", "Title: Priekšvārds\n\n## Sveiciens\n\nTeksts.\n")
    site.build_with_only(["reports"])
    assert {"parskati/index.html", "parskati/2020/index.html", "parskati/2020/prieksvards/index.html"} <= site.files()
    assert site.soup("parskati/2020/prieksvards/index.html").find("h2")["id"]


def test_responsive_images_alone_writes_variants_and_picture_markup(site):
    from PIL import Image

    Image.new("RGB", (1600, 900), (31, 95, 58)).save(site.content / "images/lauks.jpg", quality=80)
    site.post("zina", "Ziņa", body="![Zaļš lauks]({static}/images/lauks.jpg)\n")
    site.build_with_only(["responsive_images"])
    picture = site.soup("zinas/2020/08/zina/index.html").find("picture")
    assert picture is not None and picture.find("img")["alt"] == "Zaļš lauks"
    assert any(path.startswith("images/derivatives/") for path in site.files())


def test_site_files_alone_writes_robots_manifest_and_favicon(site):
    site.post("zina", "Ziņa")
    site.build_with_only(["site_files"], SITEURL="https://lpr.example")
    assert {"robots.txt", "manifest.webmanifest", "favicon.ico"} <= site.files()
    assert "Sitemap: https://lpr.example/sitemap.xml" in site.read("robots.txt")
    assert json.loads(site.read("manifest.webmanifest"))["lang"] == "lv"


def test_social_meta_alone_describes_a_post_for_search_engines(site):
    site.post("zina", "Ziņa par ceļiem")
    site.build_with_only(["social_meta"], SITEURL="https://lpr.example")
    head = site.soup("zinas/2020/08/zina-par-celiem/index.html").head
    graph = json.loads(head.find("script", type="application/ld+json").string)["@graph"]
    assert "NewsArticle" in [node["@type"] for node in graph]
    assert head.find("meta", property="og:title")["content"] == "Ziņa par ceļiem"


def test_stable_pagination_alone_numbers_list_pages_from_the_oldest_post(site):
    for day in range(1, 26):
        site.post(f"zina-{day:02d}", f"Ziņa {day:02d}", date=f"2020-03-{day:02d} 12:00")
    site.build_with_only(["stable_pagination"])
    assert "zinas/lapa/1/index.html" in site.files() and "zinas/lapa/2/index.html" not in site.files()
    titles = [text_of(a) for a in site.soup("zinas/lapa/1/index.html").select(".lpr-teaser__title a")]
    assert titles == [f"Ziņa {day:02d}" for day in range(10, 0, -1)]


def test_unpublished_alone_names_a_draft(site):
    site.post("zina", "Ziņa")
    site.write("news/melnraksts.md", "Title: Melnraksts\nDate: 2020-08-16 10:00\nCategory: Transports\n"
                                     "Status: draft\n\nTeksts.\n")
    built = site.build_with_only(["unpublished"])
    assert "Not published (1 file(s)):\n  content/news/melnraksts.md" in built.stdout


def test_web_editor_alone_writes_the_editor_page_and_its_configuration(site):
    site.post("zina", "Ziņa")
    site.build_with_only(["web_editor"], WEB_EDITOR={"backend": {"name": "git-gateway"}})
    assert {"admin/index.html", "admin/config.yml"} <= site.files()
    assert "backend:" in site.read("admin/config.yml")

