"""Production settings: everything from pelicanconf.py, with absolute URLs.

SITEURL comes from the environment variable LPR_SITEURL when it is set, so the
same repository can publish to a test host and to the real one.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: E402,F403 -- production extends the local settings

SITEURL = os.environ.get("LPR_SITEURL", "https://lpr.gov.lv").rstrip("/")
RELATIVE_URLS = False
# No drafts, no future posts in production, whatever the local settings say.
WITH_FUTURE_DATES = False
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
