"""Files that passed a check, remembered by size and modification time, so that a build
does not read an unchanged archive again. Used by plugins content_guard and content_safety.

An entry counts only under the same ``key`` (the checks' version and the settings they
read); any change of a file (size or time) checks it again. The record is only a saving:
a missing or damaged one means every file is checked.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from portalbuild.shared import stamps
from portalbuild.shared.cachefiles import mapping_of, read_json, row_of


class PassedFiles:
    def __init__(self, file: Path | None, key: str):
        self.file, self.key = file, key
        self.known: dict[str, list[int]] = {}
        self.now: dict[str, list[int]] = {}
        if self.file is not None:  # no record, or a damaged one (deleted with a notice): every file is checked
            stored = read_json(self.file, lambda value: isinstance(value, dict) and "key" in value
                               and mapping_of(value.get("files"), row_of(int, int)))
            if stored is not None and stored["key"] == self.key:
                self.known = stored["files"]

    def check(self, paths: Iterable[str], check: Callable[[str], list]) -> list:
        """``check(path)``'s problems for every path, skipping those unchanged since they passed;
        the record is saved afterwards."""
        problems = []
        for path in paths:
            stamp = self.stamp(path)  # before reading: a file changed meanwhile is checked again next time
            if self.unchanged(path, stamp):
                continue
            found = check(path)
            if not found:
                self.add(path, stamp)
            problems += found
        self.save()
        return problems

    @staticmethod
    def stamp(path: str) -> list[int] | None:
        return stamps.source_stamp_of(path)

    def unchanged(self, path: str, stamp: list[int] | None) -> bool:
        if stamp is not None and self.known.get(path) == stamp:
            self.now[path] = stamp
            return True
        return False

    def add(self, path: str, stamp: list[int] | None) -> None:
        if stamp is not None:
            self.now[path] = stamp

    def save(self) -> None:
        if self.file is None or self.now == self.known:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.file.with_name(f"{self.file.name}.{os.getpid()}.tmp")  # two builds at once
            temporary.write_text(json.dumps({"key": self.key, "files": self.now}), encoding="utf-8")
            os.replace(temporary, self.file)
        except OSError:
            pass  # the record only saves time
