"""The `Store` class: what the bot writes (through the writer thread) and what moderators read back."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from bot.errors import StoreUnavailable
from bot.knowledge import LANGS, Lang
from bot.matching import MAX_QUESTION_CHARS, Match
from bot.store.reader_rows import delete_older_than, delete_reader
from bot.store.reads import (
    AuditEntry,
    FeedbackRow,
    Stats,
    UnansweredGroup,
    read_audit,
    read_feedback,
    read_stats,
    read_unanswered,
)
from bot.store.schema import ReadConnection, load_secret
from bot.store.writer import Health, Writer

log = logging.getLogger(__name__)

DB_FILE = "allybot.sqlite3"
SECRET_FILE = "secret.key"
LANGUAGE_CACHE = 100_000


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso(moment: dt.datetime) -> str:
    """One text format for every timestamp, so SQL compares them correctly as strings."""
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


TERMINAL = 0  # the audit log's moderator for `allybot` commands run in a terminal
FILE_WATCHER = -1  # the audit log's moderator for a change made on disk, which the file watcher picked up


class Store:
    """The bot's memory. Write methods return at once and never raise; read methods raise StoreUnavailable."""

    def __init__(self, path: Path, *, secret: bytes, retention_days: int = 90, read_only: bool = False,
                 busy_timeout: float = 5.0, clock: Callable[[], dt.datetime] = utc_now) -> None:
        self.path = path
        self.retention_days = retention_days
        self.clock = clock
        self._secret = secret
        self._read_only = read_only
        self._busy_timeout = busy_timeout
        self._languages: dict[str, Lang | None] = {}
        self._health = Health()
        self._writer = Writer(path, busy_timeout=busy_timeout, health=self._health, daily=self._prune, clock=clock)
        if read_only:
            self._writer.close(0)  # a report must never change the database, not even by migrating it
        else:
            self._writer.try_connect()

    @classmethod
    def open(cls, data_dir: Path, retention_days: int = 90) -> Store:
        """The store in DATA_DIR with its secret; a broken DATA_DIR degrades instead of stopping the bot.

        Raises SecretKeyError for a secret.key too short to be one: that must stop the bot.
        """
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            log.error("cannot create DATA_DIR %s: %s", data_dir, exc)
        return cls(data_dir / DB_FILE, secret=load_secret(data_dir / SECRET_FILE), retention_days=retention_days)

    @property
    def on_degraded(self) -> Callable[[str], None] | None:
        """Called once per outage, from whichever thread noticed it: it must not block (schedule, don't send)."""
        return self._health.callback

    @on_degraded.setter
    def on_degraded(self, callback: Callable[[str], None] | None) -> None:
        self._health.listen(callback)

    @property
    def degraded(self) -> str | None:
        """Why rows are being dropped right now, or None when the log works."""
        return self._health.degraded

    @property
    def dropped(self) -> int:
        """Rows lost since start-up because the database could not take them."""
        return self._health.dropped

    def start(self) -> None:
        self._writer.start()

    def flush(self, timeout: float = 5.0) -> None:
        """Wait until everything queued so far is written (or dropped)."""
        if not self._read_only:
            self._writer.call(lambda conn: None, timeout)

    def close(self, timeout: float = 5.0) -> None:
        """Write what is queued and close; safe to call twice."""
        self._writer.close(timeout)

    # writes: queued, they return at once

    def reader_key(self, user_id: int) -> str:
        """A stable pseudonym: the secret stays on the server, so the key cannot be traced back to the id."""
        return hmac.new(self._secret, str(user_id).encode(), hashlib.sha256).hexdigest()

    def derived_key(self, purpose: str) -> bytes:
        """A key for `purpose` (e.g. signing buttons) from the secret, so one file keeps every key stable."""
        return hmac.new(self._secret, f"allybot key for {purpose}".encode(), hashlib.sha256).digest()

    def log_question(self, user_id: int, question: str, match: Match, *, channel: str = "private") -> None:
        fact = match.entry or match.best  # for unanswered questions the closest fact: where a variant may belong
        now, key = self._now(), self.reader_key(user_id)
        self._writer.put(
            "INSERT INTO questions(at, reader, question, lang, kind, fact_id, ally, score, channel)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (now, key, question[:MAX_QUESTION_CHARS], match.lang, match.kind,
             fact.id if fact else None, match.ally, float(match.score), channel),
        )
        if self._languages.get(key) is not None:  # known: every answer looks up the reader's language first
            # A language choice is kept RETENTION_DAYS after the reader's last question, not after choosing it.
            self._writer.put("UPDATE readers SET updated_at = ? WHERE reader = ?", (now, key))

    def log_vote(self, user_id: int, fact_id: str, up: bool) -> None:
        """One vote per reader and fact: a reader who changes their mind replaces the earlier vote."""
        self._writer.put(
            "INSERT INTO votes(reader, fact_id, up, at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(reader, fact_id) DO UPDATE SET up = excluded.up, at = excluded.at",
            (self.reader_key(user_id), fact_id, int(up), self._now()),
        )

    def set_language(self, user_id: int, lang: Lang) -> None:
        key = self.reader_key(user_id)
        self._remember(key, lang)  # the next message uses it even before the writer gets to it
        self._writer.put(
            "INSERT INTO readers(reader, lang, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT(reader) DO UPDATE SET lang = excluded.lang, updated_at = excluded.updated_at",
            (key, lang, self._now()),
        )

    def audit(self, moderator_id: int, action: str, detail: str, version_before: str, version_after: str) -> None:
        """Moderators act as staff, so their id is kept as is: who changed which facts is the point.
        `moderator_id` is a Telegram user id, TERMINAL for a command run in a terminal, or FILE_WATCHER for
        a change made on disk that the bot picked up."""
        self._writer.put(
            "INSERT INTO audit(at, moderator, action, detail, version_before, version_after) VALUES (?, ?, ?, ?, ?, ?)",
            (self._now(), moderator_id, action, detail, version_before, version_after),
        )

    def prune(self) -> int:
        """Forget every reader row older than retention_days (also done by the writer once a day)."""
        if self._read_only:
            return 0
        return self._writer.call(self._prune, self._busy_timeout + 5) or 0

    def forget_reader(self, user_id: int) -> bool:
        """/forget: delete every row about this reader, after whatever is queued; False if the disk failed.

        Blocks until the writer has done it (up to a few seconds): run it off the event loop.
        """
        if self._read_only:
            return False
        key = self.reader_key(user_id)
        self._languages.pop(key, None)
        deleted = self._writer.call(lambda conn: delete_reader(conn, key), self._busy_timeout + 5)
        self._languages.pop(key, None)  # a look-up meanwhile may have cached the row just deleted
        return deleted is not None

    # reads: synchronous, one short read-only connection each

    def get_language(self, user_id: int) -> Lang | None:
        """The reader's chosen language; asked on every message, so kept in memory after the first look-up."""
        key = self.reader_key(user_id)
        if key in self._languages:
            return self._languages[key]
        try:
            with ReadConnection(self.path, 0.2) as conn:
                row = conn.execute("SELECT lang FROM readers WHERE reader = ?", (key,)).fetchone()
        except StoreUnavailable:
            return None  # not cached: the database may come back
        lang = next((known for known in LANGS if row and row[0] == known), None)
        self._remember(key, lang)
        return lang

    def stats(self, days: int = 7) -> Stats:
        with self._reading() as conn:
            return read_stats(conn, days, self._since(days))

    def unanswered(self, days: int = 7, limit: int = 20) -> list[UnansweredGroup]:
        """Unanswered and low-confidence questions, similar ones grouped, most frequent first."""
        with self._reading() as conn:
            return read_unanswered(conn, self._since(days), limit)

    def feedback(self, days: int = 30, limit: int = 10) -> list[FeedbackRow]:
        """Voted facts, most 👎 first, with the questions that led readers to them."""
        with self._reading() as conn:
            return read_feedback(conn, self._since(days), limit)

    def audit_log(self, limit: int = 20) -> list[AuditEntry]:
        """The newest changes to the fact base first."""
        with self._reading() as conn:
            return read_audit(conn, limit)

    def _prune(self, conn: sqlite3.Connection) -> int:
        deleted = delete_older_than(conn, iso(self.clock() - dt.timedelta(days=self.retention_days)))
        if deleted["readers"]:
            self._languages.clear()  # the cache must not outlive the rows it mirrors
        if any(deleted.values()):
            counts = ", ".join(f"{count} {table}" for table, count in deleted.items())
            log.info("forgot rows older than %d days: %s", self.retention_days, counts)
        return sum(deleted.values())

    def _reading(self) -> ReadConnection:
        return ReadConnection(self.path, min(self._busy_timeout, 2.0))

    def _remember(self, key: str, lang: Lang | None) -> None:
        if len(self._languages) >= LANGUAGE_CACHE:
            self._languages.clear()  # crude but bounded; the table stays the truth
        self._languages[key] = lang

    def _now(self) -> str:
        return iso(self.clock())

    def _since(self, days: int) -> str:
        return iso(self.clock() - dt.timedelta(days=days))
