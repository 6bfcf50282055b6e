"""Run one build in a subprocess and measure it: wall and CPU seconds, peak memory, output.

CPU time comes from ``resource.getrusage(RUSAGE_CHILDREN)`` before and after (it
includes the build's own worker processes, which the build waits for). Peak
memory is the largest sum of PSS (proportional set size: a page shared by forked
workers counts once in all) over the build's process tree, sampled from /proc
every 100 ms (Linux), and at least the largest single process that getrusage reports.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from portalbuild import ROOT

STOCK_SETTINGS = '''\
# Stock Pelican: default theme, built-in feeds, no plugins of the portal.
PATH = {content!r}
OUTPUT_PATH = {output!r}
CACHE_PATH = {cache!r}
SITENAME = "Latgales plānošanas reģions"
SITEURL = ""
TIMEZONE = "Europe/Riga"
DEFAULT_LANG = "lv"
ARTICLE_PATHS = ["news"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
# The same listing shape as the portal (10 per page), so both write comparable pages.
DEFAULT_PAGINATION = 10
CACHE_CONTENT = {cache_on!r}
LOAD_CONTENT_CACHE = {cache_on!r}
PLUGINS = []
'''


@dataclass
class Measurement:
    name: str
    articles: int
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    files: int
    bytes: int
    changed_files: int | None = None
    returncode: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def ours_command(content: Path, output: Path, cache: Path, serial: bool = False) -> list[str]:
    command = [sys.executable, "-m", "bench.build_once", "--content", str(content),
               "--output", str(output), "--cache", str(cache)]
    return command + (["--serial"] if serial else [])


# `invoke publish` runs from the repository's root (run()'s cwd, on sys.path with `python -m`),
# where publishconf is importable.
PUBLISH_SETTINGS = '''\
# The portal's publishconf.py, publishing the benchmark's archive into a local folder.
from publishconf import *  # noqa: F401,F403
PATH = {content!r}
CACHE_PATH = {cache!r}
PUBLISH_TARGET = {{"kind": "local", "path": {output!r}}}
'''


def publish_command(content: Path, output: Path, cache: Path, settings_file: Path) -> list[str]:
    """`invoke publish` as an operator runs it, with settings that point at the archive."""
    settings_file.write_text(PUBLISH_SETTINGS.format(content=str(content), cache=str(cache),
                                                     output=str(output)), encoding="utf-8")
    return [sys.executable, "-m", "invoke", "publish", "--settings", str(settings_file)]


def stock_command(content: Path, output: Path, cache: Path, settings_file: Path,
                  use_cache: bool = False) -> list[str]:
    settings_file.write_text(STOCK_SETTINGS.format(
        content=str(content), output=str(output), cache=str(cache), cache_on=use_cache),
        encoding="utf-8")
    return [sys.executable, "-m", "pelican", "-s", str(settings_file), "-q"]


def run(name: str, command: list[str], output: Path, articles: int,
        previous: dict[str, bytes] | None = None, echo: bool = False) -> Measurement:
    """Run ``command`` and measure it; ``previous`` (path -> bytes) counts changed files; ``echo``:
    what the command printed is copied to standard error (a publish's step lines)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    sampler = _PeakSampler(process.pid)
    sampler.start()
    log, _ = process.communicate()
    wall = time.perf_counter() - started
    sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0 or echo:
        sys.stderr.write(log.decode("utf-8", "replace")[-4000:])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak_mb = max(sampler.peak_kb, after.ru_maxrss if after.ru_maxrss > before.ru_maxrss else 0) / 1024
    files, size = _output_size(output)
    changed = None if previous is None else _changed(output, previous)
    return Measurement(name, articles, round(wall, 2), round(cpu, 2), round(peak_mb, 1),
                       files, size, changed, process.returncode)


def snapshot(output: Path) -> dict[str, int]:
    """Path -> (size, mtime) of every file, to tell afterwards which files a rebuild changed."""
    return {str(p.relative_to(output)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in output.rglob("*") if p.is_file()}


def _changed(output: Path, previous: dict) -> int:
    now = snapshot(output)
    return sum(1 for path, stamp in now.items() if previous.get(path) != stamp)


def _output_size(output: Path) -> tuple[int, int]:
    files = [p for p in output.rglob("*") if p.is_file()] if output.is_dir() else []
    return len(files), sum(p.stat().st_size for p in files)


class _PeakSampler(threading.Thread):
    """Largest total PSS of a process and its descendants, read from /proc."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self._done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak_kb = max(self.peak_kb, sum(_memory_kb(pid) for pid in _tree(self.pid)))
            # Every 0.1 s: reading smaps_rollup walks the page tables of every process of the
            # tree, and at 0.02 s it took a few % of this 2-core machine from the build measured.
            self._done.wait(0.1)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(pid: int) -> list[int]:
    pids, index = [pid], 0
    while index < len(pids):
        pids += _children(pids[index])
        index += 1
    return pids


def _children(pid: int) -> list[int]:
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
        return [int(child) for task in tasks
                for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
    except OSError:
        return []


def _memory_kb(pid: int) -> int:
    """The process's proportional set size: pages it shares with forked workers count once
    across the tree, where summing RSS would count them once per process."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return _rss_kb(pid)


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
