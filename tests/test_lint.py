"""The code passes the linter configured in pyproject.toml ([tool.ruff]); the test command runs it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from portalbuild import ROOT


def test_the_code_passes_the_linter():
    ruff = Path(sys.executable).with_name("ruff")
    if not ruff.exists():
        ruff = shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is not installed: pip install -c requirements.lock -e '.[test]'")
    completed = subprocess.run([str(ruff), "check", "--no-cache", "--output-format", "concise", str(ROOT)],
                               capture_output=True, text=True, cwd=ROOT, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
