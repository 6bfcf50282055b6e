"""Settings over their defaults, read and checked the same way by every plugin and by the build.

A settings dictionary (FEEDS = {…}) is read with ``plugin_options``; separate settings that
share a prefix (PROJECT_CARDS_PATH, PROJECT_CARDS_URL, …) with ``prefixed_options``. An
unknown key or setting (a typo such as 'widht') is logged as an ERROR that names
pelicanconf.py, the field, the unknown key and the fix; the build runner turns every logged
error into a failed build, so a typo never passes silently. ``typed=True`` also refuses a
value of another kind than its default (a True/False default takes only True or False, a
whole-number default only a whole number of 0 or more). ``options_and_problems`` gives the
same messages instead of logging them, for settings the runner checks before Pelican starts.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Mapping

logger = logging.getLogger(__name__)

SETTINGS_FILE = "pelicanconf.py"


def plugin_options(settings: Mapping, name: str, defaults: Mapping, typed: bool = False) -> dict:
    """``settings[name]`` with ``defaults`` filled in; unknown keys are reported and left out."""
    options, problems = options_and_problems(settings, name, defaults, typed)
    for problem in problems:
        logger.error("%s", problem)
    return options


def options_and_problems(settings: Mapping, name: str, defaults: Mapping,
                         typed: bool = False) -> tuple[dict, list[str]]:
    """``plugin_options`` without logging: the options (each bad value replaced by its default)
    and the messages of what was wrong."""
    given = settings.get(name) or {}
    problems = []
    if not isinstance(given, Mapping):
        problems.append(f"{SETTINGS_FILE}: field '{name}': the setting must be a dictionary, not {given!r}. "
                        f"Fix: write {name} = {{…}} with keys from: {', '.join(defaults)}")
        given = {}
    for key in sorted(set(given) - set(defaults), key=str):
        problems.append(f"{SETTINGS_FILE}: field '{name}': unknown key {key!r}. "
                        f"Fix: {did_you_mean(str(key), defaults, 'Known keys')}")
    options = {**defaults, **{key: value for key, value in given.items() if key in defaults}}
    if typed:
        for key, default in defaults.items():
            wrong = _wrong_kind(options[key], default)
            if wrong:
                problems.append(f"{SETTINGS_FILE}: field '{name}[{key!r}]': {options[key]!r} is not {wrong}. "
                                f"Fix: set {name}[{key!r}] to {wrong}, e.g. {default!r}")
                options[key] = default
    return options, problems


def prefixed_options(settings: Mapping, prefix: str, defaults: Mapping) -> dict:
    """The settings named in ``defaults`` (all starting with ``prefix``), defaults filled in for
    those unset or None; a setting with the prefix that ``defaults`` does not name is reported."""
    for name in sorted(key for key in settings if isinstance(key, str) and key.startswith(prefix)):
        if name not in defaults:
            logger.error("%s: field '%s': unknown setting. Fix: %s", SETTINGS_FILE, name,
                         did_you_mean(name, defaults, "Known settings"))
    return {name: default if settings.get(name) is None else settings[name] for name, default in defaults.items()}


def did_you_mean(word: str, known, label: str) -> str:
    """The fix for an unknown name: the closest known one, and all of them."""
    close = difflib.get_close_matches(word, list(known), n=1)
    hint = f"did you mean '{close[0]}'? {label}: " if close else "use one of: "
    return hint + ", ".join(known)


def _wrong_kind(value, default) -> str | None:
    """What ``value`` should be, judged by the kind of its default; None if it is right."""
    if isinstance(default, bool):
        return None if isinstance(value, bool) else "True or False"
    if isinstance(default, int):
        good = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        return None if good else "a whole number of 0 or more"
    return None
