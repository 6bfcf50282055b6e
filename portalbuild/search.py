"""Site search with Pagefind: index a built site, and measure the index.

Pagefind (PyPI ``pagefind[bin]``, which carries the binary) reads the built
HTML, indexes only what the templates mark with ``data-pagefind-body`` (the
article, page, project or report section, never menus or footers) and writes
``pagefind/`` into the site: the index in small chunks, ``pagefind.js`` and the
Pagefind UI. The page /meklet/ (theme/templates/search.html with
theme/static/js/search.js) loads them in the visitor's browser; nothing is
fetched from another host.

Pagefind 1.5 folds diacritics when it indexes (``pasvaldiba`` finds
``pašvaldība``) and matches a query word as a prefix of indexed words. It has
no Latvian stemmer, so search.js cuts the Latvian ending off each query word
(``pašvaldības`` → ``pasvaldib``) and the prefix match finds every form.

Settings read:
    SEARCH_PAGEFIND_ARGS  extra pagefind command-line arguments (default: none)
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from portalbuild.search_stable import stabilise

BUNDLE = "pagefind"
# Pagefind also writes two other search interfaces and a highlighter; the search page uses
# Pagefind UI only, so these are left out of the site (less to compress and to upload).
UNUSED_BUNDLE_FILES = ("pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-modular-ui.js",
                       "pagefind-modular-ui.css", "pagefind-highlight.js")


def pagefind_executable() -> str:
    from pagefind_bin import get_executable

    return str(get_executable())


def pagefind_command(site: Path, settings: dict) -> list[str]:
    return [pagefind_executable(), "--site", str(site), "--output-subdir", BUNDLE, "--quiet",
            *settings.get("SEARCH_PAGEFIND_ARGS", [])]


def index_site(site: Path, settings: dict) -> list[str]:
    """Post-build step ``search``: write the Pagefind index into the site."""
    try:
        command = pagefind_command(site, settings)
    except (ImportError, FileNotFoundError) as error:
        return [f"Search index: the Pagefind binary is missing ({error}). "
                "Fix: install the dependencies with '.venv/bin/pip install -e .' (it brings pagefind[bin])"]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        output = " ".join((completed.stderr + completed.stdout).split())
        return [f"Search index: Pagefind failed with exit code {completed.returncode}: {output}. "
                "Fix: read Pagefind's message above; the site was not published"]
    bundle = Path(site) / BUNDLE
    stabilise(bundle)  # same site, same bytes (see search_stable.py)
    for name in UNUSED_BUNDLE_FILES:
        (bundle / name).unlink(missing_ok=True)
    return []


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
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())
