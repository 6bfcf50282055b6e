"""Latvian ordinals at the start of a line stay text; real numbered lists stay lists."""


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
    assert body.find("ul").li.get_text() == "2019. gadā – 1 064 130 EUR"
    ordered = body.find_all("ol")
    assert len(ordered) == 1 and [li.get_text() for li in ordered[0].find_all("li")] == [
        "Sagatavot plānu.", "Apspriest to."]
