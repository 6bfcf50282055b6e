"""The PR specialist's tools: a new-post scaffold (`invoke new`) and a live preview (`invoke live`).

``new_post`` writes ``content/news/<year>/<MM>-<DD>-<slug>.md`` with the front matter the
portal expects and ``Status: draft``: nothing is published by mistake.

``live`` builds the site with drafts and future posts into a temporary folder that is never
published, serves it on 127.0.0.1, and rebuilds and reloads the browser when a file under
content/ or theme/ changes (livereload; its script goes only into the pages it serves). A
failed rebuild keeps the last good preview and shows the problems at the top of every page
(portalbuild/commands/preview_site.py).

Settings read: PATH, ARTICLE_PATHS, PORTAL_CATEGORIES, TIMEZONE,
SLUG_REGEX_SUBSTITUTIONS, ARTICLE_URL/ARTICLE_SAVE_AS, PAGE_URL/PAGE_SAVE_AS.
"""

from __future__ import annotations

import contextlib
import datetime
import signal
import socket
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from portalbuild import ROOT
from portalbuild.runner import BuildFailed, build, load_settings
from portalbuild.shared.errors import display_path
from portalbuild.commands.preview_site import PreviewSite

SETTINGS = ROOT / "pelicanconf.py"


class AuthoringError(Exception):
    """A mistake in how a tool was called; the message says how to call it right."""


# --- invoke new --------------------------------------------------------------

@dataclass(frozen=True)
class NewPost:
    path: Path
    url: str
    category: str


def new_post(title: str, category: str | None = None, tags: str | Iterable[str] | None = None,
             projects: str | Iterable[str] | None = None, settings: dict | None = None,
             now: datetime.datetime | None = None) -> NewPost:
    """Write a draft post; refuse to overwrite an existing file."""
    settings = settings or load_settings(SETTINGS)
    title = " ".join(title.split())
    if not title:
        raise AuthoringError("The title is empty. Fix: give the title in quotes: ./invoke new \"Virsraksts\"")
    category = choose_category(category, settings.get("PORTAL_CATEGORIES") or [])
    tags, projects = listed_tags(tags), _listed(projects)
    unknown = [slug for slug in projects if slug not in known_projects(settings)]
    if unknown:
        raise AuthoringError(f"{', '.join(map(repr, unknown))} is not a project of the portal. Fix: use the "
                             f"file name of one in {display_path(_projects_folder(settings))}/: "
                             f"{', '.join(known_projects(settings)) or '(none yet)'}")
    now = (now or datetime.datetime.now(datetime.UTC)).astimezone(ZoneInfo(settings["TIMEZONE"]))
    slug = post_slug(title, settings)
    path = Path(settings["PATH"]) / settings["ARTICLE_PATHS"][0] / f"{now:%Y}" / f"{now:%m-%d}-{slug}.md"
    if path.exists():
        raise AuthoringError(f"{display_path(path)} already exists. Fix: choose another title, "
                             "or open that file and edit it")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(front_matter(title, now, category, tags, projects, slug), encoding="utf-8")
    return NewPost(path, settings["ARTICLE_URL"].format(date=now, slug=slug), category)


def front_matter(title: str, date: datetime.datetime, category: str, tags: list[str],
                 projects: list[str], slug: str) -> str:
    lines = [f"Title: {title}", f"Date: {date:%Y-%m-%d %H:%M}", f"Category: {category}"]
    if tags:
        lines.append(f"Tags: {', '.join(tags)}")
    if projects:
        lines.append(f"Projects: {', '.join(projects)}")
    lines += [f"Slug: {slug}", "Status: draft"]
    return "\n".join(lines) + "\n\n"


def post_slug(title: str, settings: dict) -> str:
    """The ASCII slug Pelican would make from the title (`Reģions` → `regions`)."""
    from pelican.utils import slugify

    slug = slugify(title, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"], use_unicode=False)
    if not slug:
        raise AuthoringError(f"No address can be made from the title {title!r}. "
                             "Fix: use a title with letters or digits")
    return slug


def choose_category(given: str | None, allowed: list[str]) -> str:
    """The portal category meant by ``given``: exact, any case, or without diacritics."""
    if not given:
        return allowed[0] if allowed else ""
    wanted = _fold(given)
    for category in allowed:
        if _fold(category) == wanted:
            return category
    raise AuthoringError(f"{given!r} is not one of the portal's categories. "
                         f"Fix: use one of: {', '.join(allowed)}")


def _fold(text: str) -> str:
    from pelican.utils import slugify

    return slugify(text, regex_subs=[(r"[^\w]+", "")])


def known_projects(settings: dict) -> list[str]:
    """The project slugs a post may name: the file names in content/projects/ (plugins/project_cards)."""
    folder = _projects_folder(settings)
    return sorted(path.stem for path in folder.glob("*.md")) if folder.is_dir() else []


def _projects_folder(settings: dict) -> Path:
    return Path(settings["PATH"]) / settings.get("PROJECT_CARDS_PATH", "projects")


def listed_tags(values: str | Iterable[str] | None) -> list[str]:
    """Tags given as 'a, b' (or 'a; b'); a tag with no letter or digit is refused."""
    if isinstance(values, str):
        values = values.replace(";", ",")
    tags = _listed(values)
    for tag in tags:
        if not any(character.isalnum() for character in tag):
            raise AuthoringError(f"The tag {tag!r} has no letter or digit. Fix: give the tags as words "
                                 "separated by commas: --tags \"Rēzekne, ceļi\"")
    return tags


def _listed(values: str | Iterable[str] | None) -> list[str]:
    if not values:
        return []
    if isinstance(values, str):
        values = values.split(",")
    return [value.strip() for value in values if value.strip()]


def cli_new(title: str, category: str | None = None, tags: str | None = None,
            projects: str | None = None, port: int = 8000) -> int:
    settings = load_settings(SETTINGS)
    try:
        post = new_post(title, category, tags, projects, settings=settings)
    except AuthoringError as error:
        print(error, file=sys.stderr)
        return 1
    print(display_path(post.path))
    if not category:
        print(f"Category: {post.category} (change it in the file, or use --category: "
              f"{', '.join(settings['PORTAL_CATEGORIES'])})", file=sys.stderr)
    print(f"Preview it with './invoke live' at http://127.0.0.1:{port}/{post.url}", file=sys.stderr)
    return 0


# --- invoke live -------------------------------------------------------------

def preview_overrides(settings: dict) -> dict:
    """Settings that show drafts (at the URL they will have) and future posts."""
    return {
        "WITH_FUTURE_DATES": True,
        "DRAFT_URL": settings["ARTICLE_URL"],
        "DRAFT_SAVE_AS": settings["ARTICLE_SAVE_AS"],
        "DRAFT_LANG_URL": settings["ARTICLE_LANG_URL"],
        "DRAFT_LANG_SAVE_AS": settings["ARTICLE_LANG_SAVE_AS"],
        "DRAFT_PAGE_URL": settings["PAGE_URL"],
        "DRAFT_PAGE_SAVE_AS": settings["PAGE_SAVE_AS"],
        "DRAFT_PAGE_LANG_URL": settings["PAGE_LANG_URL"],
        "DRAFT_PAGE_LANG_SAVE_AS": settings["PAGE_LANG_SAVE_AS"],
    }


class Preview:
    """Builds the preview into one folder; ``rebuild`` is what the watcher calls."""

    def __init__(self, output: Path, settings_file: Path = SETTINGS, overrides: dict | None = None):
        self.output = Path(output)
        self.settings_file = settings_file
        base = load_settings(settings_file, overrides)
        self.overrides = {**(overrides or {}), **preview_overrides(base),
                          "CACHE_PATH": str(self.output.parent / "cache")}
        self.site = PreviewSite(self.output)  # what the browser gets, with the last rebuild's problems

    def rebuild(self, *changed) -> bool:
        try:
            result = build(self.settings_file, output=self.output, overrides=self.overrides)
        except BuildFailed as failure:
            failure.report("Preview not updated;")
            self.site.problems = failure.messages
            return False
        self.site.problems = []
        print(f"Preview rebuilt: {datetime.datetime.now():%H:%M:%S}")
        result.report_notices()
        return True


def live(port: int = 8000, settings_file: Path = SETTINGS, overrides: dict | None = None) -> None:
    """Serve a live preview on http://127.0.0.1:<port>/ until Ctrl+C (or SIGTERM)."""
    from portalbuild.commands.preview_site import preview_server

    refuse_a_busy_port(port)
    settings = load_settings(settings_file, overrides)
    with tempfile.TemporaryDirectory(prefix="lpr-live-", ignore_cleanup_errors=True) as temporary, \
            _sigterm_stops_the_preview():
        # The preview's feeds link to the pages of this preview (portalbuild/shared/siteaddress.py).
        preview = Preview(Path(temporary) / "site", settings_file,
                          {"PREVIEW_SITEURL": f"http://127.0.0.1:{port}", **(overrides or {})})
        preview.rebuild()
        server = preview_server(preview.site)
        for folder in (settings["PATH"], settings["THEME"]):
            server.watch(str(folder), lambda *changed: _reload_pages_after(preview.rebuild), delay=0.5)
        print(f"Live preview of drafts and future posts: http://127.0.0.1:{port}/ (Ctrl+C stops it)", flush=True)
        server.serve(port=port, host="127.0.0.1", debug=False, open_url_delay=None)


def _reload_pages_after(rebuild) -> None:
    """Rebuild, then reload every open page, whether the rebuild passed or not.

    livereload drops a reload that comes within 3 s of the previous one (its guard against
    many files saved at once), though the rebuild has run: a second save soon after the
    first, or the first soon after the start, would leave the browser on the old page.
    Reloading here also moves livereload's own reload time, so the page reloads once."""
    from livereload.handlers import LiveReloadHandler

    rebuild()
    LiveReloadHandler.reload_waiters()


def refuse_a_busy_port(port: int) -> None:
    """Raise AuthoringError when another program listens on the port, before anything is built."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds it
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            raise AuthoringError(f"The preview cannot use port {port} ({error.strerror}): another program "
                                 "uses it, perhaps a preview already running. Fix: open that one, or choose "
                                 "another port, for example './invoke live --port 8001'") from None


@contextlib.contextmanager
def _sigterm_stops_the_preview():
    """SIGTERM and SIGHUP (a stopped service, a closed terminal) end the preview like Ctrl+C, so
    that the temporary folder is removed; Python's default would end the process on the spot."""
    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = {number: signal.signal(number, stop) for number in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    except KeyboardInterrupt:
        pass
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def cli_live(port: int = 8000, settings_file: Path = SETTINGS) -> int:
    try:
        live(port=port, settings_file=settings_file)
    except AuthoringError as error:
        print(error, file=sys.stderr)
        return 1
    return 0
