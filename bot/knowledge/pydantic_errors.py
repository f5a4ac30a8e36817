"""Turns pydantic's validation errors into `FILE:LINE: problem (fix)` lines an editor can act on."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError
from rapidfuzz import process

from bot.knowledge.errors import ValidationReport
from bot.knowledge.yamlfile import ParsedYaml


def translate_validation_error(
    exc: ValidationError, parsed: ParsedYaml, rel: str, model: type[BaseModel], report: ValidationReport
) -> None:
    """Add one line per pydantic error, pointing at the line where the value (or its parent) stands."""
    for error in exc.errors(include_url=False):
        loc = tuple(part for part in error["loc"] if not isinstance(part, str) or not part.startswith("function"))
        field = _field_name(loc)
        message, hint = _describe(error, field, loc, model)
        report.add(rel, parsed.line_of(loc), message, hint)


def _field_name(loc: tuple[Any, ...]) -> str:
    named = [str(part) for part in loc if isinstance(part, str)]
    where = ".".join(str(part) if isinstance(part, str) else f"[{part}]" for part in loc)
    return where.replace(".[", "[") if named else "the file"


def _describe(error: Any, field: str, loc: tuple[Any, ...], model: type[BaseModel]) -> tuple[str, str]:
    kind: str = error["type"]
    ctx = error.get("ctx") or {}
    last = str(loc[-1]) if loc else ""
    if kind == "missing":
        return f"missing field '{field}'", f"add '{last}:' here"
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[:-1])
        close = process.extractOne(last, allowed, score_cutoff=70) if allowed else None
        fix = f"did you mean '{close[0]}'?" if close else f"allowed fields: {', '.join(allowed)}"
        return f"unknown field '{field}'", fix
    if kind in {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"}:
        return f"'{field}' is not a date", "write the date as YYYY-MM-DD, e.g. 2024-06-20"
    if kind == "string_too_short":
        return f"'{field}' is empty", "write the text, or remove the entry"
    if kind == "too_short":
        return f"'{field}' needs at least {ctx.get('min_length')} entries", "add more entries"
    if kind == "string_pattern_mismatch":
        if last in {"url"}:
            return f"'{field}' is not an https:// address", "copy the full address, starting with https://"
        if last == "published":
            return f"'{field}' is not a date", "write YYYY-MM-DD, or YYYY-MM if only the month is known"
        return f"'{field}' must be lowercase words joined by '-'", "e.g. 'iran-drones' (letters a-z, digits, '-')"
    if kind in {"string_type", "list_type", "model_type", "dict_type", "model_attributes_type", "literal_error"}:
        return f"'{field}' has the wrong type: {error['msg'].lower()}", _type_hint(kind, error)
    if kind == "value_error":
        return f"'{field}': {ctx.get('error', error['msg'])!s}", "fix the value"
    return f"'{field}': {error['msg']}", "see the schema in knowledge/schema/"


def _type_hint(kind: str, error: Any) -> str:
    if kind == "string_type":
        return "write it as text; put numbers or yes/no in quotes"
    if kind == "list_type":
        return "write a list, one '- item' per line"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return "write it as indented 'key: value' lines"
    return f"use one of: {error.get('ctx', {}).get('expected', '')}"


def _allowed_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names allowed at `loc`, by walking the model's nested annotations."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
