"""Every table that holds rows about a reader, in one list, so that retention and /forget cannot miss one.

A new table keyed by the reader's hash belongs in `READER_TABLES`; `tests/test_store.py` fails when a
table with a `reader` column is missing from it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from bot.store.schema import transaction


@dataclass(frozen=True)
class ReaderTable:
    """A table with a `reader` column (the keyed hash) and the column saying when the row was last touched."""

    name: str
    touched: str


READER_TABLES: tuple[ReaderTable, ...] = (
    ReaderTable("questions", "at"),
    ReaderTable("votes", "at"),
    ReaderTable("readers", "updated_at"),  # the language choice, touched by every question the reader asks
)


def delete_reader(conn: sqlite3.Connection, reader_key: str) -> int:
    """/forget: every row about one reader, all or nothing; returns how many rows went."""
    statements: list[tuple[str, tuple[object, ...]]] = [
        (f"DELETE FROM {table.name} WHERE reader = ?", (reader_key,)) for table in READER_TABLES]
    return sum(transaction(conn, statements))


def delete_older_than(conn: sqlite3.Connection, cutoff: str) -> dict[str, int]:
    """Retention: rows last touched before `cutoff` (an ISO timestamp), per table."""
    statements: list[tuple[str, tuple[object, ...]]] = [
        (f"DELETE FROM {table.name} WHERE {table.touched} < ?", (cutoff,)) for table in READER_TABLES]
    counts = transaction(conn, statements)
    return {table.name: count for table, count in zip(READER_TABLES, counts, strict=True)}
