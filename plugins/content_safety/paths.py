"""Nothing outside the content and theme folders is read into the site.

Pelican follows symbolic links: a link under content/ to /etc/passwd or to a folder
elsewhere on the machine was published as a regular file. And a '{static}/../x'
link makes Pelican copy a file from beside the content folder to beside the output
folder, and a 'Save_as: ../x.html' makes plugins write beside the output folder. All are
refused with the place they are written and the fix.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from portalbuild.shared.errors import ContentProblem

LINK_TARGET = re.compile(r"\{(?P<kind>static|attach|filename)\}(?P<path>[^\s)\"'<>#?]+)")
EXAMPLES = {"static": "{static}/images/name.jpg", "attach": "{attach}/images/name.pdf",
            "filename": "{filename}/news/2020/name.md"}
FIX_LINK = "copy the file into the folder (for images, content/images/) instead of linking to it, or delete the link"


def symlink_problems(folder: str | os.PathLike, what: str) -> list[ContentProblem]:
    """Every symbolic link under ``folder`` whose target is not inside ``folder`` (links are not followed)."""
    root = Path(folder).resolve()
    problems, folders = [], [str(root)]
    while folders:  # scandir's entries know whether they are links without another system call
        with os.scandir(folders.pop()) as entries:
            for entry in sorted(entries, key=lambda entry: entry.name):
                if entry.is_symlink():
                    target = Path(os.path.realpath(entry.path))
                    if not target.is_relative_to(root):
                        problems.append(ContentProblem(
                            entry.path, f"it is a symbolic link to {target}, outside the {what} folder", FIX_LINK))
                elif entry.is_dir():
                    folders.append(entry.path)
    return sorted(problems, key=lambda problem: problem.path)


def climbing_link_problems(path: str, lines: list[tuple[int, str]], content_root: Path,
                           field: str | None = None) -> list[ContentProblem]:
    """'{static}', '{attach}' and '{filename}' links that leave the content folder."""
    problems = []
    for number, text in lines:
        for link in LINK_TARGET.finditer(text):
            if not inside(content_root, Path(path).parent, link["path"]):
                problems.append(ContentProblem(
                    path, f"the link '{link[0]}' points outside the content folder",
                    "put the file under content/ and write its path from there, for example "
                    + EXAMPLES[link["kind"]], line=number, field=field))
    return problems


def inside(content_root: Path, folder: Path, target: str) -> bool:
    """Whether ``target`` (relative to ``folder``, or to the content root if it starts with '/'),
    as Pelican resolves it, stays in the content folder."""
    base = content_root if target.startswith("/") else folder
    resolved = os.path.normpath(os.path.join(base, target.lstrip("/")))
    return Path(resolved).is_relative_to(content_root)


def save_as_problems(path: str, fields: dict[str, list]) -> list[ContentProblem]:
    """A 'Save_as:' outside the output folder: Pelican skips the post with a warning only, and
    a plugin that writes files beside a page (its sharing image) would write them there."""
    problems = []
    for key in ("save_as", "lang_save_as"):
        for number, value in fields.get(key, [])[:1]:
            target = value.strip()
            normal = os.path.normpath(target) if target else ""
            if target and (os.path.isabs(target) or normal == ".." or normal.startswith("../")):
                problems.append(ContentProblem(
                    path, f"{target!r} would be written outside the site's folder",
                    "remove the line (the address is made from the title and the date), or write a path "
                    "inside the site, for example 'par-regionu/index.html'", line=number, field=key.capitalize()))
    return problems
