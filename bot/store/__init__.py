"""Questions, votes, reader languages and the moderators' audit trail, in one SQLite file in DATA_DIR.

Answering never waits for the disk: writes go into a queue that one writer thread empties in batches
(`bot.store.writer`). If the disk is full or the database locked, rows are dropped, the bot keeps
answering and moderators get one alert through `on_degraded`. Readers appear only as a keyed hash of
their Telegram id, never as the id itself.
"""

from __future__ import annotations

from bot.errors import SecretKeyError, StoreUnavailable
from bot.store.reads import LOW_CONFIDENCE, AuditEntry, FeedbackRow, Stats, UnansweredGroup
from bot.store.schema import MIGRATIONS
from bot.store.store import DB_FILE, FILE_WATCHER, SECRET_FILE, TERMINAL, Store, iso, utc_now

__all__ = [
    "DB_FILE",
    "FILE_WATCHER",
    "LOW_CONFIDENCE",
    "MIGRATIONS",
    "SECRET_FILE",
    "TERMINAL",
    "AuditEntry",
    "FeedbackRow",
    "SecretKeyError",
    "Stats",
    "Store",
    "StoreUnavailable",
    "UnansweredGroup",
    "iso",
    "utc_now",
]
