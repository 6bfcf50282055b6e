"""Production settings: everything from pelicanconf.py, with absolute URLs.

SITEURL comes from the environment variable LPR_SITEURL when it is set, so the
same repository can publish to a test host and to the real one.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403 -- production extends the local settings

SITEURL = os.environ.get("LPR_SITEURL", "https://lpr.gov.lv").rstrip("/")
RELATIVE_URLS = False
# No drafts, no future posts in production, whatever the local settings say.
WITH_FUTURE_DATES = False
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

# The web editor on the published site needs a git host backend (docs/operators.md, "Web editor"),
# for example WEB_EDITOR = {"backend": {"name": "gitlab", "repo": "lpr/portals", …},
# "publish_mode": "editorial_workflow"}; without one the published site has no /admin/.

# --- Publishing (portalbuild/commands/publish.py; docs/operators.md) ---
# On the staging folder, before it replaces the published site: the search index, the
# checks (images, alt texts, internal links), then .gz and .br copies of the text files.
PORTAL_POST_BUILD = ["search", "check", "precompress"]
PRECOMPRESS_TEXT_EXTENSIONS = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv"}
# Brotli's quality by extension: the best (11) for the theme's and the search's styles and
# scripts, loaded on every page and seldom changed; 6 for the thousands of pages, feeds and
# data files (a page's copy about 9 % larger, made 50 times faster: 11 took 17 ms for a
# 17 kB page and 0.3 s for a feed, so a first publish of 10,000 posts spent minutes on it).
PRECOMPRESS_BROTLI_QUALITY = {".css": 11, ".js": 11, ".svg": 11, "*": 6}
# Where `invoke publish` puts the site: a local folder ($LPR_PUBLISH_DIR, else output/),
# or, instead, one of:
#   {"kind": "rsync", "destination": "deploy@lpr.gov.lv:/var/www/lpr/", "ssh": "ssh -p 22"}
#   {"kind": "git", "branch": "gh-pages", "remote": "origin", "cname": "lpr.gov.lv"}
PUBLISH_TARGET = {"kind": "local", "path": os.environ.get("LPR_PUBLISH_DIR") or OUTPUT_PATH}  # noqa: F405
