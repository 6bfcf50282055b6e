"""Errors a content author can meet, worded so that they can fix them alone.

Every message is one line: ``file:line: field 'X': what is wrong. Fix: how.``
Plugins collect all problems of a kind and raise one ContentError, so the
author sees every mistake at once rather than one per build.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ContentProblem:
    path: str
    problem: str
    fix: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = display_path(self.path)
        if self.line:
            where += f":{self.line}"
        subject = f" field '{self.field}':" if self.field else ""
        return f"{where}:{subject} {self.problem.rstrip('.')}. Fix: {self.fix}"


class ContentError(Exception):
    """One or more content problems that stop the build."""

    def __init__(self, problems: Iterable[ContentProblem | str]):
        self.problems = list(problems)
        self.messages = [str(problem) for problem in self.problems]
        super().__init__("\n".join(self.messages))


def display_path(path: str | os.PathLike) -> str:
    """The path as the author knows it: relative to the working folder where possible."""
    path = Path(path)
    try:
        # The folder resolved, not the name: a symbolic link is named as itself, not as its target.
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
