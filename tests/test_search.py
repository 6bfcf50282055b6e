"""Site search: the Pagefind index of the main content, the /meklet/ page, and real searches in Chromium."""

from __future__ import annotations

import gzip
import json
import re
import shutil

import pytest

from portalbuild import ROOT
from portalbuild.runner import BuildFailed
from portalbuild.steps.search import index_site, index_size, publish_ahead
from tests.browser_support import QuietHandler, serve_folder
from tests.conftest import Site, text_of
from tests.shortcut_support import needs_verified

CSP = re.search(r"Content-Security-Policy: (.+)", (ROOT / "deploy/_headers").read_text(encoding="utf-8"))[1]


@pytest.fixture(scope="module")
def search_site(tmp_path_factory) -> Site:
    site = Site(tmp_path_factory.mktemp("search"))
    site.post("pasvaldibu-celi", "Pašvaldību ceļi kļūst drošāki", category="Transports",
              date="2020-08-15 10:00", summary="Ceļu remonts Latgalē.",
              body="Katra pašvaldība remontēs ceļus. Naudu pašvaldībām piešķirs reģions.\n\n"
                   "Darbi sāksies septembrī.")
    site.post("budzets", "Budžeta plāns nākamajam gadam", category="Pārvalde", date="2020-08-28 10:00",
              body="Latgales pašvaldības plāno nākamā gada budžetu.")
    site.post("kulturas-nakts", "Kultūras nakts Rēzeknē", category="Kultūra un sabiedrība",
              date="2019-09-20 18:00", body="Rēzeknē notiks koncerti un izstādes.")
    site.write("pages/par-regionu.md", "Title: Par reģionu\nSlug: par-regionu\n\n"
                                      "Reģiona attīstības padomē ir divdesmit viens loceklis.\n")
    site.build()
    return site


# --- what is indexed ---------------------------------------------------------------

def test_only_the_main_content_of_articles_and_pages_is_indexed(search_site):
    article = search_site.soup("zinas/2020/08/pasvaldibu-celi-klust-drosaki/index.html")
    body = article.select("[data-pagefind-body]")
    assert [element.name for element in body] == ["article"]
    assert body[0].find_parent("main") is not None
    assert article.header.find(attrs={"data-pagefind-body": True}) is None
    time = article.select_one("time[data-pagefind-meta]")
    assert time["data-pagefind-meta"] == "Publicēts"
    assert time["data-pagefind-filter"] == "Gads:2020"
    assert article.select_one(".lpr-article__category a")["data-pagefind-filter"] == "Kategorija:Transports"

    page = search_site.soup("par-regionu/index.html")
    assert page.main.has_attr("data-pagefind-body")
    for listing in ("index.html", "zinas/index.html", "kategorija/transports/index.html", "meklet/index.html"):
        assert not search_site.soup(listing).select("[data-pagefind-body]"), listing

    assert index_size(search_site.output).pages == 4  # three posts and one page, no lists


def test_news_is_indexed_in_half_year_shards_and_the_newest_month_apart_merged_into_the_main_bundle(search_site):
    # August 2020 is the newest month of news: a shard of its own, not its half-year's
    # (test_the_newest_month_of_each_section_is_taken_out_of_its_half_year_into_a_shard_of_its_own).
    assert search_site.read("pagefind/shards.js") == 'window.LPRSearchShards = ["zinas-2019-h2/", "zinas-2020-08/"];\n'

    def pages(bundle: str) -> int:
        return json.loads(search_site.read(f"{bundle}/pagefind-entry.json"))["languages"]["lv"]["page_count"]

    assert [pages(f"pagefind/{shard}") for shard in ("", "zinas-2019-h2", "zinas-2020-08")] == [1, 1, 2]
    # A merged shard is read by the main bundle's scripts: it carries only its index.
    shard_files = {path.name for path in (search_site.output / "pagefind/zinas-2020-08").iterdir()}
    assert {"index", "fragment", "filter", "pagefind-entry.json"} <= shard_files
    assert not any(name.endswith((".js", ".css")) or name.startswith("wasm.") for name in shard_files)
    assert (search_site.output / "pagefind/pagefind-ui.js").is_file()


def test_a_rebuild_indexes_again_only_the_shards_whose_pages_changed(search_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(search_site.output, site, ignore=shutil.ignore_patterns("pagefind"))
    settings = {"CACHE_PATH": str(tmp_path / "cache")}
    assert index_site(site, settings) == []
    def shards_kept() -> dict:
        return {path.name: path.stat().st_mtime_ns for path in (tmp_path / "cache/search").iterdir()
                if path.is_dir()}

    kept = shards_kept()
    assert len(kept) == 3
    page = site / "zinas/2019/09/kulturas-nakts-rezekne/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("koncerti", "koncerti un teātris"), encoding="utf-8")
    shutil.rmtree(site / "pagefind")
    assert index_site(site, settings) == []
    now = shards_kept()
    assert len(now) == 3 and len(set(now) - set(kept)) == 1  # the changed shard, under a new key
    assert [name for name in now if name not in kept][0].startswith("zinas-2019-h2-")
    assert all(now[name] == kept[name] for name in now if name in kept)
    fragments = [gzip.decompress(path.read_bytes()) for path in (site / "pagefind/zinas-2019-h2/fragment").iterdir()]
    assert fragments and "teātris".encode() in b"".join(fragments)  # the edit is in the shard's index

    # A new post changes the links to newer and related posts after an older post's text, which
    # Pagefind does not read: no shard is indexed again.
    before = shards_kept()
    text = page.read_text(encoding="utf-8")
    assert text.count("</article>") == 1 and "lpr-article-nav" in text.split("</article>")[1]
    page.write_text(text.replace("</article>", "</article>\n<nav><a href=\"/zinas/jauna/\">Jauna ziņa</a></nav>"),
                    encoding="utf-8")
    shutil.rmtree(site / "pagefind")
    assert index_site(site, settings) == []
    assert shards_kept() == before


def _bundle_files(site) -> dict:
    bundle = site / "pagefind"
    return {str(path.relative_to(bundle)): path.read_bytes() for path in sorted(bundle.rglob("*")) if path.is_file()}


def test_a_rebuild_finds_the_kept_shards_in_place_ahead_and_its_index_is_the_one_made_afresh(tmp_path):
    site = Site(tmp_path / "site")
    site.post("kulturas-nakts", "Kultūras nakts Rēzeknē", date="2019-09-20 18:00", body="Rēzeknē notiks koncerti.")
    site.post("pavasaris", "Pavasara talka", date="2020-03-10 10:00", body="Talkā piedalās skolas.")
    site.post("budzets", "Budžeta plāns", date="2020-08-28 10:00", body="Pašvaldības plāno budžetu.")
    site.write("pages/par-regionu.md", "Title: Par reģionu\nSlug: par-regionu\n\nReģionā ir 19 pašvaldības.\n")
    site.build()
    # A new post in a new month (August goes back into its half-year's shard, which changes), the
    # oldest post edited; the shard of early 2020 is kept and is in the new site before the step runs.
    site.post("ceļi", "Ceļu remonts", date="2020-09-02 10:00", body="Ceļus remontēs rudenī.")
    oldest = site.content / "news/kulturas-nakts.md"
    oldest.write_text(oldest.read_text(encoding="utf-8").replace("koncerti", "koncerti un teātris"), encoding="utf-8")
    new_site = tmp_path / "new"
    shutil.copytree(site.output, new_site, ignore=shutil.ignore_patterns("pagefind"))
    settings = {"CACHE_PATH": str(site.root / "cache")}
    published = publish_ahead(new_site, settings)
    assert set(published()) == {"", "zinas-2019-h2", "zinas-2020-h1", "zinas-2020-08"}
    assert (new_site / "pagefind/zinas-2020-08/pagefind-entry.json").is_file()

    site.build()  # the runner starts the same work before Pelican, and the step finishes it
    fresh = tmp_path / "fresh"
    shutil.copytree(site.output, fresh, ignore=shutil.ignore_patterns("pagefind"))
    assert index_site(fresh, {}) == []
    assert _bundle_files(site.output) == _bundle_files(fresh)
    assert not (site.output / "pagefind/zinas-2020-08").exists()
    assert site.read("pagefind/shards.js") == (
        'window.LPRSearchShards = ["zinas-2019-h2/", "zinas-2020-09/", "zinas-2020-h1/", "zinas-2020-h2/"];\n')


def test_shards_that_could_not_be_put_in_place_ahead_are_put_there_by_the_step(search_site, tmp_path):
    from portalbuild.steps.state import BuildState

    site = tmp_path / "site"
    shutil.copytree(search_site.output, site, ignore=shutil.ignore_patterns("pagefind"))
    settings = {"CACHE_PATH": str(tmp_path / "cache")}
    assert index_site(site, settings) == []
    made = _bundle_files(site)
    shutil.rmtree(site / "pagefind")
    (site / "pagefind").write_text("not a folder", encoding="utf-8")  # every file put there fails
    published = publish_ahead(site, settings)
    assert index_site(site, settings, BuildState(ahead={"search": published})) == []
    assert published() == {} and _bundle_files(site) == made


def test_a_half_year_shard_read_in_the_site_by_a_glob_is_the_shard_of_a_folder_of_its_pages(search_site, tmp_path):
    from pathlib import Path

    from portalbuild.steps.search import _finish_bundle, _ShardCache, pagefind_command, shard_glob, _run_pagefind

    # The folders of the months its pages are in.
    half_year = [("zinas/2020/07/a/index.html", ""), ("zinas/2020/09/b/index.html", ""), ("zinas/2020/09/c/index.html", "")]
    assert shard_glob("zinas-2020-h2", half_year) == "zinas/2020/{07,09}/**/*.{html}"
    assert shard_glob("zinas-2020-09", half_year[1:]) == "zinas/2020/{09}/**/*.{html}"
    assert shard_glob("", []) is None and shard_glob("ziņas-2020-h1", half_year) is None  # a folder of links then
    pages = [(relative, "") for relative in ("zinas/2020/08/pasvaldibu-celi-klust-drosaki/index.html",
                                             "zinas/2020/08/budzeta-plans-nakamajam-gadam/index.html")]
    site = tmp_path / "site"
    shutil.copytree(search_site.output, site, ignore=shutil.ignore_patterns("pagefind"))
    # A page in a month's folder that marks no main content is skipped, as in a folder of the shard's pages.
    (site / "zinas/2020/08/saraksts").mkdir()
    (site / "zinas/2020/08/saraksts/index.html").write_text(
        '<!doctype html><html lang="lv"><title>Saraksts</title><main>Vārdnīca bez ziņām</main></html>', encoding="utf-8")
    assert _ShardCache.make(site, {}, "zinas-2020-08", pages, tmp_path / "by-glob", shard_glob("zinas-2020-08", pages)) == ""
    links = tmp_path / "links"
    for relative, _ in pages:
        (links / relative).parent.mkdir(parents=True)
        shutil.copyfile(site / relative, links / relative)
    assert _run_pagefind(pagefind_command(links, {}, tmp_path / "by-folder")) == ""
    _finish_bundle(tmp_path / "by-folder", main=False)

    def files(bundle: Path) -> dict:
        return {str(path.relative_to(bundle)): path.read_bytes() for path in sorted(bundle.rglob("*")) if path.is_file()}

    assert files(tmp_path / "by-glob") == files(tmp_path / "by-folder")
    assert json.loads((tmp_path / "by-glob/pagefind-entry.json").read_text())["languages"]["lv"]["page_count"] == 2


def test_the_newest_month_of_each_section_is_taken_out_of_its_half_year_into_a_shard_of_its_own():
    from portalbuild.steps.search import newest_months_apart

    def pages(*paths: str) -> list[tuple[str, str]]:
        return [(path, "d") for path in paths]

    shards = {"": pages("par-regionu/index.html"),
              "zinas-2019-h2": pages("zinas/2019/12/a/index.html"),
              "zinas-2020-h1": pages("zinas/2020/01/b/index.html", "zinas/2020/03/c/index.html",
                                     "zinas/2020/03/d/index.html"),
              "es-projekti-2018-h2": pages("es-projekti/2018/11/e/index.html")}
    newest_months_apart(shards)
    assert shards == {"": pages("par-regionu/index.html"),
                      "zinas-2019-h2": pages("zinas/2019/12/a/index.html"),
                      "zinas-2020-h1": pages("zinas/2020/01/b/index.html"),
                      "zinas-2020-03": pages("zinas/2020/03/c/index.html", "zinas/2020/03/d/index.html"),
                      # a half-year with pages of its newest month only is that month's shard
                      "es-projekti-2018-11": pages("es-projekti/2018/11/e/index.html")}


def test_pages_that_mark_their_main_content_are_told_apart_as_by_a_search_of_the_whole_page():
    import random

    from portalbuild.steps.search import BODY_MARK, _marks_main_content

    pieces = [b"<", b">", b" ", b"\n", b"=", b"/", b'"', b"a", b"main", b"<p>", b"</p>", b"x",
              b"data-pagefind-body", b"data-pagefind-bodyx", b"data-pagefind-ignore"]
    chance = random.Random(638)
    for _ in range(20000):
        page = b"".join(chance.choice(pieces) for _ in range(chance.randrange(1, 14)))
        assert _marks_main_content(page) == bool(BODY_MARK.search(page)), page
    assert _marks_main_content(b'<article class="x" data-pagefind-body>')
    assert not _marks_main_content(b"<p>Write data-pagefind-body on the element.</p>")


def test_what_pagefind_reads_of_a_page_ends_with_the_element_that_marks_the_main_content():
    from portalbuild.steps.search import _indexed_part

    page = b'<html lang="lv"><main><article data-pagefind-body><p>Teksts</p></article><nav>Citas</nav></main>'
    assert _indexed_part(page) == b'<html lang="lv"><main><article data-pagefind-body><p>Teksts</p></article>'
    # Nested elements of its kind, and tags in capitals, are counted.
    nested = b'<ARTICLE data-pagefind-body><article>a</article></Article ><nav>n</nav>'
    assert _indexed_part(nested) == b'<ARTICLE data-pagefind-body><article>a</article></Article >'
    # Where the end is not plain, the whole page: an element left open, another marked one after it.
    for whole in (b'<main data-pagefind-body><main>x</main><nav>n</nav>',
                  b'<article data-pagefind-body>a</article><div data-pagefind-body>b</div>'):
        assert _indexed_part(whole) == whole
    assert _indexed_part(b"<main><p>Write data-pagefind-body on the element.</p></main>") is None


def test_a_project_page_is_found_by_its_own_text_not_by_the_news_it_lists(tmp_path):
    from tests.conftest import REAL_SETTINGS

    site = Site(tmp_path)
    site.write("projects/biznesa-idejas.md", (ROOT / "content/projects/biznesa-idejas.md").read_text(encoding="utf-8"))
    site.post("darbnica", "Darbnīca uzņēmējiem", date="2020-09-10 10:00", Projects="biznesa-idejas",
              body="Zvejniekciema kūpinātava stāsta par savu pieredzi.\n\nDarbnīcā runās uzņēmēji.")
    site.build(REAL_SETTINGS)
    project = site.soup("projekti/biznesa-idejas/index.html")
    news = project.select_one(".lpr-project__news")
    assert news["data-pagefind-ignore"] == "all" and "Zvejniekciema" in text_of(news)

    def fragments(bundle: str) -> list[str]:
        return [gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
                for path in (site.output / bundle / "fragment").iterdir()]

    project_fragment = [text for text in fragments("pagefind") if "projekti/biznesa-idejas/" in text]
    assert len(project_fragment) == 1 and "biznesa ideju" in project_fragment[0]
    assert "Zvejniekciema" not in project_fragment[0]  # the teaser is the post's, found there
    assert any("Zvejniekciema" in text for text in fragments("pagefind/zinas-2020-09"))


def test_index_size_is_measured(search_site):
    size = index_size(search_site.output)
    assert size.pages == 4
    assert 0 < size.index < size.total and 0 < size.fragments < size.total and size.chunks >= 1
    assert size.total == sum(path.stat().st_size for path in (search_site.output / "pagefind").rglob("*")
                             if path.is_file())
    assert size.summary().startswith("4 pages indexed: bundle ")


@needs_verified("stable-search-index")
def test_pagefind_reading_only_the_marked_element_makes_the_index_of_the_whole_pages(search_site, tmp_path):
    """The shards are made with --root-selector (less for Pagefind to read); a theme change that
    put a filter or a meta field outside the marked element, or a Pagefind that read the pages
    otherwise, would change the index and fail here."""
    from portalbuild.steps.search import (BODY_ROOT, _finish_bundle, _indexed_part, _marks_main_content, _run_pagefind,
                                          pagefind_command)

    pages = tmp_path / "pages"
    for path in search_site.output.rglob("*.html"):
        if "pagefind" not in path.parts and _marks_main_content(path.read_bytes()):
            (pages / path.relative_to(search_site.output)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, pages / path.relative_to(search_site.output))
    bundles = {}
    for name, root in (("whole", None), ("marked", BODY_ROOT)):
        assert _run_pagefind(pagefind_command(pages, {}, tmp_path / name, root=root)) == ""
        _finish_bundle(tmp_path / name, main=True)
        bundles[name] = {str(path.relative_to(tmp_path / name)): path.read_bytes()
                         for path in sorted((tmp_path / name).rglob("*")) if path.is_file()}
    assert bundles["marked"] == bundles["whole"]
    # The shards' keys take each page only up to the end of its marked element: what follows it
    # (links to other posts) is not read, so other text there gives the same index.
    for path in pages.rglob("*.html"):
        data = path.read_bytes()
        kept = _indexed_part(data)
        assert len(kept) < len(data), path
        path.write_bytes(kept + "<nav><a href='/cits/'>Cita ziņa par ceļiem</a></nav></body></html>".encode())
    assert _run_pagefind(pagefind_command(pages, {}, tmp_path / "cut", root=BODY_ROOT)) == ""
    _finish_bundle(tmp_path / "cut", main=True)
    assert {str(path.relative_to(tmp_path / "cut")): path.read_bytes()
            for path in sorted((tmp_path / "cut").rglob("*")) if path.is_file()} == bundles["marked"]
    entry = json.loads(bundles["marked"]["pagefind-entry.json"])
    assert entry["languages"]["lv"]["page_count"] == 4  # three posts and the page
    assert len([name for name in bundles["marked"] if name.startswith("filter/")]) == 2  # year and category


def test_the_index_is_the_same_bytes_on_every_run(search_site, tmp_path):
    """Pagefind writes a filter's values in random order; search_stable sorts them."""
    runs = []
    for run in range(3):
        site = tmp_path / f"run{run}"
        shutil.copytree(search_site.output, site, ignore=shutil.ignore_patterns("pagefind"))
        assert index_site(site, {}) == []
        runs.append({str(path.relative_to(site)): path.read_bytes()
                     for path in sorted((site / "pagefind").rglob("*")) if path.is_file()})
    assert runs[0] == runs[1] == runs[2]
    # Year and category: two filters in each of the two news shards.
    assert len([name for name in runs[0] if "/filter/" in name]) == 4


def test_a_failing_pagefind_fails_the_build_and_keeps_the_output(search_site):
    before = search_site.read("index.html")
    with pytest.raises(BuildFailed) as failure:
        search_site.build(SEARCH_PAGEFIND_ARGS=["--no-such-option"])
    assert failure.value.messages[0].startswith("Search index: Pagefind failed with exit code ")
    assert search_site.read("index.html") == before
    assert (search_site.output / "pagefind/pagefind-entry.json").is_file()


# --- the search box and the search page without JavaScript -------------------------

def test_every_page_has_a_search_box_that_works_without_javascript(search_site):
    form = search_site.soup("zinas/index.html").select_one("header form[role=search]")
    assert (form["action"], form["method"]) == ("/meklet/", "get")
    field = form.select_one("input[name=q]")
    label = form.select_one(f"label[for={field['id']}]")
    assert text_of(label) == "Meklēt portālā" and field["type"] == "search"
    assert text_of(form.button) == "Meklēt"


def test_the_search_page_without_javascript_says_so_and_links_to_the_archives(search_site):
    page = search_site.soup("meklet/index.html")
    assert text_of(page.h1) == "Meklēšana"
    fallback = page.select_one("[data-lpr-search-fallback]")
    assert "jābūt ieslēgtam JavaScript" in text_of(fallback)
    links = {a["href"]: text_of(a) for a in fallback.select("a")}
    assert links == {"/zinas/": "Ziņu arhīvs", "/zinas/2020/": "Ziņas 2020", "/zinas/2019/": "Ziņas 2019",
                     "/kategorija/kultura-un-sabiedriba/": "Kategorija: Kultūra un sabiedrība",
                     "/kategorija/parvalde/": "Kategorija: Pārvalde",
                     "/kategorija/transports/": "Kategorija: Transports"}
    translations = json.loads(page.select_one("#lpr-search")["data-translations"])
    assert translations["zero_results"] == "Vaicājumam „[SEARCH_TERM]” nekas netika atrasts"


def test_no_page_has_inline_scripts_styles_or_handlers(search_site):
    for relative in sorted(search_site.files()):
        if not relative.endswith(".html") or relative.startswith("pagefind/"):
            continue
        page = search_site.soup(relative)
        # JSON-LD is data, not a script a browser runs; the CSP does not apply to it.
        scripts = [script for script in page.find_all("script") if script.get("type") != "application/ld+json"]
        assert all(script.get("src") and not script.string for script in scripts), relative
        assert not page.find_all("style"), relative
        for element in page.find_all(True):
            assert not [name for name in element.attrs if name == "style" or name.startswith("on")], relative


# --- real searches in Chromium, under the site's Content-Security-Policy -----------

class _CspHandler(QuietHandler):
    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()


def serve_with_csp(folder):
    return serve_folder(folder, _CspHandler)


@pytest.fixture(scope="module")
def search_page(search_site, chromium_browser):
    with serve_with_csp(search_site.output) as base_url:
        page = chromium_browser.new_page()
        page.problems = []
        page.on("console", lambda message: message.type in ("error", "warning")
                and page.problems.append(message.text))
        page.on("pageerror", lambda error: page.problems.append(str(error)))
        page.base_url = base_url
        yield page
        page.close()


def search_from_header(page, query: str) -> list[dict]:
    page.goto(page.base_url + "/zinas/")
    page.fill("#lpr-search-form-q", query)
    page.press("#lpr-search-form-q", "Enter")
    # Locators, not wait_for_function: the site's CSP forbids the eval that it would need.
    page.wait_for_selector(".pagefind-ui__message:has-text('Vaicājumam')")
    # A result shows placeholder text (". . .") until its page's fragment has loaded.
    page.wait_for_selector(".pagefind-ui__loading", state="detached")
    return page.eval_on_selector_all(".pagefind-ui__result", """results => results.map(r => ({
        title: r.querySelector('.pagefind-ui__result-title').innerText,
        excerpt: r.querySelector('.pagefind-ui__result-excerpt').innerHTML,
        tags: [...r.querySelectorAll('.pagefind-ui__result-tag')].map(t => t.innerText)}))""")


def pagefind_alone(page, query: str) -> int:
    """How many pages Pagefind itself finds, without the search page's Latvian stemming."""
    return page.evaluate("""async q => {
        // The search page's UI may have merged the shards into this module already:
        // merged twice, a page comes twice, so pages are counted by id.
        const pagefind = await import('/pagefind/pagefind.js');
        for (const shard of window.LPRSearchShards) {
            await pagefind.mergeIndex('/pagefind/' + shard);
        }
        return new Set((await pagefind.search(q)).results.map(r => r.id)).size;
    }""", query)


def test_typing_a_word_without_diacritics_finds_it_with_title_date_and_excerpt(search_page):
    results = {result["title"]: result for result in search_from_header(search_page, "pasvaldiba")}
    assert search_page.url.endswith("/meklet/?q=pasvaldiba")
    assert set(results) == {"Pašvaldību ceļi kļūst drošāki", "Budžeta plāns nākamajam gadam"}
    roads = results["Pašvaldību ceļi kļūst drošāki"]
    assert roads["tags"] == ["Publicēts: 2020. gada 15. augustā"]
    assert "<mark>pašvaldība</mark>" in roads["excerpt"]
    assert search_page.inner_text(".pagefind-ui__message") == (
        "Vaicājumam „pasvaldiba” atrasto rezultātu skaits: 2")
    filters = search_page.eval_on_selector_all(".pagefind-ui__filter-name", "names => names.map(n => n.innerText)")
    assert sorted(filters) == ["Gads", "Kategorija"]
    assert search_page.problems == []


def test_the_category_filter_narrows_the_results(search_page):
    from playwright.sync_api import expect

    assert len(search_from_header(search_page, "pasvaldiba")) == 2
    search_page.click(".pagefind-ui__filter-name:has-text('Kategorija')")
    search_page.check("input[name=Kategorija][value=Pārvalde]")
    expect(search_page.locator(".pagefind-ui__result")).to_have_count(1)
    search_page.wait_for_selector(".pagefind-ui__loading", state="detached")
    assert search_page.inner_text(".pagefind-ui__result-title") == "Budžeta plāns nākamajam gadam"


def test_an_inflected_latvian_query_finds_the_other_forms_of_the_word(search_page):
    """One post says 'pašvaldības', the other only pašvaldība, pašvaldību, pašvaldībām: Pagefind
    alone finds the first, the search page's Latvian stemming finds both."""
    assert pagefind_alone(search_page, "pašvaldības") == 1
    results = search_from_header(search_page, "pašvaldības")
    assert {result["title"] for result in results} == {"Pašvaldību ceļi kļūst drošāki",
                                                        "Budžeta plāns nākamajam gadam"}
    assert search_from_header(search_page, "Rēzeknes koncertos")[0]["title"] == "Kultūras nakts Rēzeknē"
    assert search_page.problems == []


def test_menus_and_footers_are_not_searched(search_page):
    search_page.goto(search_page.base_url + "/meklet/")
    assert "Atbrīvošanas" in search_page.inner_text("footer")  # the street in every page's footer
    assert pagefind_alone(search_page, "Atbrīvošanas") == 0
    assert search_from_header(search_page, "Atbrīvošanas") == []
    assert search_page.inner_text(".pagefind-ui__message") == "Vaicājumam „Atbrīvošanas” nekas netika atrasts"


@pytest.mark.parametrize("word, stem", [
    ("pašvaldības", "pašvaldīb"), ("pašvaldībām", "pašvaldīb"), ("Latgalē", "latgal"),
    ("projektiem", "projekt"), ("jaunajiem", "jaun"), ("valstij", "valst"), ("gads", "gad"),
    ("kas", "kas"), ("ES", "es"), ("2020", "2020"),
])
def test_the_latvian_stemmer_of_the_search_page(search_page, word, stem):
    if not search_page.url.endswith("/meklet/"):
        search_page.goto(search_page.base_url + "/meklet/")
    assert search_page.evaluate("word => window.LPRSearch.stem(word)", word) == stem


def test_quoted_phrases_are_searched_as_typed(search_page):
    search_page.goto(search_page.base_url + "/meklet/")
    assert search_page.evaluate("t => window.LPRSearch.processTerm(t)",
                                'ceļi "Kultūras nakts" Rēzeknē') == 'ceļ "Kultūras nakts" rēzekn'


def test_without_javascript_the_search_page_shows_the_archives(search_site, chromium_browser):
    context = chromium_browser.new_context(java_script_enabled=False)
    with serve_with_csp(search_site.output) as base_url:
        page = context.new_page()
        page.goto(base_url + "/meklet/?q=pasvaldiba")
        assert page.is_visible("text=Meklēšanai pārlūkprogrammā jābūt ieslēgtam JavaScript")
        assert page.is_visible("[data-lpr-search-fallback] >> text=Ziņu arhīvs")
        assert not page.is_visible("#lpr-search-ui")
    context.close()
