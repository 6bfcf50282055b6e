"""The Latgale portal's build, around Pelican: five packages, each importing only those below it.

    commands   the command-line tasks (./invoke build, new, live, editor, check, publish)
       |
    runner     build(): Pelican into a staging folder, post-build steps, the one-step swap
       |   \\
    steps   speed    post-build steps (search, check, compressed copies) | the fast build mode
       |   /
    shared     what plugins may import: errors, settings, front matter, Latvian formats, UI
               strings, site addresses, notices, cache files, the library versions verified

Plugins (plugins/) import only ``portalbuild.shared``. docs/developers.md has the whole map.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
