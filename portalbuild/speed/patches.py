"""Every runtime replacement of a Pelican or Python-Markdown internal, in one table.

The portal extends Pelican through its documented doors (signals, reader and writer
classes, generators, Markdown extensions). What the fast build does that way cannot is
listed in PATCHES: the attribute replaced, by what, why, the shortcut of
portalbuild/shared/verified.py whose versions it was verified on, and a digest of the
replaced attribute's source as verified. ``applied(*groups)`` puts the patches of those
groups in place while a block runs and takes them out again; for a group whose shortcut
is not verified on the installed versions it changes nothing (the build says so once
and takes Pelican's own way). tests/test_patches.py fails, naming the patch, when the
installed library or the replaced source is not the one verified. RELIED_ON lists the
internals the speed layer's own subclasses do part of themselves, checked the same way.

Reads no settings.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import inspect
from dataclasses import dataclass

from portalbuild.shared import verified


@dataclass(frozen=True)
class Patch:
    target: str        # "module:Class.attribute", "module:attribute" or "module:MAPPING[key]"
    replacement: str   # "module:name" of what is put in its place
    group: str         # what applied() is asked for
    shortcut: str      # the entry of portalbuild/shared/verified.py naming the verified versions
    why: str
    source_digest: str  # of the sources of the original and of ``also``, as verified
    also: tuple[str, ...] = ()  # other library code the replacement gives the same answers as

    def sources(self) -> list:
        """What the replacement was verified against: the original, then the ``also`` targets."""
        return [self.original(), *(_original_of(target) for target in self.also)]

    def _place(self):
        module, _, path = self.target.partition(":")
        owner = importlib.import_module(module)
        path, _, key = path.partition("[")
        *parents, name = path.split(".")
        for parent in parents:
            owner = getattr(owner, parent)
        if key:
            return getattr(owner, name), key.rstrip("]"), True
        return owner, name, False

    def original(self):
        """What is in place now (the library's own unless the patch is applied)."""
        owner, name, item = self._place()
        return owner[name] if item else inspect.getattr_static(owner, name)

    def put(self, value) -> None:
        owner, name, item = self._place()
        if item:
            owner[name] = value
        else:
            setattr(owner, name, value)

    def new_value(self):
        return _resolve(self.replacement)


def _resolve(name: str):
    module, _, attribute = name.partition(":")
    return getattr(importlib.import_module(module), attribute)


def source_digest(values) -> str:
    """What tests/test_patches.py compares: a digest of the sources of functions or classes
    (of the function a staticmethod, classmethod or property wraps)."""
    digest = hashlib.blake2b(digest_size=8)
    for value in values:
        value = getattr(value, "__func__", None) or getattr(value, "fget", None) or value
        digest.update(inspect.getsource(value).encode())
    return digest.hexdigest()


def _original_of(target: str):
    return Patch(target, "", "", "", "", "").original()


_URLS = "portalbuild.speed.urls"
_READER = "portalbuild.speed.markdown_reader"

PATCHES = (
    Patch("pelican.contents:Content._expand_settings", f"{_URLS}:fast_expand_settings", "urls", "fast-build",
          "a URL is formatted from the fields its pattern names, not from a copy of all metadata, and kept "
          "while they are equal (templates ask for URLs hundreds of thousands of times)",
          "48039913d0ae825c", also=("pelican.contents:Content.url_format",)),
    Patch("pelican.utils:SafeDatetime.strftime", f"{_URLS}:remembered_strftime", "urls", "fast-build",
          "Pelican's strftime is Python with two regular expressions a call; numeric formats are made "
          "from the date's fields, others remembered per date and format",
          "68f4aba45a22e26f", also=("pelican.utils:strftime",)),
    Patch("pelican.urlwrappers:slugify", f"{_URLS}:remembered_slugify", "urls", "fast-build",
          "every post's Tag, Category and Author objects slugify the same few names again",
          "d5603f2a5f15555d"),
    Patch("pelican.contents:Content.get_static_links", f"{_URLS}:fast_static_links", "urls", "fast-build",
          "a body with no quote before '{' or '|' has no link to other content: the link expression "
          "is not run over it", "90bfd8e26c9e59d0"),
    Patch("pelican.contents:Content._update_content", f"{_URLS}:fast_update_content", "urls", "fast-build",
          "as get_static_links, when a post's HTML is asked for", "bb4980a6803f8307"),
    Patch("pelican.contents:Content.get_relative_source_path", f"{_URLS}:fast_relative_source_path", "urls",
          "fast-build", "relpath of two abspaths, 20,000 calls a build, by slicing a normalised path",
          "c0479a8ae5142fe0"),
    Patch("pelican.generators:process_translations", "portalbuild.speed.lists:grouped_process_translations",
          "lists", "fast-build", "Pelican's last step scans the list of originals for every post; here it runs "
          "on each group of posts with one slug", "255d557927f2ec5d"),
    Patch("pelican.generators:ArticlesGenerator._build_period_archives",
          "portalbuild.speed.lists:linear_build_period_archives", "lists", "fast-build",
          "each period's posts by identity, not by a scan of the period's posts for every post",
          "4cfd9665df966492"),
    Patch("pelican.generators:Generator.get_files", "portalbuild.speed.reading:sorted_files", "reading",
          "fast-build", "the reading workers read the files in sorted order; Pelican asks for them in a "
          "set's order, so the main process would wait for files read last", "957c9d32d60f3579"),
    Patch("markdown.treeprocessors:InlineProcessor.run", f"{_READER}:fast_inline_run", "markdown-inline",
          "fast-markdown", "makes the plan of which inline patterns can match which characters",
          "f39755dd2acf140a"),
    Patch("markdown.treeprocessors:InlineProcessor._InlineProcessor__handleInline", f"{_READER}:fast_handle_inline",
          "markdown-inline", "fast-markdown",
          "a pattern is tried only on text holding a string every match of it contains",
          "351e0d19b7e52b33"),
    Patch("pelican.readers:METADATA_PROCESSORS[date]", f"{_READER}:fast_date", "markdown-dates", "fast-markdown",
          "an ISO date is built directly, not parsed by dateutil", "d425fc4e755f909a"),
    Patch("pelican.readers:METADATA_PROCESSORS[modified]", f"{_READER}:fast_modified", "markdown-dates",
          "fast-markdown", "as the date", "f8213eb68b6c649d"),
    Patch("pelican.readers:Markdown", f"{_READER}:reused_markdown", "markdown-reuse", "fast-markdown",
          "one Markdown instance per process and setting, brought back to a new one's state, not a new "
          "one per file", "867e14e1eb6a09a8",
          also=("pelican.readers:MarkdownReader.read", "pelican.readers:MarkdownReader._parse_metadata")),
)

# Library internals the speed layer's own classes rely on without replacing them: a subclass
# that does part of what the internal does. (target, the shortcut verified on, why, digest.)
RELIED_ON = (
    ("pelican.writers:Writer._open_w", "fast-build",
     "PlannedWriter._put_linked records a page's name in _written_files (and _overridden_files) "
     "as _open_w does, and puts the linked file there without opening the name", "ff574875d4a277bf"),
)

# What drops a group's remembered values when its patches are taken out.
_FORGET = {"urls": f"{_URLS}:forget", "markdown-reuse": f"{_READER}:forget_instances"}
GROUPS = tuple(dict.fromkeys(patch.group for patch in PATCHES))


@contextlib.contextmanager
def applied(*groups: str):
    """The patches of ``groups`` in place while the block runs (those of verified shortcuts).

    Yields the groups applied."""
    unknown = set(groups) - set(GROUPS)
    if unknown:
        raise ValueError(f"no patch group {', '.join(sorted(unknown))}; the groups are {', '.join(GROUPS)}")
    chosen = [patch for patch in PATCHES if patch.group in groups and verified.usable(patch.shortcut)]
    saved = []
    try:
        for patch in chosen:
            original = patch.original()
            if "[" in patch.target and getattr(original, "__module__", None) != patch.target.partition(":")[0]:
                continue  # a plugin's own metadata processor stays
            saved.append((patch, original))
            patch.put(patch.new_value())
        yield frozenset(patch.group for patch, _ in saved)
    finally:
        for patch, original in reversed(saved):
            patch.put(original)
        for group, forget in _FORGET.items():
            if any(patch.group == group for patch, _ in saved):
                _resolve(forget)()
