"""Compiled templates kept between builds: a Jinja FileSystemBytecodeCache in
CACHE_PATH/templates/, given to every generator's environment through Pelican's
JINJA_ENVIRONMENT setting.

Each build makes new Jinja environments, so without it every build compiled the theme's
templates again, once per generator that uses them. Jinja checks a kept template against
its source text; everything else that goes into compiled code names the cache's folder:
the Jinja and MarkupSafe versions, the environment's options, and the plugins' code (the
compiler runs a filter given constant arguments, so a filter's code is in its output).
Folders of other keys are removed; a cache that cannot be written only costs compiling.

Settings read: JINJA_ENVIRONMENT, CACHE_PATH, PLUGIN_PATHS.
"""

from __future__ import annotations

import hashlib
import shutil
from importlib import metadata
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from portalbuild.shared import stamps

FOLDER = "templates"


class KeptTemplates(FileSystemBytecodeCache):
    """Jinja's file cache, but a template it cannot write is only compiled again next time."""

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass  # a full disk, a read-only or removed folder: the build goes on


def keep_compiled_templates(pelican) -> None:
    """Receiver of ``initialized``: the generators, made after it, get the cache."""
    settings = pelican.settings
    options = settings.get("JINJA_ENVIRONMENT") or {}
    if "bytecode_cache" in options or not settings.get("CACHE_PATH"):
        return  # the site chose its own cache, or keeps none
    parent = Path(settings["CACHE_PATH"]) / FOLDER
    folder = parent / compiled_code_key(options, settings.get("PLUGIN_PATHS") or [])
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for other in parent.iterdir():
            if other != folder:
                shutil.rmtree(other, ignore_errors=True)
    except OSError:
        return
    # A new dictionary: the settings module's own may be shared by other builds in the process.
    settings["JINJA_ENVIRONMENT"] = {**options, "bytecode_cache": KeptTemplates(str(folder))}


def compiled_code_key(options: dict, plugin_paths: list) -> str:
    digest = hashlib.blake2b(digest_size=8)
    for package in ("jinja2", "markupsafe"):
        digest.update(f"{package}={metadata.version(package)};".encode())
    digest.update(stamps.stable_repr(sorted(options.items())).encode())
    for folder in plugin_paths:
        digest.update(stamps.tree_digest(folder).encode())
    return digest.hexdigest()
