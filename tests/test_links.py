"""Link gate: every internal link of the built portal resolves to a file of the site.

Pure Python (lxml), no browser. Checked: every `href`, `src`, `srcset`, `action`, `poster`,
`data` and `xlink:href` on every HTML page, every `url(...)` in the CSS, every fragment
(`#id` must exist on the target page), every link inside the feeds under `feeds/` (RSS, Atom,
JSON Feed, including the links inside their HTML content), the sitemap and the web app manifest.
A URL is internal when it is relative, root-relative, or absolute on one of the site's own
origins (those of its canonical links and of its feeds' self links). All broken links are
reported at once, each with the files it is on."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.etree
import lxml.html
import pytest

from tests.gates_support import html_files, url_of

pytestmark = pytest.mark.gates

LOCAL = "http://site.invalid"  # a stand-in origin to resolve relative links against
URL_ATTRIBUTES = ("href", "src", "action", "poster", "data", "xlink:href")
NOT_FETCHED = ("mailto:", "tel:", "javascript:", "data:", "blob:", "about:", "sms:")
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


@dataclass
class Reference:
    source: str  # the built file the link is on, relative to the output folder
    url: str


@dataclass
class SiteIndex:
    output: Path
    ids: dict[str, set[str]] = field(default_factory=dict)  # html file -> its ids and anchor names
    origins: set[str] = field(default_factory=set)  # the site's own absolute origins


def srcset_urls(value: str) -> list[str]:
    return [candidate.strip().split()[0] for candidate in value.split(",") if candidate.strip()]


def html_references(doc, source: str) -> list[Reference]:
    refs = []
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        for name in URL_ATTRIBUTES:
            value = element.get(name)
            if value is not None and not (name == "data" and element.tag != "object"):
                refs.append(Reference(source, value.strip()))
        for name in ("srcset", "imagesrcset"):
            if element.get(name):
                refs += [Reference(source, url) for url in srcset_urls(element.get(name))]
    return refs


def page_ids(doc) -> set[str]:
    return set(doc.xpath("//@id")) | set(doc.xpath("//a/@name"))


def origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


# --- Feeds ---------------------------------------------------------------------

def _content_references(html: str, base: str, source: str) -> list[Reference]:
    if not html or not html.strip():
        return []
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    return [Reference(source, urljoin(base, ref.url)) for ref in html_references(fragment, source)]


def xml_feed_references(path: Path, source: str) -> tuple[list[Reference], set[str]]:
    """Links of an RSS or Atom feed, and the origins of its self links."""
    root = lxml.etree.parse(str(path)).getroot()
    refs, origins = [], set()
    for node in root.iter():
        if not isinstance(node.tag, str):
            if isinstance(node, lxml.etree._ProcessingInstruction) and node.get("href"):
                refs.append(Reference(source, node.get("href")))  # xml-stylesheet
            continue
        name = lxml.etree.QName(node).localname
        if node.get("href"):
            refs.append(Reference(source, node.get("href")))
            if node.get("rel") == "self" and origin(node.get("href")):
                origins.add(origin(node.get("href")))
        if name == "enclosure" and node.get("url"):
            refs.append(Reference(source, node.get("url")))
        text = (node.text or "").strip()
        if name in ("link", "url", "comments", "loc") and text or (name == "guid" and node.get("isPermaLink") != "false"):
            refs.append(Reference(source, text))
        elif name in ("description", "encoded", "content", "summary") and text:
            refs += _content_references(text, _item_link(node), source)
    return refs, origins


def _item_link(node) -> str:
    """The link of the item or entry a content element belongs to, to resolve its relative links."""
    parent = node.getparent()
    for child in parent if parent is not None else []:
        if lxml.etree.QName(child).localname == "link":
            return child.get("href") or (child.text or "").strip()
    return ""


def json_feed_references(path: Path, source: str) -> tuple[list[Reference], set[str]]:
    feed = json.loads(path.read_text(encoding="utf-8"))
    refs = [Reference(source, feed[key]) for key in ("home_page_url", "feed_url", "icon", "favicon") if feed.get(key)]
    origins = {origin(feed["feed_url"])} - {None} if feed.get("feed_url") else set()
    for item in feed.get("items", []):
        refs += [Reference(source, item[key]) for key in ("url", "image", "banner_image") if item.get(key)]
        refs += [Reference(source, a["url"]) for a in item.get("attachments", []) if a.get("url")]
        refs += _content_references(item.get("content_html", ""), item.get("url", ""), source)
    return refs, origins


def manifest_references(path: Path, source: str) -> tuple[list[Reference], set[str]]:
    manifest = json.loads(path.read_text(encoding="utf-8"))
    urls = [manifest.get("start_url")] + [icon.get("src") for icon in manifest.get("icons", [])]
    return [Reference(source, url) for url in urls if url], set()


def feed_references(output: Path) -> tuple[list[Reference], set[str]]:
    """Links of the feeds, the sitemap and the web app manifest, and the origins they declare."""
    refs, origins = [], set()
    feeds = sorted((output / "feeds").rglob("*")) if (output / "feeds").is_dir() else []
    for path in feeds + sorted(output.glob("sitemap*.xml")) + sorted(output.glob("*.webmanifest")):
        source = str(path.relative_to(output))
        if path.suffix == ".webmanifest":
            found, own = manifest_references(path, source)
        elif path.suffix == ".xml":
            found, own = xml_feed_references(path, source)
        elif path.suffix == ".json":
            found, own = json_feed_references(path, source)
        else:
            continue
        refs += found
        origins |= own
    return refs, origins


# --- Checking ------------------------------------------------------------------

def collect(output: Path) -> tuple[SiteIndex, list[Reference]]:
    index = SiteIndex(output)
    refs = []
    for path in html_files(output):
        source = str(path.relative_to(output))
        doc = lxml.html.fromstring(path.read_bytes())
        index.ids[source] = page_ids(doc)
        refs += html_references(doc, source)
        index.origins |= {origin(href) for href in doc.xpath("//link[@rel='canonical']/@href")} - {None}
    for path in sorted(output.rglob("*.css")):
        source = str(path.relative_to(output))
        refs += [Reference(source, m.group(2).strip()) for m in CSS_URL.finditer(path.read_text(encoding="utf-8"))]
    found, origins = feed_references(output)
    index.origins |= origins
    return index, refs + found


def target_file(index: SiteIndex, path: str) -> str | None:
    """The built file a URL path is served from, or None."""
    relative = unquote(path).lstrip("/")
    candidates = [relative + "index.html"] if relative.endswith("/") or not relative else [relative, relative + "/index.html"]
    for candidate in candidates:
        file = (index.output / candidate).resolve()
        if file.is_file() and file.is_relative_to(index.output.resolve()):
            return candidate
    return None


def problem(index: SiteIndex, ref: Reference) -> str | None:
    """Why a reference is broken, or None when it is fine or points off the site."""
    url = ref.url
    if not url or url.lower().startswith(NOT_FETCHED):
        return None
    if origin(url) in index.origins:
        url = urlsplit(url)._replace(scheme="", netloc="").geturl()
    elif urlsplit(url).scheme or url.startswith("//"):
        return None  # another site: not checked (no network), and not the site's to fix
    base = LOCAL + (url_of(ref.source) if ref.source.endswith(".html") else "/" + ref.source)
    parts = urlsplit(urljoin(base, url))
    target = target_file(index, parts.path)
    if target is None:
        return f"{ref.url!r}: no file {unquote(parts.path)!r} in the built site"
    fragment = unquote(parts.fragment)
    if fragment and not fragment.startswith(":~:") and target.endswith(".html") and fragment not in index.ids.get(target, set()):
        return f"{ref.url!r}: {url_of(target)} has no element with id {fragment!r}"
    return None


def broken_links(output: Path) -> dict[str, list[str]]:
    """Each problem (a broken URL and why) with the files it is on."""
    index, refs = collect(output)
    broken: dict[str, list[str]] = {}
    for ref in refs:
        why = problem(index, ref)
        if why and ref.source not in broken.get(why, []):
            broken.setdefault(why, []).append(ref.source)
    return broken


def describe(broken: dict[str, list[str]], shown: int = 10) -> str:
    """One paragraph per broken link: what is wrong, then the files it is on (a link of the
    layout is broken on every page; the first few are named)."""
    files = {source for sources in broken.values() for source in sources}
    lines = [f"{len(broken)} broken internal link(s) on {len(files)} file(s) of the built site:"]
    for why, sources in sorted(broken.items()):
        more = f" and {len(sources) - shown} more" if len(sources) > shown else ""
        lines.append(f"  {why}\n    on {', '.join(sorted(sources)[:shown])}{more}")
    return "\n".join(lines)


def test_every_internal_link_resolves_to_a_file_of_the_built_site(real_site):
    assert (real_site / "index.html").is_file()
    broken = broken_links(real_site)
    assert not broken, describe(broken)


# --- The checker itself, on a small hand-made site -------------------------------

def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_checker_reports_every_broken_link_with_its_page(tmp_path):
    write(tmp_path, "index.html", """<!doctype html><html><head><title>x</title>
        <link rel="canonical" href="https://lpr.example/"><link rel="stylesheet" href="/theme/site.css"></head>
        <body><a href="#saturs">ok</a><a href="#nav">no id</a><main id="saturs">
        <a href="zinas/">ok dir</a><a href="/zinas/#virsraksts">ok fragment</a><a href="/zinas/#nav">bad fragment</a>
        <a href="/projekti/">missing page</a><img src="/images/nav.png" alt="x">
        <img srcset="/images/a.png 1x, /images/b.png 2x" src="/images/a.png" alt="y">
        <a href="https://lpr.example/kontakti/">own origin, missing</a><a href="https://example.org/x">external</a>
        <a href="mailto:a@b.lv">mail</a><a href="tel:+371">tel</a></main></body></html>""")
    write(tmp_path, "zinas/index.html", '<!doctype html><title>z</title><h1 id="virsraksts">Z</h1><a href="../">up</a>')
    write(tmp_path, "images/a.png", "png")
    write(tmp_path, "theme/site.css", "body { background: url('../images/a.png') } h1 { background: url(/img/gone.svg) }")
    write(tmp_path, "feeds/visas.rss.xml", """<?xml version="1.0"?><rss version="2.0"
        xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>t</title><link>https://lpr.example/</link>
        <atom:link rel="self" href="https://lpr.example/feeds/visas.rss.xml"/>
        <item><title>i</title><link>https://lpr.example/zinas/</link><guid>https://lpr.example/zinas/vecs/</guid>
        <description>&lt;p&gt;&lt;a href="https://lpr.example/birka/x/"&gt;tag&lt;/a&gt;&lt;/p&gt;</description>
        <enclosure url="https://lpr.example/images/a.png" length="3" type="image/png"/></item></channel></rss>""")
    write(tmp_path, "feeds/visas.json", json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "t", "home_page_url": "https://lpr.example/",
        "feed_url": "https://lpr.example/feeds/visas.json",
        "items": [{"id": "1", "url": "https://lpr.example/zinas/", "image": "https://lpr.example/images/c.png",
                   "content_html": '<img src="/images/a.png" alt="">'}]}))

    write(tmp_path, "sitemap.xml", """<?xml version="1.0" encoding="utf-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/</loc></url>
        <url><loc>/zinas/dzests/</loc></url></urlset>""")
    write(tmp_path, "manifest.webmanifest", json.dumps({"start_url": "./", "icons": [{"src": "theme/icon.png"}]}))

    message = describe(broken_links(tmp_path))

    assert message.startswith("12 broken internal link(s) on 6 file(s)"), message
    for expected in [
        "  '#nav': / has no element with id 'nav'\n    on index.html",
        "  '/zinas/#nav': /zinas/ has no element with id 'nav'\n    on index.html",
        "  '/projekti/': no file '/projekti/' in the built site\n    on index.html",
        "  '/images/nav.png': no file '/images/nav.png' in the built site\n    on index.html",
        "  '/images/b.png': no file '/images/b.png' in the built site\n    on index.html",
        "  'https://lpr.example/kontakti/': no file '/kontakti/' in the built site\n    on index.html",
        "  '/img/gone.svg': no file '/img/gone.svg' in the built site\n    on theme/site.css",
        "  'https://lpr.example/zinas/vecs/': no file '/zinas/vecs/' in the built site\n    on feeds/visas.rss.xml",
        "  'https://lpr.example/birka/x/': no file '/birka/x/' in the built site\n    on feeds/visas.rss.xml",
        "  'https://lpr.example/images/c.png': no file '/images/c.png' in the built site\n    on feeds/visas.json",
        "  '/zinas/dzests/': no file '/zinas/dzests/' in the built site\n    on sitemap.xml",
        "  'theme/icon.png': no file '/theme/icon.png' in the built site\n    on manifest.webmanifest",
    ]:
        assert expected in message, message
    assert "example.org" not in message and "mailto" not in message and "/theme/site.css" not in message
