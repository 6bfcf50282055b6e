"""Measure the Pagefind index: of a built site, or of a synthetic portal with many articles.

    python -m bench.search output/             # a built site
    python -m bench.search --articles 10000    # synthetic Latvian news

The synthetic site is written straight as HTML in the shape of the theme's
article page (a real article page built from one post is the template), so
10,000 articles take seconds rather than a full Pelican build. Their text is
drawn from the words of the portal's own content (news posts and the 2020
report) with Zipf-like frequencies, so the vocabulary grows with the number of
articles as a real archive's does, if more slowly (no new names or topics).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import tempfile
import time
from pathlib import Path

from portalbuild import ROOT
from portalbuild.runner import build
from portalbuild.steps.search import index_site, index_size

WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
# The content, and the text of the annual report where a developer has it (LPR_REPORT_TEXT=path).
SOURCES = (ROOT / "content", *([Path(os.environ["LPR_REPORT_TEXT"]).parent] if os.environ.get("LPR_REPORT_TEXT") else []))
CATEGORIES = ("Reģiona attīstība", "Uzņēmējdarbība", "Projekti", "Pārvalde", "Kultūra un sabiedrība", "Transports")


def vocabulary() -> list[str]:
    """Latvian words of the portal's content, most frequent first."""
    counts: dict[str, int] = {}
    for folder in (folder for folder in SOURCES if folder.is_dir()):
        for path in folder.rglob("*"):
            if path.suffix in (".md", ".txt") and path.is_file():
                for word in WORD.findall(path.read_text(encoding="utf-8", errors="replace")):
                    counts[word.lower()] = counts.get(word.lower(), 0) + 1
    return sorted(counts, key=lambda word: (-counts[word], word))


def article_template(workdir: Path) -> str:
    """One article page of the real theme, with placeholders for title, date, category and text."""
    content = workdir / "content"
    (content / "news").mkdir(parents=True)
    (content / "news/x.md").write_text("Title: TITLEMARK\nDate: 2020-08-15 10:00\nCategory: Transports\n\n"
                                       "BODYMARK\n", encoding="utf-8")
    site = build(ROOT / "pelicanconf.py", output=workdir / "template", post_build=[],
                 overrides={"PATH": str(content), "CACHE_PATH": str(workdir / "cache")}).output
    page = next(site.glob("zinas/2020/08/*/index.html")).read_text(encoding="utf-8")
    return (page.replace("Gads:2020", "Gads:YEARMARK").replace("Kategorija:Transports", "Kategorija:CATMARK")
            .replace("<p>BODYMARK</p>", "BODYMARK"))


def synthetic_site(folder: Path, articles: int, seed: int = 2020) -> Path:
    random.seed(seed)
    words = vocabulary()
    weights = [1 / (rank + 1) for rank in range(len(words))]
    template = article_template(folder / "work")
    site = folder / "site"
    for number in range(articles):
        text = random.choices(words, weights, k=random.randint(250, 600))
        paragraphs = "".join(f"<p>{' '.join(text[i:i + 60]).capitalize()}.</p>" for i in range(0, len(text), 60))
        title = " ".join(random.choices(words[:3000], k=7)).capitalize()
        page = (template.replace("TITLEMARK", title).replace("BODYMARK", paragraphs)
                .replace("YEARMARK", str(2010 + number % 15)).replace("CATMARK", CATEGORIES[number % 6]))
        path = site / "zinas" / f"{number:05d}" / "index.html"
        path.parent.mkdir(parents=True)
        path.write_text(page, encoding="utf-8")
    return site


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bench.search", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", nargs="?", help="a built site whose pagefind/ to measure")
    parser.add_argument("--articles", type=int, help="build and measure a synthetic site of this many articles")
    args = parser.parse_args(argv)
    if args.site:
        print(index_size(Path(args.site)).summary())
        return 0
    with tempfile.TemporaryDirectory(prefix="lpr-search-bench-") as temporary:
        started = time.perf_counter()
        site = synthetic_site(Path(temporary), args.articles or 10_000)
        written = time.perf_counter()
        problems = index_site(site, {})
        indexed = time.perf_counter()
        if problems:
            print("\n".join(problems))
            return 1
        print(index_size(site).summary())
        print(f"pages written in {written - started:.1f} s, indexed by Pagefind in {indexed - written:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
