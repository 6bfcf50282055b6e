"""`./invoke`: Invoke's own command line for the portal's tasks (tasks.py), whose mistakes get a fix.

Invoke answers an option or task it does not know with "No idea what '--prot' is!". This
program (Invoke's documented way to ship tasks as a command of its own: a Program with a
namespace) says instead what was not understood, the nearest option or task, and where
the list is. Everything else is Invoke's: `./invoke --list`, `./invoke TASK --help`.
"""

from __future__ import annotations

import difflib
import re

from invoke import Collection, Program
from invoke.exceptions import ParseError
from invoke.loader import FilesystemLoader

from portalbuild import ROOT

UNKNOWN = re.compile(r"^No idea what '(?P<token>.*)' is!$")
MISSING = re.compile(r"^'(?P<task>[^']+)' did not receive required positional arguments: (?P<names>.+)$")


class PortalProgram(Program):
    def parse_tasks(self) -> None:
        try:
            super().parse_tasks()
        except ParseError as error:
            raise ParseError(explained(str(error), error.context, self.collection), error.context) from None


def explained(message: str, context, collection: Collection) -> str:
    """Invoke's parse error as one sentence with a fix; the message itself when it is not one of these."""
    unknown = UNKNOWN.match(message)
    if unknown and unknown["token"].startswith("-"):
        token = unknown["token"].split("=", 1)[0]
        task = getattr(context, "name", None)
        flags = sorted(flag for flag in getattr(context, "flags", {}) if flag.startswith("--"))
        close = difflib.get_close_matches(token, flags, n=1)
        hint = f"use {close[0]}" if close else (f"use one of {', '.join(flags)}" if flags else "it takes none")
        where = f"'invoke {task}'" if task else "invoke"
        listing = f"./invoke {task} --help" if task else "./invoke --help"
        return f"{token!r} is not an option of {where}. Fix: {hint} ({listing} explains them)"
    if unknown:
        token = unknown["token"]
        close = difflib.get_close_matches(token, sorted(collection.task_names), n=1)
        hint = f"did you mean '{close[0]}'? See" if close else "see"
        return (f"{token!r} is not a task. Fix: {hint} ./invoke --list; a value with spaces goes in quotes: "
                f"--category \"Kultūra un sabiedrība\"")
    missing = MISSING.match(message)
    if missing and missing["task"] == "new":
        return "'invoke new' needs the post's title. Fix: write it in quotes: ./invoke new \"Virsraksts\""
    if missing:
        return f"{message}. Fix: see ./invoke {missing['task']} --help"
    return message


def main() -> None:
    # tasks.py of the repository, found and loaded the way `invoke` loads a tasks file, whatever the
    # folder ./invoke is run from.
    tasks, _ = FilesystemLoader(start=str(ROOT)).load("tasks")
    PortalProgram(namespace=Collection.from_module(tasks), binary="./invoke", name="Latgale portal",
                  version="1").run()


if __name__ == "__main__":
    main()
