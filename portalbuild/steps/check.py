"""The post-build step ``check``: images, alt texts and internal links of the site about to be published.

It runs on the staging folder before it replaces the published output (PORTAL_POST_BUILD in
publishconf.py), and `invoke check` (portalbuild.commands.check) runs the same checks. Each
broken link is traced back to the source line that holds it, or else to the menu setting or
the theme. What it learnt of each page is kept in CACHE_PATH/links.pickle, so that the next
publish reads and evaluates only what changed (portalbuild.steps.links).

Links to the portal's own absolute addresses (SITEURL, CANONICAL_SITEURL: the own addresses of
portalbuild/shared/siteaddress.py, the same in a local build and in production) are checked as
internal links, so that `invoke check` passes only what `invoke publish` accepts. Every link
must have a scheme a browser opens (portalbuild.shared.linkforms).
The links of front-matter fields (Summary) come from plugins/field_links.

Settings read: PATH, ARTICLE_PATHS/ARTICLE_EXCLUDES, PAGE_PATHS/PAGE_EXCLUDES, SITEURL,
CANONICAL_SITEURL, MAIN_MENU, CACHE_PATH, LINK_CHECK_IGNORE (URL prefixes on the site's own host
that the server answers without this build, e.g. redirects of an old portal's addresses; checked
before Pelican starts: ``ignore_setting_problems``).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from portalbuild.shared.errors import ContentProblem
from portalbuild.shared.frontmatter import field_lines, parse_front_matter
from portalbuild.shared.linkforms import malformed, missing_scheme_problem
from portalbuild.shared.markdownfiles import MARKDOWN_SUFFIXES
from portalbuild.shared.options import SETTINGS_FILE
from portalbuild.shared.notices import FieldLink
from portalbuild.shared.siteaddress import site_addresses
from portalbuild.steps.state import BuildState
from portalbuild.steps.links import BrokenLink, broken_links
from portalbuild.steps.links import site_path as _site_path

# ![alt](src "title") on one line, as Python-Markdown reads inline images.
MARKDOWN_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]*)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
LINK_PLACEHOLDERS = ("{static}", "{attach}", "{filename}")
LINK_INDEX = "links.pickle"  # in CACHE_PATH: what the last check learnt of each page (portalbuild.steps.links)


def check_built_site(site: Path, settings: dict, state: BuildState) -> list[ContentProblem]:
    """Post-build step ``check``: images and internal links of a site about to be published. The
    links of the pages that did not change are not read again (LINK_INDEX in CACHE_PATH)."""
    sources = content_files(settings)
    index = Path(settings["CACHE_PATH"], LINK_INDEX) if settings.get("CACHE_PATH") else None
    return image_problems(settings, sources) + link_problems(site, settings, sources, index=index,
                                                             field_links=state.field_links)


# --- content files and front matter -----------------------------------------

def content_files(settings: dict) -> list[Path]:
    """Every Markdown file under the content folder (by the suffixes Pelican reads: '.MD' is not read)."""
    root = Path(settings["PATH"])
    return sorted(path for path in root.rglob("*") if path.suffix in MARKDOWN_SUFFIXES)


def files_under(settings: dict, folders: list[str], excludes: list[str]) -> list[Path]:
    root = Path(settings["PATH"])
    excluded = [root / folder for folder in excludes]
    files = set()
    for folder in folders:
        for path in (root / folder).rglob("*"):
            if path.suffix in MARKDOWN_SUFFIXES and not any(path.is_relative_to(e) for e in excluded):
                files.add(path)
    return sorted(files)


# --- images ------------------------------------------------------------------

def image_problems(settings: dict, sources: list[Path]) -> list[ContentProblem]:
    problems = []
    for path in sources:
        text = path.read_text(encoding="utf-8", errors="replace")
        problems += _featured_image_problems(path, text, settings)
        if "![" not in text:  # most posts: no inline image (10,000 of them are checked on every publish)
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            for image in MARKDOWN_IMAGE.finditer(line):
                problems += _inline_image_problems(path, number, image["alt"], image["src"], settings)
    return problems


def _featured_image_problems(path: Path, text: str, settings: dict) -> list[ContentProblem]:
    front, _ = parse_front_matter(str(path), text)
    if front is None or "image" not in front.fields:
        return []  # unreadable front matter is content_guard's message
    number, value = front.lines["image"], front.fields["image"]
    problems = []
    if not _image_file(path, value, settings, site_relative=True).is_file():
        problems.append(ContentProblem(str(path), f"the image file {value!r} does not exist",
                                       "put the image in content/images/ and write its path from there, "
                                       "for example 'Image: images/news/2020/name.png'",
                                       line=number, field="Image"))
    if not front.fields.get("image_alt", "").strip():
        problems.append(ContentProblem(str(path), "the image has no alt text",
                                       "add a line 'Image_alt: …' saying what the image shows, "
                                       "for people who cannot see it", line=number, field="Image_alt"))
    return problems


def _inline_image_problems(path: Path, line: int, alt: str, src: str, settings: dict) -> list[ContentProblem]:
    problems = []
    if not alt.strip():
        problems.append(ContentProblem(str(path), f"the image {src!r} has no alt text",
                                       "write what the image shows between the brackets: ![what it shows](…)",
                                       line=line))
    if urlsplit(src).scheme or src.startswith("//"):
        problems.append(ContentProblem(str(path), f"the image {src!r} is loaded from another site",
                                       "save the image in content/images/ and write "
                                       "'{static}/images/…' (the portal makes no third-party requests)",
                                       line=line))
        return problems
    where = _image_file(path, src, settings, site_relative=False)
    if where is None:
        problems.append(ContentProblem(str(path), f"the image path {src!r} is relative to the page's address",
                                       "write it from the content folder: '{static}/images/…'", line=line))
    elif not where.is_file():
        problems.append(ContentProblem(str(path), f"the image file {src!r} does not exist",
                                       "check the file name, or put the image in content/images/", line=line))
    return problems


def _image_file(source: Path, value: str, settings: dict, site_relative: bool) -> Path | None:
    """The content file an image reference points to; None when the browser would guess.

    ``Image:`` in front matter is relative to the content folder (the theme puts
    SITEURL before it); a plain relative path in the text is relative to the
    page's address, which the author rarely means.
    """
    root = Path(settings["PATH"])
    value = unquote(value.split("#")[0].split("?")[0])
    for placeholder in LINK_PLACEHOLDERS:
        if value.startswith(placeholder):
            rest = value[len(placeholder):]
            return root / rest.lstrip("/") if rest.startswith("/") else source.parent / rest
    if value.startswith("/") or site_relative:
        return root / value.lstrip("/")
    return None


# --- internal links ----------------------------------------------------------

def ignore_setting_problems(settings: dict) -> list[str]:
    """What is wrong with LINK_CHECK_IGNORE: a list of the beginnings of links to this site's own
    pages, written as links are (from the root, '/lv/', or absolute, 'https://lpr.gov.lv/lv/')."""
    given = settings.get("LINK_CHECK_IGNORE") or []
    own = site_addresses(settings).own_bases
    example = f"{own[0] if own else ''}/lv/"
    if not isinstance(given, (list, tuple)):
        return [f"{SETTINGS_FILE}: field 'LINK_CHECK_IGNORE': {given!r} is not a list. "
                f"Fix: write LINK_CHECK_IGNORE = [{given if isinstance(given, str) else example!r}]: "
                "a list, even of one address"]
    problems = []
    for prefix in given:
        if not isinstance(prefix, str) or not prefix.startswith(("/", *(f"{base}/" for base in own))):
            problems.append(f"{SETTINGS_FILE}: field 'LINK_CHECK_IGNORE': {prefix!r} is not the beginning of "
                            "links to this site, so no link the check checks starts with it. Fix: write it "
                            f"from the root ('/lv/') or with the site's address ({example!r})")
    return problems


def link_problems(site: Path, settings: dict, sources: list[Path], left_out: set[str] = frozenset(),
                  field_links: list[FieldLink] | None = None, index: Path | None = None) -> list[ContentProblem]:
    """Broken internal links and links of a shape no browser opens, each traced to its source line
    (``field_links``: those of front-matter fields, with their field); links to ``left_out`` files
    are skipped, and so are links that start with one of LINK_CHECK_IGNORE (addresses another
    server answers). ``index``: the link index of the last check (portalbuild.steps.links), read and
    written."""
    ignored = tuple(settings.get("LINK_CHECK_IGNORE") or ())
    addresses = site_addresses(settings)
    siteurls = (addresses.links, *addresses.own_bases)
    broken = [link for link in broken_links(site, siteurls, index)
              if not (_placeholder_link(link.href) and Path(link.href).name in left_out)
              and not (ignored and link.href.startswith(ignored))]
    # The sources are read only to trace a broken link (a publish checks 10,000 posts' pages).
    texts = {path: path.read_text(encoding="utf-8", errors="replace").splitlines()
             for path in sources} if broken else {}
    menu = {"/" + path.lstrip("/"): label for label, path in settings.get("MAIN_MENU", [])}
    problems: dict[tuple, ContentProblem] = {}
    # A field's links first: a page that also shows the field's HTML gives the same link and
    # line again, and the message that names the field is the clearer one.
    for link in field_links or ():
        problem = _field_link_problem(site, link, siteurls, ignored, left_out)
        if problem is not None:
            problems.setdefault((str(Path(link.source)), problem.line, link.href), problem)
    for link in broken:
        found = _source_lines(link.href, siteurls, texts) if link.in_main else []
        for path, number in found:
            problems.setdefault((str(path), number, link.href), _source_problem(path, number, link, siteurls))
        if not found:
            problems.setdefault(("", 0, link.href), _template_problem(link, menu, settings))
    return list(problems.values())


def _field_link_problem(site: Path, link: FieldLink, siteurls: tuple[str, ...], ignored: tuple[str, ...],
                        left_out: set[str]) -> ContentProblem | None:
    if Path(link.source).name in left_out or (ignored and link.href.startswith(ignored)):
        return None
    shape = malformed(link.href)
    target = None if shape else _site_path(link.href, link.page, siteurls)
    if shape is None and (target is None or _exists(site, target)):
        return None
    line = field_lines(link.source).get(link.field.lower(), (link.field, None))[1]
    broken = BrokenLink(link.page, link.href, in_main=True, malformed=shape is not None)
    problem = _source_problem(Path(link.source), line, broken, siteurls)
    return ContentProblem(problem.path, problem.problem, problem.fix, line=line, field=link.field)


def _exists(site: Path, path: str) -> bool:
    target = (site / path.lstrip("/")).resolve()
    if not target.is_relative_to(site.resolve()):
        return False
    return target.is_file() or (target / "index.html").is_file()


def _source_lines(href: str, siteurl: str | tuple[str, ...],
                  texts: dict[Path, list[str]]) -> list[tuple[Path, int]]:
    needles = {href}
    for own in (siteurl,) if isinstance(siteurl, str) else siteurl:
        if own and href.startswith(own):
            needles.add(href[len(own.rstrip("/")):])
    # As Markdown and HTML write a link target: (x), "x", <x>, a reference '[id]: x', a field 'Key: x'.
    forms = [form.format(n) for n in needles for form in ("({}", '"{}"', "<{}>", ": {}")]
    fragment = urlsplit(href).fragment
    if fragment:  # a {filename} link is written differently, but ends in the same '#id'
        forms += [f"#{fragment})", f'#{fragment}"']
    return [(path, number) for path, lines in texts.items()
            for number, line in enumerate(lines, start=1) if any(form in line for form in forms)]


def _placeholder_link(href: str) -> bool:
    return any(placeholder in href for placeholder in LINK_PLACEHOLDERS)


def _source_problem(path: Path, line: int | None, link: BrokenLink,
                    siteurl: str | tuple[str, ...]) -> ContentProblem:
    shape = malformed(link.href) if link.malformed else missing_scheme_problem(link.href)
    if shape is not None:
        return ContentProblem(str(path), shape[0], shape[1], line=line)
    if link.missing_fragment:
        return ContentProblem(str(path), f"the link {link.href!r} leads to a page that has no '#"
                              f"{unquote(urlsplit(link.href).fragment)}' on it",
                              "open that page in the preview, click the heading's '#' link and copy its "
                              "address, or leave the '#…' part out", line=line)
    if any(own and link.href.startswith(own) for own in ((siteurl,) if isinstance(siteurl, str) else siteurl)):
        return ContentProblem(str(path), f"the link {link.href!r} leads to no page of the portal",
                              "correct the address; if the web server answers it without this build (say, a "
                              "redirect from the old portal), add its beginning to LINK_CHECK_IGNORE in "
                              "pelicanconf.py", line=line)
    if _placeholder_link(link.href):
        return ContentProblem(str(path), f"the link {link.href!r} points to a file the build did not find",
                              "check the file name and folder after {filename} (from the content folder, "
                              "for example '{filename}/news/2020/08-15-name.md')", line=line)
    return ContentProblem(str(path), f"the link {link.href!r} leads to no page of the portal",
                          "correct the address (open the page in the preview and copy its address), "
                          "or link to a post with '{filename}/news/<year>/<file>.md'", line=line)


def _template_problem(link: BrokenLink, menu: dict[str, str], settings: dict) -> ContentProblem:
    if link.malformed:
        wrong, fix = malformed(link.href)
        return ContentProblem("theme/templates", f"{wrong}, on the page {link.page} (it comes from the theme "
                              "or a plugin, not from a content file)", f"{fix} in the template")
    target = _site_path(link.href, link.page, site_addresses(settings).links) or link.href
    if target in menu:
        return ContentProblem("pelicanconf.py", f"the menu item {menu[target]!r} links to {target}, "
                              "a page the build did not make",
                              "add that page to the content, or remove the item from MAIN_MENU",
                              field="MAIN_MENU")
    where = "main content" if link.in_main else "header or footer"
    return ContentProblem("theme/templates", f"the link {link.href!r} in the {where} of the page {link.page} "
                          "leads to no page of the portal (it comes from the theme or a plugin, not from "
                          "a content file)", "add the page it points to, or correct the link in the template")
