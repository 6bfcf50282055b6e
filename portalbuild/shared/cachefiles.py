"""Read back a file the previous build left in the cache; a damaged one is discarded with a notice.

A cache only saves time, so a file there that cannot be read, or holds something
of another shape (cut short by a full disk, edited by hand, written by another
version), must never stop the build: it is logged as one WARNING line naming the
file, deleted, and the build goes on as if it were missing (and saves a new one).
A missing file is simply a cold cache, without a word.

Used by the read cache (portalbuild.speed.reading), the page manifest
(portalbuild.speed.incremental), the search index's page record (portalbuild.steps.search),
the image cache's index (plugins/responsive_images) and the content checks' record
(plugins/content_guard and plugins/content_safety, through portalbuild.shared.passed). Reads no settings.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
from collections.abc import Callable

from portalbuild.shared.errors import display_path

logger = logging.getLogger(__name__)


def read_json(path: str | os.PathLike, valid: Callable[[object], bool]):
    """The JSON value in ``path`` if ``valid(value)``; None if the file is missing or was discarded."""
    try:
        with open(path, encoding="utf-8") as handle:
            value = json.load(handle)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return discard(path, f"{type(error).__name__}: {error}")
    return value if valid(value) else discard(path, "not the shape this build writes")


def read_pickle(path: str | os.PathLike, valid: Callable[[object], bool]):
    """The pickled value in ``path`` if ``valid(value)``; None if the file is missing or was discarded."""
    try:
        with open(path, "rb") as handle:
            value = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as error:  # noqa: BLE001 -- unpickling damaged bytes can raise nearly anything
        return discard(path, f"{type(error).__name__}: {error}")
    return value if valid(value) else discard(path, "not the shape this build writes")


def discard(path: str | os.PathLike, why: str) -> None:
    logger.warning("%s: the cache file is damaged (%s); it was deleted and this build makes it again",
                   display_path(path), why[:200])
    try:
        os.unlink(path)
    except OSError:
        pass  # the build's own save replaces it
    return None


# --- shapes ------------------------------------------------------------------

def mapping_of(value, valid_item: Callable[[object], bool]) -> bool:
    """A dict with text keys whose every value passes ``valid_item``."""
    return isinstance(value, dict) and all(isinstance(key, str) and valid_item(item) for key, item in value.items())


def row_of(*kinds: type) -> Callable[[object], bool]:
    """A list (or tuple) of exactly these kinds, in this order (bool is not taken for int)."""
    def valid(value) -> bool:
        return (isinstance(value, (list, tuple)) and len(value) == len(kinds)
                and all(isinstance(item, kind) and not (kind is int and isinstance(item, bool))
                        for item, kind in zip(value, kinds)))
    return valid
