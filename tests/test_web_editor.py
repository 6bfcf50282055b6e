"""The web editor at /admin/ (plugins/web_editor, portalbuild/commands/editor.py): its file format,
its configuration from the content model, and a post written in real Chromium against
decap-server on a git repository, then built.

Set LPR_EDITOR_SCREENSHOTS=docs/images to save the editor's screenshots for the authors'
guide (docs/autoriem.md) while the end-to-end test runs.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from PIL import Image

from content_guard.checks import ARTICLE_KEYS, ARTICLE_STATUSES
from portalbuild import ROOT
from portalbuild.runner import load_settings
from portalbuild.commands.editor import editor_backend, start_proxy, stop
from tests.browser_support import QuietHandler, serve_folder
from tests.conftest import PLAIN, REAL_SETTINGS, Site
from tests.test_deploy_sandbox import deploy_headers

# The plugin's own tests build with the plain serial build (tests/conftest.py, PLAIN_BUILD).
pytestmark = pytest.mark.plain_build


FORMAT_JS = ROOT / "plugins" / "web_editor" / "static" / "pelican-format.js"
BUNDLE = ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="Node.js is not installed (apt-get install nodejs npm)")
needs_bundle = pytest.mark.skipif(not BUNDLE.is_file(), reason="run 'npm ci --ignore-scripts' first")


def run_format(*files: Path, text: str | None = None) -> dict:
    """parse and stringify of pelican-format.js in Node: {path: [parsed data, written text]}."""
    script = """
const format = require(process.argv[1]);
const fs = require('fs');
const inputs = process.argv.slice(2);
const texts = inputs.length ? inputs.map(p => [p, fs.readFileSync(p, 'utf8')]) : [['-', fs.readFileSync(0, 'utf8')]];
const out = {};
for (const [name, text] of texts) { const data = format.parse(text); out[name] = [data, format.stringify(data)]; }
process.stdout.write(JSON.stringify(out));
"""
    result = subprocess.run([NODE, "-e", script, str(FORMAT_JS), *map(str, files)], input=text,
                            capture_output=True, text=True, check=True, timeout=60)
    return json.loads(result.stdout)


@needs_node
def test_every_news_post_round_trips_through_the_editor_format():
    posts = sorted((ROOT / "content" / "news").rglob("*.md"))
    assert len(posts) > 50
    results = run_format(*posts)
    changed = [path for path, (_, written) in results.items()
               if written != Path(path).read_text(encoding="utf-8")]
    assert changed == []
    data, _ = results[str(ROOT / "content/news/2020/08-15-latgales-diena-riga.md")]
    assert data["title"] and data["date"] == "2020-08-15 10:00"
    assert isinstance(data["tags"], list) and data["image"].startswith("images/news/2020/")


@needs_node
def test_format_reads_pelican_metadata_and_writes_it_in_the_portal_order():
    text = ("title: Virsraksts\nTAGS: Rēzekne,ceļi\nDate: 2020-08-15 10:00\nSummary: Pirmā rinda\n"
            "    otrā rinda\nStatus: draft\n\n## Teksts\n\nRindkopa.")
    data, written = run_format(text=text)["-"]
    assert data == {"title": "Virsraksts", "tags": ["Rēzekne", "ceļi"], "date": "2020-08-15 10:00",
                    "summary": "Pirmā rinda otrā rinda", "status": "draft",
                    "body": "## Teksts\n\nRindkopa."}
    assert written == ("Title: Virsraksts\nDate: 2020-08-15 10:00\nTags: Rēzekne, ceļi\n"
                       "Summary: Pirmā rinda otrā rinda\nStatus: draft\n\n## Teksts\n\nRindkopa.\n")


@needs_node
def test_format_writes_no_empty_fields_and_no_line_break_inside_a_value():
    script = f"""const f = require({json.dumps(str(FORMAT_JS))});
process.stdout.write(f.stringify({{title: 'A', slug: '', tags: [], image_alt: 'viens\\ndivi', body: ''}}));"""
    written = subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True).stdout
    assert written == "Title: A\nImage_alt: viens divi\n\n"


def write_project(site, slug: str, title: str) -> None:
    site.write(f"projects/{slug}.md", f"""\
        Title: {title}
        Programme: Interreg
        Fund: ERAF
        Start: 2019-06-01
        End: 2021-08-31
        Goal: Mērķis.

        Teksts.
        """)


@needs_bundle
def test_editor_config_offers_only_what_the_build_accepts(site):
    write_project(site, "crafts", "Amatniecība bez robežām")
    write_project(site, "bus", "Autobusi")
    site.post("2020/08-15-zina", "Ziņa")
    backend = editor_backend("main", 8081)
    site.build(WEB_EDITOR={"backend": backend})
    config = yaml.safe_load(site.read("admin/config.yml"))
    settings = load_settings(REAL_SETTINGS)
    news = config["collections"][0]
    fields = {field["name"]: field for field in news["fields"]}
    assert news["folder"] == "content/news" and news["format"] == "pelican-markdown"
    assert news["path"] == "{{year}}/{{month}}-{{day}}-{{slug}}"
    assert news["media_folder"] == "/content/images/news/{{year}}"
    assert news["public_folder"] == "images/news/{{year}}"
    assert fields["category"]["options"] == settings["PORTAL_CATEGORIES"]
    assert [option["value"] for option in fields["projects"]["options"]] == ["crafts", "bus"]
    assert fields["projects"]["options"][0]["label"] == "Amatniecība bez robežām (crafts)"
    assert fields["projects"]["multiple"] is True
    assert {option["value"] for option in fields["status"]["options"]} <= set(ARTICLE_STATUSES)
    assert fields["date"]["format"] == "YYYY-MM-DD HH:mm" and fields["date"]["picker_utc"] is False
    assert set(fields) - {"body"} <= ARTICLE_KEYS
    assert fields["body"]["modes"] == ["raw"]
    assert fields["image"]["media_library"]["config"]["max_file_size"] == settings["RESPONSIVE_IMAGES"]["max_bytes"]
    assert config["backend"] == {**backend, "commit_messages": {
        "create": "Jauna ziņa: {{slug}}", "update": "Ziņa labota: {{slug}}", "delete": "Ziņa dzēsta: {{slug}}",
        "uploadMedia": "Attēls pievienots: {{path}}", "deleteMedia": "Attēls dzēsts: {{path}}"}}
    assert config["locale"] == "lv"
    for name in ("index.html", "decap-cms.js", "pelican-format.js", "lv.js"):
        assert (site.output / "admin" / name).is_file()
    page = site.read("admin/index.html")
    assert "</head>" not in page and 'content="noindex, nofollow"' in page
    assert not [src for src in re.findall(r'src="([^"]+)"', page) if "//" in src]


def test_no_editor_without_a_backend_or_without_the_npm_package(site, tmp_path, caplog):
    site.post("2020/08-15-zina", "Ziņa")
    site.build()  # pelicanconf.py and publishconf.py set none: only `invoke editor` does
    assert not (site.output / "admin").exists()
    with caplog.at_level(logging.WARNING):
        site.build(WEB_EDITOR={"backend": {"name": "proxy"}, "bundle": str(tmp_path / "nav")})
    assert not (site.output / "admin").exists()
    assert ("The web editor (/admin/) is not built: the npm package decap-cms is not installed"
            in caplog.text)
    assert "Fix: run 'npm ci --ignore-scripts' in the repository" in caplog.text
    assert (site.output / "zinas/2020/08/zina/index.html").is_file()


def test_invoke_editor_names_a_busy_port_and_a_missing_server(tmp_path):
    import socket

    from portalbuild.commands.authoring import AuthoringError

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        if NODE and (ROOT / "node_modules/decap-server").is_dir():
            with pytest.raises(AuthoringError, match=f"cannot use port {port}: it is in use. Fix: "):
                start_proxy(tmp_path, port)
    with pytest.raises(AuthoringError, match="decap-server\\) is not installed. Fix: run 'npm ci"):
        start_proxy(tmp_path, 0, proxy=tmp_path / "nav.js")


def test_invoke_editor_needs_a_branch_and_names_uncommitted_changes(tmp_path):
    from portalbuild.commands.authoring import AuthoringError
    from portalbuild.commands.editor import current_branch, uncommitted_changes

    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "a.md").write_text("a\n", encoding="utf-8")
    assert uncommitted_changes(tmp_path) == ["?? a.md"]
    git(tmp_path, "add", "a.md")
    git(tmp_path, "-c", "user.name=A", "-c", "user.email=a@example.org", "commit", "-q", "-m", "a")
    assert current_branch(tmp_path) == "main" and uncommitted_changes(tmp_path) == []
    git(tmp_path, "checkout", "-q", "--detach")
    with pytest.raises(AuthoringError, match="is not on a git branch, so the editor has nowhere to commit. "
                                             "Fix: run 'git checkout main'"):
        current_branch(tmp_path)


# --- end to end: Chromium, decap-server on a git repository, the build ----------------------

def admin_headers(path: str, proxy_origin: str) -> list[tuple[str, str]]:
    """What a host sends for ``path`` from deploy/_headers, the local server's origin let in."""
    return [(name, value.replace("connect-src 'self'", f"connect-src 'self' {proxy_origin}")
             if name == "Content-Security-Policy" else value)
            for name, value in deploy_headers(path)]


def test_the_editor_gets_its_own_policy_and_no_sandbox_in_the_deploy_headers():
    headers = deploy_headers("/admin/")
    policies = [value for name, value in headers if name == "Content-Security-Policy"]
    assert len(policies) == 1 and "sandbox" not in policies[0]
    assert "script-src 'self' 'unsafe-eval'" in policies[0] and "style-src 'self' 'unsafe-inline'" in policies[0]
    assert ("Cross-Origin-Opener-Policy", "same-origin-allow-popups") in headers
    assert [name for name, _ in headers].count("Cross-Origin-Opener-Policy") == 1
    nginx = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    location = nginx[nginx.index("location ^~ /admin/ {"):]
    location = location[:location.index("\n    }")]
    assert f'add_header Content-Security-Policy "{policies[0]}" always;' in location
    assert "$lpr_sandbox" not in location
    # Everywhere else the site's own policies stay.
    assert "sandbox" in " ".join(value for name, value in deploy_headers("/zinas/") if name == "Content-Security-Policy")


def git(repository: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repository), *args], capture_output=True, text=True,
                          check=True).stdout


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def editor_repository(tmp_path):
    """A temporary clone of a small portal's repository (one commit on main), and the origin."""
    origin = Site(tmp_path / "origin", PLAIN)
    write_project(origin, "crafts", "Amatniecība bez robežām")
    origin.post("2020/08-15-latgales-diena", "Latgales diena Rīgā", Tags="Rīga, amatniecība",
                Slug="latgales-diena", Summary="Kopsavilkums.", Projects="crafts", Author="LPR")
    # The portal's own ignore list: what a build leaves beside the sources must not enter the commit.
    shutil.copyfile(ROOT / ".gitignore", origin.root / ".gitignore")
    git(origin.root, "init", "-q", "-b", "main")
    git(origin.root, "add", "-A")
    git(origin.root, "-c", "user.name=LPR", "-c", "user.email=lpr@example.org", "commit", "-q", "-m", "Sākums")
    subprocess.run(["git", "clone", "-q", str(origin.root), str(tmp_path / "clone")], check=True)
    clone = Site(tmp_path / "clone", PLAIN)
    git(clone.root, "config", "user.name", "LPR redaktors")
    git(clone.root, "config", "user.email", "redaktors@example.org")
    return clone, origin


def wait_for(condition, timeout: float = 30.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


@needs_node
@needs_bundle
def test_end_to_end_a_post_with_a_photo_written_in_the_editor_is_committed_and_built(
        editor_repository, chromium_browser, tmp_path_factory):
    site, origin = editor_repository
    started = git(origin.root, "rev-parse", "HEAD")
    shots = os.environ.get("LPR_EDITOR_SCREENSHOTS")
    # Outside the repository: decap-server commits with 'git add .'.
    photo = tmp_path_factory.mktemp("camera") / "velojosla.jpg"
    Image.new("RGB", (1200, 800), (31, 95, 58)).save(photo, quality=85)
    proxy_port = free_port()
    proxy_origin = f"http://127.0.0.1:{proxy_port}"
    # A small image limit for the editor's build, so that a photo over it is quick to make.
    images = {**load_settings(REAL_SETTINGS)["RESPONSIVE_IMAGES"], "max_bytes": 200_000}
    site.build(WEB_EDITOR={"backend": editor_backend("main", proxy_port)}, RESPONSIVE_IMAGES=images)
    too_large = tmp_path_factory.mktemp("camera") / "liela.png"
    Image.effect_noise((400, 400), 100).convert("RGB").save(too_large)
    assert too_large.stat().st_size > 200_000

    class EditorHandler(QuietHandler):
        """The site as deploy/_headers serves it (the editor's own policy on /admin/)."""

        extensions_map = {**QuietHandler.extensions_map, ".yml": "text/yaml"}

        def end_headers(self):
            for name, value in admin_headers(self.path, proxy_origin):
                self.send_header(name, value)
            super().end_headers()

    proxy = start_proxy(site.root, proxy_port)
    context = None
    try:
        wait_for(lambda: _answers(proxy_origin), what="decap-server to start")
        with serve_folder(site.output, EditorHandler) as base_url:
            context = chromium_browser.new_context(timezone_id="Europe/Riga",
                                                   viewport={"width": 1100, "height": 720})
            page = context.new_page()
            problems = []
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on("console", lambda message: message.type == "error" and problems.append(message.text))
            page.set_default_timeout(30_000)
            page.goto(base_url + "/admin/")
            page.get_by_role("button", name="Pieteikties").click()
            page.wait_for_selector("text=Latgales diena Rīgā")  # the existing post, read back
            _shot(page, shots, "redaktors-saraksts.png")
            page.goto(base_url + "/admin/#/collections/news/new")
            page.fill("#title-field-1", "Rēzeknē atklāj jaunu velojoslu")
            page.fill("#date-field-2", "2020-09-01T10:30")
            page.click("#category-field-3")
            page.get_by_text("Transports", exact=True).click()
            page.fill("#tags-field-4", "Rēzekne, velosipēdi")
            page.fill("#summary-field-7", "Rēzeknē atklāta jauna velojosla no stacijas līdz centram.")
            page.click("#projects-field-8")
            page.get_by_text("Amatniecība bez robežām (crafts)", exact=True).click()
            page.locator("#title-field-1").scroll_into_view_if_needed()
            _shot(page, shots, "redaktors-jauna-zina.png")
            page.get_by_text("Izvēlēties attēlu", exact=True).click()
            refusals = []
            page.once("dialog", lambda dialog: (refusals.append(dialog.message), dialog.dismiss()))
            page.set_input_files("input[type=file]", str(too_large))
            wait_for(lambda: refusals, what="the editor to refuse the large photo")
            assert refusals == ["Fails ir par lielu.\nLielākais atļautais: 200 kB."]
            page.set_input_files("input[type=file]", str(photo))
            page.wait_for_selector("text=velojosla.jpg")
            _shot(page, shots, "redaktors-attels.png")
            page.get_by_text("Izvēlēties atzīmēto", exact=True).click()
            page.fill("#image_alt-field-10", "Jaunā velojosla Rēzeknes centrā")
            page.fill("#image_caption-field-11", "Velojosla pie stacijas")
            page.click("#status-field-13")
            page.get_by_text("Publicēta (redzama portālā)", exact=True).click()
            page.locator("label[for^=body-field-]").locator("xpath=../..").locator("[contenteditable=true]").click()
            page.keyboard.type("Pilsētā atklāta jauna velojosla.\n\n## Kur tā ved\n\nNo stacijas līdz centram.")
            page.locator("label[for^=image-field-]").evaluate("label => label.scrollIntoView()")
            _shot(page, shots, "redaktors-attels-teksts.png")
            page.get_by_text("Publicēt", exact=True).click()
            page.wait_for_selector("text=Publicēt tagad")
            _shot(page, shots, "redaktors-publicet.png")
            page.get_by_text("Publicēt tagad", exact=True).click()
            page.wait_for_selector("text=Ziņa saglabāta")
            wait_for(lambda: "velojosl" in git(site.root, "log", "-1", "--format=%s"), what="the commit")
            _shot(page, shots, "redaktors-saglabats.png")
            created = git(site.root, "rev-parse", "HEAD").strip()

            # An existing post, read back and saved with one field changed: only that line changes.
            page.goto("about:blank")
            page.goto(base_url + "/admin/#/collections/news/entries/2020/08-15-latgales-diena")
            page.wait_for_selector("[id^=summary-field-]:has-text('Kopsavilkums.')")
            page.fill("[id^=summary-field-]", "Kopsavilkums, labots.")
            page.get_by_text("Publicēt", exact=True).click()
            page.get_by_text("Publicēt tagad", exact=True).click()
            wait_for(lambda: "latgales-diena" in git(site.root, "log", "-1", "--format=%s"), what="the edit")
            assert problems == []  # among them, anything the /admin/ policy blocked
    finally:
        if context is not None:
            context.close()
        stop(proxy)
    assert proxy.returncode is not None

    assert git(site.root, "log", "-1", "--format=%s") == "Ziņa labota: 2020/08-15-latgales-diena\n"
    edit = git(site.root, "diff", "--unified=0", created, "HEAD")
    assert [line for line in edit.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")] == [
        "-Summary: Kopsavilkums.", "+Summary: Kopsavilkums, labots."]

    post = "content/news/2020/09-01-rezekne-atklaj-jaunu-velojoslu.md"
    assert git(site.root, "log", "-1", "--format=%s", created) == (
        "Jauna ziņa: 2020/09-01-rezekne-atklaj-jaunu-velojoslu\n")
    assert sorted(git(site.root, "show", "--name-only", "--format=", created).split()) == [
        "content/images/news/2020/velojosla.jpg", post]
    assert git(site.root, "status", "--porcelain") == ""
    assert git(origin.root, "rev-parse", "HEAD") == started  # saving commits; it never pushes
    assert (site.root / post).read_text(encoding="utf-8") == (
        "Title: Rēzeknē atklāj jaunu velojoslu\n"
        "Date: 2020-09-01 10:30\n"
        "Category: Transports\n"
        "Tags: Rēzekne, velosipēdi\n"
        "Summary: Rēzeknē atklāta jauna velojosla no stacijas līdz centram.\n"
        "Projects: crafts\n"
        "Image: images/news/2020/velojosla.jpg\n"
        "Image_alt: Jaunā velojosla Rēzeknes centrā\n"
        "Image_caption: Velojosla pie stacijas\n"
        "Status: published\n"
        "\n"
        "Pilsētā atklāta jauna velojosla.\n\n## Kur tā ved\n\nNo stacijas līdz centram.\n")

    site.build()  # the build that follows the commit: it raises on any problem
    page = site.soup("zinas/2020/09/rezekne-atklaj-jaunu-velojoslu/index.html")
    assert page.h1.get_text(strip=True) == "Rēzeknē atklāj jaunu velojoslu"
    assert page.find("img", alt="Jaunā velojosla Rēzeknes centrā") is not None
    assert "Velojosla pie stacijas" in page.get_text()
    feed = site.read("feeds/visas.rss.xml")
    assert "<title>Rēzeknē atklāj jaunu velojoslu</title>" in feed
    assert "/zinas/2020/09/rezekne-atklaj-jaunu-velojoslu/" in feed


def _answers(origin: str) -> bool:
    import urllib.request

    request = urllib.request.Request(origin + "/api/v1", data=b'{"action":"info"}',
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return json.load(response)["type"] == "local_git"
    except OSError:
        return False


def _shot(page, folder: str | None, name: str) -> None:
    """A screenshot for the authors' guide, when LPR_EDITOR_SCREENSHOTS names a folder."""
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        path = Path(folder) / name
        page.screenshot(path=str(path))
        # A 128-colour palette keeps the guide's images small; the editor's UI has few colours.
        with Image.open(path) as shot:
            small = shot.convert("RGB").quantize(colors=128)
        small.save(path, optimize=True)


def test_bundle_copies_for_precompression_are_made_once_and_match_the_bundle(tmp_path):
    import brotli
    import gzip

    from web_editor import _copy_precompressed

    dist = tmp_path / "node_modules" / "decap-cms" / "dist"
    dist.mkdir(parents=True)
    bundle = dist / "decap-cms.js"
    bundle.write_text("console.log('decap');\n" * 200, encoding="utf-8")
    for output in (tmp_path / "first", tmp_path / "second"):
        output.mkdir()
        _copy_precompressed(bundle, output)
        assert gzip.decompress((output / "decap-cms.js.gz").read_bytes()) == bundle.read_bytes()
        assert brotli.decompress((output / "decap-cms.js.br").read_bytes()) == bundle.read_bytes()
    cached = list((tmp_path / "node_modules" / ".cache" / "lpr-web-editor").rglob("*"))
    assert sorted(path.name for path in cached if path.is_file()) == ["decap-cms.js.br", "decap-cms.js.gz"]
