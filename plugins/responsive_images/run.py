"""One build's images: what the content asks for, the problems found, and the work to do."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import quote, urlsplit


from portalbuild.shared.errors import ContentProblem, display_path
from portalbuild.shared.linking import publish_all_in_background

from . import social, variants
from .cache import ImageCache, make_entry, make_file_entry, publish
from .config import Config
from .markup import line_of, metadata_line, replace_images
from .sources import ImageProblem, SourceImage, inspect, resolve, unreadable
from .originals import make_original, resized_note
from .strip import StripError
from .workers import start_all


@dataclass
class Job:
    """Work for the cache: ``make(folder)`` fills an entry; ``outputs`` are (cached file, output path).

    A ``single_file`` entry is one file that ``make(path)`` writes; its one output is
    ("", output path). ``make`` is a partial of a module-level function, so a worker
    process can run it.
    """

    kind: str
    key: str
    make: object
    outputs: list[tuple[str, str]]
    users: list[str]
    reference: str
    single_file: bool = False


@dataclass
class Run:
    config: Config
    cache: ImageCache
    problems: list[ContentProblem] = field(default_factory=list)
    sources: dict[str, SourceImage] = field(default_factory=dict)
    users: dict[str, list[str]] = field(default_factory=dict)
    planned: dict[str, variants.ResponsiveImage] = field(default_factory=dict)
    contents: list = field(default_factory=list)
    statics: list = field(default_factory=list)
    default_social: social.SocialImage | None = None
    publishing: list = field(default_factory=list)  # wait() of each background publishing
    started: Started | None = None  # the variants and sharing images, making since every generator read

    # --- content: featured image and body images ----------------------------------
    def source(self, reference: str, content_source: str) -> SourceImage | None:
        """The inspected image a reference names (None: on another site); raises ImageProblem."""
        path = resolve(reference, content_source, self.config)
        if path is None:
            return None
        self.users.setdefault(path, []).append(content_source)
        if path not in self.sources:
            # Only good images are remembered: a problem is worded with this reference.
            self.sources[path] = inspect(path, reference, self.config)
        return self.sources[path]

    def responsive(self, image: SourceImage, alt: str) -> variants.ResponsiveImage:
        if image.path not in self.planned:
            self.planned[image.path] = variants.plan(image, "", self.config)
        plan = self.planned[image.path]
        return variants.ResponsiveImage(image, plan.variants, alt, plan.sizes, plan.siteurl)

    def featured(self, content) -> variants.ResponsiveImage | None:
        reference = str(content.metadata.get("image") or "").strip()
        if not reference:
            return None
        path = content.source_path
        alt = " ".join(str(content.metadata.get("image_alt") or "").split())
        if not alt:
            self.problems.append(ContentProblem(
                path, f"the featured image {reference!r} has no alt text",
                "add a line 'Image_alt: …' under 'Image:' saying what the image shows",
                line=metadata_line(path, "image"), field="Image_alt"))
        try:
            image = self.source(reference, path)
        except ImageProblem as problem:
            self.problems.append(ContentProblem(path, problem.problem, problem.fix,
                                                line=metadata_line(path, "image"), field="Image"))
            return None
        if image is None or not image.raster:
            return None
        return self.responsive(image, alt)

    def body(self, content) -> None:
        """Replace each local raster <img> of the body with a <picture> of its variants."""
        content._content = replace_images(content._content, lambda attrs: self._body_image(content, attrs))

    def _body_image(self, content, attrs: dict[str, str]) -> str | None:
        reference = attrs.get("src", "").strip()
        path = content.source_path
        if not attrs.get("alt", "").strip():
            self.problems.append(ContentProblem(
                path, f"the image {reference!r} has no alt text",
                f"say what the image shows inside the brackets: ![Kas attēlā redzams]({reference})",
                line=line_of(path, reference) if reference else None))
        if not reference:
            return None
        try:
            image = self.source(reference, path)
        except ImageProblem as problem:
            self.problems.append(ContentProblem(path, problem.problem, problem.fix, line=line_of(path, reference)))
            return None
        if image is None or not image.raster or "srcset" in attrs:
            return None
        kept = {k: v for k, v in attrs.items() if k not in ("src", "alt", "width", "height", "srcset", "sizes")}
        return str(self.responsive(image, " ".join(attrs.get("alt", "").split())).html(**kept))

    # --- work for the cache ----------------------------------------------------------
    def variant_jobs(self) -> list[Job]:
        recipe = self.config.fingerprint("widths", "webp", "jpeg_quality", "webp_quality")
        jobs = []
        for path, plan in self.planned.items():
            key = f"{self.cache.digest(path)}-{recipe}"
            outputs = [(v.cache_name, v.output) for v in plan.variants]
            jobs.append(Job("variants", key, partial(variants.make, plan.source, plan.variants, self.config), outputs,
                            self.users.get(path, []), plan.source.relative))
        return jobs

    def social_jobs(self, settings: dict) -> list[Job]:
        jobs, font = [], social.font_digest(self.config)
        footer = settings.get("SITENAME", "")
        for content in self.contents:
            save_as = getattr(content, "save_as", "") or ""
            if not save_as or not getattr(content, "title", None):
                continue
            title = " ".join(str(content.title).split())  # plain text, shown as typed
            featured = getattr(content, "featured_image", None)
            if featured is None and self.config.social_cards == "site":
                continue  # the template falls back to social_default_image
            mime = social.CARD_TYPE if featured is None else social.CROP_TYPE
            output = _beside(save_as, self._social_name(mime))
            if featured is not None:
                key = social.crop_key(self.cache.digest(featured.source.path), self.config)
                make, alt = partial(social.make_crop, featured.source, self.config), featured.alt
                reference = featured.source.relative
            else:
                key = social.card_key(title, footer, self.config, font)
                make, alt, reference = partial(social.make_card, title, footer, self.config), title, output
            content.social_image = self._social(output, alt, mime)
            jobs.append(Job("social", key, make, [("", output)], [content.source_path], reference, single_file=True))
        jobs.append(self._default_social_job(settings, font))
        return jobs

    def _default_social_job(self, settings: dict, font: str) -> Job:
        title = settings.get("SITENAME", "")
        host = urlsplit(self.config.canonical).netloc or settings.get("SITE_SHORTNAME", "")
        output = self._social_name(social.CARD_TYPE)
        self.default_social = self._social(output, title, social.CARD_TYPE)
        key = social.card_key(title, host, self.config, font)
        return Job("social", key, partial(social.make_card, title, host, self.config), [("", output)], [], output,
                   single_file=True)

    def _social_name(self, mime: str) -> str:
        """The sharing image's file name: the setting's name, the extension of its type."""
        return self.config.social_filename + social.EXTENSIONS[mime]

    def _social(self, output: str, alt: str, mime: str) -> social.SocialImage:
        width, height = self.config.social_size
        return social.SocialImage(f"{self.config.canonical}/{quote(output)}", width, height, alt, mime)

    def strip_jobs(self) -> list[Job]:
        recipe = self.config.fingerprint("original_max_side", "original_quality")
        limits = {"max_side": self.config.original_max_side, "quality": self.config.original_quality}
        jobs = []
        for static in self.statics:
            path = os.path.abspath(static.source_path)
            key = f"{self.cache.digest(path)}-{recipe}"
            jobs.append(Job("originals", key, partial(make_original, path, "original", **limits),
                            [("original", static.save_as)], self.users.get(path, []) or [path],
                            static.relative_source_path))
        return jobs

    def resized_originals(self, jobs: list[Job]) -> list[str]:
        """A line for the author for each original published smaller than its file."""
        notes = (resized_note(self.cache.entry(job.kind, job.key), display_path(job.make.args[0]))  # the path
                 for job in jobs)
        return sorted(note for note in notes if note)

    def execute(self, jobs: list[Job], output_path: str, background: bool = False) -> list[ContentProblem]:
        """Make what the cache lacks, then publish every job's files into the output."""
        return self.finish(self.start(jobs), output_path, background)

    def start(self, jobs: list[Job]) -> Started:
        """Start making what the cache lacks; ``finish`` waits for it."""
        unique = {(job.kind, job.key): job for job in jobs}
        missing = [job for job in unique.values() if not self.cache.has(job.kind, job.key, job.single_file)]
        tasks = [partial(make_file_entry if job.single_file else make_entry, self.cache.root, job.kind, job.key, job.make)
                 for job in missing]
        self.cache.reused += len(unique) - len(missing)
        return Started(jobs, missing, start_all(tasks, self.config.workers))

    def finish(self, started: Started, output_path: str, background: bool = False) -> list[ContentProblem]:
        """Wait for what ``start`` makes, then publish every job's files into the output.

        ``background``: the files are put in place by a process of their own while the build
        goes on (``wait_for_publishing`` waits for it)."""
        jobs = started.jobs
        errors = dict(zip(((job.kind, job.key) for job in started.missing), started.results()))
        self.cache.made += sum(1 for error in errors.values() if error is None)
        problems, files = [], []
        for job in jobs:
            error = errors.get((job.kind, job.key))
            if error is not None:
                problems += _processing_problems(job, error)
                continue
            entry = self.cache.entry(job.kind, job.key)
            files += [(os.path.join(entry, cached) if cached else entry, os.path.join(output_path, output))
                      for cached, output in job.outputs]
        if problems:
            return problems
        if background:
            self.publishing.append(publish_all_in_background(files))
        else:
            for cached, output in files:
                publish(cached, output)
        return problems

    def wait_for_publishing(self) -> None:
        """Raises OSError naming a file that could not be put into the output."""
        while self.publishing:
            self.publishing.pop(0)()


@dataclass
class Started:
    """Jobs whose missing cache entries are being made; ``results()`` waits for them."""

    jobs: list[Job]
    missing: list[Job]
    results: Callable[[], list[Exception | None]]


def _beside(save_as: str, name: str) -> str:
    """Where a page's sharing image goes: beside its index.html, or named after its file."""
    folder, filename = posixpath.split(save_as.replace(os.sep, "/"))
    if filename != "index.html":
        name = f"{posixpath.splitext(filename)[0]}-{name}"
    return posixpath.join(folder, name)


def _processing_problems(job: Job, error: Exception) -> list[ContentProblem]:
    problem = unreadable(job.reference)
    detail = f"{problem.problem} ({error})" if isinstance(error, StripError) else problem.problem
    return [ContentProblem(user, detail, problem.fix) for user in dict.fromkeys(job.users or [job.reference])]
