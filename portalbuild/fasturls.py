"""Expand a content object's URL settings from only the fields the pattern names.

Pelican computes ``article.url`` and ``.save_as`` on every access: it copies the
whole metadata dict and calls ``os.path.relpath`` for ``{path}`` (in
``Content.url_format``) even when the pattern is ``zinas/{date:%Y}/{slug}/``;
templates access URLs hundreds of thousands of times in a large archive. This
computes the same values field by field, so the result is identical (missing
fields still raise KeyError), and it is active only during a build.
"""

from __future__ import annotations

import datetime
import string
from functools import lru_cache

from pelican import contents
from pelican.utils import path_to_url

_original = contents.Content._expand_settings
_original_url_format = contents.Content.url_format


@lru_cache(maxsize=256)
def _fields(pattern: str) -> tuple[str, ...]:
    names = []
    for _, field, _, _ in string.Formatter().parse(pattern):
        if field is not None:
            names.append(field.split(".", 1)[0].split("[", 1)[0])
    return tuple(dict.fromkeys(names))


def _field(content, name: str):
    if name == "path":
        return path_to_url(content.metadata.get("path", content.get_relative_source_path()))
    if name == "slug":
        return getattr(content, "slug", "")
    if name == "lang":
        return getattr(content, "lang", "en")
    if name == "date":
        return getattr(content, "date", datetime.datetime.now())
    if name == "author":
        return content.author.slug if hasattr(content, "author") else ""
    if name == "category":
        return content.category.slug if hasattr(content, "category") else ""
    return content.metadata[name]


def fast_expand_settings(self, key: str, klass: str | None = None) -> str:
    if type(self).url_format is not _original_url_format:
        return _original(self, key, klass)  # a subclass computes its own fields
    if not klass:
        klass = self.__class__.__name__
    pattern = str(self.settings[f"{klass}_{key}".upper()])
    fields = _fields(pattern)
    if "" in fields:
        return _original(self, key, klass)  # positional fields: keep Pelican's error
    return pattern.format(**{name: _field(self, name) for name in fields})


class fast_urls:
    """Context manager: Pelican's contents use the field-by-field expansion inside."""

    def __enter__(self):
        contents.Content._expand_settings = fast_expand_settings
        return self

    def __exit__(self, *exc):
        contents.Content._expand_settings = _original
