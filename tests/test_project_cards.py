"""Project cards: project pages, the index, news lists, cards in articles and markers, bad input.

A small site with two projects and three articles is built once with a fixed
build date (PROJECT_CARDS_TODAY) so that the computed status stays stable;
one more build puts every bad input into a single site, because the plugin
reports all problems of a build at once.
"""

import pytest

from portalbuild.runner import BuildFailed
from tests.conftest import PLAIN, Site, text_of

# The plugin's own tests build with the plain serial build (tests/conftest.py, PLAIN_BUILD).
pytestmark = pytest.mark.plain_build


NBSP = "\u00a0"
# The plain serial build (portalbuild/speed/mode.py): on a site this small, forking workers
# costs more than it saves. The real_site checks below go through the default fast build.
SERIAL = {"FAST_BUILD": {"workers": 1, "incremental": False}}

CRAFTS = """
    Title: Amatniecība bez robežām
    Acronym: Crafts
    Code: LV-RU-018
    Programme: Latvijas–Krievijas pārrobežu sadarbības programma 2014.–2020. gadam
    Programme_website: https://www.latruscbc.eu
    Fund: EKI
    Start: 2019-06-01
    End: 2021-08-31
    Lead_partner: Latgales plānošanas reģions (LV)
    Partners: Daugavpils pilsētas dome (LV)
        Pleskavas apgabala Porhovas rajona administrācija (RU)
        Balvu novada pašvaldība (LV)
    Budget: 799 740,50
    Cofinancing: 719766.45
    Goal: Veicināt amatniecības attīstību Latgales–Pleskavas reģionā.
    Results: interneta platforma amatniekiem
        aprīkojums 8 pašvaldībās

    Projekta apraksts.
"""

TERRITORIES = """
    Title: Degradēto teritoriju revitalizācija
    Code: SAM 5.6.2
    Programme: Darbības programma „Izaugsme un nodarbinātība”
    Fund: ERAF
    Start: 2021-03-01
    End: 2022
    Budget: 70947074
    Cofinancing: 50572998
    Goal: Atjaunot degradētās teritorijas uzņēmējdarbībai.
"""


def card_rows(card) -> dict[str, str]:
    return {text_of(row.dt): text_of(row.dd) for row in card.select(".lpr-project-card__row")}


def exact_text(node) -> str:
    """Text as a reader sees it, without spaces added between inline elements."""
    return " ".join(node.get_text().replace(NBSP, " ").split())


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Site:
    site = Site(tmp_path_factory.mktemp("project-cards"), PLAIN)
    site.write("projects/crafts.md", CRAFTS)
    site.write("projects/degradetas-teritorijas.md", TERRITORIES)
    site.post("amatnieki-riga", "Amatnieki Rīgā", date="2020-08-15 10:00", projects="crafts",
              summary="Amatnieki piedalās Latgales dienā.")
    site.post("amatnieku-video", "Amatnieku video", date="2020-11-10 09:00",
              projects="crafts, degradetas-teritorijas",
              body="Video par amatniekiem.\n\n[[project:degradetas-teritorijas]]\n\nBeigas.")
    site.post("sede", "Padomes sēde", date="2020-02-28 12:00", category="Pārvalde")
    site.write("pages/par-projektiem.md", """
        Title: Par projektiem
        Slug: par-projektiem

        Reģiona lielākais pārrobežu projekts:

        [[project:crafts]]
    """)
    site.write("reports/2020/index.md", "Title: Pārskats 2020\n\nIevads.\n")
    site.write("reports/2020/01-projekti.md", "Title: Projekti\n\n## Pārrobežu projekti\n\n[[project:crafts]]\n")
    site.build(PROJECT_CARDS_TODAY="2020-12-31", **SERIAL)
    return site


def test_projects_become_pages_and_an_index_not_articles_or_pages(built):
    files = built.files()
    for expected in ("projekti/index.html", "projekti/crafts/index.html",
                     "projekti/degradetas-teritorijas/index.html"):
        assert expected in files
    assert not any(path.startswith("projects/") for path in files)
    assert "amatnieciba-bez-robezam/index.html" not in files


def test_project_page_uses_the_theme_with_one_h1(built):
    soup = built.soup("projekti/crafts/index.html")
    assert [text_of(h1) for h1 in soup.find_all("h1")] == ["Amatniecība bez robežām (Crafts)"]
    assert soup.find("a", class_="lpr-skip-link") and soup.find("footer", class_="lpr-footer")
    assert text_of(soup.find("a", attrs={"aria-current": "page"})) == "Projekti"
    assert soup.title.string == "Amatniecība bez robežām (Crafts) — Latgales plānošanas reģions"


def test_full_card_shows_the_facts_in_a_definition_list(built):
    card = built.soup("projekti/crafts/index.html").select_one(".lpr-project-card--full")
    assert text_of(card.find("h2")) == "Projekta pamatdati"
    assert card.find("dl") and len(card.find_all("dt")) == len(card.find_all("dd"))
    rows = card_rows(card)
    assert rows["Projekta kods"] == "LV-RU-018"
    assert rows["Akronīms"] == "Crafts"
    assert rows["Programma"] == "Latvijas–Krievijas pārrobežu sadarbības programma 2014.–2020. gadam"
    assert rows["Statuss"] == "Īstenošanā"
    assert rows["Vadošais partneris"] == "Latgales plānošanas reģions (Latvija)"
    assert rows["Kopējais budžets"] == "799 740,50 EUR"
    assert rows["Līdzfinansējums"] == "719 766,45 EUR (90 %)"
    assert rows["Finansējuma avots"] == "Eiropas kaimiņattiecību instruments"
    period = card.select_one(".lpr-project-card__row time").find_parent("dd")
    assert exact_text(period) == "01.06.2019.–31.08.2021. (27 mēneši)"
    link = card.find("a", href="https://www.latruscbc.eu")
    assert link and "www.latruscbc.eu" in text_of(link)


def test_money_uses_no_break_spaces_so_figures_never_wrap(built):
    html = built.read("projekti/crafts/index.html")
    assert f"799{NBSP}740,50{NBSP}EUR" in html
    assert f"719{NBSP}766,45{NBSP}EUR (90{NBSP}%)" in html


def test_partners_are_grouped_by_country(built):
    card = built.soup("projekti/crafts/index.html").select_one(".lpr-project-card--full")
    groups = {text_of(group.select_one(".lpr-project-card__country-name")):
              [text_of(li) for li in group.select(".lpr-project-card__partners li")]
              for group in card.select(".lpr-project-card__country-group")}
    assert groups == {"Latvija": ["Daugavpils pilsētas dome", "Balvu novada pašvaldība"],
                      "Krievija": ["Pleskavas apgabala Porhovas rajona administrācija"]}


def test_eu_funding_shows_the_emblem_with_the_union_and_the_fund_named(built):
    card = built.soup("projekti/crafts/index.html").select_one(".lpr-project-card--full")
    funding = card.select_one(".lpr-project-card__funding--eu")
    assert text_of(funding.select_one(".lpr-eu-funding__union")) == "Eiropas Savienība"
    assert text_of(funding.select_one(".lpr-eu-funding__fund")) == "Eiropas kaimiņattiecību instruments"
    assert text_of(funding.select_one(".lpr-project-card__funding-statement")) == (
        "Projektu līdzfinansē Eiropas Savienība no Eiropas kaimiņattiecību instrumenta.")
    emblem = funding.select_one("svg.lpr-eu-funding__emblem")
    assert emblem["viewbox"] == "0 0 81 54" and emblem["aria-hidden"] == "true"
    assert emblem.rect["fill"] == "#003399" and emblem.path["fill"] == "#FFCC00"
    assert not card.find("img")
    # A compact card (projects index, articles) keeps the emblem and the fund, not the sentence.
    compact = built.soup("projekti/index.html").select_one(".lpr-project-card--compact .lpr-project-card__funding--eu")
    assert text_of(compact) == "Eiropas Savienība Eiropas kaimiņattiecību instruments"


def test_eu_emblem_follows_the_official_construction():
    import math
    import re

    from project_cards import emblem  # by the name Pelican's plugin loader gives it (pytest's pythonpath)

    # Twelve stars, upright, at the hours of a clock on a circle of a third of the height,
    # centred where the diagonals of the 3:2 rectangle cross; each star's points on a circle
    # of an eighteenth of the height.
    assert (emblem.WIDTH, emblem.HEIGHT) == (81, 54)
    stars = re.findall(r"M([\d.]+) ([\d.]+)l([^z]+)z", emblem.STARS_PATH)
    assert len(stars) == 12
    for hour, (x, y, steps) in enumerate(stars):
        numbers = [float(n) for n in steps.split()]
        corners = [(float(x), float(y))]
        for dx, dy in zip(numbers[::2], numbers[1::2]):
            corners.append((corners[-1][0] + dx, corners[-1][1] + dy))
        assert len(corners) == 10
        centre_x = sum(cx for cx, _ in corners[::2]) / 5
        centre_y = sum(cy for _, cy in corners[::2]) / 5
        assert math.dist((centre_x, centre_y), (40.5, 27)) == pytest.approx(18, abs=0.05)
        angle = math.degrees(math.atan2(centre_x - 40.5, 27 - centre_y)) % 360
        assert angle == pytest.approx(30 * hour, abs=0.2)
        top = corners[0]
        assert top[0] == pytest.approx(centre_x, abs=0.02) and top[1] < centre_y  # one point straight up
        for point in corners[::2]:
            assert math.dist(point, (centre_x, centre_y)) == pytest.approx(3, abs=0.05)


def test_a_tagline_of_several_lines_or_too_long_is_named_with_its_fix(site):
    site.write("projects/upe.md", "Title: Tīra upe\nTagline: Pirmā rinda\n    otrā rinda\nProgramme: P\nFund: ERAF\n"
               "Start: 2020-01-01\nGoal: Tīrāka upe.\n\nApraksts.\n")
    site.write("projects/ezers.md", "Title: Ezers\nTagline: " + "garš " * 40 + "\nProgramme: P\nFund: ERAF\n"
               "Start: 2020-01-01\nGoal: Tīrs ezers.\n\nApraksts.\n")
    with pytest.raises(BuildFailed) as raised:
        site.build(**SERIAL)
    message = "\n".join(raised.value.messages)
    assert ("upe.md:2: field 'Tagline': the one-line description runs over several lines. "
            "Fix: write it on the 'Tagline:' line itself, as one sentence") in message
    assert ("ezers.md:2: field 'Tagline': the one-line description has 199 characters, more than 160. "
            "Fix: shorten it to what the project does; the Goal holds the full aim") in message


def test_planned_project_with_year_only_end_and_computed_share(built):
    card = built.soup("projekti/degradetas-teritorijas/index.html").select_one(".lpr-project-card--full")
    rows = card_rows(card)
    assert rows["Statuss"] == "Plānots"
    assert exact_text(card.select_one("time").find_parent("dd")) == "01.03.2021.–2022."
    assert rows["Līdzfinansējums"] == "50 572 998,00 EUR (71,28 %)"
    assert "Projektu līdzfinansē Eiropas Savienība no Eiropas Reģionālās attīstības fonda." in text_of(card)


def test_goal_results_body_and_news_newest_first(built):
    soup = built.soup("projekti/crafts/index.html")
    headings = [text_of(h2) for h2 in soup.find("main").find_all("h2")]
    assert headings == ["Projekta pamatdati", "Mērķis", "Sagaidāmie rezultāti", "Projekta ziņas"]
    assert [text_of(li) for li in soup.select(".lpr-project__results li")] == [
        "interneta platforma amatniekiem", "aprīkojums 8 pašvaldībās"]
    assert "Projekta apraksts." in text_of(soup.select_one(".lpr-project__body"))
    news = [text_of(a) for a in soup.select(".lpr-project__news .lpr-teaser__title a")]
    assert news == ["Amatnieku video", "Amatnieki Rīgā"]
    other = built.soup("projekti/degradetas-teritorijas/index.html")
    assert [text_of(a) for a in other.select(".lpr-project__news .lpr-teaser__title a")] == ["Amatnieku video"]


def test_index_groups_by_status_then_programme(built):
    main = built.soup("projekti/index.html").find("main")
    assert [text_of(h) for h in main.find_all("h1")] == ["Projekti"]
    assert [text_of(h) for h in main.find_all("h2")] == ["Īstenošanā (1)", "Plānotie (1)"]
    # One grid of cards a status (a grid a programme left most of them with one card).
    assert [len(grid.find_all("li", recursive=False)) for grid in main.select(".lpr-projects__list")] == [1, 1]
    cards = main.select(".lpr-project-card--compact")
    assert [card.find("h3").a["href"] for card in cards] == ["/projekti/crafts/",
                                                             "/projekti/degradetas-teritorijas/"]
    assert [card_rows(card)["Programma"] for card in cards] == [
        "Latvijas–Krievijas pārrobežu sadarbības programma 2014.–2020. gadam",
        "Darbības programma „Izaugsme un nodarbinātība”"]
    assert card_rows(cards[0])["Līdzfinansējums"] == "719 766,45 EUR (90 %)"
    assert [a["href"] for a in main.select(".lpr-projects__toc a")] == ["#statuss-running", "#statuss-planned"]


def test_article_shows_compact_cards_of_its_projects(built):
    soup = built.soup("zinas/2020/11/amatnieku-video/index.html")
    aside = soup.select_one("aside.lpr-article-projects")
    assert text_of(aside.find("h2")) == "Projekti"
    titles = [text_of(h3) for h3 in aside.select(".lpr-project-card--compact h3")]
    assert titles == ["Amatniecība bez robežām (Crafts)", "Degradēto teritoriju revitalizācija"]
    assert aside.find("a", href="/projekti/crafts/")
    single = built.soup("zinas/2020/08/amatnieki-riga/index.html").select_one("aside.lpr-article-projects")
    assert text_of(single.find("h2")) == "Projekts"
    assert not built.soup("zinas/2020/02/padomes-sede/index.html").select_one("aside.lpr-article-projects")


def test_marker_becomes_the_full_card_in_articles_pages_and_report_sections(built):
    article = built.soup("zinas/2020/11/amatnieku-video/index.html").select_one(".lpr-prose")
    card = article.select_one(".lpr-project-card--full")
    assert card.find("h2").a["href"] == "/projekti/degradetas-teritorijas/"
    assert card_rows(card)["Projekta kods"] == "SAM 5.6.2"
    assert "[[project:" not in article.decode()
    assert [text_of(p) for p in article.find_all("p", recursive=False)] == ["Video par amatniekiem.", "Beigas."]
    for path in ("par-projektiem/index.html", "parskati/2020/projekti/index.html"):
        body = built.soup(path).find("main")
        assert card_rows(body.select_one(".lpr-project-card--full"))["Līdzfinansējums"] == "719 766,45 EUR (90 %)"
        assert "[[project:" not in body.decode()


def test_a_card_in_the_body_stays_out_of_the_summary(built):
    teasers = built.soup("zinas/2020/index.html").select(".lpr-teaser")
    video = next(teaser for teaser in teasers if "Amatnieku video" in text_of(teaser))
    assert "Video par amatniekiem." in text_of(video)
    assert "Projekta kods" not in text_of(video)


def test_status_follows_the_build_date_and_a_project_without_news_is_fine(tmp_path):
    site = Site(tmp_path, PLAIN)
    site.write("projects/crafts.md", CRAFTS)
    site.build(PROJECT_CARDS_TODAY="2021-09-01", **SERIAL)
    soup = site.soup("projekti/crafts/index.html")
    assert card_rows(soup.select_one(".lpr-project-card"))["Statuss"] == "Pabeigts"
    assert text_of(soup.select_one(".lpr-project__news p")) == "Par šo projektu portālā vēl nav ziņu."
    assert [text_of(h) for h in site.soup("projekti/index.html").find("main").find_all("h2")] == ["Pabeigtie (1)"]


# --- Bad input: one build, every problem reported at once ---------------------

BAD_PROJECTS = {
    "atkape": "Title: Atkāpe\nCode: X-1\nPartners: Daugavpils pilsētas dome (LV)\n  Balvu novada pašvaldība (LV)\n"
              "Goal: Mērķis.\n",
    "bez-programmas": "Title: A\nFund: ERAF\nStart: 2020-01-01\nGoal: G.\n",
    "datumi": "Title: B\nProgramme: P\nFund: ERAF\nStart: 2019-06-01\nEnd: 2019-05-31\nGoal: G.\n",
    "budzets": "Title: C\nProgramme: P\nFund: ERAF\nStart: 2019-06-01\nBudget: ap 800 000\nGoal: G.\n",
    "lidzfinansejums": "Title: D\nProgramme: P\nFund: ERAF\nStart: 2019-06-01\nBudget: 799740.50\n"
                       "Cofinancing: 900000\nGoal: G.\n",
    "fonds": "Title: E\nProgramme: P\nFund: Interreg\nStart: 2019-06-01\nGoal: G.\n",
    "statuss": "Title: F\nProgramme: P\nFund: ERAF\nStart: 2019-06-01\nStatus: running\nGoal: G.\n",
    "partneri": "Title: G\nProgramme: P\nFund: ERAF\nStart: 2019-06-01\nGoal: G.\nPartners: Balvu novada pašvaldība\n",
    "datums": "Title: H\nProgramme: P\nFund: ERAF\nStart: 1.06.2019\nGoal: G.\nBudzets: 100\n",
    "bez-perioda": "Title: I\nProgramme: P\nFund: ERAF\nGoal: G.\n",
    "dala": "Title: J\nProgramme: P\nFund: ERAF\nStart: 2019\nGoal: G.\nBudget: 100\nCofinancing: 90\n"
            "Cofinancing_share: 90\nRegion_budget: 120\n",
    "Slikts_Nosaukums": "Title: K\nProgramme: P\nFund: ERAF\nStart: 2019\nGoal: G.\n",
}


@pytest.fixture(scope="module")
def failure(tmp_path_factory) -> str:
    site = Site(tmp_path_factory.mktemp("project-cards-bad"), PLAIN)
    site.write("projects/crafts.md", CRAFTS)
    for slug, text in BAD_PROJECTS.items():
        site.write(f"projects/{slug}.md", text + "\nTeksts.\n")
    site.post("nezinams", "Nezināms projekts", projects="crafts, cratfs")
    site.post("markieris", "Marķieris", body="Teksts.\n\n[[project:nav-tads]]\n")
    site.post("teikuma", "Teikumā", body="Skatīt [[project:crafts]] šeit.\n")
    with pytest.raises(BuildFailed) as raised:
        site.build(PROJECT_CARDS_TODAY="2020-12-31", **SERIAL)
    assert not site.output.exists()
    return "\n".join(raised.value.messages)


def test_unknown_slug_in_projects_field_names_line_and_suggests(failure):
    assert ("news/nezinams.md:4: field 'Projects': 'cratfs' is not a project. "
            "Fix: did you mean 'crafts'? use the file name (without .md) of a project in content/projects/") in failure


def test_unknown_slug_in_marker_names_its_line(failure):
    assert "news/markieris.md:7: the marker [[project:nav-tads]] names no project. Fix:" in failure


def test_marker_inside_a_sentence(failure):
    assert ("news/teikuma.md:5: the marker [[project:crafts]] is not alone on its line. "
            "Fix: put the marker on a line of its own") in failure


def test_missing_required_field(failure):
    assert ("projects/bez-programmas.md: field 'Programme': the programme is missing. "
            "Fix: add a line 'Programme: …'") in failure


def test_continuation_line_indented_too_little_is_named_not_the_fields_after_it(failure):
    assert ("projects/atkape.md:4: the front matter line 'Balvu novada pašvaldība (LV)' is not in the form "
            "'Key: value'") in failure
    assert "projects/atkape.md: field 'Goal'" not in failure


def test_end_before_start(failure):
    assert ("projects/datumi.md:5: field 'End': the end 31.05.2019. is before the start 01.06.2019. "
            "Fix: check both dates") in failure


def test_budget_that_is_not_a_number(failure):
    assert ("projects/budzets.md:5: field 'Budget': 'ap 800 000' is not a number. "
            "Fix: write the amount in euro with digits") in failure


def test_cofinancing_above_the_total_budget(failure):
    assert (f"projects/lidzfinansejums.md:6: field 'Cofinancing': the co-financing 900{NBSP}000,00{NBSP}EUR "
            f"is more than the total budget 799{NBSP}740,50{NBSP}EUR") in failure


def test_unknown_fund_typed_status_partner_without_country_bad_date_unknown_field(failure):
    assert "projects/fonds.md:3: field 'Fund': 'Interreg' is not a known fund. Fix: use one of: ERAF, ESF, EKI" in failure
    assert "projects/statuss.md:5: field 'Status': a project's status is not typed by hand" in failure
    assert ("projects/partneri.md:6: field 'Partners': partner 'Balvu novada pašvaldība' has no country code. "
            "Fix: end the line with the country code in brackets") in failure
    assert "projects/datums.md:4: field 'Start': '1.06.2019' is not a date. Fix: write it as YYYY-MM-DD" in failure
    assert "projects/datums.md:6: field 'Budzets': this is not a field of a project card" in failure


def test_bad_project_settings_date(tmp_path):
    site = Site(tmp_path, PLAIN)
    site.write("projects/crafts.md", CRAFTS)
    with pytest.raises(BuildFailed) as raised:
        site.build(PROJECT_CARDS_TODAY="31.12.2020", **SERIAL)
    assert ("pelicanconf.py: PROJECT_CARDS_TODAY '31.12.2020' is not a date. "
            "Fix: write it as 'YYYY-MM-DD'") in "\n".join(raised.value.messages)


# --- The real portal: figures as the 2020 public report gives them ------------

@pytest.mark.parametrize("slug, facts", [
    ("risk-free", {"Projekta kods": "LLI-402", "Kopējais budžets": "750 973,98 EUR",
                   "Līdzfinansējums": "638 327,88 EUR (85 %)", "Statuss": "Pabeigts",
                   "Finansējuma avots": "Eiropas Reģionālās attīstības fonds"}),
    ("crafts", {"Projekta kods": "LV-RU-018", "Kopējais budžets": "799 740,50 EUR",
                "Līdzfinansējums": "719 766,45 EUR (90 %)"}),
    ("pure-water", {"Projekta kods": "LV-RU-003", "Kopējais budžets": "3 888 888,89 EUR",
                    "Līdzfinansējums": "3 500 000,00 EUR (90 %)", "Reģiona budžets projektā": "110 000,00 EUR",
                    "Vadošais partneris": "Pleskavas pilsētas municipālais uzņēmums „Gorvodokanal” (Krievija)"}),
    ("tour-de-crafts", {"Projekta kods": "LLI-539", "Kopējais budžets": "816 946,71 EUR",
                        "Līdzfinansējums": "694 404,70 EUR (85 %)"}),
    ("deinstitucionalizacija", {"Projekta kods": "9.2.2.1/15/I/005", "Kopējais budžets": "8 596 069,00 EUR",
                                "Līdzfinansējums": "85 % no kopējām izmaksām",
                                "Finansējuma avots": "Eiropas Sociālais fonds"}),
    ("biznesa-idejas", {"Kopējais budžets": "540 000,00 EUR", "Līdzfinansējums": "459 000,00 EUR (85 %)"}),
    ("sam-562", {"Kopējais budžets": "70 947 074,00 EUR", "Līdzfinansējums": "50 572 998,00 EUR (71,28 %)"}),
])
def test_real_project_figures_match_the_report(real_site, slug, facts):
    from bs4 import BeautifulSoup

    page = BeautifulSoup((real_site / f"projekti/{slug}/index.html").read_text(encoding="utf-8"), "html.parser")
    rows = card_rows(page.select_one(".lpr-project-card--full"))
    assert {key: rows.get(key) for key in facts} == facts


@pytest.mark.parametrize("slug, period", [
    ("risk-free", "01.04.2018.–31.03.2020. (24 mēneši)"),
    ("deinstitucionalizacija", "01.01.2016.–31.12.2023. (96 mēneši)"),
    ("crafts", "01.06.2019.–31.08.2021. (27 mēneši)"),
    ("pure-water", "01.06.2019.–30.11.2021. (30 mēneši)"),
    ("tour-de-crafts", "01.07.2020.–30.06.2022. (24 mēneši)"),
])
def test_real_project_periods_and_durations(real_site, slug, period):
    from bs4 import BeautifulSoup

    page = BeautifulSoup((real_site / f"projekti/{slug}/index.html").read_text(encoding="utf-8"), "html.parser")
    card = page.select_one(".lpr-project-card--full")
    assert exact_text(card.select_one("time").find_parent("dd")) == period


def test_every_project_of_the_report_has_a_page_and_the_index_lists_them(real_site):
    slugs = ["risk-free", "deinstitucionalizacija", "crafts", "pure-water", "tour-de-crafts", "bus",
             "remigracija", "biznesa-idejas", "regionala-politika", "sam-562"]
    for slug in slugs:
        assert (real_site / f"projekti/{slug}/index.html").is_file()
    index = (real_site / "projekti/index.html").read_text(encoding="utf-8")
    assert all(f'href="/projekti/{slug}/"' in index for slug in slugs)


def test_missing_period_shares_typed_twice_region_budget_and_file_name(failure):
    assert ("projects/bez-perioda.md: field 'Start': the project's period is missing. "
            "Fix: add 'Start: YYYY-MM-DD'") in failure
    assert ("projects/dala.md:8: field 'Cofinancing_share': the share is computed from Cofinancing and Budget. "
            "Fix: remove the Cofinancing_share line") in failure
    assert "projects/dala.md:9: field 'Region_budget': the region's budget 120,00" in failure
    assert ("projects/Slikts_Nosaukums.md: the file name 'Slikts_Nosaukums.md' is not a usable project slug. "
            "Fix: rename the file") in failure
