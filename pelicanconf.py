"""Settings of the Latgale portal for local builds.

URLs follow the portal's scheme (docs/developers.md): Latvian at the root, ASCII paths, every
page saved as `{path}/index.html` so that URLs end in a slash and stay cool.
publishconf.py imports these and changes only what production needs.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent

SITENAME = "Latgales plānošanas reģions"
SITE_SHORTNAME = "LPR"
SITE_DESCRIPTION = (
    "Latgales plānošanas reģiona ziņas, projekti, publiskie pārskati un atvērtie dati."
)
SITEURL = ""
RELATIVE_URLS = False
# The address pages are known by (canonical links, og:url) in local builds, where
# SITEURL is empty so that the preview works on any host; production uses SITEURL.
CANONICAL_SITEURL = "https://lpr.gov.lv"
# Where a local build is viewed (`invoke live`): the base of the links inside local feeds.
# What each address is used for: portalbuild/shared/siteaddress.py.
PREVIEW_SITEURL = "http://127.0.0.1:8000"

PATH = str(ROOT / "content")
OUTPUT_PATH = str(ROOT / "output")
THEME = str(ROOT / "theme")

TIMEZONE = "Europe/Riga"
DEFAULT_LANG = "lv"
# Dates are formatted with Babel by the theme (filter `lv_date`), never by the
# operating system's locale, which servers rarely have for Latvian.
LOCALE = ("C.UTF-8", "C")
DEFAULT_DATE_FORMAT = "%Y-%m-%d"

# --- Content -----------------------------------------------------------------
ARTICLE_PATHS = ["news"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra"]
# content/data/ (indicator datasets) and content/reports/ (annual reports) have their own
# plugins; Pelican's article and page generators must never read them.
ARTICLE_EXCLUDES = ["data", "reports"]
PAGE_EXCLUDES = ["data", "reports"]
EXTRA_PATH_METADATA = {}
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = ""
DEFAULT_PAGINATION = 10
DEFAULT_ORPHANS = 0  # no effect: the front page of a list takes the rest (plugins/stable_pagination)

# The portal's sections. A post whose Category is not one of these stops the
# build (plugin content_guard), so a typo cannot create a stray section.
PORTAL_CATEGORIES = [
    "Reģiona attīstība",
    "Uzņēmējdarbība",
    "Projekti",
    "Pārvalde",
    "Kultūra un sabiedrība",
    "Transports",
]

# First path segments the portal's own pages use; a page may not take them as its Slug.
PORTAL_RESERVED_SLUGS = ["zinas", "projekti", "parskati", "dati", "feeds", "kategorija", "birka",
                         "meklet", "lapa", "pagefind", "theme", "images", "en"]

# Posts dated in the future are held back until the first build after their date;
# drafts are never written to the published site.
WITH_FUTURE_DATES = False
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""

# --- URLs --------------------------------------------------------------
ARTICLE_URL = "zinas/{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
ARTICLE_LANG_URL = "en/zinas/{date:%Y}/{date:%m}/{slug}/"
ARTICLE_LANG_SAVE_AS = ARTICLE_LANG_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
PAGE_LANG_URL = "en/{slug}/"
PAGE_LANG_SAVE_AS = PAGE_LANG_URL + "index.html"
CATEGORY_URL = "kategorija/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
TAG_URL = "birka/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
YEAR_ARCHIVE_URL = "zinas/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
CATEGORIES_URL = "kategorija/"
CATEGORIES_SAVE_AS = CATEGORIES_URL + "index.html"
TAGS_URL = "birka/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
# The home page (template home.html) is the region's front door: the newest news with
# their images, the sections, projects, the annual report and the data. The news list
# itself (template index.html, newest first, paginated) is /zinas/, its pages
# /zinas/lapa/{n}/; its year and section links replace Pelican's archives page.
DIRECT_TEMPLATES = ["home", "index", "categories", "tags", "404"]
PAGINATED_TEMPLATES = {"index": None, "category": None, "tag": None, "period_archives": None}
TEMPLATE_PAGES = {}
HOME_URL = ""
HOME_SAVE_AS = "index.html"
INDEX_URL = "zinas/"
INDEX_SAVE_AS = INDEX_URL + "index.html"
ARCHIVES_SAVE_AS = ""
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/lapa/{number}/", "{base_name}/lapa/{number}/index.html"),
)
SLUGIFY_SOURCE = "title"

# --- Templates -----------------------------------------------------------------
# Every value a template shows is HTML-escaped unless it is marked as HTML: a
# content's body (`|safe` in the theme) or a plugin's Markup. An author's '<' or
# '&' in a title, tag or caption is shown as typed, and never runs as markup.
# auto_reload off: every build makes new Jinja environments, so a template is read once per
# build anyway, and Jinja would otherwise stat its file at every include and import of every page.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "autoescape": True,
                     "auto_reload": False}

# --- Feeds: Pelican's built-in feeds are off; the feeds plugin writes ours. ---
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
# The feeds plugin: every key and its default in plugins/feeds/README.md.
FEEDS = {
    "items": 30,  # newest items per feed
    "id_authority": "lpr.gov.lv",  # tag: ids of items and feeds; never change once published
    "id_date": "2020",
}

# --- Markdown ---------------------------------------------------------------
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.sane_lists": {},
        "markdown.extensions.smarty": {"smart_quotes": False},
    },
    "output_format": "html5",
}

# --- Plugins (listed explicitly; each is a package under plugins/) ----------
PLUGIN_PATHS = [str(ROOT / "plugins")]
PLUGINS = [
    "content_guard",
    "content_safety",
    "unpublished",
    "field_links",
    "lv_theme",
    "stable_pagination",
    "lv_markdown",
    "feeds",
    "project_cards",
    "news_navigation",
    "indicator_tables",
    "reports",
    "responsive_images",
    "html_finishing",
    "social_meta",
    "site_files",
    "sitemap",
    "web_editor",
]

# The project_cards plugin: project pages from content/projects/ (plugins/project_cards/README.md).
# Every PROJECT_CARDS_* setting has a default in plugins/project_cards/config.py;
# PROJECT_CARDS_TODAY (a date, 'YYYY-MM-DD') fixes the day that decides a project's status.
PROJECT_CARDS_PATH = "projects"

# indicator_tables: datasets in content/data/ -> tables, charts, /dati/{id}.csv|json, /dati/.
# reports: content/reports/{year}/ -> /parskati/, /parskati/{year}/, /parskati/{year}/{slug}/.
# Every key and its default: plugins/indicator_tables/README.md, plugins/reports/README.md.
INDICATOR_TABLES = {"path": "data", "output_dir": "dati"}
REPORTS = {"path": "reports", "index_url": "parskati/", "report_url": "parskati/{year}/",
           "section_url": "parskati/{year}/{slug}/"}

# --- Images, HTML finishing, discoverability. Every key and its default: plugins/<name>/README.md
# (from config.DEFAULTS / DEFAULTS).
RESPONSIVE_IMAGES = {
    "widths": [480, 800, 1200],
    "max_bytes": 12 * 1024 * 1024,  # a larger image stops the build
}
HTML_FINISHING = {"toc_min_headings": 4}
SOCIAL_META = {"locale": "lv_LV", "twitter_site": "@LatgalesRegions", "theme_color": "#1f5f3a"}
SITE_FILES = {"robots_disallow": []}
# pelican-sitemap: every public page; the 404 page and the empty search page stay out.
SITEMAP = {
    "format": "xml",
    "exclude": [r"^404\.html$", r"^meklet/"],
    "changefreqs": {"articles": "monthly", "pages": "monthly", "indexes": "daily"},
    "priorities": {"articles": 0.6, "pages": 0.5, "indexes": 0.4},
}

# The web editor at /admin/ (plugins/web_editor/README.md; docs/operators.md, "Web editor"): built only with a
# backend. `invoke editor` sets one (decap-server on this repository) for its preview;
# publishconf.py may set a git host's.
WEB_EDITOR = {"backend": None}

# --- Region requisites shown in the footer (from the 2020 public report) ----
ORGANISATION = {
    "name": "Latgales plānošanas reģions",
    "street": "Atbrīvošanas aleja 95",
    "city": "Rēzekne",
    "postcode": "LV-4601",
    "country": "LV",
    "email": "pasts@lpr.gov.lv",
    "phone": "+371 29494921",
    "registration_code": "90002181025",
}
SOCIAL_ACCOUNTS = [
    ("Facebook", "https://www.facebook.com/latgales.regions"),
    ("X (Twitter) @LatgalesRegions", "https://twitter.com/LatgalesRegions"),
    ("YouTube", "https://www.youtube.com/user/LatgalesRegions"),
    ("Instagram", "https://www.instagram.com/latgalesplanosanasregions/"),
]

# Header navigation: (label, URL path relative to SITEURL).
MAIN_MENU = [
    ("Ziņas", "zinas/"),
    ("Projekti", "projekti/"),
    ("Pārskati", "parskati/"),
    ("Dati", "dati/"),
    ("Par reģionu", "par-regionu/"),
    ("Kontakti", "kontakti/"),
]
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False

CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False
# Links on this site's own host that the web server answers without this build (for
# example redirects of the old portal's addresses): URL prefixes the link check skips,
# in `invoke check` as in `invoke publish`.
LINK_CHECK_IGNORE = []
OUTPUT_RETENTION = []

# --- Search and post-build steps (portalbuild/steps/search.py, portalbuild/steps/__init__.py) ---
# /meklet/: the Pagefind search page (theme/templates/search.html).
DIRECT_TEMPLATES = [*DIRECT_TEMPLATES, "search"]
SEARCH_URL = "meklet/"
SEARCH_SAVE_AS = SEARCH_URL + "index.html"
# Run on the staging folder after Pelican, before it replaces the output; publishconf.py
# adds the checks and the precompressed copies.
PORTAL_POST_BUILD = ["search"]
