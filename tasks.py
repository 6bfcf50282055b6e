"""Invoke tasks of the Latgale portal: `invoke --list` shows them all."""

import shutil
import sys
from pathlib import Path

from invoke import task

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
def clean(c):
    """Remove the built output and Pelican's cache."""
    for folder in (OUTPUT, ROOT / "cache", ROOT / ".pelican-cache"):
        shutil.rmtree(folder, ignore_errors=True)


@task(help={"port": "port to serve on (default 8000)"})
def serve(c, port=8000):
    """Build, then preview the site on http://127.0.0.1:8000."""
    build(c)
    c.run(f'"{PYTHON}" -m http.server {port} --bind 127.0.0.1 --directory "{OUTPUT}"')
