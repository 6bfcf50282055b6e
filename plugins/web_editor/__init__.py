"""web_editor: the web editor at /admin/ (Decap CMS, from the npm package decap-cms).

Adds to the output, when WEB_EDITOR["backend"] is set: admin/index.html (noindex),
admin/config.yml made from the portal's own content model (sections, projects, the news
folder and file names, the image folder, the fields content_guard accepts), the Pelican
file format and the Latvian buttons (static/), and Decap's bundle copied from
node_modules/decap-cms/dist/ (never from a CDN). Without the npm package the build goes on
without the editor and says how to install it. With the step 'precompress' the bundle's
.gz and .br copies come from a cache beside the package (brotli is slow on its megabytes).

Settings read:
    WEB_EDITOR (every key in DEFAULTS, documented in its README.md), PATH, ARTICLE_PATHS,
    PORTAL_CATEGORIES, SITEURL, SITENAME, PORTAL_POST_BUILD,
    RESPONSIVE_IMAGES["max_bytes"] (the largest upload the editor takes).
Reads from the context: ``projects`` (plugin project_cards), the projects a post may name.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import shutil
from pathlib import Path

import yaml
from pelican import signals

from portalbuild.shared.options import plugin_options
from portalbuild.shared.perbuild import PerBuild
from portalbuild.shared.siteaddress import site_addresses

__all__ = ["register", "editor_config", "DEFAULTS"]

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent.parent
SETTING = "WEB_EDITOR"
DEFAULTS = {
    # Decap's backend: None builds no editor. Local: {"name": "proxy", "proxy_url": …,
    # "branch": …} (decap-server, `invoke editor`); production: gitlab, github, forgejo, gitea.
    "backend": None,
    "publish_mode": None,          # "editorial_workflow": draft → in review → ready, then publish
    "path": "admin",               # the editor's folder in the output
    "bundle": str(PROJECT_ROOT / "node_modules" / "decap-cms" / "dist"),
    "repository": None,            # the git repository's root; None: the folder above PATH
    "site_url": None,              # the site the editor links to; None: SITEURL
}
BUNDLE_FILES = ("decap-cms.js", "*.decap-cms.js", "*.wasm", "decap-cms.js.LICENSE.txt")
DATE_FORMAT = "YYYY-MM-DD HH:mm"  # Pelican's 'Date: 2020-08-15 10:00' (dayjs tokens)
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# Latvian commit messages (Decap's default is "Create Ziņa “…”"); a backend may set its own.
COMMIT_MESSAGES = {
    "create": "Jauna ziņa: {{slug}}",
    "update": "Ziņa labota: {{slug}}",
    "delete": "Ziņa dzēsta: {{slug}}",
    "uploadMedia": "Attēls pievienots: {{path}}",
    "deleteMedia": "Attēls dzēsts: {{path}}",
}


def read_options(settings: dict) -> dict:
    return plugin_options(settings, SETTING, DEFAULTS)


# Each build's projects, as project_cards read them, taken once all content is read.
PROJECTS = PerBuild(lambda pelican: [])


def take_projects(generators) -> None:
    projects = PROJECTS.of(generators[0].settings) if generators else None
    if projects is not None:
        projects.extend(generators[0].context.get("projects", ()))


def project_options(projects) -> list[dict]:
    """The projects a post may name, by title."""
    options = [{"label": f"{project.title} ({project.slug})", "value": project.slug} for project in projects]
    return sorted(options, key=lambda option: option["label"].casefold())


def editor_config(settings: dict, options: dict, projects=()) -> dict:
    """Decap's config.yml: only values the build accepts can be chosen."""
    repository = Path(options["repository"] or Path(settings["PATH"]).parent).resolve()
    content = Path(settings["PATH"]).resolve().relative_to(repository).as_posix()
    news = f"{content}/{settings['ARTICLE_PATHS'][0]}"
    config = {
        "backend": {"commit_messages": COMMIT_MESSAGES, **options["backend"]},
        # The Media page lists this folder; a post's uploads go to its year's folder (below).
        "media_folder": f"{content}/images/news",
        "public_folder": "images/news",
        "site_url": options["site_url"] or site_addresses(settings).links or "/",
        "logo_url": "../theme/img/mark.svg",
        "locale": "lv",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [{
            "name": "news",
            "label": "Ziņas",
            "label_singular": "ziņa",
            "description": ("Ziņas portālā. Saglabātā ziņa ir git iesniegums; lapa rodas nākamajā "
                            "būvējumā. Melnraksts netiek publicēts."),
            "folder": news,
            "extension": "md",
            "format": "pelican-markdown",
            "create": True,
            # A leading '/' is the repository's root; without it Decap saves beside the post.
            # The value written is a site path, as content_guard and responsive_images read it.
            "media_folder": f"/{content}/images/news/{{{{year}}}}",
            "public_folder": "images/news/{{year}}",
            "path": "{{year}}/{{month}}-{{day}}-{{slug}}",
            "slug": "{{slug}}",
            "sortable_fields": ["date", "title", "category"],
            "summary": "{{date}} · {{title}}",
            "view_groups": [{"label": "Gads", "field": "date", "pattern": r"\d{4}"}],
            "fields": news_fields(settings, projects),
        }],
    }
    if options["publish_mode"]:
        config["publish_mode"] = options["publish_mode"]
    return config


def image_field(settings: dict) -> dict:
    field = {"name": "image", "label": "Attēls", "widget": "image", "required": False,
             "choose_url": False, "hint": "JPEG (fotogrāfijas) vai PNG (grafikas)."}
    limit = (settings.get("RESPONSIVE_IMAGES") or {}).get("max_bytes")
    if limit:
        # The editor refuses an upload the build would refuse (responsive_images' limit).
        field["media_library"] = {"config": {"max_file_size": int(limit)}}
        field["hint"] = f"JPEG (fotogrāfijas) vai PNG (grafikas), līdz {int(limit) / 1e6:.0f} MB."
    return field


def news_fields(settings: dict, projects=()) -> list[dict]:
    categories = list(settings.get("PORTAL_CATEGORIES") or [])
    projects = project_options(projects)
    fields = [
        {"name": "title", "label": "Virsraksts", "widget": "string"},
        {"name": "date", "label": "Datums un laiks (Rīgas laiks)", "widget": "datetime",
         "format": DATE_FORMAT, "date_format": "YYYY-MM-DD", "time_format": "HH:mm",
         "picker_utc": False, "default": "{{now}}",
         "hint": "Ziņa ar nākotnes datumu tiek publicēta pirmajā būvējumā pēc šī laika."},
        {"name": "category", "label": "Sadaļa", "widget": "select", "options": categories,
         **({"default": categories[0]} if categories else {})},
        {"name": "tags", "label": "Birkas", "widget": "list", "required": False, "default": [],
         "hint": "Atdali ar komatiem, piemēram: Rēzekne, ceļi"},
        {"name": "slug", "label": "Adrese (slug)", "widget": "string", "required": False,
         "pattern": [SLUG_PATTERN, "Tikai mazie latīņu burti bez garumzīmēm, cipari un defises"],
         "hint": "Neobligāti. Tukšs: adresi veido no virsraksta (Reģions → regions)."},
        {"name": "summary", "label": "Kopsavilkums", "widget": "text",
         "hint": "Viens vai divi teikumi sarakstiem un plūsmām."},
        {"name": "projects", "label": "Projekti", "widget": "select", "multiple": True,
         "required": False, "options": projects}
        if projects else None,
        image_field(settings),
        {"name": "image_alt", "label": "Attēla alternatīvais teksts", "widget": "string",
         "required": False, "hint": "Ko attēls rāda (obligāts, ja ir attēls)."},
        {"name": "image_caption", "label": "Attēla paraksts", "widget": "string", "required": False},
        {"name": "author", "label": "Autors", "widget": "string", "required": False},
        # Not required: a post without 'Status:' is published (Pelican's default), as every
        # existing post is; a new post starts as a draft.
        {"name": "status", "label": "Statuss", "widget": "select", "default": "draft",
         "required": False, "hint": "Tukšs: publicēts.",
         "options": [{"label": "Melnraksts (portālā neredzams)", "value": "draft"},
                     {"label": "Publicēta (redzama portālā)", "value": "published"}]},
        {"name": "body", "label": "Teksts (Markdown)", "widget": "markdown",
         # Raw Markdown only: the rich-text mode rewrites the whole text when it saves
         # (escapes, blank lines), so an edited post would change far beyond the edit.
         "modes": ["raw"],
         "hint": "Apakšvirsraksti ar ##. Virsraksts jau ir lapas vienīgais # virsraksts."},
    ]
    return [field for field in fields if field]


# No <head>/</head> tags (HTML lets them out): the live preview's server adds its reload
# script before '</head>', and a reload after each save would restart the editor.
INDEX_HTML = """<!doctype html>
<html lang="lv">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Redaktors · {sitename}</title>
<body>
<script src="decap-cms.js"></script>
<script src="lv.js"></script>
<script src="pelican-format.js"></script>
</body>
</html>
"""


def bundle_files(bundle: Path) -> list[Path]:
    found = {path for pattern in BUNDLE_FILES for path in bundle.glob(pattern)}
    return sorted(found)


def write_editor(pelican) -> None:
    settings = pelican.settings
    projects = PROJECTS.end(pelican) or []
    options = read_options(settings)
    if not options["backend"]:
        return
    bundle = Path(options["bundle"])
    if not (bundle / "decap-cms.js").is_file():
        logger.warning("The web editor (/%s/) is not built: the npm package decap-cms is not "
                       "installed (%s). Fix: run 'npm ci --ignore-scripts' in the repository",
                       options["path"], bundle)
        return
    target = Path(pelican.output_path, options["path"])
    target.mkdir(parents=True, exist_ok=True)
    precompress = "precompress" in (settings.get("PORTAL_POST_BUILD") or [])
    for source in bundle_files(bundle):
        shutil.copy2(source, target / source.name)
        if precompress and source.name == "decap-cms.js":
            _copy_precompressed(source, target)
    for name in ("pelican-format.js", "lv.js"):
        shutil.copy2(HERE / "static" / name, target / name)
    (target / "index.html").write_text(INDEX_HTML.format(sitename=settings.get("SITENAME", "")),
                                       encoding="utf-8")
    (target / "config.yml").write_text(
        "# Made by plugins/web_editor from the portal's settings and content; edit those, not this.\n"
        + yaml.safe_dump(editor_config(settings, options, projects), allow_unicode=True, sort_keys=False,
                         width=100),
        encoding="utf-8")


def _copy_precompressed(source: Path, target: Path) -> None:
    """The bundle's .gz and .br copies, made once per bundle version in node_modules/.cache."""
    import brotli

    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    cache = source.parent.parent.parent / ".cache" / "lpr-web-editor" / digest
    for suffix, compress in ((".gz", lambda data: gzip.compress(data, 9, mtime=0)),
                             (".br", lambda data: brotli.compress(data, quality=11))):
        cached = cache / (source.name + suffix)
        if not cached.is_file():
            cache.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_name(cached.name + f".{os.getpid()}.tmp")
            temporary.write_bytes(compress(source.read_bytes()))
            os.replace(temporary, cached)
        shutil.copy2(cached, target / cached.name)


def register():
    signals.initialized.connect(PROJECTS.start)
    signals.all_generators_finalized.connect(take_projects)
    signals.finalized.connect(write_editor)
