"""Turns pydantic's validation errors into `FILE:LINE: problem (fix)` lines an editor can act on.

Places are named the way an editor thinks of them: `fact 'iran-drones': 'answer.en'`, not
`facts.3.answer.en`; the line number already says where to look.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel, ValidationError
from rapidfuzz import process

from bot.knowledge.errors import ValidationReport
from bot.knowledge.models import SLUG_PATTERN
from bot.knowledge.yamlfile import ParsedYaml

Loc = tuple[str | int, ...]

_DATE_ERRORS = {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"}
_LANGUAGE_NAMES = {"de": "German", "en": "English"}
_LIST_ITEM_NAMES = {"facts": "fact", "sources": "source"}
_SLUG = re.compile(SLUG_PATTERN)
_DATE_HINT = "write it as YYYY-MM-DD with a real month and day, e.g. 2024-06-20"
_PUBLISHED_HINT = 'write "YYYY-MM-DD", or "YYYY-MM" / "YYYY" if the source gives only the month or year, in quotes'


def translate_validation_error(
    exc: ValidationError, parsed: ParsedYaml, rel: str, model: type[BaseModel], report: ValidationReport
) -> None:
    """Add one line per pydantic error, pointing at the line where the value (or its parent) stands."""
    errors = [(error, _clean_loc(error["loc"])) for error in exc.errors(include_url=False)]
    typos = _typo_targets(errors, model)
    for error, loc in errors:
        if error["type"] == "missing" and loc in typos:
            continue  # the 'unknown field' line already says "did you mean ...?"
        message, hint = _describe(error, loc, parsed.data, model)
        report.add(rel, parsed.line_of(loc), message, hint)


def _clean_loc(loc: tuple[Any, ...]) -> Loc:
    """Drop pydantic's validator names (e.g. 'function-before[...]') from an error location."""
    return tuple(part for part in loc if not (isinstance(part, str) and part.startswith("function")))


def _typo_targets(errors: list[tuple[Any, Loc]], model: type[BaseModel]) -> set[Loc]:
    """Locations of missing fields that an unknown field next to them is most likely a typo of."""
    targets: set[Loc] = set()
    for error, loc in errors:
        if error["type"] == "extra_forbidden":
            close = _closest_field(model, loc)
            if close:
                targets.add((*loc[:-1], close))
    return targets


def _describe(error: Any, loc: Loc, data: Any, model: type[BaseModel]) -> tuple[str, str]:
    kind: str = error["type"]
    value = error.get("input")
    prefix, field = _place(loc, data)
    last = loc[-1] if loc else ""
    if not loc and kind in {"model_type", "dict_type"}:
        fields = ", ".join(f"'{name}:'" for name in _fields(model, ()))
        problem = "the file is empty" if value is None else f"the file must be a mapping of fields, not {_kind(value)}"
        return problem, f"write {fields} at the left margin, see the schema"
    if kind == "missing":
        return f"{prefix}missing field {field}", _missing_hint(model, loc)
    if kind == "extra_forbidden":
        close = _closest_field(model, loc)
        fix = f"did you mean '{close}'?" if close else f"allowed fields: {', '.join(_fields(model, loc[:-1]))}"
        return f"{prefix}unknown field {field}", fix
    if value is None or (kind == "string_too_short" and isinstance(value, str)):
        return f"{prefix}{field} is empty", _empty_hint(kind, model, loc)
    if last == "language" and kind in {"value_error", "string_pattern_mismatch"}:
        return (f"{prefix}{field} is not an ISO 639-1 language code: {_shown(value)}",
                "write the two-letter code in lowercase, e.g. de, en, fr, ru, uk, zh")
    if kind in _DATE_ERRORS or (kind == "value_error" and last in {"as_of", "review_after", "published"}):
        if isinstance(value, dt.datetime):
            return f"{prefix}{field} has a time of day", "write only the date, YYYY-MM-DD"
        return f"{prefix}{field} is not a date: {_shown(value)}", _PUBLISHED_HINT if last == "published" else _DATE_HINT
    if kind == "too_short":
        ctx = error.get("ctx") or {}
        return (f"{prefix}{field} has {ctx.get('actual_length')} entries, needs at least {ctx.get('min_length')}",
                "add more ways a reader would ask" if "questions" in loc else "add more entries")
    if kind == "string_too_long":
        limit = (error.get("ctx") or {}).get("max_length")
        return (f"{prefix}{field} is too long ({len(str(value))} characters)",
                f"shorten it to at most {limit} characters, so that the answer card fits one Telegram message")
    if kind == "string_pattern_mismatch":
        return _pattern_problem(prefix, field, last, value)
    return _type_problem(error, prefix + field, model, loc)


def _type_problem(error: Any, where: str, model: type[BaseModel], loc: Loc) -> tuple[str, str]:
    """A value of the wrong kind: a text where fields or a list belong, a number where text belongs."""
    kind: str = error["type"]
    value = error.get("input")
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        names = _fields(model, loc)
        return (f"{where} must contain fields ({', '.join(f'{name}:' for name in names)}), not {_kind(value)}",
                "write each field on its own indented line below it")
    if kind == "list_type":
        return f"{where} must be a list, not {_kind(value)}", "write one '- item' per line below it"
    if kind == "string_type":
        return f"{where} must be text, not {_kind(value)}", _string_hint(value)
    if kind == "literal_error":
        expected = (error.get("ctx") or {}).get("expected", "")
        return f"{where} must be one of {expected}, not {_shown(value)}", f"use one of {expected}"
    return f"{where}: {error['msg']}", "see the schema in knowledge/schema/"


def _place(loc: Loc, data: Any) -> tuple[str, str]:
    """('fact 'iran-drones': ', "'answer.en'") for an error location; list items are counted from 1."""
    prefix = ""
    rest = loc
    if len(loc) >= 2 and loc[0] in _LIST_ITEM_NAMES and isinstance(loc[1], int):
        item_name = _LIST_ITEM_NAMES[str(loc[0])]
        item = _get(data, loc[:2])
        item_id = item.get("id") if isinstance(item, dict) else None
        named = isinstance(item_id, str) and _SLUG.fullmatch(item_id)
        label = f"{item_name} '{item_id}'" if named else f"{item_name} #{loc[1] + 1}"
        if len(loc) == 2:
            return "", label
        prefix, rest = f"{label}: ", loc[2:]
    names = ".".join(str(part) for part in rest if isinstance(part, str))
    items = "".join(f" item {part + 1}" for part in rest if isinstance(part, int))
    return prefix, (f"'{names}'{items}" if names else "the file")


def _get(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _pattern_problem(prefix: str, field: str, last: str | int, value: Any) -> tuple[str, str]:
    if last == "url":
        return f"{prefix}{field} is not an https:// address", "copy the full address, starting with https://"
    if last == "published":
        return f"{prefix}{field} is not a date: {_shown(value)}", _PUBLISHED_HINT
    suggestion = re.sub(r"[^a-z0-9]+", "-", str(value).casefold()).strip("-")
    fix = f"write it as '{suggestion}'" if suggestion else "e.g. 'iran-drones' (letters a-z, digits, '-')"
    return f"{prefix}{field} must be lowercase words joined by '-', not {_shown(value)}", fix


def _missing_hint(model: type[BaseModel], loc: Loc) -> str:
    last = str(loc[-1])
    if last in _LANGUAGE_NAMES:
        what = "questions (at least 4)" if "questions" in loc else "text"
        return f"add '{last}:' with the {_LANGUAGE_NAMES[last]} {what}"
    description = _description(model, loc)
    return f"add '{last}:' – {description}" if description else f"add '{last}:'"


def _empty_hint(kind: str, model: type[BaseModel], loc: Loc) -> str:
    last = loc[-1] if loc else ""
    if kind == "list_type":
        return "write one '- item' per line below it"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"write its fields on indented lines below it: {', '.join(f'{n}:' for n in _fields(model, loc))}"
    if isinstance(last, int):
        return "write the text, or delete the line"
    if last in _LANGUAGE_NAMES:
        return f"write the {_LANGUAGE_NAMES[last]} text"
    description = _description(model, loc)
    return f"write it – {description}" if description else "write the text"


def _string_hint(value: Any) -> str:
    if isinstance(value, dt.date):
        return f'put it in quotes: "{value.isoformat()}"'
    if isinstance(value, (list, dict)):
        return "write one text on the line; a text containing ': ' or starting with '-' needs quotes"
    return "put it in quotes"


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "fields"
    return "empty" if value is None else type(value).__name__


def _shown(value: Any) -> str:
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


# --- walking the models, so hints can name the fields an editor may write -----------------------


def _model_at(model: type[BaseModel], loc: Loc) -> Any:
    """The model class that validates the mapping at `loc`, or None."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current


def _fields(model: type[BaseModel], loc: Loc) -> list[str]:
    return list(getattr(_model_at(model, loc), "model_fields", {}))


def _description(model: type[BaseModel], loc: Loc) -> str:
    info = getattr(_model_at(model, loc[:-1]), "model_fields", {}).get(loc[-1]) if loc else None
    description: str = (info.description or "") if info is not None else ""
    return description[:1].lower() + description[1:].rstrip(".")


def _closest_field(model: type[BaseModel], loc: Loc) -> str | None:
    allowed = _fields(model, loc[:-1])
    close = process.extractOne(str(loc[-1]), allowed, score_cutoff=70) if allowed and loc else None
    return str(close[0]) if close else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
