"""Weight gate: the home page and an article load from the site's own origin only, and light.

Real Chromium loads each page (scrolled to the end, so lazy images load too) and every request
is recorded: none may leave the site's origin (no fonts, scripts, trackers or images from other
hosts), and the page's HTML + CSS + JavaScript must stay under BUDGET_BYTES uncompressed (images
are counted and reported, not budgeted). The figures are written to test-reports/page-weight.json.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from portalbuild import ROOT
from tests.gates_support import first_page, site_server, url_of  # noqa: F401 -- fixture

pytestmark = pytest.mark.gates

# The portal's HTML + CSS + JS per page, uncompressed, without images: 50 kB, so that the home page
# and an article stay light on slow rural connections. Pages that show indicator tables, the
# reports and the search page load their own stylesheets (data.css, search.css) on top.
BUDGET_BYTES = 50_000
BUDGETED = {"document", "stylesheet", "script"}
REPORT = ROOT / "test-reports" / "page-weight.json"
PAGES = {"home": ["home"], "article": ["article with image", "article with project card", "article"]}


def load(browser, url: str) -> tuple[list[str], dict[str, int], list[str]]:
    """Load a page as a visitor does: (every URL requested, bytes by resource type, failures)."""
    requests, responses, failed = [], [], []
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.on("request", lambda request: requests.append(request.url))
    page.on("requestfailed", lambda request: failed.append(f"{request.url} ({request.failure})"))
    page.on("response", lambda response: responses.append(response))
    try:
        page.goto(url, wait_until="networkidle")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_load_state("networkidle")
        sizes: dict[str, int] = {}
        for response in responses:
            kind = response.request.resource_type
            sizes[kind] = sizes.get(kind, 0) + len(response.body())
            if response.status >= 400:
                failed.append(f"{response.url} (HTTP {response.status})")
    finally:
        page.close()
    return requests, sizes, failed


def foreign(requests: list[str], base_url: str) -> list[str]:
    own = urlsplit(base_url).netloc
    return [url for url in requests
            if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).netloc != own]


def write_report(name: str, figures: dict) -> None:
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    report = json.loads(REPORT.read_text(encoding="utf-8")) if REPORT.is_file() else {}
    report[name] = figures
    REPORT.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.mark.parametrize("name", PAGES.keys())
def test_page_loads_only_from_its_own_origin_and_stays_under_budget(name, real_site, site_server, chromium_browser):
    path = first_page(real_site, *PAGES[name])
    requests, sizes, failed = load(chromium_browser, site_server + url_of(path))
    budgeted = sum(size for kind, size in sizes.items() if kind in BUDGETED)
    figures = {"page": url_of(path), "requests": len(requests), "bytes_by_type": sizes,
               "html_css_js_bytes": budgeted, "budget_bytes": BUDGET_BYTES}
    write_report(name, figures)
    print(f"\n{name} {url_of(path)}: {json.dumps(figures, ensure_ascii=False)}")

    outside = foreign(requests, site_server)
    assert not outside, f"{url_of(path)} requests {len(outside)} URL(s) outside the site: {outside}"
    assert not failed, f"{url_of(path)}: requests failed: {failed}"
    assert budgeted <= BUDGET_BYTES, (
        f"{url_of(path)}: HTML+CSS+JS is {budgeted:,} bytes, over the budget of {BUDGET_BYTES:,} "
        f"(by type: {sizes}); make the page or its CSS/JS lighter, or raise BUDGET_BYTES with a reason")
