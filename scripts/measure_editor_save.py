"""Time from saving a post in the web editor to its page in the live preview, on the real content.

Clones this repository into a temporary folder (its node_modules linked in), runs
`invoke editor`'s code there (decap-server committing to the clone, the live preview
rebuilding on every change), writes posts in real Chromium and, for each, measures from
the click on "Publicēt tagad" (publish now) to the commit and to the first answer 200 of the post's
preview address. Nothing is written to this repository.

    .venv/bin/python -m scripts.measure_editor_save [--runs 3] [--articles 10000]

(run from the repository's root, so that its tests/ and bench/ can be imported).

With --articles N the clone's content is replaced by the benchmark's generated archive of
N posts (bench/archive.py), committed, before the editor starts.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from portalbuild import ROOT
from tests.browser_support import CHROMIUM_FLAGS, chromium_path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except OSError:
        return 0


def wait(condition, timeout: float, what: str) -> float:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.05)
    return time.monotonic()


def git(repository: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repository), *args], capture_output=True, text=True,
                          check=True).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--articles", type=int, default=0, help="a generated archive of this many posts")
    arguments = parser.parse_args()
    runs = arguments.runs
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="lpr-editor-measure-"))
    clone = work / "portal"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    git(clone, "config", "user.name", "Mērījums")
    git(clone, "config", "user.email", "merijums@example.org")
    if arguments.articles:
        from bench import archive

        shutil.rmtree(clone / "content")
        archive.generate(clone, arguments.articles)
        git(clone, "add", "-A", "content")
        git(clone, "commit", "-q", "-m", f"Arhīvs ar {arguments.articles} ziņām")
    (clone / "node_modules").symlink_to(ROOT / "node_modules")
    # .gitignore's 'node_modules/' matches folders, not a link; decap-server commits with 'git add .'.
    with open(clone / ".git" / "info" / "exclude", "a", encoding="utf-8") as exclude:
        exclude.write("/node_modules\n")
    port, proxy_port = free_port(), free_port()
    # `python -c` imports first from its working folder: the clone's portalbuild, not this one's.
    editor = subprocess.Popen(
        [sys.executable, "-c", f"from portalbuild.commands.editor import cli_editor; cli_editor({port}, {proxy_port})"],
        cwd=clone, stdout=subprocess.DEVNULL,
        start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    results = []
    try:
        wait(lambda: status(base + "/admin/config.yml") == 200, 1800, "the preview")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                                 args=CHROMIUM_FLAGS)
            page = browser.new_context(timezone_id="Europe/Riga").new_page()
            page.set_default_timeout(60_000)
            page.goto(base + "/admin/")
            page.get_by_role("button", name="Pieteikties").click()
            page.wait_for_selector("text=Ziņas portālā")
            for run in range(1, runs + 1):
                title = f"Mērījums numur {run}"
                slug = f"merijums-numur-{run}"
                page.goto("about:blank")  # a new editor page each time, not the last post's form
                page.goto(base + "/admin/#/collections/news/new")
                page.wait_for_selector("[id^=title-field-]")
                page.fill("[id^=title-field-]", title)
                page.fill("[id^=date-field-]", "2020-12-31T12:00")
                page.fill("[id^=summary-field-]", "Kopsavilkums.")
                page.locator("label[for^=body-field-]").locator("xpath=../..").locator("[contenteditable=true]").click()
                page.keyboard.type("Teksts.")
                page.click("[id^=status-field-]")
                page.get_by_text("Publicēta (redzama portālā)", exact=True).click()
                page.get_by_text("Publicēt", exact=True).click()
                page.wait_for_selector("text=Publicēt tagad")
                start = time.monotonic()
                page.get_by_text("Publicēt tagad", exact=True).click()
                committed = wait(lambda slug=slug: slug in git(clone, "log", "-1", "--format=%s"), 60, "the commit")
                built = wait(lambda slug=slug: status(f"{base}/zinas/2020/12/{slug}/") == 200, 300, "the page")
                results.append((committed - start, built - start))
                print(f"run {run}: committed after {committed - start:.2f} s, "
                      f"page built after {built - start:.2f} s")
                time.sleep(2)  # let the preview settle before the next save
            browser.close()
    finally:
        editor.send_signal(signal.SIGINT)  # the editor stops its decap-server on Ctrl+C
        try:
            editor.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(editor.pid, signal.SIGKILL)
        shutil.rmtree(work, ignore_errors=True)
    built = [b for _, b in results]
    print(f"median: committed {statistics.median(c for c, _ in results):.2f} s, "
          f"page built {statistics.median(built):.2f} s (min {min(built):.2f}, max {max(built):.2f})")


if __name__ == "__main__":
    main()
