"""What a moderator says when adding a source: an address, and any details the page does not give.

In Telegram the details are lines below the link (or the caption of a file), in the terminal options:

    https://www.dw.com/de/wer-steht-noch-an-russlands-seite/a-69442700
    published: 2024-06
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields, replace

from bot.sources.errors import SourceError

FIELD_NAMES = {"title": "title", "publisher": "publisher", "published": "published", "date": "published",
               "language": "language", "author": "author", "url": "url"}
EXAMPLE = "published: 2024-06-20"
_PUBLISHED = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
_FIELD_LINE = re.compile(r"^([A-Za-z]+)\s*:\s*(.*)$")
_ADDRESS = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S*$")


@dataclass(frozen=True)
class SourceDetails:
    """Details the moderator gives; each one given wins over what the page says about itself."""

    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    language: str | None = None
    author: str | None = None
    url: str | None = None

    def given(self) -> dict[str, str]:
        return {f.name: value for f in fields(self) if (value := getattr(self, f.name))}


def parse_request(text: str) -> tuple[str | None, SourceDetails]:
    """The address (a line of its own, if any) and the 'field: value' lines; `SourceError` for anything else."""
    address: str | None = None
    values: dict[str, str] = {}
    for line in (line.strip() for line in text.strip().splitlines()):
        if not line:
            continue
        if _ADDRESS.match(line) and address is None:
            address = line
            continue
        match = _FIELD_LINE.match(line)
        name = FIELD_NAMES.get(match.group(1).lower()) if match else None
        if match is None or name is None:
            shown = line if len(line) <= 60 else line[:57] + "..."
            raise SourceError(f"cannot read the line {shown!r}: below the link, write one detail a line as "
                              f"'field: value' ({', '.join(sorted(set(FIELD_NAMES.values())))}), e.g. {EXAMPLE}")
        values[name] = match.group(2).strip()
    return address, checked_details(SourceDetails(**values))


def checked_details(details: SourceDetails) -> SourceDetails:
    """The details with a well-formed date and language code, or `SourceError` saying what to write."""
    if details.published is not None and not _is_date(details.published):
        raise SourceError(f"published: {_shown(details.published)} is not a date; write YYYY-MM-DD, or YYYY-MM if only "
                          "the month is known")
    if details.language is not None:
        language = details.language.lower()
        if not re.fullmatch(r"[a-z]{2}", language):
            raise SourceError(f"language: {_shown(details.language)} is not a language code; write de or en")
        details = replace(details, language=language)
    return details


def _shown(value: str) -> str:
    """A detail as a message may repeat it: quoted, escaped, at most 30 characters (a date needs 10)."""
    return repr(value if len(value) <= 30 else value[:29] + "…")


def _is_date(text: str) -> bool:
    if not _PUBLISHED.match(text):
        return False
    try:
        dt.date.fromisoformat(text if len(text) == 10 else f"{text}-01")
    except ValueError:
        return False
    return True
