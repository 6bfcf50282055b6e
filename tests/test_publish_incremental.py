"""`invoke publish` after a few changed posts: only what changed is compressed and checked, and the
published site is byte for byte the one a first publish of the same content makes."""

from __future__ import annotations

import io
import os
import re

import pytest
from bs4 import BeautifulSoup

from portalbuild.runner import BuildFailed
from portalbuild.steps import progress
from portalbuild.steps import links as linkcheck
from portalbuild.commands import publish as publishing
from portalbuild.steps.precompress import precompress_site
from portalbuild.steps.state import BuildState
from tests.conftest import Site
from tests.test_publish import PUBLISHCONF, make_site, overrides

STEP_LINE = re.compile(r"^(?P<step>[a-z_]+) +(?P<seconds>[0-9]+\.[0-9]) s(?:  (?P<detail>.*))?$")


def publish(site: Site, folder, cache: str = "cache") -> dict[str, str]:
    """Publish (search, check, compressed copies) into ``folder``; returns each step's detail."""
    report = io.StringIO()
    settings = {**overrides(site, {"kind": "local", "path": str(folder)}, compress=True),
                "CACHE_PATH": str(site.root / cache)}
    with progress.reporting(report):
        publishing.publish(PUBLISHCONF, settings)
    lines = report.getvalue().splitlines()
    steps = [STEP_LINE.match(line) for line in lines]
    assert all(steps), lines
    return {step["step"]: step["detail"] or "" for step in steps}


def tree(folder) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def inode(path) -> int:
    return os.stat(path).st_ino


def add_posts(site: Site) -> None:
    for number in range(1, 13):
        site.post(f"zina-{number:02}", f"Ziņa numur {number}", date=f"2020-07-{number:02} 10:00",
                  tags="kultūra, Rēzekne", body=f"Ziņas {number} teksts par [kontaktiem](/kontakti/).")


def test_a_warm_publish_after_new_edited_and_deleted_posts_is_byte_identical_to_a_cold_one(tmp_path):
    site = make_site(tmp_path)
    add_posts(site)
    warm = tmp_path / "warm"
    first = publish(site, warm)
    pages = int(re.match(r"links of (\d+) of \1 pages checked", first["check"])[1])
    unchanged = warm / "kontakti/index.html"
    copies_before = {suffix: inode(f"{unchanged}{suffix}") for suffix in (".br", ".gz")}

    site.post("jauna", "Jauna ziņa par tūrismu", date="2020-09-20 12:00", tags="tūrisms",
              body="Jauna ziņa ar saiti uz [pirmo ziņu](/zinas/2020/07/zina-numur-1/).")
    site.post("zina-05", "Ziņa numur 5", date="2020-07-05 10:00", tags="kultūra, Rēzekne",
              body="Labots teksts ar **jaunu** teikumu.")
    (site.content / "news/zina-09.md").unlink()
    second = publish(site, warm)

    cold = tmp_path / "cold"
    publish(site, cold, cache="cache-cold")  # nothing of the warm publishes is reused
    warm_files, cold_files = tree(warm), tree(cold)
    assert sorted(warm_files) == sorted(cold_files)
    assert [name for name in warm_files if warm_files[name] != cold_files[name]] == []
    assert "zinas/2020/09/jauna-zina-par-turismu/index.html.br" in warm_files
    assert not any(name.startswith("zinas/2020/07/zina-numur-9/") for name in warm_files)

    # The unchanged page's copies are the previous publication's files; a changed page's are new.
    assert {suffix: inode(f"{unchanged}{suffix}") for suffix in (".br", ".gz")} == copies_before
    made, reused = map(int, re.fullmatch(r"(\d+) copies made of \d+ files, (\d+) reused",
                                         second["precompress"]).groups())
    assert made > 0 and reused > 0
    checked, now = map(int, re.match(r"links of (\d+) of (\d+) pages checked", second["check"]).groups())
    assert 0 < checked < now and pages < now  # a page for the tag of the new post


def test_links_to_a_deleted_post_or_a_removed_heading_fail_the_warm_publish_as_a_cold_one(tmp_path):
    site = make_site(tmp_path)
    add_posts(site)
    site.post("atsauce", "Ziņa ar atsaucēm", date="2020-07-20 10:00",
              body="Skatiet [trešo](/zinas/2020/07/zina-numur-3/) un [plānu](/zinas/2020/07/zina-numur-4/#plans).")
    site.post("zina-04", "Ziņa numur 4", date="2020-07-04 10:00", body="## Plāns {#plans}\n\nTeksts.")
    public = tmp_path / "public"
    publish(site, public)
    published = tree(public)

    (site.content / "news/zina-03.md").unlink()
    site.post("zina-04", "Ziņa numur 4", date="2020-07-04 10:00", body="## Cits virsraksts\n\nTeksts.")
    with pytest.raises(BuildFailed) as warm:
        publish(site, public)
    with pytest.raises(BuildFailed) as cold:
        publish(site, tmp_path / "other", cache="cache-cold")
    source = site.content / "news/atsauce.md"
    assert warm.value.messages == cold.value.messages == [
        f"{source}:5: the link '/zinas/2020/07/zina-numur-3/' leads to no page of the portal. Fix: correct the "
        "address (open the page in the preview and copy its address), or link to a post with "
        "'{filename}/news/<year>/<file>.md'",
        f"{source}:5: the link '/zinas/2020/07/zina-numur-4/#plans' leads to a page that has no '#plans' on "
        "it. Fix: open that page in the preview, click the heading's '#' link and copy its address, or leave "
        "the '#…' part out"]
    assert tree(public) == published

    # The post and the heading are back: the page with the links is the same, its links lead
    # somewhere again, and the publish goes through.
    add_posts(site)
    site.post("zina-04", "Ziņa numur 4", date="2020-07-04 10:00", body="## Plāns {#plans}\n\nTeksts.")
    checked = publish(site, public)["check"]
    assert re.match(r"links of \d+ of \d+ pages checked", checked)
    assert tree(public) == published


def test_the_publish_prints_one_line_per_step_with_its_time(tmp_path, monkeypatch, capfd):
    site = make_site(tmp_path)
    public = tmp_path / "public"
    original = publishing.publish
    monkeypatch.setattr(publishing, "publish", lambda settings_file: original(
        settings_file, overrides(site, {"kind": "local", "path": str(public)})))
    assert publishing.cli_publish() == 0
    printed = capfd.readouterr().out.splitlines()
    steps = [match["step"] for match in map(STEP_LINE.match, printed) if match]
    assert steps == ["build", "search", "check", "swap"]
    assert printed[-1] == f"Published: {public}"


def test_a_brotli_quality_that_is_not_one_says_which_and_how_to_fix_it(tmp_path):
    (tmp_path / "index.html").write_text("<p>" + "teksts " * 50 + "</p>", encoding="utf-8")
    settings = {"PRECOMPRESS_TEXT_EXTENSIONS": {".html"}, "PRECOMPRESS_BROTLI_QUALITY": {".html": 12}}
    assert precompress_site(tmp_path, settings) == [
        "publishconf.py: field 'PRECOMPRESS_BROTLI_QUALITY': '.html': 12 is not a brotli quality for a file "
        "extension. Fix: give a whole number from 0 to 11, for one extension ('.html': 6) or for all others "
        "('*': 11)"]
    assert not (tmp_path / "index.html.br").exists()


def test_copies_made_another_way_are_not_reused(tmp_path):
    """The previous output's copies were made with another quality: the file's bytes are the same,
    its copy is made again."""
    old, new = tmp_path / "old", tmp_path / "new"
    text = "<p>" + " ".join(f"vārds{number % 97}" for number in range(3000)) + "</p>"
    for folder in (old, new):
        folder.mkdir()
        (folder / "index.html").write_text(text, encoding="utf-8")
    settings = {"PRECOMPRESS_TEXT_EXTENSIONS": {".html"}, "PRECOMPRESS_GZIP": False}
    precompress_site(old, {**settings, "PRECOMPRESS_BROTLI_QUALITY": 2})
    precompress_site(new, {**settings, "PRECOMPRESS_BROTLI_QUALITY": 6}, BuildState(previous_output=old))
    assert inode(new / "index.html.br") != inode(old / "index.html.br")
    assert (new / "index.html.br").read_bytes() != (old / "index.html.br").read_bytes()

    again = tmp_path / "again"
    again.mkdir()
    (again / "index.html").write_text(text, encoding="utf-8")
    precompress_site(again, {**settings, "PRECOMPRESS_BROTLI_QUALITY": 6}, BuildState(previous_output=new))
    assert inode(again / "index.html.br") == inode(new / "index.html.br")


# --- reading a page's links: what BeautifulSoup finds ------------------------------

TRICKY = """<!DOCTYPE html><html><head><title>a > b</title>
<link rel="stylesheet" href="/theme/a.css"><LINK REL=icon HREF=/theme/i.svg>
<script src="/theme/s.js"></script><script>var x = '<a href="/nav/script/">no</a>';</script>
<style>a[href="/nav/style/"] { color: red }</style></head>
<body id="top"><!-- <a href="/nav/comment/">no</a> -->
<header><a href="/kontakti/" title="x > y">k</a><a href='/meklet/?q=a&amp;b=c#rezultati'>m</a></header>
<div id=saturs><main id="galvenais" class="a">
  <p>1 < 2 and <a href=/zinas/2020/ data-x="'">z</a> <a href="#virsraksts">v</a></p>
  <section><h2 ID="Virsraksts">V</h2><a href="../augsha/">up</a><img src="/x.png" alt=""></section>
  <a href="https://lpr.gov.lv/dati/#tab%C4%81">d</a><a href="mailto:a@b.lv">m</a><a href="https://example.org/">e</a>
  <a href="  /atstarpes/  ">s</a><a href>empty</a><a href="/a/./b/../c/">dots</a><a href="/../arā/">out</a>
</main></div>
<footer><a href="/privatuma-politika/">p</a><script src="/theme/f.js"></script></footer></body></html>"""


def bs4_reading(text: str, page_url: str, siteurl: str):
    """The reference: the check's former BeautifulSoup reading of a page."""
    soup = BeautifulSoup(text, "html.parser")
    ids = tuple(sorted({element["id"] for element in soup.find_all(id=True)}))
    main = soup.find("main")
    found = []
    for name, attribute in (("a", "href"), ("link", "href"), ("script", "src")):
        for element in soup.find_all(name, attrs={attribute: True}):
            href = element[attribute].strip()
            target = linkcheck.site_path(href, page_url, siteurl)
            if target is not None:
                from urllib.parse import unquote, urlsplit
                found.append((href, linkcheck.target_key(target), unquote(urlsplit(href).fragment),
                              any(parent is main for parent in element.parents)))
    return ids, tuple(found)


def test_a_page_is_read_as_beautifulsoup_reads_it():
    ids, found = linkcheck.read_page(TRICKY, "/zinas/2020/08/x/", "https://lpr.gov.lv")
    assert (ids, found) == bs4_reading(TRICKY, "/zinas/2020/08/x/", "https://lpr.gov.lv")
    assert ids == ("Virsraksts", "galvenais", "saturs", "top")
    hrefs = [href for href, *_ in found]
    assert not any("/nav/" in href for href in hrefs)  # in a comment, a script, a style
    assert ("/meklet/?q=a&b=c#rezultati", "meklet", "rezultati", False) in found
    assert ("https://lpr.gov.lv/dati/#tab%C4%81", "dati", "tabā", True) in found
    assert ("/a/./b/../c/", "a/c", "", True) in found and ("/../arā/", "arā", "", True) in found


def test_pages_of_the_real_site_are_read_as_beautifulsoup_reads_them(real_site):
    pages = [page for page in sorted(real_site.rglob("*.html")) if "pagefind" not in page.parts]
    assert len(pages) > 20
    for page in pages:
        relative = page.relative_to(real_site).as_posix()
        text = page.read_text(encoding="utf-8")
        url = linkcheck.page_url(relative)
        assert linkcheck.read_page(text, url, "") == bs4_reading(text, url, ""), relative


# --- the swap ----------------------------------------------------------------------

@pytest.mark.parametrize("exchange", [True, False], ids=["one exchange", "two renames"])
def test_the_new_tree_replaces_the_published_folder_and_the_old_one_is_retired(tmp_path, monkeypatch, exchange):
    from portalbuild.runner import transfer

    if not exchange:  # a system without renameat2
        monkeypatch.setattr(transfer, "_renameat2", lambda: None)
    new, current, retired = tmp_path / ".site.staging", tmp_path / "site", tmp_path / ".site.previous"
    for folder, text in ((new, "jauna"), (current, "veca")):
        (folder / "zinas").mkdir(parents=True)
        (folder / "zinas/index.html").write_text(text, encoding="utf-8")
    transfer.replace_folder(new, current, retired)
    assert (current / "zinas/index.html").read_text(encoding="utf-8") == "jauna"
    assert (retired / "zinas/index.html").read_text(encoding="utf-8") == "veca"
    assert sorted(path.name for path in tmp_path.iterdir()) == [".site.previous", "site"]


def test_the_read_cache_of_a_publish_is_found_again_whatever_the_order_of_a_set_setting():
    """publishconf.py has a set (PRECOMPRESS_TEXT_EXTENSIONS); its order changes with the hash seed of
    each process, and the read cache's key must not: else every publish reads every post again."""
    import subprocess
    import sys

    code = ("from portalbuild.runner import load_settings; from portalbuild.speed.reading import _cache_key; "
            f"print(_cache_key(load_settings({str(PUBLISHCONF)!r})))")
    keys = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in (1, 2, 3, 4)}
    assert len(keys) == 1 and len(keys.pop().strip()) == 32


def test_the_link_index_gives_the_full_checks_result_after_any_changes(tmp_path):
    """Pages come and go, their links and ids change, round after round: the check with the
    index of the round before reports exactly what a check without one reports."""
    import random

    rng = random.Random(24)
    site, index = tmp_path / "site", tmp_path / "cache" / "links.pickle"
    names = [f"p{number}" for number in range(40)]

    def write_page(name: str, when: int) -> None:
        links = []
        for _ in range(rng.randint(0, 6)):
            target = rng.choice(names)
            fragment = rng.choice(["", "", "#a", "#b"])
            place = rng.choice(["/{}/", "../{}/", "/{}/index.html", "/{}"])
            links.append(f'<a href="{place.format(target)}{fragment}">x</a>')
        ids = " ".join(f'<h2 id="{one}">h</h2>' for one in rng.sample(["a", "b", "c"], rng.randint(0, 2)))
        inside = rng.random() < 0.5
        body = f"<main>{ids}{''.join(links)}</main>" if inside else f"{ids}<main></main>{''.join(links)}"
        path = site / name / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name("new.tmp")
        temporary.write_text(f"<!doctype html><title>{name}</title>{body}", encoding="utf-8")
        os.replace(temporary, path)  # a new file, as a build writes one
        os.utime(path, (when, when))

    for name in names[:30]:
        write_page(name, 1_000_000)
    rounds_with_broken = 0
    for round_number in range(1, 41):
        when = 1_000_000 + round_number
        for _ in range(rng.randint(1, 4)):
            name = rng.choice(names)
            if (site / name).exists() and rng.random() < 0.3:
                (site / name / "index.html").unlink()
                (site / name).rmdir()
            else:
                write_page(name, when)
        assert linkcheck.broken_links(site, "", index) == linkcheck.broken_links(site, ""), round_number
        rounds_with_broken += bool(linkcheck.broken_links(site, ""))
    assert rounds_with_broken > 20  # the rounds had broken links to compare


def _batch_and_process(batch):
    return list(batch), os.getpid()


def test_much_work_is_done_on_every_core_and_little_in_the_calling_process(monkeypatch):
    from portalbuild.steps import pool

    monkeypatch.setattr(pool, "cores", lambda: 2)
    started = []
    real_pool = pool.ProcessPoolExecutor
    monkeypatch.setattr(pool, "ProcessPoolExecutor", lambda **options: started.append(options) or real_pool(**options))
    items = list(range(100))
    spread = list(pool.map_batches(_batch_and_process, items, batch_size=10, in_process_below=50))
    assert [item for batch, _ in spread for item in batch] == items  # in order
    assert os.getpid() not in {pid for _, pid in spread}
    assert [options["max_workers"] for options in started] == [2]

    here = list(pool.map_batches(_batch_and_process, items[:40], batch_size=10, in_process_below=50))
    assert {pid for _, pid in here} == {os.getpid()} and len(started) == 1
