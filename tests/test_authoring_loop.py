"""No silent failure: build, check and publish name what they leave out, and agree with each other."""

from __future__ import annotations

import datetime
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from portalbuild import ROOT
from portalbuild.commands import check as checks
from portalbuild.commands import publish as publishing
from tests.conftest import settings_of, text_of
from tests.test_authoring import write_footer_pages

RIGA = ZoneInfo("Europe/Riga")


def settings_file(site, base: str = "pelicanconf", **extra) -> Path:
    """A settings file like ``base``.py whose content folder is the test site's."""
    path = site.root / f"{base}_test.py"
    lines = [settings_of(ROOT / f"{base}.py"),
             f"PATH = {str(site.content)!r}", f"CACHE_PATH = {str(site.root / 'cache')!r}",
             f"OUTPUT_PATH = {str(site.output)!r}", "MAIN_MENU = [('Ziņas', 'zinas/')]"]
    lines += [f"{key} = {value!r}" for key, value in extra.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_build(site, conf: Path) -> subprocess.CompletedProcess:
    """`invoke build` runs this command (tasks.py), here with the test site's settings."""
    return subprocess.run([sys.executable, "-m", "portalbuild", "--settings", str(conf)], cwd=site.root,
                          capture_output=True, text=True, check=False)


def unpublished_site(site):
    write_footer_pages(site)
    site.post("2020/08-15-publiceta", "Publicēta ziņa")
    site.post("2020/08-16-melnraksts", "Melnraksts", date="2020-08-16 10:00", status="Draft")
    site.post("2099/01-05-nakotne", "Nākotnes ziņa", date="2099-01-05 09:30")
    site.write("news/2020/12-07-zina.md.txt", "Title: Teksta fails\nDate: 2020-12-07 10:00\n\nTeksts.\n")
    site.write("zina.md", "Title: Ne mapē\nDate: 2020-12-07 10:00\nCategory: Transports\n\nTeksts.\n")
    site.write("news/2020/piezimes.docx", "nav Markdown")
    site.write("news/2020/12-08-LIELIE-BURTI.MD", "Title: Lielie burti\nDate: 2020-12-08 10:00\n\nTeksts.\n")
    site.write("pages/jauna-lapa.md", "Title: Jauna lapa\nStatus: draft\n\nTeksts.\n")
    site.write("images/.DS_Store", "")
    site.write("data/lasimani.txt", "Datu kopu apraksts.")
    site.write("planojums.pdf", "%PDF")


EXPECTED_UNPUBLISHED = [
    "Not published (9 file(s)):",
    "  content/news/2020/08-16-melnraksts.md:4: field 'Status': a draft, not published. "
    "To publish it: remove the line 'Status: Draft'",
    "  content/pages/jauna-lapa.md:2: field 'Status': a draft, not published. "
    "To publish it: remove the line 'Status: draft'",
    "  content/news/2099/01-05-nakotne.md:2: field 'Date': scheduled for 2099-01-05 09:30 (Europe/Riga), "
    "published by the first build after that",
    "  content/planojums.pdf: not published: files are published as they are only from content/images/ and "
    "content/extra/. Fix: move it to content/images/ (an image) or remove it",
    "  content/zina.md: not published: it is not in a folder the portal publishes posts or pages from. "
    "Fix: move it to content/news/<year>/ (a news post) or content/pages/ (a page)",
    "  content/data/lasimani.txt: not published: content/data/ holds only .yaml or .yml files. Fix: move the "
    "file to content/images/ (an image) or remove it",
    "  content/news/2020/12-07-zina.md.txt: not published: the name ends in '.txt' after '.md', so the file "
    "is not read as Markdown. Fix: rename it to 12-07-zina.md",
    "  content/news/2020/12-08-LIELIE-BURTI.MD: not published: the name ends in '.MD', and only '.md' is "
    "read. Fix: rename it to 12-08-LIELIE-BURTI.md",
    "  content/news/2020/piezimes.docx: not published: posts and pages are read only from Markdown files "
    "(.md), not from '.docx' files. Fix: save the text as a .md file; put images in content/images/ and "
    "link them with '{static}/images/…'",
]


def test_build_names_drafts_scheduled_posts_and_files_it_does_not_read(site):
    unpublished_site(site)
    built = run_build(site, settings_file(site))

    assert built.returncode == 0, built.stderr
    lines = built.stdout.splitlines()
    assert lines[lines.index(EXPECTED_UNPUBLISHED[0]):] == EXPECTED_UNPUBLISHED
    assert "Traceback" not in built.stderr


def test_check_and_publish_name_them_too(site, monkeypatch, capsys):
    unpublished_site(site)
    monkeypatch.chdir(site.root)

    assert checks.cli_check(settings_file(site)) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:len(EXPECTED_UNPUBLISHED)] == EXPECTED_UNPUBLISHED
    assert out[-1].startswith("No problems found in ")

    www = site.root / "www"
    conf = settings_file(site, "publishconf", PUBLISH_TARGET={"kind": "local", "path": str(www)},
                         PORTAL_POST_BUILD=["search"])
    assert publishing.cli_publish(conf) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[out.index(f"Published: {www}") + 1:] == EXPECTED_UNPUBLISHED
    assert not (www / "zinas/2020/08/melnraksts").exists()


def _this_month_bounds() -> tuple[datetime.datetime, datetime.datetime]:
    """A minute after this month began and a minute before it ends, Riga time."""
    now = datetime.datetime.now(RIGA)
    start = now.replace(day=1, hour=0, minute=1, second=0, microsecond=0)
    next_month = (start + datetime.timedelta(days=32)).replace(day=1, minute=0)
    return start, next_month - datetime.timedelta(minutes=1)


def test_a_scheduled_post_at_a_published_posts_address_is_flagged_now(site, monkeypatch, capsys):
    """Today the build passes (the scheduled post is not written yet), but the build on its date would fail."""
    monkeypatch.chdir(site.root)
    write_footer_pages(site)
    published, planned = _this_month_bounds()
    site.post("a-publiceta", "Sēde Rēzeknē", date=f"{published:%Y-%m-%d %H:%M}", slug="sede")
    site.post("b-planota", "Vēl viena sēde", date=f"{planned:%Y-%m-%d %H:%M}", slug="sede")
    url = f"/zinas/{published:%Y/%m}/sede/"

    built = run_build(site, settings_file(site))
    assert built.returncode == 1
    assert built.stderr.splitlines()[-1] == (
        f"  content/news/b-planota.md: field 'Slug': scheduled for {planned:%Y-%m-%d %H:%M}, it would then be "
        f"published at {url} like content/news/a-publiceta.md, and that build would fail. Fix: give one of the "
        "two files a different 'Slug: …' line")

    assert checks.cli_check(settings_file(site)) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"field 'Slug': it would be published at {url} like content/news/" in err


def test_check_reports_two_posts_of_one_month_with_one_slug_as_the_build_does(site, monkeypatch, capsys):
    monkeypatch.chdir(site.root)
    write_footer_pages(site)
    site.post("a", "Sēde", date="2020-08-01 10:00", slug="sede")
    site.post("b", "Otra sēde", date="2020-08-20 10:00", slug="sede")

    assert checks.cli_check(settings_file(site)) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "FileOverwriteFailedError" not in err
    assert ("content/news/a.md: field 'Slug': it would be published at /zinas/2020/08/sede/ like "
            "content/news/b.md. Fix: give one of the two files a different 'Slug: …' line") in err


# --- tags ----------------------------------------------------------------------

def test_a_semicolon_in_the_tags_is_an_error_with_the_line_rewritten(site, monkeypatch, capsys):
    monkeypatch.chdir(site.root)
    write_footer_pages(site)
    site.post("semikols", "Ceļu remonts", tags="Rēzekne, ceļi; satiksme")

    built = run_build(site, settings_file(site))
    assert built.returncode == 1
    expected = ("content/news/semikols.md:4: field 'Tags': the tags are separated by ';' (with one ';' on the "
                "line, commas no longer separate tags). Fix: separate the tags with commas only: "
                "'Tags: Rēzekne, ceļi, satiksme'")
    assert f"  {expected}" in built.stderr.splitlines()
    assert checks.cli_check(settings_file(site)) == 1
    assert f"  {expected}" in capsys.readouterr().err.splitlines()


def test_a_tag_of_nothing_but_punctuation_is_an_error(site):
    """plugins/content_safety's check, through the build command; '–' has the slug '-', an address."""
    site.post("punkti", "Ziņa", tags="Rēzekne, –, ...")
    built = run_build(site, settings_file(site))
    assert built.returncode == 1
    for tag in ("–", "..."):
        assert (f"content/news/punkti.md:4: field 'Tags': the tag '{tag}' has no letters or digits, so its page "
                "would have no address. Fix: use a word as the tag, or remove it") in built.stderr


def test_one_tag_written_in_several_ways_across_the_site_names_both_spellings_and_the_files(
        site, monkeypatch, capsys):
    monkeypatch.chdir(site.root)
    write_footer_pages(site)
    site.post("a", "Pirmā", date="2020-08-01 10:00", tags="Rēzekne, ceļi")
    site.post("b", "Otrā", date="2020-08-02 10:00", tags="Rēzekne")
    site.post("c", "Trešā", date="2020-08-03 10:00", tags="rēzekne")
    site.post("d", "Ceturtā", date="2020-08-04 10:00", tags="Rezekne", status="draft")

    expected = [
        "content/news/d.md:4: field 'Tags': the tag 'Rezekne' is written 'Rēzekne' in content/news/a.md and 1 "
        "more; both lead to one tag page (/birka/rezekne/), listed under two names. Fix: write it 'Rēzekne' "
        "here too",
        "content/news/c.md:4: field 'Tags': the tag 'rēzekne' is written 'Rēzekne' in content/news/a.md and 1 "
        "more; both lead to one tag page (/birka/rezekne/), listed under two names. Fix: write it 'Rēzekne' "
        "here too",
    ]
    built = run_build(site, settings_file(site))
    assert built.returncode == 1
    assert [line.strip() for line in built.stderr.splitlines()[-2:]] == expected

    assert checks.cli_check(settings_file(site)) == 1
    err = capsys.readouterr().err
    assert all(f"  {line}" in err.splitlines() for line in expected)
    assert "Traceback" not in err


# --- links -----------------------------------------------------------------------

LINK_POSTS = {
    "news/saites.md": """\
        Title: Saites
        Date: 2020-08-03 10:00
        Category: Transports
        Summary: Skatiet [vecās lapas](https://lpr.gov.lv/vecas-lapas/) un [plānu](htps://example.lv/plans).

        Vecā [adrese](https://lpr.gov.lv/nav-tadas/), [arhīvs](https://lpr.gov.lv/zinas/).

        [Karte](htps://maps.example.lv/karte) un [ministrija](https:/www.varam.gov.lv/).

        Vietnes [www.example.lv/x](www.example.lv/x) un [example.lv](example.lv), [pasts](pasts@lpr.gov.lv).
        """,
}

EXPECTED_LINK_PROBLEMS = [
    "content/news/saites.md:4: field 'Summary': the link 'https://lpr.gov.lv/vecas-lapas/' leads to no page of "
    "the portal. Fix: correct the address; if the web server answers it without this build (say, a redirect "
    "from the old portal), add its beginning to LINK_CHECK_IGNORE in pelicanconf.py",
    "content/news/saites.md:4: field 'Summary': the link 'htps://example.lv/plans' starts with 'htps:', which "
    "no browser opens. Fix: write 'https://example.lv/plans'",
    "content/news/saites.md:6: the link 'https://lpr.gov.lv/nav-tadas/' leads to no page of the portal. Fix: "
    "correct the address; if the web server answers it without this build (say, a redirect from the old "
    "portal), add its beginning to LINK_CHECK_IGNORE in pelicanconf.py",
    "content/news/saites.md:8: the link 'htps://maps.example.lv/karte' starts with 'htps:', which no browser "
    "opens. Fix: write 'https://maps.example.lv/karte'",
    "content/news/saites.md:8: the link 'https:/www.varam.gov.lv/' lacks the '//' after 'https:'. Fix: write "
    "'https://www.varam.gov.lv/'",
    "content/news/saites.md:10: the link 'www.example.lv/x' has no https:// in front, so the browser looks for "
    "it on the portal. Fix: write 'https://www.example.lv/x'",
    "content/news/saites.md:10: the link 'example.lv' has no https:// in front, so the browser looks for it on "
    "the portal. Fix: write 'https://example.lv'",
    "content/news/saites.md:10: the link 'pasts@lpr.gov.lv' is an e-mail address without 'mailto:', so it "
    "leads to no page. Fix: write 'mailto:pasts@lpr.gov.lv'",
]


def test_check_rejects_the_links_publish_rejects_in_every_field_with_the_fix(site, monkeypatch, capsys):
    monkeypatch.chdir(site.root)
    write_footer_pages(site)
    for relative, text in LINK_POSTS.items():
        site.write(relative, text)

    assert checks.cli_check(settings_file(site)) == 1
    checked = [line[2:] for line in capsys.readouterr().err.splitlines() if line.startswith("  ")]
    assert sorted(checked) == sorted(EXPECTED_LINK_PROBLEMS)

    www = site.root / "www"
    conf = settings_file(site, "publishconf", PUBLISH_TARGET={"kind": "local", "path": str(www)},
                         PORTAL_POST_BUILD=["search"])
    assert publishing.cli_publish(conf) == 1
    published = [line[2:] for line in capsys.readouterr().err.splitlines() if line.startswith("  ")]
    assert sorted(published) == sorted(EXPECTED_LINK_PROBLEMS)
    assert not www.exists()


@pytest.mark.parametrize("href, message", [
    ("htps://example.lv/x", ("the link 'htps://example.lv/x' starts with 'htps:', which no browser opens",
                             "write 'https://example.lv/x'")),
    ("hhttps://example.lv", ("the link 'hhttps://example.lv' starts with 'hhttps:', which no browser opens",
                             "write 'https://example.lv'")),
    ("mailtto:pasts@lpr.gov.lv", ("the link 'mailtto:pasts@lpr.gov.lv' starts with 'mailtto:', which no browser "
                                  "opens", "write 'mailto:pasts@lpr.gov.lv'")),
    ("zvans:+371", ("the link 'zvans:+371' starts with 'zvans:', which no browser opens",
                    "start another site's address with https://, an e-mail address with mailto:")),
    ("https:example.lv", ("the link 'https:example.lv' lacks the '//' after 'https:'", "write 'https://example.lv'")),
    ("https://", ("the link 'https://' names no site after 'https://'", "write the whole address, https://…")),
])
def test_a_link_of_a_shape_no_browser_opens_gets_the_corrected_address(href, message):
    from portalbuild.shared.linkforms import malformed

    assert malformed(href) == message


@pytest.mark.parametrize("href", ["https://example.lv/x", "mailto:a@b.lv", "tel:+371", "/zinas/", "../x/",
                                  "index.html", "plans.pdf", "#saturs", "C:\\dokumenti\\x.docx"])
def test_links_of_a_usual_shape_pass_the_shape_check(href):
    from portalbuild.shared.linkforms import malformed, missing_scheme

    assert malformed(href) is None
    assert missing_scheme(href) is None


def test_links_that_publish_accepts_pass_the_check(site, monkeypatch, capsys):
    monkeypatch.chdir(site.root)
    write_footer_pages(site)
    site.post("labas-saites", "Labas saites", summary="Skatiet [arhīvu](https://lpr.gov.lv/zinas/).",
              body="[Kontakti](https://lpr.gov.lv/kontakti/), [VARAM](https://www.varam.gov.lv/), "
                   "[pasts](mailto:pasts@lpr.gov.lv), [tālrunis](tel:+37129494921), [plāns](plans.pdf).")
    site.write("news/plans.pdf", "%PDF")
    assert checks.cli_check(settings_file(site)) == 1  # plans.pdf is relative to the page's address
    assert capsys.readouterr().err.splitlines()[1] == (
        "  content/news/labas-saites.md:6: the link 'plans.pdf' leads to no page of the portal. Fix: correct "
        "the address (open the page in the preview and copy its address), or link to a post with "
        "'{filename}/news/<year>/<file>.md'")
    site.post("labas-saites", "Labas saites", summary="Skatiet [arhīvu](https://lpr.gov.lv/zinas/).",
              body="[Kontakti](https://lpr.gov.lv/kontakti/), [VARAM](https://www.varam.gov.lv/), "
                   "[pasts](mailto:pasts@lpr.gov.lv), [tālrunis](tel:+37129494921).")
    assert checks.cli_check(settings_file(site)) == 0


# --- the commands as the README writes them ------------------------------------------

def run_invoke(*arguments: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The README's `./invoke …`, the wrapper that runs .venv/bin/invoke (the one running the tests)."""
    return subprocess.run([str(ROOT / "invoke"), *arguments], cwd=cwd, capture_output=True, text=True,
                          check=False, timeout=120)


def news_files() -> set[Path]:
    return set((ROOT / "content/news").rglob("*"))


def test_the_wrapper_runs_the_tasks_without_an_activated_venv_from_any_folder(tmp_path):
    listed = run_invoke("--list", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    for name in ("new", "live", "check", "publish", "build"):
        assert f"  {name} " in listed.stdout


def test_the_wrapper_says_how_to_set_up_when_the_venv_is_missing(tmp_path):
    (tmp_path / "invoke").write_bytes((ROOT / "invoke").read_bytes())
    (tmp_path / "invoke").chmod(0o755)
    result = subprocess.run([str(tmp_path / "invoke"), "--list"], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stderr == (f"invoke: the project's Python environment is not set up yet. Fix: run, in {tmp_path}:\n"
                             "  python3 -m venv .venv && .venv/bin/pip install -c requirements.lock -e .\n")


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_new_help_shows_help_and_creates_nothing(flag):
    before = news_files()
    result = run_invoke("new", flag)
    assert result.returncode == 0
    assert "Create a draft news post" in result.stdout and "--projects" in result.stdout
    assert news_files() == before


def test_new_with_an_unknown_option_or_project_creates_nothing_and_says_why():
    before = news_files()
    wrong_option = run_invoke("new", "--kategorija")
    assert wrong_option.returncode == 2
    assert wrong_option.stderr.strip() == (
        "'--kategorija' is not an option of 'invoke new'. Fix: write the title first, in quotes, then the "
        "options: ./invoke new \"Virsraksts\" --category \"Transports\" (./invoke new --help lists them)")

    unknown = run_invoke("new", "Ziņa par projektu", "--projects", "crafts, nezinams")
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == (
        "'nezinams' is not a project of the portal. Fix: use the file name of one in content/projects/: "
        "biznesa-idejas, bus, crafts, deinstitucionalizacija, pure-water, regionala-politika, remigracija, "
        "risk-free, sam-562, tour-de-crafts")
    assert news_files() == before


@pytest.mark.parametrize("arguments, message", [
    (("live", "--prot", "8001"), "'--prot' is not an option of 'invoke live'. Fix: use --port (./invoke live "
                                 "--help explains them)"),
    (("check", "--visu"), "'--visu' is not an option of 'invoke check'. Fix: it takes none (./invoke check --help "
                          "explains them)"),
    (("chek",), "'chek' is not a task. Fix: did you mean 'check'? See ./invoke --list; a value with spaces goes "
                "in quotes: --category \"Kultūra un sabiedrība\""),
    (("new", "Ziņa", "--category", "Kultūra", "un", "sabiedrība"),
     "'un' is not a task. Fix: see ./invoke --list; a value with spaces goes in quotes: "
     "--category \"Kultūra un sabiedrība\""),
    (("new",), "'invoke new' needs the post's title. Fix: write it in quotes: ./invoke new \"Virsraksts\""),
])
def test_an_option_or_task_invoke_does_not_know_gets_the_nearest_and_where_the_list_is(arguments, message):
    before = news_files()
    result = run_invoke(*arguments)
    assert result.returncode == 1
    assert result.stderr.strip() == message
    assert news_files() == before


@pytest.mark.parametrize("arguments, message", [
    (("live", "--port", "abc"), "--port 'abc' is not a whole number from 1 up. Fix: write for example "
                                "--port 8001"),
    (("live", "--port", "70000"), "--port 70000 is not a port (1-65535). Fix: write for example --port 8001"),
    (("serve", "--port", "-1"), "--port '-1' is not a whole number from 1 up. Fix: write for example "
                                "--port 8001"),
    (("bench", "--repeat", "trīs"), "--repeat 'trīs' is not a whole number from 1 up. Fix: write for example "
                                    "--repeat 3"),
])
def test_a_wrong_number_in_an_option_is_a_sentence_not_a_traceback(arguments, message):
    result = run_invoke(*arguments)
    assert result.returncode == 2
    assert result.stderr.strip() == message


def test_new_refuses_a_tag_of_punctuation_and_reads_semicolons_as_commas(site):
    from portalbuild.commands.authoring import AuthoringError, new_post
    from tests.test_authoring import LATE_EVENING_UTC, settings_for

    with pytest.raises(AuthoringError) as error:
        new_post("Ziņa", tags="Rēzekne, –", settings=settings_for(site), now=LATE_EVENING_UTC)
    assert str(error.value) == ("The tag '–' has no letter or digit. Fix: give the tags as words separated by "
                                "commas: --tags \"Rēzekne, ceļi\"")
    post = new_post("Ziņa", tags="Rēzekne; ceļi", settings=settings_for(site), now=LATE_EVENING_UTC)
    assert "Tags: Rēzekne, ceļi\n" in post.path.read_text(encoding="utf-8")


# --- invoke live -----------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_live(site, port: int, temporary: Path) -> subprocess.Popen:
    """`invoke live` (cli_live) on the test site, its temporary folders in ``temporary``."""
    code = (f"import sys; from portalbuild.commands.authoring import cli_live; "
            f"sys.exit(cli_live({port}, settings_file={str(settings_file(site))!r}))")
    return subprocess.Popen([sys.executable, "-c", code], cwd=site.root, env={**os.environ, "TMPDIR": str(temporary)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def fetch(port: int, path: str) -> str:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8")


def wait_until(condition, what: str, limit: float = 90):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"never happened: {what}")


def page_when(port: int, path: str, condition) -> str:
    def attempt():
        try:
            page = fetch(port, path)
        except OSError:
            return None
        return page if condition(page) else None
    return wait_until(attempt, f"{path} {condition}")


def test_live_shows_a_rejected_save_in_the_page_and_leaves_no_temporary_folder(site, tmp_path):
    write_footer_pages(site)
    post = site.post("laba", "Laba ziņa", body="Pirmā versija.")
    # A script whose text holds "</head>", as the web editor's bundle does: served as it is.
    script = 'const kludas = {"head": "Expected the element before `</head>`"};\n'
    site.write("extra/skripts.js", script)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    port = free_port()
    live = start_live(site, port, temporary)
    try:
        url = "/zinas/2020/08/laba-zina/"
        page = page_when(port, url, lambda text: "Pirmā versija." in text)
        assert "lpr-preview-problems" not in page and "livereload.js" in page
        assert fetch(port, "/extra/skripts.js") == script
        # The preview's feeds open the preview's pages, on whichever port it runs.
        assert f"<link>http://127.0.0.1:{port}/zinas/2020/08/laba-zina/</link>" in fetch(port, "/feeds/visas.rss.xml")

        post.write_text(post.read_text(encoding="utf-8").replace("2020-08-15 10:00", "2020-13-45"),
                        encoding="utf-8")
        page = page_when(port, url, lambda text: "lpr-preview-problems" in text)
        banner = BeautifulSoup(page, "html.parser").select_one(".lpr-preview-problems")
        assert banner["role"] == "alert"
        assert text_of(banner) == (
            "Preview not updated: the last save has 1 problem. Below is the last good preview. Fix it and save "
            "again; this page then reloads by itself. content/news/laba.md:2: field 'Date': '2020-13-45' is "
            "not a valid date. Fix: write the date as YYYY-MM-DD HH:MM, for example 'Date: 2020-08-15 10:00'")
        assert "Pirmā versija." in page  # the last good preview, below the box
        assert "lpr-preview-problems" in fetch(port, "/")  # every page says so

        site.post("laba", "Laba ziņa", body="Otrā versija.")
        page = page_when(port, url, lambda text: "Otrā versija." in text)
        assert "lpr-preview-problems" not in page
        assert list(temporary.iterdir())  # the preview lives there while it runs
    finally:
        live.send_signal(signal.SIGTERM)
        out, err = live.communicate(timeout=60)
    assert live.returncode == 0, err
    assert "Preview not updated; 1 problem(s):" in err
    assert list(temporary.iterdir()) == []


def test_live_on_a_busy_port_says_only_that_it_cannot(site, tmp_path):
    write_footer_pages(site)
    site.post("laba", "Laba ziņa")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        live = start_live(site, port, tmp_path)
        out, err = live.communicate(timeout=60)
    assert live.returncode == 1
    assert out == ""
    assert err == (f"The preview cannot use port {port} (Address already in use): another program uses it, "
                   "perhaps a preview already running. Fix: open that one, or choose another port, for example "
                   "'./invoke live --port 8001'\n")
    assert not list(tmp_path.glob("lpr-live-*"))


# --- images ------------------------------------------------------------------------------

def camera_photo(path: Path) -> int:
    """A 6000×4000 JPEG of about 7 MB with camera EXIF, like a photo straight from a camera."""
    from PIL import Image, ImageFilter

    noise = Image.effect_noise((1500, 1000), 90).filter(ImageFilter.GaussianBlur(0.6))
    noise = noise.resize((6000, 4000), Image.Resampling.BICUBIC)
    gradient = Image.linear_gradient("L").resize((6000, 4000))
    photo = Image.merge("RGB", [noise, gradient, noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT)])
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Canon", "EOS 90D"
    path.parent.mkdir(parents=True, exist_ok=True)
    photo.save(path, quality=92, exif=exif)
    return path.stat().st_size


def test_a_camera_photo_is_published_at_the_maximum_size_with_its_variants_and_the_author_is_told(site):
    from PIL import Image

    write_footer_pages(site)
    original_bytes = camera_photo(site.content / "images/news/2020/foto.jpg")
    assert original_bytes > 5_000_000
    Image.new("RGB", (1600, 900), "#1f5f3a").save(site.content / "images/news/2020/maza.png")
    site.post("foto", "Ziņa ar foto", image="images/news/2020/foto.jpg", image_alt="Sēdes dalībnieki",
              body="![Karte]({static}/images/news/2020/maza.png)")
    conf = settings_file(site)

    for _ in range(2):  # the second build takes the resized copy from the cache, and says so again
        built = run_build(site, conf)
        assert built.returncode == 0, built.stderr
        published = site.output / "images/news/2020/foto.jpg"
        with Image.open(published) as image:
            assert image.size == (2560, 1707)
            assert image.format == "JPEG" and not image.getexif()
        lines = built.stdout.splitlines()
        assert lines[lines.index("Images published smaller than their files (1 file(s)):") + 1] == (
            f"  content/images/news/2020/foto.jpg: 6000×4000 px, {original_bytes / 1e6:.1f} MB; published at "
            f"2560×1707 px ({published.stat().st_size / 1e6:.1f} MB), saved again as JPEG at quality 85; the "
            "page shows smaller copies still. To keep the repository small: save photos at most 2560 px on the "
            "long side before adding them")
    assert published.stat().st_size < original_bytes / 4
    for variant in ("derivatives/1200w/foto.jpg", "derivatives/1200w/foto.webp", "derivatives/480w/foto.webp"):
        assert (site.output / "images/news/2020" / variant).is_file()
    with Image.open(site.output / "images/news/2020/maza.png") as small:
        assert small.size == (1600, 900)  # within the limit: the file's own pixels


def test_a_file_written_twice_that_no_check_foresaw_is_a_message_not_a_traceback(site):
    """Pelican's own error when two things are written to one file (content_guard, which names the
    posts, is left out here; in a process of its own, as a plugin once loaded stays connected)
    stops the build with the address and the fix."""
    from portalbuild.runner import load_settings

    site.post("a", "Sēde", date="2020-08-01 10:00", slug="sede")
    site.post("b", "Otra sēde", date="2020-08-20 10:00", slug="sede")
    plugins = [name for name in load_settings(ROOT / "pelicanconf.py")["PLUGINS"] if name != "content_guard"]
    built = run_build(site, settings_file(site, PLUGINS=plugins))
    assert built.returncode == 1
    assert built.stderr.splitlines()[-2:] == [
        "Build failed; the previous output is unchanged. 1 problem(s):",
        "  zinas/2020/08/sede/index.html: two pages of the site would be written to this one file. Fix: give one "
        "of the posts or pages that would be published there a different 'Slug: …' line"]
    assert "Traceback" not in built.stderr
    assert not site.output.exists()


def test_in_chromium_the_open_page_shows_a_rejected_save_and_then_the_fixed_one_by_itself(
        site, tmp_path, chromium_browser):
    """The author keeps the page open and only saves: livereload reloads it after each rebuild."""
    write_footer_pages(site)
    post = site.post("laba", "Laba ziņa", body="Pirmā versija.")
    port = free_port()
    live = start_live(site, port, tmp_path)
    said: list[str] = []  # the preview's log: the reload waits for the browser to be connected
    reader = threading.Thread(target=lambda: said.extend(iter(live.stderr.readline, "")), daemon=True)
    reader.start()
    try:
        page_when(port, "/zinas/2020/08/laba-zina/", lambda text: "Pirmā versija." in text)
        page = chromium_browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"http://127.0.0.1:{port}/zinas/2020/08/laba-zina/")
        wait_until(lambda: any("Browser Connected" in line for line in said), "the page connects to livereload")

        post.write_text(post.read_text(encoding="utf-8").replace("Category: Kultūra un sabiedrība",
                                                                 "Category: Sports"), encoding="utf-8")
        box = page.wait_for_selector(".lpr-preview-problems", timeout=90000)
        assert "content/news/laba.md:3: field 'Category': 'Sports' is not one of the portal's categories." \
            in box.inner_text()
        assert box.is_visible() and page.locator("main").inner_text().count("Pirmā versija.") == 1

        site.post("laba", "Laba ziņa", body="Otrā versija.")
        page.wait_for_selector("text=Otrā versija.", timeout=90000)
        assert page.locator(".lpr-preview-problems").count() == 0
        page.close()
    finally:
        live.send_signal(signal.SIGTERM)
        live.wait(timeout=60)
        reader.join(timeout=10)
