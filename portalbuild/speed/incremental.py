"""Render a page again only when its inputs changed (the warm rebuild).

A page's key is a hash of everything its templates can see:

* the build's global fingerprint: the theme, the plugins and portalbuild (every
  file's bytes), the versions of Pelican, Jinja and Markdown, every upper-case
  context value (the settings as plugins left them), the Jinja globals, and the
  size and time of every content file that is not an article (pages, projects,
  data: any change there renders everything again);
* the template's name and the output file's name;
* the value of every variable the template tree names (``jinja2.meta`` over the
  template and everything it extends, includes and imports), hashed deeply:
  content objects by all their attributes (or by what their ``fingerprint_state()``
  gives, as list pages do), lists by their items. A template whose includes cannot
  be resolved statically makes the page depend on the whole context. Objects that
  reach each other (a cycle) are each keyed by the digest of the whole cycle and
  their own, so a change anywhere in it changes the key of every page that shows
  any of them, whichever was hashed first.

A page whose key is the one the previous successful build wrote for the same file
is not rendered at all: the previous output file is linked into the new build
(``PageManifest``: CACHE_PATH/portalbuild-pages.json, with each file's size, time
and inode, so a file that changed since is never taken). That relies on what
holds for this portal's plugins: a page's output file is exactly its rendered
text (no ``content_written`` receiver rewrites it in place).
A wrong "unchanged" would need an input that is none of these (a template
reading a file at render time outside the theme and content); a needless
"changed" only costs a render.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import pickle
from functools import cache
from importlib import metadata as package_metadata
from pathlib import Path

from jinja2 import meta

from portalbuild.shared import stamps


_PORTALBUILD = Path(__file__).resolve().parent.parent  # the build's own code
_SKIP_ATTRIBUTES = {"_context", "settings"}
# Built-in containers are hashed again for each write_file call (they may be built or
# changed between calls); objects (contents, taxonomies, plugins' catalogues) once a build:
# the context is complete when pages are written.
_PER_CALL = (dict, list, tuple, set, frozenset)
# Written out by pickle itself, in C (exact types: a subclass such as Markup, a date or an
# object goes through _token, as a persistent id).
_INLINE = frozenset({str, bytes, int, float, bool, type(None), list, tuple})
_SCALARS = frozenset({str, int, float, bool, type(None)})
# No cycle led back to an object still being hashed (depths in the chain of objects being
# hashed count from 0).
_NO_CUT = float("inf")


class Fingerprinter:
    """Deep, stable hashes of template inputs; content objects are hashed once per build.

    A value is turned into bytes that tell it apart (``_token``): a number or text
    is written out, a container or object stands in by the digest of its own tokens
    (memoized by identity), so a post's body is hashed once, not once per page.
    """

    def __init__(self, context: dict, settings: dict):
        self.context, self.settings = context, settings
        self._contents: dict[int, tuple[object, bytes]] = {}  # objects: once a build
        self._call: dict[int, tuple[object, bytes]] = {}
        # Lists of objects (a period's or a tag's posts) across calls: (list, its items, their
        # ids, digest). The items are kept, so no id can be reused while the entry stands.
        self._lists: dict[int, tuple[object, tuple, tuple, bytes]] = {}
        self._names: dict[str, frozenset | None] = {}
        self._small: dict[tuple, bytes] = {}
        self._cut = _NO_CUT  # the shallowest object being hashed that a cycle led back to
        self._pending: list[tuple] = []  # objects hashed inside a cycle, waiting for its first object

    def new_call(self) -> None:
        """Forget per-call hashes: lists and paginators are shared only within one write_file."""
        self._call = {}

    def of(self, value) -> str:
        self._cut, self._pending = _NO_CUT, []
        return _digest_bytes(self._token(value, {}))

    def _token(self, value, active: dict) -> bytes:
        kind = type(value)
        if kind is str:
            data = value.encode("utf-8", "surrogatepass")
            return b"s%d:%b" % (len(data), data)
        if value is None or kind is bool or kind is int or kind is float:
            return b"v%b;" % repr(value).encode()
        if value is self.settings:
            return b"settings;"
        if value is self.context:
            return b"context;"
        if isinstance(value, str):  # Markup and other text types: the type counts too
            data = value.encode("utf-8", "surrogatepass")
            return b"S%b:%d:%b" % (kind.__qualname__.encode(), len(data), data)
        if isinstance(value, bytes):
            return b"b%d:%b" % (len(value), value)
        if isinstance(value, (int, float, datetime.date, datetime.time, datetime.timedelta)):
            return b"r%b;" % repr(value).encode("utf-8", "surrogatepass")
        return b"#" + self._composite(value, active)

    def _composite(self, value, active: dict) -> bytes:
        key = id(value)
        memo = self._call if isinstance(value, _PER_CALL) else self._contents
        known = memo.get(key)
        if known is not None and known[0] is value:
            return known[1]
        kind = type(value)
        if kind is list or kind is tuple:
            # The same list holding the same objects in the same order as at an earlier call:
            # its digest is theirs (an object is hashed once a build), so it is the same.
            earlier = self._lists.get(key)
            if earlier is not None and earlier[0] is value and earlier[2] == tuple(map(id, value)):
                memo[key] = (value, earlier[3])
                return earlier[3]
        if memo is self._contents:
            small = self._small_key(value)
            if small is not None:
                digest = self._small.get(small)
                if digest is None:
                    digest = self._small[small] = hashlib.blake2b(self._describe(value, active),
                                                                  digest_size=16).digest()
                memo[key] = (value, digest)
                return digest
        if key in active:
            # A cycle: the object is being hashed further up. It stands in by a name here, and
            # every object hashed since it started is not complete without it.
            self._cut = min(self._cut, active[key])
            return hashlib.blake2b(f"cycle:{type(value).__name__}:{getattr(value, 'source_path', '')}".encode(
                "utf-8", "surrogatepass"), digest_size=16).digest()
        depth = active[key] = len(active)
        outer_cut, self._cut = self._cut, _NO_CUT
        first_pending = len(self._pending)
        try:
            digest = hashlib.blake2b(self._describe(value, active), digest_size=16).digest()
        finally:
            del active[key]
            cut, self._cut = self._cut, min(outer_cut, self._cut)
        if cut < depth:
            # It reached an object still being hashed, whose fields it does not include: this
            # digest holds only inside that object's. Kept as the object's own, it would not
            # change when the other one does (a post reached through its project once kept the
            # project's old status the day the project ended). It waits for that object.
            self._pending.append((value, memo, digest))
            return digest
        self._cut = outer_cut  # the cycles that led back to it are inside its digest
        # The objects that waited for it form one cycle with it, and its digest holds all of
        # them: each is known by that digest and its own (any change in the cycle changes both).
        for member, member_memo, partial in self._pending[first_pending:]:
            member_memo[id(member)] = (member, hashlib.blake2b(digest + partial, digest_size=16).digest())
        del self._pending[first_pending:]
        memo[key] = (value, digest)
        if (kind is list or kind is tuple) and len(value) > 8 and not any(
                isinstance(item, _PER_CALL) or isinstance(item, str) for item in value):
            items = tuple(value)
            self._lists[key] = (value, items, tuple(map(id, items)), digest)
        return digest

    @staticmethod
    def _small_key(value) -> tuple | None:
        """A small object of text fields (a post's Tag, Category or Author: Pelican makes new
        ones for every post) by its type and fields, so equal ones are hashed once; else None."""
        attributes = getattr(value, "__dict__", None)
        if attributes is None or len(attributes) > 6 or callable(value) or hasattr(type(value), "fingerprint_state"):
            return None
        fields = []
        hidden = _hidden_attributes(type(value))
        for name, field in sorted(attributes.items()):
            if name in hidden:
                continue
            if type(field) not in _SCALARS:
                return None
            fields.append((name, type(field), field))  # the type too: True == 1 == 1.0 as keys
        return (type(value), tuple(fields))

    def _describe(self, value, active: dict) -> bytes:
        kind = f"{type(value).__module__}.{type(value).__qualname__}".encode()
        token = self._token
        if isinstance(value, dict):
            if all(type(k) is str for k in value):
                pickled = self._pickled(sorted(value.items()), active)
                if pickled is not None:
                    return kind + b"{" + pickled
            return kind + b"{" + b"".join(sorted(token(k, active) + token(v, active)
                                                   for k, v in value.items())) + b"}"
        if isinstance(value, (list, tuple)):
            pickled = self._pickled(list(value), active)
            if pickled is not None:
                return kind + b"[" + pickled
            return kind + b"[" + b"".join(token(v, active) for v in value) + b"]"
        if isinstance(value, (set, frozenset)):
            return kind + b"{" + b"".join(sorted(token(v, active) for v in value)) + b"}"
        if callable(value) and not hasattr(value, "__dict__") or isinstance(value, type):
            return kind + f":{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}".encode()
        if hasattr(type(value), "fingerprint_state"):
            # The object says what templates can read from it (a list page: not its paginator).
            return kind + b"=" + token(value.fingerprint_state(), active)
        attributes = getattr(value, "__dict__", None)
        if attributes is not None and not callable(value):
            hidden = _hidden_attributes(type(value))
            fields = [(name, v) for name, v in sorted(attributes.items()) if name not in hidden]
            pickled = self._pickled(fields, active)
            if pickled is not None:
                return kind + b"<" + pickled
            return kind + b"<" + b"".join(b"%b=%b" % (name.encode(), token(v, active))
                                          for name, v in fields) + b">"
        return kind + b":" + stamps.ADDRESS.sub("", repr(value)).encode("utf-8", "surrogatepass")

    def _pickled(self, items: list, active: dict) -> bytes | None:
        """``items`` written out by pickle: text, numbers, lists and tuples in C, every other
        value (objects, dicts, dates, text subclasses) as its token, given as a persistent id.
        A post's fields cost about a fifth of writing each out in Python. None: the items
        could not be pickled (a list that contains itself); the caller writes them out itself."""
        token = self._token

        def persistent_id(value):
            return None if type(value) in _INLINE else token(value, active)

        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=5)
        pickler.fast = True  # no memo: equal values give equal bytes, whichever objects they share
        pickler.persistent_id = persistent_id
        try:
            pickler.dump(items)
        except (ValueError, pickle.PicklingError, RecursionError):
            return None
        return buffer.getvalue()

    def template_names(self, template) -> frozenset | None:
        """Every variable the template tree names, or None when it cannot be known."""
        if template.name not in self._names:
            self._names[template.name] = _names_of(template.environment, template.name)
        return self._names[template.name]

    def known_template_names(self) -> dict[str, frozenset | None]:
        return dict(self._names)

    def know_template_names(self, names: dict[str, frozenset | None]) -> None:
        self._names.update(names)

    def page_key(self, global_key: str, template, name: str, localcontext: dict) -> str:
        names = self.template_names(template)
        if names is None:
            names = frozenset(localcontext)
        parts = [global_key, template.name or "", name]
        for variable in sorted(names):
            if variable not in localcontext:
                continue
            value = localcontext[variable]
            if variable.isupper() and variable in self.context and self.context[variable] is value:
                continue  # part of the global fingerprint
            parts.append(f"{variable}={self.of(value)}")
        return _digest("\n".join(parts))


@cache
def _hidden_attributes(kind: type) -> frozenset:
    """Entries of an object's ``__dict__`` that its template cannot see: the context and settings
    (in the global key), and names its class defines as a property or another data descriptor,
    which is what an attribute of that name gives. (Pelican's Tag, Category and Author write
    their ``name`` and ``slug`` into their ``__dict__`` whenever their URL is made, so pages
    keyed before and after that would have differed.)"""
    shadowed = {name for klass in kind.__mro__ for name, member in vars(klass).items()
                if hasattr(type(member), "__set__") or hasattr(type(member), "__delete__")}
    return frozenset(_SKIP_ATTRIBUTES | (shadowed - {"__dict__", "__weakref__"}))


def _digest(text: str) -> str:
    return _digest_bytes(text.encode("utf-8", "surrogatepass"))


def _digest_bytes(data: bytes) -> str:
    return stamps.digest(data)


def _names_of(environment, name: str) -> frozenset | None:
    names: set[str] = set()
    seen: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source, _, _ = environment.loader.get_source(environment, current)
        except Exception:  # noqa: BLE001 -- an `ignore missing` include that does not exist
            if current == name:
                return None
            continue
        tree = environment.parse(source)
        names |= meta.find_undeclared_variables(tree)
        for referenced in meta.find_referenced_templates(tree):
            if referenced is None:
                return None  # a dynamic include: depend on everything
            pending.append(referenced)
    return frozenset(names)


def global_key(context: dict, settings: dict, environment, fingerprinter: Fingerprinter,
               output_key: str | None = None) -> str:
    """What every page depends on: code, theme, settings, Jinja globals, non-article content.

    ``output_key``: OUTPUT_PATH as the key takes it (see portalbuild.speed.mode.run)."""
    parts = [_versions()]
    folders = [Path(settings["THEME"]), _PORTALBUILD]
    folders += [Path(p) for p in settings.get("PLUGIN_PATHS", [])]
    for folder in folders:
        parts.append(stamps.tree_digest(folder))
    upper = {k: v for k, v in context.items() if k.isupper()}
    if "OUTPUT_PATH" in upper and output_key is not None:
        upper["OUTPUT_PATH"] = output_key
    parts.append(fingerprinter.of(upper))
    parts.append(fingerprinter.of(dict(environment.globals)))
    parts.append(fingerprinter.of(sorted(environment.filters)))
    parts.append(_content_stamps(settings))
    return _digest("\n".join(parts))


def _versions() -> str:
    return ",".join(f"{name}={package_metadata.version(name)}" for name in ("pelican", "jinja2", "markdown"))


def _content_stamps(settings: dict) -> str:
    """Size and time of every content file outside the article folders."""
    root = Path(settings["PATH"])
    articles = [os.path.join(settings["PATH"], p) for p in settings.get("ARTICLE_PATHS", [])]
    digest = hashlib.blake2b(digest_size=16)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        if any(dirpath == a or dirpath.startswith(a + os.sep) for a in articles):
            continue
        for filename in sorted(filenames):
            stamp = stamps.source_stamp(os.stat(os.path.join(dirpath, filename)))
            digest.update(f"{os.path.relpath(dirpath, root)}/{filename}:{stamp}\n".encode())
    return digest.hexdigest()


class PageManifest:
    """Which key each page file of the previous successful build was written for.

    ``reusable(name, key)`` gives the previous output file of ``name`` when it was
    written for ``key`` and is still that very file (same size, time and inode);
    ``save(output)``, called once the new build has replaced the output, records
    this build's pages. A build that fails saves nothing, and its output is the
    previous one, so the manifest stays true; a build that stops between the swap
    and the save leaves entries whose files changed, which are never taken.
    """

    def __init__(self, file: Path, previous_output: Path | None):
        self.file, self.previous = Path(file), previous_output
        saved = self._load() if previous_output and previous_output.is_dir() else {}
        self.old: dict[str, list] = saved.get("pages", {})
        # The variables each template names, under the global key they were read for (parsing
        # and compiling every template to learn them again would cost each rebuild).
        self.old_templates: dict = saved.get("templates", {})
        self.new: dict[str, str] = {}
        self.linked: set[str] = set()  # pages linked from the previous output: their stamp is known
        self.templates: dict = {}

    def _load(self) -> dict:
        from portalbuild.shared.cachefiles import mapping_of, read_json, row_of

        page = row_of(str, int, int, int)
        saved = read_json(self.file, lambda value: isinstance(value, dict)
                          and mapping_of(value.get("pages", {}), page) and isinstance(value.get("templates", {}), dict))
        return saved or {}

    def template_names(self, global_key: str) -> dict[str, frozenset | None]:
        """The previous build's template variables, if they were read under this global key."""
        if self.old_templates.get("key") != global_key or not isinstance(self.old_templates.get("names"), dict):
            return {}
        return {name: None if names is None else frozenset(names)
                for name, names in self.old_templates["names"].items()}

    def record_templates(self, global_key: str, names: dict[str, frozenset | None]) -> None:
        self.templates = {"key": global_key,
                          "names": {name: None if found is None else sorted(found) for name, found in names.items()}}

    def reusable(self, name: str, key: str) -> str | None:
        entry = self.old.get(name)
        if not entry or entry[0] != key:
            return None
        path = os.path.join(self.previous, name)
        try:
            stat = os.stat(path)
        except OSError:
            return None
        return path if [stat.st_size, stat.st_mtime_ns, stat.st_ino] == entry[1:] else None

    def record(self, name: str, key: str, linked: bool = False) -> None:
        self.new[name] = key
        if linked:
            self.linked.add(name)
        else:
            self.linked.discard(name)

    def save(self, output: Path) -> None:
        pages = {}
        for name, key in self.new.items():
            if name in self.linked and name in self.old:
                # The very file reusable() checked: a link has the same size, time and inode.
                pages[name] = [key, *self.old[name][1:]]
                continue
            try:
                stat = os.stat(os.path.join(output, name))
            except OSError:
                continue
            pages[name] = [key, stat.st_size, stat.st_mtime_ns, stat.st_ino]
        self.file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.file.with_name(f"{self.file.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"pages": pages, "templates": self.templates}), encoding="utf-8")
        os.replace(temporary, self.file)
