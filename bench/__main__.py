"""`python -m bench`: how fast the portal builds at archive scale, against stock Pelican.

For each size it generates a synthetic archive (bench/archive.py) in a temporary
folder and measures, each build in its own subprocess:

  ours-cold    our full build (plugins, theme, fast mode) with no output and no cache;
  ours-warm    our rebuild after adding one new post (output and cache of the cold build);
  stock        stock Pelican 4.12 on the same content: default theme, built-in feeds, no plugins;
  stock-warm   stock Pelican's rebuild after one new post with its content cache (optional);
  ours-serial  our build with the fast mode off (workers 1, no incremental cache; optional);
  publish-cold `invoke publish` (build, search index, checks, compressed copies, swap) into a
               local folder target, with no published site and no cache;
  publish-warm `invoke publish` again after adding one new post.

Builds that are compared run alternately (ours, stock, stock, ours, ...) when --repeat > 1,
and the median is reported, so that load from other users of the machine hits both.

A cold build's output and cache from an earlier run are moved aside, not deleted, and
everything is deleted at the end. On ext4 without a journal, the kernel does not reuse an
inode for a minute or more after its file is deleted, and skips past each such inode when it
makes a new file: creating 20,000 files took 0.64 CPU s in a fresh folder and 4.6 s right
after 20,000 others were deleted. A build measured just after the previous run's output was
deleted paid for that deletion (ours cold: 101 CPU s as the first run, 116 s as the second).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench import archive, measure

PARTS = ("ours-cold", "ours-warm", "stock", "stock-warm", "ours-serial", "publish-cold", "publish-warm")
DEFAULT_PARTS = ("ours-cold", "ours-warm", "stock")
SET_ASIDE = "set-aside"  # earlier runs' outputs and caches, deleted with the work folder
_LEFT: list[Path] = []  # deleted when every measurement is done


def main(argv=None) -> int:
    args = _parse(argv)
    results = []
    try:
        for count in args.articles:
            results.append(bench_size(count, args))
            print(format_table([r for r in results]), flush=True)
    finally:
        for folder in _LEFT:
            shutil.rmtree(folder, ignore_errors=True)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(_report(results, args), indent=2, ensure_ascii=False),
                                   encoding="utf-8")
        print(f"Wrote {args.json}")
    failed = [m for r in results for m in r["runs"] if m["returncode"] != 0]
    return 1 if failed else 0


def _parse(argv):
    parser = argparse.ArgumentParser(prog="bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", default="10000",
                        help="comma-separated archive sizes (default 10000), e.g. 1000,5000,10000")
    parser.add_argument("--parts", default=",".join(DEFAULT_PARTS),
                        help=f"comma-separated parts to run, of: {', '.join(PARTS)}")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each part (median reported)")
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--json", help="also write the results as JSON to this path")
    parser.add_argument("--keep", help="keep the archives and outputs in this folder")
    args = parser.parse_args(argv)
    args.articles = [int(n) for n in str(args.articles).split(",") if n.strip()]
    args.parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = set(args.parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s) {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}")
    return args


def bench_size(count: int, args) -> dict:
    """Generate an archive of ``count`` posts and measure the chosen parts on it."""
    work = Path(args.keep) / f"a{count}" if args.keep else Path(tempfile.mkdtemp(prefix=f"lpr-bench-{count}-"))
    if work.exists():  # an earlier run kept here
        _LEFT.append(work.rename(work.with_name(f"{work.name}-earlier-{os.getpid()}")))
    try:
        content = archive.generate(work, count, seed=args.seed)
        print(f"[bench] {count} articles generated in {content}", file=sys.stderr, flush=True)
        runs: list[measure.Measurement] = []
        for repeat in range(args.repeat):
            order = ["ours-cold", "stock"] if repeat % 2 == 0 else ["stock", "ours-cold"]
            order += [p for p in ("ours-serial", "ours-warm", "stock-warm", "publish-cold", "publish-warm")]
            for part in order:
                if part in args.parts or (part == "ours-cold" and "ours-warm" in args.parts) \
                        or (part == "publish-cold" and "publish-warm" in args.parts):
                    runs.append(_run_part(part, work, content, count, args.seed, repeat))
                    print(f"[bench] {runs[-1]}", file=sys.stderr, flush=True)
        return _summarise(count, runs)
    finally:
        _LEFT.append(work / SET_ASIDE if args.keep else work)


def _run_part(part: str, work: Path, content: Path, count: int, seed: int, repeat: int):
    ours_output, ours_cache = work / "ours-output", work / "ours-cache"
    stock_output, stock_cache = work / "stock-output", work / "stock-cache"
    if part == "ours-cold":
        _clear(ours_output, ours_cache)
        return measure.run(part, measure.ours_command(content, ours_output, ours_cache),
                           ours_output, count)
    if part == "ours-serial":
        serial_output = work / "serial-output"
        _clear(serial_output, work / "serial-cache")
        return measure.run(part, measure.ours_command(content, serial_output, work / "serial-cache",
                                                      serial=True), serial_output, count)
    if part == "ours-warm":
        return _warm(part, measure.ours_command(content, ours_output, ours_cache),
                     ours_output, content, count, seed, repeat)
    if part.startswith("publish-"):
        published, command = work / "published", measure.publish_command(
            content, work / "published", work / "publish-cache", work / "publish-settings.py")
        if part == "publish-cold":
            _clear(published, work / "publish-cache")
            return measure.run(part, command, published, count, echo=True)
        return _warm(part, command, published, content, count, seed, repeat, echo=True)
    settings = work / "stock-settings.py"
    if part == "stock":
        _clear(stock_output, stock_cache)
        return measure.run(part, measure.stock_command(content, stock_output, stock_cache, settings),
                           stock_output, count)
    # stock-warm: prime stock Pelican's content cache (not timed), then add one post.
    _clear(stock_output, stock_cache)
    command = measure.stock_command(content, stock_output, stock_cache, settings, use_cache=True)
    measure.run("stock-prime", command, stock_output, count)
    return _warm(part, command, stock_output, content, count, seed, repeat)


def _warm(part, command, output, content, count, seed, repeat, echo=False):
    previous = measure.snapshot(output)
    new_post = archive.add_article(content, seed=seed, index=count + repeat)
    try:
        return measure.run(part, command, output, count + 1, previous=previous, echo=echo)
    finally:
        new_post.unlink()


def _clear(*folders: Path) -> None:
    """Move the folders aside, into the work folder's ``set-aside`` (deleted with it at the end)."""
    for folder in folders:
        if folder.exists():
            aside = folder.parent / SET_ASIDE
            aside.mkdir(exist_ok=True)
            folder.rename(aside / f"{folder.name}-{len(list(aside.iterdir()))}")


def _summarise(count: int, runs: list[measure.Measurement]) -> dict:
    parts = {}
    for name in PARTS:
        mine = [r for r in runs if r.name == name]
        if mine:
            parts[name] = {
                "wall_s": statistics.median(r.wall_s for r in mine),
                "cpu_s": statistics.median(r.cpu_s for r in mine),
                "peak_rss_mb": max(r.peak_rss_mb for r in mine),
                "files": mine[-1].files, "bytes": mine[-1].bytes,
                "changed_files": mine[-1].changed_files,
                "ms_per_article": round(1000 * statistics.median(r.wall_s for r in mine) / count, 2),
                "failed": any(r.returncode != 0 for r in mine),
            }
    return {"articles": count, "parts": parts, "ratios": _ratios(parts),
            "paired_ratios": _paired_ratios(runs), "runs": [r.as_dict() for r in runs]}


RATIOS = {"cold_ours_over_stock": ("ours-cold", "stock"),
          "warm_over_ours_cold": ("ours-warm", "ours-cold"),
          "stock_warm_over_stock_cold": ("stock-warm", "stock"),
          "ours_cold_over_serial": ("ours-cold", "ours-serial"),
          "publish_warm_over_ours_warm": ("publish-warm", "ours-warm"),
          "publish_cold_over_ours_cold": ("publish-cold", "ours-cold")}


def _ratios(parts: dict) -> dict:
    """Each ratio of the parts' medians."""
    def ratio(a, b):
        return round(parts[a]["wall_s"] / parts[b]["wall_s"], 3) if a in parts and b in parts else None
    return {name: ratio(a, b) for name, (a, b) in RATIOS.items()}


def _paired_ratios(runs: list[measure.Measurement]) -> dict:
    """Each ratio run by run: the n-th run of one part over the n-th of the other, made one
    after the other in the same repeat. The machine's speed drifts from repeat to repeat,
    and a pair's ratio drifts less than either of its times."""
    paired = {}
    for name, (a, b) in RATIOS.items():
        ones = [r.wall_s for r in runs if r.name == a]
        others = [r.wall_s for r in runs if r.name == b]
        if ones and others:
            paired[name] = [round(one / other, 3) for one, other in zip(ones, others)]
    return paired


def format_table(results: list[dict]) -> str:
    header = (f"{'articles':>8} {'build':<18} {'wall s':>8} {'cpu s':>8} {'ms/art':>7} "
              f"{'peak MB':>8} {'files':>7} {'MB out':>7} {'changed':>7}")
    lines = [header, "-" * len(header)]
    for result in results:
        for name, part in result["parts"].items():
            changed = "" if part["changed_files"] is None else str(part["changed_files"])
            name = name + (" FAILED" if part.get("failed") else "")
            lines.append(f"{result['articles']:>8} {name:<18} {part['wall_s']:>8.2f} {part['cpu_s']:>8.2f} "
                         f"{part['ms_per_article']:>7.2f} {part['peak_rss_mb']:>8.1f} {part['files']:>7} "
                         f"{part['bytes'] / 1e6:>7.1f} {changed:>7}")
        ratios = ", ".join(f"{k} {v:.3f}" for k, v in result["ratios"].items() if v is not None)
        lines.append(f"{'':>8} ratios: {ratios}")
        pairs = "; ".join(f"{k} {', '.join(f'{v:.3f}' for v in values)}"
                          for k, values in result.get("paired_ratios", {}).items() if len(values) > 1)
        if pairs:
            lines.append(f"{'':>8} run by run: {pairs}")
    return "\n".join(lines)


def _report(results: list[dict], args) -> dict:
    return {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                        "platform": platform.platform(), "load_average": os.getloadavg()},
            "seed": args.seed, "repeat": args.repeat, "results": results}


if __name__ == "__main__":
    sys.exit(main())
