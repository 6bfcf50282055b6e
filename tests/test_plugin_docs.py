"""The docs cannot drift from the code: each plugin's README names its setting, its settings
table has a row for each key of its DEFAULTS (and no other) with the default as the code writes
it, its snippet sets only those keys; the docs link only to files of the repository, and every
repository file they name exists.

A plugin's settings are found the way the plugins read them: the dictionary ``DEFAULTS`` of a
module in the plugin's folder, read with ``portalbuild.shared.options.plugin_options(settings, NAME,
DEFAULTS)`` (NAME a string or the module's ``SETTING``), or, where no plugin_options call
names it, separate settings that are DEFAULTS' keys themselves (project_cards).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from portalbuild import ROOT

PLUGINS = ROOT / "plugins"
PLUGIN_FOLDERS = sorted(path.parent for path in PLUGINS.glob("*/__init__.py"))
# Markdown links and images: [text](target) and ![alt](target); angle-bracketed autolinks are URLs.
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
# Code blocks and code spans show Markdown as text; their brackets are not links.
CODE = re.compile(r"^```.*?^```|`[^`\n]+`", re.DOTALL | re.MULTILINE)


@dataclass
class PluginSettings:
    folder: Path
    setting: str | None = None                    # the dictionary's name, e.g. "FEEDS"
    defaults: dict[str, str] = field(default_factory=dict)  # key -> the default's source text, "" if not a literal
    module: Path | None = None


def plugin_settings(folder: Path) -> PluginSettings | None:
    """The settings a plugin reads through DEFAULTS, or None if it has no DEFAULTS."""
    found = PluginSettings(folder)
    for module in sorted(folder.glob("*.py")):
        source = module.read_text(encoding="utf-8")
        tree = ast.parse(source)
        constants = {target.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
                     for target in node.targets if isinstance(target, ast.Name)
                     and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)}
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "DEFAULTS" for t in node.targets):
                assert isinstance(node.value, ast.Dict), f"{module}: DEFAULTS is not a dictionary literal"
                found.module = module
                for key, value in zip(node.value.keys, node.value.values):
                    assert isinstance(key, ast.Constant), f"{module}: a key of DEFAULTS is not a literal"
                    found.defaults[key.value] = _default_text(source, value)
        for call in ast.walk(tree):
            if isinstance(call, ast.Call) and getattr(call.func, "id", getattr(call.func, "attr", None)) == "plugin_options":
                name = call.args[1]
                found.setting = name.value if isinstance(name, ast.Constant) else constants.get(name.id)
    return found if found.module else None


def _default_text(source: str, value: ast.expr) -> str:
    """The default as a README row gives it: a string in double quotes, anything else as the code
    writes it on one line; "" for a name (FUNDS) or a value written over several lines (a table of
    topics), which the README describes in words."""
    if isinstance(value, (ast.Name, ast.Attribute, ast.Call)):
        return ""
    try:
        evaluated = ast.literal_eval(value)
    except ValueError:
        evaluated = None
    if isinstance(evaluated, str):
        return f'"{evaluated}"'
    text = ast.get_source_segment(source, value)
    return "" if "\n" in text else text


SETTINGS = {folder.name: plugin_settings(folder) for folder in PLUGIN_FOLDERS}
WITH_DEFAULTS = sorted(name for name, found in SETTINGS.items() if found)


def _same_quotes(text: str) -> str:
    return text.replace("'", '"')


def test_the_plugins_with_settings_are_found():
    # The checks below would pass on nothing if the way plugins declare settings changed.
    assert {"feeds", "indicator_tables", "reports", "responsive_images", "html_finishing",
            "social_meta", "site_files", "project_cards"} <= set(WITH_DEFAULTS)
    assert SETTINGS["feeds"].setting == "FEEDS" and SETTINGS["html_finishing"].setting == "HTML_FINISHING"
    assert SETTINGS["project_cards"].setting is None and "PROJECT_CARDS_TODAY" in SETTINGS["project_cards"].defaults


@pytest.mark.parametrize("folder", PLUGIN_FOLDERS, ids=lambda folder: folder.name)
def test_every_plugin_folder_has_a_readme_saying_what_it_adds_and_its_errors(folder):
    readme = folder / "README.md"
    assert readme.is_file(), f"{readme.relative_to(ROOT)} is missing: say what the plugin adds, its settings and errors"
    text = readme.read_text(encoding="utf-8")
    assert text.startswith(f"# {folder.name}\n"), f"{readme.relative_to(ROOT)}: start with '# {folder.name}'"
    for heading in ("## Settings", "## Errors it reports"):
        assert heading in text, f"{readme.relative_to(ROOT)}: add a section '{heading}'"


def settings_table(readme_text: str) -> dict[str, str]:
    """Key -> row of the table of keys in a README's "## Settings" section (first column `key`)."""
    section = readme_text.split("## Settings", 1)[-1].split("\n## ", 1)[0]
    rows, in_table = {}, False
    for line in section.splitlines():
        if re.match(r"\| (key|setting) \|", line):
            in_table = True
        elif not line.startswith("|"):
            in_table = False
        elif in_table and (key := re.match(r"\| `([^`]+)` \|", line)):
            rows[key[1]] = line
    return rows


def snippet_keys(readme_text: str, setting: str) -> list[str]:
    """The keys of ``SETTING = {...}`` in the README's pelicanconf.py snippets."""
    keys = []
    for block in re.findall(r"^```python\n(.*?)^```", readme_text, re.DOTALL | re.MULTILINE):
        for node in ast.parse(block).body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict) \
                    and any(getattr(target, "id", None) == setting for target in node.targets):
                keys += [key.value for key in node.value.keys if isinstance(key, ast.Constant)]
    return keys


@pytest.mark.parametrize("name", WITH_DEFAULTS)
def test_a_plugin_readme_names_its_setting_and_every_key_with_the_codes_default(name):
    found = SETTINGS[name]
    readme = found.folder / "README.md"
    text = readme.read_text(encoding="utf-8")
    where, module = readme.relative_to(ROOT), found.module.relative_to(ROOT)
    if found.setting:
        assert f"`{found.setting}`" in text, f"{where} does not name the setting {found.setting}"
        assert f"{found.setting} = " in text, f"{where}: add a pelicanconf.py snippet '{found.setting} = {{…}}'"
        unknown = [key for key in snippet_keys(text, found.setting) if key not in found.defaults]
        assert not unknown, f"{where}: the snippet sets {', '.join(unknown)}, which DEFAULTS in {module} does not have"
    table = settings_table(text)
    missing = [key for key in found.defaults if key not in table]
    assert not missing, f"{where}: the keys {', '.join(missing)} of DEFAULTS in {module} have no row in the settings table"
    stale = [key for key in table if key not in found.defaults]
    assert not stale, f"{where}: the settings table has rows for {', '.join(stale)}, which DEFAULTS in {module} does not have"
    for key, default in found.defaults.items():
        if default:  # a literal; a name or a multi-line value is described in words
            assert _same_quotes(f"`{default}`") in _same_quotes(table[key]), (
                f"{where}: the row of {key!r} does not give its default `{default}` as {module} has it")


def test_the_settings_table_check_finds_a_stale_row_and_a_wrong_default():
    readme = ("# x\n\n## Settings\n\n```python\nX = {\"items\": 5}\n```\n\n| key | default | what |\n"
              "| --- | --- | --- |\n| `items` | `30` | newest items |\n| `gone` | `1` | a key the code dropped |\n\n"
              "Also read: `SITEURL`.\n\n## Errors it reports\n\n| `not` | `a setting` |\n")
    assert settings_table(readme) == {"items": "| `items` | `30` | newest items |",
                                      "gone": "| `gone` | `1` | a key the code dropped |"}
    assert snippet_keys(readme, "X") == ["items"] and snippet_keys(readme, "Y") == []


def _documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md")), *sorted(PLUGINS.glob("*/README.md"))]


@pytest.mark.parametrize("document", _documents(), ids=lambda path: str(path.relative_to(ROOT)))
def test_the_docs_link_only_to_files_inside_the_repository(document):
    text = document.read_text(encoding="utf-8")
    broken = []
    for target in LINK.findall(CODE.sub("", text)):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # a web address or a place in the same file
        path = (document.parent / target.split("#", 1)[0]).resolve()
        if not path.is_relative_to(ROOT) or target.startswith("/"):
            broken.append(f"{target} (outside the repository; link relative to {document.name})")
        elif not path.exists():
            broken.append(f"{target} (no such file)")
    assert not broken, f"{document.relative_to(ROOT)}: " + "; ".join(broken)
    assert "DESIGN.md" not in text and "../shared" not in text, f"{document.relative_to(ROOT)} refers outside the repository"


# A file of the repository named in backticks: `portalbuild/commands/publish.py`, `tests/test_feeds.py`, `deploy/_headers`.
REPOSITORY_FILE = re.compile(r"`((?:portalbuild|plugins|tests|bench|deploy|scripts|theme/templates|theme/static)/[\w./-]+)`")


@pytest.mark.parametrize("document", _documents(), ids=lambda path: str(path.relative_to(ROOT)))
def test_the_files_the_docs_name_exist(document):
    named = set(REPOSITORY_FILE.findall(document.read_text(encoding="utf-8")))
    missing = sorted(name for name in named if not (ROOT / name.rstrip("/")).exists())
    assert not missing, f"{document.relative_to(ROOT)} names files that are not in the repository: {', '.join(missing)}"


def test_ci_runs_the_readmes_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^```sh\n(.*?)\n```", readme, re.DOTALL | re.MULTILINE)
    assert len(commands) >= 2, "README.md: the two set-up commands (build, tests) are in ```sh blocks"
    build_command, test_command = commands[0], commands[1]
    assert "requirements.lock" in build_command and build_command.endswith("invoke build"), build_command
    assert test_command.endswith(".venv/bin/pytest"), test_command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci, f".ci/run does not run the README's test command: {test_command}"
