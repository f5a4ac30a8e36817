"""Small changes to one fact in an editor's YAML file, made at the lines the loader recorded.

Editors' files carry comments, blank lines, quoting and line widths of their own; re-dumping the YAML
would lose all of that. So a change touches only the lines of the field it changes (or inserts one
line), and is then proved right: the edited text is parsed again and must give exactly the old data
with that one change. A file laid out in a way the edit cannot handle is refused, never garbled.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import yaml

from bot.errors import EditError
from bot.knowledge.errors import ValidationReport
from bot.knowledge.yamlfile import ParsedYaml, parse_yaml

FIELD_ORDER = ("id", "topic", "questions", "answer", "keywords", "source", "quote", "as_of", "review_after",
               "reviewed_on", "superseded_by", "retired")
"""Where a field that is not yet in a fact goes: after the nearest one before it in this order."""

_PLAIN_VALUE = re.compile(r"^(?P<head>\s*[\w-]+:\s*)(?P<value>[^\s#'\"][^\s#]*)(?P<tail>\s+#.*)?$")


def set_fields(text: str, rel: str, fact_id: str, values: Mapping[str, object | None]) -> str:
    """`text` with the fact's fields set to `values` (None removes a field); all other lines untouched."""
    for key, value in values.items():
        text = _set_field(text, rel, fact_id, key, value)
    return text


def add_question(text: str, rel: str, fact_id: str, lang: str, question: str) -> str:
    """`text` with `question` appended to the fact's question variants in `lang`."""
    parsed, index = _locate(text, rel, fact_id)
    items = parsed.data["facts"][index]["questions"][lang]
    lines = text.splitlines(keepends=True)
    last = _block_item(parsed, lines, rel, (index, lang, len(items) - 1))
    dash = _indent(lines[last]) if lines[last].lstrip().startswith("-") else 0
    end = _span_end(lines, last, dash, item=True)
    new_lines = _insert(lines, end, f"{' ' * dash}- {render(question)}\n")
    expected = copy.deepcopy(parsed.data)
    expected["facts"][index]["questions"][lang].append(question)
    return _proved("".join(new_lines), rel, expected, last + 1)


def remove_question(text: str, rel: str, fact_id: str, lang: str, question: str) -> str:
    """`text` without the question variant `question` in `lang` (the undo of `add_question`)."""
    parsed, index = _locate(text, rel, fact_id)
    items: list[str] = parsed.data["facts"][index]["questions"][lang]
    if question not in items:
        raise EditError(f"fact '{fact_id}' in {rel} has no question {question!r} in {lang}")
    position = len(items) - 1 - items[::-1].index(question)
    lines = text.splitlines(keepends=True)
    line = _block_item(parsed, lines, rel, (index, lang, position))
    end = _span_end(lines, line, _indent(lines[line]), item=True)
    expected = copy.deepcopy(parsed.data)
    del expected["facts"][index]["questions"][lang][position]
    return _proved("".join(lines[:line] + lines[end:]), rel, expected, line + 1)


def render(value: object) -> str:
    """A value as an editor would write it: plain where YAML reads it back unchanged, else single-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    try:
        if text == text.strip() and yaml.safe_load(f"k: {text}") == {"k": text}:
            return text
    except yaml.YAMLError:
        pass
    return "'" + text.replace("'", "''") + "'"


def fact_index(data: Any, fact_id: str) -> int | None:
    facts = data.get("facts") if isinstance(data, dict) else None
    if not isinstance(facts, list):
        return None
    return next((i for i, fact in enumerate(facts) if isinstance(fact, dict) and fact.get("id") == fact_id), None)


# ---------------------------------------------------------------- internals


def _set_field(text: str, rel: str, fact_id: str, key: str, value: object | None) -> str:
    parsed, index = _locate(text, rel, fact_id)
    fact = parsed.data["facts"][index]
    expected = copy.deepcopy(parsed.data)
    if value is None:
        expected["facts"][index].pop(key, None)
    else:
        expected["facts"][index][key] = value
    if expected == parsed.data:
        return text
    lines = text.splitlines(keepends=True)
    column = _key_column(parsed, lines, index)
    if key in fact:
        start = parsed.lines[("facts", index, key)] - 1
        end = _span_end(lines, start, column)
        if value is None:
            new_lines = lines[:start] + lines[end:]
        else:
            new_lines = [*lines[:start], _field_line(lines[start], column, key, value, end - start), *lines[end:]]
        return _proved("".join(new_lines), rel, expected, start + 1)
    before = [k for k in FIELD_ORDER[:FIELD_ORDER.index(key)] if k in fact] if key in FIELD_ORDER else list(fact)
    anchor = parsed.lines[("facts", index, before[-1] if before else next(iter(fact)))] - 1
    end = _span_end(lines, anchor, column)
    new_lines = _insert(lines, end, f"{' ' * column}{key}: {render(value)}\n")
    return _proved("".join(new_lines), rel, expected, end + 1)


def _field_line(old: str, column: int, key: str, value: object, span: int) -> str:
    """The new line for a field, keeping a comment written after a one-line plain value."""
    found = _PLAIN_VALUE.match(old.rstrip("\n")) if span == 1 else None
    tail = found.group("tail") or "" if found else ""
    return f"{' ' * column}{key}: {render(value)}{tail}\n"


def _locate(text: str, rel: str, fact_id: str) -> tuple[ParsedYaml, int]:
    report = ValidationReport()
    parsed = parse_yaml(text, rel, report)
    if parsed is None:
        raise EditError(f"{rel} cannot be read: {report.render()}")
    index = fact_index(parsed.data, fact_id)
    if index is None:
        raise EditError(f"there is no fact '{fact_id}' in {rel}")
    return parsed, index


def _key_column(parsed: ParsedYaml, lines: list[str], index: int) -> int:
    """The column the fact's keys start at ('    id:' after '  - ')."""
    line = lines[parsed.lines[("facts", index)] - 1]
    found = re.match(r"^(\s*(?:-\s+)?)[\w-]+\s*:", line)
    if found is None:
        raise EditError(f"fact {index + 1} does not start with 'key:' on its first line")
    return len(found.group(1))


def _block_item(parsed: ParsedYaml, lines: list[str], rel: str, where: tuple[int, str, int]) -> int:
    """The 0-based line of one question variant, if it is written as a '- ' item on a line of its own."""
    index, lang, position = where
    line = parsed.lines[("facts", index, "questions", lang, position)] - 1
    owner = parsed.lines[("facts", index, "questions", lang)] - 1
    if line == owner or not lines[line].lstrip().startswith("- "):
        raise EditError(f"{rel}:{owner + 1}: the {lang} questions are written on one line ([...]); write them "
                        f"one a line, each starting with '- ', or add the question by uploading the file")
    return line


def _span_end(lines: list[str], start: int, column: int, *, item: bool = False) -> int:
    """The 0-based line after the value that starts on line `start` (trailing blank and comment lines excluded).

    A value goes on while lines are indented deeper than `column`; for a mapping key, '- ' items at the
    key's own column belong to it too (YAML allows a list to sit at its key's indentation).
    """
    end = start + 1
    last = start + 1
    while end < len(lines):
        stripped = lines[end].strip()
        if stripped and not stripped.startswith("#"):
            indent = _indent(lines[end])
            inside = indent > column or (not item and indent == column and stripped.startswith("- "))
            if not inside:
                break
            last = end + 1
        end += 1
    return last


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _insert(lines: list[str], at: int, new: str) -> list[str]:
    if at > 0 and not lines[at - 1].endswith("\n"):
        lines = [*lines[:at - 1], lines[at - 1] + "\n", *lines[at:]]
    return [*lines[:at], new, *lines[at:]]


def _proved(text: str, rel: str, expected: Any, line: int) -> str:
    report = ValidationReport()
    parsed = parse_yaml(text, rel, report)
    if parsed is None or parsed.data != expected:
        raise EditError(f"{rel}:{line}: the file is laid out in a way this change cannot be made safely; "
                        "make it by hand or upload the edited file")
    return text
