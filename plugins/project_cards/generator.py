"""ProjectsGenerator: reads content/projects/*.md and writes the project pages and the index.

Projects are read when the generator is created, before Pelican reads any
article or page, so that every content object can be linked to its projects
as it is created (see registry.py). After the articles are read, each project's
page gets its news, newest first (``project_news``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pelican.generators import Generator

from portalbuild.shared.errors import ContentProblem
from portalbuild.shared.markdownfiles import MARKDOWN_EXTENSIONS
from portalbuild.shared.siteaddress import site_addresses

from . import config, facts
from .project import Project, read_facts
from .registry import REGISTRY_KEY, Registry

CARD_TEMPLATE = (
    '{% from "components/project_card.html" import project_card with context %}'
    "{{ project_card(project, variant=variant, heading_level=heading_level) }}"
)


@dataclass
class ProgrammeGroup:
    name: str
    projects: list[Project] = field(default_factory=list)


@dataclass
class PhaseGroup:
    phase: str
    programmes: list[ProgrammeGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(group.projects) for group in self.programmes)


class ProjectsGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.projects: list[Project] = []
        folder = self.settings["PROJECT_CARDS_PATH"]
        self.registry = Registry(self.render_card, folder)
        self.context[REGISTRY_KEY] = self.registry
        self._load_projects(folder)

    def render_card(self, project: Project, variant: str, heading_level: int) -> str:
        template = self.env.from_string(CARD_TEMPLATE)
        return template.render(project=project, variant=variant, heading_level=heading_level,
                               SITEURL=site_addresses(self.settings).links)

    def generate_context(self):
        # A project's news are kept here, not on the project: a post shows its projects' cards,
        # and a project holding its posts would make every post's page depend on every other
        # post of its projects (the fast build keys a page by all that its objects reach).
        self.news = {id(project): [] for project in self.projects}
        for article in self.context.get("articles", []):
            for project in getattr(article, "project_cards", []):
                self.news[id(project)].append(article)
        for news in self.news.values():
            news.sort(key=lambda article: article.date, reverse=True)
        self.context["projects"] = self.projects

    def generate_output(self, writer):
        for project in self.projects:
            writer.write_file(project.save_as, self.get_template(project.template), self.context,
                              project=project, project_news=self.news[id(project)], url=project.url,
                              relative_urls=self.settings["RELATIVE_URLS"])
        writer.write_file(self.settings["PROJECT_CARDS_INDEX_SAVE_AS"], self.get_template("projects"),
                          self.context, projects=self.projects, project_groups=group_projects(self.projects),
                          url=self.settings["PROJECT_CARDS_INDEX_URL"],
                          relative_urls=self.settings["RELATIVE_URLS"])

    def _load_projects(self, folder: str) -> None:
        try:
            today = config.build_date(self.settings)
        except ValueError as error:
            self.registry.problems.append(ContentProblem(
                "pelicanconf.py", str(error), "write it as 'YYYY-MM-DD', for example '2020-12-31', or remove it"))
            # Read the projects all the same, so that their own problems show in the same run.
            today = config.build_date({**self.settings, "PROJECT_CARDS_TODAY": None})
        funds = config.funds(self.settings)
        files = sorted(self.get_files([folder], extensions=MARKDOWN_EXTENSIONS))
        self.registry.known_slugs = {Path(relative).stem for relative in files}
        for relative in files:
            self._load_project(relative, funds, today)
        self.projects.sort(key=lambda project: project.title.casefold())
        for project in self.projects:
            self.registry.attach(project)

    def _load_project(self, relative: str, funds, today) -> None:
        slug = Path(relative).stem
        if slug in self.registry.projects:
            self.registry.problems.append(ContentProblem(
                os.path.join(self.path, relative), f"another project file already has the slug {slug!r}",
                "give each project file its own name"))
            return
        try:
            project = self.readers.read_file(base_path=self.path, path=relative, content_class=Project,
                                             context=self.context)
        except Exception as error:  # noqa: BLE001 -- a reader error names no field; reported with the file
            self.registry.problems.append(ContentProblem(
                os.path.join(self.path, relative), f"the file could not be read ({error})",
                "check that the file is UTF-8 Markdown with 'Key: value' front matter"))
            return
        problems = read_facts(project, self.settings, funds, today, slug)
        self.registry.problems.extend(problems)
        self.registry.projects[slug] = project
        self.projects.append(project)
        self.add_source_path(project)


def group_projects(projects: list[Project]) -> list[PhaseGroup]:
    """Running, planned, finished; in each, projects by programme (both in alphabetical order)."""
    groups = []
    for phase in facts.PHASES:
        in_phase = [project for project in projects if project.phase == phase]
        programmes: dict[str, ProgrammeGroup] = {}
        for project in sorted(in_phase, key=lambda p: (p.programme.casefold(), p.title.casefold())):
            programmes.setdefault(project.programme, ProgrammeGroup(project.programme)).projects.append(project)
        if programmes:
            groups.append(PhaseGroup(phase, list(programmes.values())))
    return groups
