"""The post-build step ``extra_files``: files of the repository copied into the site.

Settings read: PUBLISH_EXTRA_FILES, {"name in the site": "file in the repository"}.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from portalbuild.steps.state import BuildState


def copy_extra_files(site: Path, settings: dict, state: BuildState) -> list[str]:
    """Post-build step ``extra_files``: PUBLISH_EXTRA_FILES {"name in the site": "file in the
    repository"}, the repository being ``state.repository``.

    For host configuration read from the site itself, such as deploy/_headers.
    """
    if state.repository is None:
        raise ValueError("the step extra_files needs BuildState.repository (portalbuild.runner.build sets it)")
    problems = []
    for name, source in (settings.get("PUBLISH_EXTRA_FILES") or {}).items():
        path = state.repository / source
        if not path.is_file():
            problems.append(f"PUBLISH_EXTRA_FILES: {source!r} does not exist. Fix: correct the path "
                            "(relative to the repository) or remove the entry")
            continue
        shutil.copyfile(path, Path(site) / name)
    return problems
