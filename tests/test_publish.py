"""`invoke publish`: build with publishconf.py, check, replace in one step; targets; same input, same bytes."""

from __future__ import annotations

import datetime
import gzip
import os
import re
import subprocess
import sys

import brotli
import pytest

from portalbuild import ROOT
from portalbuild.runner import BuildFailed, build
from portalbuild.commands import publish as publishing
from portalbuild.commands.publish import PublishError, Target, deploy_command, publish, publish_target
from portalbuild.steps import run_post_build
from tests.conftest import Site

PUBLISHCONF = ROOT / "publishconf.py"
OLD = 1_000_000_000  # 2001-09-09: a modification time no build would write


def make_site(root) -> Site:
    site = Site(root)
    site.post("pirmais", "Latgales dienas programma", date="2020-08-15 10:00",
              body="Programmā ir koncerti un [kontakti](/kontakti/).")
    site.post("otrais", "Jauns autobusu maršruts", category="Transports", date="2020-09-01 09:00",
              body="Maršruts savienos Rēzekni un Daugavpili.")
    for slug in ("kontakti", "pieklustamibas-pazinojums", "privatuma-politika"):
        site.write(f"pages/{slug}.md", f"Title: {slug}\nSlug: {slug}\n\nTeksts.\n")
    return site


def overrides(site: Site, target: dict, compress: bool = False) -> dict:
    """publishconf.py for the test site; without .gz/.br unless a test looks at them (brotli is slow)."""
    steps = {} if compress else {"PORTAL_POST_BUILD": ["search"]}  # publish() adds the checks
    return {"PATH": str(site.content), "CACHE_PATH": str(site.root / "cache"),
            "MAIN_MENU": [("Ziņas", "zinas/")], "PUBLISH_TARGET": target, **steps}


def publish_locally(site: Site, folder, compress: bool = False, cache: str = "cache") -> publishing.PublishResult:
    settings = overrides(site, {"kind": "local", "path": str(folder)}, compress)
    return publish(PUBLISHCONF, {**settings, "CACHE_PATH": str(site.root / cache)})


def snapshot(folder) -> dict[str, tuple[bytes, int]]:
    return {str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def site(tmp_path) -> Site:
    return make_site(tmp_path)


def test_the_same_content_publishes_byte_identical_indexed_and_precompressed_sites(site):
    (site.root / "www").mkdir()
    first = publish_locally(site, site.root / "www" / "first", compress=True)
    # Its own cache: nothing of the first build is reused.
    second = publish_locally(site, site.root / "www" / "second", compress=True, cache="cache2")
    first_files, second_files = snapshot(first.output), snapshot(second.output)

    assert sorted(first_files) == sorted(second_files)
    assert [name for name in first_files if first_files[name][0] != second_files[name][0]] == []
    today = datetime.date.today().isoformat()
    stamped = [name for name, (data, _) in first_files.items()
               if name.endswith((".html", ".xml", ".json", ".txt")) and today.encode() in data]
    assert stamped == []  # no build date in pages or feeds: the content is from 2020

    public = first.output
    assert first.command is None and sorted(path.name for path in public.parent.iterdir()) == [
        ".first.lock", ".second.lock", "first", "second"]
    page = (public / "zinas/2020/08/latgales-dienas-programma/index.html").read_bytes()
    assert b'href="https://lpr.gov.lv/kontakti/"' in page  # publishconf.py's absolute SITEURL
    assert gzip.decompress((public / "zinas/2020/08/latgales-dienas-programma/index.html.gz").read_bytes()) == page
    assert brotli.decompress((public / "zinas/2020/08/latgales-dienas-programma/index.html.br").read_bytes()) == page
    assert (public / "theme/css/portal.css.br").is_file() and (public / "pagefind/pagefind-ui.js.gz").is_file()
    # Gads and Kategorija, made stable, in the shard of August's post (September's, the newest
    # month, has one of its own)
    assert len(list((public / "pagefind/zinas-2020-h2/filter").iterdir())) == 2


def test_republishing_keeps_the_modification_time_of_unchanged_files(site):
    public = site.root / "public"
    publish_locally(site, public)
    for path in public.rglob("*"):
        os.utime(path, (OLD, OLD))

    site.post("otrais", "Jauns autobusu maršruts", category="Transports", date="2020-09-01 09:00",
              body="Maršruts savienos Rēzekni, Preiļus un Daugavpili.")
    publish_locally(site, public)
    changed = {name for name, (_, mtime) in snapshot(public).items() if mtime != OLD * 10**9}
    assert "zinas/2020/09/jauns-autobusu-marsruts/index.html" in changed
    assert not changed & {"theme/css/portal.css", "theme/js/search.js", "kontakti/index.html",
                          "zinas/2020/08/latgales-dienas-programma/index.html", "pagefind/pagefind-ui.js"}


def test_a_failed_check_or_build_leaves_the_published_site_as_it_was(site, capsys, monkeypatch):
    public = site.root / "public"
    publish_locally(site, public)
    before = snapshot(public)

    site.post("saite", "Ziņa ar salauztu saiti", body="Skatiet [padomi](/attistibas-padome/).")
    with pytest.raises(BuildFailed) as failure:
        publish_locally(site, public)
    assert failure.value.messages == [
        f"{site.content / 'news/saite.md'}:5: the link '/attistibas-padome/' leads to no page of the portal. "
        "Fix: correct the address (open the page in the preview and copy its address), or link to a post "
        "with '{filename}/news/<year>/<file>.md'"]
    assert snapshot(public) == before

    site.post("saite", "Ziņa ar nepareizu datumu", date="2020-02-30 10:00")
    monkeypatch.setattr(publishing, "publish", lambda settings_file: publish(
        settings_file, overrides(site, {"kind": "local", "path": str(public)})))
    assert publishing.cli_publish() == 1
    err = capsys.readouterr().err
    assert err.startswith("Not published; the published site is unchanged. 1 problem(s):\n")
    assert "saite.md:2: field 'Date': '2020-02-30 10:00' is not a valid date." in err
    assert snapshot(public) == before
    assert sorted(path.name for path in public.parent.iterdir()) == [".public.lock", "cache", "content", "public"]


def test_rsync_target_sends_the_built_folder_over_ssh(site):
    target = publish_target({"PUBLISH_TARGET": {"kind": "rsync", "destination": "deploy@lpr.gov.lv:/var/www/lpr/",
                                                "ssh": "ssh -p 2222"}, "OUTPUT_PATH": "/unused"})
    assert deploy_command(target, site.output) == [
        "rsync", "--archive", "--compress", "--delete-after", "--delay-updates", "--human-readable",
        "--itemize-changes", "-e", "ssh -p 2222", f"{site.output}/", "deploy@lpr.gov.lv:/var/www/lpr/"]
    in_ci = Target("rsync", {**target.options, "checksum": True})
    assert deploy_command(in_ci, site.output)[7:10] == ["--checksum", "-e", "ssh -p 2222"]


def test_a_failing_upload_is_reported_with_the_command(site):
    with pytest.raises(PublishError) as error:
        publishing._run([sys.executable, "-c", "import sys; sys.exit('no route to host')"], cwd=None)
    assert "failed (exit 1): no route to host." in str(error.value)
    assert "run './invoke publish' again" in str(error.value)


def test_git_target_commits_the_site_to_a_pages_branch_with_ghp_import(site, tmp_path, monkeypatch):
    remote, repository = tmp_path / "remote.git", tmp_path / "repository"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    subprocess.run(["git", "init", "--quiet", str(repository)], check=True)
    subprocess.run(["git", "-C", str(repository), "remote", "add", "origin", str(remote)], check=True)
    monkeypatch.setenv("GIT_COMMITTER_NAME", "LPR portāls")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "pasts@lpr.gov.lv")

    target = {"kind": "git", "repository": str(repository), "cname": "lpr.example.lv"}
    result = publish(PUBLISHCONF, {**overrides(site, target), "OUTPUT_PATH": str(site.output)})
    assert (site.output / "index.html").is_file()  # built and checked into OUTPUT_PATH first

    assert result.command[1:4] == ["-m", "ghp_import", "--no-jekyll"]
    files = subprocess.run(["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only", "gh-pages"],
                           capture_output=True, text=True, check=True).stdout.split()
    assert {".nojekyll", "CNAME", "index.html", "zinas/2020/09/jauns-autobusu-marsruts/index.html",
            "pagefind/pagefind-entry.json"} <= set(files)
    cname = subprocess.run(["git", "--git-dir", str(remote), "show", "gh-pages:CNAME"],
                           capture_output=True, text=True, check=True).stdout
    assert cname.strip() == "lpr.example.lv"


@pytest.mark.parametrize("given, message", [
    ({"kind": "ftp"}, "PUBLISH_TARGET: kind 'ftp' is unknown. Fix: use one of local, rsync, git"),
    ({"kind": "rsync"}, "PUBLISH_TARGET: rsync needs a destination. "
                        "Fix: set 'destination': 'user@host:/path/to/site/'"),
    ({"kind": "local", "folder": "/srv"}, "PUBLISH_TARGET: folder is not an option of kind 'local'. "
                                          "Fix: use path"),
])
def test_a_wrong_publish_target_is_explained(given, message):
    with pytest.raises(PublishError) as error:
        publish_target({"PUBLISH_TARGET": given, "OUTPUT_PATH": "output"})
    assert str(error.value) == message


def test_publishing_always_runs_the_checks_before_compressing():
    assert publishing.publish_steps({"PORTAL_POST_BUILD": ["search", "precompress"]}) == [
        "search", "check", "precompress"]
    assert publishing.publish_steps({"PORTAL_POST_BUILD": ["search", "check"]}) == ["search", "check"]
    assert publish_target({"OUTPUT_PATH": "/srv/out"}) == Target("local", {"path": "/srv/out"})


def test_post_build_steps_run_on_the_staging_folder_before_the_swap(site):
    seen = []

    def step(folder, settings, state):
        seen.append((folder.name, (folder / "index.html").is_file(), site.output.exists()))
        return []

    result = build(PUBLISHCONF, output=site.output, post_build=[step, "extra_files"],
                   overrides={"PATH": str(site.content), "PUBLISH_EXTRA_FILES": {"_headers": "deploy/_headers"}})
    assert [(name.startswith(".output.staging-"), *rest) for name, *rest in seen] == [(True, True, False)]
    assert (result.output / "_headers").read_bytes() == (ROOT / "deploy/_headers").read_bytes()


def test_an_unknown_post_build_step_is_named(tmp_path):
    assert run_post_build(tmp_path, {"PORTAL_POST_BUILD": ["search", "minify"]}, ["minify"]) == [
        "pelicanconf.py: field 'PORTAL_POST_BUILD': 'minify' is not a known post-build step. "
        "Fix: use one of: search, check, precompress, extra_files"]


def test_nginx_and_static_host_configs_send_the_same_content_security_policy():
    nginx = re.search(r'Content-Security-Policy "([^"]+)"', (ROOT / "deploy/nginx.conf").read_text())[1]
    headers = re.search(r"Content-Security-Policy: (.+)", (ROOT / "deploy/_headers").read_text())[1]
    assert nginx == headers
    assert "'unsafe-inline'" not in nginx and "script-src 'self' 'wasm-unsafe-eval'" in nginx
