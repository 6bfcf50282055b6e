"""The post-build step ``search``: a Pagefind index of the site, in shards; and its size.

Pagefind (PyPI ``pagefind[bin]``) indexes what the templates mark ``data-pagefind-body``
and writes ``pagefind/`` into the site, which /meklet/ (theme/static/js/search.js) loads.
Pagefind holds every page it indexes in memory and has no incremental mode, so a dated
page ``<section>/<yyyy>/<mm>/…`` goes into the shard of its half-year (``zinas-2020-h2``),
or of its month if that is the section's newest (``zinas-2020-09``: news is added there),
every other page into the main bundle; the browser merges the shards (``mergeIndex``,
listed in ``pagefind/shards.js``). A shard is kept in CACHE_PATH/search/ under the digest
of its pages' bytes up to the end of the marked element (``_indexed_part``), so a rebuild
after one new post indexes one month again. Before Pelican runs, a process of its own puts
the cached shards into the new site (``publish_ahead``); the step takes out those that changed.
Pagefind has no Latvian stemmer: search.js cuts the endings off the query words.

Settings read:
    SEARCH_PAGEFIND_ARGS  extra pagefind command-line arguments (default: none)
    CACHE_PATH            where indexed shards are kept (none given: no cache)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from portalbuild.shared import background, stamps, verified
from portalbuild.shared.cachefiles import mapping_of, read_json, row_of
from portalbuild.shared.linking import link_or_copy, publish_cached
from portalbuild.steps.search_stable import stabilise
from portalbuild.steps.state import BuildState

BUNDLE = "pagefind"
SHARD_LIST = "shards.js"  # in the main bundle: the shards search.js merges (a script: no fetch)
MAIN_SHARD = ""
# Pagefind also writes two other search interfaces and a highlighter; the search page uses
# Pagefind UI only, so these are left out of the site (less to compress and to upload).
UNUSED_BUNDLE_FILES = ("pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-modular-ui.js",
                       "pagefind-modular-ui.css", "pagefind-highlight.js")
# A merged shard is read by the main bundle's scripts and WebAssembly: only its index stays.
SHARD_KEEPS = ("pagefind-entry.json", "index", "fragment", "filter")
DATED_PAGE = re.compile(r"([^/]+)/([0-9]{4})/([0-9]{2})/")
# A half-year's or a month's shard of a section whose name is safe in a glob.
DATED_SHARD = re.compile(r"([A-Za-z0-9_-]+)-([0-9]{4})-(h[12]|[0-9]{2})")
HALF_YEAR_SHARD = re.compile(r"(.+)-([0-9]{4}-h[12])")
ENTRY_NAME = re.compile(r"(.+)-([0-9a-f]{32})")  # a shard's folder in the cache (_ShardCache.use)
BODY_ATTRIBUTE = b"data-pagefind-body"
BODY_MARK = re.compile(rb"<[a-zA-Z][^>]*\s" + BODY_ATTRIBUTE + rb"[\s=/>]")
ELEMENT_NAME = re.compile(rb"<([a-zA-Z][^\s/>]*)")
# Pagefind then reads only the marked element of a page, and makes the same index: the theme
# puts every data-pagefind-filter and -meta inside it. 14 % less of Pagefind's user time on a
# 500-page shard of the benchmark (docs/performance.md); tests/test_search.py compares the bundles.
BODY_ROOT = "[data-pagefind-body]"
PARALLEL_SHARDS = 2
# Bump when what a kept shard holds changes (the files kept, search_stable's sorting).
RECIPE_VERSION = 1


def pagefind_executable() -> str:
    from pagefind_bin import get_executable

    return str(get_executable())


def pagefind_command(site: Path, settings: dict, output: Path | None = None, glob: str | None = None,
                     root: str | None = None) -> list[str]:
    where = ["--output-path", str(output)] if output is not None else ["--output-subdir", BUNDLE]
    only = ["--glob", glob] if glob else []
    root_selector = ["--root-selector", root] if root else []
    return [pagefind_executable(), "--site", str(site), *where, *only, *root_selector, "--quiet",
            *settings.get("SEARCH_PAGEFIND_ARGS", [])]


def shard_of(relative: str) -> str:
    """The shard of an indexed page, by its path in the site: a half-year of dated pages, or the main one."""
    dated = DATED_PAGE.match(relative)
    if dated is None:
        return MAIN_SHARD
    section, year, month = dated.groups()
    return f"{section}-{year}-h{1 if int(month) <= 6 else 2}"


def shard_glob(shard: str, pages: list[tuple[str, str]]) -> str | None:
    """The files of a dated shard as a Pagefind glob over the site (the folders of its pages'
    months), or None for the main shard (every other page: a folder of links to them is indexed)."""
    dated = DATED_SHARD.fullmatch(shard)
    if dated is None:
        return None
    section, year, _ = dated.groups()
    months = sorted({DATED_PAGE.match(relative).group(3) for relative, _ in pages})
    return f"{section}/{year}/{{{','.join(months)}}}/**/*.{{html}}"


def newest_months_apart(shards: dict[str, list[tuple[str, str]]]) -> None:
    """The newest month of each section's dated pages becomes a shard of its own, taken out
    of its half-year's (``zinas-2026-h2`` keeps July to September, ``zinas-2026-10`` has
    October): news is nearly always added in the newest month, and a rebuild after a new
    post then indexes one month again, not half a year. When the next month starts, its
    predecessor goes back into its half-year, which is indexed again once."""
    newest: dict[str, tuple[str, str]] = {}  # section -> (yyyy-hN, its shard's name)
    for name in shards:
        half = HALF_YEAR_SHARD.fullmatch(name)
        if half is not None and half[2] > newest.get(half[1], ("", ""))[0]:
            newest[half[1]] = (half[2], name)
    for section, (_, name) in newest.items():
        pages = shards.pop(name)
        year, month = DATED_PAGE.match(max(pages)[0]).group(2, 3)
        prefix = f"{section}/{year}/{month}/"
        shards[f"{section}-{year}-{month}"] = [page for page in pages if page[0].startswith(prefix)]
        earlier = [page for page in pages if not page[0].startswith(prefix)]
        if earlier:
            shards[name] = earlier


def index_site(site: Path, settings: dict, state: BuildState | None = None) -> list[str]:
    """Post-build step ``search``: write the Pagefind index of the site, shard by shard."""
    site = Path(site)
    try:
        executable = pagefind_executable()
    except (ImportError, FileNotFoundError) as error:
        return [f"Search index: the Pagefind binary is missing ({error}). "
                "Fix: install the dependencies with '.venv/bin/pip install -e .' (it brings pagefind[bin])"]
    cache = _ShardCache(settings, executable)
    ahead = state.ahead.get("search") if state is not None else None
    published = ahead() if ahead is not None else {}  # shard -> its cache entry's name, in the site already
    shards, record = _indexed_pages(site, cache.known_pages())
    if not shards:  # no page marks its main content: Pagefind indexes whole pages, in one bundle
        _remove(site / BUNDLE)
        return _index_whole_site(site, settings)
    newest_months_apart(shards)
    globs = {name: shard_glob(name, pages) for name, pages in shards.items()}
    if MAIN_SHARD not in shards:  # only news is indexed: the last news shard by name carries the scripts
        newest = max(shards)
        shards[MAIN_SHARD], globs[MAIN_SHARD] = shards.pop(newest), globs.pop(newest)
    entries = {name: cache.use(name, pages) for name, pages in shards.items()}
    _unpublish_outdated(site, published, entries)
    # The kept shards' files (one a page) not published ahead are linked into the site by a
    # forked process while Pagefind indexes the shards that changed.
    kept = {name: entry for name, entry in entries.items() if _ShardCache.is_made(entry)}
    to_link = {name: entry for name, entry in kept.items() if published.get(name) != entry.name}
    linking = _publish_in_background(site, to_link) if to_link else lambda: None
    changed = [name for name in shards if name not in kept]

    def index_shard(name: str) -> str:
        # Published as soon as it is made: its files are linked while Pagefind indexes another shard.
        problem = cache.make(site, settings, name, shards[name], entries[name], globs[name])
        if not problem:
            _publish(entries[name], _bundle(site, name))
        return problem

    try:
        with ThreadPoolExecutor(PARALLEL_SHARDS) as pool:
            problems = [problem for problem in pool.map(index_shard, changed) if problem]
    finally:
        linking()
    if problems:
        return problems[:1]
    merged = sorted(name for name in shards if name)
    _write_shard_list(site, [f"{name}/" for name in merged])
    cache.forget_others()
    cache.remember_pages(record)
    return []


def publish_ahead(site: Path, settings: dict):
    """Before Pelican runs (PostBuildStep.ahead): the shards the cache holds (those of the last
    build that indexed) are put into the new site by a process of its own, while the rebuild
    reads its posts on one core. Returns ``published()``: it waits, and gives each shard's cache
    entry name (``index_site`` takes out those that changed); {} if nothing was put there."""
    root = _ShardCache.root_of(settings)
    entries = {}
    if root is not None and root.is_dir():
        for path in root.iterdir():
            named = ENTRY_NAME.fullmatch(path.name)
            if named and _ShardCache.is_made(path):
                entries["" if named[1] == "main" else named[1]] = path
    if not entries:
        return lambda: {}
    wait = _publish_in_background(site, entries)

    answer: list[dict[str, str]] = []

    def published() -> dict[str, str]:
        if not answer:
            try:
                wait()
                answer.append({name: entry.name for name, entry in entries.items()})
            except OSError:
                _remove(site / BUNDLE)  # whatever got there: index_site puts every shard in place itself
                answer.append({})
        return answer[0]

    return published


def _publish_in_background(site: Path, entries: dict[str, Path]):
    """Every shard's cached files into the site (``_publish``), by a forked process; returns ``wait()``."""
    return background.start(lambda: [_publish(entry, _bundle(site, name)) for name, entry in entries.items()],
                            OSError, "a search file could not be put into the output: ")


def _unpublish_outdated(site: Path, published: dict[str, str], entries: dict[str, Path]) -> None:
    """Take out of the site the shards published ahead that this build does not use as they are."""
    current = {name for name, entry_name in published.items() if name in entries and entries[name].name == entry_name}
    for name in published.keys() - current:
        if name != MAIN_SHARD:
            _remove(_bundle(site, name))
        else:  # the main bundle's files are everything in the bundle folder but the other shards'
            for path in list((site / BUNDLE).iterdir()):
                if path.name not in current:
                    _remove(path)


def _bundle(site: Path, shard: str) -> Path:
    return site / BUNDLE / shard if shard else site / BUNDLE


def _write_shard_list(site: Path, shards: list[str]) -> None:
    # A script the search page loads before search.js, so Pagefind UI starts at once.
    (site / BUNDLE / SHARD_LIST).write_text(f"window.LPRSearchShards = {json.dumps(shards)};\n", encoding="utf-8")


def _indexed_pages(site: Path, known: dict) -> tuple[dict[str, list[tuple[str, str]]], dict]:
    """(relative path, digest) of the HTML pages that mark their main content, by shard, sorted;
    and what was learnt of every page, for the next build.

    ``known`` is that record of the previous build: path -> [*output_stamp, digest or ""]. A page
    the fast build linked from the previous output is the same file, so it is not read again.
    """
    shards: dict[str, list[tuple[str, str]]] = {}
    record: dict[str, list] = {}
    for path, relative, status in _html_files(str(site)):
        stamp = stamps.output_stamp(status)
        previous = known.get(relative)
        if previous is not None and previous[:-1] == stamp:
            digest = previous[-1]
        else:
            with open(path, "rb") as handle:
                data = handle.read()
            indexed = _indexed_part(data)
            digest = stamps.digest(indexed) if indexed is not None else ""
        record[relative] = [*stamp, digest]
        if digest:
            shards.setdefault(shard_of(relative), []).append((relative, digest))
    for pages in shards.values():
        pages.sort()
    return shards, record


def _marks_main_content(data: bytes) -> bool:
    return _main_content_mark(data) != -1


def _main_content_mark(data: bytes) -> int:
    """Where the first element with ``data-pagefind-body`` (BODY_MARK) starts, or -1; looked for
    only from the last ``>`` before each mention of the attribute, not tried at every tag."""
    at = data.find(BODY_ATTRIBUTE)
    while at != -1:
        end = at + len(BODY_ATTRIBUTE) + 1
        mark = BODY_MARK.search(data, data.rfind(b">", 0, at) + 1, end)
        if mark:
            return mark.start()
        at = data.find(BODY_ATTRIBUTE, end - 1)
    return -1


def _indexed_part(data: bytes) -> bytes | None:
    """What Pagefind reads of a page (None: no element marks the main content): the page up to
    the end of the marked element. The links to neighbouring and related posts after it change
    whenever a post is added; a shard whose pages differ only there is not indexed again.

    The end is found by counting the element's tag (its last closing tag, when every opening
    one after the mark is closed); otherwise, or when another mark follows it, the whole page."""
    mark = _main_content_mark(data)
    if mark == -1:
        return None
    tag = ELEMENT_NAME.match(data, mark).group(1)
    same_tag = re.compile(rb"<(/?)" + re.escape(tag) + rb"(?=[\s/>])", re.IGNORECASE)
    opened = closed = 0
    end = len(data)
    for found in same_tag.finditer(data, mark):
        if found.group(1):
            closed += 1
            end = data.find(b">", found.end()) + 1 or len(data)
        else:
            opened += 1
    if opened > closed or data.find(BODY_ATTRIBUTE, end) != -1:
        return data
    return data[:end]


def _html_files(site: str):
    """(path, path relative to the site with "/", stat) of every HTML file but the search
    bundle's, in no particular order (callers sort what they keep): cheaper than os.walk,
    relpath and sorting each folder on a site of many folders of one or two files."""
    pending = [(site, "")]
    while pending:
        folder, relative_folder = pending.pop()
        with os.scandir(folder) as listing:
            for entry in listing:
                if entry.name.endswith(".html") and not entry.is_dir():
                    yield entry.path, relative_folder + entry.name, entry.stat()
                elif entry.is_dir() and not entry.is_symlink() and (relative_folder or entry.name != BUNDLE):
                    pending.append((entry.path, f"{relative_folder}{entry.name}/"))


def _index_whole_site(site: Path, settings: dict) -> list[str]:
    problem = _run_pagefind(pagefind_command(site, settings))
    if problem:
        return [problem]
    _finish_bundle(site / BUNDLE, main=True)
    _write_shard_list(site, [])
    return []


def _run_pagefind(command: list[str]) -> str:
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode == 0:
        return ""
    output = " ".join((completed.stderr + completed.stdout).split())
    return (f"Search index: Pagefind failed with exit code {completed.returncode}: {output}. "
            "Fix: read Pagefind's message above; the site was not published")


def _finish_bundle(bundle: Path, main: bool) -> None:
    if verified.usable("stable-search-index"):
        stabilise(bundle)  # same site, same bytes (see search_stable.py)
    for path in bundle.iterdir():
        if main:
            unused = path.name in UNUSED_BUNDLE_FILES
        else:
            unused = path.name not in SHARD_KEEPS and not (path.name.startswith("pagefind.")
                                                          and path.name.endswith(".pf_meta"))
        if unused:
            _remove(path)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


class _ShardCache:
    """Indexed shards under CACHE_PATH/search/, named by what they were made of."""

    PAGES = "pages-v3.json"  # what _indexed_pages learnt of every page, for the next build

    @staticmethod
    def root_of(settings: dict) -> Path | None:
        return Path(settings["CACHE_PATH"], "search") if settings.get("CACHE_PATH") else None

    def __init__(self, settings: dict, executable: str):
        self.root = self.root_of(settings)
        self.recipe = hashlib.blake2b(digest_size=16)
        self.recipe.update(json.dumps([RECIPE_VERSION, stamps.file_digest(executable), settings.get("SEARCH_PAGEFIND_ARGS", [])]).encode())
        self.used: set[str] = set()
        self._scratch = tempfile.TemporaryDirectory(prefix="lpr-search-") if self.root is None else None

    def known_pages(self) -> dict:
        if self.root is None:
            return {}
        return read_json(self.root / self.PAGES, lambda value: mapping_of(value, row_of(int, int, int, int, str))) or {}

    def remember_pages(self, record: dict) -> None:
        if self.root is None:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        temporary = self.root / f"{self.PAGES}.tmp"
        temporary.write_text(json.dumps(record, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, self.root / self.PAGES)

    def use(self, name: str, pages: list[tuple[str, str]]) -> Path:
        """The folder of the shard made of these pages (named by what it was made of), kept by
        ``forget_others``; ``make`` fills it if it is not made yet."""
        digest = self.recipe.copy()
        digest.update(name.encode() + b"\0")
        for relative, page_digest in pages:
            digest.update(relative.encode("utf-8", "surrogatepass") + b"\0" + page_digest.encode())
        entry = (self.root or Path(self._scratch.name)) / f"{name or 'main'}-{digest.hexdigest()}"
        self.used.add(entry.name)
        return entry

    @staticmethod
    def is_made(entry: Path) -> bool:
        return (entry / "pagefind-entry.json").is_file()

    @staticmethod
    def make(site: Path, settings: dict, name: str, pages: list[tuple[str, str]], entry: Path,
             glob: str | None = None) -> str:
        """Index the shard's pages into ``entry``, the folder ``use`` named; a problem or "".

        With ``glob`` (a half-year shard: its months' folders), Pagefind reads those pages in
        the site itself; it skips pages there that do not mark their main content, as it would
        in a folder of the shard's pages only. Else it reads a folder of links to ``pages``."""
        key, root = entry.name, entry.parent
        root.mkdir(parents=True, exist_ok=True)
        made = root / f"{key}.tmp-{uuid.uuid4().hex}"
        if glob:
            problem = _run_pagefind(pagefind_command(site, settings, made, glob, root=BODY_ROOT))
        else:
            with tempfile.TemporaryDirectory(prefix="pages-", dir=root) as pages_folder:
                for relative, _ in pages:
                    link_or_copy(site / relative, Path(pages_folder, relative))
                problem = _run_pagefind(pagefind_command(Path(pages_folder), settings, made, root=BODY_ROOT))
        if problem:
            shutil.rmtree(made, ignore_errors=True)
            return problem
        _finish_bundle(made, main=name == MAIN_SHARD)
        shutil.rmtree(entry, ignore_errors=True)
        os.replace(made, entry)
        return ""

    def forget_others(self) -> None:
        """Drop the shards this build did not use: the cache holds one site's index, not its history."""
        if self.root is not None and self.root.is_dir():
            for path in self.root.iterdir():
                if path.name not in self.used and path.name != self.PAGES:
                    _remove(path)


def _publish(entry: Path, bundle: Path) -> None:
    """The shard's files into the site, never sharing an inode with the cache (portalbuild.shared.linking)."""
    for folder, _, files in os.walk(entry):
        for name in files:
            source = Path(folder, name)
            publish_cached(source, bundle / source.relative_to(entry))


@dataclass(frozen=True)
class IndexSize:
    """Sizes in bytes of the Pagefind bundle of one built site."""

    pages: int
    total: int
    index: int
    fragments: int
    assets: int
    chunks: int
    largest_chunk: int
    metadata: int

    def summary(self) -> str:
        kib = 1024
        return (f"{self.pages} pages indexed: bundle {self.total / kib:.0f} KiB "
                f"(index {self.index / kib:.0f} KiB in {self.chunks} chunks, the largest "
                f"{self.largest_chunk / kib:.0f} KiB; metadata {self.metadata / kib:.0f} KiB; "
                f"page fragments {self.fragments / kib:.0f} KiB; "
                f"scripts, styles and WebAssembly {self.assets / kib:.0f} KiB)")


def index_size(site: Path) -> IndexSize:
    """What Pagefind wrote; a search loads the metadata, the chunks of its words and a fragment per result."""
    bundle = Path(site) / BUNDLE
    size = {path: path.stat().st_size for path in bundle.rglob("*") if path.is_file()}
    chunks = [n for path, n in size.items() if path.parent.name == "index"]
    fragments = sum(n for path, n in size.items() if path.parent.name == "fragment")
    metadata = sum(n for path, n in size.items() if path.suffix == ".pf_meta" or path.parent.name == "filter")
    index = sum(chunks)
    return IndexSize(pages=_page_count(bundle), total=sum(size.values()), index=index, fragments=fragments,
                     assets=sum(size.values()) - fragments - index - metadata, chunks=len(chunks),
                     largest_chunk=max(chunks, default=0), metadata=metadata)


def _page_count(bundle: Path) -> int:
    """Pages of the main bundle and of every shard merged into it."""
    total = 0
    for entry_path in bundle.rglob("pagefind-entry.json"):
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        total += sum(language["page_count"] for language in entry["languages"].values())
    return total
