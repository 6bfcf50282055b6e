"""Build the portal with Pelican so that a bad input never half-publishes.

Pelican on its own logs a broken content file, skips it and exits 0, and on an
exception prints a traceback. Here:

* the site is built into a staging folder beside the output folder;
* every error Pelican logs and every ``ContentError`` a plugin raises fails
  the build with plain messages (file, line or field, what is wrong, the fix);
* only a build without errors replaces the output folder, and files whose bytes
  did not change keep their modification time, so a sync uploads only changes.

Plugins raise :class:`ContentError` (from ``portalbuild.errors``) for problems a
content author can fix.
"""

from __future__ import annotations

import atexit
import filecmp
import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError

from portalbuild.errors import ContentError, ContentProblem, display_path
from portalbuild import background
from portalbuild.transfer import replace_folder

__all__ = ["BuildFailed", "BuildResult", "ContentError", "ContentProblem", "build", "load_settings"]

ROOT = Path(__file__).resolve().parent.parent


class BuildFailed(Exception):
    """The build stopped; ``messages`` say why, one line each, without a traceback."""

    def __init__(self, messages: Iterable[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))

    def report(self, headline: str) -> None:
        """Print ``headline`` and every problem, indented, to standard error."""
        print(f"{headline} {len(self.messages)} problem(s):", file=sys.stderr)
        for message in self.messages:
            print(f"  {message}", file=sys.stderr)


@dataclass
class BuildResult:
    output: Path
    warnings: list[str] = field(default_factory=list)


class _ErrorCollector(logging.Handler):
    """Keeps every ERROR record logged while Pelican runs, and the warnings."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip()
        if record.levelno >= logging.ERROR:
            self.errors.append(message)
        else:
            self.warnings.append(message)


def exit_without_teardown(code: int) -> None:
    """End a build command: run the exit handlers, flush, and leave without freeing the heap.

    After a build of 10,000 posts the interpreter's own teardown (every module emptied,
    a million objects freed one by one) took another second of the command's time."""
    atexit._run_exitfuncs()  # logging's flush, temporary folders' clean-up, and the like
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def load_settings(settings_file: str | os.PathLike = ROOT / "pelicanconf.py",
                  overrides: Mapping | None = None) -> dict:
    from pelican.settings import read_settings

    return read_settings(str(settings_file), override=dict(overrides or {}))


def build(settings_file: str | os.PathLike = ROOT / "pelicanconf.py",
          output: str | os.PathLike | None = None,
          overrides: Mapping | None = None,
          post_build: Iterable | None = None) -> BuildResult:
    """Build the site; raise BuildFailed and leave ``output`` untouched on any error.

    After Pelican, the post-build steps (``post_build``: names or callables; by
    default the setting PORTAL_POST_BUILD, see portalbuild.steps) run on the
    staging folder, so search indexing, checks and compression happen before
    the swap and a problem they report fails the build like a content error.
    """
    from portalbuild import fastbuild

    overrides = dict(overrides or {})
    if output is not None:
        overrides["OUTPUT_PATH"] = str(output)
    settings = load_settings(settings_file, overrides)
    final_output = Path(settings["OUTPUT_PATH"])
    staging = final_output.with_name(f".{final_output.name}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    settings["OUTPUT_PATH"] = str(staging)
    settings["PORTAL_PREVIOUS_OUTPUT"] = str(final_output)  # for the post-build steps

    with fastbuild.garbage_collector_paused(settings):
        return _build_into(staging, final_output, settings, post_build)


def _build_into(staging: Path, final_output: Path, settings: dict, post_build: Iterable | None) -> BuildResult:
    from portalbuild import fastbuild, progress

    collector = _ErrorCollector()
    root_logger = logging.getLogger()
    root_logger.addHandler(collector)
    try:
        # Pelican, in the fast build mode unless FAST_BUILD asks for the plain one.
        with progress.step("build"):
            finish = fastbuild.run(settings, previous_output=final_output)
    except (ContentError, BuildFailed) as error:
        collector.errors.extend(error.messages)
    except TemplateError as error:
        collector.errors.append(_template_message(error, settings))
    except BaseException:
        # A bug, not a content mistake: keep the traceback, but leave no half-built folder
        # (once no process of the build writes into it any more).
        background.wait_for_all()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        root_logger.removeHandler(collector)
        background.wait_for_all()  # none is left unless the build failed

    left: set[str] | None = None
    if not collector.errors:
        left, carrying = _carry_over_beside_steps(final_output, staging, settings, post_build)
        try:
            collector.errors.extend(_post_build(staging, settings, post_build))
        except BaseException:
            background.wait_for_all()  # before the folder it works in is deleted
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if collector.errors:
            background.wait_for_all()
        else:
            carrying()
    if collector.errors:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(_unique(collector.errors))
    with progress.step("swap"):
        _replace_output(staging, final_output, left)
        finish(final_output)
    return BuildResult(output=final_output, warnings=_unique(collector.warnings))


def _carry_over_beside_steps(final_output: Path, staging: Path, settings: dict,
                             post_build: Iterable | None) -> tuple[set[str] | None, Callable[[], None]]:
    """Start carrying the previous output's mtimes over to every file of the new one that no
    post-build step writes, in a process of its own while the steps run (0.6 s at 10,000
    posts, beside the search index). Returns the top-level names left to the swap (None:
    all of them) and ``wait()``, which raises OSError if the carrying over failed."""
    from portalbuild.steps import chosen_steps, names_written

    written = names_written(settings, post_build)
    if not final_output.is_dir() or written is None or not chosen_steps(settings, post_build):
        return None, lambda: None  # no previous output, a step that may write anywhere, or no step
    return written, background.start(lambda: _carry_over_mtimes(final_output, staging, skip=written), OSError,
                                     "file times could not be carried over to the new build: ")


def _post_build(staging: Path, settings: dict, post_build: Iterable | None) -> list[str]:
    from portalbuild.steps import run_post_build  # late import: the steps import this package

    return run_post_build(staging, settings, post_build)


def _template_message(error: TemplateError, settings: dict) -> str:
    """A theme mistake, named like a content mistake: template file, line, what, fix."""
    name = getattr(error, "filename", None) or getattr(error, "name", None) or "theme/templates"
    line = getattr(error, "lineno", None)
    where = display_path(name) + (f":{line}" if line else "")
    return (f"{where}: the template cannot be rendered ({type(error).__name__}: {error.message or error}). "
            f"Fix: correct the template in {display_path(settings.get('THEME', 'theme'))}/templates")


def _unique(messages: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(messages))


def _replace_output(staging: Path, final_output: Path, left: set[str] | None = None) -> None:
    """Swap the new build in (in one step, portalbuild.transfer); unchanged files keep their mtime.

    ``left``: the top-level names whose files still take the old times (the others did
    beside the post-build steps, ``_carry_over_beside_steps``); None: all of them.

    The previous output is deleted by a process of its own once the new one is in
    place: unlinking the 36,000 files of a 10,000-post site takes about 6 s, and the
    site is published the moment the rename is done.
    """
    retired_prefix = f".{final_output.name}.previous"
    leftovers = [path for path in final_output.parent.glob(f"{retired_prefix}*") if path.is_dir()]
    if final_output.exists():
        _carry_over_mtimes(final_output, staging, only=left)
        retired = final_output.with_name(f"{retired_prefix}-{os.getpid()}-{time.time_ns()}")
        replace_folder(staging, final_output, retired)
        leftovers.append(retired)
    else:
        staging.rename(final_output)
    if leftovers:  # also those of an earlier build whose deleting was interrupted
        _delete_in_background(leftovers)


def _delete_in_background(folders: list[Path]) -> None:
    try:
        subprocess.Popen([sys.executable, "-c", "import shutil, sys\nfor f in sys.argv[1:]: shutil.rmtree(f, True)",
                          *map(str, folders)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True)
    except OSError:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


def _carry_over_mtimes(old_root: Path, new_root: Path, skip: Iterable[str] = (),
                       only: Iterable[str] | None = None) -> None:
    """Files of ``new_root`` with the bytes of the same file in ``old_root`` take its times.
    ``skip`` and ``only``: top-level names of ``new_root`` left out, or the only ones done."""
    # A file linked from the old output or from a cache is the old file itself: the same inode,
    # which the folder listing gives without a stat (the two outputs are siblings, one file
    # system). Only files of the same size are read and compared; one of another size changed.
    same_device = os.stat(old_root).st_dev == os.stat(new_root).st_dev
    skip, only = set(skip), None if only is None else set(only)
    pending = [(str(old_root), str(new_root))]
    while pending:
        old_folder, new_folder = pending.pop()
        top = new_folder == str(new_root)
        try:
            with os.scandir(old_folder) as listing:
                old_entries = {entry.name: entry for entry in listing}
        except OSError:
            continue
        with os.scandir(new_folder) as listing:
            for entry in listing:
                old = old_entries.get(entry.name)
                if old is None or (top and (entry.name in skip or (only is not None and entry.name not in only))):
                    continue
                if entry.is_dir():
                    if not entry.is_symlink() and old.is_dir():
                        pending.append((old.path, entry.path))
                    continue
                if same_device and entry.inode() == old.inode():
                    continue
                try:
                    new_stat, old_stat = entry.stat(), old.stat()
                except OSError:
                    continue
                if (new_stat.st_ino == old_stat.st_ino and new_stat.st_dev == old_stat.st_dev) \
                        or new_stat.st_size != old_stat.st_size:
                    continue
                if filecmp.cmp(old.path, entry.path, shallow=False):
                    os.utime(entry.path, ns=(old_stat.st_atime_ns, old_stat.st_mtime_ns))
