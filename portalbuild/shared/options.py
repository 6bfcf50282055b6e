"""A plugin's settings dictionary over its defaults, read the same way by every plugin.

An unknown key (a typo such as 'widht') is logged as an ERROR that names
pelicanconf.py, the setting and the known keys; the build runner turns every
logged error into a failed build, so a typo never passes silently.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Mapping

logger = logging.getLogger(__name__)


def plugin_options(settings: Mapping, name: str, defaults: Mapping) -> dict:
    """``settings[name]`` with ``defaults`` filled in; unknown keys are reported and left out."""
    given = settings.get(name) or {}
    if not isinstance(given, Mapping):
        logger.error("pelicanconf.py: field '%s': the setting must be a dictionary, not %r. "
                     "Fix: write %s = {…} with keys from: %s", name, given, name, ", ".join(defaults))
        given = {}
    for key in sorted(set(given) - set(defaults)):
        close = difflib.get_close_matches(str(key), list(defaults), n=1)
        hint = f"did you mean '{close[0]}'? Known keys: " if close else "use one of: "
        logger.error("pelicanconf.py: field '%s': unknown key %r. Fix: %s%s",
                     name, key, hint, ", ".join(defaults))
    return {**defaults, **{key: value for key, value in given.items() if key in defaults}}
