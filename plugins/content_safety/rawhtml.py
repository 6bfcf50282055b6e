"""Raw HTML in Markdown text: only an allow-list of harmless elements and attributes.

Python-Markdown passes an author's HTML through unchanged, so a <script>, an
<iframe>, a <meta http-equiv="refresh"> or an onclick would be published as
written. The text of a body and of its Summary is scanned as Python-Markdown
reads it: code spans and fenced code blocks show HTML as text and are left out
(a backslash before '<' does not escape it in Python-Markdown). Markdown links are checked for the same
URL schemes as raw HTML ([text](javascript:…)).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from urllib.parse import urlsplit

from portalbuild.shared.errors import ContentProblem
from portalbuild.shared.linkforms import mistyped_scheme

# Elements an author may write as HTML: text-level and structural markup the theme styles,
# and nothing that runs, loads another document, submits or changes the page's head.
ALLOWED_ELEMENTS = frozenset("""
    a abbr b bdi bdo blockquote br caption cite code col colgroup data dd del details dfn div dl dt
    em figcaption figure h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span strong
    sub summary sup table tbody td tfoot th thead time tr u ul var wbr
""".split())
GLOBAL_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir", "role", "hidden", "translate"})
ELEMENT_ATTRIBUTES = {
    "a": {"href", "hreflang", "rel", "target", "download"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "td": {"colspan", "rowspan", "headers"}, "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "col": {"span"}, "colgroup": {"span"}, "ol": {"start", "reversed", "type"}, "li": {"value"},
    "time": {"datetime"}, "data": {"value"}, "details": {"open"},
}
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "cite"})
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
# Pelican's link placeholders ({static}/images/x.jpg) point into the site.
PLACEHOLDER = re.compile(r"^\{(?:static|attach|filename|tag|category|author|index)\}")

# Why an element is refused, and what the author does instead.
ACTIVE = ("script", "noscript", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg",
          "math", "template", "portal", "canvas", "audio", "video", "source", "track", "picture", "map", "area")
HEAD = ("meta", "base", "link", "title", "head", "html", "body")
FORMS = ("form", "input", "button", "select", "option", "textarea", "label", "fieldset", "output", "dialog")
FIX_ACTIVE = ("remove it; to show a video, map or document from another site, link to it with "
              "[text](https://…), and put images in content/images/")
FIX_HEAD = "remove it; a page that moved is redirected by the server, not by the text"
FIX_FORM = "remove it; link to the form on the service's own site with [text](https://…)"
FIX_OTHER = "use Markdown or one of the allowed HTML elements (plugins/content_safety/README.md, 'Raw HTML in texts')"

# A tag may run over lines, never over an empty line (the end of a Markdown block).
TAG = re.compile(r"<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*)(?P<attributes>(?:\s(?:[^<>\n]|\n(?![ \t]*\n))*)?)/?>")
ATTRIBUTE = re.compile(
    r"""(?P<name>[^\s"'<>/=]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+)))?""")
CODE_SPAN = re.compile(r"(?<!\\)(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
FENCE = re.compile(r"^[ ]{0,3}(```+|~~~+)")
# [text](url) and [id]: url, the destinations Python-Markdown turns into href/src.
MARKDOWN_LINK = re.compile(r"\]\(\s*<?(?P<url>[^()\s>]+(?:\([^()\s]*\)[^()\s>]*)*)")
REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?(?P<url>\S+?)>?(?:\s|$)", re.MULTILINE)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
CONTROL = re.compile(r"[\x00-\x20]+")


def raw_html_problems(path: str, lines: list[tuple[int, str]], own_hosts: set[str],
                      field: str | None = None) -> list[ContentProblem]:
    """Problems of the Markdown ``lines`` ((number, text), a body or a Summary) of one file.

    The lines are scanned as one text: a tag may run over several lines."""
    text = "\n".join(line for _, line in lines)
    if "<" not in text and "](" not in text and "]:" not in text:
        return []  # most posts: no HTML and no link at all
    kept = _outside_code(lines) if "`" in text or "~~~" in text else lines
    # An HTML comment is not shown, and what it holds does not run: blanked, keeping line ends.
    joined = COMMENT.sub(lambda match: re.sub(r"[^\n]", " ", match[0]), "\n".join(line for _, line in kept))
    starts = list(accumulate((len(line) + 1 for _, line in kept[:-1]), initial=0))

    def line_at(position: int) -> int:
        return kept[bisect_right(starts, position) - 1][0]

    problems = []
    for tag in TAG.finditer(joined):
        if not tag["close"]:
            problems += _tag_problems(path, line_at(tag.start()), tag, own_hosts, field)
    for link in sorted([*MARKDOWN_LINK.finditer(joined), *REFERENCE.finditer(joined)], key=lambda m: m.start()):
        reason = _url_problem(link["url"], own_hosts, image=False)
        if reason:
            problems.append(ContentProblem(path, f"the link {link['url']!r} {reason}", FIX_URL,
                                           line=line_at(link.start("url")), field=field))
    return sorted(problems, key=lambda problem: problem.line)


FIX_URL = "link to an https:// address, a page of the portal or a file in content/ ({static}/…)"


def _tag_problems(path, number, tag, own_hosts, field) -> list[ContentProblem]:
    name = tag["name"].lower()
    shown = f"<{name}>"
    if name not in ALLOWED_ELEMENTS:
        if name in ACTIVE:
            what, fix = "could run code or load another site's content", FIX_ACTIVE
        elif name in HEAD:
            what, fix = "could redirect the page or change its links (it belongs to the page's head)", FIX_HEAD
        elif name in FORMS:
            what, fix = "would send what readers type elsewhere", FIX_FORM
        else:
            what, fix = "is not among the HTML elements allowed in a text", FIX_OTHER
        return [ContentProblem(path, f"the HTML element {shown} {what}", fix, line=number, field=field)]
    problems = []
    allowed = GLOBAL_ATTRIBUTES | ELEMENT_ATTRIBUTES.get(name, set())
    for attribute in ATTRIBUTE.finditer(tag["attributes"]):
        key = attribute["name"].lower()
        value = next((v for v in (attribute["dq"], attribute["sq"], attribute["bare"]) if v is not None), "")
        if key.startswith("on"):
            problems.append(ContentProblem(
                path, f"the attribute '{key}' of {shown} would run a script",
                f"remove {key}=… (scripts are not allowed in texts)", line=number, field=field))
        elif not (key in allowed or key.startswith(("aria-", "data-"))):
            fix = ("remove it; the theme decides the look" if key == "style"
                   else f"remove it; {shown} may have: {', '.join(sorted(allowed))}, aria-* and data-*")
            problems.append(ContentProblem(path, f"the attribute '{key}' of {shown} is not allowed",
                                           fix, line=number, field=field))
        elif key in URL_ATTRIBUTES:
            urls = [candidate.split()[0] for candidate in value.split(",") if candidate.strip()] \
                if key == "srcset" else [value]
            reason = next(filter(None, (_url_problem(url, own_hosts, image=key in ("src", "srcset")) for url in urls)), None)
            if reason:
                fix = ("save the image in content/images/ and write ![description]({static}/images/…)"
                       if key in ("src", "srcset") else FIX_URL)
                problems.append(ContentProblem(path, f"{shown} {key}={value!r} {reason}", fix,
                                               line=number, field=field))
    return problems


def _url_problem(url: str, own_hosts: set[str], image: bool) -> str | None:
    """Why a URL may not be published, or None. Browsers ignore control characters and
    spaces inside a scheme ('java\\tscript:'), so they are dropped before it is read."""
    compact = CONTROL.sub("", url)
    if PLACEHOLDER.match(compact):
        return None
    scheme = compact.split(":", 1)[0].lower() if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", compact) else ""
    if scheme and scheme not in SAFE_SCHEMES and not (mistyped_scheme(compact) and not image):
        # A typo of a safe scheme ('htps:') opens nothing: the link check names the address meant.
        return f"uses the '{scheme}:' scheme, which can run code or hide content"
    if image:
        host = urlsplit(compact if scheme or compact.startswith("//") else "").hostname
        if (scheme or compact.startswith("//")) and host not in own_hosts:
            return f"loads an image from another site ({host})"
    return None


def _outside_code(lines: list[tuple[int, str]]):
    """(number, text) of every line, with fenced code blocks dropped and code spans blanked."""
    kept, fence = [], None
    for number, text in lines:
        opening = FENCE.match(text)
        if fence is None and opening:
            fence = opening[1][0] * 3
        elif fence is not None:
            if text.lstrip(" ").startswith(fence):
                fence = None
        else:
            kept.append((number, text))
    # A code span may run over a line end, never over an empty line (the end of a block).
    blanked, block = [], []
    for number, text in [*kept, (None, "")]:
        if text.strip():
            block.append((number, text))
            continue
        joined = CODE_SPAN.sub(lambda match: re.sub(r"[^\n]", " ", match[0]), "\n".join(t for _, t in block))
        blanked += [(n, t) for (n, _), t in zip(block, joined.split("\n"))]
        block = []
    return blanked
