"""Questions, votes, reader languages and the moderators' audit trail, in one SQLite file in DATA_DIR.

Answering never waits for the disk: writes go into a queue that one writer thread empties in batches.
If the disk is full or the database locked, rows are dropped, the bot keeps answering and moderators
get one alert through `on_degraded`. Readers appear only as a keyed hash, never as their Telegram id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import os
import queue
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from bot.knowledge import LANGS, Lang
from bot.matching import MAX_QUESTION_CHARS, Match
from bot.store_reads import FeedbackRow, Stats, StoreUnavailable, UnansweredGroup, read_feedback, read_stats
from bot.store_reads import read_unanswered

log = logging.getLogger(__name__)
T = TypeVar("T")

DB_FILE = "allybot.sqlite3"
SECRET_FILE = "secret.key"
QUEUE_LIMIT = 100_000  # rows waiting for the writer; beyond this the disk is hopeless and rows are dropped
BATCH = 500
PRUNE_INTERVAL = dt.timedelta(days=1)

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema. Migration N brings user_version N-1 to N; never edit one that has shipped.
    """
    CREATE TABLE questions(id INTEGER PRIMARY KEY, at TEXT NOT NULL, reader TEXT NOT NULL, question TEXT NOT NULL,
                           lang TEXT NOT NULL, kind TEXT NOT NULL, fact_id TEXT, ally TEXT, score REAL NOT NULL,
                           channel TEXT NOT NULL);
    CREATE INDEX questions_at ON questions(at);
    CREATE INDEX questions_fact ON questions(fact_id, at);
    CREATE TABLE votes(reader TEXT NOT NULL, fact_id TEXT NOT NULL, up INTEGER NOT NULL, at TEXT NOT NULL,
                       PRIMARY KEY(reader, fact_id));
    CREATE TABLE readers(reader TEXT PRIMARY KEY, lang TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE audit(id INTEGER PRIMARY KEY, at TEXT NOT NULL, moderator INTEGER NOT NULL, action TEXT NOT NULL,
                       detail TEXT NOT NULL, version_before TEXT NOT NULL, version_after TEXT NOT NULL);
    """,
)

CONNECTION_PRAGMAS: tuple[str, ...] = ("PRAGMA synchronous = NORMAL",)  # WAL + NORMAL: durable enough, fast

__all__ = ["DB_FILE", "MIGRATIONS", "FeedbackRow", "Stats", "Store", "StoreUnavailable", "UnansweredGroup"]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso(moment: dt.datetime) -> str:
    """One text format for every timestamp, so SQL can compare them as strings."""
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


class NewerSchemaError(sqlite3.DatabaseError):
    """The database was written by a newer allybot; this one must not touch it."""


@dataclass(frozen=True)
class _Write:
    sql: str
    params: tuple[object, ...]


@dataclass(frozen=True)
class _Barrier:
    done: threading.Event


@dataclass(frozen=True)
class _Prune:
    result: Future[int]


_STOP = object()
_Item = _Write | _Barrier | _Prune | object


class Store:
    """The bot's memory; every write method returns at once and never raises."""

    def __init__(self, path: Path, *, secret: bytes, retention_days: int = 90, read_only: bool = False,
                 busy_timeout: float = 5.0, clock: Callable[[], dt.datetime] = utc_now) -> None:
        self.path = path
        self.retention_days = retention_days
        self.clock = clock
        self._secret = secret
        self._read_only = read_only
        self._busy_timeout = busy_timeout
        self._queue: queue.Queue[_Item] = queue.Queue(maxsize=QUEUE_LIMIT)
        self._thread: threading.Thread | None = None
        self._conn: sqlite3.Connection | None = None
        self._ready = False
        self._closed = False
        self._lock = threading.Lock()
        self._languages: dict[str, Lang | None] = {}
        self._on_degraded: Callable[[str], None] | None = None
        self.degraded: str | None = None  # why rows are being dropped right now, or None
        self.dropped = 0  # rows lost since start
        if not read_only:
            self._try(self._writer_conn, rows=0)

    @classmethod
    def open(cls, data_dir: Path, retention_days: int = 90) -> Store:
        """The store in DATA_DIR with its secret; a broken DATA_DIR degrades instead of stopping the bot."""
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            log.error("cannot create DATA_DIR %s: %s", data_dir, exc)
        return cls(data_dir / DB_FILE, secret=_load_secret(data_dir / SECRET_FILE), retention_days=retention_days)

    @property
    def on_degraded(self) -> Callable[[str], None] | None:
        """Called once per outage, from whichever thread noticed it; it must not block (schedule, don't send)."""
        return self._on_degraded

    @on_degraded.setter
    def on_degraded(self, callback: Callable[[str], None] | None) -> None:
        with self._lock:
            self._on_degraded = callback
            reason = self.degraded
        if callback and reason:  # an outage that began before anyone was listening still deserves its alert
            _call(callback, reason)

    # lifecycle

    def start(self) -> None:
        """Start the one writer thread (daemon: a hung disk must not keep the process alive)."""
        if self._thread is None and not self._read_only:
            self._thread = threading.Thread(target=self._run, name="allybot-store", daemon=True)
            self._thread.start()

    def flush(self, timeout: float = 5.0) -> None:
        """Wait until everything queued so far is written (or dropped)."""
        if self._thread is None or not self._thread.is_alive():
            self._drain_here()
            return
        barrier = _Barrier(threading.Event())
        try:
            self._queue.put(barrier, timeout=timeout)
        except queue.Full:
            return
        barrier.done.wait(timeout)

    def close(self, timeout: float = 5.0) -> None:
        """Write what is queued and close; safe to call twice."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        if self._thread is not None and self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("store writer still busy after %.1fs; %d row(s) may be lost", timeout, self._queue.qsize())
                return
        self._drain_here()
        self._close_conn()

    # writes: enqueue and return

    def reader_key(self, user_id: int) -> str:
        """A stable pseudonym for a reader: the secret stays on the server, so the hash cannot be reversed."""
        return hmac.new(self._secret, str(user_id).encode(), hashlib.sha256).hexdigest()

    def log_question(self, user_id: int, question: str, match: Match, *, channel: str = "private") -> None:
        fact = match.entry or match.best  # for unanswered questions: the closest fact, a hint for editors
        self._enqueue("INSERT INTO questions(at, reader, question, lang, kind, fact_id, ally, score, channel)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      (iso(self.clock()), self.reader_key(user_id), question[:MAX_QUESTION_CHARS], match.lang,
                       match.kind, fact.id if fact else None, match.ally, float(match.score), channel))

    def log_vote(self, user_id: int, fact_id: str, up: bool) -> None:
        """One vote per reader and fact: a reader who changes their mind replaces the earlier vote."""
        self._enqueue("INSERT INTO votes(reader, fact_id, up, at) VALUES (?, ?, ?, ?) ON CONFLICT(reader, fact_id)"
                      " DO UPDATE SET up = excluded.up, at = excluded.at",
                      (self.reader_key(user_id), fact_id, int(up), iso(self.clock())))

    def set_language(self, user_id: int, lang: Lang) -> None:
        key = self.reader_key(user_id)
        self._languages[key] = lang  # the next message uses it even before the writer gets to it
        self._enqueue("INSERT INTO readers(reader, lang, updated_at) VALUES (?, ?, ?) ON CONFLICT(reader)"
                      " DO UPDATE SET lang = excluded.lang, updated_at = excluded.updated_at",
                      (key, lang, iso(self.clock())))

    def audit(self, moderator_id: int, action: str, detail: str, version_before: str, version_after: str) -> None:
        """Moderators are staff acting in their role, so their id is kept as is: who changed what matters."""
        self._enqueue("INSERT INTO audit(at, moderator, action, detail, version_before, version_after)"
                      " VALUES (?, ?, ?, ?, ?, ?)",
                      (iso(self.clock()), moderator_id, action, detail, version_before, version_after))

    def prune(self) -> int:
        """Delete questions and votes older than retention_days; runs on the writer thread, also once a day."""
        if self._thread is None or not self._thread.is_alive():
            return self._prune_now()
        result: Future[int] = Future()
        try:
            self._queue.put_nowait(_Prune(result))
            return result.result(timeout=self._busy_timeout + 5)
        except (queue.Full, TimeoutError):
            return 0

    # reads: synchronous, one short read-only connection each

    def get_language(self, user_id: int) -> Lang | None:
        key = self.reader_key(user_id)
        if key in self._languages:
            return self._languages[key]
        try:
            with self._reading() as conn:
                row = conn.execute("SELECT lang FROM readers WHERE reader = ?", (key,)).fetchone()
        except StoreUnavailable:
            return None
        lang: Lang | None = next((known for known in LANGS if row and row[0] == known), None)
        if len(self._languages) > QUEUE_LIMIT:
            self._languages.clear()  # a crude bound; the table is the truth
        self._languages[key] = lang
        return lang

    def stats(self, days: int = 7) -> Stats:
        with self._reading() as conn:
            return read_stats(conn, days, self._since(days))

    def unanswered(self, days: int = 7, limit: int = 20) -> list[UnansweredGroup]:
        with self._reading() as conn:
            return read_unanswered(conn, self._since(days), limit)

    def feedback(self, days: int = 30, limit: int = 10) -> list[FeedbackRow]:
        with self._reading() as conn:
            return read_feedback(conn, self._since(days), limit)

    def _since(self, days: int) -> str:
        return iso(self.clock() - dt.timedelta(days=days))

    def _reading(self) -> _ReadConnection:
        return _ReadConnection(self.path, self._busy_timeout)

    # the writer side

    def _enqueue(self, sql: str, params: tuple[object, ...]) -> None:
        if self._closed or self._read_only:
            return
        try:
            self._queue.put_nowait(_Write(sql, params))
        except queue.Full:
            self._degrade("the write queue is full: the database is not keeping up", rows=1)

    def _run(self) -> None:
        last_prune = dt.datetime.min.replace(tzinfo=dt.UTC)
        while True:
            try:
                batch = [self._queue.get(timeout=3600)]
            except queue.Empty:
                batch = []
            while len(batch) < BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            if self.clock() - last_prune >= PRUNE_INTERVAL:
                last_prune = self.clock()
                self._prune_now()
            self._handle(batch)
            if _STOP in batch:
                self._close_conn()
                return

    def _drain_here(self) -> None:
        """Without a writer thread (CLI, tests, after a stop) the caller writes the queue itself."""
        batch: list[_Item] = []
        while not self._queue.empty():
            batch.append(self._queue.get_nowait())
        self._handle(batch)

    def _handle(self, batch: list[_Item]) -> None:
        writes: list[_Write] = []
        for item in batch:
            if isinstance(item, _Write):
                writes.append(item)
                continue
            self._write(writes)
            writes = []
            if isinstance(item, _Barrier):
                item.done.set()
            elif isinstance(item, _Prune):
                item.result.set_result(self._prune_now())
        self._write(writes)

    def _write(self, writes: list[_Write]) -> None:
        if writes:
            self._try(lambda: self._transaction([(w.sql, w.params) for w in writes]), rows=len(writes))

    def _prune_now(self) -> int:
        cutoff = (iso(self.clock() - dt.timedelta(days=self.retention_days)),)
        counts = self._try(lambda: self._transaction([("DELETE FROM questions WHERE at < ?", cutoff),
                                                      ("DELETE FROM votes WHERE at < ?", cutoff)]), rows=0)
        if counts and counts[0]:
            log.info("pruned %d question(s) older than %d days", counts[0], self.retention_days)
        return counts[0] if counts else 0

    def _transaction(self, statements: list[tuple[str, tuple[object, ...]]]) -> list[int]:
        conn = self._writer_conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
            counts = [conn.execute(sql, params).rowcount for sql, params in statements]
            conn.execute("COMMIT")
            return counts
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _writer_conn(self) -> sqlite3.Connection:
        if self._conn is None:
            conn = sqlite3.connect(self.path, timeout=self._busy_timeout, isolation_level=None,
                                   check_same_thread=False)  # used by one thread at a time: the writer
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                for pragma in CONNECTION_PRAGMAS:
                    conn.execute(pragma)
            except sqlite3.Error:
                conn.close()
                raise
            self._conn = conn
        if not self._ready:
            _migrate(self._conn)
            self._ready = True
        return self._conn

    def _try(self, action: Callable[[], T], *, rows: int) -> T | None:
        """Run a database action; on failure drop its rows and degrade, so the caller never sees an error."""
        try:
            result = action()
        except (sqlite3.Error, OSError) as exc:
            self._close_conn()
            self._degrade(f"{exc} ({self.path})", rows)
            return None
        if self.degraded is not None:
            log.warning("question log works again after %d dropped row(s)", self.dropped)
            self.degraded = None
        return result

    def _degrade(self, reason: str, rows: int) -> None:
        with self._lock:
            self.dropped += rows
            first = self.degraded is None
            self.degraded = reason
            callback = self._on_degraded
        if first:
            log.error("question log degraded, answering without logging: %s", reason)
            if callback:
                _call(callback, reason)

    def _close_conn(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
            self._ready = False


class _ReadConnection:
    """A read-only connection for one report: it can never write, and it never waits long for the writer."""

    def __init__(self, path: Path, timeout: float) -> None:
        self._path = path
        self._timeout = min(timeout, 2.0)
        self._conn: sqlite3.Connection | None = None

    def __enter__(self) -> sqlite3.Connection:
        if not self._path.exists():
            raise StoreUnavailable(f"no database at {self._path}")
        try:
            self._conn = sqlite3.connect(f"{self._path.resolve().as_uri()}?mode=ro", uri=True, timeout=self._timeout)
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open {self._path}: {exc}") from exc
        return self._conn

    def __exit__(self, kind: object, exc: BaseException | None, trace: object) -> None:
        if self._conn is not None:
            self._conn.close()
        if isinstance(exc, sqlite3.Error):
            raise StoreUnavailable(f"cannot read {self._path}: {exc}") from exc


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema forward one script at a time, each in its own transaction with its version number."""
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise NewerSchemaError(f"schema version {version} is newer than this allybot's {len(MIGRATIONS)}")
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        try:
            conn.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        log.info("question log schema migrated to version %d", number)


def _load_secret(path: Path) -> bytes:
    """The HMAC key, created once with owner-only permissions; without it reader keys could be recomputed."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        try:
            return path.read_bytes()
        except OSError as exc:
            log.error("cannot read %s (%s); reader keys will change at the next restart", path, exc)
            return os.urandom(32)
    except OSError as exc:
        log.error("cannot create %s (%s); reader keys will change at the next restart", path, exc)
        return os.urandom(32)
    secret = os.urandom(32)
    with os.fdopen(fd, "wb") as file:
        file.write(secret)
    return secret


def _call(callback: Callable[[str], None], reason: str) -> None:
    try:
        callback(reason)
    except Exception:
        log.exception("on_degraded callback failed")
