"""A plugin's state for one build, kept beside the build instead of in its settings dictionary.

A plugin makes its object when Pelican starts (signal ``initialized``) and finds it again
from any generator or content object of that build through their settings, which are
the Pelican instance's own dictionary; the object is let go when the build ends
(``finalized``). Two builds in one process (tests, the live preview) each get their own.

    images = PerBuild(lambda pelican: Run(...))
    signals.initialized.connect(images.start)
    ...  images.of(generator.settings) ...
    signals.finalized.connect(images.end)   # after the plugin's own finalized handlers
"""

from __future__ import annotations

import weakref

from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

T = TypeVar("T")


class PerBuild(Generic[T]):
    def __init__(self, make: Callable[[object], T]):
        self._make = make
        # id(settings) -> (settings, Pelican instance, object): the settings are kept, so
        # their id is not reused while the entry lives.
        self._builds: dict[int, tuple[Mapping, weakref.ref, T]] = {}

    def start(self, pelican) -> T:
        for key in [key for key, entry in self._builds.items() if entry[1]() is None]:
            del self._builds[key]  # a failed build never reached ``end``
        made = self._make(pelican)
        self._builds[id(pelican.settings)] = (pelican.settings, weakref.ref(pelican), made)
        return made

    def of(self, settings: Mapping) -> T | None:
        """The object of the build these settings belong to; None outside a started build."""
        entry = self._builds.get(id(settings))
        return entry[2] if entry is not None and entry[0] is settings else None

    def end(self, pelican) -> T | None:
        entry = self._builds.pop(id(pelican.settings), None)
        return entry[2] if entry is not None else None
