"""Finished bodies: heading ids and anchors, contents list, external links, scrollable tables, lazy images."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.conftest import text_of

# The plugin's own tests build with the plain serial build (tests/conftest.py, PLAIN_BUILD).
pytestmark = pytest.mark.plain_build


FAST = {"PORTAL_POST_BUILD": [], "FAST_BUILD": {"workers": 1, "incremental": False}}

LONG_BODY = """Ievads ar [ārēju saiti](https://www.esfondi.lv/jaunumi), [iekšēju](/zinas/) un
[savu adresi](https://lpr.example.lv/kontakti/), [e-pastu](mailto:pasts@lpr.gov.lv).

![Karte ar novadiem](https://static.example.org/karte.png)

## Partneri un finansējums

| Partneris | Summa |
|---|---|
| LPR | 100 |

## Partneri un finansējums

### Sīkāk par „Tour de Crafts” & citu

## Saturs

![Otrais attēls](https://static.example.org/otrs.png)

## Reģionālā attīstība

## Ceturtā *daļa*
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from tests.conftest import PLAIN, Site

    site = Site(tmp_path_factory.mktemp("finishing"), PLAIN)
    site.post("gara", "Gara ziņa", slug="gara", body=LONG_BODY,
              summary="Kopsavilkums ar [saiti](https://example.com/).")
    site.post("isa", "Īsa ziņa", slug="isa", date="2020-08-16 10:00",
              body="## Viens\n\nTeksts.\n\n## Divi\n\n## Trīs\n\n| A |\n|---|\n| 1 |\n")
    site.build(SITEURL="https://lpr.example.lv", **FAST)
    return site


def prose(site, slug):
    return site.soup(f"zinas/2020/08/{slug}/index.html").select_one(".lpr-prose")


def test_headings_get_stable_ascii_ids_unique_in_the_page(built):
    body = prose(built, "gara")
    ids = [h["id"] for h in body.select("h2:not(.lpr-toc__title), h3")]
    assert ids == ["partneri-un-finansejums", "partneri-un-finansejums-2", "sikak-par-tour-de-crafts-citu",
                   "saturs-2", "regionala-attistiba", "ceturta-dala"]
    page = built.soup("zinas/2020/08/gara/index.html")
    assert page.find(id="saturs").name == "main"  # the theme's id stays the skip link's target
    every_id = Counter(tag["id"] for tag in page.find_all(id=True))
    assert all(count == 1 for count in every_id.values()), every_id


def test_each_heading_has_an_anchor_link_named_after_it(built):
    wrapper = prose(built, "gara").select(".lpr-heading")[0]
    anchor = wrapper.select_one("a.lpr-heading__anchor")
    assert anchor["href"] == "#partneri-un-finansejums"
    assert anchor["aria-label"] == "Saite uz šo sadaļu: Partneri un finansējums"
    assert anchor.get_text() == ""  # the "#" is CSS: summaries and search do not pick it up


def test_a_long_body_gets_a_table_of_contents_before_its_first_section(built):
    body = prose(built, "gara")
    toc = body.select_one("nav.lpr-toc")
    assert toc["aria-labelledby"] == toc.h2["id"] == "raksta-saturs"
    assert text_of(toc.h2) == "Šajā rakstā"
    entries = [(a["href"], text_of(a)) for a in toc.select("nav > ol > li > a")]
    assert entries == [("#partneri-un-finansejums", "Partneri un finansējums"),
                       ("#partneri-un-finansejums-2", "Partneri un finansējums"),
                       ("#saturs-2", "Saturs"), ("#regionala-attistiba", "Reģionālā attīstība"),
                       ("#ceturta-dala", "Ceturtā daļa")]
    nested = toc.select("ol.lpr-toc__list--nested a")
    assert [(a["href"], text_of(a)) for a in nested] == [
        ("#sikak-par-tour-de-crafts-citu", "Sīkāk par „Tour de Crafts” & citu")]
    following = toc.find_next_sibling()
    assert "lpr-heading" in following["class"] and following.h2["id"] == "partneri-un-finansejums"


def test_a_short_body_has_no_table_of_contents(built):
    body = prose(built, "isa")
    assert body.select_one("nav.lpr-toc") is None
    assert [h["id"] for h in body.select("h2")] == ["viens", "divi", "tris"]


def test_external_links_get_noopener_and_a_hidden_hint(built):
    links = {a["href"]: a for a in prose(built, "gara").find_all("a", href=True)}
    external = links["https://www.esfondi.lv/jaunumi"]
    assert external["rel"] == ["noopener"]
    hint = external.select_one(".lpr-visually-hidden")
    assert text_of(hint) == "(ārēja saite)"
    for internal in ("/zinas/", "https://lpr.example.lv/kontakti/", "mailto:pasts@lpr.gov.lv"):
        assert not links[internal].get("rel") and not links[internal].select(".lpr-visually-hidden"), internal


def test_a_local_build_marks_the_same_links_external_as_production(site):
    # The site's own hosts are SITEURL's and CANONICAL_SITEURL's (portalbuild/shared/siteaddress.py),
    # so a link to the published address is internal in a local build too.
    site.post("saites", "Saites", slug="saites",
              body="[Kontakti](https://lpr.example.lv/kontakti/), [ESF](https://www.esfondi.lv/jaunumi).")
    site.build(SITEURL="", CANONICAL_SITEURL="https://lpr.example.lv", **FAST)
    links = {a["href"]: a for a in prose(site, "saites").find_all("a", href=True)}
    assert not links["https://lpr.example.lv/kontakti/"].select(".lpr-visually-hidden")
    assert text_of(links["https://www.esfondi.lv/jaunumi"].select_one(".lpr-visually-hidden")) == "(ārēja saite)"


def test_summary_is_not_finished_like_a_body(built):
    home = built.soup("zinas/index.html").main
    assert "Kopsavilkums ar saiti." in text_of(home)
    assert "(ārēja saite)" not in text_of(home)


def test_tables_get_a_focusable_named_scroll_region(built):
    region = prose(built, "gara").select_one("div.lpr-scroll")
    assert (region["tabindex"], region["role"]) == ("0", "region")
    assert region["aria-label"] == "Tabula: Partneri un finansējums"
    assert region.table is not None
    assert prose(built, "isa").select_one("div.lpr-scroll")["aria-label"] == "Tabula: Trīs"


def test_images_below_the_top_load_lazily(built):
    first, second = prose(built, "gara").find_all("img")
    assert first["loading"] == "eager"  # no featured image: the first body image is at the top
    assert (second["loading"], second["decoding"]) == ("lazy", "async")


def test_first_body_image_is_lazy_when_the_post_has_a_featured_image(site):
    from PIL import Image

    (site.content / "images").mkdir(exist_ok=True)
    Image.new("RGB", (300, 200), "#1f5f3a").save(site.content / "images" / "virsraksts.png")
    site.post("ar-attelu", "Ar attēlu", slug="ar-attelu", image="images/virsraksts.png", image_alt="Zaļš laukums",
              body="Teksts.\n\n![Karte](https://static.example.org/karte.png)\n")
    site.build(**FAST)
    assert prose(site, "ar-attelu").find("img")["loading"] == "lazy"


def test_real_site_pages_have_unique_ids(real_site):
    for path in sorted(real_site.glob("zinas/2020/*/*/index.html")) + sorted(real_site.glob("*/index.html")):
        from bs4 import BeautifulSoup

        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        counts = Counter(tag["id"] for tag in page.find_all(id=True))
        assert all(count == 1 for count in counts.values()), (path, counts)


def test_unknown_setting_key(site):
    from portalbuild.runner import BuildFailed

    site.post("zina", "Ziņa")
    with pytest.raises(BuildFailed) as failure:
        site.build(HTML_FINISHING={"toc_min": 3}, **FAST)
    assert ("pelicanconf.py: field 'HTML_FINISHING': unknown key 'toc_min'. Fix: did you mean"
            in "\n".join(failure.value.messages))


def test_heading_never_takes_an_id_the_templates_use(site):
    site.post("merkis", "Ziņa ar virsrakstu", body="## Projekta mērķis\n\nTeksts.\n\n## Saturs\n\nTeksts.\n")
    site.build()
    page = site.soup("zinas/2020/08/zina-ar-virsrakstu/index.html")
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids))
    assert page.find("h2", string=lambda s: s and "Projekta mērķis" in s)["id"] != "projekta-merkis"
