"""The projects of one build, shared through Pelican's context with every content object.

The generator fills the registry before any article or page is read; as each
content object is created, ``attach`` links it to the projects its
``Projects:`` metadata names and replaces its ``[[project:SLUG]]`` markers.
Problems are only collected here; the plugin raises them once, after all
generators have read their content.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

from pelican.utils import truncate_html_paragraphs, truncate_html_words

from portalbuild.shared.errors import ContentProblem

from . import markers
from portalbuild.shared.frontmatter import field_lines, line_of
from .project import Project

REGISTRY_KEY = "project_cards_registry"
MARKER_VARIANT, MARKER_HEADING_LEVEL = "full", 2


class Registry:
    def __init__(self, render_card: Callable[[Project, str, int], str], folder: str):
        self.projects: dict[str, Project] = {}
        self.known_slugs: set[str] = set()  # every project file, also those with problems
        self.problems: list[ContentProblem] = []
        self.folder = folder
        self._render_card = render_card

    @property
    def cards_ready(self) -> bool:
        return not self.problems

    def attach(self, content) -> None:
        """Link ``content`` to its projects and replace its markers."""
        content.project_cards = self._named_projects(content)
        body = getattr(content, "_content", None)
        if isinstance(body, str) and markers.has_marker(body):
            self._keep_summary_free_of_cards(content, body)
            content._content = self._replace_markers(content, body)

    def sorted_problems(self) -> list[ContentProblem]:
        return sorted(set(self.problems), key=lambda p: (str(p.path), p.line or 0, p.field or "", p.problem))

    def _named_projects(self, content) -> list[Project]:
        value = getattr(content, "metadata", {}).get("projects")
        if not value:
            return []
        items = value if isinstance(value, list) else [value]
        slugs = [slug.strip() for item in items for slug in str(item).split(",") if slug.strip()]
        for slug in slugs:
            if slug not in self.known_slugs:
                self._unknown_in_field(content.source_path, slug)
        return [self.projects[slug] for slug in dict.fromkeys(slugs) if slug in self.projects]

    @staticmethod
    def _keep_summary_free_of_cards(content, body: str) -> None:
        # Pelican cuts a missing summary from the content; without this a card's
        # facts would become the teaser text of lists and feeds.
        if "summary" in content.metadata:
            return
        settings = content.settings
        summary = markers.remove_markers(body)
        if settings.get("SUMMARY_MAX_PARAGRAPHS") is not None:
            summary = truncate_html_paragraphs(summary, settings["SUMMARY_MAX_PARAGRAPHS"])
        if settings.get("SUMMARY_MAX_LENGTH") is not None:
            summary = truncate_html_words(summary, settings["SUMMARY_MAX_LENGTH"],
                                          settings.get("SUMMARY_END_SUFFIX", "…"))
        content.metadata["summary"] = content._summary = summary

    def _replace_markers(self, content, body: str) -> str:
        path = content.source_path
        for slug in markers.marker_slugs(body):
            if slug not in self.known_slugs:
                self._unknown_in_marker(path, slug)
        for stray in markers.stray_markers(body):
            self.problems.append(ContentProblem(
                path, f"the marker {stray} is not alone on its line",
                "put the marker on a line of its own, with an empty line before and after it",
                line=line_of(path, stray)))
        if not self.cards_ready:
            return body
        return markers.replace_markers(body, self._card_for_marker)

    def _card_for_marker(self, slug: str) -> str | None:
        project = self.projects.get(slug)
        return self._render_card(project, MARKER_VARIANT, MARKER_HEADING_LEVEL) if project else None

    def _unknown_in_field(self, path: str, slug: str) -> None:
        written, line = field_lines(path).get("projects", ("Projects", None))
        self.problems.append(ContentProblem(
            path, f"{slug!r} is not a project", self._slug_fix(slug), line=line, field=written))

    def _unknown_in_marker(self, path: str, slug: str) -> None:
        marker = markers.marker_text(slug)
        self.problems.append(ContentProblem(
            path, f"the marker {marker} names no project", self._slug_fix(slug), line=line_of(path, marker)))

    def _slug_fix(self, slug: str) -> str:
        close = difflib.get_close_matches(slug, sorted(self.known_slugs), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        choices = ", ".join(sorted(self.known_slugs)) or "none yet"
        return (f"{hint}use the file name (without .md) of a project in content/{self.folder}/; "
                f"known projects: {choices}")
