"""Accessibility gate: axe-core in real Chromium on every kind of page, and keyboard use.

axe-core (pinned in package.json, installed by `npm ci`) runs the WCAG 2.0/2.1 A and AA rules
on each kind of page at a phone width (375 px) and a desktop width (1280 px), in the light
colour scheme and again in the dark one (the theme follows prefers-color-scheme); any violation
fails with the page, the rule, the elements and axe's help link. The keyboard tests walk each
page with Tab: the skip link comes first and moves focus to the content, every interactive
element is reached and shows a visible focus ring, and the main navigation works by keyboard
at a phone width.
"""

from __future__ import annotations

import pytest

from tests.browser_support import serve_folder
from tests.gates_support import PAGE_KINDS, first_page, node_module, site_server, url_of  # noqa: F401 -- fixture

pytestmark = pytest.mark.gates

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {"phone": 375, "desktop": 1280}
KIND_IDS = [kind.name for kind in PAGE_KINDS]

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.map(String).join(' '), html: n.html, summary: n.failureSummary})),
  }));
}"""


@pytest.fixture(scope="module")
def tabs(chromium_browser):
    """One browser tab per width, reused page after page (a new tab per page costs more than the test)."""
    pages = {width: chromium_browser.new_page(viewport={"width": width, "height": 800}) for width in WIDTHS.values()}
    yield pages
    for page in pages.values():
        page.close()


@pytest.fixture(scope="module")
def dark_tabs(chromium_browser):
    """The same tabs with the visitor's system set to the dark colour scheme."""
    pages = {width: chromium_browser.new_page(viewport={"width": width, "height": 800}, color_scheme="dark")
             for width in WIDTHS.values()}
    yield pages
    for page in pages.values():
        page.close()


def visit(page, url: str):
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} answered {response and response.status}"
    return page


def axe_violations(page, url: str) -> list[dict]:
    visit(page, url)
    page.add_script_tag(path=str(node_module("axe-core/axe.min.js")))
    return page.evaluate(RUN_AXE, AXE_TAGS)


def describe_violations(path: str, width: int, violations: list[dict]) -> str:
    lines = [f"{url_of(path)} at {width} px: {len(violations)} axe rule(s) violated"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:10]:
            lines.append(f"    element {node['target']}: {node['html'][:200]}")
            lines.append("      " + node["summary"].replace("\n", "\n      "))
        if len(v["nodes"]) > 10:
            lines.append(f"    … and {len(v['nodes']) - 10} more element(s)")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("kind", PAGE_KINDS, ids=KIND_IDS)
def test_axe_finds_no_wcag_violations(kind, width, scheme, real_site, site_server, request):
    node_module("axe-core/axe.min.js")
    page = request.getfixturevalue("tabs" if scheme == "light" else "dark_tabs")[width]
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
    reports = []
    for path in kind.pages(real_site):
        violations = axe_violations(page, site_server + url_of(path))
        if violations:
            reports.append(describe_violations(path, width, violations).replace(" px:", f" px, {scheme} scheme:", 1))
    assert not reports, "\n\n".join(reports)


# --- Keyboard ------------------------------------------------------------------

MARK_FOCUSABLES = """() => {
  const selector = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, '
    + 'iframe, [tabindex], [contenteditable=""], [contenteditable="true"]';
  const focusable = [...document.querySelectorAll(selector)].filter(el =>
    !el.disabled && el.tabIndex >= 0 && !el.closest('[inert]')
    && el.checkVisibility({visibilityProperty: true}));
  const autofocused = document.activeElement;
  if (focusable.includes(autofocused)) autofocused.blur();  // to see it unfocused, then give focus back
  const marked = focusable.map((el, i) => {
    const s = getComputedStyle(el);
    const html = el.outerHTML.slice(0, 160);
    el.dataset.gateFocus = String(i);
    return {i, html, ring: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}|${s.boxShadow}`};
  });
  if (focusable.includes(autofocused)) autofocused.focus();
  return marked;
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {
    i: el.dataset.gateFocus === undefined ? null : Number(el.dataset.gateFocus),
    html: el.outerHTML.replace(/ data-gate-focus="\\d+"/, '').slice(0, 160),
    className: String(el.className), id: el.id,
    href: el.getAttribute('href'),
    // A menu button: aria-expanded, or the summary of a details element (open or not).
    expanded: el.tagName === 'SUMMARY' ? String(el.parentElement.open) : el.getAttribute('aria-expanded'),
    inNav: !!el.closest('header nav'), inHeader: !!el.closest('header'),
    ring: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}|${s.boxShadow}`,
    outlineVisible: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
    shadowVisible: s.boxShadow !== 'none',
    onScreen: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
      && r.left < innerWidth && r.top < innerHeight,
  };
}"""


def tab_walk(page) -> tuple[list[dict], list[dict]]:
    """Press Tab round the page once: (the focusable elements, what each Tab focused, in order).

    An element focused on load (autofocus) comes first; focus passing out of the page (to the
    browser's own controls) between the last element and the first is skipped.
    """
    focusables = page.evaluate(MARK_FOCUSABLES)
    visited = [focused] if (focused := page.evaluate(FOCUSED)) else []
    for _ in range(len(focusables) + 10):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        if visited and focused["i"] is not None and focused["i"] == visited[0]["i"]:
            break  # round the page once
        visited.append(focused)
    return focusables, visited


def focus_problems(focusables: list[dict], visited: list[dict]) -> list[str]:
    before = {f["i"]: f for f in focusables}
    problems = []
    reached = {v["i"] for v in visited}
    for f in focusables:
        if f["i"] not in reached:
            problems.append(f"not reachable with Tab: {f['html']}")
    for v in visited:
        unfocused = before.get(v["i"], {}).get("ring")
        if not (v["outlineVisible"] or v["shadowVisible"]) or v["ring"] == unfocused:
            problems.append(f"no visible focus ring (outline|box-shadow focused: {v['ring']}; "
                            f"not focused: {unfocused}): {v['html']}")
        elif not v["onScreen"]:
            problems.append(f"focused but off screen: {v['html']}")
    return problems


@pytest.mark.parametrize("kind", PAGE_KINDS, ids=KIND_IDS)
def test_every_interactive_element_is_reached_by_tab_with_a_visible_focus_ring(
        kind, real_site, site_server, tabs):
    reports = []
    for path in kind.pages(real_site)[:3]:
        page = visit(tabs[WIDTHS["phone"]], site_server + url_of(path))
        autofocus = page.evaluate(FOCUSED)
        focusables, visited = tab_walk(page)
        problems = focus_problems(focusables, visited)
        if not autofocus and visited and "lpr-skip-link" not in visited[0]["className"]:
            problems.insert(0, f"the first Tab should focus the skip link, it focused {visited[0]['html']}")
        if problems:
            reports.append(f"{url_of(path)} at {WIDTHS['phone']} px, keyboard:\n  " + "\n  ".join(problems))
    assert not reports, "\n\n".join(reports)


@pytest.mark.parametrize("kind", ["home", "article", "category", "plain pages"])
def test_skip_link_moves_focus_to_the_main_content(kind, real_site, site_server, tabs):
    path = first_page(real_site, kind)
    page = visit(tabs[WIDTHS["phone"]], site_server + url_of(path))
    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED)
    assert skip and "lpr-skip-link" in skip["className"], f"{url_of(path)}: first Tab focused {skip}"
    assert skip["onScreen"], f"{url_of(path)}: the focused skip link is not visible on screen"
    page.keyboard.press("Enter")
    main = page.evaluate("""() => { const el = document.activeElement; const r = el.getBoundingClientRect();
                               return {tag: el.tagName, id: el.id, top: r.top}; }""")
    assert main["tag"] == "MAIN" and main["id"] == "saturs", f"{url_of(path)}: focus went to {main}"
    assert -2 <= main["top"] < 800, f"{url_of(path)}: the main content was not scrolled into view ({main})"


def test_main_navigation_works_by_keyboard_on_a_phone(real_site, site_server, tabs):
    page = visit(tabs[WIDTHS["phone"]], site_server + "/")
    nav_links = page.eval_on_selector_all("header nav a[href]", "els => els.map(a => a.getAttribute('href'))")
    assert nav_links, "the header has no navigation links"
    reached, offscreen = [], []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or not focused["inHeader"]:
            if reached:
                break
            continue
        if focused["expanded"] == "false":  # a menu button: open it as a keyboard user would
            page.keyboard.press("Enter")
        if focused["inNav"]:
            reached.append(focused["href"])
            if not focused["onScreen"]:
                offscreen.append(focused["html"])
    assert reached == nav_links, f"Tab reached {reached} of the navigation links {nav_links}"
    assert not offscreen, f"navigation links focused off screen at 375 px: {offscreen}"
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= WIDTHS["phone"], f"the home page scrolls sideways at 375 px (width {wide} px)"

    target = nav_links[0]
    visit(page, site_server + "/")
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused and focused["expanded"] == "false":
            page.keyboard.press("Enter")
        if focused and focused["inNav"] and focused["href"] == target:
            break
    else:
        pytest.fail(f"40 presses of Tab did not reach the menu link {target}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site_server + target, f"Enter on the menu link {target} opened {page.url}"


# --- The checks themselves, on a small hand-made page ------------------------------

BAD_PAGE = """<!doctype html><html lang="lv"><head><meta charset="utf-8"><title>Slikta lapa</title>
<style>a:focus { outline: none; } .ok:focus-visible { outline: 3px solid #000; }</style></head>
<body><main><h1>Slikta lapa</h1><img src="bilde.png"><a class="ok" href="#a">labi</a>
<a href="#b">bez fokusa</a><p id="a">a</p><p id="b">b</p></main></body></html>"""


def test_the_checks_name_the_page_rule_element_help_link_and_focus_problems(tmp_path, tabs):
    (tmp_path / "slikta").mkdir()
    (tmp_path / "slikta" / "index.html").write_text(BAD_PAGE, encoding="utf-8")
    with serve_folder(tmp_path) as base_url:
        page = tabs[WIDTHS["desktop"]]
        message = describe_violations("slikta/index.html", 1280, axe_violations(page, base_url + "/slikta/"))
        focusables, visited = tab_walk(visit(page, base_url + "/slikta/"))
    assert message.startswith("/slikta/ at 1280 px: 1 axe rule(s) violated"), message
    assert "  [critical] image-alt: Images must have alternative text — https://dequeuniversity.com/rules/axe/4.14/image-alt" in message
    assert '    element img: <img src="bilde.png">' in message
    assert "Element does not have an alt attribute" in message
    problems = focus_problems(focusables, visited)
    assert len(problems) == 1, problems
    assert problems[0].startswith("no visible focus ring (outline|box-shadow focused: none "), problems
    assert problems[0].endswith('<a href="#b">bez fokusa</a>'), problems
