"""Shared helpers of the quality gates (accessibility, HTML validity, links, weight, Lighthouse).

- `node_module(relative)`: a file under node_modules/ installed by `npm ci` (package.json pins
  axe-core, vnu-jar and lighthouse exactly); a missing one skips on a developer machine and
  fails in CI, like a missing browser (browser_support.require).
- `java()` / `node()`: the machine's Java (runs the Nu HTML Checker) and Node (runs Lighthouse).
- `PAGE_KINDS`: every kind of page of the portal and how to find one in a built site, so the
  browser gates test each kind even though slugs change with the content.
- `first_page(output, *kinds)`: one built page of the first of these kinds that exists.
- `html_files(output)`, `url_of(relative)`: the built pages and their URL paths.
- `site_server` (session fixture): the built portal served on 127.0.0.1.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable

import lxml.html
import pytest

from portalbuild import ROOT
from tests.browser_support import require, serve_folder

NODE_MODULES = ROOT / "node_modules"
NPM_HINT = "install the pinned Node packages: npm ci --ignore-scripts (needs Node.js 18.16+: apt-get install nodejs npm)"
JAVA_HINT = "install a Java runtime: apt-get install default-jre-headless"
NODE_HINT = "install Node.js 18.16+: apt-get install nodejs npm"


def node_module(relative: str) -> Path:
    path = NODE_MODULES / relative
    require(path.is_file(), f"node_modules/{relative} is missing", NPM_HINT)
    return path


def java() -> str:
    executable = shutil.which("java")
    require(executable is not None, "Java is not installed (the Nu HTML Checker runs on it)", JAVA_HINT)
    return executable


def node() -> str:
    executable = shutil.which("node")
    require(executable is not None, "Node.js is not installed (Lighthouse runs on it)", NODE_HINT)
    return executable


# --- The built site ----------------------------------------------------------

def html_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def url_of(relative: str) -> str:
    """The URL path a visitor uses for a built file: `zinas/index.html` -> `/zinas/`."""
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def parse(path: Path):
    return lxml.html.fromstring(path.read_bytes())


def _existing(*relatives: str) -> Callable[[Path], list[str]]:
    def find(output: Path) -> list[str]:
        return [r for r in relatives if (output / r).is_file()][:1]
    return find


def _first(pattern: str, keep: Callable | None = None, limit: int = 1) -> Callable[[Path], list[str]]:
    """The first built files (sorted) matching a glob, and a test on their parsed HTML."""
    def find(output: Path) -> list[str]:
        found = []
        for path in sorted(output.glob(pattern)):
            if keep is None or keep(parse(path)):
                found.append(str(path.relative_to(output)))
            if len(found) == limit:
                break
        return found
    return find


def _either(*finders: Callable[[Path], list[str]]) -> Callable[[Path], list[str]]:
    def find(output: Path) -> list[str]:
        for finder in finders:
            found = finder(output)
            if found:
                return found
        return []
    return find


def _main(doc):
    mains = doc.xpath("//main")
    return mains[0] if mains else doc


def _has_image(doc) -> bool:
    return bool(_main(doc).xpath(".//figure//img"))


PROJECT_LINK = re.compile(r"(^|/)projekti/[^/#?]+/")


def _links_a_project(doc) -> bool:
    return any(PROJECT_LINK.search(href) for href in _main(doc).xpath(".//a/@href"))


def _has_table_and_chart(doc) -> bool:
    main = _main(doc)
    chart = main.xpath(".//svg | .//canvas | .//img[contains(@class, 'chart')] | .//*[contains(@class, 'chart')]")
    return bool(main.xpath(".//table")) and bool(chart)


def _lists_feeds(doc) -> bool:
    feed_links = [h for h in _main(doc).xpath(".//a/@href") if "feeds/" in h]
    return len(feed_links) >= 2


def _is_search_page(doc) -> bool:
    return bool(_main(doc).xpath(".//input[@type='search'] | .//form[@role='search'] | .//*[@role='search']"))


def _is_plain_page(doc) -> bool:
    return bool(doc.xpath("//article[contains(concat(' ', @class, ' '), ' lpr-article--page ')]"))


@dataclass(frozen=True)
class PageKind:
    name: str
    find: Callable[[Path], list[str]]
    wanted: str  # what the kind is, for the "not built yet" message

    def pages(self, output: Path) -> list[str]:
        """Built files of this kind; skips the test, naming the kind, when there are none yet."""
        found = self.find(output)
        if not found:
            pytest.skip(f"not built yet: {self.name} ({self.wanted}) is missing from the built site")
        return found


PAGE_KINDS = [
    PageKind("home", _existing("index.html"), "index.html"),
    PageKind("article with image", _first("zinas/[0-9]*/[0-9]*/*/index.html", _has_image),
             "a news article with a featured image"),
    PageKind("article with project card", _first("zinas/[0-9]*/[0-9]*/*/index.html", _links_a_project),
             "a news article linking to a project page"),
    PageKind("article", _first("zinas/[0-9]*/[0-9]*/*/index.html"), "zinas/{YYYY}/{MM}/{slug}/index.html"),
    PageKind("news archive", _existing("zinas/index.html"), "zinas/index.html"),
    PageKind("category", _first("kategorija/*/index.html"), "kategorija/{slug}/index.html"),
    PageKind("categories index", _existing("kategorija/index.html"), "kategorija/index.html"),
    PageKind("tag", _first("birka/*/index.html"), "birka/{slug}/index.html"),
    PageKind("tags index", _existing("birka/index.html"), "birka/index.html"),
    PageKind("year archive", _first("zinas/[0-9][0-9][0-9][0-9]/index.html"), "zinas/{YYYY}/index.html"),
    PageKind("paginated list page", _either(_existing("lapa/1/index.html"), _first("**/lapa/1/index.html")),
             "…/lapa/1/index.html"),
    PageKind("projects index", _existing("projekti/index.html"), "projekti/index.html"),
    PageKind("project", _first("projekti/*/index.html"), "projekti/{slug}/index.html"),
    PageKind("report index", _existing("parskati/index.html"), "parskati/index.html"),
    PageKind("report", _first("parskati/[0-9][0-9][0-9][0-9]/index.html"), "parskati/{year}/index.html"),
    PageKind("report section with tables and a chart",
             _first("parskati/[0-9][0-9][0-9][0-9]/*/index.html", _has_table_and_chart),
             "parskati/{year}/{slug}/index.html with a table and a chart"),
    PageKind("dataset catalogue", _existing("dati/index.html"), "dati/index.html"),
    PageKind("feeds page", _either(_existing("plusmas/index.html", "feeds/index.html"),
                                   _first("*/index.html", _lists_feeds)),
             "a page listing the feeds"),
    PageKind("feed page", _existing("feeds/visas/index.html"), "feeds/visas/index.html (one feed, for people)"),
    PageKind("search", _either(_existing("meklet/index.html", "meklesana/index.html"),
                               _first("*/index.html", _is_search_page)),
             "the search page"),
    PageKind("404", _existing("404.html"), "404.html"),
    PageKind("plain pages", _first("*/index.html", _is_plain_page, limit=50),
             "pages from content/pages/*.md"),
]


def first_page(output: Path, *kind_names: str) -> str:
    """The first built page of the first of these kinds that has one; skips when none has."""
    kinds = {kind.name: kind for kind in PAGE_KINDS}
    for name in kind_names:
        found = kinds[name].find(output)
        if found:
            return found[0]
    pytest.skip(f"not built yet: the built site has no {' or '.join(kind_names)} page")


@pytest.fixture(scope="session")
def site_server(real_site):
    """The real portal served over HTTP on 127.0.0.1 for the whole session: its base URL."""
    with serve_folder(real_site) as base_url:
        yield base_url
