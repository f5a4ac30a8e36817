"""Reading one YAML file the safe way, remembering where every value was written.

pyyaml's `safe_load` silently keeps the last of two equal keys and forgets line numbers; an editor
needs both reported, so we compose the node tree ourselves, check it, then construct from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from bot.knowledge.errors import ValidationReport

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class ParsedYaml:
    """The constructed data plus the 1-based line of every value (by its path in the data)."""

    data: Any
    lines: dict[Path_, int]

    def line_of(self, loc: Path_) -> int:
        """Line of the deepest part of `loc` that exists, so a missing key points at its parent."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return 1


def parse_yaml(text: str, path: str, report: ValidationReport) -> ParsedYaml | None:
    """Parse `text` like `yaml.safe_load`, adding syntax errors and duplicate keys to `report`."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            report.add(path, 1, "the file is empty", "write the file's fields, see the schema")
            return None
        lines: dict[Path_, int] = {}
        before = len(report)
        _walk(node, (), lines, path, report)
        if len(report) > before:
            return None
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        column = mark.column + 1 if mark else 1
        problem = exc.problem or "invalid YAML"
        report.add(path, line, f"YAML syntax error at column {column}: {problem}", _yaml_hint(problem))
        return None
    except yaml.YAMLError as exc:
        report.add(path, 1, f"YAML error: {exc}", "check the file's indentation and quotes")
        return None
    finally:
        loader.dispose()
    return ParsedYaml(data, lines)


def _walk(node: yaml.Node, loc: Path_, lines: dict[Path_, int], path: str, report: ValidationReport) -> None:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                report.add(
                    path,
                    line,
                    f"duplicate key '{key}' (first written on line {seen[key]})",
                    "YAML keeps only the last one; delete or merge one of them",
                )
                continue
            seen[key] = line
            lines[(*loc, key)] = line
            _walk(value_node, (*loc, key), lines, path, report)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*loc, index), lines, path, report)


def _yaml_hint(problem: str) -> str:
    if "tab" in problem:
        return "indent with spaces, not tabs"
    if "constructor" in problem or "tag" in problem:
        return "only plain YAML is allowed: remove the '!' tag"
    if "mapping values" in problem:
        return "a text containing ': ' must be put in quotes"
    return "check indentation and that quotes are closed"
