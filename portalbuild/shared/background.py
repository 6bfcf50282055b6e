"""Work that writes files into the new output while the build goes on, in a forked process.

A rebuild spends most of its time in one process on one core; files that nothing
reads until Pelican has finished (sharing cards and image variants to link, the
feeds) can be written meanwhile on the other core. A thread would not do: it waits
for the interpreter lock after every system call while the build's own thread
computes. The forked process shares the build's memory copy-on-write, so the work
given to it should read little of that memory: it pays for every page it touches.
What a task logs stays in its process, so tasks are ones that do not log: they write
files and raise on failure.

``start(task)`` forks and returns ``wait()``; the build waits for every task before
its output is used (``wait_for_all``, also when the build has failed and is about
to delete the folder the task writes into; a task's own ``wait()`` called later still
raises its failure). Where there is no fork, the task runs
at once. ``track(stop)`` adds work started another way (a process pool) to what
``wait_for_all`` waits for. Reads no settings.
"""

from __future__ import annotations

import os
from collections.abc import Callable

_running: list[Callable[[], None]] = []


def start(task: Callable[[], None], failure: type[Exception] = RuntimeError, prefix: str = "") -> Callable[[], None]:
    """Run ``task()`` in a forked process. ``wait()`` returns when it has finished, or raises
    ``failure(prefix + what the task raised)``."""
    if not hasattr(os, "fork"):
        try:
            task()
        except Exception as error:
            raise failure(f"{prefix}{error}") from error
        return lambda: None
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: works, says what failed, and leaves without any cleanup of the parent's
        code = 0
        try:
            os.close(reading)
            task()
        except BaseException as error:  # noqa: BLE001 -- the child must never return into the build
            code = 1
            try:
                os.write(writing, str(error).encode("utf-8", "replace")[:4000])
            except BaseException:  # noqa: BLE001
                pass
        finally:
            os._exit(code)
    os.close(writing)
    failed: list[Exception] = []  # kept: a later wait() (after wait_for_all) raises it again

    def wait() -> None:
        if wait in _running:
            _running.remove(wait)
            _, status = os.waitpid(pid, 0)
            with os.fdopen(reading, "rb") as said:
                message = said.read().decode("utf-8", "replace")
            if os.waitstatus_to_exitcode(status) != 0:
                failed.append(failure(f"{prefix}{message or 'the process ended without saying why'}"))
        if failed:
            raise failed[0]

    _running.append(wait)
    return wait


def track(stop: Callable[[], None]) -> Callable[[], None]:
    """``wait_for_all`` also calls ``stop()`` (it must return once that work has ended), once,
    unless ``untrack()``, the function returned, is called first: when the build has waited
    for that work itself."""
    def wait() -> None:
        untrack()
        stop()

    def untrack() -> None:
        if wait in _running:
            _running.remove(wait)

    _running.append(wait)
    return untrack


def wait_for_all() -> None:
    """Let every task finish (a failed build is about to delete its folder); failures are not
    raised: the build has failed already, and its own errors are the ones to report."""
    for wait in list(_running):
        try:
            wait()
        except Exception:  # noqa: BLE001
            pass
