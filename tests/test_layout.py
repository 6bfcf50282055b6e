"""Layout gate in real Chromium: no page scrolls sideways, and the front pages are laid out as meant.

* Every built page of the real portal at 320 px and at 1280 px: the page is no wider than the
  window (WCAG 2.1 SC 1.4.10, Reflow, which axe does not test). A wide table scrolls inside
  its own focusable, labelled box, which says so.
* The home page on a phone shows news in its first screen under a compact header whose menu
  button works without JavaScript; on a desktop the menu is always open.
* An article shows its story first: the project card beside it on a wide screen, after it on
  a phone.
* The dark colour scheme follows the visitor's setting.
"""

from __future__ import annotations

import pytest

from tests.gates_support import first_page, html_files, site_server, url_of  # noqa: F401 -- fixture

pytestmark = pytest.mark.gates

REFLOW_WIDTHS = (320, 1280)
PAGE_WIDTH = "[document.documentElement.scrollWidth, window.innerWidth]"
BUDGET_PAGE = "/parskati/2020/budzets-un-personals/"


@pytest.fixture(scope="module")
def phone(chromium_browser):
    page = chromium_browser.new_page(viewport={"width": 375, "height": 667})
    yield page
    page.close()


@pytest.fixture(scope="module")
def desktop(chromium_browser):
    page = chromium_browser.new_page(viewport={"width": 1280, "height": 800})
    yield page
    page.close()


@pytest.mark.parametrize("width", REFLOW_WIDTHS)
def test_no_built_page_scrolls_sideways(width, real_site, site_server, chromium_browser):
    page = chromium_browser.new_page(viewport={"width": width, "height": 800})
    too_wide = []
    try:
        for path in html_files(real_site):
            relative = str(path.relative_to(real_site))
            if relative.startswith("pagefind/"):
                continue
            page.goto(site_server + url_of(relative), wait_until="load")
            scroll_width, inner_width = page.evaluate(PAGE_WIDTH)
            if scroll_width > inner_width:
                too_wide.append(f"{url_of(relative)}: {scroll_width} px wide in a {inner_width} px window")
    finally:
        page.close()
    assert not too_wide, f"{len(too_wide)} page(s) scroll sideways at {width} px:\n" + "\n".join(too_wide)


def test_wide_tables_scroll_in_their_own_labelled_box_with_a_hint(real_site, site_server, phone, desktop):
    boxes = """() => [...document.querySelectorAll('main .lpr-scroll')].map(box => ({
        label: box.getAttribute('aria-label'), role: box.getAttribute('role'), tabindex: box.tabIndex,
        scrolls: box.scrollWidth > box.clientWidth,
        hint: getComputedStyle(box, '::before').display !== 'none' ? getComputedStyle(box, '::before').content : null,
        numeric: [...box.querySelectorAll('td.lpr-indicator__cell--num')].map(td => getComputedStyle(td).textAlign),
    }))"""
    phone.goto(site_server + BUDGET_PAGE)
    on_phone = phone.evaluate(boxes)
    assert on_phone and all(box["role"] == "region" and box["tabindex"] == 0 and box["label"] for box in on_phone)
    scrolling = [box for box in on_phone if box["scrolls"]]
    assert scrolling, f"no table of {BUDGET_PAGE} is wider than a phone: the test needs one"
    assert all(box["hint"] == '"Tabula ir platāka par ekrānu — ritiniet to uz sāniem."' for box in scrolling), scrolling
    assert {align for box in on_phone for align in box["numeric"]} == {"right"}

    # On a desktop the budget table fits, its long headers wrapping, and no hint shows.
    desktop.goto(site_server + BUDGET_PAGE)
    on_desktop = desktop.evaluate(boxes)
    assert not [box for box in on_desktop if box["scrolls"] or box["hint"]], on_desktop


def test_home_shows_news_in_the_first_screen_of_a_phone(real_site, site_server, phone):
    phone.goto(site_server + "/")
    header = phone.evaluate("document.querySelector('header.lpr-header').getBoundingClientRect().height")
    lead = phone.evaluate("document.querySelector('.lpr-card--lead .lpr-card__title').getBoundingClientRect().bottom")
    assert header <= 90, f"the header is {header} px tall on a phone"
    assert lead <= 667, f"the lead headline ends {lead} px down, below the first screen of a phone"
    blocks = phone.eval_on_selector_all("main h2", "els => els.map(el => el.textContent.trim())")
    assert blocks[:2] == ["Jaunākās ziņas", "Sadaļas"]
    assert {"Projekti", "Publiskie pārskati", "Atvērtie dati", "Meklēt un sekot"} <= set(blocks)


def test_the_menu_button_opens_the_menu_without_javascript(real_site, site_server, chromium_browser):
    def visible_links(page):
        return page.eval_on_selector_all("header nav a", "els => els.filter(el => el.checkVisibility()).length")

    context = chromium_browser.new_context(viewport={"width": 375, "height": 667}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_server + "/zinas/")
        assert visible_links(page) == 0
        page.click("summary.lpr-menu__button")
        assert visible_links(page) == 6
        assert page.is_visible("header input[type=search]")
    finally:
        context.close()
    wide = chromium_browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        wide.goto(site_server + "/zinas/")
        assert visible_links(wide) == 6 and not wide.is_visible("summary.lpr-menu__button")
    finally:
        wide.close()


def test_article_story_first_and_its_project_card_beside_or_after_it(real_site, site_server, phone, desktop):
    path = url_of(first_page(real_site, "article with project card"))
    geometry = """() => { const box = s => document.querySelector(s).getBoundingClientRect();
        const story = box('.lpr-article__story .lpr-prose'), card = box('.lpr-article-projects');
        return {storyTop: story.top, storyRight: story.right, storyBottom: story.bottom, cardTop: card.top, cardLeft: card.left}; }"""
    desktop.goto(site_server + path)
    wide = desktop.evaluate(geometry)
    assert wide["cardLeft"] >= wide["storyRight"] and wide["cardTop"] < wide["storyBottom"], wide
    phone.goto(site_server + path)
    narrow = phone.evaluate(geometry)
    assert narrow["cardTop"] >= narrow["storyBottom"], narrow
    assert phone.eval_on_selector_all("nav.lpr-breadcrumbs a", "els => els.map(a => a.textContent)")[:2] == ["Sākums", "Ziņas"]
    assert phone.locator("nav.lpr-article-nav a[rel]").count() >= 1
    assert phone.locator(".lpr-related__item a").count() >= 1


def test_the_dark_scheme_follows_the_visitors_setting(real_site, site_server, chromium_browser):
    colours = "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]"
    found = {}
    for scheme in ("light", "dark"):
        page = chromium_browser.new_page(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
        try:
            page.goto(site_server + "/")
            found[scheme] = page.evaluate(colours)
        finally:
            page.close()
    assert found["light"] == ["rgb(255, 255, 255)", "rgb(27, 27, 27)"]
    assert found["dark"] == ["rgb(17, 22, 20)", "rgb(233, 238, 235)"]
