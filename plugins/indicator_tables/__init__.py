"""indicator_tables: the portal's indicator datasets as accessible tables, charts and open data.

Adds: every data file in content/data/ (YAML; format in docs/autoriem/saturs.md, "Datu
kopas") checked cell by cell, a mistake naming file, line, row, column and fix;
`[[indicator:ID]]` on its own line in any content becomes the dataset's table (caption,
scoped headers, Latvian numbers, source and downloads) and, with a `chart:` block, an SVG
chart drawn at build time; /dati/{id}.csv and /dati/{id}.json, and the catalogue /dati/
(datasets.html, context `datasets`; `indicator_datasets` for any template).

Settings read:
    INDICATOR_TABLES (one dict; keys and defaults in config.DEFAULTS, documented in its README.md),
    PATH, SITEURL, RELATIVE_URLS.
"""

from pelican import signals

from .build import current_build, start_build
from .generator import DatasetsGenerator

__all__ = ["register"]


def load_datasets(pelican):
    start_build(pelican.settings)


def keep_template_environment(generator):
    """Markers are rendered with the first generator's Jinja environment (theme filters, `ui`)."""
    build = current_build()
    if build is not None and build.env is None:
        build.env = generator.env


def embed_datasets(content):
    build = current_build()
    if build is not None:
        build.embed(content)


def stop_on_problems(generators):
    build = current_build()
    if build is not None:
        build.raise_problems()


def add_generator(pelican):
    return DatasetsGenerator


def register():
    signals.initialized.connect(load_datasets)
    signals.generator_init.connect(keep_template_environment)
    signals.content_object_init.connect(embed_datasets)
    signals.all_generators_finalized.connect(stop_on_problems)
    signals.get_generators.connect(add_generator)
