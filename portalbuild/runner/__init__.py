"""Build the portal with Pelican so that a bad input never half-publishes.

Pelican on its own logs a broken content file, skips it and exits 0, and on an
exception prints a traceback. Here:

* the site is built into a staging folder beside the output folder;
* every error Pelican logs and every ``ContentError`` a plugin raises fails
  the build with plain messages (file, line or field, what is wrong, the fix);
* only a build without errors replaces the output folder, and files whose bytes
  did not change keep their modification time, so a sync uploads only changes;
* only a folder that is missing, empty or an earlier build's is replaced, by one
  build at a time (portalbuild.runner.publish_guard); a Ctrl-C leaves it as it was.

Plugins raise :class:`ContentError` (from ``portalbuild.shared.errors``) for problems a
content author can fix.
"""

from __future__ import annotations

import atexit
import contextlib
import filecmp
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError
from pelican.writers import FileOverwriteFailedError

from portalbuild.shared.errors import ContentError, ContentProblem, display_path
from portalbuild import ROOT
from portalbuild.shared import background, notices
from portalbuild.runner import publish_guard
from portalbuild.runner.transfer import replace_folder
from portalbuild.steps.state import BuildState

__all__ = ["BuildFailed", "BuildResult", "ContentError", "ContentProblem", "Interrupted", "build", "load_settings"]



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
    # What the author should know, one line each under a headline: "Not published" (drafts,
    # scheduled posts, files not read: plugins/unpublished), "Images published smaller", …
    notices: dict[str, list[str]] = field(default_factory=dict)
    # The links of front-matter fields (plugins/field_links), for the link check.
    field_links: list = field(default_factory=list)

    def report_notices(self, stream=None) -> None:
        report_notices(self.notices, stream)


def report_notices(notices: Mapping[str, list[str]], stream=None) -> None:
    """Print each headline with its count, and its lines indented, one a file."""
    stream = stream or sys.stdout
    for headline, lines in notices.items():
        if lines:
            print(f"{headline} ({len(lines)} file(s)):", file=stream)
            for line in lines:
                print(f"  {line}", file=stream)


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


class _CopyFailuresAreErrors(logging.Filter):
    """Pelican logs a static or theme file it could not copy as a WARNING and builds on without it;
    here it is an ERROR (which fails the build), said once, with what the operator can do."""

    COPY_FAILED = "A problem occurred copying file %s to %s; %s"

    def __init__(self, staging: Path):
        super().__init__()
        self.staging, self.said = staging, set()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg != self.COPY_FAILED or not isinstance(record.args, tuple) or len(record.args) != 3:
            return True
        source, _, error = record.args
        if isinstance(error, OSError) and publish_guard.is_operator_error(error):
            message = publish_guard.operator_message(error, self.staging.parent, about=source)
        else:
            message = (f"{display_path(source)}: the file could not be copied into the site ({error}). "
                       "Fix: make it readable, or remove it")
        record.msg, record.args, record.levelno, record.levelname = message, (), logging.ERROR, "ERROR"
        if message in self.said:
            return False
        self.said.add(message)
        return True


def exit_without_teardown(code: int) -> None:
    """End a build command: run the exit handlers, flush, and leave without freeing the heap
    (the interpreter's teardown frees a large build's objects one by one, for nothing)."""
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


def settings_problems(settings: dict, post_build: Iterable | None = None) -> list[str]:
    """What is wrong with the settings the runner and its steps read (FAST_BUILD, PORTAL_POST_BUILD,
    LINK_CHECK_IGNORE), in the messages plugins give for theirs (portalbuild.shared.options)."""
    from portalbuild.shared.options import options_and_problems
    from portalbuild.speed import mode
    from portalbuild.steps import setting_problems
    from portalbuild.steps.check import ignore_setting_problems

    return [*options_and_problems(settings, "FAST_BUILD", mode.DEFAULTS, typed=True)[1],
            *setting_problems(settings, post_build), *ignore_setting_problems(settings)]


def build(settings_file: str | os.PathLike = ROOT / "pelicanconf.py",
          output: str | os.PathLike | None = None,
          overrides: Mapping | None = None,
          post_build: Iterable | None = None,
          named_by: str = "--output (or OUTPUT_PATH)") -> BuildResult:
    """Build the site; raise BuildFailed and leave ``output`` untouched on any error.

    After Pelican, the post-build steps (``post_build``: names or callables; by
    default the setting PORTAL_POST_BUILD, see portalbuild.steps) run on the
    staging folder, so search indexing, checks and compression happen before
    the swap and a problem they report fails the build like a content error.

    The output folder must be one a build may replace, and one build at a time
    writes it (portalbuild.runner.publish_guard; ``named_by``: how the operator chose it,
    for the messages). A Ctrl-C raises Interrupted.
    """
    from portalbuild.speed import mode
    from portalbuild.shared import linking

    overrides = dict(overrides or {})
    if output is not None:
        overrides["OUTPUT_PATH"] = str(output)
    settings = load_settings(settings_file, overrides)
    problems = settings_problems(settings, post_build)
    if problems:  # before anything is built, locked or made
        raise BuildFailed(problems)
    final_output = Path(os.path.abspath(settings["OUTPUT_PATH"]))
    swapped: list[bool] = []
    try:
        with output_held(final_output, settings, named_by):
            staging = publish_guard.staging_folder_name(final_output)
            try:  # from before the folder is made: an interrupt at any point leaves none behind
                publish_guard.make_staging_folder(staging, final_output)
                settings["OUTPUT_PATH"] = str(staging)
                with linking.reusing(final_output, staging), mode.garbage_collector_paused(settings):
                    with notices.collecting() as notes:
                        return _build_into(staging, final_output, settings, post_build, swapped, notes)
            except BaseException:
                if not swapped:  # no half-built folder is left, whatever stopped the build
                    background.wait_for_all()
                    shutil.rmtree(staging, ignore_errors=True)
                raise
    except publish_guard.TargetRefused as refused:
        raise BuildFailed([str(refused)]) from None
    except KeyboardInterrupt:
        raise Interrupted(replaced=bool(swapped)) from None
    except OSError as error:
        if not publish_guard.is_operator_error(error):
            raise
        raise BuildFailed([publish_guard.operator_message(error, final_output.parent)]) from None


class Interrupted(Exception):
    """Ctrl-C (SIGINT) stopped the build; ``replaced``: whether the new site was already in place."""

    def __init__(self, replaced: bool):
        self.replaced = replaced
        super().__init__("interrupted")


@contextlib.contextmanager
def output_held(final_output: Path, settings: dict, named_by: str):
    """Check that the output may be replaced, then hold the locks of it and of the cache while
    the block runs (and check again: it may have changed while this run waited). Raises
    publish_guard.TargetRefused. A publish holds them around its build and its upload."""
    protected = {"the repository": ROOT, "the content": Path(settings["PATH"]),
                 "the theme": Path(settings.get("THEME") or ROOT / "theme"),
                 "the build cache": Path(settings.get("CACHE_PATH") or "cache")}
    publish_guard.check_target(final_output, protected, named_by)
    with publish_guard.exclusive(publish_guard.lock_file_of(final_output), str(final_output)):
        cache = Path(os.path.abspath(settings.get("CACHE_PATH") or "cache"))
        try:
            cache.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise publish_guard.TargetRefused(publish_guard.operator_message(error, cache)) from None
        with publish_guard.exclusive(cache / ".lock", f"{cache} (the build cache)"):
            publish_guard.check_target(final_output, protected, named_by)
            yield


def _build_into(staging: Path, final_output: Path, settings: dict, post_build: Iterable | None,
                swapped: list[bool], notes: notices.BuildNotes) -> BuildResult:
    from portalbuild.speed import mode
    from portalbuild.steps import progress

    collector = _ErrorCollector()
    root_logger = logging.getLogger()
    root_logger.addHandler(collector)
    copying = logging.getLogger("pelican.utils")
    copy_failures = _CopyFailuresAreErrors(staging)
    copying.addFilter(copy_failures)
    ahead: dict = {}
    try:
        ahead = _start_ahead(staging, settings, post_build)
        # Pelican, in the fast build mode unless FAST_BUILD asks for the plain one.
        with progress.step("build"):
            finish = mode.run(settings, previous_output=final_output,
                              output_key=publish_guard.output_for_keys(settings["OUTPUT_PATH"]))
    except (ContentError, BuildFailed) as error:
        collector.errors.extend(error.messages)
    except TemplateError as error:
        collector.errors.append(_template_message(error, settings))
    except FileOverwriteFailedError as error:
        collector.errors.append(_overwrite_message(error, staging))
    finally:  # anything else (a bug, no space left, Ctrl-C): build() deletes the staging folder
        root_logger.removeHandler(collector)
        copying.removeFilter(copy_failures)
        background.wait_for_all()  # none is left unless the build failed

    left: set[str] | None = None
    if not collector.errors:
        left, carrying = _carry_over_beside_steps(final_output, staging, settings, post_build)
        collector.errors.extend(_post_build(staging, settings, post_build,
                                             BuildState(final_output, list(notes.field_links), ROOT, ahead)))
        if collector.errors:
            background.wait_for_all()
        else:
            carrying()
    if collector.errors:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(_unique(collector.errors))
    with progress.step("swap"):
        publish_guard.mark(staging, final_output)
        _replace_output(staging, final_output, left, swapped)
        finish(final_output)
    return BuildResult(output=final_output, warnings=_unique(collector.warnings),
                       notices={headline: list(lines) for headline, lines in notes.notices.items()},
                       field_links=list(notes.field_links))


def _carry_over_beside_steps(final_output: Path, staging: Path, settings: dict,
                             post_build: Iterable | None) -> tuple[set[str] | None, Callable[[], None]]:
    """Start carrying the previous output's mtimes over to every file of the new one that no
    post-build step writes, in a process of its own while the steps run. Returns the top-level names left to the swap (None:
    all of them) and ``wait()``, which raises OSError if the carrying over failed."""
    from portalbuild.steps import chosen_steps, names_written

    written = names_written(settings, post_build)
    if not final_output.is_dir() or written is None or not chosen_steps(settings, post_build):
        return None, lambda: None  # no previous output, a step that may write anywhere, or no step
    return written, background.start(lambda: _carry_over_mtimes(final_output, staging, skip=written), OSError,
                                     "file times could not be carried over to the new build: ")


def _start_ahead(staging: Path, settings: dict, post_build: Iterable | None) -> dict:
    from portalbuild.steps import start_ahead  # imported when a build runs steps: they import libraries

    return start_ahead(staging, settings, post_build)


def _post_build(staging: Path, settings: dict, post_build: Iterable | None, state: BuildState) -> list[str]:
    from portalbuild.steps import run_post_build  # imported when a build runs steps: they import libraries

    return run_post_build(staging, settings, post_build, state)


def _template_message(error: TemplateError, settings: dict) -> str:
    """A theme mistake, named like a content mistake: template file, line, what, fix."""
    name = getattr(error, "filename", None) or getattr(error, "name", None) or "theme/templates"
    line = getattr(error, "lineno", None)
    where = display_path(name) + (f":{line}" if line else "")
    return (f"{where}: the template cannot be rendered ({type(error).__name__}: {error.message or error}). "
            f"Fix: correct the template in {display_path(settings.get('THEME', 'theme'))}/templates")


def _overwrite_message(error: FileOverwriteFailedError, staging: Path) -> str:
    """Two things written to one address that no check foresaw (content_guard compares the posts')."""
    text = str(error)
    address = text.split('"')[1] if text.count('"') >= 2 else text
    address = address.replace(str(staging), "").lstrip("/") or address
    return (f"{address}: two pages of the site would be written to this one file. Fix: give one of the "
            f"posts or pages that would be published there a different 'Slug: …' line")


def _unique(messages: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(messages))


def _replace_output(staging: Path, final_output: Path, left: set[str] | None = None,
                    swapped: list[bool] | None = None) -> None:
    """Swap the new build in, in one step (portalbuild.runner.transfer); unchanged files keep their mtime.

    ``left``: the top-level names whose files still take the old times (the others did
    beside the post-build steps, ``_carry_over_beside_steps``); None: all of them.
    ``swapped`` gets True once the new build is in place.

    The previous output is deleted by a process of its own once the new one is in
    place: the site is published the moment the rename is done, not after its old
    files are unlinked.
    """
    retired_prefix = f".{final_output.name}{publish_guard.RETIRED_INFIX}"
    leftovers = publish_guard.leftovers(final_output, publish_guard.RETIRED_INFIX)
    if final_output.exists():
        _carry_over_mtimes(final_output, staging, only=left)
    retired = final_output.with_name(f"{retired_prefix}-{os.getpid()}-{time.time_ns()}")
    with _signals_held():  # a Ctrl-C in the middle of the swap would leave no site at all
        if final_output.exists():
            replace_folder(staging, final_output, retired)
            leftovers.append(retired)
        else:
            staging.rename(final_output)
        if swapped is not None:
            swapped.append(True)
    if leftovers:  # also those of an earlier build whose deleting was interrupted
        _delete_in_background(leftovers)


@contextlib.contextmanager
def _signals_held():
    """SIGINT and SIGTERM wait until the block is done (in the main thread; elsewhere nothing).

    The block's handlers only note a signal, and after it the signal is raised again under the
    handlers that were there before. Blocking the signals in the main thread would not hold
    them: the kernel gives a process's signal to another thread that does not block it (the
    build has helper threads), and Python runs its handler in the main thread all the same."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[int] = []
    previous = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    # None: a handler set outside Python, which cannot be put back; that signal is left alone.
    previous = {number: handler for number, handler in previous.items() if handler is not None}
    for number in previous:
        signal.signal(number, lambda number, frame: noted.append(number))
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in dict.fromkeys(noted):
            signal.raise_signal(number)


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
