"""Put a file that a cache keeps into the output: a hard link where possible, else a copy.

Shared by the image cache (plugins/responsive_images) and the search shards
(portalbuild/search.py): both publish thousands of unchanged files on every build,
and a link costs no bytes and no copying. Reads no settings.
"""

from __future__ import annotations

import os
import shutil


def link_or_copy(source: str | os.PathLike, destination: str | os.PathLike) -> None:
    """``destination`` becomes ``source`` (its folder made, an older file there replaced)."""
    # The link is tried first: in a new build's folder it usually just works (one system
    # call), where checking the folder and the file first would cost three more.
    try:
        os.link(source, destination)
        return
    except FileExistsError:
        os.unlink(destination)  # not written into: it may be a link to another build's file
    except FileNotFoundError:
        os.makedirs(os.path.dirname(destination), exist_ok=True)
    except OSError:
        pass
    try:
        os.link(source, destination)
    except OSError:  # another file system, or links not allowed (a missing source: copyfile says so)
        shutil.copyfile(source, destination)
