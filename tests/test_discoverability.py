"""Search engines and sharing: sitemap, robots.txt, canonical links, Open Graph, X cards, JSON-LD, icons."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

# The plugin's own tests build with the plain serial build (tests/conftest.py, PLAIN_BUILD).
pytestmark = pytest.mark.plain_build


FAST = {"PORTAL_POST_BUILD": [], "FAST_BUILD": {"workers": 1, "incremental": False}}
SITEURL = "https://lpr.example.lv"
TRICKY_TITLE = 'Padome lemj par „Latgales SEZ” un "citātiem" </script> & <b>beigām</b>'
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from tests.conftest import PLAIN, Site

    site = Site(tmp_path_factory.mktemp("discoverability"), PLAIN)
    Image.new("RGB", (1600, 900), "#1f5f3a").save(site.content / "images" / "sede.jpg")
    site.post("sede", TRICKY_TITLE, slug="sede", category="Pārvalde", tags="padome, SEZ",
              author="LPR sabiedrisko attiecību speciālists", summary="Padome sanāca Rēzeknē.",
              image="images/sede.jpg", image_alt="Padomes sēde Rēzeknē")
    site.post("otra", "Otrā ziņa", slug="otra", date="2020-09-01 09:00", author="Jānis Bērziņš")
    site.post("melnraksts", "Melnraksts", slug="melnraksts", status="draft")
    site.write("pages/kontakti.md", "Title: Kontakti\nSlug: kontakti\n\nTālrunis.\n")
    site.build(SITEURL=SITEURL, **FAST)
    return site


def html_pages(site) -> set[str]:
    return {f for f in site.files() if f.endswith(".html")}


def url_of(relative: str) -> str:
    return SITEURL + "/" + relative.removesuffix("index.html")


def json_ld(page) -> dict:
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def test_sitemap_lists_every_public_page_and_nothing_else(built):
    tree = ET.parse(built.output / "sitemap.xml")
    listed = [loc.text for loc in tree.getroot().findall("s:url/s:loc", SITEMAP_NS)]
    assert len(listed) == len(set(listed))
    expected = {url_of(page) for page in html_pages(built)
                if page not in ("404.html",) and not page.startswith(("meklet/", "theme/"))}
    assert set(listed) == expected
    assert url_of("zinas/2020/08/sede/index.html") in listed and url_of("kontakti/index.html") in listed
    assert not any("melnraksts" in url for url in listed)


def test_sitemap_is_the_same_for_the_same_content(built, tmp_path):
    first = (built.output / "sitemap.xml").read_bytes()
    assert b"<lastmod>2020-09-01T09:00:00+03:00</lastmod>" in first  # index pages: the newest post
    built.build(SITEURL=SITEURL, **FAST)
    assert (built.output / "sitemap.xml").read_bytes() == first


def test_sitemap_is_written_after_a_failed_build_in_the_same_process(site):
    from portalbuild.runner import BuildFailed

    site.post("zina", "Ziņa", slug="zina")
    site.post("slikta", "Slikta", category="Nav tādas")
    with pytest.raises(BuildFailed):
        site.build(**FAST)
    (site.content / "news" / "slikta.md").unlink()
    site.build(SITEURL=SITEURL, **FAST)
    listed = {loc.text for loc in ET.parse(site.output / "sitemap.xml").getroot().findall("s:url/s:loc", SITEMAP_NS)}
    assert url_of("zinas/2020/08/zina/index.html") in listed
    assert not any("slikta" in url for url in listed)


def test_robots_txt_points_at_the_sitemap(built):
    robots = (built.output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert robots[:2] == ["User-agent: *", "Disallow:"]
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots


def test_every_page_has_its_canonical_link(built):
    for relative in html_pages(built) - {"404.html"}:
        links = built.soup(relative).find_all("link", rel="canonical")
        assert [link["href"] for link in links] == [url_of(relative)], relative
    assert built.soup("404.html").find("link", rel="canonical") is None


def test_article_has_open_graph_and_x_card_tags(built):
    page = built.soup("zinas/2020/08/sede/index.html")

    def meta(**attrs):
        return page.find("meta", attrs=attrs)["content"]

    assert meta(property="og:locale") == "lv_LV"
    assert meta(property="og:type") == "article"
    assert meta(property="og:title") == TRICKY_TITLE  # a title is plain text: shown as typed
    assert meta(property="og:description") == "Padome sanāca Rēzeknē."
    assert meta(property="og:url") == url_of("zinas/2020/08/sede/index.html")
    assert meta(property="og:image") == f"{SITEURL}/zinas/2020/08/sede/social-card.jpg"
    assert (meta(property="og:image:width"), meta(property="og:image:height")) == ("1200", "630")
    assert meta(property="og:image:alt") == "Padomes sēde Rēzeknē"
    assert meta(property="article:published_time") == "2020-08-15T10:00:00+03:00"
    assert meta(name="twitter:card") == "summary_large_image"
    assert meta(name="twitter:site") == "@LatgalesRegions"
    assert meta(name="twitter:image") == meta(property="og:image")


def test_news_article_json_ld_parses_and_names_the_right_things(built):
    graph = {item["@type"]: item for item in json_ld(built.soup("zinas/2020/08/sede/index.html"))["@graph"]}
    article, region = graph["NewsArticle"], graph["GovernmentOrganization"]
    # A title is plain text (the page shows "<b>" as typed, escaped): the headline is the title.
    assert article["headline"] == TRICKY_TITLE
    assert article["datePublished"] == "2020-08-15T10:00:00+03:00"
    assert article["dateModified"] == article["datePublished"]
    assert article["mainEntityOfPage"] == url_of("zinas/2020/08/sede/index.html")
    assert f"{SITEURL}/zinas/2020/08/sede/social-card.jpg" in article["image"]
    assert f"{SITEURL}/images/derivatives/1200w/sede.jpg" in article["image"]
    assert article["author"] == [{"@type": "Organization", "name": "LPR sabiedrisko attiecību speciālists",
                                  "parentOrganization": {"@id": region["@id"]}}]
    assert article["publisher"] == {"@id": region["@id"]}
    assert article["articleSection"] == "Pārvalde" and article["keywords"] == ["padome", "SEZ"]
    raw = built.read("zinas/2020/08/sede/index.html")
    assert "</script> &" not in raw.split('type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    person = json_ld(built.soup("zinas/2020/09/otra/index.html"))["@graph"][1]["author"]
    assert person == [{"@type": "Person", "name": "Jānis Bērziņš"}]


def test_json_ld_filter_escapes_what_could_end_the_script_element():
    from social_meta.schema import jsonld

    value = {"headline": 'Par "pēdiņām" </script><script>alert(1)</script> & <!-- \u2028'}
    text = str(jsonld(value))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value


def test_region_json_ld_on_every_page(built):
    for relative in ("index.html", "kontakti/index.html", "kategorija/parvalde/index.html"):
        (region,) = json_ld(built.soup(relative))["@graph"]
        assert region["@type"] == "GovernmentOrganization"
        assert region["name"] == "Latgales plānošanas reģions"
        assert region["identifier"]["value"] == "90002181025"
        assert region["address"] == {"@type": "PostalAddress", "streetAddress": "Atbrīvošanas aleja 95",
                                     "addressLocality": "Rēzekne", "postalCode": "LV-4601", "addressCountry": "LV"}
        assert (region["email"], region["telephone"]) == ("pasts@lpr.gov.lv", "+371 29494921")
        assert region["url"] == f"{SITEURL}/"


def test_manifest_and_icons(built):
    manifest = json.loads((built.output / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == "Latgales plānošanas reģions"
    assert (manifest["short_name"], manifest["lang"], manifest["start_url"]) == ("LPR", "lv", "./")
    for icon in manifest["icons"]:
        path = built.output / icon["src"]
        assert path.is_file(), icon["src"]
        if icon["type"] == "image/png":
            with Image.open(path) as image:
                assert "x".join(map(str, image.size)) == icon["sizes"]
    with Image.open(built.output / "favicon.ico") as favicon:
        assert favicon.info["sizes"] >= {(16, 16), (32, 32), (48, 48)}
    head = built.soup("index.html").head
    assert head.find("link", rel="manifest")["href"] == f"{SITEURL}/manifest.webmanifest"
    assert head.find("link", rel="icon", sizes="32x32")["href"] == f"{SITEURL}/favicon.ico"
    assert head.find("link", rel="apple-touch-icon")


def test_robots_txt_without_an_absolute_siteurl_has_no_sitemap_line(site):
    site.post("zina", "Ziņa")
    site.build(**FAST)
    robots = (site.output / "robots.txt").read_text(encoding="utf-8")
    assert "\nSitemap:" not in robots and "# Sitemap: set an absolute SITEURL" in robots


def test_real_site_sitemap_lists_its_pages(real_site):
    listed = {loc.text for loc in ET.parse(real_site / "sitemap.xml").getroot().findall("s:url/s:loc", SITEMAP_NS)}
    pages = {"/" + str(path.relative_to(real_site)).removesuffix("index.html")
             for path in real_site.rglob("*.html")}
    assert listed == pages - {"/404.html", "/meklet/"}
    assert {"/", "/kontakti/", "/projekti/", "/parskati/2020/"} <= listed


# --- One set of site addresses (portalbuild/shared/siteaddress.py) ---------------------------

def addresses_named_by(site, relative: str) -> dict[str, object]:
    """Every absolute address a post's page and the all-news feed give for that post."""
    page = site.soup(relative)
    graph = {item["@type"]: item for item in json_ld(page)["@graph"]}
    rss = ET.parse(site.output / "feeds" / "visas.rss.xml").getroot()
    (item,) = [item for item in rss.iter("item") if item.findtext("title") == "Ziņa par adresēm"]
    return {
        "canonical": page.find("link", rel="canonical")["href"],
        "og:url": page.find("meta", property="og:url")["content"],
        "JSON-LD url": graph["NewsArticle"]["url"],
        "JSON-LD region": graph["GovernmentOrganization"]["url"],
        "JSON-LD trail": [step["item"] for step in graph["BreadcrumbList"]["itemListElement"]],
        "og:image": page.find("meta", property="og:image")["content"],
        "feed item link": item.findtext("link"),
        "feed channel link": rss.find("channel").findtext("link"),
        "page link to the feed": page.find("link", type="application/rss+xml")["href"],
        "page link to its category": page.find("a", href=lambda href: href and "kategorija/parvalde" in href)["href"],
    }


def expected_addresses(canonical: str, feeds: str, links: str) -> dict[str, object]:
    post = "zinas/2020/08/adreses/"
    return {
        "canonical": f"{canonical}/{post}", "og:url": f"{canonical}/{post}", "JSON-LD url": f"{canonical}/{post}",
        "JSON-LD region": f"{canonical}/",
        "JSON-LD trail": [f"{canonical}/", f"{canonical}/zinas/", f"{canonical}/kategorija/parvalde/",
                          f"{canonical}/{post}"],
        "og:image": f"{canonical}/{post}social-card.png",
        "feed item link": f"{feeds}/{post}", "feed channel link": f"{feeds}/",
        "page link to the feed": f"{links}/feeds/visas.rss.xml",
        "page link to its category": f"{links}/kategorija/parvalde/",
    }


def test_a_local_page_names_its_published_address_and_its_feed_the_preview(site):
    # A local build: links in pages from the root (any host), the page's identity the
    # address it will have once published, the feed's links the preview's pages.
    site.post("adreses", "Ziņa par adresēm", slug="adreses", category="Pārvalde")
    site.build(**FAST)
    assert addresses_named_by(site, "zinas/2020/08/adreses/index.html") == expected_addresses(
        canonical="https://lpr.gov.lv", feeds="http://127.0.0.1:8000", links="")


def test_a_local_build_takes_the_preview_address_it_is_given(site):
    site.post("adreses", "Ziņa par adresēm", slug="adreses", category="Pārvalde")
    site.build(PREVIEW_SITEURL="http://127.0.0.1:8123/", CANONICAL_SITEURL="https://lpr.example.lv", **FAST)
    assert addresses_named_by(site, "zinas/2020/08/adreses/index.html") == expected_addresses(
        canonical="https://lpr.example.lv", feeds="http://127.0.0.1:8123", links="")


def test_a_production_build_names_one_address_everywhere(site, monkeypatch):
    from portalbuild import ROOT

    monkeypatch.delenv("LPR_SITEURL", raising=False)
    site.post("adreses", "Ziņa par adresēm", slug="adreses", category="Pārvalde")
    site.build(ROOT / "publishconf.py", **FAST)
    assert addresses_named_by(site, "zinas/2020/08/adreses/index.html") == expected_addresses(
        canonical="https://lpr.gov.lv", feeds="https://lpr.gov.lv", links="https://lpr.gov.lv")
    assert "Sitemap: https://lpr.gov.lv/sitemap.xml" in site.read("robots.txt")
