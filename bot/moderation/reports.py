"""Moderator reports as plain text, shared by the Telegram commands and `allybot report`.

Plain text so each front end can escape and wrap it its own way; every report stays under
Telegram's message limit by ending with "…and N more" instead of being cut mid-line.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from bot.config import Settings
from bot.factbase.live import LiveKnowledge
from bot.knowledge import Entry, KnowledgeBase
from bot.knowledge.limits import TELEGRAM_MESSAGE_CHARS, fit
from bot.store import DB_FILE, LOW_CONFIDENCE, Store, StoreUnavailable, UnansweredGroup

log = logging.getLogger(__name__)
# The exception names the database file's absolute path under DATA_DIR: it goes to the log, not the chat.
LOG_UNREADABLE = "The question log cannot be read right now (see the bot's log)."
MAX_CHARS = TELEGRAM_MESSAGE_CHARS - 96  # room for the <pre> a front end wraps it in
NO_DATABASE = ("No questions recorded yet: there is no question log in {data_dir}. Readers' questions appear "
               "here once the bot has run with DATA_DIR={data_dir}.")
REPORT_KINDS = ("unanswered", "feedback", "stale")
# How far back /unanswered and /feedback look, and `allybot report` with them: written once, here.
# A week of unanswered questions is what a moderator works through at a sitting; votes come slower.
DEFAULT_DAYS = {"unanswered": 7, "feedback": 30}
MAX_DAYS = 3650  # ten years; more is a typo


def parse_days(text: str | None, kind: str) -> int | None:
    """A [days] argument as a moderator typed it: the report's default if absent, 1 to MAX_DAYS, else None."""
    if not text:
        return DEFAULT_DAYS[kind]
    return int(text) if text.isdigit() and 1 <= int(text) <= MAX_DAYS else None


def status_text(live: LiveKnowledge, store: Store, today: dt.date) -> str:
    """The bot's health at a glance: what it serves, how it answers, whether it can still log."""
    kb = live.kb
    reload = live.last_reload.describe() if live.last_reload else "none since start"
    stale = sum(entry.needs_review(today) for entry in kb)
    lines = [f"Fact base: {kb.summary()}", f"Last reload: {reload}", f"Facts past their review date: {stale}"]
    try:
        stats = store.stats(7)
        lines.append(f"Last 7 days: {stats.questions} question(s), {stats.answered} answered "
                     f"({stats.answer_rate:.0%}), {stats.low_confidence} unsure (score < {LOW_CONFIDENCE:.0f}), "
                     f"{stats.readers} reader(s), 👍 {stats.votes_up} 👎 {stats.votes_down}")
    except StoreUnavailable:
        lines.append(log_unreadable())
    if store.degraded:
        lines.append(f"Question log DEGRADED, answering without logging: {store.degraded} "
                     f"({store.dropped} row(s) not saved)")
    else:
        lines.append("Question log: ok")
    return _fit(lines, [])


def unanswered_text(store: Store, days: int) -> str:
    """What readers asked that the bot could not answer (or only guessed): where new facts or variants belong."""
    try:
        groups = store.unanswered(days, limit=50)
    except StoreUnavailable:
        return log_unreadable()
    return unanswered_report(groups, days)


def unanswered_report(groups: Sequence[UnansweredGroup], days: int) -> str:
    """The unanswered groups as text (those a moderator set aside or taught already left out by the caller)."""
    if not groups:
        return f"No unanswered or unsure questions in the last {days} day(s)."
    header = (f"Unanswered or unsure questions, last {days} day(s): {sum(g.count for g in groups)} "
              f"in {len(groups)} group(s), most frequent first")
    blocks = []
    for group in groups:
        lines = [f"{group.count}× {group.question}"]
        if group.examples:
            lines.append("    also: " + "; ".join(group.examples))
        if group.closest:
            lines.append(f"    closest fact: {group.closest}")
        blocks.append("\n".join(lines))
    return _fit([header], blocks)


def feedback_text(store: Store, kb: KnowledgeBase, days: int) -> str:
    """Facts readers voted down most, with what they had asked: the answers to reword first."""
    try:
        rows = store.feedback(days, limit=20)
    except StoreUnavailable:
        return log_unreadable()
    if not rows:
        return f"No votes in the last {days} day(s)."
    blocks = []
    for row in rows:
        entry = kb.get(row.fact_id)
        where = _describe(entry) if entry else f"{row.fact_id} (no longer in the fact base)"
        lines = [f"👎 {row.down}  👍 {row.up}  {where}"]
        if row.questions:
            lines.append("    asked: " + "; ".join(row.questions))
        blocks.append("\n".join(lines))
    return _fit([f"Reader feedback, last {days} day(s), most 👎 first:"], blocks)


def stale_text(kb: KnowledgeBase, today: dt.date) -> str:
    """Facts past their review date, oldest first, as FILE:LINE so an editor can jump straight there."""
    stale = sorted((entry for entry in kb if entry.needs_review(today)),
                   key=lambda e: (e.fact.review_after, e.file))
    if not stale:
        return f"No fact is past its review date (as of {today})."
    lines = [f"{entry.file}:{entry.line}: {entry.id}, review after {entry.fact.review_after} "
             f"({entry.fact.topic.en})" for entry in stale]
    return _fit([f"{len(stale)} fact(s) past their review date (as of {today}), oldest first:"], lines)


def print_report(kind: str, settings: Settings, kb: KnowledgeBase, days: int | None = None) -> str:
    """`allybot report KIND`: reads the question log read-only, so it is safe beside the running bot."""
    if kind == "stale":
        return stale_text(kb, dt.date.today())
    if kind not in REPORT_KINDS:
        raise ValueError(f"unknown report {kind!r}; choose one of {', '.join(REPORT_KINDS)}")
    days = days or DEFAULT_DAYS[kind]
    path = settings.data_dir / DB_FILE
    if not path.is_file():
        return NO_DATABASE.format(data_dir=settings.data_dir)
    store = Store(path, secret=b"", read_only=True)
    if kind == "unanswered":
        return unanswered_text(store, days)
    return feedback_text(store, kb, days)


def print_status(settings: Settings, kb: KnowledgeBase, *, chart: bool) -> tuple[str, bytes | None]:
    """`allybot report status`: the fact base, and the 30 days /status charts (the PNG too if `chart`)."""
    from bot.errors import ChartError
    from bot.moderation.chart import render_png, status_figures

    today = dt.date.today()
    stale = sum(entry.needs_review(today) for entry in kb)
    lines = [f"Fact base: {kb.summary()}", f"Facts past their review date: {stale}"]
    path = settings.data_dir / DB_FILE
    if not path.is_file():
        return "\n".join([*lines, NO_DATABASE.format(data_dir=settings.data_dir)]), None
    try:
        figures = status_figures(Store(path, secret=b"", read_only=True), "en")
    except StoreUnavailable:
        return "\n".join([*lines, log_unreadable()]), None
    lines.append(figures.caption())
    if not chart:
        return "\n".join(lines), None
    try:
        return "\n".join(lines), render_png(figures)
    except ChartError as exc:
        return "\n".join([*lines, f"No chart: {exc}"]), None


def log_unreadable(text: str = LOG_UNREADABLE) -> str:
    """Logs the StoreUnavailable being handled and returns `text`, which names no file."""
    log.warning("question log unavailable", exc_info=True)
    return text


def _describe(entry: Entry) -> str:
    return f"{entry.id} – {entry.fact.topic.en} ({entry.file}:{entry.line})"


def _fit(head: Sequence[str], blocks: Sequence[str], limit: int = MAX_CHARS) -> str:
    """Head lines, then as many blocks as fit in `limit` characters, then how many were left out."""
    return fit("\n".join(head), blocks, limit)
