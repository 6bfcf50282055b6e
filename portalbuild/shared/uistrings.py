"""The theme's UI strings (theme/strings.yaml), read once per file change, for any plugin.

Settings read: UI_STRINGS_FILE (default THEME/strings.yaml), DEFAULT_LANG.
"""

from __future__ import annotations

import os

import yaml

from portalbuild.shared.errors import ContentError, ContentProblem

_cache: dict[tuple[str, float], dict] = {}


def strings_file(settings: dict) -> str:
    return settings.get("UI_STRINGS_FILE") or os.path.join(settings["THEME"], "strings.yaml")


def load_ui_strings(settings: dict, required: tuple[str, ...] = ()) -> dict:
    """The strings of the site's language; a missing language or required key stops the build."""
    path = strings_file(settings)
    key = (path, os.path.getmtime(path))
    if key not in _cache:
        with open(path, encoding="utf-8") as handle:
            # The C loader when PyYAML has it: the pure-Python one takes a tenth of a second.
            _cache[key] = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    language = settings.get("DEFAULT_LANG", "lv")
    strings = _cache[key].get(language)
    if strings is None:
        raise ContentError([ContentProblem(path, f"there are no UI strings for language {language!r}",
                                           f"add a '{language}:' block to the strings file")])
    missing = [name for name in required if name not in strings]
    if missing:
        raise ContentError([ContentProblem(path, f"the '{language}:' block has no {', '.join(missing)}",
                                           "add the missing keys (see the other languages)")])
    return strings
