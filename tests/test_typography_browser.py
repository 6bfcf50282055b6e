"""Latvian typography as a reader's browser gets it, on every page of the real portal:
no digit group split by an ordinary space ("1 447 275 EUR" must never wrap as
"1 447 / 275 EUR"), no number parted from its unit by one, and no numbered list made
from a date ("19. un 20. augustā" read as item 19 "un 20. augustā").

Real Chromium reads the text nodes of each page (scripts, styles and code aside); a first
test shows the checks catch both faults on a page made to have them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_support import serve_folder

# The visible text's faults, found in the page by the browser. NBSP (U+00A0) and U+202F are
# not matched by " ", so only ordinary spaces are faults.
FIND_FAULTS = r"""() => {
  const months = "janvār|februār|mart|aprīl|maij|jūnij|jūlij|august|septembr|oktobr|novembr|decembr";
  const split = /(?<![\d.,])\d{1,3}(?: \d{3})+(?!\d)/g;
  const unit = /\d (?:EUR|%|ha|km|m²|m³|tūkst\.|milj\.)(?![\p{L}\d])/gu;
  // Lower case: what is left of "15. augustā" after Markdown took "15." for a list number.
  const dateItem = new RegExp(`^\\s*(?:(?:un|vai|līdz|[,–—-])\\s*\\d{1,2}\\.\\s*)*(?:${months}|gad)`);
  const faults = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => node.parentElement.closest("script, style, code, pre, template")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(split)) faults.push(`split number "${match[0]}" in "${node.data.trim().slice(0, 80)}"`);
    for (const match of node.data.matchAll(unit)) faults.push(`unit apart "${match[0]}" in "${node.data.trim().slice(0, 80)}"`);
  }
  for (const item of document.querySelectorAll("ol > li")) {
    if (dateItem.test(item.textContent)) {
      const number = item.parentElement.start + [...item.parentElement.children].indexOf(item);
      faults.push(`list item ${number} made from a date: "${item.textContent.trim().slice(0, 80)}"`);
    }
  }
  return faults;
}"""


def html_pages(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)).removesuffix("index.html")
                  for path in root.rglob("*.html") if "pagefind" not in path.parts)


def test_the_checks_catch_split_numbers_units_and_date_lists(tmp_path, chromium_browser):
    (tmp_path / "index.html").write_text(
        "<!doctype html><html lang=lv><meta charset=utf-8><title>t</title><p>Izdevumi 1 447 275 EUR un 85 %.</p>"
        "<p>Labi: 1\u00a0447\u00a0275\u00a0EUR, 85\u00a0%, 2020 15, <code>1 000 EUR</code></p>"
        "<ol start=19><li>un 20. augustā Rēzeknē</li></ol><ol><li>Sagatavot plānu</li></ol>", encoding="utf-8")
    with serve_folder(tmp_path) as base_url:
        page = chromium_browser.new_page()
        page.goto(base_url + "/")
        faults = page.evaluate(FIND_FAULTS)
        page.close()
    assert faults == ['split number "1 447 275" in "Izdevumi 1 447 275 EUR un 85 %."',
                      'unit apart "5 EUR" in "Izdevumi 1 447 275 EUR un 85 %."',
                      'unit apart "5 %" in "Izdevumi 1 447 275 EUR un 85 %."',
                      'list item 19 made from a date: "un 20. augustā Rēzeknē"']


def test_no_page_of_the_portal_splits_a_number_or_lists_a_date(real_site, chromium_browser):
    pages = html_pages(real_site)
    assert len(pages) > 100
    found = []
    with serve_folder(real_site) as base_url:
        page = chromium_browser.new_page()
        # Only the documents matter: images, styles and scripts are not fetched.
        page.route("**/*", lambda route: route.continue_() if route.request.resource_type == "document"
                   else route.abort())
        for path in pages:
            page.goto(f"{base_url}/{path}")
            found += [f"/{path}: {fault}" for fault in page.evaluate(FIND_FAULTS)]
        page.close()
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", ["zinas/2020/08/pure-water-macibas-rezekne/",
                                  "zinas/2020/08/pure-water-macibas-daugavpili/"])
def test_date_range_posts_start_with_their_first_day_in_the_browser(real_site, chromium_browser, path):
    with serve_folder(real_site) as base_url:
        page = chromium_browser.new_page()
        page.goto(f"{base_url}/{path}")
        first = page.locator(".lpr-prose > p").first.inner_text()
        description = page.locator("meta[name=description]").get_attribute("content")
        page.close()
    start = "19. un 20. augustā" if "rezekne" in path else "12. un 13. augustā"
    assert first.startswith(start) and description.startswith(start)
