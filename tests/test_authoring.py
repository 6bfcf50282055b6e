"""The PR specialist's tools: `invoke new` (scaffold), `invoke live` (preview), `invoke check`."""

from __future__ import annotations

import datetime
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from portalbuild import ROOT
from portalbuild.runner import load_settings
from portalbuild.commands import authoring
from portalbuild.commands import check as checks
from portalbuild.commands.authoring import AuthoringError, Preview, new_post
from tests.conftest import REAL_SETTINGS, settings_of

# 21:30 UTC on 15 August is 00:30 on 16 August in Riga (UTC+3 in summer).
LATE_EVENING_UTC = datetime.datetime(2020, 8, 15, 21, 30, tzinfo=datetime.UTC)


def settings_for(site, **overrides):
    return load_settings(REAL_SETTINGS, {"PATH": str(site.content), **overrides})


def settings_file_for(site) -> Path:
    """A settings file like pelicanconf.py whose content folder is the test site's."""
    path = site.root / "testconf.py"
    path.write_text(settings_of() + f"PATH = {str(site.content)!r}\nCACHE_PATH = {str(site.root / 'cache')!r}\n",
                    encoding="utf-8")
    return path


# --- invoke new ----------------------------------------------------------------

def test_new_post_has_the_front_matter_a_draft_needs(site):
    for slug in ("crafts", "bus"):
        site.write(f"projects/{slug}.md", f"Title: {slug}\n\nTeksts.\n")
    post = new_post("Reģiona „attīstības” padome: sēde Rēzeknē", category="kultura un sabiedriba",
                    tags="padome, Rēzekne", projects=["crafts", " bus "],
                    settings=settings_for(site), now=LATE_EVENING_UTC)

    assert post.path == site.content / "news/2020/08-16-regiona-attistibas-padome-sede-rezekne.md"
    assert post.path.read_text(encoding="utf-8") == textwrap.dedent("""\
        Title: Reģiona „attīstības” padome: sēde Rēzeknē
        Date: 2020-08-16 00:30
        Category: Kultūra un sabiedrība
        Tags: padome, Rēzekne
        Projects: crafts, bus
        Slug: regiona-attistibas-padome-sede-rezekne
        Status: draft

        """)
    assert post.url == "zinas/2020/08/regiona-attistibas-padome-sede-rezekne/"
    assert post.category == "Kultūra un sabiedrība"


def test_new_post_passes_the_content_guard_and_is_previewed_as_a_draft(site):
    post = new_post("Jauns autobusu maršruts", category="Transports", settings=settings_for(site),
                    now=LATE_EVENING_UTC)
    guard = checks._content_guard_checks(settings_for(site))
    assert guard.check_file(post.path, "article", settings_for(site)) == []

    site.build()  # the published build leaves drafts out
    assert not (site.output / post.url / "index.html").exists()

    Preview(site.output, REAL_SETTINGS, {"PATH": str(site.content)}).rebuild()
    page = site.soup(post.url + "index.html")
    assert page.select_one(".lpr-draft-notice").get_text() == "Melnraksts — šī ziņa vēl nav publicēta."


def test_check_passes_right_after_new_post_with_new_tags(site, monkeypatch):
    monkeypatch.chdir(site.content.parent)
    write_footer_pages(site)
    site.post("publiceta", "Publicēta ziņa", body="Teksts.")
    new_post("Jauna ziņa par Rēzekni", category="Transports", tags="jauna birka, vēl viena",
             settings=settings_for(site), now=LATE_EVENING_UTC)
    report = checked(site)
    assert report.problems == []
    assert report.links_checked is True


def test_new_post_without_category_takes_the_first_and_never_overwrites(site):
    settings = settings_for(site)
    post = new_post("Ziņa", settings=settings, now=LATE_EVENING_UTC)
    assert post.category == settings["PORTAL_CATEGORIES"][0]
    post.path.write_text("Title: edited\n", encoding="utf-8")

    with pytest.raises(AuthoringError) as error:
        new_post("Ziņa", settings=settings, now=LATE_EVENING_UTC)
    assert str(error.value) == (f"{post.path} already exists. Fix: choose another title, "
                                "or open that file and edit it")
    assert post.path.read_text(encoding="utf-8") == "Title: edited\n"


@pytest.mark.parametrize("title, category, message", [
    ("Ziņa", "Sports", "'Sports' is not one of the portal's categories. Fix: use one of: Reģiona attīstība, "
                       "Uzņēmējdarbība, Projekti, Pārvalde, Kultūra un sabiedrība, Transports"),
    ("   ", None, 'The title is empty. Fix: give the title in quotes: ./invoke new "Virsraksts"'),
    ("„…”", None, "No address can be made from the title '„…”'. Fix: use a title with letters or digits"),
])
def test_new_post_refuses_bad_input_and_says_how_to_fix_it(site, title, category, message):
    with pytest.raises(AuthoringError) as error:
        new_post(title, category=category, settings=settings_for(site))
    assert str(error.value) == message
    assert not list((site.content / "news").rglob("*.md"))


def test_cli_new_prints_the_path_and_the_preview_address(site, monkeypatch, capsys):
    monkeypatch.setattr(authoring, "SETTINGS", settings_file_for(site))
    monkeypatch.chdir(site.root)

    assert authoring.cli_new("Latgales diena Rīgā", category="Kultūra un sabiedrība") == 0
    out, err = capsys.readouterr()
    today = datetime.datetime.now(datetime.UTC).astimezone(authoring.ZoneInfo("Europe/Riga"))
    assert out == f"content/news/{today:%Y}/{today:%m-%d}-latgales-diena-riga.md\n"
    assert f"http://127.0.0.1:8000/zinas/{today:%Y/%m}/latgales-diena-riga/" in err

    assert authoring.cli_new("Latgales diena Rīgā", category="Sports") == 1
    assert "'Sports' is not one of the portal's categories" in capsys.readouterr().err


def test_invoke_lists_the_authoring_and_publishing_tasks():
    listed = subprocess.run([sys.executable, "-m", "invoke", "--list"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout
    for name in ("new", "live", "check", "publish"):
        assert f"  {name} " in listed


# --- invoke live ---------------------------------------------------------------

def test_preview_shows_drafts_and_future_posts_and_keeps_the_last_good_one(site, capsys):
    site.post("melnraksts", "Melnraksta ziņa", status="draft")
    site.post("nakotne", "Ziņa no nākotnes", date="2099-01-01 10:00")
    preview = Preview(site.output, REAL_SETTINGS, {"PATH": str(site.content)})

    assert preview.rebuild() is True
    assert site.soup("zinas/2020/08/melnraksta-zina/index.html").select_one(".lpr-draft-notice")
    assert site.soup("zinas/2099/01/zina-no-nakotnes/index.html").h1.get_text() == "Ziņa no nākotnes"

    site.post("slikta", "Slikta ziņa", date="2020-13-45")
    assert preview.rebuild() is False
    err = capsys.readouterr().err
    assert "Preview not updated; 1 problem(s):" in err
    assert "slikta.md:2: field 'Date': '2020-13-45' is not a valid date." in err
    assert (site.output / "zinas/2020/08/melnraksta-zina/index.html").is_file()


# --- invoke check --------------------------------------------------------------

BROKEN_POSTS = {
    "news/bad-date.md": """\
        Title: Datums nepareizs
        Date: 2020-13-45
        Category: Transports

        Teksts.
        """,
    "news/bad-category.md": """\
        Title: Kategorija nepareiza
        Date: 2020-08-01 10:00
        Category: Sports
        Status: draft

        Teksts.
        """,
    "news/images.md": """\
        Title: Attēli bez apraksta
        Date: 2020-08-02 10:00
        Category: Transports
        Image: images/nav-tada.png

        ![](images/autobuss.png)

        ![Autobuss pie stacijas]({static}/images/autobuss.png)

        ![Karte](https://maps.example.com/karte.png)
        """,
    "news/links.md": """\
        Title: Saites
        Date: 2020-08-03 10:00
        Category: Transports

        Skatiet [kontaktus](/par-mums/) un [šo ziņu]({filename}/news/nav-tadas.md).

        Arī [arhīvu](/zinas/) un [ziņu]({filename}/news/images.md).
        """,
}


def write_posts(site, posts: dict[str, str]) -> None:
    for relative, text in posts.items():
        site.write(relative, text)
    write_footer_pages(site)
    from PIL import Image

    Image.new("RGB", (40, 30), "#1f5f3a").save(site.content / "images/autobuss.png")


def write_footer_pages(site) -> None:
    """The pages the theme's footer links to on every page."""
    for slug in ("kontakti", "pieklustamibas-pazinojums", "privatuma-politika"):
        site.write(f"pages/{slug}.md", f"Title: {slug}\nSlug: {slug}\n\nTeksts.\n")


def checked(site, **overrides):
    return checks.run_check(REAL_SETTINGS, {"PATH": str(site.content), "MAIN_MENU": [("Ziņas", "zinas/")],
                                            **overrides})


def test_check_reports_every_problem_at_once_with_file_line_and_fix(site, monkeypatch):
    monkeypatch.chdir(site.content.parent)
    write_posts(site, BROKEN_POSTS)
    report = checked(site, MAIN_MENU=[("Ziņas", "zinas/"), ("Arhīvs", "arhivs/")])

    assert report.links_checked is True
    expected = [
        "content/news/bad-date.md:2: field 'Date': '2020-13-45' is not a valid date. Fix: write the date as "
        "YYYY-MM-DD HH:MM, for example 'Date: 2020-08-15 10:00'",
        "content/news/bad-category.md:3: field 'Category': 'Sports' is not one of the portal's categories. "
        "Fix: use one of: Reģiona attīstība, Uzņēmējdarbība, Projekti, Pārvalde, Kultūra un sabiedrība, Transports",
        "content/news/images.md:4: field 'Image': the image file 'images/nav-tada.png' does not exist. Fix: put "
        "the image in content/images/ and write its path from there, for example "
        "'Image: images/news/2020/name.png'",
        "content/news/images.md:4: field 'Image_alt': the image has no alt text. Fix: add a line 'Image_alt: …' "
        "saying what the image shows, for people who cannot see it",
        "content/news/images.md:6: the image 'images/autobuss.png' has no alt text. Fix: write what the image "
        "shows between the brackets: ![what it shows](…)",
        "content/news/images.md:6: the image path 'images/autobuss.png' is relative to the page's address. "
        "Fix: write it from the content folder: '{static}/images/…'",
        "content/news/images.md:10: the image 'https://maps.example.com/karte.png' is loaded from another site. "
        "Fix: save the image in content/images/ and write '{static}/images/…' (the portal makes no "
        "third-party requests)",
        "content/news/links.md:5: the link '/par-mums/' leads to no page of the portal. Fix: correct the address "
        "(open the page in the preview and copy its address), or link to a post with "
        "'{filename}/news/<year>/<file>.md'",
        "content/news/links.md:5: the link '{filename}/news/nav-tadas.md' points to a file the build did not "
        "find. Fix: check the file name and folder after {filename} (from the content folder, for example "
        "'{filename}/news/2020/08-15-name.md')",
        "pelicanconf.py: field 'MAIN_MENU': the menu item 'Arhīvs' links to /arhivs/, a page the build did not "
        "make. Fix: add that page to the content, or remove the item from MAIN_MENU",
    ]
    assert sorted(report.problems) == sorted(expected)
    assert report.left_out == ["content/news/bad-category.md", "content/news/bad-date.md", "content/news/images.md"]


def test_check_reports_the_plugins_reference_errors_beside_front_matter_problems(site, monkeypatch):
    """Reference errors come from the plugins during the check's build (here a stand-in plugin)."""
    monkeypatch.chdir(site.content.parent)
    plugin = site.root / "test_plugins" / "lpr_test_references"
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text(textwrap.dedent("""\
        from pelican import signals
        from portalbuild.shared.errors import ContentError, ContentProblem

        def check(generator):
            problems = [ContentProblem(a.source_path, f"{a.metadata['dataset']!r} is not a dataset",
                                       "use a dataset id from content/data/", field="Dataset")
                        for a in generator.articles + generator.drafts if "dataset" in a.metadata]
            if problems:
                raise ContentError(problems)

        def register():
            signals.article_generator_finalized.connect(check)
        """), encoding="utf-8")
    site.write("news/bad-date.md", BROKEN_POSTS["news/bad-date.md"])
    site.post("dataset", "Dati", status="draft", dataset="nav-tadu")
    settings = load_settings(REAL_SETTINGS)
    report = checked(site, PLUGIN_PATHS=[*settings["PLUGIN_PATHS"], str(plugin.parent)],
                     PLUGINS=[*settings["PLUGINS"], "lpr_test_references"],
                     CONTENT_GUARD_EXTRA_KEYS=["dataset"])

    assert report.problems == [
        "content/news/bad-date.md:2: field 'Date': '2020-13-45' is not a valid date. Fix: write the date as "
        "YYYY-MM-DD HH:MM, for example 'Date: 2020-08-15 10:00'",
        "content/news/dataset.md: field 'Dataset': 'nav-tadu' is not a dataset. "
        "Fix: use a dataset id from content/data/",
    ]
    assert report.links_checked is False


def test_cli_check_exits_non_zero_on_a_problem_and_zero_on_clean_content(site, monkeypatch, capsys):
    monkeypatch.chdir(site.root)
    site.post("laba", "Laba ziņa", body="Skatiet [arhīvu](/zinas/).")
    write_footer_pages(site)
    conf = settings_file_for(site)
    conf.write_text(conf.read_text(encoding="utf-8") + "MAIN_MENU = [('Ziņas', 'zinas/')]\n", encoding="utf-8")

    assert checks.cli_check(conf) == 0
    assert capsys.readouterr().out == "No problems found in 4 content files.\n"

    site.write("news/bad-date.md", BROKEN_POSTS["news/bad-date.md"])
    assert checks.cli_check(conf) == 1
    err = capsys.readouterr().err
    assert err.startswith("1 problem(s) found; nothing was published:\n"
                          "  content/news/bad-date.md:2: field 'Date': '2020-13-45' is not a valid date.")


def test_links_are_traced_to_front_matter_the_menu_or_the_theme(tmp_path, monkeypatch):
    """The link check alone, on hand-written pages: no build needed."""
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "content/projects/p.md"
    source.parent.mkdir(parents=True)
    source.write_text("Title: P\nWebsite: https://lpr.gov.lv/lv/vecs/\n\nTeksts.\n", encoding="utf-8")
    site = tmp_path / "site"
    (site / "projekti/p").mkdir(parents=True)
    (site / "projekti/p/index.html").write_text(
        '<header><a href="https://lpr.gov.lv/dati/">Dati</a></header><main>'
        '<a href="https://lpr.gov.lv/lv/vecs/">vecā lapa</a> <a href="https://lpr.gov.lv/projekti/p/">šī</a>'
        '<a href="https://lpr.gov.lv/birka/x/">birka</a> <a href="https://example.com/">cita vietne</a></main>',
        encoding="utf-8")
    settings = {"SITEURL": "https://lpr.gov.lv", "MAIN_MENU": [("Dati", "dati/")]}

    problems = [str(problem) for problem in checks.link_problems(site, settings, [source])]
    assert problems == [
        "pelicanconf.py: field 'MAIN_MENU': the menu item 'Dati' links to /dati/, a page the build did not make. "
        "Fix: add that page to the content, or remove the item from MAIN_MENU",
        "content/projects/p.md:2: the link 'https://lpr.gov.lv/lv/vecs/' leads to no page of the portal. "
        "Fix: correct the address; if the web server answers it without this build (say, a redirect from the "
        "old portal), add its beginning to LINK_CHECK_IGNORE in pelicanconf.py",
        "theme/templates: the link 'https://lpr.gov.lv/birka/x/' in the main content of the page /projekti/p/ "
        "leads to no page of the portal (it comes from the theme or a plugin, not from a content file). "
        "Fix: add the page it points to, or correct the link in the template",
    ]
    settings["LINK_CHECK_IGNORE"] = ["https://lpr.gov.lv/lv/"]  # the old portal's addresses, redirected
    assert len(checks.link_problems(site, settings, [source])) == 2


def test_check_finds_a_link_to_a_heading_that_is_not_there(site, monkeypatch):
    monkeypatch.chdir(site.content.parent)
    write_footer_pages(site)
    site.post("merkis", "Mērķa ziņa", body="## Rezultāti\n\nTeksts.\n")
    site.post("saite", "Saišu ziņa", date="2020-08-16 10:00",
              body="[labi]({filename}/news/merkis.md#rezultati) un [slikti]({filename}/news/merkis.md#nav-tadas)\n")
    report = checked(site)
    assert report.problems == [
        "content/news/saite.md:5: the link '/zinas/2020/08/merka-zina/#nav-tadas' leads to a page that has no "
        "'#nav-tadas' on it. Fix: open that page in the preview, click the heading's '#' link and copy its "
        "address, or leave the '#…' part out"]
