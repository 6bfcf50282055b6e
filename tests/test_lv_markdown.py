"""Latvian ordinals at the start of a line stay text; real numbered lists stay lists."""

import pytest
from bs4 import BeautifulSoup

# The plugin's own tests build with the plain serial build (tests/conftest.py, PLAIN_BUILD).
pytestmark = pytest.mark.plain_build


NB = "\u00a0"


def test_year_and_date_ordinals_are_not_numbered_lists(site):
    site.post("gads", "Gada rezultāti", body=(
        "2020. gadā reģions sagatavoja 296 ziņas.\n\n"
        "15. augustā notika Latgales diena.\n\n"
        "- 2019. gadā – 1 064 130 EUR\n\n"
        "1. Sagatavot plānu.\n2. Apspriest to.\n"))
    site.build()
    body = site.soup("zinas/2020/08/gada-rezultati/index.html").select_one(".lpr-prose")
    paragraphs = [p.get_text() for p in body.find_all("p", recursive=False)]
    assert "2020. gadā reģions sagatavoja 296 ziņas." in paragraphs
    assert "15. augustā notika Latgales diena." in paragraphs
    assert body.find("ul").li.get_text() == f"2019. gadā – 1{NB}064{NB}130{NB}EUR"
    ordered = body.find_all("ol")
    assert len(ordered) == 1 and [li.get_text() for li in ordered[0].find_all("li")] == [
        "Sagatavot plānu.", "Apspriest to."]


def test_body_numbers_get_no_break_spaces_but_code_stays_as_written(site):
    site.post("budzets", "Budžets: 1 447 275 EUR izdevumu", body=(
        "Izdevumi bija **1 447 275 EUR**, ieņēmumi 1 109 358 EUR (85 %).\n\n"
        "| Rādītājs | Summa |\n|---|---|\n| Kopā | 799 740,50 EUR |\n\n"
        "Kods: `1 000 EUR` paliek.\n"), image_caption="Attēlā 5 000 EUR čeks.")
    site.build(PORTAL_POST_BUILD=[])
    page = site.read("zinas/2020/08/budzets-1-447-275-eur-izdevumu/index.html")
    soup = site.soup("zinas/2020/08/budzets-1-447-275-eur-izdevumu/index.html")
    prose = soup.select_one(".lpr-prose")
    assert prose.strong.get_text() == f"1{NB}447{NB}275{NB}EUR"
    assert f"1{NB}109{NB}358{NB}EUR (85{NB}%)" in prose.p.get_text()
    assert prose.td.find_next("td").get_text() == f"799{NB}740,50{NB}EUR"
    assert prose.code.get_text() == "1 000 EUR"
    assert soup.h1.get_text() == f"Budžets: 1{NB}447{NB}275{NB}EUR izdevumu"
    # The address was made from the title as written.
    assert "budzets-1-447-275-eur-izdevumu" in page
    listed = _listed_summary(site, "kategorija/kultura-un-sabiedriba/index.html", "budzets-1-447-275-eur-izdevumu")
    assert listed.startswith(f"Izdevumi bija 1{NB}447{NB}275{NB}EUR")


RANGES = {
    "un": "19. un 20. augustā Rēzeknē notika mācību otrā daļa.",
    "komati": "19., 20. un 21. augustā Rēzeknē notika mācības.",
    "svitra": "12.-13. augustā Daugavpilī pulcējās speciālisti.",
    "domuzime": "12. – 13. augustā Daugavpilī pulcējās speciālisti.",
    "lidz": "30. jūlijā līdz 2. augustam notika nometne.",
}


def test_day_ranges_before_a_month_are_not_numbered_lists(site):
    for name, first in RANGES.items():
        site.post(name, f"Mācības {name}", body=first + "\n\nOtrā rindkopa.\n")
    site.build(PORTAL_POST_BUILD=[])
    for name, first in RANGES.items():
        prose = site.soup(f"zinas/2020/08/macibas-{name}/index.html").select_one(".lpr-prose")
        assert prose.find("ol") is None, name
        assert prose.p.get_text() == first


def _listed_summary(site, listing: str, slug: str) -> str:
    """The summary shown with the post's link on a list page (the lead story's or a teaser's)."""
    link = site.soup(listing).find("a", href=lambda href: href and f"/{slug}/" in href)
    story = link.find_parent("article")
    return story.find(class_=lambda names: names and "summary" in names).get_text().strip()


def _summaries(site, relative: str, slug: str) -> dict[str, str]:
    """Every summary the build makes of one post: lists, meta tags, JSON-LD, feeds."""
    import json

    import feedparser

    page = site.soup(relative)
    summaries = {
        "meta description": page.find("meta", attrs={"name": "description"})["content"],
        "og:description": page.find("meta", property="og:description")["content"],
        "JSON-LD": next(node["description"] for node in json.loads(
            page.find("script", type="application/ld+json").string)["@graph"] if node["@type"] == "NewsArticle"),
    }
    for listing in ("index.html", "kategorija/kultura-un-sabiedriba/index.html", "zinas/2020/index.html"):
        summaries[listing] = _listed_summary(site, listing, slug)
    for feed in ("feeds/visas.rss.xml", "feeds/visas.atom.xml"):
        entry = next(e for e in feedparser.parse(site.read(feed)).entries if slug in e.link)
        summaries[feed] = " ".join(BeautifulSoup(entry.summary, "html.parser").get_text().split())
    item = next(i for i in json.loads(site.read("feeds/visas.json"))["items"] if slug in i["url"])
    summaries["feeds/visas.json"] = item["summary"]
    return summaries


def test_every_summary_of_a_range_paragraph_starts_with_its_first_day(site):
    site.post("pirma", "Mācības Rēzeknē", body=RANGES["un"] + " Pirmā daļa notika Daugavpilī.\n")
    site.post("otra", "Mācības Daugavpilī", date="2020-08-13 10:00", body=RANGES["svitra"] + "\n")
    site.post("trešā", "Mācības ar kopsavilkumu", date="2020-08-12 10:00", body="Teksts.",
              summary=RANGES["komati"])
    site.build(PORTAL_POST_BUILD=[], SITEURL="https://lpr.example")
    for slug, start in (("macibas-rezekne", "19. un 20. augustā"), ("macibas-daugavpili", "12.-13. augustā"),
                        ("macibas-ar-kopsavilkumu", "19., 20. un 21. augustā")):
        summaries = _summaries(site, f"zinas/2020/08/{slug}/index.html", slug)
        assert len(summaries) == 9
        for where, summary in summaries.items():
            assert summary.replace(NB, " ").startswith(start), (slug, where, summary)
