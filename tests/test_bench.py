"""The build-speed benchmark (`invoke bench`, bench/): it runs, measures and reports what it says.

A tiny archive, so the real builds take seconds: the numbers are not checked, only
that every part ran, wrote the site it should and is reported in the table and JSON.
"""

from __future__ import annotations

import json

from bench.__main__ import main


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
    # The new post of each warm run is removed again: the archive is as generated.
    assert len(list((tmp_path / "work" / "a30" / "content" / "news").rglob("*.md"))) == 30
