"""What a post-build step knows of its build besides the settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from portalbuild.shared.notices import FieldLink


@dataclass(frozen=True)
class BuildState:
    """``previous_output``: the published folder the new site will replace (it may not exist),
    for a step that reuses its own earlier work; ``field_links``: the links of front-matter
    fields the plugins found (plugins/field_links), for the link check; ``repository``: the
    portal's repository folder (the runner's portalbuild.ROOT), for what a step reads from it;
    ``ahead``: by step name, what the step's work started before Pelican ran gives when asked
    (see portalbuild.steps.PostBuildStep.ahead)."""
    previous_output: Path | None = None
    field_links: list[FieldLink] = field(default_factory=list)
    repository: Path | None = None
    ahead: dict[str, Callable[[], object]] = field(default_factory=dict)
