"""Reads for the moderators' one-tap tools: which questions they set aside, a question by its short ref,
and the daily figures behind the /status chart.

A question set aside ("no fact for this") is remembered as its audit row, action 'dismiss' (and
'undismiss' when taken back): the decision and its record are one row, and no table is needed for it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from bot.store import Store
from bot.store.reads import LOW_CONFIDENCE, MAX_GROUPED
from bot.store.schema import ReadConnection

DISMISS = "dismiss"
UNDISMISS = "undismiss"
REF_CHARS = 8


def question_ref(question: str) -> str:
    """A short, stable name for a question text, small enough for a button's callback data."""
    return hashlib.sha256(question.encode("utf-8")).hexdigest()[:REF_CHARS]


def dismissed_questions(store: Store) -> set[str]:
    """The questions moderators said no fact is for (and did not take back)."""
    with ReadConnection(store.path, 2.0) as conn:
        rows = conn.execute("SELECT action, detail FROM audit WHERE action IN (?, ?) ORDER BY id",
                            (DISMISS, UNDISMISS)).fetchall()
    hidden: set[str] = set()
    for action, question in rows:
        if action == DISMISS:
            hidden.add(question)
        else:
            hidden.discard(question)
    return hidden


def find_unanswered(store: Store, ref: str) -> str | None:
    """The unanswered question whose `question_ref` is `ref`, among the most recent ones in the log."""
    with ReadConnection(store.path, 2.0) as conn:
        rows = conn.execute(
            "SELECT question FROM questions WHERE kind = 'none' OR (kind = 'answer' AND score < ?)"
            " GROUP BY question ORDER BY MAX(id) DESC LIMIT ?", (LOW_CONFIDENCE, MAX_GROUPED)).fetchall()
    return next((question for (question,) in rows if question_ref(question) == ref), None)


@dataclass(frozen=True)
class Day:
    """Readers' questions on one day (UTC); small talk is not a question."""

    day: dt.date
    questions: int
    answered: int


def daily_questions(store: Store, days: int, today: dt.date) -> list[Day]:
    """One `Day` for each of the last `days` days up to `today`, days without questions included."""
    first = today - dt.timedelta(days=days - 1)
    with ReadConnection(store.path, 2.0) as conn:
        rows = conn.execute(
            "SELECT substr(at, 1, 10), TOTAL(kind != 'small_talk'), TOTAL(kind IN ('answer', 'ally'))"
            " FROM questions WHERE at >= ? GROUP BY 1", (first.isoformat(),)).fetchall()
    found = {day: (int(asked), int(answered)) for day, asked, answered in rows}
    result = []
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        asked, answered = found.get(day.isoformat(), (0, 0))
        result.append(Day(day, asked, answered))
    return result
