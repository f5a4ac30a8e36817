"""The inbox: every update Telegram delivered, on disk before Telegram is told it may forget it.

Telegram keeps an update until a later `getUpdates` offset confirms it, so an update is safe either at
Telegram or here, never only in memory: the poller stores each fetched batch (one transaction) before it
asks for the next offset. A row moves through three states:

    new      stored, not handled yet
    sending  its handler started the first send of the reply: whether Telegram took it is not known yet
    done     the reply was sent, or the update was deliberately ignored; its raw JSON is erased then

After a crash, `undone()` gives back `new` and `sending` rows in arrival order, to be handled before
anything newer. A `sending` row is the one case that cannot be decided: the process died while Telegram
was taking the reply (one round trip, plus writing the mark), so the reader may get that answer twice;
a lost answer would be worse (benchmarks/bench_crash.py measures how often it happens). Done rows are
kept a day, so that an update Telegram delivers again (stored, but the bot died before confirming) is
recognised and not answered twice, and then pruned.

A file of its own beside the question log (DATA_DIR/inbox.sqlite3): the log may be locked or slow
(a moderator's report, a full disk) without holding up the answers. A stored batch is committed with
`synchronous = FULL` (fsync), so that not even a power cut takes back an update Telegram was told to
forget; the marks are committed with NORMAL: a killed process keeps them, a power cut may cost a mark,
which means at worst an answer sent twice.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

log = logging.getLogger(__name__)

INBOX_FILE = "inbox.sqlite3"
KEEP_DONE = dt.timedelta(days=1)  # Telegram forgets unconfirmed updates after 24 hours; so may we

SCHEMA = """
CREATE TABLE IF NOT EXISTS inbox(
    update_id INTEGER PRIMARY KEY,
    raw TEXT,                   -- the update as Telegram sent it; NULL once done (it holds personal data)
    state TEXT NOT NULL CHECK (state IN ('new', 'sending', 'done')),
    received_at TEXT NOT NULL,
    done_at TEXT
);
CREATE INDEX IF NOT EXISTS inbox_done ON inbox(done_at) WHERE state = 'done';
"""

State = Literal["new", "sending", "done"]


@dataclass(frozen=True)
class Pending:
    """An update stored but not done: its raw JSON and how far its handling got before the bot stopped."""

    update_id: int
    raw: dict[str, Any]
    state: State


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Inbox:
    """The inbox file. Thread-safe: callers may use it from worker threads (asyncio.to_thread), one at a time."""

    def __init__(self, path: Path, *, busy_timeout: float = 5.0,
                 clock: Callable[[], dt.datetime] = utc_now) -> None:
        self.path = path
        self._clock = clock
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
        try:
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")  # marks: a crash keeps them, a power cut may not
            self._conn.execute("PRAGMA secure_delete = ON")  # an answered update's text is overwritten, not freed
            self._conn.executescript(SCHEMA)
        except sqlite3.Error:
            self._conn.close()
            raise

    def accept(self, updates: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """Stores a batch in one transaction; returns the updates not seen before (a re-delivery is not new).

        Raises sqlite3.Error if the batch could not be stored: the caller must then not confirm it.
        """
        now = self._now()
        fresh = []
        with self._lock:
            self._conn.execute("PRAGMA synchronous = FULL")  # on disk, not only in the page cache: see above
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                for update in updates:
                    cursor = self._conn.execute(
                        "INSERT OR IGNORE INTO inbox(update_id, raw, state, received_at) VALUES (?, ?, 'new', ?)",
                        (update["update_id"], json.dumps(update, ensure_ascii=False), now),
                    )
                    if cursor.rowcount:
                        fresh.append(update)
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            finally:
                self._conn.execute("PRAGMA synchronous = NORMAL")
        return fresh

    def sending(self, update_id: int) -> None:
        """The reply to `update_id` is about to go out: after a crash from here on, it may have arrived."""
        with self._lock:
            self._conn.execute("UPDATE inbox SET state = 'sending' WHERE update_id = ? AND state = 'new'",
                               (update_id,))

    def done(self, update_id: int) -> bool:
        """The update is handled: forget its content, keep its id a while. False if it was done already."""
        with self._lock:
            cursor = self._conn.execute(
                "UPDATE inbox SET state = 'done', raw = NULL, done_at = ? WHERE update_id = ? AND state != 'done'",
                (self._now(), update_id),
            )
        return cursor.rowcount > 0

    def undone(self) -> list[Pending]:
        """What the last run left unhandled, oldest first (so each chat's updates stay in order)."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT update_id, raw, state FROM inbox WHERE state != 'done' ORDER BY update_id"
            ).fetchall()
        pending = []
        for update_id, raw, state in rows:
            try:
                pending.append(Pending(update_id, json.loads(raw), state))
            except (TypeError, ValueError):  # cannot happen unless the file was edited; never retry it forever
                log.error("update %d in the inbox is unreadable; dropping it", update_id)
                self.done(update_id)
        return pending

    def next_offset(self) -> int:
        """The getUpdates offset that confirms everything stored here (0 for an empty inbox: confirms nothing)."""
        with self._lock:
            (highest,) = self._conn.execute("SELECT MAX(update_id) FROM inbox").fetchone()
        return 0 if highest is None else highest + 1

    def prune(self) -> int:
        """Forget done updates older than a day; the newest row always stays, it carries the offset."""
        cutoff = (self._clock() - KEEP_DONE).isoformat(timespec="seconds")
        with self._lock:
            cursor = self._conn.execute(
                "DELETE FROM inbox WHERE state = 'done' AND done_at < ?"
                " AND update_id < (SELECT MAX(update_id) FROM inbox)",
                (cutoff,),
            )
        return cursor.rowcount

    def counts(self) -> dict[str, int]:
        """Rows per state, for the status line and the tests."""
        with self._lock:
            return dict(self._conn.execute("SELECT state, COUNT(*) FROM inbox GROUP BY state").fetchall())

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _now(self) -> str:
        return self._clock().astimezone(dt.UTC).isoformat(timespec="seconds")

