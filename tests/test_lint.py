"""The code passes the linter configured in pyproject.toml ([tool.ruff]), and every commit since the
layout commit has a subject of at most 72 characters; the test command runs both."""

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


# The commit that split portalbuild/ into packages; the subject rule holds from the commit after it.
LAYOUT_COMMIT = "237b48792b452f2913189dac08daab56212524bf"
SUBJECT_LIMIT = 72


def git(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(ROOT), *arguments], capture_output=True, text=True, check=False)


def long_subjects(log: str) -> list[str]:
    """Lines "hash subject" of ``git log --format='%h %s'`` whose subject is too long, with its length."""
    found = []
    for line in log.splitlines():
        commit, _, subject = line.partition(" ")
        if len(subject) > SUBJECT_LIMIT:
            found.append(f"{commit} ({len(subject)} characters): {subject}")
    return found


def test_every_commit_since_the_layout_commit_has_a_subject_of_at_most_72_characters():
    if shutil.which("git") is None or git("rev-parse", "--is-inside-work-tree").stdout.strip() != "true":
        pytest.skip("not a git checkout: no commit history to check")
    if git("merge-base", "--is-ancestor", LAYOUT_COMMIT, "HEAD").returncode != 0:
        pytest.skip(f"the layout commit {LAYOUT_COMMIT[:7]} is not in this checkout's history (a shallow clone?)")
    log = git("log", "--format=%h %s", f"{LAYOUT_COMMIT}..HEAD")
    assert log.returncode == 0, log.stderr
    too_long = long_subjects(log.stdout)
    assert not too_long, (f"commit subjects longer than {SUBJECT_LIMIT} characters (put the detail in the body: "
                          "git commit -m SUBJECT -m BODY; reword with git rebase -i before merging):\n"
                          + "\n".join(too_long))


def test_the_subject_check_names_a_long_subject_with_its_length():
    log = "abc1234 Feeds: a project feed names the project by its title\n" + "def5678 " + "x" * 73
    assert long_subjects(log) == ["def5678 (73 characters): " + "x" * 73]
