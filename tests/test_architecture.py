"""The architecture, checked: which code may import which, no import circles, no ``sys.path`` tricks.

    commands -> runner -> (steps, speed) -> shared        plugins -> shared only

Every ``import`` and ``from … import`` of portalbuild/ and plugins/ is read with ``ast``, at module
level and inside functions alike (an import inside a function is still a dependency). The map of
the packages is in portalbuild/__init__.py and docs/developers.md. The last tests run the same
checks on a small made-up repository, to show that each finds what it is for and what it says.
"""

from __future__ import annotations

import ast
import graphlib
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from portalbuild import ROOT

# What each part of portalbuild/ may import of portalbuild/ (besides its own modules). The package
# itself, ``portalbuild`` (ROOT, the checkout's folder), only for runner and commands: a plugin or a
# step gets its paths from the settings or the runner, so that it works wherever it is used.
MAY_IMPORT = {
    "shared": {"shared"},
    "steps": {"shared", "steps"},
    "speed": {"shared", "speed"},
    "runner": {"shared", "steps", "speed", "runner", "(package)"},
    "commands": {"shared", "steps", "speed", "runner", "commands", "(package)"},
}
WHY = {
    "shared": "portalbuild/shared/ is the bottom layer that plugins import; it may import nothing else of portalbuild",
    "steps": "a post-build step may import only portalbuild.shared and other steps "
             "(the runner hands it the site, the settings and a BuildState)",
    "speed": "the fast build mode may import only portalbuild.shared and its own modules "
             "(the runner calls it; it must not call back into the runner)",
    "runner": "the runner may import portalbuild.shared, steps and speed, never the commands above it",
}


@dataclass(frozen=True)
class Import:
    source: str  # the importing file, relative to the repository
    line: int
    module: str  # the importing module, by the name Python (or Pelican's plugin loader) gives it
    target: str  # the module imported, absolute
    in_function: bool

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"

    @property
    def in_plugin(self) -> bool:
        return self.source.startswith("plugins/")


class Codebase:
    """The Python files of portalbuild/ and plugins/ in a repository, and their imports."""

    def __init__(self, root: Path):
        self.root = root
        self.plugins = root / "plugins"
        self.files = sorted([*(root / "portalbuild").rglob("*.py"), *self.plugins.rglob("*.py")])
        self.plugin_names = {path.parent.name for path in self.plugins.glob("*/__init__.py")}
        self.modules = {self.module_name(path) for path in self.files}

    def module_name(self, path: Path) -> str:
        """portalbuild/steps/check.py -> portalbuild.steps.check; plugins/feeds/render.py -> feeds.render
        (Pelican's plugin loader imports a plugin of PLUGIN_PATHS by its folder's name)."""
        relative = path.relative_to(self.plugins if path.is_relative_to(self.plugins) else self.root).with_suffix("")
        parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
        return ".".join(parts)

    @cached_property
    def imports(self) -> list[Import]:
        return [found for path in self.files for found in self._imports_of(path)]

    def _imports_of(self, path: Path) -> Iterator[Import]:
        """Every import of a file, each resolved to the module it loads (``from a import b`` loads
        a.b when a.b is a module of ours, else a)."""
        module, source = self.module_name(path), str(path.relative_to(self.root))
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        in_functions = {id(node) for function in ast.walk(tree)
                        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
                        for node in ast.walk(function) if node is not function}
        for node in ast.walk(tree):
            inside = id(node) in in_functions
            if isinstance(node, ast.Call) and _dynamic_import(node):
                yield Import(source, node.lineno, module, node.args[0].value, inside)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    yield Import(source, node.lineno, module, alias.name, inside)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                for alias in node.names:
                    submodule = f"{base}.{alias.name}"
                    yield Import(source, node.lineno, module, submodule if submodule in self.modules else base, inside)


def _dynamic_import(call: ast.Call) -> bool:
    """importlib.import_module("a.b") or a finder's find_spec("a", …), with the name written out."""
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    return (name in ("import_module", "find_spec") and bool(call.args)
            and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str))


REPOSITORY = Codebase(ROOT)


def part_of(module: str) -> str:
    """The part of portalbuild/ a module belongs to: shared, steps, speed, runner, commands, or
    "(package)" for portalbuild/__init__.py; portalbuild/__main__.py (`python -m portalbuild`) is a command."""
    parts = module.split(".")
    if len(parts) == 1:
        return "(package)"
    return "commands" if parts[1] == "__main__" else parts[1]


def plugin_imports_of_portalbuild(code: Codebase) -> list[str]:
    return [f"{found.where}: imports {found.target}; a plugin may import only portalbuild.shared "
            "(errors, settings validation, front matter, Latvian formats, UI strings, site facts). "
            "Fix: take what it needs from Pelican's settings and signals, or move a helper every plugin "
            "may use into portalbuild/shared/"
            for found in code.imports
            if found.in_plugin and found.target.split(".")[0] == "portalbuild"
            and not found.target.startswith("portalbuild.shared")]


def plugins_importing_plugins(code: Codebase) -> list[str]:
    return [f"{found.where}: plugin {found.module.split('.')[0]!r} imports {found.target}, a module of plugin "
            f"{found.target.split('.')[0]!r}; each plugin must work on its own (PLUGINS may list either alone). "
            "Fix: share the helper through portalbuild/shared/, or the data through Pelican's context "
            "or a signal"
            for found in code.imports
            if found.in_plugin and found.target.split(".")[0] in code.plugin_names
            and found.target.split(".")[0] != found.module.split(".")[0]]


def portalbuild_importing_plugins(code: Codebase) -> list[str]:
    """Only the command-line tasks, at the top, may use a plugin's code (`invoke check` runs
    content_guard's checks on every file before its build)."""
    return [f"{found.where}: imports {found.target}, a module of plugins/; the build code comes before the "
            "plugins and must not depend on one. Fix: move what both need into portalbuild/shared/"
            for found in code.imports
            if not found.in_plugin and found.target.split(".")[0] in code.plugin_names
            and part_of(found.module) != "commands"]


def imports_against_the_layers(code: Codebase) -> list[str]:
    wrong = []
    for found in code.imports:
        if found.in_plugin or found.target.split(".")[0] != "portalbuild":
            continue
        importer, imported = part_of(found.module), part_of(found.target)
        if importer == "(package)":
            wrong.append(f"{found.where}: portalbuild/__init__.py imports {found.target}; it holds only ROOT, "
                         "so that importing any part of portalbuild loads nothing else")
        elif imported not in MAY_IMPORT[importer]:
            what = "portalbuild (ROOT, the repository's folder)" if imported == "(package)" else found.target
            fix = ("Fix: have the caller pass the path (the runner puts what a step needs in its BuildState)"
                   if imported == "(package)" else
                   "Fix: move what it uses down into the lower part, or pass it in as an argument")
            wrong.append(f"{found.where}: imports {what}; {WHY[importer]}. {fix}")
    return wrong


def import_graph(code: Codebase) -> dict[str, dict[str, Import]]:
    """Module -> the modules of ours it makes Python run, with the import that does. Importing
    a.b.c runs a/__init__.py and a/b/__init__.py too, unless the importer is inside them already."""
    graph: dict[str, dict[str, Import]] = {module: {} for module in code.modules}
    for found in code.imports:
        parts = found.target.split(".")
        for length in range(1, len(parts) + 1):
            target = ".".join(parts[:length])
            inside = found.module == target or found.module.startswith(target + ".")
            if target in code.modules and target != found.module and not (length < len(parts) and inside):
                graph[found.module].setdefault(target, found)
    return graph


def import_circle(code: Codebase) -> str | None:
    """The first circle of imports (graphlib finds it), as the imports that make it; None if there is none."""
    graph = import_graph(code)
    try:
        graphlib.TopologicalSorter({module: set(targets) for module, targets in graph.items()}).prepare()
    except graphlib.CycleError as error:
        circle = list(error.args[1])
        if circle[1] not in graph[circle[0]]:
            circle.reverse()  # graphlib names it against the imports' direction
        steps = "; ".join(f"{found.module} imports {found.target} ({found.where}"
                          f"{', in a function' if found.in_function else ''})"
                          for found in (graph[module][target] for module, target in zip(circle, circle[1:])))
        return (f"import circle: {steps}. Fix: move what both sides need into a module that imports neither, "
                "or pass it in as an argument")
    return None


def test_plugins_import_only_portalbuild_shared():
    wrong = plugin_imports_of_portalbuild(REPOSITORY)
    assert not wrong, "\n".join(wrong)


def test_no_plugin_imports_another_plugin():
    wrong = plugins_importing_plugins(REPOSITORY)
    assert not wrong, "\n".join(wrong)


def test_portalbuild_never_imports_a_plugin():
    wrong = portalbuild_importing_plugins(REPOSITORY)
    assert not wrong, "\n".join(wrong)


def test_each_part_of_portalbuild_imports_only_the_parts_below_it():
    wrong = imports_against_the_layers(REPOSITORY)
    assert not wrong, "\n".join(wrong)


def test_no_import_circles():
    circle = import_circle(REPOSITORY)
    assert circle is None, circle


# --- sys.path -------------------------------------------------------------------

SYS_PATH_FOLDERS = ["portalbuild", "plugins", "tests", "bench", "scripts"]
SYS_PATH_FILES = ["tasks.py", "pelicanconf.py", "publishconf.py"]
# Pelican's documented settings pattern: publishconf.py starts from pelicanconf.py, its neighbour, which
# Pelican does not put on sys.path for it (pelican-quickstart writes exactly this line).
# (The line is written in two parts so that this file's own text does not match IN_TEXT.)
ALLOWED = {("publishconf.py", "sys.path" + ".insert(0, str(Path(__file__).resolve().parent))")}
# sys.path changed in code, or in code written as text (a settings file or a child's `python -c`);
# PYTHONPATH given to a child process.
IN_TEXT = re.compile(r"\bsys\.path\s*(\.\s*(insert|append|extend|remove|clear)\b|\[|\+=|=(?!=))|\bPYTHONPATH\b")
CHANGES = {"insert", "append", "extend", "remove", "clear", "pop"}


def sys_path_changes(path: Path) -> Iterator[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, str(path))
    for node in ast.walk(tree):
        sys_path = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CHANGES:
            sys_path = node.func.value
        elif isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            sys_path = next((target.value if isinstance(target, ast.Subscript) else target for target in targets
                             if _is_sys_path(target.value if isinstance(target, ast.Subscript) else target)), None)
        if sys_path is not None and _is_sys_path(sys_path):
            yield node.lineno, ast.get_source_segment(source, node)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and IN_TEXT.search(node.value):
            yield node.lineno, next(line.strip() for line in node.value.splitlines() if IN_TEXT.search(line))


def _is_sys_path(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "path" and isinstance(node.value, ast.Name) \
        and node.value.id == "sys"


def sys_path_problems(root: Path) -> list[str]:
    files = [path for folder in SYS_PATH_FOLDERS for path in sorted((root / folder).rglob("*.py"))]
    files += [root / name for name in SYS_PATH_FILES if (root / name).is_file()]
    wrong = []
    for path in files:
        relative = str(path.relative_to(root))
        for line, code in sorted(sys_path_changes(path)):
            if (relative, code) not in ALLOWED:
                wrong.append(f"{relative}:{line}: changes Python's import path ({code}); code that works only "
                             "after such a change hides where its imports come from. Fix: import portalbuild as "
                             "installed (pip install -e .), tasks.py through Invoke's loader, plugins by Pelican's "
                             "PLUGIN_PATHS (in tests: pytest's `pythonpath`, pyproject.toml); a generated settings "
                             "file reads its base with pelican.settings.get_settings_from_file")
    return wrong


def test_nothing_changes_sys_path():
    wrong = sys_path_problems(ROOT)
    assert not wrong, "\n".join(wrong)


# --- the checks themselves, on a made-up repository -----------------------------------

def made_up_repository(root: Path, files: dict[str, str]) -> Codebase:
    for name, text in {"portalbuild/__init__.py": "ROOT = None\n", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return Codebase(root)


def test_the_checks_name_each_wrong_import_with_its_file_line_and_fix(tmp_path):
    code = made_up_repository(tmp_path, {
        "portalbuild/shared/__init__.py": "",
        "portalbuild/runner/__init__.py": "def build():\n    from portalbuild.commands import cli\n",
        "portalbuild/commands/__init__.py": "",
        "portalbuild/commands/cli.py": "",
        "portalbuild/steps/__init__.py": "from portalbuild import ROOT\nimport feeds\n",
        "portalbuild/steps/search.py": "import importlib\nrender = importlib.import_module('feeds.render')\n",
        "plugins/feeds/__init__.py": "from portalbuild.runner import build\nfrom .render import page\n",
        "plugins/feeds/render.py": "from portalbuild.shared import errors\npage = None\n",
        "plugins/news/__init__.py": "def register():\n    from feeds.render import page\n",
    })
    assert plugin_imports_of_portalbuild(code) == [
        "plugins/feeds/__init__.py:1: imports portalbuild.runner; a plugin may import only portalbuild.shared "
        "(errors, settings validation, front matter, Latvian formats, UI strings, site facts). Fix: take what it "
        "needs from Pelican's settings and signals, or move a helper every plugin may use into portalbuild/shared/"]
    assert plugins_importing_plugins(code) == [
        "plugins/news/__init__.py:2: plugin 'news' imports feeds.render, a module of plugin 'feeds'; each plugin "
        "must work on its own (PLUGINS may list either alone). Fix: share the helper through portalbuild/shared/, "
        "or the data through Pelican's context or a signal"]
    assert portalbuild_importing_plugins(code) == [
        "portalbuild/steps/__init__.py:2: imports feeds, a module of plugins/; the build code comes before the "
        "plugins and must not depend on one. Fix: move what both need into portalbuild/shared/",
        "portalbuild/steps/search.py:2: imports feeds.render, a module of plugins/; the build code comes before the "
        "plugins and must not depend on one. Fix: move what both need into portalbuild/shared/"]
    assert imports_against_the_layers(code) == [
        "portalbuild/runner/__init__.py:2: imports portalbuild.commands.cli; the runner may import "
        "portalbuild.shared, steps and speed, never the commands above it. Fix: move what it uses down into the "
        "lower part, or pass it in as an argument",
        "portalbuild/steps/__init__.py:1: imports portalbuild (ROOT, the repository's folder); a post-build step "
        "may import only portalbuild.shared and other steps (the runner hands it the site, the settings and a "
        "BuildState). Fix: have the caller pass the path (the runner puts what a step needs in its BuildState)"]


def test_an_import_circle_is_named_import_by_import(tmp_path):
    code = made_up_repository(tmp_path, {
        "portalbuild/speed/__init__.py": "",
        "portalbuild/speed/mode.py": "from portalbuild.speed import writer\n",
        "portalbuild/speed/writer.py": "def write():\n    from portalbuild.speed.mode import run\n",
    })
    assert import_circle(code) in (
        "import circle: portalbuild.speed.mode imports portalbuild.speed.writer (portalbuild/speed/mode.py:1); "
        "portalbuild.speed.writer imports portalbuild.speed.mode (portalbuild/speed/writer.py:2, in a function). "
        "Fix: move what both sides need into a module that imports neither, or pass it in as an argument",
        "import circle: portalbuild.speed.writer imports portalbuild.speed.mode (portalbuild/speed/writer.py:2, in "
        "a function); portalbuild.speed.mode imports portalbuild.speed.writer (portalbuild/speed/mode.py:1). "
        "Fix: move what both sides need into a module that imports neither, or pass it in as an argument")
    (tmp_path / "portalbuild/speed/writer.py").write_text("def write():\n    pass\n", encoding="utf-8")
    assert import_circle(Codebase(tmp_path)) is None


def test_a_sys_path_change_is_found_in_code_and_in_code_written_as_text(tmp_path):
    made_up_repository(tmp_path, {
        "scripts/tool.py": "import sys\nsys.path" + "[:0] = ['..']\n",
        "tests/test_x.py": "CODE = 'import sys; sys.path" + ".append(\"..\")'\nENV = {'PYTHON" + "PATH': '..'}\n",
    })
    problems = sys_path_problems(tmp_path)
    assert problems[0] == (
        "tests/test_x.py:1: changes Python's import path (import sys; sys.path" + ".append(\"..\")); code that "
        "works only after such a change hides where its imports come from. Fix: import portalbuild as installed "
        "(pip install -e .), tasks.py through Invoke's loader, plugins by Pelican's PLUGIN_PATHS (in tests: "
        "pytest's `pythonpath`, pyproject.toml); a generated settings file reads its base with "
        "pelican.settings.get_settings_from_file")
    assert [problem.split("; code that works only")[0] for problem in problems] == [
        "tests/test_x.py:1: changes Python's import path (import sys; sys.path" + ".append(\"..\"))",
        "tests/test_x.py:2: changes Python's import path (PYTHON" + "PATH)",
        "scripts/tool.py:2: changes Python's import path (sys.path" + "[:0] = ['..'])"]
