"""Read a YAML data file into located values: every value keeps its line number.

PyYAML composes the node tree; we build the values ourselves instead of letting
YAML guess types, because its guesses lose facts: `66793813.90` would become a
float, `2020-02-10` a date and `no` a boolean. Here every scalar stays the text
the author wrote (or None for an empty cell), and the dataset's column types
decide what it means. Line numbers let error messages point at the row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

NULLS = {"", "~", "null", "Null", "NULL"}
# libyaml's parser when PyYAML has it (about ten times faster); the nodes and marks are the same.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Located:
    """A value from the file and the line (1-based) where it starts."""

    value: Any  # str | None | list[Located] | dict[str, Located]
    line: int

    @property
    def kind(self) -> str:
        if isinstance(self.value, dict):
            return "mapping"
        if isinstance(self.value, list):
            return "list"
        return "scalar"


class YamlProblem(Exception):
    def __init__(self, line: int | None, message: str):
        self.line = line
        self.message = message
        super().__init__(message)


def parse(text: str) -> Located | None:
    """The document as located values, None for an empty file; YamlProblem if it is not YAML."""
    try:
        root = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise YamlProblem(line, _describe(error)) from None
    except yaml.YAMLError as error:
        raise YamlProblem(None, str(error).splitlines()[0]) from None
    return None if root is None else _build(root)


def _describe(error: yaml.MarkedYAMLError) -> str:
    parts = [part for part in (error.context, error.problem) if part]
    return ", ".join(parts) or "the YAML syntax is broken"


def _build(node: yaml.Node) -> Located:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        return Located(_mapping(node), line)
    if isinstance(node, yaml.SequenceNode):
        return Located([_build(item) for item in node.value], line)
    return Located(_scalar(node), line)


def _mapping(node: yaml.MappingNode) -> dict[str, Located]:
    result: dict[str, Located] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlProblem(key_node.start_mark.line + 1, "a key must be a plain word")
        key = key_node.value
        if key in result:
            raise YamlProblem(key_node.start_mark.line + 1,
                              f"the key '{key}' appears twice in the same block")
        result[key] = _build(value_node)
    return result


def _scalar(node: yaml.ScalarNode) -> str | None:
    if node.style in (None, "") and node.value in NULLS:  # plain (unquoted: style None, or "" from libyaml)
        return None
    return node.value
