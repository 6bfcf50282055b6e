"""Invoke tasks of the Latgale portal: `./invoke --list` shows them all, `./invoke TASK --help` one.

`./invoke` (at the repository's root) runs these with the project's own .venv and explains an
unknown option or task (portalbuild/commands/cli.py); `.venv/bin/invoke` runs them too. Options that take
a number are read here, so that a wrong one gets a sentence saying what to write instead of a
traceback.
"""

import shutil
import subprocess
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
PYTHON = sys.executable
OUTPUT = ROOT / "output"


def _whole_number(value, option: str, default: int, example: int) -> int:
    """An option's value as a whole number; a wrong one ends the task with a plain sentence."""
    if value is None:
        return default
    try:
        number = int(str(value).strip())
    except ValueError:
        number = -1
    if number < 1:
        raise Exit(f"--{option} {value!r} is not a whole number from 1 up. "
                   f"Fix: write for example --{option} {example}", code=2)
    return number


def _port(value, option: str = "port", default: int = 8000) -> int:
    port = _whole_number(value, option, default, default + 1)
    if port > 65535:
        raise Exit(f"--{option} {port} is not a port (1-65535). Fix: write for example --{option} {default + 1}",
                   code=2)
    return port


@task(help={"production": "build with publishconf.py (absolute SITEURL)",
            "output": "output folder: a new or empty one, or an earlier build's (README: Publishing targets)",
            "settings": "another settings file (default: pelicanconf.py, or publishconf.py with --production)"})
def build(c, production=False, output=None, settings=None):
    """Build the portal into output/ (the previous output stays if the build fails)."""
    settings = Path(settings).resolve() if settings else ROOT / ("publishconf.py" if production else "pelicanconf.py")
    command = f'"{PYTHON}" -m portalbuild --settings "{settings}"'
    if output:
        command += f' --output "{output}"'
    # The build reads no input; without a stdin pipe of invoke's, a Ctrl-C reaches it as a signal
    # and it ends with its own one-line message and exit code.
    _exit_with(c.run(command, pty=False, in_stream=False, warn=True).exited)


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
    # (pytest -ra lists them); the build then takes the plain way (portalbuild/shared/verified.py).
    c.run(f'"{PYTHON}" -m pytest', pty=False)


@task
def clean(c):
    """Remove the built output and Pelican's cache."""
    for folder in (OUTPUT, ROOT / "cache", ROOT / ".pelican-cache"):
        shutil.rmtree(folder, ignore_errors=True)


@task(help={"port": "port to serve on (default 8000)"})
def serve(c, port=None):
    """Build, then preview the site on http://127.0.0.1:8000."""
    port = _port(port)
    build(c)
    c.run(f'"{PYTHON}" -m http.server {port} --bind 127.0.0.1 --directory "{OUTPUT}"')


# --- Authoring, checking and publishing: thin wrappers, the logic is in portalbuild/. ---

def _exit_with(code: int) -> None:
    if code:
        raise Exit(code=code)


@task(help={"title": "the post's title, in quotes: ./invoke new \"Virsraksts\"",
            "category": "one of the portal's categories (default: the first; see docs/autoriem/saturs.md)",
            "tags": "comma-separated tags, in quotes", "projects": "comma-separated project slugs "
                                                                  "(the file names in content/projects/)"})
def new(c, title, category=None, tags=None, projects=None):
    """Create a draft news post in content/news/<year>/ and print its path."""
    from portalbuild.commands.authoring import cli_new

    # The title is positional, so Invoke hands it anything not an option of this task.
    if title in ("-h", "--help"):
        subprocess.run([PYTHON, "-m", "portalbuild.commands.cli", "--help", "new"], cwd=ROOT, check=False)
        return
    if title.startswith("--") or (len(title) == 2 and title.startswith("-")):
        raise Exit(f"{title!r} is not an option of 'invoke new'. Fix: write the title first, in quotes, "
                   "then the options: ./invoke new \"Virsraksts\" --category \"Transports\" "
                   "(./invoke new --help lists them)", code=2)
    _exit_with(cli_new(title, category=category, tags=tags, projects=projects))


@task(help={"port": "port to serve on (default 8000)"})
def live(c, port=None):
    """Preview with drafts and future posts; rebuild and reload on changes in content/ or theme/."""
    from portalbuild.commands.authoring import cli_live

    _exit_with(cli_live(port=_port(port)))


@task(help={"port": "port of the preview and the editor (default 8000)",
            "proxy_port": "port of the editor's local git server, decap-server (default 8081)"})
def editor(c, port=None, proxy_port=None):
    """Web editor at http://127.0.0.1:8000/admin/ on this repository (saves commit to git), with the live preview."""
    from portalbuild.commands.editor import cli_editor

    _exit_with(cli_editor(port=_port(port), proxy_port=_port(proxy_port, "proxy-port", 8081)))


@task
def check(c):
    """Check all content (front matter, references, images, alt texts, links) without publishing."""
    from portalbuild.commands.check import cli_check

    _exit_with(cli_check())


@task(help={"settings": "another settings file (default: publishconf.py)"})
def publish(c, settings=None):
    """Build with publishconf.py, check, then replace the published site (PUBLISH_TARGET)."""
    from portalbuild.runner import exit_without_teardown
    from portalbuild.commands.publish import PUBLISH_SETTINGS, cli_publish

    # Without the interpreter's teardown of the built site's objects (about 1 s at 10,000 posts).
    exit_without_teardown(cli_publish(Path(settings).resolve() if settings else PUBLISH_SETTINGS))


@task(help={"articles": "comma-separated archive sizes (default 10000), e.g. 1000,5000,10000",
            "parts": "comma-separated parts: ours-cold, ours-warm, stock, stock-warm, ours-serial, "
                     "publish-cold, publish-warm",
            "repeat": "runs of each part, alternating ours and stock (median reported; default 1)",
            "json": "also write the results as JSON to this path (e.g. bench-results/10k.json)"})
def bench(c, articles="10000", parts="ours-cold,ours-warm,stock", repeat=None, json=None):
    """Benchmark the build on a synthetic archive against stock Pelican (docs/performance.md)."""
    repeat = _whole_number(repeat, "repeat", 1, 3)
    command = f'"{PYTHON}" -m bench --articles {articles} --parts {parts} --repeat {repeat}'
    if json:
        command += f' --json "{json}"'
    c.run(command, pty=False)
