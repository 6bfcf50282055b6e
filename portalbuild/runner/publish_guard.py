"""What a build or publish may replace, one run at a time, and how an operator's mistake is told.

Before a build writes anything:
* ``check_target``: the output folder must be missing (its parent existing), empty, or a
  previous publication of this portal (the MARKER file every build writes); never a mount
  point or a folder holding the repository, the content, the theme or the cache;
* ``exclusive``: one build at a time per output folder and per cache folder (lock files);
  a second run waits up to LPR_LOCK_WAIT seconds (default 10), then stops naming the first;
* ``staging_folder_name``: the staging folder's own name; leftovers of interrupted runs are
  deleted only under the lock;
* ``check_rsync_destination``: the same rule for an rsync target (read over rsync itself).
``operator_message`` words an OSError (no space, read-only, permission) as one line with
what to do.

Reads the environment variable LPR_LOCK_WAIT; the settings PATH, THEME, CACHE_PATH.
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import fcntl
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

MARKER = ".lpr-publication"
MARKER_TEXT = ("This folder is a publication of the Latgale Planning Region portal, made by portalbuild.\n"
               "A build or 'invoke publish' replaces it as a whole; it replaces no folder without this file.\n")
LOCK_WAIT_VARIABLE = "LPR_LOCK_WAIT"
DEFAULT_LOCK_WAIT = 10.0
STAGING_INFIX = ".staging"
RETIRED_INFIX = ".previous"
INTERRUPTED = 130  # the exit code of a command stopped by Ctrl-C (128 + SIGINT)


# Protected folders that no output may lie inside (the repository may hold output/).
READ_BY_THE_BUILD = ("the content", "the theme", "the build cache")


class TargetRefused(Exception):
    """The output folder may not be replaced, or is in use; the message says why and what to do."""


def check_target(target: Path, protected: Mapping[str, Path], named_by: str) -> None:
    """Raise TargetRefused unless ``target`` may be replaced by a new build (see the module's notes).

    ``protected``: folders the target must neither be nor hold, by what they are ("the repository").
    ``named_by``: how the operator chose the folder, for the fix ("--output or OUTPUT_PATH")."""
    target = Path(os.path.abspath(target))
    example = target / "lpr"
    parent = target.parent
    if not parent.is_dir():
        raise TargetRefused(
            f"{target}: its parent folder {parent} does not exist, and a build makes no folders above "
            f"the one it replaces. Fix: create {parent} first, or set {named_by} to a folder inside an "
            "existing one")
    if target.is_symlink():
        raise TargetRefused(
            f"{target}: the folder is a symbolic link; a build replaces the folder itself, not where a link "
            f"leads. Fix: set {named_by} to the real folder ({os.path.realpath(target)})")
    real = Path(os.path.realpath(target))
    for label, folder in protected.items():
        folder = Path(os.path.realpath(folder))
        if real == folder or real in folder.parents:
            raise TargetRefused(
                f"{target}: the folder is or holds {label} ({folder}), which a build must never replace; "
                f"nothing was deleted. Fix: set {named_by} to an empty or new folder of its own, e.g. {example}")
        if folder in real.parents and label in READ_BY_THE_BUILD:
            raise TargetRefused(
                f"{target}: the folder is inside {label} ({folder}), which the build reads or discards; "
                f"nothing was written. Fix: set {named_by} to a folder outside it")
    if not target.exists():
        return
    if not target.is_dir():
        raise TargetRefused(
            f"{target}: this is a file, not a folder; nothing was deleted. Fix: set {named_by} to an "
            f"empty or new folder, e.g. {target.with_name(target.name + '-site')}")
    if os.path.ismount(target):
        raise TargetRefused(
            f"{target}: the folder is a mount point; a build swaps the new site in by renaming the folder, "
            f"which a mount point does not allow, so nothing was changed. Fix: set {named_by} to a folder "
            f"inside it, e.g. {example}")
    if not is_publication(target) and any(os.scandir(target)):
        raise TargetRefused(
            f"{target}: the folder is not empty and is not a publication of this portal (it has no "
            f"{MARKER} file), so it was left as it was. Fix: set {named_by} to an empty or new folder "
            f"inside an existing one, e.g. {example}")
    if not os.access(target, os.W_OK | os.X_OK):
        if os.statvfs(target).f_flag & os.ST_RDONLY:
            raise TargetRefused(operator_message(OSError(errno.EROFS, os.strerror(errno.EROFS), str(target)), parent))
        raise TargetRefused(
            f"{target}: the folder is read-only for this user, so its old files could not be deleted; "
            f"nothing was changed. Fix: make it writable ('chmod -R u+w {target}') or publish as its owner")


def check_rsync_destination(destination: str, ssh: str) -> None:
    """Raise TargetRefused unless the rsync ``destination`` is missing, empty or a publication."""
    folder = destination.rstrip("/") + "/"
    listing = subprocess.run(["rsync", "--list-only", "-e", ssh, folder], capture_output=True, text=True,
                             check=False)
    if listing.returncode == 23 and "No such file or directory" in listing.stderr:
        return  # rsync makes the folder itself (its parent must exist)
    if listing.returncode != 0:
        said = " ".join((listing.stderr or listing.stdout).split())
        raise TargetRefused(f"{destination}: the rsync destination could not be listed (exit {listing.returncode}: "
                            f"{said}); nothing was sent. Fix: check the address and that 'ssh' reaches the host")
    names = {line.split(maxsplit=4)[4] for line in listing.stdout.splitlines() if len(line.split(maxsplit=4)) == 5}
    names.discard(".")
    if not names:
        return
    if MARKER in names:
        with tempfile.TemporaryDirectory() as scratch:
            fetched = subprocess.run(["rsync", "-e", ssh, folder + MARKER, scratch + "/"], capture_output=True,
                                     check=False)
            if fetched.returncode == 0 and is_publication(Path(scratch)):
                return
    raise TargetRefused(f"{destination}: the rsync destination is not empty and is not a publication of this "
                        f"portal (it has no {MARKER} file), so nothing was sent; rsync would have deleted "
                        f"everything else in it. Fix: set PUBLISH_TARGET's 'destination' to an empty or new "
                        f"folder, e.g. {folder}lpr/")


def is_publication(folder: Path) -> bool:
    try:
        return (Path(folder) / MARKER).read_text(encoding="utf-8") == MARKER_TEXT
    except (OSError, UnicodeDecodeError):
        return False


def mark(site: Path, previous: Path) -> None:
    """Write the MARKER into a new site; with the previous one's times if it has the same bytes."""
    marker = Path(site) / MARKER
    marker.write_text(MARKER_TEXT, encoding="utf-8")
    if is_publication(previous):
        times = (Path(previous) / MARKER).stat()
        os.utime(marker, ns=(times.st_atime_ns, times.st_mtime_ns))


def lock_wait() -> float:
    try:
        return max(0.0, float(os.environ.get(LOCK_WAIT_VARIABLE, DEFAULT_LOCK_WAIT)))
    except ValueError:
        return DEFAULT_LOCK_WAIT


@contextlib.contextmanager
def exclusive(lock_file: Path, what: str, wait: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock (fcntl.flock) on ``lock_file`` for a build of ``what``.

    The lock ends with the process, however it ends; the file stays (deleting a lock file
    lets two runs lock two different files). While it is held, the file names the run."""
    key = os.path.realpath(lock_file)
    if key in _held:  # this process holds it already (a publish around its build)
        yield
        return
    wait = lock_wait() if wait is None else wait
    try:
        descriptor = os.open(lock_file, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise TargetRefused(operator_message(error, lock_file.parent)) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(descriptor, 1000, 0).decode("utf-8", "replace").strip() or "unknown"
                    raise TargetRefused(
                        f"{what}: another build or publish is writing it ({holder}); nothing was changed. "
                        f"Fix: wait for it to finish and run this again (or let this one wait longer: "
                        f"{LOCK_WAIT_VARIABLE}=<seconds>)") from None
                time.sleep(0.2)
        started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"process {os.getpid()}, '{_command()}', started {started}\n".encode(), 0)
        _held.add(key)
        try:
            yield
        finally:
            _held.discard(key)
    finally:
        os.close(descriptor)  # also releases the lock


_held: set[str] = set()


def _command() -> str:
    arguments = [Path(sys.argv[0]).name, *sys.argv[1:]] if sys.argv and sys.argv[0] else ["python"]
    return " ".join(arguments)


def lock_file_of(target: Path) -> Path:
    target = Path(os.path.abspath(target))
    return target.with_name(f".{target.name}.lock")


def staging_folder_name(target: Path) -> Path:
    """The name of this run's own staging folder beside ``target``."""
    target = Path(os.path.abspath(target))
    return target.with_name(f".{target.name}{STAGING_INFIX}-{os.getpid()}-{secrets.token_hex(4)}")


def output_for_keys(output_path: str) -> str:
    """OUTPUT_PATH as the keys of the build's caches take it: a staging folder without this run's
    own part of the name, so that a rebuild finds what the previous run cached."""
    folder, name = os.path.split(output_path)
    stem, infix, _ = name.partition(STAGING_INFIX + "-")
    return os.path.join(folder, stem + STAGING_INFIX) if infix else output_path


def make_staging_folder(staging: Path, target: Path) -> None:
    """Make the staging folder, after deleting the staging folders that interrupted runs left
    beside ``target`` (the caller holds the lock, so no other run is using one)."""
    for leftover in leftovers(Path(os.path.abspath(target)), STAGING_INFIX):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        staging.mkdir()
    except OSError as error:
        raise TargetRefused(operator_message(error, staging.parent)) from None


def leftovers(target: Path, infix: str) -> list[Path]:
    """Folders beside ``target`` that runs for it name ``.<name><infix>…`` (never anything else)."""
    prefix = f".{target.name}{infix}"
    return [path for path in target.parent.glob(f"{prefix}*")
            if path.is_dir() and not path.is_symlink() and (path.name == prefix or path.name[len(prefix)] == "-")]


# What an operator can do about a system error, by errno.
_FIXES = {
    errno.ENOSPC: "free space on that disk (see 'df -h {folder}') and run again",
    errno.EDQUOT: "free space within the user's disk quota and run again",
    errno.EROFS: "the file system is mounted read-only: remount it read-write or choose a folder on another "
                 "file system",
    errno.EACCES: "give this user write access to {folder} (or run as the user that owns it)",
    errno.EPERM: "give this user write access to {folder} (or run as the user that owns it)",
    errno.EXDEV: "keep the output folder and its staging folder on one file system (not a mount point)",
    errno.EBUSY: "the folder is in use as a mount point: choose a folder inside it",
}


def operator_message(error: OSError, folder: Path, about: str | os.PathLike | None = None) -> str:
    """One line for a system error met while writing into ``folder``: what, where, the fix.
    A full disk is named by the folder; another error by the file (``about``, else the error's)."""
    where = folder if error.errno in (errno.ENOSPC, errno.EDQUOT) else (about or error.filename or folder)
    what = error.strerror or str(error)
    fix = _FIXES.get(error.errno, "correct the cause and run again").format(folder=folder)
    return f"{where}: {what}; nothing was changed. Fix: {fix}"


def is_operator_error(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in _FIXES
