"""Screenshots of each kind of page at a phone and a desktop width, light and dark.

    .venv/bin/python -m scripts.screenshots [--site OUTPUT] [--out test-reports/screenshots]

(run from the repository's root, so that its tests/ can be imported).

Builds the portal into a temporary folder (or takes an already built one with --site),
serves it on 127.0.0.1 and saves full-page PNGs named {kind}-{width}-{scheme}.png, for
people to look at before a change to the theme is merged. Needs Chromium and Playwright,
as the browser tests do (tests/browser_support.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from portalbuild import ROOT
from portalbuild.runner import build
from tests.browser_support import launched_chromium, serve_folder

WIDTHS = (375, 1280)
SCHEMES = ("light", "dark")


def page_paths(site: Path) -> dict[str, str]:
    """One URL path of each kind of page, found in the built site."""
    def first(pattern: str, needle: str = "") -> str:
        for path in sorted(site.glob(pattern)):
            if needle in path.read_text(encoding="utf-8"):
                return "/" + str(path.parent.relative_to(site)) + "/"
        return ""

    kinds = {
        "home": "/",
        "news-index": "/zinas/",
        "article": first("zinas/[0-9]*/[0-9]*/*/index.html", "lpr-project-card"),
        "projects-index": "/projekti/",
        "project": first("projekti/*/index.html"),
        "report-section": first("parskati/[0-9]*/*/index.html", "lpr-chart__svg"),
        "report-budget": "/parskati/2020/budzets-un-personals/",
        "data": "/dati/",
        "search": "/meklet/?q=projekts",
        "contacts": "/kontakti/",
    }
    return {kind: path for kind, path in kinds.items() if path}


def take(site: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with serve_folder(site) as base_url, launched_chromium() as browser:
        for scheme in SCHEMES:
            for width in WIDTHS:
                context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                page = context.new_page()
                for kind, path in page_paths(site).items():
                    page.goto(base_url + path, wait_until="networkidle")
                    if kind == "search":
                        page.wait_for_selector(".pagefind-ui__result", timeout=10_000)
                    target = out / f"{kind}-{width}-{scheme}.png"
                    page.screenshot(path=str(target), full_page=True)
                    saved.append(target)
                context.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--out", type=Path, default=ROOT / "test-reports" / "screenshots")
    args = parser.parse_args(argv)
    if args.site:
        saved = take(args.site, args.out)
    else:
        with tempfile.TemporaryDirectory() as folder:
            site = Path(folder) / "output"
            build(ROOT / "pelicanconf.py", output=site, overrides={"CACHE_PATH": str(Path(folder) / "cache")})
            saved = take(site, args.out)
    print(f"{len(saved)} screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
