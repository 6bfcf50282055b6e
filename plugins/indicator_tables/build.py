"""The state of one Pelican build: the datasets, where they are used, the problems found.

Markers are replaced when each content object is created (signal
content_object_init), before anything can read and memoise its HTML. Problems
cannot be raised there (Pelican would swallow them as "Could not process"), so
they are kept and raised together after every generator has read its content.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from pathlib import Path

from portalbuild.shared.errors import ContentError, ContentProblem, display_path

from .catalogue import check_config, check_datasets
from .config import Config, read_config
from .dataset import Dataset, load_datasets
from .markers import has_marker, marker_line, replace_markers
from .render import render_table


class Build:
    def __init__(self, settings: dict):
        self.settings = settings
        self.config: Config = read_config(settings)
        self.datasets: dict[str, Dataset]
        self.datasets, self.problems = load_datasets(self.config.data_path)
        self.problems += check_config(self.config) + check_datasets(self.datasets, self.config)
        # Data files that were rejected: a marker naming one of them is not "unknown",
        # its file's own problem (reported above) is the thing to fix.
        self.rejected = {Path(problem.path).stem for problem in self.problems}
        self.env = None  # a generator's Jinja environment, with the theme's filters and `ui`
        self.uses: dict[str, list] = defaultdict(list)  # dataset id -> content objects

    def embed(self, content) -> None:
        """Replace the markers in one content object's HTML with the rendered datasets."""
        html = getattr(content, "_content", None)
        if not isinstance(html, str) or not has_marker(html) or self.env is None:
            return
        placed: dict[str, int] = defaultdict(int)

        def render(dataset_id: str) -> str | None:
            dataset = self.datasets.get(dataset_id)
            if dataset is None:
                return None
            placed[dataset_id] += 1
            self.uses[dataset_id].append(content)
            dom_id = f"dati-{dataset_id}" + (f"-{placed[dataset_id]}" if placed[dataset_id] > 1 else "")
            return render_table(self.env, self.config, dataset, dom_id)

        content._content, misplaced = replace_markers(html, render)
        for marker in misplaced:
            if marker.reason == "inline" or marker.dataset_id not in self.rejected:
                self.problems.append(self._marker_problem(content, marker.dataset_id, marker.reason))

    def _marker_problem(self, content, dataset_id: str, reason: str) -> ContentProblem:
        path = content.source_path or "?"
        line = marker_line(content.source_path, dataset_id)
        marker = f"[[indicator:{dataset_id}]]"
        if reason == "inline":
            return ContentProblem(path, f"the marker {marker} stands inside a paragraph",
                                  "put the marker on a line of its own, with an empty line before and after it",
                                  line=line)
        return ContentProblem(path, f"the marker {marker} names an unknown dataset '{dataset_id}'",
                              self._unknown_fix(dataset_id), line=line)

    def _unknown_fix(self, dataset_id: str) -> str:
        folder = f"{display_path(self.config.data_path)}/"
        close = difflib.get_close_matches(dataset_id, list(self.datasets), n=3)
        if close:
            return f"did you mean {', '.join(close)}? Use the id of a dataset in {folder}"
        return f"use the id of a dataset in {folder}, or add a data file there with 'id: {dataset_id}'"

    def raise_problems(self) -> None:
        if self.problems:
            raise ContentError(self.problems)

    def used_in(self, dataset_id: str, published: set[int]) -> list:
        """Published content that shows the dataset, each once, in reading order."""
        seen, result = set(), []
        for content in self.uses.get(dataset_id, []):
            if id(content) in published and id(content) not in seen:
                seen.add(id(content))
                result.append(content)
        return result


_current: Build | None = None


def start_build(settings: dict) -> Build:
    global _current
    _current = Build(settings)
    return _current


def current_build() -> Build | None:
    return _current
