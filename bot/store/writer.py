"""The one thread that writes: callers enqueue and return, the thread commits in batches.

SQLite allows one writer at a time; a single thread with a queue turns many concurrent callers into
batched transactions, and lets the disk be slow, locked or full without the answering path noticing.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from bot.store.schema import connect_for_writing, transaction

log = logging.getLogger(__name__)
T = TypeVar("T")

QUEUE_LIMIT = 100_000  # rows waiting for the disk; beyond this the disk is hopeless and rows are dropped
BATCH = 500
IDLE_WAKEUP = 3600.0  # seconds; an idle writer still wakes up to run the daily job


@dataclass(frozen=True)
class _Write:
    sql: str
    params: tuple[object, ...]


@dataclass(frozen=True)
class _Call:
    action: Callable[[sqlite3.Connection], Any]
    result: Future[Any]


_STOP = object()


class Health:
    """Whether rows are being lost right now, and the one alert per outage."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._callback: Callable[[str], None] | None = None
        self.degraded: str | None = None  # why rows are being dropped right now, or None
        self.dropped = 0  # rows lost since start

    def listen(self, callback: Callable[[str], None] | None) -> None:
        with self._lock:
            self._callback = callback
            reason = self.degraded
        if callback and reason:  # an outage that began before anyone listened still deserves its alert
            _alert(callback, reason)

    @property
    def callback(self) -> Callable[[str], None] | None:
        return self._callback

    def failed(self, reason: str, rows: int) -> None:
        with self._lock:
            self.dropped += rows
            first = self.degraded is None
            self.degraded = reason
            callback = self._callback
        if first:
            log.error("question log degraded, answering without logging: %s", reason)
            if callback:
                _alert(callback, reason)

    def succeeded(self) -> None:
        if self.degraded is not None:
            log.warning("question log works again; %d row(s) were dropped", self.dropped)
            self.degraded = None


class Writer:
    """Owns the write connection; everything that changes the database goes through here."""

    def __init__(self, path: Path, *, busy_timeout: float, health: Health, daily: Callable[[sqlite3.Connection], Any],
                 clock: Callable[[], dt.datetime]) -> None:
        self._path = path
        self._busy_timeout = busy_timeout
        self._health = health
        self._daily = daily
        self._clock = clock
        self._queue: queue.Queue[_Write | _Call | object] = queue.Queue(maxsize=QUEUE_LIMIT)
        self._thread: threading.Thread | None = None
        self._conn: sqlite3.Connection | None = None
        self._closed = False
        self._inline = threading.Lock()  # without the thread, callers take turns writing themselves

    def start(self) -> None:
        """Start the thread (a daemon: a hung disk must not keep the process from exiting)."""
        if self._thread is None and not self._closed:
            self._thread = threading.Thread(target=self._run, name="allybot-store", daemon=True)
            self._thread.start()

    def put(self, sql: str, params: tuple[object, ...]) -> None:
        """Queue one statement; never blocks, never raises."""
        if self._closed:
            return
        try:
            self._queue.put_nowait(_Write(sql, params))
        except queue.Full:
            self._health.failed("the write queue is full: the database is not keeping up", rows=1)

    def call(self, action: Callable[[sqlite3.Connection], T], timeout: float) -> T | None:
        """Run `action` after everything queued before it; None if it failed or took longer than `timeout`."""
        if not self._running():
            if self._closed:
                return None
            with self._inline:
                self._drain_here()
                return self._attempt(action, rows=0)
        result: Future[T | None] = Future()
        try:
            self._queue.put(_Call(action, result), timeout=timeout)
            return result.result(timeout=timeout)
        except (queue.Full, TimeoutError):
            return None

    def try_connect(self) -> None:
        """Open and migrate now (at start-up), so a broken DATA_DIR is reported before the first reader comes."""
        self._attempt(lambda conn: None, rows=0)

    def close(self, timeout: float) -> None:
        """Write what is queued, then stop; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        if self._running():
            assert self._thread is not None
            self._queue.put(_STOP)
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("store writer busy after %.1fs; %d row(s) may be lost", timeout, self._queue.qsize())
                return
        with self._inline:
            self._drain_here()
            self._disconnect()

    def _running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        last_daily: dt.datetime | None = None
        while True:
            if last_daily is None or self._clock() - last_daily >= dt.timedelta(days=1):
                last_daily = self._clock()
                self._attempt(self._daily, rows=0)
            try:
                batch = [self._queue.get(timeout=IDLE_WAKEUP)]
            except queue.Empty:
                continue
            while len(batch) < BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            self._handle(batch)
            if any(item is _STOP for item in batch):
                self._disconnect()
                return

    def _drain_here(self) -> None:
        """Without a running thread (CLI, tests, after close) the caller writes the queue itself."""
        batch: list[_Write | _Call | object] = []
        while not self._queue.empty():
            batch.append(self._queue.get_nowait())
        self._handle(batch)

    def _handle(self, batch: list[_Write | _Call | object]) -> None:
        """Consecutive writes become one transaction; a call runs after the writes queued before it."""
        writes: list[tuple[str, tuple[object, ...]]] = []
        for item in [*batch, None]:
            if isinstance(item, _Write):
                writes.append((item.sql, item.params))
                continue
            if writes:
                self._attempt(partial(transaction, statements=writes), rows=len(writes))
                writes = []
            if isinstance(item, _Call):
                item.result.set_result(self._attempt(item.action, rows=0))

    def _attempt(self, action: Callable[[sqlite3.Connection], T], *, rows: int) -> T | None:
        """Run a database action; on failure drop its rows and degrade, so no caller ever sees an error."""
        try:
            if self._conn is None:
                self._conn = connect_for_writing(self._path, self._busy_timeout)
            result = action(self._conn)
        except (sqlite3.Error, OSError) as exc:
            self._disconnect()  # reconnect next time: the lock may be gone, the disk freed
            self._health.failed(f"{exc} ({self._path})", rows)
            return None
        except Exception:  # a bug must cost rows, not the writer thread
            log.exception("store write failed")
            self._health.failed("internal error, see the log", rows)
            return None
        if rows:  # only rows on disk prove the outage is over (opening a locked database works fine)
            self._health.succeeded()
        return result

    def _disconnect(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _alert(callback: Callable[[str], None], reason: str) -> None:
    try:
        callback(reason)
    except Exception:
        log.exception("on_degraded callback failed")
