"""Time the feeds plugin on a synthetic site: `python -m bench.feeds [ARTICLES]`.

Makes ARTICLES fake articles (default 10 000: 6 categories, ~400 tags, 10 projects,
a featured image on every third one, ~4 KB of HTML each with links and images) and runs
the plugin's own functions on them, as a build does: check and group the items, then
write every feed. Prints the time of each step and the number of files and bytes.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from plugins.feeds import write_bytes
from plugins.feeds.catalogue import build_catalogue
from plugins.feeds.config import read_config
from plugins.feeds.items import make_items
from plugins.feeds.render import Renderer, feed_files

RIGA = ZoneInfo("Europe/Riga")
CATEGORIES = ["Reģiona attīstība", "Uzņēmējdarbība", "Projekti", "Pārvalde",
              "Kultūra un sabiedrība", "Transports"]
PROJECTS = ["risk-free", "deinstitucionalizacija", "crafts", "pure-water", "tour-de-crafts",
            "bus", "remigracija", "biznesa-idejas", "regionala-politika", "sam-562"]
PARAGRAPH = ("<p>Latgales plānošanas reģions kopā ar partneriem <a href=\"/zinas/2020/08/{n}/\">"
             "turpina darbu</a> pie projekta; vairāk <a href=\"../citas/\">šeit</a> un "
             "<a href=\"https://example.org/?a=1&amp;b=2\">ārējā vietnē</a>. Budžets ir "
             "66 793 813,90 EUR, līdzfinansējums 28,57 %.</p>\n")


@dataclass(frozen=True)
class FakeTerm:
    name: str
    slug: str

    def __str__(self):
        return self.name

    def __hash__(self):
        return hash(self.slug)


@dataclass(eq=False)
class FakeArticle:
    title: str
    date: datetime
    url: str
    source_path: str
    relative_source_path: str
    category: FakeTerm
    tags: list
    content: str
    summary: str
    author: str = "LPR sabiedrisko attiecību speciālists"
    status: str = "published"
    metadata: dict = field(default_factory=dict)


def fake_articles(count: int, content_path: str) -> list[FakeArticle]:
    randomiser = random.Random(2020)
    images = _fake_images(content_path)
    tags = [FakeTerm(f"birka {n}", f"birka-{n}") for n in range(400)]
    start = datetime(2010, 1, 1, 9, 0, tzinfo=RIGA)
    articles = []
    for n in range(count):
        body = "".join(PARAGRAPH.format(n=n) for _ in range(8))
        body += f'<p><img src="/images/news/{n}.png" alt="Attēls {n}"></p>\n'
        metadata = {}
        if n % 3 == 0:
            metadata["image"] = images[n % len(images)]
        if n % 3 == 1:
            metadata["projects"] = ", ".join(randomiser.sample(PROJECTS, randomiser.randint(1, 2)))
        category = CATEGORIES[n % len(CATEGORIES)]
        date = start + timedelta(hours=9 * n)
        articles.append(FakeArticle(
            title=f"Ziņa nr. {n}: Latgale & reģions „{category}”", date=date,
            url=f"zinas/{date:%Y}/{date:%m}/zina-{n}/", source_path=f"{content_path}/news/{n}.md",
            relative_source_path=f"news/{n}.md", category=FakeTerm(category, f"kategorija-{n % 6}"),
            tags=randomiser.sample(tags, 3), content=body, summary=f"<p>Kopsavilkums {n}.</p>",
            metadata=metadata))
    return articles


def _fake_images(content_path: str) -> list[str]:
    folder = os.path.join(content_path, "images", "news")
    os.makedirs(folder, exist_ok=True)
    paths = []
    for n in range(5):
        relative = f"images/news/bench-{n}.png"
        with open(os.path.join(content_path, relative), "wb") as handle:
            handle.write(b"\x89PNG\r\n\x1a\n" + bytes(1000 * (n + 1)))
        paths.append(relative)
    return paths


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bench.feeds", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", nargs="?", type=int, default=10_000, help="synthetic articles (default 10000)")
    count = parser.parse_args(argv).articles
    with tempfile.TemporaryDirectory() as temporary:
        settings = {"SITEURL": "https://lpr.example", "SITENAME": "Latgales plānošanas reģions",
                    "TIMEZONE": "Europe/Riga", "PATH": temporary, "FEEDS": {"items": 30},
                    "CATEGORY_URL": "kategorija/{slug}/", "TAG_URL": "birka/{slug}/",
                    "CATEGORIES_URL": "kategorija/", "TAGS_URL": "birka/"}
        articles = fake_articles(count, temporary)
        output = os.path.join(temporary, "output")
        started, cpu_started = time.perf_counter(), time.process_time()
        config, problems = read_config(settings)
        items, more = make_items(articles, config, datetime.now(RIGA))
        if problems or more:
            print("\n".join(str(problem) for problem in problems + more))
            return 1
        catalogue, contents = build_catalogue(items, config, settings)
        planned = time.perf_counter()
        renderer = Renderer(config)
        files = size = 0
        for feed in catalogue:
            for path, data in feed_files(feed, contents[feed], renderer):
                write_bytes(os.path.join(output, path), data)
                files += 1
                size += len(data)
        written, cpu = time.perf_counter(), time.process_time() - cpu_started
        print(f"{count} articles: items and grouping {planned - started:.2f} s, "
              f"writing {files} feed files ({size / 1e6:.1f} MB, {len(renderer._html)} articles "
              f"rendered once each) {written - planned:.2f} s, total {written - started:.2f} s "
              f"(CPU {cpu:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
