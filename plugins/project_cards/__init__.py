"""project_cards: the region's projects as a content type of their own, shown as one card.

Adds:
    pages      one page per project at /projekti/{slug}/ (template project.html, context
               variables ``project`` and ``project_news``, its articles newest first) and the index /projekti/ (template projects.html,
               ``projects`` and ``project_groups``: by status, then by programme), from
               Markdown files in content/projects/ whose front matter holds the card's facts.
    computed   the status (planned / running / finished) from the period and the build date,
               the duration in months and the co-financing share in percent.
    context    ``projects``: every project read (slug, title, url, facts), the one reading
               of the project files that other plugins (feeds) use.
    articles   ``article.project_cards``: the projects named in ``Projects: slug, slug``
               (a project holds no articles: a post's page shows its projects, not their news).
    markers    ``[[project:SLUG]]`` on its own line in any article, page or other content
               read with Pelican's readers becomes the full card.
    template   ``eu_emblem`` (global): the EU emblem's geometry for the card's funding
               statement, drawn to the official construction (emblem.py).
    errors     unknown slugs, missing or malformed fields, an end before the start, budgets
               that are not numbers or co-financing above the total stop the build with one
               ContentError listing every problem.

Settings read (defaults in config.py):
    PROJECT_CARDS_PATH, PROJECT_CARDS_URL, PROJECT_CARDS_SAVE_AS,
    PROJECT_CARDS_INDEX_URL, PROJECT_CARDS_INDEX_SAVE_AS,
    PROJECT_CARDS_TODAY (the date that decides the status; default: the build's day),
    PROJECT_CARDS_FUNDS, PROJECT_CARDS_COUNTRIES, and SITEURL, RELATIVE_URLS, TIMEZONE.
"""

from pelican import signals

from portalbuild.shared.errors import ContentError

from . import emblem
from .config import fill_defaults
from .generator import ProjectsGenerator
from .project import Project
from .registry import REGISTRY_KEY

__all__ = ["register"]


def add_defaults(pelican):
    fill_defaults(pelican.settings)


EU_EMBLEM = {"path": emblem.STARS_PATH, "width": emblem.WIDTH, "height": emblem.HEIGHT,
             "blue": emblem.BLUE, "yellow": emblem.YELLOW}


def add_emblem(generator):
    generator.env.globals["eu_emblem"] = EU_EMBLEM


def add_generator(pelican):
    return ProjectsGenerator


def attach_projects(content):
    # Projects are linked by the generator once all of them are read.
    registry = getattr(content, "_context", {}).get(REGISTRY_KEY)
    if registry is not None and not isinstance(content, Project):
        registry.attach(content)


def raise_problems(generators):
    # Runs after every generator has read its content, outside Pelican's per-file
    # try/except, so that the ContentError reaches the build runner.
    for generator in generators:
        if isinstance(generator, ProjectsGenerator) and generator.registry.problems:
            raise ContentError(generator.registry.sorted_problems())


def register():
    signals.initialized.connect(add_defaults)
    signals.get_generators.connect(add_generator)
    signals.generator_init.connect(add_emblem)
    signals.content_object_init.connect(attach_projects)
    signals.all_generators_finalized.connect(raise_problems)
