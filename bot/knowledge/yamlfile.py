"""Reading one YAML file the safe way, remembering where every value was written.

pyyaml's `safe_load` silently keeps the last of two equal keys and forgets line numbers; an editor
needs both reported, so we compose the node tree ourselves, check it, then construct from it with
`safe_load`'s own constructors (no Python tags).

Anchors and aliases (`&a`, `*a`) are refused while composing, before anything is built: fact files
never need them, and they are how 400 bytes become gigabytes ("billion laughs") or a value contains
itself. Nesting deeper, or more values, than fact files ever need are refused the same way, so that a
hostile 256 KB file cannot make the bot build hundreds of thousands of objects or error messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from bot.knowledge.errors import ValidationReport
from bot.knowledge.limits import MAX_YAML_DEPTH, MAX_YAML_VALUES

Path_ = tuple[str | int, ...]

# A line inside a quoted text that looks like the next `key:` means the quote was never closed.
_LOOKS_LIKE_KEY = re.compile(r"\n[ \t]*(- )?[\w-]+:(\s|$)")


class _Refused(yaml.MarkedYAMLError):
    """Plain YAML a fact file must not contain; `problem` and `note` are the message and the fix."""


class _SafeLoader(yaml.SafeLoader):
    """`yaml.SafeLoader` without anchors or aliases, with a depth limit, and errors that say where."""

    _depth = 0
    _values = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(problem="YAML anchors and aliases (&name, *name) are not allowed",
                           problem_mark=event.start_mark,
                           note="fact files need none: write the value out in full where it is needed")
        self._values += 1
        if self._values > MAX_YAML_VALUES:  # checked while reading: memory stays bounded by the file's size
            raise _Refused(problem=f"the file has more than {MAX_YAML_VALUES:,} values",
                           problem_mark=event.start_mark,
                           note="a fact file needs a few hundred; split it, or remove what was pasted in by mistake")
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise _Refused(problem=f"the YAML is nested more than {MAX_YAML_DEPTH} levels deep",
                               problem_mark=event.start_mark,
                               note="fact files need 5 levels; check the indentation and brackets")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except Exception as exc:  # pyyaml's constructors fail in many ways on an explicit tag like `!!bool x`
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            raise yaml.constructor.ConstructorError(
                None, None, f"the value {str(node.value)[:60]!r} cannot be read as {tag}", node.start_mark
            ) from exc


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """An impossible date such as 2024-13-45 stays text, so the model reports it as 'not a date'."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, AttributeError):  # pyyaml fails with AttributeError on an explicit `!!timestamp x`
        return loader.construct_scalar(node)


_SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


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
    loader: _SafeLoader | None = None
    try:
        loader = _SafeLoader(text)
        node = loader.get_single_node()
        if node is None:
            return ParsedYaml(None, {})  # the model says which fields an empty file lacks
        lines: dict[Path_, int] = {}
        before = len(report)
        _walk(node, (), lines, path, report)
        if len(report) > before:
            return None
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        report.add(path, *_describe_marked_error(exc, text))
        return None
    except yaml.reader.ReaderError as exc:
        line = text[:exc.position].count("\n") + 1
        report.add(path, line, f"the file contains an invisible control character (#x{exc.character:04x})",
                   "delete it; it usually comes from copying text out of another program")
        return None
    except yaml.YAMLError as exc:
        report.add(path, 1, f"YAML error: {exc}", "check the file's indentation and quotes")
        return None
    finally:
        if loader is not None:
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
                report.add(path, line, f"duplicate key '{key}', first written on line {seen[key]}",
                           "YAML would silently keep only the last one; delete or merge one of them")
                continue
            seen[key] = line
            lines[(*loc, key)] = line
            _walk(value_node, (*loc, key), lines, path, report)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*loc, index), lines, path, report)


def _describe_marked_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str, str]:
    """(line, message, hint) for a YAML error, pointing where the editor has to change something."""
    problem = exc.problem or "invalid YAML"
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    if isinstance(exc, _Refused):
        return line, problem, exc.note or ""
    if isinstance(exc, yaml.constructor.ConstructorError):
        tag = re.search(r"for the tag '([^']*)'", problem)
        if tag:
            shown = tag.group(1).replace("tag:yaml.org,2002:", "!!")
            return line, f"the YAML tag '{shown}' is not allowed", "only plain YAML is accepted: remove the tag"
        return line, f"YAML error at column {column}: {problem}", "write plain text, a number or a date, without a tag"
    if "'\\t'" in problem:
        return (line, f"YAML syntax error at column {column}: a tab character where YAML needs spaces",
                "indent with spaces, not tabs")
    quote_mark = exc.context_mark if "quoted scalar" in (exc.context or "") else _unclosed_quote(text, mark)
    if quote_mark is not None:
        quote = text[quote_mark.index] if quote_mark.index < len(text) else '"'
        return (quote_mark.line + 1,
                f"YAML syntax error at column {quote_mark.column + 1}: this quote ({quote}) is never closed",
                f"end the text with {quote} on the same line")
    if "mapping values" in problem:
        return (line, f"YAML syntax error at column {column}: a ':' where a text was expected",
                "put a text containing ': ' in quotes, or check this line's indentation")
    return line, f"YAML syntax error at column {column}: {problem}", "check indentation and that quotes are closed"


def _unclosed_quote(text: str, error: yaml.Mark | None) -> yaml.Mark | None:
    """The start of a quoted text before the error that swallowed the following `key:` lines, if any."""
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if error is not None and token.start_mark.index > error.index:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in {'"', "'"}:
                raw = text[token.start_mark.index:token.end_mark.index]
                if _LOOKS_LIKE_KEY.search(raw):
                    return token.start_mark
    except yaml.YAMLError:
        pass
    return None

