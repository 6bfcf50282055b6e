"""The internal links of a built site, checked page by page and kept for the next check.

``broken_links(site, siteurl)`` reads every HTML page of the site (not Pagefind's): its
element ids and its links (``<a href>``, ``<link href>``, ``<script src>``, with whether
each is inside the page's first ``<main>``), and reports each link to no file of the site,
to an ``#id`` the target page lacks, or of a shape no browser opens
(portalbuild.shared.linkforms). Pages are read with a scanner of start tags built on
html.parser's own patterns, much cheaper than a full parse, on every core
(portalbuild.steps.pool).

With an ``index`` (CACHE_PATH/links.pickle, kept by the step ``check``), the next check
reads again only the pages whose bytes changed and evaluates again only those and the
pages linking to a file that appeared or disappeared or to a page whose ids changed.
The index records each page's digest, so it is right for any site; the result is the
full check's, page for page. Reads no settings.
"""

from __future__ import annotations

import html
import os
import pickle
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from portalbuild.shared import stamps
from portalbuild.shared.linkforms import malformed
from portalbuild.steps import pool, progress

INDEX_VERSION = 4
NOT_CHECKED = ("mailto:", "tel:", "javascript:", "data:", "#")
LINKING = {"a": "href", "link": "href", "script": "src"}
RAW_TEXT = ("script", "style")
BATCH = 48
POOL_MINIMUM = 400  # pages to read before a pool pays for itself
COMPACT_AT = 1.25  # the index leaves out unused links once its table has grown by a quarter

# A comment, a declaration or processing instruction, an end tag, or a start tag with its
# attributes (html.parser's pattern: quoted values may hold '>').
_TOKEN = re.compile(r"""
    <!--.*?(?:--!?>|\Z)
  | <[!?][^>]*+>?
  | <(?P<start>[a-zA-Z][^\t\n\r\f />\x00]*+)
     (?P<attrs>(?:[\s/]*+(?:(?<=['"\s/])[^\s/>][^\s/=>]*+(?:\s*+=+\s*+(?:'[^']*+'|"[^"]*+"|(?!['"])[^>\s]*+)\s*+)?+
                 (?:\s|/(?!>))*+)*+)?+\s*+)(?P<close>/?)>
""", re.VERBOSE | re.DOTALL)
_ATTRIBUTE = re.compile(r"""((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|/(?!>))*""")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_MAIN_TAG = re.compile(r"<(/?)main(?=[\s/>])", re.IGNORECASE)
_RAW_END = {name: re.compile(rf"</{name}(?=[\s/>])", re.IGNORECASE) for name in RAW_TEXT}


# The target of a link of a shape no browser opens ('htps:', portalbuild.shared.linkforms), wherever it leads.
MALFORMED = "\0malformed"


@dataclass(frozen=True)
class BrokenLink:
    page: str  # the built page's URL path, e.g. /zinas/2020/08/x/
    href: str
    in_main: bool
    missing_fragment: bool = False  # the page exists, the '#id' on it does not
    malformed: bool = False  # a scheme no browser opens ('htps:'), wherever it leads


# --- one page ----------------------------------------------------------------------

def read_page(text: str, page_url: str, siteurl: str | tuple[str, ...]) -> tuple[tuple[str, ...], tuple[tuple, ...]]:
    """The page's element ids and its internal links: (href, target, fragment, in main), where
    target is the site path the link leads to (see ``target_key``; None: outside the site;
    MALFORMED: a link of a shape no browser opens)."""
    ids: set[str] = set()
    found: dict[str, list[tuple]] = {name: [] for name in LINKING}
    main_start, main_end = _main_span(text)
    position, length = 0, len(text)
    search = _TOKEN.search
    while position < length:
        token = search(text, position)
        if token is None:
            break
        position = token.end()
        name = token.group("start")
        if name is None:
            continue
        name = name.lower()
        wanted = LINKING.get(name)
        attribute_text = token.group("attrs")
        if attribute_text and (wanted is not None or "id" in attribute_text.lower()):
            attributes = _attributes(attribute_text)
            if "id" in attributes:
                ids.add(attributes["id"])
            if wanted is not None and wanted in attributes:
                link = _link(attributes[wanted].strip(), page_url, siteurl)
                if link is not None:
                    found[name].append((*link, main_start < token.start() < main_end))
        if name in RAW_TEXT and not token.group("close"):
            closing = _RAW_END[name].search(text, position)
            position = closing.start() if closing else length
    return tuple(sorted(ids)), tuple(link for name in LINKING for link in found[name])


def _main_span(text: str) -> tuple[int, int]:
    """Where the page's first <main> element starts and ends (its end tag, or the page's end);
    (-1, -1) when there is none."""
    depth, start = 0, -1
    for tag in _MAIN_TAG.finditer(text):
        if tag.group(1):  # </main>
            if depth:
                depth -= 1
                if not depth:
                    return start, tag.start()
        else:
            if start < 0:
                start = tag.start()
            depth += 1
    return (start, len(text)) if start >= 0 else (-1, -1)


_links_seen: dict[tuple, tuple | None] = {}


def _link(href: str, page_url: str, siteurl: str | tuple[str, ...]) -> tuple | None:
    """(href, target key, fragment) of an internal link or of a malformed one (target MALFORMED),
    else None; remembered per process (a site's pages share most of their links), by href alone
    where the page does not matter."""
    own = tuple(url for url in ((siteurl,) if isinstance(siteurl, str) else siteurl) if url)
    folder = "" if href.startswith("/") or (own and href.startswith(own)) or _SCHEME.match(href) else page_url
    remembered = (href, folder, siteurl)
    if remembered in _links_seen:
        return _links_seen[remembered]
    if malformed(href):
        link = (href, MALFORMED, "")
    else:
        target = site_path(href, page_url, siteurl)
        link = None if target is None else (href, target_key(target), unquote(urlsplit(href).fragment))
    if len(_links_seen) < 200_000:
        _links_seen[remembered] = link
    return link


def _attributes(text: str) -> dict[str, str]:
    """The attributes of a start tag as html.parser reads them (names lower-cased, values
    unquoted and unescaped, a later one replacing an earlier one of the same name)."""
    attributes = {}
    for match in _ATTRIBUTE.finditer(" " + text):
        name, rest, value = match.group(1, 2, 3)
        if not rest:
            value = ""
        elif value[:1] == value[-1:] and value[:1] in ("'", '"'):
            value = value[1:-1]
        attributes[name.lower()] = html.unescape(value) if value and "&" in value else (value or "")
    return attributes


def site_path(href: str, page_url: str, siteurl: str | tuple[str, ...]) -> str | None:
    """The path on this site that ``href`` points to, or None for other sites and non-links.
    ``siteurl``: the site's absolute address, or several (portalbuild.shared.siteaddress: own_bases)."""
    if not href or href.startswith(NOT_CHECKED):
        return None
    for own in (siteurl,) if isinstance(siteurl, str) else siteurl:
        own = own.rstrip("/")
        if own and (href == own or href.startswith(own + "/")):
            href = href[len(own):] or "/"
            break
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    return urljoin(page_url, unquote(parts.path))


def target_key(path: str) -> str | None:
    """A site path as a path relative to the site's folder ('' for the folder itself), '.' and
    '..' resolved; None when it leads out of the site."""
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def page_url(relative: str) -> str:
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


# --- the whole site --------------------------------------------------------------

class _Site:
    """The site's files, and what the links of its pages need of them."""

    def __init__(self, files: set[str], ids: dict[str, Sequence[str]]):
        self.files, self.ids = files, ids

    def exists(self, key: str | None) -> bool:
        return key is not None and (key in self.files or _index_of(key) in self.files)

    def has_fragment(self, key: str, fragment: str) -> bool:
        page = key if key in self.files else _index_of(key)
        ids = self.ids.get(page)
        return ids is None or fragment in ids


def _index_of(key: str) -> str:
    return f"{key}/index.html" if key else "index.html"


def _broken_on(page: str, links: Sequence[tuple], site: _Site) -> tuple[BrokenLink, ...]:
    url = page_url(page)
    broken = []
    for href, key, fragment, in_main in links:
        if key == MALFORMED:
            broken.append(BrokenLink(url, href, in_main, malformed=True))
        elif not site.exists(key):
            broken.append(BrokenLink(url, href, in_main))
        elif fragment and not site.has_fragment(key, fragment):
            broken.append(BrokenLink(url, href, in_main, missing_fragment=True))
    return tuple(broken)


def broken_links(site: Path, siteurl: str | tuple[str, ...] = "", index: Path | None = None) -> list[BrokenLink]:
    """Links to no file of the site, links to an '#id' that the target page lacks, and links of a
    shape no browser opens (``siteurl``: the site's absolute address, or several); with
    ``index``, only what changed since the check that wrote it is read and evaluated again."""
    site = Path(site)
    files, page_stamps = _listing(site)
    old = _Index.load(index, siteurl) if index is not None else _Index(siteurl)
    new = _Index(siteurl)
    # Kept pages keep their codes.
    new.files, new.table, new._numbers, new.compacted = files, old.table, old._numbers, old.compacted
    pages = sorted(page_stamps, key=lambda relative: relative.split("/"))
    to_read = []
    for relative in pages:
        entry = old.pages.get(relative)
        if entry is not None and entry[0] == page_stamps[relative]:
            new.pages[relative] = entry
        else:
            to_read.append((str(site / relative), relative, siteurl, entry[1] if entry is not None else b""))
    changed: set[str] = set()
    with progress.counting(len(to_read), "pages read") as count:
        for results in pool.map_batches(read_batch, to_read, batch_size=BATCH, in_process_below=POOL_MINIMUM):
            count(len(results))
            for relative, digest, ids, links in results:
                if links is None:  # the same bytes as at the last check
                    entry = old.pages[relative]
                    new.pages[relative] = (page_stamps[relative], digest, *entry[2:])
                else:
                    new.pages[relative] = (page_stamps[relative], digest, ids, new.codes(links), None)
                    changed.add(relative)

    ids = {relative: entry[2] for relative, entry in new.pages.items()}
    moved = files ^ old.files if old.pages or old.files else None
    if moved is not None:
        moved |= {relative for relative in changed if old.pages.get(relative, (None,) * 3)[2] != ids[relative]}
    affected = new.codes_leading_to(moved) if moved is not None else None
    site_view = _Site(files, ids)
    broken: list[BrokenLink] = []
    checked = 0
    for relative in pages:
        entry = new.pages[relative]
        codes, result = entry[3], entry[4]
        if result is None or affected is None or not affected.isdisjoint(codes):
            result = _broken_on(relative, new.links_of(codes), site_view)
            new.pages[relative] = (*entry[:4], result)
            checked += 1
        broken += result
    progress.say(f"links of {checked:,} of {len(pages):,} pages checked, {len(to_read):,} read")
    if index is not None:
        new.save(index)
    return broken


def read_batch(batch: Sequence[tuple[str, str, str, str | None]]) -> list[tuple]:
    """(relative, digest, ids, links) of each page; ids and links None when the page has the
    digest given (the bytes of the last check). In a pool's process or in the caller's."""
    results = []
    for path, relative, siteurl, known in batch:
        with open(path, "rb") as handle:
            data = handle.read()
        digest = stamps.digest(data)
        if digest == known:
            results.append((relative, digest, None, None))
        else:
            ids, links = read_page(data.decode("utf-8", "replace"), page_url(relative), siteurl)
            results.append((relative, digest, ids, links))
    return results


def _listing(site: Path) -> tuple[set[str], dict[str, list]]:
    """Every file of the site (relative, with '/'), and the stamp (device, inode, size, time) of
    every HTML page outside Pagefind's bundle."""
    files: set[str] = set()
    found: dict[str, list] = {}
    pending = [(str(site), "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as listing:
            for entry in listing:
                relative = prefix + entry.name
                if entry.is_dir():
                    if not entry.is_symlink():
                        pending.append((entry.path, relative + "/"))
                    continue
                if not entry.is_file():
                    continue
                files.add(relative)
                if entry.name.endswith(".html") and not relative.startswith("pagefind/"):
                    status = entry.stat()
                    found[relative] = stamps.output_stamp(status)
    return files, found


class _Index:
    """What the last check learnt: the site's files, and each page's stamp, digest, ids, links
    (as numbers of a table of distinct links, times two, plus one inside <main>) and result."""

    def __init__(self, siteurl: str):
        self.siteurl = siteurl
        self.files: set[str] = set()
        self.pages: dict[str, tuple] = {}  # relative -> (stamp, digest, ids, codes, broken or None)
        self.table: list[tuple[str, str | None, str]] = []  # (href, target, fragment)
        self._numbers: dict[tuple, int] = {}
        self.compacted = 0  # the table's length when unused links were last left out

    @classmethod
    def load(cls, path: Path, siteurl: str) -> _Index:
        index = cls(siteurl)
        try:
            with open(path, "rb") as handle:
                saved = pickle.load(handle)
            if saved["version"] != INDEX_VERSION or saved["siteurl"] != siteurl:
                return index
            index.files, index.pages, index.table = set(saved["files"]), saved["pages"], saved["table"]
            index.compacted = saved["compacted"]
        except (OSError, EOFError, KeyError, TypeError, ValueError, pickle.UnpicklingError):
            return cls(siteurl)
        index._numbers = {link: number for number, link in enumerate(index.table)}
        return index

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        pages, table, compacted = self.pages, self.table, self.compacted
        if len(table) > COMPACT_AT * self.compacted:  # links of changed and deleted pages left in the table
            used = sorted({code >> 1 for entry in pages.values() for code in entry[3]})
            renumber = {old: new for new, old in enumerate(used)}
            pages = {relative: (*entry[:3], tuple((renumber[code >> 1] << 1) | (code & 1) for code in entry[3]),
                                entry[4]) for relative, entry in pages.items()}
            table = [table[number] for number in used]
            compacted = len(table)
        saved = {"version": INDEX_VERSION, "siteurl": self.siteurl, "files": sorted(self.files),
                 "pages": pages, "table": table, "compacted": compacted}
        temporary = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        with open(temporary, "wb") as handle:
            pickle.dump(saved, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)

    def codes(self, links: Sequence[tuple]) -> tuple[int, ...]:
        numbers = []
        for href, key, fragment, in_main in links:
            link = (href, key, fragment)
            number = self._numbers.get(link)
            if number is None:
                number = self._numbers[link] = len(self.table)
                self.table.append(link)
            numbers.append((number << 1) | in_main)
        return tuple(numbers)

    def links_of(self, codes: Sequence[int]) -> list[tuple]:
        return [(*self.table[code >> 1], bool(code & 1)) for code in codes]

    def codes_leading_to(self, moved: set[str]) -> set[int]:
        """The codes of links whose target is one of these files, or their folder."""
        keys = set(moved)
        keys |= {relative[: -len("/index.html")] for relative in moved if relative.endswith("/index.html")}
        if "index.html" in moved:
            keys.add("")
        codes = set()
        for number, (_, key, _) in enumerate(self.table):
            if key in keys:
                codes.update((number << 1, (number << 1) | 1))
        return codes
