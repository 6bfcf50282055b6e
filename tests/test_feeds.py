"""Feeds (plugin feeds): what a feed reader, a newsroom tool and a browser get.

Small sites are built with the real Pelican build, the real settings and every plugin
(Pelican's signals outlive a build, so a plugin cannot be left out of one test), each
project a post names having its project page.
Every feed goes through feedparser, Atom through the RFC 4287 RELAX NG schema (and
its Schematron rules), RSS through an RSS 2.0 RELAX NG schema, JSON Feed through a
check of the version 1.1 fields (feedparser 6 does not read JSON Feed).
"""

from __future__ import annotations

import functools
import json
import re
import shutil
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from types import SimpleNamespace

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree
from PIL import Image

from feeds.config import read_config
from feeds.items import make_items
from feeds.markup import absolute_html
from portalbuild import ROOT
from portalbuild.runner import BuildFailed
from tests.conftest import PLAIN, Site, text_of

# The plugin's own tests build with the plain serial build (tests/conftest.py, PLAIN_BUILD).
pytestmark = pytest.mark.plain_build


SITEURL = "https://lpr.example"
SCHEMAS = Path(__file__).parent / "schemas"
NS = {"a": "http://www.w3.org/2005/Atom", "content": "http://purl.org/rss/1.0/modules/content/",
      "dc": "http://purl.org/dc/elements/1.1/", "media": "http://search.yahoo.com/mrss/"}
TRICKY_TITLE = "Cena < 5 € & \"Lielais\" 'mazais' — Rēzekne, Līvāni 🎉"
ALL_FEEDS = ["feeds/visas.rss.xml", "feeds/visas.atom.xml", "feeds/visas.json"]


def build(site: Site, **overrides):
    overrides.setdefault("SITEURL", SITEURL)
    overrides.setdefault("PORTAL_POST_BUILD", [])  # search indexing etc. are not this module's concern
    # The plain serial build: on a site this small the fast build's set-up costs more than it saves.
    overrides.setdefault("FAST_BUILD", {"workers": 1, "incremental": False})
    return site.build(**overrides)


def write_image(site: Site, relative: str, size=(40, 30)) -> int:
    path = site.content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, "green").save(path)
    return path.stat().st_size


def write_project(site: Site, slug: str, title: str = "", folder: str = "projects") -> None:
    """A project page with the fields project_cards requires."""
    site.write(f"{folder}/{slug}.md", f"""
        Title: {title or slug}
        Programme: Interreg Latvijas–Lietuvas programma
        Fund: ERAF
        Start: 2019-01-01
        End: 2021-12-31
        Goal: Stiprināt reģiona sadarbību.

        Projekta apraksts.
    """)


def write_posts(site: Site) -> None:
    site.post("2020-08-15-diena", "Latgales diena Rīgā", date="2020-08-15 10:00",
              tags="Rīga, amatniecība", projects="crafts, pure-water", author="Anna Bērziņa",
              summary="Latgale viesojas [galvaspilsētā](/zinas/).",
              image="images/news/2020/diena.png", image_alt="Amatnieku tirdziņš", image_caption="Tirdziņš",
              body="Skatiet [arhīvu](/zinas/), [citu ziņu](../forums/), [sadaļu](#beigas) un "
                   "[ārēju lapu](https://example.org/?a=1&b=2).\n\n"
                   "![Karte](/images/news/2020/diena.png)\n\n"
                   "Kods: `<a href=\"/x\">`\n\n"
                   "<img srcset=\"/images/a.png 1x, /images/b.png 2x\" src=\"/images/a.png\" alt=\"Divi\">\n\n"
                   "[[project:crafts]]\n")
    site.post("2020-02-21-forums", "Skolēnu pašpārvalžu forums", date="2020-02-21 09:00",
              category="Reģiona attīstība", tags="jaunieši", modified="2020-09-01 12:00")
    site.post("2020-03-01-cena", TRICKY_TITLE, date="2020-03-01 12:00", category="Uzņēmējdarbība",
              slug="cena", summary="Summa & atlikums.",
              body="Teksts ar & un <b>treknu</b>, 5 < 6, «citāts», Ēriks 🎉.\n\nVadības\x01 zīme\x0b.")
    site.post("2020-04-01-melnraksts", "Melnraksts par slepeno projektu", date="2020-04-01 09:00",
              status="draft", projects="slepens", tags="slepena birka")
    site.post("2099-01-01-nakotne", "Nākotnes ziņa", date="2099-01-01 09:00", tags="nākotne",
              projects="nakotne")


@pytest.fixture(scope="module")
def feeds_site(tmp_path_factory) -> Site:
    site = Site(tmp_path_factory.mktemp("feeds"), PLAIN)
    for image in ("images/news/2020/diena.png", "images/a.png", "images/b.png"):
        write_image(site, image)
    for slug, title in (("crafts", "Amatniecība bez robežām"), ("pure-water", "Tīrs ūdens"),
                        ("slepens", "Slepenais"), ("nakotne", "Nākotne")):
        write_project(site, slug, title)
    write_posts(site)
    build(site)
    return site


def xml(site: Site, path: str) -> etree._ElementTree:
    return etree.parse(str(site.output / path))


def feed_paths(site: Site) -> list[str]:
    return sorted(path for path in site.files() if path.startswith("feeds/") and not path.endswith("index.html"))


# --- Which feeds exist ----------------------------------------------------------------------

def test_every_feed_is_written_at_its_url(feeds_site):
    expected = ALL_FEEDS + [f"feeds/{folder}/{slug}.{kind}.xml" for folder, slug in (
        ("kategorija", "kultura-un-sabiedriba"), ("kategorija", "regiona-attistiba"),
        ("kategorija", "uznemejdarbiba"), ("birka", "riga"), ("birka", "amatnieciba"),
        ("birka", "jauniesi"), ("projekts", "crafts"), ("projekts", "pure-water"))
        for kind in ("rss", "atom")]
    assert sorted(expected) == feed_paths(feeds_site)


def test_drafts_and_future_posts_are_in_no_feed(feeds_site):
    for path in feed_paths(feeds_site):
        text = feeds_site.read(path)
        assert "Melnraksts" not in text and "Nākotnes" not in text, path
    assert not any(slug in path for path in feed_paths(feeds_site) for slug in ("slepen", "nakotne"))


def test_future_posts_stay_out_even_when_pelican_would_publish_them(tmp_path):
    site = Site(tmp_path, PLAIN)
    write_project(site, "nakotne")
    site.post("a", "Šodienas ziņa", date="2020-08-15 10:00")
    site.post("b", "Nākotnes ziņa", date="2099-01-01 09:00", projects="nakotne")
    build(site, WITH_FUTURE_DATES=True)
    assert "zinas/2099/01/nakotnes-zina/index.html" in site.files()
    titles = [entry.title for entry in feedparser.parse(site.read("feeds/visas.atom.xml")).entries]
    assert titles == ["Šodienas ziņa"]
    assert "feeds/projekts/nakotne.rss.xml" not in site.files()


# --- Real parsers and the specifications -----------------------------------------------------

def test_every_feed_parses_in_feedparser_without_errors(feeds_site):
    for path in feed_paths(feeds_site):
        if path.endswith(".json"):
            continue
        parsed = feedparser.parse((feeds_site.output / path).read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == ("rss20" if path.endswith(".rss.xml") else "atom10"), path
        assert parsed.entries, path


@functools.cache
def schema(name: str) -> tuple[etree._ElementTree, etree.RelaxNG]:
    document = etree.parse(str(SCHEMAS / name))
    return document, etree.RelaxNG(document)


def atom_problems(document: etree._ElementTree) -> list[str]:
    """RFC 4287 Appendix B: the RELAX NG grammar and its two Schematron rules."""
    schema_doc, grammar = schema("atom.rng")
    problems = [] if grammar.validate(document) else [str(error) for error in grammar.error_log]
    schematron = {"s": "http://www.ascc.net/xml/schematron"}
    for rule in schema_doc.iterfind(".//s:rule", schematron):
        for node in document.xpath("//" + rule.get("context").replace("atom:", "a:"), namespaces=NS):
            for check in rule.iterfind("s:assert", schematron):
                if not node.xpath(check.get("test").replace("atom:", "a:"), namespaces=NS):
                    problems.append(check.text)
    return problems


def rss_problems(document: etree._ElementTree) -> list[str]:
    rss = schema("rss2.rng")[1]
    return [] if rss.validate(document) else [str(error) for error in rss.error_log]


def test_atom_feeds_are_valid_rfc_4287(feeds_site):
    for path in feed_paths(feeds_site):
        if path.endswith(".atom.xml"):
            assert atom_problems(xml(feeds_site, path)) == [], path


def test_rss_feeds_are_valid_rss_2(feeds_site):
    for path in feed_paths(feeds_site):
        if path.endswith(".rss.xml"):
            assert rss_problems(xml(feeds_site, path)) == [], path


def test_schemas_catch_what_feedparser_lets_through(feeds_site):
    """A missing atom:id, a bad date or a missing enclosure length: feedparser shrugs, schemas do not."""
    def broken(path, change):
        document = xml(feeds_site, path)
        change(document.getroot())
        return document

    def drop(root, xpath):
        node = root.xpath(xpath, namespaces=NS)[0]
        node.getparent().remove(node)

    def set_text(root, xpath, value):
        root.xpath(xpath, namespaces=NS)[0].text = value

    cases = [
        ("feeds/visas.atom.xml", lambda root: drop(root, "//a:entry/a:id"), atom_problems),
        ("feeds/visas.atom.xml", lambda root: set_text(root, "//a:entry/a:updated", "15.08.2020."),
         atom_problems),
        ("feeds/visas.atom.xml", lambda root: [drop(root, "a:author"), drop(root, "//a:entry/a:author")],
         atom_problems),
        ("feeds/visas.rss.xml", lambda root: set_text(root, "//item/pubDate", "2020-08-15"), rss_problems),
        ("feeds/visas.rss.xml", lambda root: root.xpath("//enclosure")[0].attrib.pop("length"), rss_problems),
        ("feeds/visas.rss.xml", lambda root: drop(root, "channel/description"), rss_problems),
    ]
    for path, change, check in cases:
        document = broken(path, change)
        assert not feedparser.parse(etree.tostring(document)).bozo
        assert check(document), (path, change)


def json_feed_problems(feed: dict) -> list[str]:
    """The fields JSON Feed 1.1 requires and the types it gives (jsonfeed.org/version/1.1)."""
    problems = []
    if feed.get("version") != "https://jsonfeed.org/version/1.1":
        problems.append("version")
    for key in ("title", "home_page_url", "feed_url", "description", "icon", "favicon", "language"):
        if not isinstance(feed.get(key), str):
            problems.append(key)
    if not all(isinstance(author.get("name"), str) for author in feed.get("authors", [])):
        problems.append("authors")
    if not isinstance(feed.get("items"), list):
        return problems + ["items"]
    for item in feed["items"]:
        if not isinstance(item.get("id"), str) or not item["id"]:
            problems.append("item id")
        if "content_html" not in item and "content_text" not in item:
            problems.append("item content")
        for key in ("date_published", "date_modified"):
            if key in item:
                datetime.fromisoformat(item[key])
                if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", item[key]):
                    problems.append(f"{key} is not RFC 3339")
        for attachment in item.get("attachments", []):
            if not (attachment.get("url") and attachment.get("mime_type")):
                problems.append("attachment url and mime_type")
            if not isinstance(attachment.get("size_in_bytes", 0), int):
                problems.append("size_in_bytes")
        if not all(isinstance(tag, str) for tag in item.get("tags", [])):
            problems.append("tags")
    return problems


def test_json_feed_has_the_version_1_1_fields(feeds_site):
    feed = json.loads(feeds_site.read("feeds/visas.json"))
    assert json_feed_problems(feed) == []
    assert feed["feed_url"] == f"{SITEURL}/feeds/visas.json"
    assert feed["language"] == "lv"
    first = feed["items"][0]
    assert first["title"] == "Latgales diena Rīgā"
    assert first["image"] == f"{SITEURL}/images/news/2020/diena.png"
    size = (feeds_site.content / "images/news/2020/diena.png").stat().st_size
    assert first["attachments"] == [{"url": first["image"], "mime_type": "image/png", "size_in_bytes": size}]
    assert first["summary"] == "Latgale viesojas galvaspilsētā."
    assert first["tags"] == ["Kultūra un sabiedrība", "amatniecība", "Rīga"]


# --- Feed level ------------------------------------------------------------------------------

def test_feed_level_fields_and_items_newest_first(feeds_site):
    rss = feedparser.parse(feeds_site.read("feeds/visas.rss.xml"))
    assert rss.feed.title == "Latgales plānošanas reģions — visas ziņas"
    assert rss.feed.subtitle == "Visas portāla ziņas, jaunākās vispirms."
    assert rss.feed.language == "lv"
    assert rss.feed.link == f"{SITEURL}/"
    assert rss.feed.image.href == f"{SITEURL}/theme/feeds/icon.png"
    assert {"rel": "self", "type": "application/rss+xml", "href": f"{SITEURL}/feeds/visas.rss.xml"} in [
        dict(link) for link in rss.feed.links]
    assert [e.title for e in rss.entries] == ["Latgales diena Rīgā", TRICKY_TITLE, "Skolēnu pašpārvalžu forums"]
    atom = feedparser.parse(feeds_site.read("feeds/visas.atom.xml"))
    assert atom.feed.icon == f"{SITEURL}/theme/feeds/icon.png"
    assert atom.feed.id == "tag:lpr.gov.lv,2020:feeds/visas"
    assert [e.title for e in atom.entries] == [e.title for e in rss.entries]


def test_last_build_date_is_the_newest_item_not_the_clock(feeds_site):
    # The forum post was modified on 1 September: the newest change in the feed.
    channel = xml(feeds_site, "feeds/visas.rss.xml").getroot().find("channel")
    assert channel.findtext("lastBuildDate") == "Tue, 01 Sep 2020 12:00:00 +0300"
    atom = xml(feeds_site, "feeds/visas.atom.xml").getroot()
    assert atom.findtext("a:updated", namespaces=NS) == "2020-09-01T12:00:00+03:00"
    category = xml(feeds_site, "feeds/kategorija/kultura-un-sabiedriba.rss.xml").getroot()
    assert category.find("channel").findtext("lastBuildDate") == "Sat, 15 Aug 2020 10:00:00 +0300"


def test_category_tag_and_project_feeds_list_their_items_and_link_their_page(feeds_site):
    tag = feedparser.parse(feeds_site.read("feeds/birka/jauniesi.atom.xml"))
    assert tag.feed.title == "Latgales plānošanas reģions — birka „jaunieši”"
    assert tag.feed.link == f"{SITEURL}/birka/jauniesi/"
    assert [e.title for e in tag.entries] == ["Skolēnu pašpārvalžu forums"]
    project = feedparser.parse(feeds_site.read("feeds/projekts/crafts.rss.xml"))
    assert project.feed.link == f"{SITEURL}/projekti/crafts/"
    assert [e.title for e in project.entries] == ["Latgales diena Rīgā"]
    category = feedparser.parse(feeds_site.read("feeds/kategorija/uznemejdarbiba.rss.xml"))
    assert category.feed.description == "Ziņas kategorijā „Uzņēmējdarbība”, jaunākās vispirms."
    assert [e.title for e in category.entries] == [TRICKY_TITLE]


def test_number_of_items_per_feed_is_a_setting(tmp_path):
    site = Site(tmp_path, PLAIN)
    for day in range(1, 4):
        site.post(f"p{day}", f"Ziņa {day}", date=f"2020-08-0{day} 10:00")
    build(site, FEEDS={"items": 2})
    assert [e.title for e in feedparser.parse(site.read("feeds/visas.rss.xml")).entries] == ["Ziņa 3", "Ziņa 2"]
    assert len(json.loads(site.read("feeds/visas.json"))["items"]) == 2


def test_project_feed_is_named_after_the_project_page(tmp_path):
    site = Site(tmp_path, PLAIN)
    write_project(site, "crafts", "Tour de Crafts")
    site.post("a", "Amatnieki", projects="crafts")
    build(site)
    assert feedparser.parse(site.read("feeds/projekts/crafts.atom.xml")).feed.title == (
        "Latgales plānošanas reģions — projekts „Tour de Crafts”")


def test_project_feeds_follow_the_project_pages_wherever_project_cards_puts_them(tmp_path):
    # The project plugin owns the projects' folder, slugs and URLs; the feeds take them from it.
    site = Site(tmp_path, PLAIN)
    write_project(site, "amatnieki", "Amatnieki bez robežām", folder="programmas")
    site.post("a", "Amatnieki", projects="amatnieki")
    build(site, PROJECT_CARDS_PATH="programmas", PROJECT_CARDS_URL="programmas/{slug}/",
          PROJECT_CARDS_SAVE_AS="programmas/{slug}/index.html")
    feed = feedparser.parse(site.read("feeds/projekts/amatnieki.rss.xml")).feed
    assert feed.title == "Latgales plānošanas reģions — projekts „Amatnieki bez robežām”"
    assert feed.link == f"{SITEURL}/programmas/amatnieki/"
    assert "programmas/amatnieki/index.html" in site.files()


# --- Items -----------------------------------------------------------------------------------

def rss_item(site: Site, title: str, path="feeds/visas.rss.xml"):
    return next(item for item in xml(site, path).getroot().iter("item") if item.findtext("title") == title)


def atom_entry(site: Site, title: str, path="feeds/visas.atom.xml"):
    return next(entry for entry in xml(site, path).getroot().iterfind("a:entry", NS)
                if entry.findtext("a:title", namespaces=NS) == title)


def test_rss_item_has_every_field(feeds_site):
    item = rss_item(feeds_site, "Latgales diena Rīgā")
    assert item.findtext("link") == f"{SITEURL}/zinas/2020/08/latgales-diena-riga/"
    guid = item.find("guid")
    assert guid.text == "tag:lpr.gov.lv,2020-08-15:news/2020-08-15-diena.md"
    assert guid.get("isPermaLink") == "false"
    assert item.findtext("pubDate") == "Sat, 15 Aug 2020 10:00:00 +0300"
    assert item.findtext("dc:creator", namespaces=NS) == "Anna Bērziņa"
    assert [(c.text, c.get("domain")) for c in item.iter("category")] == [
        ("Kultūra un sabiedrība", f"{SITEURL}/kategorija/"), ("amatniecība", f"{SITEURL}/birka/"),
        ("Rīga", f"{SITEURL}/birka/")]
    assert item.findtext("description") == (
        f'<p>Latgale viesojas <a href="{SITEURL}/zinas/">galvaspilsētā</a>.</p>')
    assert "<p>Skatiet" in item.findtext("content:encoded", namespaces=NS)
    winter = rss_item(feeds_site, "Skolēnu pašpārvalžu forums")
    assert winter.findtext("pubDate") == "Fri, 21 Feb 2020 09:00:00 +0200"  # Riga winter time
    assert winter.findtext("dc:creator", namespaces=NS) == "Latgales plānošanas reģions"


def test_featured_image_is_an_enclosure_with_its_real_size(feeds_site):
    size = (feeds_site.content / "images/news/2020/diena.png").stat().st_size
    url = f"{SITEURL}/images/news/2020/diena.png"
    item = rss_item(feeds_site, "Latgales diena Rīgā")
    assert item.find("enclosure").attrib == {"url": url, "length": str(size), "type": "image/png"}
    media = item.find("media:content", NS)
    assert (media.get("url"), media.get("fileSize"), media.get("type"), media.get("medium")) == (
        url, str(size), "image/png", "image")
    entry = atom_entry(feeds_site, "Latgales diena Rīgā")
    links = {link.get("rel"): link.attrib for link in entry.iterfind("a:link", NS)}
    assert links["enclosure"] == {"href": url, "rel": "enclosure", "type": "image/png", "length": str(size)}
    assert links["alternate"]["type"] == "text/html"
    parsed = feedparser.parse(feeds_site.read("feeds/visas.rss.xml")).entries[0]
    assert parsed.enclosures[0]["length"] == str(size)
    assert '<img src="' + url + '" alt="Amatnieku tirdziņš">' in entry.findtext("a:content", namespaces=NS)


def test_atom_entry_has_every_field(feeds_site):
    entry = atom_entry(feeds_site, "Skolēnu pašpārvalžu forums")
    assert entry.findtext("a:id", namespaces=NS) == "tag:lpr.gov.lv,2020-02-21:news/2020-02-21-forums.md"
    assert entry.findtext("a:published", namespaces=NS) == "2020-02-21T09:00:00+02:00"
    assert entry.findtext("a:updated", namespaces=NS) == "2020-09-01T12:00:00+03:00"
    assert entry.findtext("a:author/a:name", namespaces=NS) == "Latgales plānošanas reģions"
    assert [c.get("term") for c in entry.iterfind("a:category", NS)] == ["Reģiona attīstība", "jaunieši"]
    assert entry.find("a:summary", NS).get("type") == "html"
    assert entry.find("a:content", NS).get("type") == "html"
    alternate = entry.find("a:link[@rel='alternate']", NS)
    assert alternate.get("href") == f"{SITEURL}/zinas/2020/02/skolenu-pasparvalzu-forums/"


def test_every_link_and_image_in_the_text_is_absolute(feeds_site):
    content = rss_item(feeds_site, "Latgales diena Rīgā").findtext("content:encoded", namespaces=NS)
    soup = BeautifulSoup(content, "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert hrefs[:4] == [f"{SITEURL}/zinas/", f"{SITEURL}/zinas/2020/08/forums/",
                         f"{SITEURL}/zinas/2020/08/latgales-diena-riga/#beigas", "https://example.org/?a=1&b=2"]
    # The rest come from the project card that project_cards put in place of the marker.
    assert f"{SITEURL}/projekti/crafts/" in hrefs[4:]
    assert all(href.startswith(("https://", "mailto:", "tel:")) for href in hrefs)
    # (The responsive_images plugin may point images at resized copies; they stay absolute.)
    sources = [img["src"] for img in soup.find_all("img")]
    assert sources[0] == f"{SITEURL}/images/news/2020/diena.png"
    assert all(source.startswith(f"{SITEURL}/") for source in sources)
    for img in soup.find_all(srcset=True):
        assert all(candidate.strip().startswith(f"{SITEURL}/") for candidate in img["srcset"].split(","))
    # Text that only looks like a tag (inside <code>) is left exactly as written.
    assert soup.find("code").get_text() == '<a href="/x">'
    assert "[[project:" not in content
    for path in feed_paths(feeds_site):
        text = feeds_site.read(path).replace('href=\\"/x\\"', "").replace('href="/x"', "")  # the <code>
        assert not re.search(r"""(href|src)=\\?["'](/|\.\./)""", text), path
        assert not re.search(r"(href|src)=&quot;/", text), path


def test_links_are_made_absolute_in_every_attribute_form():
    base = "https://lpr.example/zinas/2020/08/x/"
    html = ('<p><a href="/a/">1</a> <a href=\'../b/\'>2</a> <a href=c/>3</a> <a href="#d">4</a> '
            '<a href="mailto:pasts@lpr.gov.lv">5</a> <a href="https://example.org/?a=1&amp;b=2">6</a> '
            '<img src="/i.png" srcset="/i.png 1x, i2.png 2x" alt=""> <video poster="/p.jpg"></video> '
            '<code>&lt;a href="/x"&gt;</code> <a data-x="/y" href="//cdn.example/z">7</a></p>')
    assert absolute_html(html, base) == (
        '<p><a href="https://lpr.example/a/">1</a> <a href="https://lpr.example/zinas/2020/08/b/">2</a> '
        '<a href="https://lpr.example/zinas/2020/08/x/c/">3</a> '
        '<a href="https://lpr.example/zinas/2020/08/x/#d">4</a> <a href="mailto:pasts@lpr.gov.lv">5</a> '
        '<a href="https://example.org/?a=1&amp;b=2">6</a> <img src="https://lpr.example/i.png" '
        'srcset="https://lpr.example/i.png 1x, https://lpr.example/zinas/2020/08/x/i2.png 2x" alt=""> '
        '<video poster="https://lpr.example/p.jpg"></video> <code>&lt;a href="/x"&gt;</code> '
        '<a data-x="/y" href="https://cdn.example/z">7</a></p>')


def test_markers_no_plugin_replaced_do_not_reach_readers():
    html = "<p>Teksts.</p>\n<p>[[indicator:budzets-2020]]</p>\n<p>Beigas.</p>"
    assert absolute_html(html, "https://lpr.example/") == "<p>Teksts.</p>\n<p>Beigas.</p>"


def test_titles_and_text_are_escaped_exactly_once(feeds_site):
    for path in ("feeds/visas.rss.xml", "feeds/visas.atom.xml"):
        parsed = feedparser.parse(feeds_site.read(path))
        assert TRICKY_TITLE in [entry.title for entry in parsed.entries], path
        raw = feeds_site.read(path)
        assert "Cena &lt; 5 € &amp; \"Lielais\" 'mazais' — Rēzekne, Līvāni 🎉" in raw
        assert "&amp;lt;" not in raw.split("Cena", 1)[1].split("</title>", 1)[0]
    item = rss_item(feeds_site, TRICKY_TITLE)
    content = item.findtext("content:encoded", namespaces=NS)
    assert "Teksts ar &amp; un <b>treknu</b>, 5 &lt; 6, «citāts», Ēriks 🎉." in content
    assert item.findtext("description") == "<p>Summa &amp; atlikums.</p>"
    json_item = next(i for i in json.loads(feeds_site.read("feeds/visas.json"))["items"]
                     if i["url"].endswith("/cena/"))
    assert json_item["title"] == TRICKY_TITLE
    assert json_item["summary"] == "Summa & atlikums."


def test_characters_xml_forbids_are_removed_not_fatal(feeds_site):
    content = rss_item(feeds_site, TRICKY_TITLE).findtext("content:encoded", namespaces=NS)
    assert "Vadības zīme" in content
    for path in feed_paths(feeds_site):
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", feeds_site.read(path)), path


def test_ids_survive_a_new_title_and_slug(tmp_path):
    site = Site(tmp_path, PLAIN)
    post = site.post("2020-08-15-zina", "Pirmais virsraksts", date="2020-08-15 10:00")
    build(site)
    before = feedparser.parse(site.read("feeds/visas.atom.xml")).entries[0]
    post.write_text(post.read_text(encoding="utf-8").replace("Pirmais virsraksts", "Labots virsraksts"),
                    encoding="utf-8")
    build(site)
    after = feedparser.parse(site.read("feeds/visas.atom.xml")).entries[0]
    assert (before.title, after.title) == ("Pirmais virsraksts", "Labots virsraksts")
    assert before.link != after.link  # the slug followed the title
    assert before.id == after.id == "tag:lpr.gov.lv,2020-08-15:news/2020-08-15-zina.md"
    rss = rss_item(site, "Labots virsraksts")
    assert rss.findtext("guid") == before.id


def test_an_explicit_guid_or_feed_id_is_kept_as_the_id(tmp_path):
    site = Site(tmp_path, PLAIN)
    site.post("parcelts", "Pārcelta ziņa", guid="tag:lpr.gov.lv,2020-08-15:news/2020/vecais-fails.md")
    site.post("otrs", "Otrā ziņa", date="2020-08-01 10:00", feed_id="urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6")
    build(site)
    assert [entry.id for entry in feedparser.parse(site.read("feeds/visas.rss.xml")).entries] == [
        "tag:lpr.gov.lv,2020-08-15:news/2020/vecais-fails.md", "urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6"]


def test_a_site_without_news_still_has_valid_all_news_feeds(tmp_path):
    site = Site(tmp_path, PLAIN)
    site.write("pages/par.md", "Title: Par mums\nSlug: par-mums\n\nTeksts.\n")
    build(site)
    assert feed_paths(site) == sorted(ALL_FEEDS)
    assert atom_problems(xml(site, "feeds/visas.atom.xml")) == []
    assert rss_problems(xml(site, "feeds/visas.rss.xml")) == []
    assert json_feed_problems(json.loads(site.read("feeds/visas.json"))) == []


def test_the_same_input_gives_byte_identical_feeds(tmp_path):
    site = Site(tmp_path, PLAIN)
    write_image(site, "images/x.png")
    write_project(site, "crafts")
    site.post("a", "Ziņa ar attēlu", image="images/x.png", image_alt="Zaļš laukums", tags="a, b",
              projects="crafts")
    site.post("b", "Otrā ziņa", date="2020-01-02 10:00", category="Pārvalde")
    build(site)
    first = {path: (site.output / path).read_bytes() for path in feed_paths(site) + ["feeds/index.html"]}
    shutil.rmtree(site.output)
    build(site, FAST_BUILD=None)  # and in the portal's default (fast, incremental) build mode
    second = {path: (site.output / path).read_bytes() for path in feed_paths(site) + ["feeds/index.html"]}
    assert first == second


def test_local_builds_without_siteurl_still_give_absolute_links(tmp_path):
    site = Site(tmp_path, PLAIN)
    site.post("a", "Vietējā ziņa")
    build(site, SITEURL="")
    item = rss_item(site, "Vietējā ziņa")
    assert item.findtext("link") == "http://127.0.0.1:8000/zinas/2020/08/vieteja-zina/"
    assert BeautifulSoup(site.read("index.html"), "html.parser").find(
        "link", type="application/rss+xml")["href"] == "/feeds/visas.rss.xml"


# --- Browsers: each feed's page, the feeds page --------------------------------------------

def test_feeds_carry_no_xsl_stylesheet(feeds_site):
    # People read a feed on its HTML page; an XSLT page would need an inline style the CSP
    # blocks, and Chromium lays an English banner over it.
    for path in feed_paths(feeds_site):
        if path.endswith(".xml"):
            assert "xml-stylesheet" not in feeds_site.read(path), path
    assert not (ROOT / "theme/static/feeds/feed.xsl").exists()
    assert not [path for path in feeds_site.files() if path.endswith(".xsl")]


FEED_PAGES = {  # page: (h1, the feed's own addresses)
    "feeds/visas/": ("Latgales plānošanas reģions — visas ziņas", ALL_FEEDS),
    "feeds/kategorija/kultura-un-sabiedriba/": (
        "Latgales plānošanas reģions — kategorija „Kultūra un sabiedrība”",
        ["feeds/kategorija/kultura-un-sabiedriba.rss.xml", "feeds/kategorija/kultura-un-sabiedriba.atom.xml"]),
    "feeds/birka/riga/": ("Latgales plānošanas reģions — birka „Rīga”",
                          ["feeds/birka/riga.rss.xml", "feeds/birka/riga.atom.xml"]),
    "feeds/projekts/crafts/": ("Latgales plānošanas reģions — projekts „Amatniecība bez robežām”",
                               ["feeds/projekts/crafts.rss.xml", "feeds/projekts/crafts.atom.xml"]),
}


def test_every_feed_has_a_page_for_people(feeds_site):
    pages = sorted(path.removesuffix("index.html") for path in feeds_site.files()
                   if path.startswith("feeds/") and path.endswith("/index.html") and path != "feeds/index.html")
    assert pages == sorted(path.rsplit(".", 2)[0] + "/" for path in feed_paths(feeds_site)
                           if path.endswith(".rss.xml"))
    for page, (title, addresses) in FEED_PAGES.items():
        soup = feeds_site.soup(page + "index.html")
        assert text_of(soup.h1) == title, page
        assert "Šī ir ziņu plūsma" in text_of(soup.select_one(".lpr-lede"))
        shown = [(link["href"], text_of(link)) for link in soup.select(".lpr-feed-addresses a")]
        assert shown == [(f"{SITEURL}/{path}", f"{SITEURL}/{path}") for path in addresses], page
        # The feed itself is announced first, for readers that subscribe from the page.
        assert alternates(soup)[0][1] == f"{SITEURL}/{addresses[0]}"
        # Its newest items, as the feed lists them.
        feed = feedparser.parse(feeds_site.read(addresses[0]))
        listed = [a["href"] for a in soup.select(".lpr-article-list .lpr-teaser__title a")]
        assert listed == [entry.link for entry in feed.entries][:len(listed)] and listed, page
        crumbs = [a["href"] for a in soup.select(".lpr-breadcrumbs a")]
        assert crumbs == [f"{SITEURL}/", f"{SITEURL}/feeds/"]


def test_feed_pages_show_the_newest_page_items_of_the_feed(tmp_path):
    site = Site(tmp_path, PLAIN)
    for day in range(1, 5):
        site.post(f"z{day}", f"Ziņa {day}", date=f"2020-08-0{day} 10:00")
    build(site, FEEDS={"page_items": 2, "id_authority": "lpr.gov.lv", "id_date": "2020"})
    titles = [text_of(a) for a in site.soup("feeds/visas/index.html").select(".lpr-teaser__title a")]
    assert titles == ["Ziņa 4", "Ziņa 3"]


def test_a_bad_page_items_setting_stops_the_build_with_its_fix(tmp_path):
    site = Site(tmp_path, PLAIN)
    site.post("a", "Ziņa")
    message = failure(site, FEEDS={"page_items": 0, "id_authority": "lpr.gov.lv", "id_date": "2020"})
    assert ("pelicanconf.py: field 'FEEDS['page_items']': 0 is not a positive whole number. "
            "Fix: set FEEDS['page_items'] to a number of items, e.g. 10") in message, message


def alternates(soup) -> list[tuple[str, str]]:
    return [(link["type"], link["href"]) for link in soup.find_all("link", rel="alternate")]


def test_pages_announce_their_feeds(feeds_site):
    all_news = [("application/rss+xml", f"{SITEURL}/feeds/visas.rss.xml"),
                ("application/atom+xml", f"{SITEURL}/feeds/visas.atom.xml"),
                ("application/feed+json", f"{SITEURL}/feeds/visas.json")]
    assert alternates(feeds_site.soup("index.html")) == all_news
    assert alternates(feeds_site.soup("zinas/2020/08/latgales-diena-riga/index.html")) == all_news
    assert alternates(feeds_site.soup("kategorija/regiona-attistiba/index.html")) == [
        ("application/rss+xml", f"{SITEURL}/feeds/kategorija/regiona-attistiba.rss.xml"),
        ("application/atom+xml", f"{SITEURL}/feeds/kategorija/regiona-attistiba.atom.xml")] + all_news
    tag_page = feeds_site.soup("birka/riga/index.html")
    assert alternates(tag_page)[:2] == [("application/rss+xml", f"{SITEURL}/feeds/birka/riga.rss.xml"),
                                        ("application/atom+xml", f"{SITEURL}/feeds/birka/riga.atom.xml")]
    assert tag_page.find("link", rel="alternate")["title"] == "Latgales plānošanas reģions — birka „Rīga” (RSS)"


def test_a_project_page_announces_its_project_feed(feeds_site):
    assert alternates(feeds_site.soup("projekti/crafts/index.html"))[:2] == [
        ("application/rss+xml", f"{SITEURL}/feeds/projekts/crafts.rss.xml"),
        ("application/atom+xml", f"{SITEURL}/feeds/projekts/crafts.atom.xml")]
    # Only a draft names this project: it has no feed, so its page announces the all-news feeds.
    assert [href for _, href in alternates(feeds_site.soup("projekti/slepens/index.html"))] == [
        f"{SITEURL}/feeds/visas.rss.xml", f"{SITEURL}/feeds/visas.atom.xml", f"{SITEURL}/feeds/visas.json"]


def test_feeds_page_lists_every_feed_for_journalists(feeds_site):
    soup = feeds_site.soup("feeds/index.html")
    assert soup.html["lang"] == "lv"
    assert soup.find("link", rel="stylesheet")["href"].endswith("/theme/css/portal.css")
    assert len(soup.find_all("h1")) == 1 and text_of(soup.h1) == "Ziņu plūsmas"
    linked = sorted(a["href"].removeprefix(SITEURL + "/") for a in soup.select(".lpr-feed-list__links a"))
    assert linked == feed_paths(feeds_site)
    # Each feed's name leads to its page for people.
    named = sorted(a["href"].removeprefix(SITEURL + "/") for a in soup.select("a.lpr-feed-list__name"))
    assert named == sorted(path.rsplit(".", 2)[0] + "/" for path in feed_paths(feeds_site) if path.endswith(".rss.xml"))
    for item in soup.select(".lpr-feed-list__item"):
        assert text_of(item.select_one(".lpr-feed-list__description")).endswith("jaunākās vispirms.")
    headings = [text_of(h2) for h2 in soup.select("main section h2")]
    assert headings == ["Visas ziņas", "Kategorijas", "Projekti", "Birkas"]
    assert "Katrā plūsmā ir 30 jaunākās ziņas." in text_of(soup.main)


# --- Bad input: one clear message each -------------------------------------------------------

def failure(site: Site, **overrides) -> str:
    with pytest.raises(BuildFailed) as failed:
        build(site, **overrides)
    return "\n".join(failed.value.messages)


def problems_of(tmp_path, **metadata) -> list[str]:
    """The feeds plugin's own checks of one post (in a build, project_cards and
    responsive_images report these mistakes first; feeds checks them for itself)."""
    (tmp_path / "images").mkdir(exist_ok=True)
    (tmp_path / "images/teksts.txt").write_text("nav attēls", encoding="utf-8")
    config, _ = read_config({"SITEURL": SITEURL, "SITENAME": "LPR", "TIMEZONE": "Europe/Riga",
                             "PATH": str(tmp_path)})
    article = SimpleNamespace(title="Ziņa", url="zinas/2020/08/zina/", status="published",
                              date=datetime.fromisoformat("2020-08-15T10:00:00+03:00"),
                              source_path=str(tmp_path / "news/a.md"), relative_source_path="news/a.md",
                              category=None, tags=[], metadata=metadata)
    items, problems = make_items([article], config, datetime.fromisoformat("2021-01-01T00:00:00+02:00"))
    return [str(problem) for problem in problems]


def test_a_missing_or_wrong_featured_image_is_reported(tmp_path):
    [missing] = problems_of(tmp_path, image="images/news/2020/nav.png")
    assert "news/a.md: field 'Image': the image 'images/news/2020/nav.png' does not exist under content/" in missing
    assert missing.endswith("Fix: put the file there or correct the path, e.g. 'Image: images/news/2020/x.png'")
    [wrong] = problems_of(tmp_path, image="images/teksts.txt")
    assert "field 'Image': 'images/teksts.txt' is not an image type feeds know. Fix: use a PNG" in wrong


def test_a_bad_project_slug_is_reported(tmp_path):
    [problem] = problems_of(tmp_path, projects="crafts, Tour de Crafts")
    assert "field 'Projects': 'Tour de Crafts' is not a project slug" in problem
    assert "Fix: write project slugs in lower-case ASCII with hyphens" in problem


def test_a_copied_guid_stops_the_build(tmp_path):
    site = Site(tmp_path, PLAIN)
    site.post("a", "Pirmā", guid="tag:lpr.gov.lv,2020-08-15:x")
    site.post("b", "Otrā", guid="tag:lpr.gov.lv,2020-08-15:x")
    message = failure(site)
    assert "field 'Guid': its feed id 'tag:lpr.gov.lv,2020-08-15:x' is also the id of news/" in message
    assert "Fix: give each post its own 'Guid:' line" in message


def test_a_guid_that_is_not_a_uri_stops_the_build(tmp_path):
    site = Site(tmp_path, PLAIN)
    site.post("a", "Ziņa", guid="mana ziņa")
    assert "field 'Guid': 'mana ziņa' is not a URI. Fix: write a URI such as" in failure(site)


def test_bad_feed_settings_and_unknown_keys_stop_the_build(tmp_path):
    site = Site(tmp_path, PLAIN)
    site.post("a", "Ziņa")
    assert "pelicanconf.py: field 'FEEDS['items']': 0 is not a positive whole number" in failure(
        site, FEEDS={"items": 0})
    assert ("pelicanconf.py: field 'FEEDS': unknown key 'itmes'. Fix: did you mean 'items'? Known keys: items,"
            in failure(site, FEEDS={"itmes": 5}))


# --- The real portal ---------------------------------------------------------------------------

def test_real_portal_feeds_are_valid_and_project_pages_announce_theirs(real_site):
    feeds = sorted(path.relative_to(real_site).as_posix() for path in (real_site / "feeds").rglob("*.xml"))
    assert "feeds/visas.rss.xml" in feeds and "feeds/visas.atom.xml" in feeds
    for path in feeds:
        document = etree.parse(str(real_site / path))
        problems = atom_problems(document) if path.endswith(".atom.xml") else rss_problems(document)
        assert problems == [], path
    for path in ("feeds/visas.rss.xml", "feeds/visas.atom.xml"):  # feedparser is slow: the largest two
        assert not feedparser.parse((real_site / path).read_bytes()).bozo, path
    assert json_feed_problems(json.loads((real_site / "feeds/visas.json").read_text(encoding="utf-8"))) == []
    for path in feeds:
        if path.startswith("feeds/projekts/") and path.endswith(".rss.xml"):
            slug = path.removeprefix("feeds/projekts/").removesuffix(".rss.xml")
            page = real_site / "projekti" / slug / "index.html"
            if page.is_file():
                soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
                assert soup.find("link", rel="alternate")["href"].endswith(f"/feeds/projekts/{slug}.rss.xml")


def test_rss_dates_are_rfc_822(feeds_site):
    for item in xml(feeds_site, "feeds/visas.rss.xml").getroot().iter("item"):
        assert parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None
