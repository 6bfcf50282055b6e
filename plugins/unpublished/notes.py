"""What a build leaves unpublished: drafts, scheduled posts, and files no reader takes."""

from __future__ import annotations

import datetime
import fnmatch
import os
from pathlib import PurePosixPath

from pelican.contents import Article

from portalbuild.shared.notices import add_notices
from portalbuild.shared.errors import ContentError, ContentProblem, display_path
from portalbuild.shared.frontmatter import field_lines
from portalbuild.shared.markdownfiles import MARKDOWN_SUFFIXES as MARKDOWN

DATA = (".yaml", ".yml")
HEADLINE = "Not published"
ARTICLE_KINDS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles",
                 "hidden_translations")
WRITTEN_KINDS = (*ARTICLE_KINDS, "pages", "hidden_pages", "draft_pages")


def note_unpublished(generators) -> None:
    settings = generators[0].settings
    context = generators[0].context
    extensions = {extension.lower() for extension in generators[0].readers.extensions}
    drafts, scheduled, clashes = _drafts_and_scheduled(generators, settings)
    add_notices(HEADLINE, drafts + scheduled + unread_files(settings, context, extensions))
    if clashes:
        raise ContentError(clashes)


def _drafts_and_scheduled(generators, settings: dict):
    now = datetime.datetime.now(datetime.UTC)
    drafts, scheduled, future = [], [], []
    for content in _contents(generators):
        raw_status = str(content.metadata.get("status", "")).strip()
        if raw_status.lower() == "draft":
            drafts.append(_draft_note(content, raw_status))
        elif _is_article(content) and content.date.tzinfo and content.date > now:
            scheduled.append(_scheduled_note(content))
            future.append(content)
    return sorted(drafts), sorted(scheduled), _scheduled_clashes(generators, future, settings)


def _contents(generators):
    seen = set()
    for generator in generators:
        for kind in WRITTEN_KINDS:
            for content in getattr(generator, kind, ()) or ():
                if id(content) not in seen and getattr(content, "source_path", None):
                    seen.add(id(content))
                    yield content


def _is_article(content) -> bool:
    return isinstance(content, Article) and hasattr(content, "date")


def _draft_note(content, raw_status: str) -> str:
    line = field_lines(content.source_path).get("status", ("Status", None))[1]
    where = display_path(content.source_path) + (f":{line}" if line else "")
    return (f"{where}: field 'Status': a draft, not published. "
            f"To publish it: remove the line 'Status: {raw_status}'")


def _scheduled_note(content) -> str:
    line = field_lines(content.source_path).get("date", ("Date", None))[1]
    where = display_path(content.source_path) + (f":{line}" if line else "")
    return (f"{where}: field 'Date': scheduled for {content.date:%Y-%m-%d %H:%M} "
            f"({content.date.tzinfo}), published by the first build after that")


def _scheduled_clashes(generators, future: list, settings: dict) -> list[ContentProblem]:
    """A scheduled post that, on its date, would be written where another post already is."""
    taken: dict[str, str] = {}
    for content in _contents(generators):
        if getattr(content, "save_as", ""):
            taken.setdefault(content.save_as, content.source_path)
    problems = []
    for content in sorted(future, key=lambda c: c.source_path):
        address = settings["ARTICLE_SAVE_AS"].format(**content.url_format)
        if content.save_as == address:
            continue  # already written there (a preview build): content_guard compares those
        other = taken.setdefault(address, content.source_path)
        if other != content.source_path:
            url = settings["ARTICLE_URL"].format(**content.url_format)
            problems.append(ContentProblem(
                content.source_path,
                f"scheduled for {content.date:%Y-%m-%d %H:%M}, it would then be published at /{url} "
                f"like {display_path(other)}, and that build would fail",
                "give one of the two files a different 'Slug: …' line", field="Slug"))
    return problems


# --- files no reader takes ---------------------------------------------------

def unread_files(settings: dict, context: dict, reader_extensions: set[str]) -> list[str]:
    """Every file under PATH that Pelican and the content plugins leave alone, with why and the fix."""
    root = settings["PATH"]
    taken = set(context.get("generated_content", {})) | set(context.get("static_content", {}))
    plugin_folders = _plugin_folders(settings)
    ignores = list(settings.get("IGNORE_FILES") or [])
    notes = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if not _ignored(name, ignores))
        prefix = os.path.relpath(folder, root).replace(os.sep, "/") + "/"
        prefix = "" if prefix == "./" else prefix
        for name in sorted(files):
            if _ignored(name, ignores) or prefix + name in taken:
                continue
            relative = PurePosixPath(prefix + name)
            if _read_by_plugin(relative, plugin_folders):
                continue
            notes.append(f"{display_path(os.path.join(folder, name))}: "
                         f"{_why_unread(relative, settings, plugin_folders, reader_extensions)}")
    return notes


def _ignored(name: str, ignores: list[str]) -> bool:
    return name.startswith(".") or name.endswith("~") or any(fnmatch.fnmatch(name, pattern) for pattern in ignores)


def _plugin_folders(settings: dict) -> dict[str, tuple[str, ...]]:
    """The folders the content plugins read themselves, and the file types they read there."""
    folders = {}
    if settings.get("PROJECT_CARDS_PATH"):
        folders[settings["PROJECT_CARDS_PATH"]] = MARKDOWN
    if isinstance(settings.get("INDICATOR_TABLES"), dict) and settings["INDICATOR_TABLES"].get("path"):
        folders[settings["INDICATOR_TABLES"]["path"]] = DATA
    if isinstance(settings.get("REPORTS"), dict) and settings["REPORTS"].get("path"):
        folders[settings["REPORTS"]["path"]] = MARKDOWN
    return {folder.strip("/"): suffixes for folder, suffixes in folders.items()}


def _plugin_folder_of(relative: PurePosixPath, plugin_folders: dict) -> str | None:
    return next((folder for folder in plugin_folders if relative.is_relative_to(folder)), None)


def _read_by_plugin(relative: PurePosixPath, plugin_folders: dict) -> bool:
    folder = _plugin_folder_of(relative, plugin_folders)
    return folder is not None and relative.suffix in plugin_folders[folder]


def _under(relative: PurePosixPath, folders) -> bool:
    return any(relative.is_relative_to(folder.strip("/")) for folder in folders if folder.strip("/"))


def _why_unread(relative: PurePosixPath, settings: dict, plugin_folders: dict, extensions: set[str]) -> str:
    suffixes = [suffix.lower() for suffix in relative.suffixes]
    suffix = relative.suffix
    post_folder = f"content/{settings['ARTICLE_PATHS'][0]}/<year>/" if settings.get("ARTICLE_PATHS") else ""
    page_folder = f"content/{settings['PAGE_PATHS'][0]}/" if settings.get("PAGE_PATHS") else ""
    if len(suffixes) > 1 and suffixes[-2] in MARKDOWN and suffixes[-1] not in MARKDOWN:
        right = relative.name[: -len(suffix)]
        return (f"not published: the name ends in '{suffix}' after '{suffixes[-2]}', so the file is not read "
                f"as Markdown. Fix: rename it to {right}")
    if suffix and suffix != suffix.lower() and suffix.lower().lstrip(".") in extensions | {"yaml", "yml"}:
        return (f"not published: the name ends in '{suffix}', and only '{suffix.lower()}' is read. "
                f"Fix: rename it to {relative.stem}{suffix.lower()}")
    plugin_folder = _plugin_folder_of(relative, plugin_folders)
    if plugin_folder is not None:
        wanted = " or ".join(plugin_folders[plugin_folder])
        return (f"not published: content/{plugin_folder}/ holds only {wanted} files. "
                f"Fix: move the file to content/images/ (an image) or remove it")
    if suffix.lower().lstrip(".") in extensions:
        return (f"not published: it is not in a folder the portal publishes posts or pages from. "
                f"Fix: move it to {post_folder} (a news post) or {page_folder} (a page)")
    if _under(relative, settings.get("ARTICLE_PATHS", [])) or _under(relative, settings.get("PAGE_PATHS", [])):
        return (f"not published: posts and pages are read only from Markdown files (.md), not from "
                f"'{suffix or relative.name}' files. Fix: save the text as a .md file; put images in "
                f"content/images/ and link them with '{{static}}/images/…'")
    static = " and ".join(f"content/{folder.strip('/')}/" for folder in settings.get("STATIC_PATHS", []))
    return (f"not published: files are published as they are only from {static}. "
            "Fix: move it to content/images/ (an image) or remove it")
