"""Lighthouse gate: accessibility, SEO and best-practices scores of the home page and an article.

Lighthouse (npm, pinned to 12.2.3 in package.json) runs Debian's Chromium (CHROME_PATH) headless
against the built portal served on 127.0.0.1. Its JSON and HTML reports are kept in
test-reports/lighthouse/ (gitignored) with a summary.json of the scores. Accessibility must
score 1.0; SEO and best practices are reported (and their failing audits listed in the summary).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess

import pytest

from portalbuild import ROOT
from tests.browser_support import chromium_path, require
from tests.gates_support import first_page, node, node_module, site_server, url_of  # noqa: F401 -- fixture

pytestmark = pytest.mark.gates

REPORTS = ROOT / "test-reports" / "lighthouse"
CATEGORIES = ["accessibility", "seo", "best-practices"]
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --disable-background-networking"
PAGES = {"home": ["home"], "article": ["article with image", "article with project card", "article"]}
TIMEOUT = 240


def lighthouse_command(url: str, name: str) -> list[str]:
    return [node(), str(node_module("lighthouse/cli/index.js")), url,
            "--output", "json", "--output", "html", "--output-path", str(REPORTS / name),
            f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
            "--quiet", "--no-enable-error-reporting", "--disable-full-page-screenshot"]


@pytest.fixture(scope="module")
def lighthouse_reports(real_site, site_server) -> dict[str, dict]:
    """Run Lighthouse on each page (both at once: each waits mostly on its own browser)."""
    executable = chromium_path()
    require(executable is not None, "Chromium is not installed")
    REPORTS.mkdir(parents=True, exist_ok=True)
    environment = {**os.environ, "CHROME_PATH": executable}
    paths = {name: first_page(real_site, *kinds) for name, kinds in PAGES.items()}
    runs = {}
    for name, path in paths.items():
        (REPORTS / f"{name}.report.json").unlink(missing_ok=True)
        runs[name] = subprocess.Popen(lighthouse_command(site_server + url_of(path), name), env=environment,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                      start_new_session=True)  # its own group: a hung run is ended with its Chrome
    reports = {}
    for name, process in runs.items():
        try:
            _, errors = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            _, errors = process.communicate()
        report = REPORTS / f"{name}.report.json"
        assert process.returncode == 0 and report.is_file(), (
            f"Lighthouse failed on {url_of(paths[name])} (exit {process.returncode}):\n{errors[-3000:]}")
        reports[name] = json.loads(report.read_text(encoding="utf-8"))
    write_summary(reports)
    return reports


def failing_audits(report: dict, category: str) -> list[str]:
    """The audits of a category that did not pass: id, title, elements and the help link."""
    lines = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if audit.get("score") is None or audit["score"] >= 1:
            continue  # passed, or not applicable, manual or informative
        link = re.search(r"\((https?://[^)]+)\)", audit.get("description", ""))
        lines.append(f"{audit['id']} (score {audit['score']}): {audit['title']}"
                     + (f" ({audit['explanation']})" if audit.get("explanation") else "")
                     + (f" — {link.group(1)}" if link else ""))
        for item in (audit.get("details") or {}).get("items", [])[:10]:
            node_ = item.get("node") or {}
            where = node_.get("selector") or item.get("url") or item.get("source") or ""
            snippet = node_.get("snippet", "")
            if where or snippet:
                lines.append(f"    element {where}: {snippet[:200]}")
    return lines


def scores(report: dict) -> dict[str, float]:
    return {category: report["categories"][category]["score"] for category in CATEGORIES}


def write_summary(reports: dict[str, dict]) -> None:
    summary = {name: {"url": report["finalDisplayedUrl"], "scores": scores(report),
                      "failing_audits": {c: failing_audits(report, c) for c in CATEGORIES}}
               for name, report in reports.items()}
    (REPORTS / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.mark.parametrize("name", PAGES.keys())
def test_lighthouse_accessibility_scores_full_marks(name, lighthouse_reports):
    report = lighthouse_reports[name]
    figures = scores(report)
    print(f"\nLighthouse {name} {report['finalDisplayedUrl']}: {figures} (reports in {REPORTS})")
    assert figures["accessibility"] == 1, (
        f"Lighthouse accessibility score of {report['finalDisplayedUrl']} is {figures['accessibility']}, not 1.0 "
        f"(report: {REPORTS / name}.report.html):\n  " + "\n  ".join(failing_audits(report, "accessibility")))
