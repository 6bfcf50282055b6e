"""Operators' mistakes and accidents on `invoke publish` and `invoke build --output`, on real folders.

Every case runs the real invoke command in a subprocess (with --settings pointing at a small
site), and checks the message, the exit code and what was left on disk. Read-only file systems,
mount points and a full disk are real mounts in a mount namespace of the test's own
(`unshare -m`, skipped where the machine does not allow it); permissions are tried as the
unprivileged user nobody (`setpriv`), since root passes every permission check.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from portalbuild import ROOT
from portalbuild.runner.publish_guard import MARKER, MARKER_TEXT, TargetRefused, check_target
from tests.conftest import settings_of
from tests.test_images import jpeg_with_exif, put
from tests.test_publish import make_site

INVOKE = str(Path(sys.executable).with_name("invoke"))
LOCAL = "LPR_PUBLISH_DIR (PUBLISH_TARGET's 'path')"
NOT_PUBLISHED = "Not published; the published site is unchanged. 1 problem(s):\n"


def write_settings(site) -> Path:
    """A settings file for the small site: publishconf.py with this site's content and cache."""
    settings = site.root / "publishconf_test.py"
    settings.write_text(settings_of(ROOT / "publishconf.py") + f"""import os
PATH = {str(site.content)!r}
CACHE_PATH = {str(site.root / "cache")!r}
OUTPUT_PATH = {str(site.output)!r}
MAIN_MENU = [("Ziņas", "zinas/")]
PORTAL_POST_BUILD = ["search"]  # the checks are added by publishing; no .gz/.br: brotli is slow
PUBLISH_TARGET = {{"kind": "local", "path": os.environ.get("LPR_PUBLISH_DIR") or OUTPUT_PATH}}
""", encoding="utf-8")
    return settings


def environment(**variables) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("LPR_")}
    return {**env, "LPR_LOCK_WAIT": "0", **variables}


def invoke(*arguments, env: dict | None = None, prefix: tuple = ()) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, INVOKE, *arguments], cwd=ROOT, env=env or environment(),
                          capture_output=True, text=True, timeout=600, check=False)


def publish(site, target, prefix: tuple = (), **variables) -> subprocess.CompletedProcess:
    return invoke("publish", "--settings", str(site.settings), prefix=prefix,
                  env=environment(LPR_PUBLISH_DIR=str(target), **variables))


def snapshot(folder: Path) -> dict[str, object]:
    """Every file (bytes, mtime), folder and link under ``folder``, itself included."""
    found: dict[str, object] = {".": "folder"}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = ("link", os.readlink(path))
        elif path.is_dir():
            found[name] = "folder"
        else:
            found[name] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found


def retired_folders_deleted(parent: Path, limit: float = 60) -> None:
    """Wait until the previous outputs a swap retired beside ``parent``'s folders are deleted."""
    deadline = time.monotonic() + limit
    while any(path.name.startswith(".") and ".previous-" in path.name for path in parent.iterdir()):
        assert time.monotonic() < deadline, f"retired folders are still in {parent}"
        time.sleep(0.05)


def contents(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A small site with a photo, published once into www/lpr by `invoke publish`."""
    site = make_site(tmp_path_factory.mktemp("safety"))
    put(site, "images/news/foto.jpg", jpeg_with_exif(900, 600))
    site.post("ar-foto", "Ziņa ar foto", date="2020-08-20 10:00", image="images/news/foto.jpg",
              image_alt="Zils laukums")
    site.settings = write_settings(site)
    (site.root / "www").mkdir()
    site.public = site.root / "www" / "lpr"
    completed = publish(site, site.public)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip().endswith(f"Published: {site.public}")
    return site


def copy_of_publication(site, target: Path) -> dict:
    shutil.copytree(site.public, target, symlinks=True)
    return snapshot(target)


def assert_refused(completed, message: str) -> None:
    assert completed.returncode == 1
    assert completed.stderr == f"{NOT_PUBLISHED}  {message}\n"


# --- only a publication is replaced -------------------------------------------------------------

def other_sites(root: Path) -> Path:
    """A web root with other sites in it, as /var/www would be."""
    www = root / "var-www"
    (www / "cits-portals").mkdir(parents=True)
    (www / "cits-portals" / "index.html").write_text("<h1>Cits</h1>", encoding="utf-8")
    (www / "index.html").write_text("<h1>Sveiki</h1>", encoding="utf-8")
    return www


def home_folder(root: Path) -> Path:
    home = root / "home"
    (home / "Dokumenti").mkdir(parents=True)
    (home / ".bashrc").write_text("export EDITOR=nano\n", encoding="utf-8")
    (home / "Dokumenti" / "atskaite.odt").write_bytes(b"PK\x03\x04")
    return home


@pytest.mark.parametrize("make", [other_sites, home_folder])
def test_publishing_into_a_folder_that_is_not_a_publication_deletes_nothing(published, tmp_path, make):
    target = make(tmp_path)
    before = snapshot(tmp_path)
    completed = publish(published, target)
    assert_refused(completed, f"{target}: the folder is not empty and is not a publication of this portal (it has "
                              f"no {MARKER} file), so it was left as it was. Fix: set {LOCAL} to an empty or new "
                              f"folder inside an existing one, e.g. {target}/lpr")
    assert snapshot(tmp_path) == before  # not even a lock file beside it


def test_publishing_into_the_repository_deletes_nothing(published, tmp_path):
    # A checkout of the site: content with an uncommitted post, .git, the cache.
    site = make_site(tmp_path)
    site.settings = write_settings(site)
    subprocess.run(["git", "init", "--quiet", str(tmp_path)], check=True)
    site.post("jauna", "Vēl nesaglabāta ziņa")
    before = snapshot(tmp_path)
    completed = publish(site, tmp_path)
    assert_refused(completed, f"{tmp_path}: the folder is or holds the content ({site.content}), which a build must "
                              f"never replace; nothing was deleted. Fix: set {LOCAL} to an empty or new folder of "
                              f"its own, e.g. {tmp_path}/lpr")
    assert snapshot(tmp_path) == before
    # The portal's own repository is refused by the same rule (checked without running a build in it).
    with pytest.raises(TargetRefused, match=r"the folder is or holds the repository"):
        check_target(ROOT, {"the repository": ROOT}, LOCAL)


def test_a_publication_is_not_made_where_its_parent_is_missing(published, tmp_path):
    target = tmp_path / "nav" / "lpr"
    completed = publish(published, target)
    assert_refused(completed, f"{target}: its parent folder {target.parent} does not exist, and a build makes no "
                              f"folders above the one it replaces. Fix: create {target.parent} first, or set "
                              f"{LOCAL} to a folder inside an existing one")
    assert list(tmp_path.iterdir()) == []


def test_invoke_build_output_follows_the_same_rule(published, tmp_path):
    target = other_sites(tmp_path)
    before = snapshot(tmp_path)
    completed = invoke("build", "--settings", str(published.settings), "--output", str(target))
    assert completed.returncode == 1
    assert completed.stderr == (
        "Build failed; the previous output is unchanged. 1 problem(s):\n"
        f"  {target}: the folder is not empty and is not a publication of this portal (it has no {MARKER} file), "
        f"so it was left as it was. Fix: set --output (or OUTPUT_PATH) to an empty or new folder inside an existing "
        f"one, e.g. {target}/lpr\n")
    assert snapshot(tmp_path) == before


def test_an_empty_folder_or_a_marked_publication_is_replaced_and_a_forged_marker_is_not(published, tmp_path):
    target = tmp_path / "lpr"
    target.mkdir()
    completed = publish(published, target)
    assert completed.returncode == 0, completed.stderr
    assert (target / MARKER).read_text(encoding="utf-8") == MARKER_TEXT
    assert (target / "zinas/2020/08/zina-ar-foto/index.html").is_file()

    (target / MARKER).write_text("lpr\n", encoding="utf-8")
    retired_folders_deleted(tmp_path)  # by a process of their own, after the swap
    before = snapshot(tmp_path)
    completed = publish(published, target)
    assert completed.returncode == 1 and f"it has no {MARKER} file" in completed.stderr
    assert snapshot(tmp_path) == before


# --- nothing of the site is shared with the cache or the working tree ----------------------------

def inodes(*folders: Path) -> dict[tuple[int, int], str]:
    found = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and not path.is_symlink():
                status = path.stat()
                found[(status.st_dev, status.st_ino)] = str(path)
    return found


def test_the_published_site_shares_no_inode_with_the_cache_or_the_working_tree(published, tmp_path):
    target = tmp_path / "lpr"
    site_files = {}
    for change in ("", "Pievienots teikums."):  # a cold publish, then one that reuses the first
        first_site = {path: key for key, path in site_files.items()}
        if change:
            published.post("otrais", "Jauns autobusu maršruts", category="Transports", date="2020-09-01 09:00",
                           body="Maršruts savienos Rēzekni un Daugavpili. " + change)
        completed = publish(published, target)
        assert completed.returncode == 0, completed.stderr
        site_files = inodes(target)
        kept = inodes(published.root / "cache", published.content, ROOT / "theme", ROOT / "deploy")
        assert {site_files[key]: kept[key] for key in site_files.keys() & kept.keys()} == {}
    # The second publish took the first one's copies of unchanged cached files (linked, not copied again).
    variants = [path for path in site_files.values() if path.endswith(".webp")]
    assert variants and all(first_site[path] == key for key, path in site_files.items() if path in variants)
    # The cache holds the same image variants and search files: copied, not linked.
    cached_bytes = {Path(path).read_bytes() for path in kept.values() if "/cache/" in path}
    copies = [path for path in site_files.values() if path.endswith((".webp", ".pf_fragment"))
              and Path(path).read_bytes() in cached_bytes]
    assert len(copies) >= 2


# --- one run at a time --------------------------------------------------------------------------

def test_a_second_publish_stops_naming_the_running_one_and_changes_nothing(published, tmp_path):
    target = tmp_path / "lpr"
    before = copy_of_publication(published, target)
    with open(tmp_path / ".lpr.lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        lock.write("process 4242, 'invoke publish', started 2026-12-07 06:00:00 UTC\n")
        lock.flush()
        completed = publish(published, target)
    assert_refused(completed, f"{target}: another build or publish is writing it (process 4242, 'invoke publish', "
                              "started 2026-12-07 06:00:00 UTC); nothing was changed. Fix: wait for it to finish and "
                              "run this again (or let this one wait longer: LPR_LOCK_WAIT=<seconds>)")
    assert snapshot(target) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == [".lpr.lock", "lpr"]


def lock_is_held(lock_file: Path) -> bool:
    try:
        with open(lock_file, "rb") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(lock, fcntl.LOCK_UN)
            return False
    except FileNotFoundError:
        return False


def start_publish(site, target, **variables) -> subprocess.Popen:
    return subprocess.Popen([INVOKE, "publish", "--settings", str(site.settings)], cwd=ROOT,
                            env=environment(LPR_PUBLISH_DIR=str(target), **variables), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def wait_until_running(process: subprocess.Popen, lock_file: Path) -> None:
    for _ in range(600):
        if lock_is_held(lock_file) and str(process.pid) in lock_file.read_text(encoding="utf-8"):
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    raise AssertionError("the publish never took its lock")


def test_two_publishes_at_once_take_turns_and_publish_a_complete_site(published, tmp_path):
    target = tmp_path / "lpr"
    copy_of_publication(published, target)
    first = start_publish(published, target, LPR_LOCK_WAIT="600")
    wait_until_running(first, tmp_path / ".lpr.lock")
    second = start_publish(published, target, LPR_LOCK_WAIT="600")  # waits for the first
    for process in (first, second):
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        assert out.strip().endswith(f"Published: {target}")
    outside_search = {name for name in snapshot(published.public) if not name.startswith("pagefind/")}
    assert {name for name in snapshot(target) if not name.startswith("pagefind/")} == outside_search
    assert (target / "pagefind/pagefind-entry.json").is_file() and (target / "pagefind/shards.js").is_file()
    assert sorted(path.name for path in tmp_path.iterdir() if not path.name.startswith(".lpr.previous")) == [
        ".lpr.lock", "lpr"]  # no staging folder left; the old site is being deleted in the background


# --- interrupted ---------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["publish", "build"])
def test_ctrl_c_stops_with_one_line_and_leaves_the_previous_site(published, tmp_path, command):
    expected = {"publish": "Interrupted; nothing was published: the published site is unchanged.\n",
                "build": "Interrupted; the previous output is unchanged.\n"}[command]
    # The signal is sent as soon as the run holds its lock. On a clean-clone run a publish once
    # finished instead (exit 0): then the new site must be whole, and the interrupt is tried again.
    for attempt in range(3):
        root = tmp_path / f"run{attempt}"
        root.mkdir()
        target = root / "lpr"
        before = copy_of_publication(published, target)
        published.post(f"otrais-{attempt}", f"Jauns autobusu maršruts {attempt}", category="Transports",
                       date="2020-09-01 09:00",
                       body="Maršruts savienos Rēzekni, Līvānus un Daugavpili.")  # so that there is work to do
        arguments = ["--output", str(target)] if command == "build" else []
        process = subprocess.Popen([INVOKE, command, "--settings", str(published.settings), *arguments], cwd=ROOT,
                                   env=environment(LPR_PUBLISH_DIR=str(target)), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, start_new_session=True)
        wait_until_running(process, root / ".lpr.lock") if command == "publish" else \
            wait_for_lock(root / ".lpr.lock")
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole process group
        out, err = process.communicate(timeout=300)
        if process.returncode == 0:  # not interrupted: a whole new site, never half of one
            assert out.strip().endswith(f"Published: {target}") or command == "build", out
            assert (target / f"zinas/2020/09/jauns-autobusu-marsruts-{attempt}/index.html").is_file()
            continue
        assert process.returncode == 130, err
        assert err.endswith(expected) and "Traceback" not in err, err
        assert snapshot(target) == before
        assert sorted(path.name for path in root.iterdir()) == [".lpr.lock", "lpr"], err
        return
    pytest.fail("three runs finished before Ctrl-C reached them")


def test_a_ctrl_c_during_the_swap_waits_for_the_swap_even_with_other_threads_running():
    """The build has helper threads; the kernel may give them the signal, and a mask in the main
    thread alone did not hold it (a KeyboardInterrupt came in the middle of the swap)."""
    from portalbuild.runner import _signals_held

    stop = threading.Event()
    helper = threading.Thread(target=stop.wait)
    helper.start()
    steps = []
    try:
        with pytest.raises(KeyboardInterrupt):
            with _signals_held():
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.2)  # the interrupt arrives while the block runs
                steps.append("swapped")
        assert steps == ["swapped"]
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # Ctrl-C works as before
    finally:
        stop.set()
        helper.join()


def wait_for_lock(lock_file: Path) -> None:
    for _ in range(600):
        if lock_is_held(lock_file):
            return
        time.sleep(0.05)
    raise AssertionError("the build never took its lock")


# --- damaged cache files -----------------------------------------------------------------------

DAMAGED = {  # each cache file the build reads back, and something of another shape in it
    "portalbuild-read.pickle": b"not a pickle",
    "portalbuild-pages.json": b'{"pages": {"index.html": "x"}}',
    "content-guard-article.json": b'{"key": "x", "files": []}',
    "content-guard-page.json": b"[1, 2",
    "content-safety.json": b'{"key": "x", "files": {"a.md": [1]}}',
    "responsive_images/index.json": b'["foto.jpg"]',
    "search/pages-v3.json": b'{"index.html": [1, 2]}',
}


def test_a_damaged_cache_file_is_discarded_with_a_notice_and_made_again(published, tmp_path):
    target = tmp_path / "lpr"
    copy_of_publication(published, target)
    assert publish(published, target).returncode == 0
    before = contents(target)
    cache = published.root / "cache"
    for name, data in DAMAGED.items():
        (cache / name).write_bytes(data)

    completed = publish(published, target)
    assert completed.returncode == 0, completed.stderr
    notices = sorted(line for line in completed.stderr.splitlines() if "the cache file is damaged" in line)
    assert len(notices) == len(DAMAGED)
    for notice, name in zip(notices, sorted(DAMAGED, key=lambda name: str(cache / name))):
        assert notice.startswith(f"WARNING: {cache / name}: the cache file is damaged (")
        assert notice.endswith("); it was deleted and this build makes it again")
    assert contents(target) == before  # the same site
    again = publish(published, target)
    assert again.returncode == 0 and "cache file" not in again.stderr  # made again, whole


# --- permissions, read-only and full file systems, mount points ---------------------------------

def can_mount() -> bool:
    if not shutil.which("unshare") or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs tmpfs /mnt"], capture_output=True,
                           check=False)
    return probe.returncode == 0


needs_mounts = pytest.mark.skipif(not can_mount(), reason="needs root and `unshare -m` to mount file systems")


def in_mount_namespace(script: str, site, target: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run ``script`` (sh, with $INVOKE, $SETTINGS) in a mount namespace of its own: its mounts
    vanish with it. Output and exit code are those of the `invoke publish` the script runs last."""
    env = environment(LPR_PUBLISH_DIR=str(target), INVOKE=INVOKE, SETTINGS=str(site.settings))
    return subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-e", "-c", script], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=600, check=False)


@needs_mounts
def test_a_target_that_is_a_mount_point_is_refused(published, tmp_path):
    target = tmp_path / "lpr"
    target.mkdir()
    completed = in_mount_namespace(f"""
        mount -t tmpfs tmpfs {target}
        cp -a {published.public}/. {target}/
        status=0; "$INVOKE" publish --settings "$SETTINGS" || status=$?
        find {target} -type f | wc -l > {tmp_path}/files-left
        exit $status""", published, target, tmp_path)
    assert_refused(completed, f"{target}: the folder is a mount point; a build swaps the new site in by renaming "
                              f"the folder, which a mount point does not allow, so nothing was changed. Fix: set "
                              f"{LOCAL} to a folder inside it, e.g. {target}/lpr")
    assert int((tmp_path / "files-left").read_text()) == sum(1 for path in published.public.rglob("*")
                                                             if path.is_file())


@needs_mounts
def test_a_read_only_file_system_is_named_and_the_site_is_left_as_it_was(published, tmp_path):
    parent = tmp_path / "www"
    parent.mkdir()
    target = parent / "lpr"
    before = copy_of_publication(published, target)
    completed = in_mount_namespace(f"""
        mount --bind {parent} {parent}
        mount -o remount,bind,ro {parent}
        "$INVOKE" publish --settings "$SETTINGS" """, published, target, tmp_path)
    assert_refused(completed, f"{target}: Read-only file system; nothing was changed. Fix: the file system "
                              "is mounted read-only: remount it read-write or choose a folder on another file system")
    assert snapshot(target) == before
    assert sorted(path.name for path in parent.iterdir()) == ["lpr"]


@needs_mounts
def test_a_full_disk_is_one_message_and_the_site_is_left_as_it_was(published, tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    target = disk / "lpr"
    listing = tmp_path / "listing"
    completed = in_mount_namespace(f"""
        mount -t tmpfs -o size=8m tmpfs {disk}
        cp -a {published.public} {target}
        dd if=/dev/zero of={disk}/filler bs=64k 2>/dev/null || true
        truncate -s -256K {disk}/filler
        (cd {target} && find . -type f -exec sha256sum {{}} + | sort) > {listing}-before
        status=0; "$INVOKE" publish --settings "$SETTINGS" || status=$?
        (cd {target} && find . -type f -exec sha256sum {{}} + | sort) > {listing}-after
        ls -A {disk} > {listing}-disk
        exit $status""", published, target, tmp_path)
    assert completed.returncode == 1, completed.stderr
    # What failed first is said as it happens (a theme file Pelican could not copy), then the report.
    *said, headline, message = completed.stderr.splitlines()
    assert headline == NOT_PUBLISHED.strip() and "Traceback" not in completed.stderr
    assert message == (f"  {disk}: No space left on device; nothing was changed. "
                       f"Fix: free space on that disk (see 'df -h {disk}') and run again")
    assert set(said) <= {f"ERROR: {message.strip()}"}
    assert (tmp_path / "listing-after").read_text() == (tmp_path / "listing-before").read_text() != ""
    assert (tmp_path / "listing-disk").read_text().split() == [".lpr.lock", "filler", "lpr"]


NOBODY = 65534


def can_drop_privileges() -> bool:
    """Root with setpriv, and the user nobody can run this checkout's invoke (a checkout under a
    folder only root may enter, such as mktemp -d's, cannot be run as nobody)."""
    if not (shutil.which("setpriv") and hasattr(os, "geteuid") and os.geteuid() == 0):
        return False
    probe = subprocess.run(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
                            INVOKE, "--version"], capture_output=True, cwd="/", check=False,
                           env={**os.environ, "HOME": "/nonexistent"})
    return probe.returncode == 0


@pytest.fixture
def open_folder():
    """A folder the user nobody can reach (pytest's own temporary folders are root's only)."""
    folder = Path(tempfile.mkdtemp(prefix="lpr-nobody-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


@pytest.mark.skipif(not can_drop_privileges(), reason="needs root, setpriv, and a checkout the user nobody "
                                                     "can enter (this one's folders are root's only)")
def test_read_only_folders_are_named_for_an_unprivileged_user(published, open_folder):
    as_nobody = ("setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups")
    site = make_site(open_folder / "site")  # where nobody can read it
    site.settings = write_settings(site)
    parent = open_folder / "www"
    target = parent / "lpr"
    copy_of_publication(published, target)
    (site.root / "cache").mkdir()
    for path in [parent, *parent.rglob("*"), site.root / "cache"]:
        os.chown(path, NOBODY, NOBODY, follow_symlinks=False)

    parent.chmod(0o555)  # the web root is read-only for this user
    before = snapshot(target)
    completed = publish(site, target, prefix=as_nobody, HOME=str(open_folder))
    assert_refused(completed, f"{parent}/.lpr.lock: Permission denied; nothing was changed. Fix: give this user "
                              f"write access to {parent} (or run as the user that owns it)")
    assert snapshot(target) == before

    parent.chmod(0o755)
    target.chmod(0o555)  # the publication itself is read-only
    completed = publish(site, target, prefix=as_nobody, HOME=str(open_folder))
    assert_refused(completed, f"{target}: the folder is read-only for this user, so its old files could not be "
                              f"deleted; nothing was changed. Fix: make it writable ('chmod -R u+w {target}') or "
                              "publish as its owner")
    assert snapshot(target) == before
    assert sorted(path.name for path in parent.iterdir()) == ["lpr"]


# --- an rsync target follows the same rule -------------------------------------------------------

def rsync_settings(site) -> Path:
    """The small site's settings with an rsync target (a local folder: rsync needs no SSH for it)."""
    settings = site.root / "publishconf_rsync.py"
    settings.write_text(site.settings.read_text(encoding="utf-8") + """
PUBLISH_TARGET = {"kind": "rsync", "destination": os.environ["LPR_RSYNC_DESTINATION"]}
""", encoding="utf-8")
    return settings


@pytest.fixture
def rsync_site(published):
    if shutil.which("rsync") is None:
        pytest.fail("rsync is not installed: apt-get install rsync (.ci/run installs it)")
    return rsync_settings(published)


def publish_by_rsync(settings: Path, destination: Path) -> subprocess.CompletedProcess:
    return invoke("publish", "--settings", str(settings), env=environment(LPR_RSYNC_DESTINATION=f"{destination}/"))


def test_an_rsync_destination_that_is_not_a_publication_receives_nothing(rsync_site, tmp_path):
    www = other_sites(tmp_path)
    before = snapshot(tmp_path)
    completed = publish_by_rsync(rsync_site, www)
    assert_refused(completed, f"{www}/: the rsync destination is not empty and is not a publication of this portal "
                              f"(it has no {MARKER} file), so nothing was sent; rsync would have deleted everything "
                              f"else in it. Fix: set PUBLISH_TARGET's 'destination' to an empty or new folder, "
                              f"e.g. {www}/lpr/")
    assert snapshot(tmp_path) == before


def test_an_rsync_destination_that_is_new_or_a_publication_is_updated(rsync_site, tmp_path):
    destination = tmp_path / "lpr"
    for _ in range(2):  # a new folder, then the publication it became
        completed = publish_by_rsync(rsync_site, destination)
        assert completed.returncode == 0, completed.stderr
    assert (destination / MARKER).read_text(encoding="utf-8") == MARKER_TEXT
    assert (destination / "index.html").is_file()
    (destination / MARKER).write_text("cits saturs\n", encoding="utf-8")  # a forged marker is not one
    assert publish_by_rsync(rsync_site, destination).returncode == 1
