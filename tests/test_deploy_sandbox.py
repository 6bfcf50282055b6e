"""The deploy headers (deploy/_headers, deploy/nginx.conf) in real Chromium: a meta refresh to
another site does not navigate, and search, feeds and downloads still work.

Raw HTML is refused at build time (plugin content_safety); the headers are the second line,
for HTML that reaches the server some other way. CSP has no navigation directive, but its
`sandbox` directive sets the "sandboxed automatic features" flag, which stops meta refresh;
its allow-* tokens give back what the site uses.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading

import pytest

from portalbuild import ROOT
from tests.browser_support import QuietHandler, serve_folder
from tests.conftest import Site

SERIAL = {"FAST_BUILD": {"workers": 1, "incremental": False}}


def header_rules() -> list[tuple[str, list[str]]]:
    """deploy/_headers as (path pattern, lines) blocks, in order."""
    rules = []
    for line in (ROOT / "deploy" / "_headers").read_text(encoding="utf-8").splitlines():
        if line.startswith("/"):
            rules.append((line.strip(), []))
        elif line.startswith("  ") and rules:
            rules[-1][1].append(line.strip())
    return rules


def deploy_headers(path: str) -> list[tuple[str, str]]:
    """The headers a host that reads deploy/_headers sends for ``path``, as Cloudflare Pages does:
    every matching block attaches its headers, '! Name' detaches those attached before."""
    headers: list[tuple[str, str]] = []
    for pattern, lines in header_rules():
        if not re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), path.split("?")[0]):
            continue
        for line in lines:
            if line.startswith("!"):
                headers = [(name, value) for name, value in headers if name != line[1:].strip()]
            else:
                name, value = line.split(": ", 1)
                headers.append((name, value))
    return headers


class DeployHeadersHandler(QuietHandler):
    def end_headers(self):
        for name, value in deploy_headers(self.path):
            self.send_header(name, value)
        super().end_headers()


class CountingHandler(QuietHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 -- the stdlib's name
        CountingHandler.requests.append(self.path)
        super().do_GET()


SANDBOX = "sandbox allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-downloads"


def test_every_page_but_the_search_page_is_sandboxed_without_scripts_in_both_configs():
    policies = [value for name, value in deploy_headers("/zinas/2020/08/zina/") if name == "Content-Security-Policy"]
    assert policies[1] == SANDBOX and len(policies) == 2
    search = [value for name, value in deploy_headers("/meklet/") if name == "Content-Security-Policy"]
    assert search == policies[:1]  # the same policy, without the sandbox
    nginx = (ROOT / "deploy/nginx.conf").read_text(encoding="utf-8")
    assert f'default                                      "{SANDBOX}";' in nginx
    assert '~^/meklet/                                   "";' in nginx
    assert "add_header Content-Security-Policy $lpr_sandbox always;" in nginx


@pytest.fixture(scope="module")
def sandbox_site(tmp_path_factory):
    """The built site, served with the deploy headers at the address its feeds name."""
    site = Site(tmp_path_factory.mktemp("sandbox"))
    handler = functools.partial(DeployHeadersHandler, directory=str(site.output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    site.write("data/skaits.yaml", """
        id: skaits
        title: Apmeklētāji
        source: Pārskats
        columns:
          - {id: gads, label: Gads, type: year}
          - {id: skaits, label: Skaits, type: integer}
        rows:
          - [2019, 10]
          - [2020, 20]
    """)
    site.post("pasvaldibas", "Pašvaldību ceļi kļūst drošāki", body="Pašvaldība remontē ceļus.\n\n[[indicator:skaits]]\n")
    site.build(PREVIEW_SITEURL=site.base_url, **SERIAL)
    # HTML that did not pass the build's checks: written into the output by hand.
    (site.output / "parvirze").mkdir()
    (site.output / "parvirze" / "index.html").write_text(
        '<!doctype html><html lang="lv"><head><meta charset="utf-8"><title>Pārvirze</title>'
        '<meta http-equiv="refresh" content="0;url=OTHER/svesa/"></head><body><p>Teksts</p></body></html>',
        encoding="utf-8")
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture
def other_site(tmp_path):
    (tmp_path / "svesa").mkdir()
    # An icon of its own: otherwise Chromium asks this site for /favicon.ico after the first visit,
    # at a moment of its choosing, and the request could be counted against the second one.
    (tmp_path / "svesa" / "index.html").write_text('<!doctype html><link rel="icon" href="data:,"><title>Sveša</title>',
                                                   encoding="utf-8")
    CountingHandler.requests = []
    with serve_folder(tmp_path, CountingHandler) as base_url:
        yield base_url.replace("127.0.0.1", "localhost")  # another origin


def refresh_page(site: Site, other: str) -> None:
    page = site.output / "parvirze" / "index.html"
    page.write_text(re.sub(r"url=[^\"]*/svesa/", f"url={other}/svesa/", page.read_text(encoding="utf-8")),
                    encoding="utf-8")


def test_a_meta_refresh_to_another_site_does_not_navigate_under_the_deploy_headers(
        sandbox_site, other_site, chromium_browser):
    refresh_page(sandbox_site, other_site)
    page = chromium_browser.new_page()
    try:
        with serve_folder(sandbox_site.output) as plain_url:  # without the headers, it navigates
            page.goto(plain_url + "/parvirze/")
            page.wait_for_url(other_site + "/svesa/")
        CountingHandler.requests = []
        base_url = sandbox_site.base_url
        page.goto(base_url + "/parvirze/")
        page.wait_for_timeout(1500)  # the refresh's delay is 0 s: it would have happened by now
        assert page.url == base_url + "/parvirze/"
        assert page.title() == "Pārvirze"
        assert CountingHandler.requests == []
    finally:
        page.close()


def test_search_feeds_and_downloads_work_under_the_deploy_headers(sandbox_site, chromium_browser):
    page = chromium_browser.new_page(accept_downloads=True)
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append((page.url, message.text)))
    page.on("pageerror", lambda error: problems.append((page.url, str(error))))
    try:
        base_url = sandbox_site.base_url
        page.goto(base_url + "/zinas/")
        page.fill("#lpr-search-form-q", "pasvaldiba")
        page.press("#lpr-search-form-q", "Enter")
        page.wait_for_selector(".pagefind-ui__result-title")
        # Pagefind UI shows a placeholder title (". . .") until the page's fragment has loaded.
        page.wait_for_selector(".pagefind-ui__loading", state="detached")
        assert page.url == base_url + "/meklet/?q=pasvaldiba"
        assert page.inner_text(".pagefind-ui__result-title") == "Pašvaldību ceļi kļūst drošāki"

        page.goto(base_url + "/feeds/visas/")  # the feed's page for people
        assert "Pašvaldību ceļi kļūst drošāki" in page.inner_text("main")
        page.goto(base_url + "/feeds/visas.atom.xml")  # the feed itself, as a reader fetches it
        assert "Pašvaldību ceļi kļūst drošāki" in page.content()

        article = next(path for path in sorted(sandbox_site.files())
                       if path.startswith("zinas/2020/08/") and path.endswith("index.html"))
        page.goto(f"{base_url}/{article[:-len('index.html')]}")
        with page.expect_download() as download:
            page.click(".lpr-indicator__downloads a[type='text/csv']")
        assert download.value.suggested_filename == "skaits.csv"
        with open(download.value.path(), "rb") as downloaded:  # as written: CSV lines end in CRLF
            assert downloaded.read() == b"gads,skaits\r\n2019,10\r\n2020,20\r\n"
        # On the raw feed only: Chromium's own XML viewer may neither run its script (sandbox) nor apply
        # its inline style (style-src 'self', before the sandbox too); the XML is shown as text.
        assert [(url, text) for url, text in problems if not url.endswith("/feeds/visas.atom.xml")] == []
        assert [text for _, text in problems
                if not text.startswith(("Blocked script execution", "Applying inline style"))] == []
    finally:
        page.close()
