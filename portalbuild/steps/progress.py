"""What a publish prints: one line per step with its time, and progress lines in a long step.

``reporting()`` turns it on (``invoke publish`` does); otherwise every function here does
nothing. ``step(name)`` times a step and prints a line when it ends; once a step has run
PROGRESS_SECONDS, a line says how far it is, again every PROGRESS_EVERY.

The progress lines come from an interval timer's signal (SIGALRM) in the main thread,
written with one ``os.write``: no thread runs beside the build, which forks its workers (a
thread could hold a lock a forked worker then waits for). Reads no settings.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator

PROGRESS_SECONDS = 5.0  # the first progress line of a step
PROGRESS_EVERY = 15.0  # the next ones
NAME_WIDTH = 12


class _Report:
    def __init__(self, stream):
        self.stream = stream
        self.name = ""
        self.started = 0.0
        self.detail = ""
        self.done = 0
        self.total = 0
        self.unit = ""


_report: _Report | None = None


@contextlib.contextmanager
def reporting(stream=None) -> Iterator[None]:
    """Print the steps' lines to ``stream`` (standard output) while the block runs."""
    global _report
    previous, _report = _report, _Report(stream or sys.stdout)
    try:
        yield
    finally:
        _report = previous


@contextlib.contextmanager
def step(name: str) -> Iterator[None]:
    """Time the block as the step ``name``; its line is printed when it ends (also on failure)."""
    report = _report
    if report is None or report.name:  # not reporting, or inside another step: that one is timed
        yield
        return
    report.name, report.started, report.detail, report.done, report.total = name, time.perf_counter(), "", 0, 0
    restore = _start_ticking(report)
    try:
        yield
    finally:
        restore()
        elapsed = time.perf_counter() - report.started
        detail = f"  {report.detail}" if report.detail else ""
        print(f"{name:<{NAME_WIDTH}} {elapsed:6.1f} s{detail}", file=report.stream, flush=True)
        report.name = ""


def say(detail: str) -> None:
    """What the running step did, printed after its time."""
    if _report is not None and _report.name:
        _report.detail = detail


@contextlib.contextmanager
def counting(total: int, unit: str) -> Iterator[Callable[[int], None]]:
    """``count(n)``: n more of ``total`` are done; the progress lines say how many."""
    report = _report
    if report is None or not report.name:
        yield lambda n: None
        return
    report.done, report.total, report.unit = 0, total, unit

    def count(n: int) -> None:
        report.done += n

    try:
        yield count
    finally:
        report.total = 0


def _progress_line(report: _Report) -> str:
    elapsed = time.perf_counter() - report.started
    line = f"  {report.name}: {elapsed:.0f} s"
    if report.total:
        line += f", {min(report.done, report.total):,} of {report.total:,} {report.unit}"
    return line + "\n"


def _start_ticking(report: _Report) -> Callable[[], None]:
    """SIGALRM after PROGRESS_SECONDS, then every PROGRESS_EVERY, writes a progress line; returns
    what stops it."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return lambda: None
    try:
        descriptor = report.stream.fileno()
    except (AttributeError, OSError, ValueError):
        descriptor = None

    def tick(signum, frame) -> None:
        line = _progress_line(report)
        try:
            if descriptor is not None:
                os.write(descriptor, line.encode("utf-8", "replace"))
        except OSError:
            pass

    if descriptor is None:
        return lambda: None
    previous = signal.signal(signal.SIGALRM, tick)
    signal.setitimer(signal.ITIMER_REAL, PROGRESS_SECONDS, PROGRESS_EVERY)

    def stop() -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

    return stop
