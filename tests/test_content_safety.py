"""Safe by construction: every field escaped, raw HTML limited, nothing from outside content/ published,
and the silent content mistakes stop the build with file, line and fix."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from lxml import etree
from PIL import Image

from portalbuild import ROOT
from portalbuild.runner import BuildFailed
from portalbuild.commands.check import run_check
from tests.conftest import PLAIN, REAL_SETTINGS, Site, text_of

# The plugin's own tests build with the plain serial build (tests/conftest.py, PLAIN_BUILD).
pytestmark = pytest.mark.plain_build


SERIAL = {"FAST_BUILD": {"workers": 1, "incremental": False}}
EVIL = "<script>alert(1)</script> & <b>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;"
ATOM = "{http://www.w3.org/2005/Atom}"


def outside_link(path: str, target, folder: str = "content") -> str:
    return (f"{path}: it is a symbolic link to {target}, outside the {folder} folder. Fix: copy the file into "
            "the folder (for images, content/images/) instead of linking to it, or delete the link")


def build_failure(site: Site, **overrides) -> list[str]:
    with pytest.raises(BuildFailed) as failure:
        site.build(**{**SERIAL, **overrides})
    return failure.value.messages


def problems_without_fix(site: Site) -> list[str]:
    return [message.split(" Fix:")[0] for message in build_failure(site)]


# --- every plain field is escaped ----------------------------------------------------

@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Site:
    """A post and a project whose every plain field is the same piece of HTML."""
    site = Site(tmp_path_factory.mktemp("hostile"), PLAIN)
    Image.new("RGB", (40, 30), "#1f5f3a").save(site.content / "images" / "a.jpg")
    site.write("projects/projekts.md", f"""
        Title: Projekts {EVIL}
        Acronym: {EVIL}
        Code: {EVIL}
        Programme: {EVIL}
        Fund: ERAF
        Start: 2019-06-01
        End: 2021-08-31
        Role: {EVIL}
        Lead_partner: {EVIL} (LV)
        Partners: {EVIL} (LV)
        Budget: 1000
        Cofinancing: 500
        Goal: {EVIL}
        Results: {EVIL}

        Teksts.
    """)
    site.post("zina", f"Virsraksts {EVIL}", author=EVIL, tags=f"{EVIL}, parasts", image="images/a.jpg",
              image_alt=f"Attēls {EVIL}", image_caption=f"Paraksts {EVIL}", projects="projekts",
              summary="Kopsavilkums ar <em>uzsvaru</em>.", body="Teksts ar <strong>treknu</strong> vārdu.")
    site.build(PROJECT_CARDS_TODAY="2020-06-01", **SERIAL)
    return site


def test_plain_fields_show_as_typed_on_the_page(hostile_site):
    page = hostile_site.read(_article_path(hostile_site))
    assert "<script>alert" not in page and "<b>" not in page
    soup = hostile_site.soup(_article_path(hostile_site))
    assert text_of(soup.h1) == f"Virsraksts {EVIL}"
    assert soup.title.get_text() == f"Virsraksts {EVIL} — Latgales plānošanas reģions"
    assert EVIL in text_of(soup.select_one(".lpr-article__meta, .lpr-article header") or soup)
    assert [text_of(tag) for tag in soup.select(".lpr-tags .lpr-tag")] == [EVIL, "parasts"]
    assert text_of(soup.select_one("figcaption")) == f"Paraksts {EVIL}"
    assert soup.select_one("figure img")["alt"] == f"Attēls {EVIL}"
    assert f'content="{ESCAPED}"' in page  # the article:tag meta
    # The HTML fields stay HTML: the body and the card the Projects field adds.
    assert soup.select_one(".lpr-article__body strong, article strong").get_text() == "treknu"
    card = soup.select_one(".lpr-project-card")
    assert text_of(card.select_one(".lpr-project-card__title")) == f"Projekts {EVIL} ({EVIL})"


def test_project_card_fields_show_as_typed(hostile_site):
    soup = hostile_site.soup("projekti/projekts/index.html")
    values = [text_of(dd) for dd in soup.select(".lpr-project-card__value")]
    assert values.count(EVIL) == 4  # Code, Acronym, Programme, Role
    assert f"{EVIL} (Latvija)" in values  # Lead_partner
    assert EVIL in [text_of(li) for li in soup.select(".lpr-project-card__partners li")]
    assert text_of(soup.select_one("#projekta-merkis").find_next("p")) == EVIL
    assert [text_of(li) for li in soup.select(".lpr-project__results li")] == [EVIL]
    assert "<script>alert" not in hostile_site.read("projekti/projekts/index.html")


def test_json_ld_carries_the_fields_as_typed_and_cannot_end_its_script(hostile_site):
    soup = hostile_site.soup(_article_path(hostile_site))
    script = soup.find("script", type="application/ld+json").string
    assert "</" not in script and "<" not in script
    article = next(item for item in json.loads(script)["@graph"] if item["@type"] == "NewsArticle")
    assert article["headline"] == f"Virsraksts {EVIL}"
    assert article["author"] == [{"@type": "Person", "name": EVIL}]
    assert article["keywords"] == [EVIL, "parasts"]


def test_feeds_carry_the_fields_as_typed(hostile_site):
    atom = etree.parse(str(hostile_site.output / "feeds" / "visas.atom.xml"))
    entry = atom.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == f"Virsraksts {EVIL}"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == EVIL
    content = entry.findtext(f"{ATOM}content")  # HTML, as text of the element
    assert f"Paraksts {ESCAPED}" in content and "<script>" not in content
    feed = json.loads(hostile_site.read("feeds/visas.json"))
    assert feed["items"][0]["title"] == f"Virsraksts {EVIL}"
    assert "<script>" not in feed["items"][0]["content_html"]


def _article_path(site: Site) -> str:
    return next(name for name in sorted(site.files()) if name.startswith("zinas/2020/08/") and
                name.endswith("/index.html"))


# --- raw HTML in texts ---------------------------------------------------------------

def test_allowed_html_code_and_escaped_tags_are_published_as_written(site):
    site.post("laba", "Laba", body=(
        'Teksts ar <abbr title="Latgales plānošanas reģions">LPR</abbr> un '
        '<a href="https://www.lpr.gov.lv/" title="Portāls">saiti</a>.\n\n'
        "Kodā `<script>` ir tikai teksts, un &lt;iframe&gt; arī.\n\n"
        "```\n<iframe src=\"https://example.com\"></iframe>\n```\n\n"
        '<table class="dati"><tr><th scope="row">A</th><td colspan="2">1</td></tr></table>\n\n'
        "<!-- piezīme redaktoram: <script> te nebūs -->\n"))
    site.build(**SERIAL)
    soup = site.soup(_article_path(site))
    assert soup.find("abbr")["title"] == "Latgales plānošanas reģions"
    assert soup.find("td")["colspan"] == "2"
    assert soup.find("code").get_text() == "<script>"
    assert "<iframe" in soup.find("pre").get_text() and soup.find("iframe") is None


def test_raw_html_outside_the_allow_list_stops_the_build(site, monkeypatch):
    monkeypatch.chdir(site.root)
    site.post("slikta", "Slikta", summary='Kopsavilkums <img src="https://evil.example/x.png" alt="x">', body=(
        "<script>alert(1)</script>\n\n"
        '<meta http-equiv="refresh" content="1;url=https://evil.example/">\n\n'
        '<p onclick="steal()">Teksts</p>\n\n'
        "[saite](javascript:alert(1))\n\n"
        '<a href=" java\tscript:x">b</a>\n\n'
        '<iframe src="https://evil.example/"></iframe>\n\n'
        '<span style="color:red">c</span>\n\n'
        '<form action="https://evil.example/"><input name="p"></form>\n\n'
        '<img src="data:image/svg+xml;base64,AAAA" alt="x">\n\n'
        "\\<iframe src=x> (a backslash does not escape '<')\n"))
    assert build_failure(site) == [
        "content/news/slikta.md:4: field 'Summary': <img> src='https://evil.example/x.png' loads an image from "
        "another site (evil.example). Fix: save the image in content/images/ and write "
        "![description]({static}/images/…)",
        "content/news/slikta.md:6: the HTML element <script> could run code or load another site's content. "
        "Fix: remove it; to show a video, map or document from another site, link to it with [text](https://…), "
        "and put images in content/images/",
        "content/news/slikta.md:8: the HTML element <meta> could redirect the page or change its links (it "
        "belongs to the page's head). Fix: remove it; a page that moved is redirected by the server, not by "
        "the text",
        "content/news/slikta.md:10: the attribute 'onclick' of <p> would run a script. Fix: remove onclick=… "
        "(scripts are not allowed in texts)",
        "content/news/slikta.md:12: the link 'javascript:alert(1)' uses the 'javascript:' scheme, which can run "
        "code or hide content. Fix: link to an https:// address, a page of the portal or a file in content/ "
        "({static}/…)",
        "content/news/slikta.md:14: <a> href=' java\\tscript:x' uses the 'javascript:' scheme, which can run "
        "code or hide content. Fix: link to an https:// address, a page of the portal or a file in content/ "
        "({static}/…)",
        "content/news/slikta.md:16: the HTML element <iframe> could run code or load another site's content. "
        "Fix: remove it; to show a video, map or document from another site, link to it with [text](https://…), "
        "and put images in content/images/",
        "content/news/slikta.md:18: the attribute 'style' of <span> is not allowed. Fix: remove it; the theme "
        "decides the look",
        "content/news/slikta.md:20: the HTML element <form> would send what readers type elsewhere. Fix: remove "
        "it; link to the form on the service's own site with [text](https://…)",
        "content/news/slikta.md:20: the HTML element <input> would send what readers type elsewhere. Fix: "
        "remove it; link to the form on the service's own site with [text](https://…)",
        "content/news/slikta.md:22: <img> src='data:image/svg+xml;base64,AAAA' uses the 'data:' scheme, which "
        "can run code or hide content. Fix: save the image in content/images/ and write "
        "![description]({static}/images/…)",
        "content/news/slikta.md:24: the HTML element <iframe> could run code or load another site's content. "
        "Fix: remove it; to show a video, map or document from another site, link to it with [text](https://…), "
        "and put images in content/images/",
    ]


def test_a_tag_over_several_lines_and_a_reference_link_are_checked_too(site, monkeypatch):
    monkeypatch.chdir(site.root)
    site.post("rindas", "Rindas", body='Teksts <a\n  href="javascript:steal()">šeit</a>.\n\n'
                                       "Skatīt [šo][x].\n\n[x]: vbscript:msgbox(1)\n")
    assert problems_without_fix(site) == [
        "content/news/rindas.md:5: <a> href='javascript:steal()' uses the 'javascript:' scheme, which can run "
        "code or hide content.",
        "content/news/rindas.md:10: the link 'vbscript:msgbox(1)' uses the 'vbscript:' scheme, which can run "
        "code or hide content.",
    ]


def test_raw_html_in_a_page_and_a_report_section_stops_the_build_too(site, monkeypatch):
    monkeypatch.chdir(site.root)
    site.write("pages/par.md", "Title: Par\nSlug: par\n\nTeksts.\n\n<object data=\"x.swf\"></object>\n")
    site.write("reports/2020/index.md", "Title: 2020. gada pārskats\n\nIevads.\n")
    site.write("reports/2020/01-a.md", "Title: Sadaļa\n\n<base href=\"https://evil.example/\">\n")
    messages = build_failure(site)
    assert [message.split(" Fix:")[0] for message in messages] == [
        "content/pages/par.md:6: the HTML element <object> could run code or load another site's content.",
        "content/reports/2020/01-a.md:3: the HTML element <base> could redirect the page or change its links "
        "(it belongs to the page's head).",
    ]


# --- nothing from outside the content folder -------------------------------------------

def test_a_symbolic_link_to_a_system_file_stops_the_build(site, monkeypatch):
    monkeypatch.chdir(site.root)
    site.post("zina", "Ziņa")
    os.symlink("/etc/hostname", site.content / "images" / "hostname.jpg")
    assert build_failure(site) == [outside_link("content/images/hostname.jpg", "/etc/hostname")]
    assert not site.output.exists()


def test_a_symbolic_link_to_a_folder_elsewhere_stops_the_build(site, monkeypatch, tmp_path_factory):
    monkeypatch.chdir(site.root)
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "secret.txt").write_text("slepens", encoding="utf-8")
    os.symlink(elsewhere, site.content / "images" / "arhivs")
    site.write("pages/iekseja.md", "Title: Iekšēja\nSlug: iekseja\n\nTeksts.\n")
    os.symlink(site.content / "pages" / "iekseja.md", site.content / "pages" / "saite.md")  # inside: fine
    assert build_failure(site) == [outside_link("content/images/arhivs", elsewhere)]


def test_a_symbolic_link_in_the_theme_that_leaves_it_stops_the_build(site, monkeypatch):
    monkeypatch.chdir(site.root)
    theme = site.root / "theme"
    shutil.copytree(ROOT / "theme", theme, ignore=shutil.ignore_patterns("fonts"))
    shutil.copytree(ROOT / "theme" / "fonts", theme / "fonts")
    os.symlink("/etc/hostname", theme / "static" / "css" / "host.css")
    assert build_failure(site, THEME=str(theme)) == [
        outside_link("theme/static/css/host.css", "/etc/hostname", "theme")]


def test_links_that_climb_out_of_the_content_folder_stop_the_build(site, monkeypatch):
    monkeypatch.chdir(site.root)
    (site.root / "secret.txt").write_text("slepens", encoding="utf-8")
    Image.new("RGB", (40, 30), "#1f5f3a").save(site.content / "images" / "a.jpg")
    site.post("kapj", "Kāpj ārā", body="[a]({static}/../secret.txt) un [b]({filename}../../../x.md)\n\n"
                                       "[labi]({static}/images/../images/a.jpg)")
    assert build_failure(site) == [
        "content/news/kapj.md:5: the link '{static}/../secret.txt' points outside the content folder. Fix: put "
        "the file under content/ and write its path from there, for example {static}/images/name.jpg",
        "content/news/kapj.md:5: the link '{filename}../../../x.md' points outside the content folder. Fix: put "
        "the file under content/ and write its path from there, for example {filename}/news/2020/name.md",
    ]
    assert not (site.root / "secret.txt.gz").exists() and not site.output.exists()


def test_a_save_as_outside_the_output_folder_stops_the_build(site, monkeypatch):
    monkeypatch.chdir(site.root)
    site.post("izkapj", "Izkāpj", save_as="../izkapis.html")
    # Pelican says 'Skipping …' too; the plugin stops the build before the sharing image is written beside.
    assert build_failure(site)[-1] == (
        "content/news/izkapj.md:4: field 'Save_as': '../izkapis.html' would be written outside the site's "
        "folder. Fix: remove the line (the address is made from the title and the date), or write a path inside "
        "the site, for example 'par-regionu/index.html'")
    # no sharing image beside (the lock file of the output folder stays, portalbuild/runner/publish_guard.py)
    assert sorted(path.name for path in site.root.iterdir()) == [".output.lock", "cache", "content"]


def test_invoke_check_reports_a_symbolic_link_and_raw_html(site, monkeypatch):
    monkeypatch.chdir(site.root)
    site.post("zina", "Ziņa", body='<meta http-equiv="refresh" content="0;url=https://evil.example/">')
    report = run_check(REAL_SETTINGS, {"PATH": str(site.content), "MAIN_MENU": []})
    assert report.problems == [
        "content/news/zina.md:5: the HTML element <meta> could redirect the page or change its links (it "
        "belongs to the page's head). Fix: remove it; a page that moved is redirected by the server, not by "
        "the text"]
    os.symlink("/etc/hostname", site.content / "images" / "hostname.jpg")
    report = run_check(REAL_SETTINGS, {"PATH": str(site.content), "MAIN_MENU": []})
    assert report.problems == [outside_link("content/images/hostname.jpg", "/etc/hostname")]


# --- silent content mistakes ---------------------------------------------------------

def test_a_nul_character_stops_the_build(site, monkeypatch):
    monkeypatch.chdir(site.root)
    site.post("nul", "Ziņa", body="Pirmā rinda.\nOtrā\x00 rinda.")
    assert build_failure(site) == [
        "content/news/nul.md:6: the line contains a NUL character (byte 0), invisible in most editors. "
        "Fix: retype the line, or delete the character with an editor that shows it"]


def test_a_title_or_tag_of_punctuation_only_stops_the_build(site, monkeypatch):
    monkeypatch.chdir(site.root)
    site.post("punkti", "!!!", tags="???, parasts")
    assert build_failure(site) == [
        "content/news/punkti.md:1: field 'Title': the title '!!!' has no letters or digits, so the page would "
        "have no address. Fix: put words in the title, or add a line 'Slug: name-of-the-post'",
        "content/news/punkti.md:4: field 'Tags': the tag '???' has no letters or digits, so its page would have "
        "no address. Fix: use a word as the tag, or remove it",
    ]


def test_a_date_with_a_local_mean_time_offset_stops_the_build(site, monkeypatch):
    monkeypatch.chdir(site.root)
    site.post("agri", "Agrs", date="1850-05-01 10:00")
    assert build_failure(site) == [
        "content/news/agri.md:2: field 'Date': 1850-05-01 is so early that its time in Europe/Riga is local mean "
        "time (UTC+01:36:34), which HTML and feed dates cannot express. Fix: check the year; the portal "
        "publishes dates from 1926 on"]


def test_broken_and_unknown_markers_in_a_report_stop_the_build_as_in_news(site, monkeypatch):
    monkeypatch.chdir(site.root)
    site.write("reports/2020/index.md", "Title: 2020. gada pārskats\n\nIevads.\n")
    site.write("reports/2020/01-a.md", "Title: Sadaļa\n\n[[Indicator:skaits]]\n\n[[indicator:skaits]\n")
    site.post("zina", "Ziņa", body="Teksts [indicator:skaits]].")
    fix = ("Fix: write [[project:slug]] or [[indicator:id]] in lowercase, with two brackets on each side, "
           "on a line of its own")
    assert sorted(build_failure(site)) == [
        f"content/news/zina.md:5: the marker '[indicator:skaits]]' is not one the portal knows. {fix}",
        f"content/reports/2020/01-a.md:3: the marker '[[Indicator:skaits]]' is not one the portal knows. {fix}",
        f"content/reports/2020/01-a.md:5: the marker '[[indicator:skaits]' is not one the portal knows. {fix}",
    ]


def test_an_oversized_image_no_post_uses_stops_the_build(site, monkeypatch):
    monkeypatch.chdir(site.root)
    site.post("zina", "Ziņa")
    Image.new("RGB", (400, 300), "#1f5f3a").save(site.content / "images" / "liels.png")
    size = (site.content / "images" / "liels.png").stat().st_size
    assert build_failure(site, RESPONSIVE_IMAGES={"widths": [480], "max_bytes": size - 1}) == [
        f"content/images/liels.png: the image is {size} bytes, over the limit of {size - 1} bytes, and would be "
        "published as it is although no post uses it. Fix: delete it if no post needs it, or save it smaller "
        "(at most 2560 px on the long side, JPEG quality 85)"]


def test_a_repeated_dataset_row_and_a_contradicting_unit_stop_the_build(site, monkeypatch):
    monkeypatch.chdir(site.root)
    site.write("data/skaits.yaml", """
        id: skaits
        title: Skaits
        unit: EUR
        source: Pārskats
        columns:
          - {id: gads, label: Gads, type: year}
          - {id: platiba, label: Platība, type: decimal, unit: ha}
          - {id: nauda, label: Nauda, type: money}
        rows:
          - [2019, 1.5, 10]
          - [2020, 2.5, 20]
          - [2019, 1.5, 10]
    """)
    assert build_failure(site) == [
        "content/data/skaits.yaml:12: row 3 repeats row 1 cell for cell. Fix: delete one of the two rows, or "
        "correct the one that was meant to differ",
        "content/data/skaits.yaml:3: field 'unit': column 'platiba' counts in 'ha', but the dataset's unit is "
        "'EUR'. Fix: correct one of the two, or name both in the dataset: 'unit: EUR; ha'",
    ]
