"""Real Chromium for browser tests: Debian's package, driven by Playwright, never downloaded.

`chromium_browser` (session) launches /usr/bin/chromium (or $CHROMIUM) headless with the
flags this closed network needs. Without Chromium the tests skip with a message saying how
to install it, except in CI (CI=true), where a missing browser is a failure.
`serve_folder(path)` serves a built site on 127.0.0.1 from a thread and returns its base URL.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
INSTALL_HINT = "install Debian's Chromium: apt-get install chromium (and the test extras: pip install -c requirements.lock -e '.[test]')"


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def require(condition: bool, why: str, hint: str = INSTALL_HINT) -> None:
    """Skip on a developer machine, fail in CI, when a browser-test tool is missing.

    `hint` says how to install the missing tool (Chromium by default).
    """
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{why}; CI must install it ({hint})")
    pytest.skip(f"{why}; to run these tests, {hint}")


@contextmanager
def launched_chromium():
    executable = chromium_path()
    require(executable is not None, "Chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright for Python is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextmanager
def serve_folder(folder: Path, handler_class: type = None):
    """Serve ``folder`` on 127.0.0.1; ``handler_class`` may add headers (a subclass of QuietHandler)."""
    handler = functools.partial(handler_class or QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def chromium_browser():
    with launched_chromium() as browser:
        yield browser
