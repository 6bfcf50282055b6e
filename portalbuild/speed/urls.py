"""Cheaper URLs, dates, slugs and link handling for Pelican's contents, with Pelican's answers.

Put in place by portalbuild/speed/patches.py (group ``urls``) during a fast build:

* ``fast_expand_settings``: a content object's URL and ``save_as`` are formatted from
  only the fields the pattern names (missing fields still raise KeyError), and kept
  while those fields are equal and of the same types (and dates in the same zone).
* ``remembered_strftime``: Pelican's SafeDatetime.strftime; a format of only C89
  directives is what ``datetime.strftime`` gives (one of %Y %m %d %H %M %S %z and text is
  made from the date's fields, as C's strftime makes it); other formats are remembered
  per date fields, tzinfo and format.
* ``remembered_slugify``: slugify is a pure function of its arguments; its results are
  remembered per arguments (every post makes its own Tag, Category and Author objects).
* ``fast_static_links`` / ``fast_update_content``: with the default INTRASITE_LINK_REGEX a
  link to other content needs a quote right before ``{`` or ``|``; a body without one is
  returned as it is, without the expression.
* ``fast_relative_source_path``: an absolute, normalised path under the content folder
  by slicing; any other path goes to Pelican.

Settings read: the *_URL and *_SAVE_AS patterns (as Pelican), INTRASITE_LINK_REGEX, PATH.
"""

from __future__ import annotations

import datetime
import operator
import os
import re
import string
from collections.abc import Callable
from functools import lru_cache

from pelican import contents, urlwrappers
from pelican.utils import SafeDatetime, path_to_url

_original = contents.Content._expand_settings
_original_url_format = contents.Content.url_format
_original_strftime = SafeDatetime.strftime
_formatted: dict[tuple, str] = {}
_original_slugify = urlwrappers.slugify
_slugs: dict[tuple, str] = {}
_expanded: dict[tuple, tuple] = {}  # (id(content), pattern) -> (content, its fields, the URL)


def remembered_slugify(value, regex_subs=(), preserve_case=False, use_unicode=False):
    key = (type(value), value, tuple(tuple(pair) for pair in regex_subs), preserve_case, use_unicode)
    slug = _slugs.get(key)
    if slug is None:
        slug = _slugs[key] = _original_slugify(value, regex_subs=regex_subs, preserve_case=preserve_case,
                                               use_unicode=use_unicode)
    return slug


# The directives Pelican's strftime formats itself (pelican.utils.strftime's c89_directives).
_C89_DIRECTIVES = frozenset("aAbBcdfGHIjmMpSUuVwWxXyYzZ%")
_CANDIDATE = re.compile(r"%-?.|%$")


@lru_cache(maxsize=256)
def _formats_as_datetime_does(fmt: str) -> bool:
    return all(len(candidate) == 2 and candidate[1] in _C89_DIRECTIVES for candidate in _CANDIDATE.findall(fmt))


# Numeric directives whose text is the date's field zero-padded (as C's strftime gives
# for years 1000-9999); %z is made by _utc_offset.
_NUMERIC_DIRECTIVES = {"Y": ("year", "%04d"), "m": ("month", "%02d"), "d": ("day", "%02d"),
                       "H": ("hour", "%02d"), "M": ("minute", "%02d"), "S": ("second", "%02d"),
                       "z": ("utcoffset", "%s")}


@lru_cache(maxsize=256)
def _numeric_format(fmt: str) -> tuple[str, Callable, bool] | None:
    """A format of only %Y %m %d %H %M %S %z, %% and text, as (a %-template, the getter of
    the date's fields it takes, whether %z is among them); None for any other format."""
    template, fields = [], []
    pieces = fmt.split("%")
    template.append(pieces[0])
    index = 1
    while index < len(pieces):
        piece = pieces[index]
        if piece == "":  # "%%", or a lone "%" at the end
            if index + 1 >= len(pieces):
                return None
            template.append("%%" + pieces[index + 1])
            index += 2
            continue
        if piece[0] not in _NUMERIC_DIRECTIVES:
            return None
        name, spec = _NUMERIC_DIRECTIVES[piece[0]]
        fields.append(name)
        template.append(spec + piece[1:])
        index += 1
    if not fields:
        return None
    getter = operator.attrgetter(*fields)
    return "".join(template), (getter if len(fields) > 1 else lambda date: (getter(date),)), "utcoffset" in fields


def _utc_offset(offset: datetime.timedelta | None) -> str | None:
    if offset is None:
        return ""
    if offset.microseconds or offset.seconds % 60:
        return None  # seconds in the offset: left to strftime
    minutes = offset.days * 1440 + offset.seconds // 60
    return "%s%02d%02d" % ("-" if minutes < 0 else "+", abs(minutes) // 60, abs(minutes) % 60)  # noqa: UP031 -- cheaper than format


def _numeric_strftime(date, fmt: str) -> str | None:
    """The text C's strftime gives for a format of numeric fields (the URLs' {date:%Y}, the
    sitemap's, the feeds'), without calling it; None otherwise."""
    plan = _numeric_format(fmt)
    if plan is None or not 1000 <= date.year <= 9999:
        return None
    template, getter, offset = plan
    values = getter(date)
    if offset:
        values = tuple(_utc_offset(value()) if callable(value) else value for value in values)
        if None in values:
            return None
    return template % values


def remembered_strftime(self, fmt, safe=True):
    if not safe:
        return _original_strftime(self, fmt, safe)
    if _formats_as_datetime_does(fmt):
        text = _numeric_strftime(self, fmt)
        return datetime.datetime.strftime(self, fmt) if text is None else text
    key = (fmt, self.year, self.month, self.day, self.hour, self.minute, self.second, self.microsecond,
           self.tzinfo, self.fold)
    text = _formatted.get(key)
    if text is None:
        text = _formatted[key] = _original_strftime(self, fmt)
    return text


@lru_cache(maxsize=256)
def _fields(pattern: str) -> tuple[str, ...]:
    names = []
    for _, field, _, _ in string.Formatter().parse(pattern):
        if field is not None:
            names.append(field.split(".", 1)[0].split("[", 1)[0])
    return tuple(dict.fromkeys(names))


_MISSING = object()


def _field(content, name: str):
    if name == "path":
        return path_to_url(content.metadata.get("path", content.get_relative_source_path()))
    if name == "slug":
        return getattr(content, "slug", "")
    if name == "lang":
        return getattr(content, "lang", "en")
    if name == "date":
        # Not getattr's default, which computes datetime.now() on every call although a post
        # always has its date.
        date = getattr(content, "date", _MISSING)
        return datetime.datetime.now() if date is _MISSING else date
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
    values = [_field(self, name) for name in fields]
    # A post's URL is asked for a dozen times a build: kept while the fields it was made from
    # are equal and of the same types (and a date in the same zone: equal times of two zones
    # format differently).
    stamp = tuple((type(value), value, getattr(value, "tzinfo", None)) for value in values)
    known = _expanded.get((id(self), pattern))
    if known is not None and known[0] is self and known[1] == stamp:
        return known[2]
    expanded = pattern.format(**dict(zip(fields, values)))
    _expanded[(id(self), pattern)] = (self, stamp, expanded)
    return expanded


_original_static_links = contents.Content.get_static_links
_original_update_content = contents.Content._update_content
_DEFAULT_LINK_REGEX = "[{|](?P<what>.*?)[|}]"
_LINK_STARTS = ('"{', "'{", '"|', "'|")


def _may_link(content, text: str) -> bool:
    if content.settings.get("INTRASITE_LINK_REGEX") != _DEFAULT_LINK_REGEX:
        return True
    if "{" not in text and "|" not in text:  # one character is found at memchr's speed
        return False
    return any(start in text for start in _LINK_STARTS)


def fast_static_links(self) -> set[str]:
    if isinstance(self._content, str) and not _may_link(self, self._content):
        return set()
    return _original_static_links(self)


def fast_update_content(self, content, siteurl):
    if isinstance(content, str) and not _may_link(self, content):
        return content
    return _original_update_content(self, content, siteurl)


_original_relative_source_path = contents.Content.get_relative_source_path


@lru_cache(maxsize=16)
def _content_root(path: str) -> str:
    return os.path.abspath(path)


def fast_relative_source_path(self, source_path: str | None = None) -> str | None:
    """Pelican's answer (relpath of abspaths) by slicing, for an absolute, normalised path
    under the content folder; any other path goes to Pelican."""
    path = source_path or self.source_path
    if path and os.sep == "/" and path[0] == "/":
        root = _content_root(self.settings["PATH"])
        if len(root) > 1 and path.startswith(root) and path[len(root):len(root) + 1] == "/" \
                and len(path) > len(root) + 1 and os.path.normpath(path) == path:
            return path[len(root) + 1:]
    return _original_relative_source_path(self, source_path)


def forget() -> None:
    """The patches are taken out: nothing is kept for the next build."""
    _formatted.clear()
    _slugs.clear()
    _expanded.clear()
