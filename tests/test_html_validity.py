"""HTML gate: every page of the built portal passes the Nu HTML Checker with zero errors.

The checker is the `vnu-jar` npm package (pinned in package.json, installed by `npm ci`) run on
the machine's Java, in one JVM for all pages. Each error is reported with the page, line and
column, the checker's message and the offending source extract.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.gates_support import html_files, java, node_module

pytestmark = pytest.mark.gates


def check_html(files: list[Path]) -> list[dict]:
    """The Nu HTML Checker's errors for these files (one JVM for all of them)."""
    # C1-only JIT halves the checker's start-up on this 2-core machine; its bigger frames need
    # a larger thread stack than the default 1 MB (the checker stops with StackOverflowError).
    command = [java(), "-Xss32m", "-XX:TieredStopAtLevel=1", "-jar", str(node_module("vnu-jar/build/dist/vnu.jar")),
               "--errors-only", "--format", "json", "--skip-non-html", *map(str, files)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    try:
        return json.loads(result.stderr)["messages"]  # vnu writes its report to stderr
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"the Nu HTML Checker did not report (exit {result.returncode}):\n{result.stderr[-2000:]}")


def describe(messages: list[dict], output: Path) -> str:
    pages = {m.get("url") for m in messages}
    lines = [f"{len(messages)} HTML error(s) on {len(pages)} page(s) (Nu HTML Checker):"]
    for m in messages:
        path = Path(unquote(urlsplit(m.get("url", "")).path))
        where = path.relative_to(output) if path.is_relative_to(output) else path
        line = f"{where}:{m.get('lastLine', '?')}:{m.get('firstColumn', m.get('lastColumn', '?'))}"
        lines.append(f"  {line}: [{m.get('type')}] {m.get('message')}")
        if m.get("extract"):
            lines.append(f"      source: {m['extract'].strip()}")
    return "\n".join(lines)


def test_every_page_of_the_built_site_is_valid_html(real_site):
    files = html_files(real_site)
    assert files, "the built site has no HTML pages"
    messages = check_html(files)
    assert not messages, describe(messages, real_site)


def test_the_checker_names_page_line_message_and_source(tmp_path):
    bad = tmp_path / "zinas" / "index.html"
    bad.parent.mkdir()
    bad.write_text('<!doctype html><html lang="lv"><title>x</title>\n<p><div>bloks</div></p><img src="a.png">\n',
                   encoding="utf-8")
    message = describe(check_html([bad]), tmp_path)
    assert message.startswith("2 HTML error(s) on 1 page(s) (Nu HTML Checker):"), message
    assert "  zinas/index.html:2:" in message
    assert "[error] No “p” element in scope but a “p” end tag seen." in message
    assert "An “img” element must have an “alt” attribute" in message
    assert 'source: </div></p><img src="a.png">' in message
