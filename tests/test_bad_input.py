"""A content author's mistakes stop the build with a plain message and lose nothing."""

import re
import shutil
import subprocess
import sys

import pytest

from portalbuild import ROOT
from portalbuild.runner import BuildFailed
from tests.conftest import settings_of


def build_failure(site) -> str:
    with pytest.raises(BuildFailed) as failure:
        site.build()
    return "\n".join(failure.value.messages)


def test_missing_title_names_file_field_and_fix(site):
    site.write("news/bez-virsraksta.md", "Date: 2020-08-15 10:00\nCategory: Transports\n\nTeksts.\n")
    message = build_failure(site)
    assert "news/bez-virsraksta.md" in message
    assert "field 'Title': the title is missing or empty. Fix: add a line 'Title: …'" in message


def test_invalid_date_names_the_line(site):
    site.write("news/datums.md", "Title: Ziņa\nDate: 2020-13-45\nCategory: Transports\n\nTeksts.\n")
    message = build_failure(site)
    assert "news/datums.md:2: field 'Date': '2020-13-45' is not a valid date" in message
    assert "Fix: write the date as YYYY-MM-DD HH:MM" in message


def test_unknown_category_lists_the_allowed_ones(site):
    site.write("news/kategorija.md", "Title: Ziņa\nDate: 2020-08-15\nCategory: Sports\n\nTeksts.\n")
    message = build_failure(site)
    assert "news/kategorija.md:3: field 'Category': 'Sports' is not one of the portal's categories" in message
    assert "Fix: use one of: Reģiona attīstība, Uzņēmējdarbība" in message


def test_a_post_that_passed_before_is_checked_again_when_it_or_the_categories_change(site):
    post = "Title: Ziņa\nDate: 2020-08-15 10:00\nCategory: Transports\n\nTeksts.\n"
    site.write("news/zina.md", post)
    site.build()  # passes, and is remembered as passed
    site.write("news/zina.md", post.replace("Category: Transports", "Category: Sports"))
    assert "news/zina.md:3: field 'Category': 'Sports' is not one of the portal's categories" in build_failure(site)
    site.write("news/zina.md", post)
    site.build()
    with pytest.raises(BuildFailed) as failure:  # the same file, but Transports is no longer a category
        site.build(PORTAL_CATEGORIES=["Pārvalde"])
    assert "'Transports' is not one of the portal's categories" in "\n".join(failure.value.messages)


def test_unreadable_front_matter_names_the_line(site):
    site.write("news/galva.md", "Title: Ziņa\nDate 2020-08-15\nCategory: Transports\n\nTeksts.\n")
    message = build_failure(site)
    assert "news/galva.md:2: the front matter line 'Date 2020-08-15' is not in the form 'Key: value'" in message


def test_file_without_front_matter(site):
    site.write("news/tikai-teksts.md", "Šodien notika sēde.\n")
    assert "news/tikai-teksts.md:1: the file does not start with front matter" in build_failure(site)


def test_file_that_is_not_utf8(site):
    (site.content / "news" / "kodejums.md").write_bytes("Title: Zi\u0146a\n".encode("cp1257"))
    assert "news/kodejums.md: the file is not UTF-8 text" in build_failure(site)


def test_unknown_status(site):
    site.post("statuss", "Ziņa", status="gatavs")
    assert "field 'Status': 'gatavs' is not a known status. Fix: use one of: published, draft" in build_failure(site)


def test_page_without_title(site):
    site.write("pages/lapa.md", "Slug: lapa\n\nTeksts.\n")
    assert "pages/lapa.md: field 'Title': the title is missing" in build_failure(site)


def test_every_problem_is_reported_at_once(site):
    site.write("news/a.md", "Title: A\nDate: vakar\nCategory: Transports\n\nTeksts.\n")
    site.write("news/b.md", "Title: B\nDate: 2020-08-15\nCategory: Sports\n\nTeksts.\n")
    message = build_failure(site)
    assert "news/a.md:2" in message and "news/b.md:3" in message


def test_failed_build_keeps_the_previous_output(site):
    site.post("laba", "Laba ziņa")
    site.build()
    before = site.read("index.html")
    site.write("news/slikta.md", "Title: Slikta\nDate: nekad\nCategory: Transports\n\nTeksts.\n")
    build_failure(site)
    assert site.read("index.html") == before
    assert not any(".staging" in p.name for p in site.root.iterdir())


def test_unchanged_files_keep_their_modification_time(site):
    site.post("laba", "Laba ziņa")
    site.post("vidus", "Vidējā ziņa", date="2020-08-20 10:00")  # the new post's neighbour, not Laba's
    site.build()
    article = site.output / "zinas/2020/08/laba-zina/index.html"
    old_mtime = article.stat().st_mtime_ns
    site.post("otra", "Otra ziņa", date="2020-09-01 10:00")
    site.build()
    assert article.stat().st_mtime_ns == old_mtime
    assert "Otra ziņa" in site.read("index.html")


def test_pages_rendered_again_with_the_same_bytes_keep_their_times_beside_the_search_step_and_after_it(site):
    import os

    old = 1_600_000_000
    site.post("laba", "Laba ziņa")
    about = site.write("pages/par-regionu.md", "Title: Par reģionu\nSlug: par-regionu\n\nTeksts.\n")
    site.build()  # PORTAL_POST_BUILD: the search step, which writes only pagefind/
    article = site.output / "zinas/2020/08/laba-zina/index.html"
    for path in site.output.rglob("*"):
        os.utime(path, (old, old))
    inode = article.stat().st_ino
    os.utime(about)  # a page's file is newer: every page is rendered again, with the same bytes
    site.build()
    assert article.stat().st_ino != inode
    # The times are carried over by a process of its own while the search step runs, and for
    # the search step's own files (a new shards.js, the same bytes) at the swap.
    assert article.stat().st_mtime_ns == old * 10**9
    assert (site.output / "pagefind/shards.js").stat().st_mtime_ns == old * 10**9
    assert (site.output / "par-regionu/index.html").stat().st_mtime_ns == old * 10**9


def test_command_line_build_prints_messages_without_traceback(site):
    site.write("news/datums.md", "Title: Ziņa\nDate: 2020-02-30\nCategory: Transports\n\nTeksts.\n")
    settings = site.root / "conf.py"
    settings.write_text(settings_of() + f"PATH = {str(site.content)!r}\n"
                        f"OUTPUT_PATH = {str(site.output)!r}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "portalbuild", "--settings", str(settings)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "Build failed; the previous output is unchanged." in result.stderr
    assert "field 'Date': '2020-02-30' is not a valid date" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_two_posts_at_the_same_address(site):
    site.post("viens", "Tā pati ziņa", date="2020-08-01 10:00")
    site.post("divi", "Tā pati ziņa", date="2020-08-20 10:00")
    message = build_failure(site)
    assert "field 'Slug': it would be published at /zinas/2020/08/ta-pati-zina/ like" in message
    assert "Fix: give one of the two files a different 'Slug: …' line" in message


def test_a_field_written_twice(site):
    site.write("news/divreiz.md", "Title: Viens\nTitle: Divi\nDate: 2020-08-15\nCategory: Transports\n\nTeksts.\n")
    message = build_failure(site)
    assert ("news/divreiz.md:2: field 'Title': the field appears twice (lines 1 and 2). "
            "Fix: keep one 'Title: …' line") in message


def test_day_first_date_is_refused_not_guessed(site):
    site.write("news/datums-lv.md", "Title: Ziņa\nDate: 05.08.2020 10:00\nCategory: Transports\n\nTeksts.\n")
    assert ("news/datums-lv.md:2: field 'Date': '05.08.2020 10:00' is not a valid date. "
            "Fix: write the date as YYYY-MM-DD HH:MM") in build_failure(site)


def test_bad_modified_date(site):
    site.write("news/labots.md", "Title: Ziņa\nDate: 2020-08-15\nModified: vakar\nCategory: Transports\n\nTeksts.\n")
    assert "news/labots.md:3: field 'Modified': 'vakar' is not a valid date" in build_failure(site)


def test_misspelt_field_suggests_the_right_one(site):
    site.write("news/kopsavilkums.md", "Title: Ziņa\nDate: 2020-08-15\nCategory: Transports\n"
                                        "Sumary: Īsumā.\n\nTeksts.\n")
    assert ("news/kopsavilkums.md:4: field 'Sumary': 'Sumary' is not a field the portal knows. "
            "Fix: did you mean 'Summary'? (or remove the line)") in build_failure(site)


def test_slug_with_latvian_letters(site):
    site.post("adrese", "Ziņa", slug="latgales-diena-rīgā")
    assert ("field 'Slug': 'latgales-diena-rīgā' is not a plain ASCII address. "
            "Fix: use lowercase letters a–z, digits and hyphens (ā → a, š → s, ž → z)") in build_failure(site)


def test_page_slug_that_the_portal_uses_itself(site):
    site.write("pages/zinas.md", "Title: Ziņas\nSlug: zinas\n\nTeksts.\n")
    assert ("pages/zinas.md:2: field 'Slug': the address /zinas/ is one the portal makes itself. "
            "Fix: choose another 'Slug: …' for this page") in build_failure(site)


def test_level_one_heading_in_the_text(site):
    site.post("virsraksts", "Ziņa", body="Ievads.\n\n```\n# komentārs kodā\n```\n\n# Otrs virsraksts\n")
    assert ("news/virsraksts.md:11: the text has a level-1 heading ('# …'), but the title is the page's h1. "
            "Fix: use '## …' for headings in the text") in build_failure(site)


@pytest.mark.parametrize(("text", "line"), [
    ("Title: Ziņa\n\n## Apakšvirsraksts\n\n### Vēl viens\n", None),
    ("Title: Ziņa\n\nTeksts ar # zīmi vidū.\n", None),
    ("Title: Ziņa\n\nTeksts.\u2028# Virsraksts aiz rindas atdalītāja\n", 4),  # a line break str.splitlines knows
    ("Title: Ziņa\n\n#\tVirsraksts aiz tabulācijas\n", 3),
    ("Title: Ziņa\n\nTeksts.#\r# Virsraksts aiz CR, pēc rindas ar # beigās\n", 4),
    ("# Title: Ziņa ar # pirmajā zīmē\n\nTeksts.\n", None),  # in the front matter, not the text
])
def test_level_one_heading_is_found_on_any_line_and_only_there(text, line):
    from content_guard.checks import _check_body_headings

    assert [problem.line for problem in _check_body_headings("news/x.md", text)] == ([line] if line else [])


def test_byte_order_mark_is_accepted(site):
    (site.content / "news" / "bom.md").write_text(
        "\ufeffTitle: Ziņa ar BOM\nDate: 2020-08-15\nCategory: Transports\n\nTeksts.\n", encoding="utf-8")
    site.build()
    assert "Ziņa ar BOM" in site.read("index.html")


def test_a_broken_template_is_named_with_its_line_and_leaves_no_staging(site):
    theme = site.root / "theme"
    shutil.copytree(ROOT / "theme", theme)
    article = theme / "templates" / "article.html"
    article.write_text(article.read_text(encoding="utf-8") + "{% if %}\n", encoding="utf-8")
    site.post("zina", "Ziņa")
    with pytest.raises(BuildFailed) as failure:
        site.build(THEME=str(theme))
    message = "\n".join(failure.value.messages)
    assert re.search(r"templates/article\.html:\d+: the template cannot be rendered \(TemplateSyntaxError", message)
    assert "Fix: correct the template in" in message
    assert not any(".staging" in p.name for p in site.root.iterdir())


def test_strings_file_without_a_label_a_plugin_needs(site):
    strings = site.root / "strings.yaml"
    text = (ROOT / "theme" / "strings.yaml").read_text(encoding="utf-8")
    strings.write_text(re.sub(r"(?m)^  toc_title: .*\n", "", text), encoding="utf-8")
    site.post("zina", "Ziņa")
    with pytest.raises(BuildFailed) as failure:
        site.build(UI_STRINGS_FILE=str(strings))
    assert ("strings.yaml: the 'lv:' block has no toc_title. "
            "Fix: add the missing keys") in "\n".join(failure.value.messages)


@pytest.mark.parametrize("marker", ["[[ project: crafts ]]", "[[projekts:crafts]]"])
def test_a_marker_no_plugin_knows(site, marker):
    site.post("markieris", "Ziņa", body=f"Ievads.\n\n{marker}\n")
    assert (f"news/markieris.md:7: the marker '{marker}' is not one the portal knows. "
            "Fix: write [[project:slug]] or [[indicator:id]]") in build_failure(site)


def test_a_marker_in_the_summary(site):
    site.post("kopsavilkums", "Ziņa", summary="Skat. [[projekts:crafts]]")
    assert ("news/kopsavilkums.md:4: field 'Summary': the marker '[[projekts:crafts]]' is not one the portal "
            "knows") in build_failure(site)


def test_a_marker_in_code_is_text(site):
    site.post("kods", "Ziņa", body="Piemērs: `[[project:crafts]]`.\n")
    site.build()
    assert "[[project:crafts]]" in site.read("zinas/2020/08/zina/index.html")


# --- Settings the runner, the steps and project_cards read: checked like every plugin's ------

def settings_failure(site, **overrides) -> str:
    site.post("zina", "Ziņa")
    with pytest.raises(BuildFailed) as failure:
        site.build(**overrides)
    return "\n".join(failure.value.messages)


@pytest.mark.parametrize(("overrides", "message"), [
    ({"PROJECT_CARDS_TODYA": "2020-01-01"},
     "pelicanconf.py: field 'PROJECT_CARDS_TODYA': unknown setting. Fix: did you mean 'PROJECT_CARDS_TODAY'? "
     "Known settings: PROJECT_CARDS_PATH, PROJECT_CARDS_URL,"),
    ({"PROJECT_CARDS_URL": "projekti/"},
     "pelicanconf.py: field 'PROJECT_CARDS_URL': 'projekti/' has no {slug}, so every project would get the same "
     "page. Fix: put {slug} where the project's name goes, e.g. PROJECT_CARDS_URL = 'projekti/{slug}/'"),
    ({"PROJECT_CARDS_PATH": ["projects"]},
     "pelicanconf.py: field 'PROJECT_CARDS_PATH': ['projects'] is not text. Fix: write it in quotes, "
     "e.g. PROJECT_CARDS_PATH = 'projects'"),
    ({"PROJECT_CARDS_FUNDS": {"ERAF": {"name": "Fonds"}}},
     "pelicanconf.py: field 'PROJECT_CARDS_FUNDS': {'ERAF': {'name': 'Fonds'}} has entries of the wrong shape "
     "('ERAF'). Fix: give each fund exactly the keys name, kind, label, statement"),
    ({"FAST_BUILD": {"worker": 2}},
     "pelicanconf.py: field 'FAST_BUILD': unknown key 'worker'. Fix: did you mean 'workers'? "
     "Known keys: workers, incremental, min_articles"),
    ({"FAST_BUILD": {"workers": -1, "incremental": "no"}},
     "pelicanconf.py: field 'FAST_BUILD['workers']': -1 is not a whole number of 0 or more. "
     "Fix: set FAST_BUILD['workers'] to a whole number of 0 or more, e.g. 0"),
    ({"FAST_BUILD": {"incremental": "no"}},
     "pelicanconf.py: field 'FAST_BUILD['incremental']': 'no' is not True or False. "
     "Fix: set FAST_BUILD['incremental'] to True or False, e.g. True"),
    ({"FAST_BUILD": "fast"},
     "pelicanconf.py: field 'FAST_BUILD': the setting must be a dictionary, not 'fast'. "
     "Fix: write FAST_BUILD = {…} with keys from: workers, incremental, min_articles"),
    ({"PORTAL_POST_BUILD": ["serach"]},
     "pelicanconf.py: field 'PORTAL_POST_BUILD': 'serach' is not a known post-build step. "
     "Fix: did you mean 'search'? Known steps: search, check, precompress, extra_files"),
    ({"PORTAL_POST_BUILD": "search"},
     "pelicanconf.py: field 'PORTAL_POST_BUILD': 'search' is not a list of step names. "
     "Fix: write PORTAL_POST_BUILD = ['search', 'check', 'precompress', 'extra_files'], in the order"),
    ({"LINK_CHECK_IGNORE": "https://lpr.gov.lv/lv/"},
     "pelicanconf.py: field 'LINK_CHECK_IGNORE': 'https://lpr.gov.lv/lv/' is not a list. "
     "Fix: write LINK_CHECK_IGNORE = ['https://lpr.gov.lv/lv/']: a list, even of one address"),
    ({"LINK_CHECK_IGNORE": ["lpr.gov.lv/lv/", None]},
     "pelicanconf.py: field 'LINK_CHECK_IGNORE': 'lpr.gov.lv/lv/' is not the beginning of links to this site, "
     "so no link the check checks starts with it. Fix: write it from the root ('/lv/') or with the site's "
     "address ('https://lpr.gov.lv/lv/')"),
], ids=["project-cards-typo", "project-url-without-slug", "project-path-not-text", "project-funds-shape",
        "fast-build-typo", "fast-build-workers", "fast-build-incremental", "fast-build-not-a-dict",
        "post-build-typo", "post-build-not-a-list", "link-check-ignore-not-a-list", "link-check-ignore-foreign"])
def test_a_bad_setting_names_the_setting_and_the_fix(site, overrides, message):
    assert message in settings_failure(site, **overrides)


def test_settings_the_runner_reads_are_checked_before_anything_is_built(site):
    site.build()
    before = (site.output / "index.html").read_bytes()
    message = settings_failure(site, PORTAL_POST_BUILD=["search", "minify"], FAST_BUILD={"workers": "2"})
    assert message.splitlines() == [
        "pelicanconf.py: field 'FAST_BUILD['workers']': '2' is not a whole number of 0 or more. "
        "Fix: set FAST_BUILD['workers'] to a whole number of 0 or more, e.g. 0",
        "pelicanconf.py: field 'PORTAL_POST_BUILD': 'minify' is not a known post-build step. "
        "Fix: use one of: search, check, precompress, extra_files"]
    assert (site.output / "index.html").read_bytes() == before
    assert not [path for path in site.root.iterdir() if "staging" in path.name]


def test_invoke_check_names_a_bad_link_check_setting(site):
    from portalbuild.commands.check import run_check

    site.post("zina", "Ziņa")
    report = run_check(overrides={"PATH": str(site.content), "LINK_CHECK_IGNORE": ["lv/"]})
    assert ("pelicanconf.py: field 'LINK_CHECK_IGNORE': 'lv/' is not the beginning of links to this site"
            in "\n".join(report.problems))
