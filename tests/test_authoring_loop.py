"""No silent failure: build, check and publish name what they leave out, and agree with each other."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from portalbuild import ROOT, checks
from portalbuild import publish as publishing
from tests.test_authoring import write_footer_pages

RIGA = ZoneInfo("Europe/Riga")


def settings_file(site, base: str = "pelicanconf", **extra) -> Path:
    """A settings file like ``base``.py whose content folder is the test site's."""
    path = site.root / f"{base}_test.py"
    lines = [f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom {base} import *  # noqa",
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
    site.write("images/.DS_Store", "")


EXPECTED_UNPUBLISHED = [
    "Not published (5 file(s)):",
    "  content/news/2020/08-16-melnraksts.md:4: field 'Status': a draft, not published. "
    "To publish it: remove the line 'Status: Draft'",
    "  content/news/2099/01-05-nakotne.md:2: field 'Date': scheduled for 2099-01-05 09:30 (Europe/Riga), "
    "published by the first build after that",
    "  content/zina.md: not published: it is not in a folder the portal publishes posts or pages from. "
    "Fix: move it to content/news/<year>/ (a news post) or content/pages/ (a page)",
    "  content/news/2020/12-07-zina.md.txt: not published: the name ends in '.txt' after '.md', so the file "
    "is not read as Markdown. Fix: rename it to 12-07-zina.md",
    "  content/news/2020/piezimes.docx: not published: posts and pages are read only from Markdown files "
    "(.md), not from '.docx' files. Fix: save the text as a .md file; put images in content/images/ and "
    "link them with '{static}/images/…'",
]


def test_build_names_drafts_scheduled_posts_and_files_it_does_not_read(site):
    unpublished_site(site)
    built = run_build(site, settings_file(site))

    assert built.returncode == 0, built.stderr
    lines = built.stdout.splitlines()
    assert lines[lines.index("Not published (5 file(s)):"):] == EXPECTED_UNPUBLISHED
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
