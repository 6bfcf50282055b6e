"""The architecture, checked: which code may import which, no import circles, no ``sys.path`` tricks.

    commands -> runner -> (steps, speed) -> shared        plugins -> shared only

Every ``import`` and ``from … import`` of portalbuild/ and plugins/ is read with ``ast``, at module
level and inside functions alike (an import inside a function is still a dependency). The map of
the packages is in portalbuild/__init__.py and docs/developers.md.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from portalbuild import ROOT

PLUGINS = ROOT / "plugins"
PLUGIN_NAMES = sorted(path.parent.name for path in PLUGINS.glob("*/__init__.py"))

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
    source: Path  # the importing file
    line: int
    module: str  # the importing module, by the name Python (or Pelican's plugin loader) gives it
    target: str  # the module imported, absolute
    in_function: bool

    @property
    def where(self) -> str:
        return f"{self.source.relative_to(ROOT)}:{self.line}"


def module_name(path: Path) -> str:
    """portalbuild/steps/check.py -> portalbuild.steps.check; plugins/feeds/render.py -> feeds.render
    (Pelican's plugin loader imports a plugin of PLUGIN_PATHS by its folder's name)."""
    relative = path.relative_to(PLUGINS if path.is_relative_to(PLUGINS) else ROOT).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


def python_files() -> list[Path]:
    return sorted([*(ROOT / "portalbuild").rglob("*.py"), *PLUGINS.rglob("*.py")])


KNOWN = {module_name(path) for path in python_files()}


def imports_of(path: Path) -> Iterator[Import]:
    """Every import of a file, each resolved to the module it loads (``from a import b`` loads a.b
    when a.b is a module of ours, else a)."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    functions = {id(node) for function in ast.walk(tree) if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
                 for node in ast.walk(function) if node is not function}
    for node in ast.walk(tree):
        inside = id(node) in functions
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, module, alias.name, inside)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield Import(path, node.lineno, module, submodule if submodule in KNOWN else base, inside)


ALL_IMPORTS = [found for path in python_files() for found in imports_of(path)]


def part_of(module: str) -> str:
    """The part of portalbuild/ a module belongs to: shared, steps, speed, runner, commands, or
    "(package)" for portalbuild/__init__.py; portalbuild/__main__.py (`python -m portalbuild`) is a command."""
    parts = module.split(".")
    if len(parts) == 1:
        return "(package)"
    return "commands" if parts[1] == "__main__" else parts[1]


def test_plugins_import_only_portalbuild_shared():
    wrong = [f"{found.where}: imports {found.target}; a plugin may import only portalbuild.shared "
             "(errors, settings validation, front matter, Latvian formats, UI strings, site facts). "
             "Fix: take what it needs from Pelican's settings and signals, or move a helper every plugin "
             "may use into portalbuild/shared/"
             for found in ALL_IMPORTS
             if found.source.is_relative_to(PLUGINS) and found.target.split(".")[0] == "portalbuild"
             and not found.target.startswith("portalbuild.shared")]
    assert not wrong, "\n".join(wrong)


def test_no_plugin_imports_another_plugin():
    wrong = [f"{found.where}: plugin {found.module.split('.')[0]!r} imports {found.target}, a module of plugin "
             f"{found.target.split('.')[0]!r}; each plugin must work on its own (PLUGINS may list either alone). "
             "Fix: share the helper through portalbuild/shared/, or the data through Pelican's context "
             "or a signal"
             for found in ALL_IMPORTS
             if found.source.is_relative_to(PLUGINS)
             and found.target.split(".")[0] in PLUGIN_NAMES
             and found.target.split(".")[0] != found.module.split(".")[0]]
    assert not wrong, "\n".join(wrong)


def test_portalbuild_never_imports_a_plugin():
    wrong = [f"{found.where}: imports {found.target}, a module of plugins/; the build code comes before the "
             "plugins and must not depend on one. Fix: move what both need into portalbuild/shared/"
             for found in ALL_IMPORTS
             if not found.source.is_relative_to(PLUGINS) and found.target.split(".")[0] in PLUGIN_NAMES]
    assert not wrong, "\n".join(wrong)


def test_each_part_of_portalbuild_imports_only_the_parts_below_it():
    wrong = []
    for found in ALL_IMPORTS:
        if found.source.is_relative_to(PLUGINS) or found.target.split(".")[0] != "portalbuild":
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
    assert not wrong, "\n".join(wrong)


def import_graph() -> dict[str, dict[str, Import]]:
    """Module -> the modules of ours it makes Python run, with the import that does. Importing
    a.b.c runs a/__init__.py and a/b/__init__.py too, unless the importer is inside them already."""
    graph: dict[str, dict[str, Import]] = {module: {} for module in KNOWN}
    for found in ALL_IMPORTS:
        parts = found.target.split(".")
        for length in range(1, len(parts) + 1):
            target = ".".join(parts[:length])
            inside = found.module == target or found.module.startswith(target + ".")
            if target in KNOWN and target != found.module and not (length < len(parts) and inside):
                graph[found.module].setdefault(target, found)
    return graph


def import_cycles(graph: dict[str, dict[str, Import]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm), each in a cycle's order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in graph[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return groups


def cycle_through(graph: dict[str, dict[str, Import]], group: list[str]) -> list[Import]:
    """One circle of imports inside a group, as the imports that make it, from the group's first module."""
    start, members = group[0], set(group)
    paths = {start: []}
    queue = [start]
    while queue:
        module = queue.pop(0)
        for target, found in sorted(graph[module].items()):
            if target == start:
                return [*paths[module], found]
            if target in members and target not in paths:
                paths[target] = [*paths[module], found]
                queue.append(target)
    raise AssertionError(f"no circle found in {group}")


def test_no_import_cycles():
    graph = import_graph()
    wrong = []
    for group in import_cycles(graph):
        steps = "; ".join(f"{found.module} imports {found.target} ({found.where}"
                          f"{', in a function' if found.in_function else ''})" for found in cycle_through(graph, group))
        wrong.append(f"import circle: {steps}. Fix: move what both sides need into a module that imports neither, "
                     "or pass it in as an argument")
    assert not wrong, "\n".join(wrong)


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


def test_nothing_changes_sys_path():
    files = [path for folder in SYS_PATH_FOLDERS for path in sorted((ROOT / folder).rglob("*.py"))]
    files += [ROOT / name for name in SYS_PATH_FILES]
    wrong = []
    for path in files:
        relative = str(path.relative_to(ROOT))
        for line, code in sys_path_changes(path):
            if (relative, code) not in ALLOWED:
                wrong.append(f"{relative}:{line}: changes Python's import path ({code}); code that only works "
                             "after such a change hides where its imports come from. Fix: import portalbuild "
                             "and tasks as installed (pip install -e .), plugins by Pelican's PLUGIN_PATHS, in "
                             "tests by pytest's `pythonpath` in pyproject.toml; a settings file takes overrides")
    assert not wrong, "\n".join(wrong)
