"""The benchmarks in bench/: each runs, measures and reports what it says.

`python -m bench` (`invoke bench`), `python -m bench.search` and `python -m bench.feeds`, on
tiny inputs so that they take seconds: the numbers are not checked, only that every part ran,
wrote what it should and is reported.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

from bench.__main__ import main
from portalbuild import ROOT


def run_module(*arguments: str) -> str:
    """Run `python -m ARGUMENTS` from the repository's root, as a developer does; its output."""
    done = subprocess.run([sys.executable, "-m", *arguments], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_feeds_benchmark_writes_every_feed_of_a_tiny_archive_and_prints_its_times():
    printed = run_module("bench.feeds", "30")
    figures = re.search(r"^30 articles: items and grouping [\d.]+ s, writing (\d+) feed files "
                        r"\([\d.]+ MB, 30 articles rendered once each\) [\d.]+ s, total [\d.]+ s "
                        r"\(CPU [\d.]+ s\)$", printed, re.MULTILINE)
    assert figures, printed
    assert int(figures[1]) > 30  # the news feeds, and those of each category, tag and project


def test_the_search_benchmark_indexes_a_tiny_synthetic_site_and_prints_the_bundle_sizes():
    printed = run_module("bench.search", "--articles", "12")
    assert re.search(r"^12 pages indexed: bundle [\d.]+ KiB \(index [\d.]+ KiB in \d+ chunks", printed,
                     re.MULTILINE), printed
    assert re.search(r"^pages written in [\d.]+ s, indexed by Pagefind in [\d.]+ s$", printed, re.MULTILINE), printed


def test_the_benchmark_builds_ours_and_stock_pelican_and_reports_them(tmp_path, capsys):
    report = tmp_path / "results" / "bench.json"
    code = main(["--articles", "30", "--parts", "ours-cold,ours-warm,stock,publish-cold,publish-warm", "--repeat", "2",
                 "--json", str(report), "--keep", str(tmp_path / "work")])
    assert code == 0
    printed = capsys.readouterr().out
    for part in ("ours-cold", "ours-warm", "stock", "publish-cold", "publish-warm"):
        assert f"      30 {part}" in printed
    assert "ratios: cold_ours_over_stock" in printed and "run by run: cold_ours_over_stock" in printed

    [result] = json.loads(report.read_text(encoding="utf-8"))["results"]
    assert result["articles"] == 30 and set(result["parts"]) == {
        "ours-cold", "ours-warm", "stock", "publish-cold", "publish-warm"}
    names = [run["name"] for run in result["runs"]]
    # Ours and stock alternate from repeat to repeat; the warm rebuild follows our cold build, the
    # warm publish the cold one.
    assert names == ["ours-cold", "stock", "ours-warm", "publish-cold", "publish-warm",
                     "stock", "ours-cold", "ours-warm", "publish-cold", "publish-warm"]
    assert all(run["returncode"] == 0 and run["wall_s"] > 0 and run["cpu_s"] > 0 and run["peak_rss_mb"] > 0
               for run in result["runs"])
    warm = result["parts"]["ours-warm"]
    assert warm["files"] > result["parts"]["stock"]["files"] > 30
    assert 0 < warm["changed_files"] < warm["files"]  # the new post, its lists, feeds, ...
    assert len(result["paired_ratios"]["cold_ours_over_stock"]) == 2
    # `invoke publish` into the local folder: the site with its compressed copies, then the new
    # post's files and copies changed, the rest kept.
    cold, published = result["parts"]["publish-cold"], result["parts"]["publish-warm"]
    assert cold["files"] > result["parts"]["ours-cold"]["files"]  # and the .gz and .br copies
    assert 0 < published["changed_files"] < published["files"] and published["files"] > cold["files"]
    site = tmp_path / "work" / "a30" / "published"
    assert any(site.joinpath("zinas").rglob("index.html.br")) and (site / "index.html.gz").is_file()
    assert result["ratios"]["publish_warm_over_ours_warm"] == round(
        published["wall_s"] / warm["wall_s"], 3)
    assert result["ratios"]["warm_over_ours_cold"] == round(
        warm["wall_s"] / result["parts"]["ours-cold"]["wall_s"], 3)
    # Earlier runs' outputs were set aside while the measurements ran and are deleted at the end.
    assert sorted(path.name for path in (tmp_path / "work").iterdir()) == ["a30"]
    assert not (tmp_path / "work" / "a30" / "set-aside").exists()
    # The new post of each warm run is removed again: the archive is as generated.
    assert len(list((tmp_path / "work" / "a30" / "content" / "news").rglob("*.md"))) == 30
