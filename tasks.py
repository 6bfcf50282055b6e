"""Invoke tasks of the Latgale portal: `invoke --list` shows them all."""

import shutil
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
PYTHON = sys.executable
OUTPUT = ROOT / "output"


@task(help={"production": "build with publishconf.py (absolute SITEURL)", "output": "output folder"})
def build(c, production=False, output=None):
    """Build the portal into output/ (the previous output stays if the build fails)."""
    settings = ROOT / ("publishconf.py" if production else "pelicanconf.py")
    command = f'"{PYTHON}" -m portalbuild --settings "{settings}"'
    if output:
        command += f' --output "{output}"'
    c.run(command, pty=False)


@task
def lock(c):
    """Refresh requirements.lock to the newest versions pyproject.toml allows, install them, run the tests."""
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "venv"
        c.run(f'"{sys.executable}" -m venv "{fresh}"')
        c.run(f'"{fresh}/bin/pip" install -q -e "{ROOT}[test]"')
        frozen = c.run(f'"{fresh}/bin/pip" freeze --exclude-editable', hide=True).stdout
    lock_file = ROOT / "requirements.lock"
    header = "".join(line for line in lock_file.read_text(encoding="utf-8").splitlines(keepends=True)
                     if line.startswith("#"))
    lock_file.write_text(header + frozen, encoding="utf-8")
    c.run(f'"{PYTHON}" -m pip install -q -c "{lock_file}" -e "{ROOT}[test]"')
    print("requirements.lock refreshed (git diff requirements.lock shows what changed); running the tests.")
    # A shortcut not verified on a new version is skipped in the tests with the versions named
    # (pytest -ra lists them); the build then takes the plain way (portalbuild/verified.py).
    c.run(f'"{PYTHON}" -m pytest', pty=False)


@task
def clean(c):
    """Remove the built output and Pelican's cache."""
    for folder in (OUTPUT, ROOT / "cache", ROOT / ".pelican-cache"):
        shutil.rmtree(folder, ignore_errors=True)


@task(help={"port": "port to serve on (default 8000)"})
def serve(c, port=8000):
    """Build, then preview the site on http://127.0.0.1:8000."""
    build(c)
    c.run(f'"{PYTHON}" -m http.server {port} --bind 127.0.0.1 --directory "{OUTPUT}"')


# --- Authoring, checking and publishing: thin wrappers, the logic is in portalbuild/. ---

def _exit_with(code: int) -> None:
    if code:
        raise Exit(code=code)


@task(help={"title": "the post's title, in quotes",
            "category": "one of the portal's categories (default: the first; see README)",
            "tags": "comma-separated tags, in quotes", "projects": "comma-separated project slugs"})
def new(c, title, category=None, tags=None, projects=None):
    """Create a draft news post in content/news/<year>/ and print its path."""
    from portalbuild.authoring import cli_new

    _exit_with(cli_new(title, category=category, tags=tags, projects=projects))


@task(help={"port": "port to serve on (default 8000)"})
def live(c, port=8000):
    """Preview with drafts and future posts; rebuild and reload on changes in content/ or theme/."""
    from portalbuild.authoring import cli_live

    _exit_with(cli_live(port=int(port)))


@task(help={"port": "port of the preview and the editor (default 8000)",
            "proxy_port": "port of the editor's local git server, decap-server (default 8081)"})
def editor(c, port=8000, proxy_port=8081):
    """Web editor at http://127.0.0.1:8000/admin/ on this repository (saves commit to git), with the live preview."""
    from portalbuild.editor import cli_editor

    _exit_with(cli_editor(port=int(port), proxy_port=int(proxy_port)))


@task
def check(c):
    """Check all content (front matter, references, images, alt texts, links) without publishing."""
    from portalbuild.checks import cli_check

    _exit_with(cli_check())


@task(help={"settings": "settings file to publish with (default publishconf.py)"})
def publish(c, settings=None):
    """Build with publishconf.py, check, then replace the published site (PUBLISH_TARGET)."""
    from portalbuild import exit_without_teardown
    from portalbuild.publish import PUBLISH_SETTINGS, cli_publish

    # Without the interpreter's teardown of the built site's objects (about 1 s at 10,000 posts).
    exit_without_teardown(cli_publish(settings or PUBLISH_SETTINGS))


@task(help={"articles": "comma-separated archive sizes (default 10000), e.g. 1000,5000,10000",
            "parts": "comma-separated parts: ours-cold, ours-warm, stock, stock-warm, ours-serial, "
                     "publish-cold, publish-warm",
            "repeat": "runs of each part, alternating ours and stock (median reported)",
            "json": "also write the results as JSON to this path (e.g. bench-results/10k.json)"})
def bench(c, articles="10000", parts="ours-cold,ours-warm,stock", repeat=1, json=None):
    """Benchmark the build on a synthetic archive against stock Pelican (README: Performance)."""
    command = f'"{PYTHON}" -m bench --articles {articles} --parts {parts} --repeat {int(repeat)}'
    if json:
        command += f' --json "{json}"'
    c.run(command, pty=False)
