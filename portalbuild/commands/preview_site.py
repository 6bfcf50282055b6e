"""The live preview's web application: the preview folder's files, and a rejected save on every page.

A rejected save keeps the last good preview (a failed build never replaces it), so the
browser would go on showing the page as it was, as if the save had worked. While the
last rebuild has failed, every HTML page served carries a box at its top that says so
and lists the problems in the words the terminal prints; the rest of the page is the last
good preview. `invoke live` serves this application through the livereload package
(``PreviewServer``): the application puts livereload's reload script into HTML pages
itself, since livereload's own WSGI container puts it before any "</head>" in any file,
and so broke the web editor's JavaScript bundle, whose strings contain one.
"""

from __future__ import annotations

import html
import mimetypes
import re
from pathlib import Path
from urllib.parse import quote, unquote

BODY_START = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
BANNER_STYLE = ("position:relative;z-index:1000;margin:0;padding:1rem 1.25rem;background:#fff4e5;"
                "color:#1a1a1a;border-bottom:4px solid #b00d28;font:1rem/1.5 system-ui,sans-serif")


class PreviewSite:
    """A WSGI application serving ``root``; ``problems`` are the last rebuild's, or empty."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.problems: list[str] = []
        self.live_script = b""  # livereload's reload script (PreviewServer sets it)

    def __call__(self, environ, start_response):
        path = unquote(environ.get("PATH_INFO") or "/")
        target = self._file(path)
        if target is not None and target.is_dir():  # /zinas -> /zinas/, as a static server does
            start_response("301 Moved Permanently", [("Location", quote(path) + "/"), ("Content-Length", "0")])
            return [b""]
        status = "200 OK"
        if target is None or not target.is_file():
            status, target = "404 Not Found", self.root / "404.html"
        if target.is_file():
            body, kind = target.read_bytes(), mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        else:  # the first build failed: there is no page at all yet
            body = b"<!doctype html><html lang=\"lv\"><head><title>Preview</title></head><body></body></html>"
            kind = "text/html"
        if kind == "text/html" and self.problems:
            body = self._with_banner(body)
        if kind == "text/html" and self.live_script:
            body = body.replace(b"</head>", self.live_script + b"</head>", 1)
        if kind.startswith(TEXT_TYPES):
            kind += "; charset=utf-8"
        start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body))),
                                ("Cache-Control", "no-store")])
        return [body]

    def _file(self, path: str) -> Path | None:
        """The file or folder under root that ``path`` names (a folder's index.html); None outside root."""
        target = (self.root / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.root.resolve()):
            return None
        if target.is_dir() and path.endswith("/"):
            return target / "index.html"
        return target

    def _with_banner(self, page: bytes) -> bytes:
        count = len(self.problems)
        items = "".join(f"<li><code>{html.escape(problem)}</code></li>" for problem in self.problems)
        banner = (f'<div role="alert" class="lpr-preview-problems" style="{BANNER_STYLE}">'
                  f"<p style=\"margin:0 0 .5rem\"><strong>Preview not updated: the last save has {count} "
                  f"problem{'s' if count != 1 else ''}.</strong> Below is the last good preview. Fix "
                  f"{'them' if count != 1 else 'it'} and save again; this page then reloads by itself.</p>"
                  f'<ul style="margin:0;padding-left:1.25rem;overflow-wrap:anywhere">{items}</ul></div>'
                  ).encode()
        match = BODY_START.search(page)
        if match is None:  # the web editor's page (/admin/) leaves its tags out and shows its own state
            return page
        return page[:match.end()] + banner + page[match.end():]


def preview_server(site: PreviewSite):
    """A livereload Server serving ``site``, whose reload script goes into HTML pages only."""
    from livereload import Server
    from tornado import web
    from tornado.wsgi import WSGIContainer

    class PreviewServer(Server):
        def get_web_handlers(self, script):
            site.live_script = script
            return [(r".*", web.FallbackHandler, {"fallback": WSGIContainer(site)})]

    return PreviewServer()
