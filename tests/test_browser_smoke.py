"""The built portal opens in real Chromium and its skip link moves focus to the content."""

from tests.browser_support import serve_folder


def test_skip_link_moves_focus_to_main(real_site, chromium_browser):
    with serve_folder(real_site) as base_url:
        page = chromium_browser.new_page(viewport={"width": 375, "height": 800})
        page.goto(base_url + "/")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "lpr-skip-link"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "saturs"
        page.close()
