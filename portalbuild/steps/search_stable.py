"""Make Pagefind's filter index byte-identical between builds of the same site.

Pagefind 1.5.2 writes the word index and the page fragments the same way on
every run, but a filter's values come out of a hash map in random order (its
maintainer says so in Pagefind issue 638), so the filter files, their names,
the metadata file that lists them and pagefind-entry.json change on every
build. That would break the portal's promise that the same input builds the
same bytes, and make every sync upload them again.

``stabilise(bundle)`` sorts the values of each filter (and the list of filters)
the way later Pagefind versions do, then renames each changed file after a
hash of its new content, keeping the names' lengths so that the references
inside the CBOR metadata keep their sizes. The files stay what Pagefind's
browser code reads: gzip of b"pagefind_dcd" followed by CBOR.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

PREFIX = b"pagefind_dcd"
TEXT, ARRAY, MAP, TAG = 3, 4, 5, 6


@dataclass
class Item:
    """One CBOR data item, kept as written: re-encoding an untouched item gives the same bytes."""

    major: int
    head: bytes
    body: bytes = b""
    items: list[Item] = field(default_factory=list)

    def encode(self) -> bytes:
        return self.head + self.body + b"".join(item.encode() for item in self.items)

    @property
    def text(self) -> str | None:
        return self.body.decode("utf-8") if self.major == TEXT else None


def decode(data: bytes, offset: int = 0) -> tuple[Item, int]:
    start = offset
    major, info = data[offset] >> 5, data[offset] & 31
    offset += 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info, 0)
    if info > 27:
        raise ValueError(f"unsupported CBOR item at byte {start}")  # Pagefind writes no indefinite lengths
    argument = int.from_bytes(data[offset:offset + size], "big") if size else info
    offset += size
    head = data[start:offset]
    if major in (2, TEXT):
        return Item(major, head, data[offset:offset + argument]), offset + argument
    count = {ARRAY: argument, MAP: 2 * argument, TAG: 1}.get(major, 0)
    if major == 7 and size:  # floats: their bytes were the argument
        return Item(major, head), offset
    item = Item(major, head)
    for _ in range(count):
        child, offset = decode(data, offset)
        item.items.append(child)
    return item, offset


def read(path: Path) -> Item:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(PREFIX):
        raise ValueError(f"{path} is not a Pagefind index file")
    return decode(data, len(PREFIX))[0]


def write(path: Path, item: Item) -> None:
    path.write_bytes(gzip.compress(PREFIX + item.encode(), compresslevel=9, mtime=0))


def stabilise(bundle: Path) -> None:
    """Sort every filter's values and rename what changed, in one Pagefind bundle folder."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, details in entry["languages"].items():
        details["hash"] = _stabilise_language(bundle, language, details["hash"])
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _stabilise_language(bundle: Path, language: str, meta_hash: str) -> str:
    meta_path = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta = read(meta_path)
    renamed = {}
    for listing in _filter_lists(meta, bundle):
        for filter_entry in listing.items:
            old = filter_entry.items[1].text
            new = _stabilise_filter(bundle / "filter" / f"{old}.pf_filter", language, old)
            filter_entry.items[1].body = new.encode("utf-8")
            renamed[old] = new
        listing.items.sort(key=lambda filter_entry: filter_entry.items[0].body)
    if not renamed:
        return meta_hash
    new_meta_hash = _renamed(meta_hash, language, meta.encode())
    meta_path.unlink()
    write(bundle / f"pagefind.{new_meta_hash}.pf_meta", meta)
    return new_meta_hash


def _filter_lists(meta: Item, bundle: Path) -> list[Item]:
    """The metadata's list of filters: [[name, file hash], …] whose hashes name filter files."""
    found = []
    for item in _walk(meta):
        if item.major == ARRAY and item.items and all(
                child.major == ARRAY and len(child.items) == 2 and child.items[1].text
                and (bundle / "filter" / f"{child.items[1].text}.pf_filter").is_file()
                for child in item.items):
            found.append(item)
    return found


def _stabilise_filter(path: Path, language: str, old: str) -> str:
    index = read(path)
    values = index.items[1]
    values.items.sort(key=lambda value: value.items[0].body)
    new = _renamed(old, language, index.encode())
    path.unlink()
    write(path.with_name(f"{new}.pf_filter"), index)
    return new


def _renamed(old: str, language: str, content: bytes) -> str:
    """A name of the same length as Pagefind's, from the content: ``{language}_{hex}``."""
    digits = len(old) - len(language) - 1
    return f"{language}_{hashlib.sha256(content).hexdigest()[:digits]}"


def _walk(item: Item):
    yield item
    for child in item.items:
        yield from _walk(child)
