"""responsive_images: light, metadata-free images and a sharing image for every page.

Adds: responsive variants (a few widths, WebP and the original format, under
`derivatives/{width}w/`) of every featured and body image, a body <img> becoming a
<picture> and a post's `featured_image` (variants.ResponsiveImage) for components/figure.html;
originals published without metadata (strip.py), resized when larger than
'original_max_side' (originals.py); a 1200×630 sharing image beside every article and page
(`social_image`: the featured image cropped, or a card drawn with the title; social.py) and
the site's own card (`social_default_image`); one cache, so that an unchanged image is
processed once. Stops the build on a missing, unreadable or too large image and on an
image without alt text.

Settings read:
    RESPONSIVE_IMAGES (one dict; keys and defaults in config.DEFAULTS, documented in
    its README.md), PATH, THEME, CACHE_PATH, SITEURL, CANONICAL_SITEURL, SITENAME, SITE_SHORTNAME.
"""

from __future__ import annotations

import logging

from pelican import signals
from pelican.contents import Static

from portalbuild.shared.notices import add_notices
from portalbuild.shared.errors import ContentError
from portalbuild.shared.perbuild import PerBuild

from .cache import ImageCache
from .config import STRIPPED_EXTENSIONS, read_config
from .run import Run

__all__ = ["register"]

logger = logging.getLogger(__name__)

# Each build's Run, found from the settings every content object and generator of it holds.
RUNS = PerBuild(lambda pelican: _new_run(pelican.settings))
CONTEXT_KEY = "social_default_image"
RESIZED_HEADLINE = "Images published smaller than their files"


def _new_run(settings: dict) -> Run:
    config = read_config(settings)
    return Run(config, ImageCache(config.cache_root))


def plan_content_images(content) -> None:
    """Per content object (inside Pelican's per-file handling): plan and record, never raise."""
    run = RUNS.of(content.settings)
    if run is None or isinstance(content, Static) or not content.source_path:
        return
    content.featured_image = run.featured(content)
    if content._content:
        run.body(content)
    run.contents.append(content)


def take_over_static_images(generator) -> None:
    """When every content file has been read (the static generator runs last):

    report every image problem at once, take the static images over, to publish them
    without metadata instead of Pelican's plain copy, and start making the variants and
    sharing images, on the other cores while the other plugins check the content
    (all_generators_finalized); process_images waits for them.
    """
    run = RUNS.of(generator.settings)
    if run is None:
        return
    if run.problems:
        raise ContentError(run.problems)
    kept = []
    for static in generator.staticfiles:
        extension = static.source_path.rsplit(".", 1)[-1].lower()
        (run.statics if f".{extension}" in STRIPPED_EXTENSIONS else kept).append(static)
    # The same list is the context's "staticfiles", which Pelican copies from.
    generator.staticfiles[:] = kept
    run.started = run.start(run.variant_jobs() + run.social_jobs(generator.settings))


def process_images(generators) -> None:
    """Before anything is written: make what the cache lacks and publish the images."""
    generator = generators[0]
    run = RUNS.of(generator.settings)
    if run is None:
        return
    started, run.started = run.started, None  # started by take_over_static_images
    # Nothing reads these files while Pelican writes pages: they are put in place meanwhile.
    problems = run.finish(started, generator.output_path, background=True)
    if problems:
        raise ContentError(problems)
    generator.context[CONTEXT_KEY] = run.default_social


def publish_originals(pelican) -> None:
    """After every generator wrote (an {attach} link may have moved a file): the originals."""
    run = RUNS.end(pelican)
    if run is None:
        return
    run.wait_for_publishing()
    jobs = run.strip_jobs()
    problems = run.execute(jobs, pelican.output_path)
    run.cache.save_index()
    logger.info("responsive_images: %d cache entries made, %d reused", run.cache.made, run.cache.reused)
    if problems:
        raise ContentError(problems)
    add_notices(RESIZED_HEADLINE, run.resized_originals(jobs))


def register():
    signals.initialized.connect(RUNS.start)
    signals.content_object_init.connect(plan_content_images)
    signals.static_generator_finalized.connect(take_over_static_images)
    signals.all_generators_finalized.connect(process_images)
    signals.finalized.connect(publish_originals)
