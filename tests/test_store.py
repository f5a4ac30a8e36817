"""The question log: nothing lost, nothing blocking, no raw reader ids, and it degrades instead of failing."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import bot.store.schema
from bot.matching import Match
from bot.store import DB_FILE, MIGRATIONS, Store
from bot.store.reader_rows import READER_TABLES

UNANSWERED = Match(query="wie alt ist kim", lang="de", kind="none")


class Clock:
    """A clock the test moves by hand, so 'older than 90 days' needs no waiting."""

    def __init__(self) -> None:
        self.now = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / DB_FILE, secret=b"test-secret")
    store.start()
    yield store
    store.close()


def count(path: Path, table: str = "questions") -> int:
    with sqlite3.connect(path) as conn:
        rows: int = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    return rows


def test_twenty_threads_asking_at_once_lose_no_question(store: Store) -> None:
    def ask(reader: int) -> None:
        for number in range(200):
            store.log_question(reader, f"frage {number}", UNANSWERED)

    threads = [threading.Thread(target=ask, args=(reader,)) for reader in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store.flush()
    assert count(store.path) == 4000
    assert store.stats(days=1).questions == 4000
    assert store.degraded is None and store.dropped == 0


def test_restart_keeps_every_question_logged_before_it(tmp_path: Path) -> None:
    store = Store(tmp_path / DB_FILE, secret=b"s")
    store.start()
    for number in range(250):
        store.log_question(1, f"question {number}", UNANSWERED)
    store.close()  # no flush: close must write what is queued
    store.close()

    reopened = Store(tmp_path / DB_FILE, secret=b"s")
    assert count(reopened.path) == 250
    reopened.close()


def test_reader_ids_never_reach_the_disk_only_their_keyed_hash(tmp_path: Path) -> None:
    store = Store(tmp_path / DB_FILE, secret=b"one secret")
    store.log_question(987654321, "Liefert Iran Drohnen?", UNANSWERED)
    store.log_vote(987654321, "iran-drones-ammunition", up=True)
    store.set_language(987654321, "en")
    store.close()

    with sqlite3.connect(tmp_path / DB_FILE) as conn:
        dump = "\n".join(conn.iterdump())
        readers = {row[0] for row in conn.execute("SELECT reader FROM questions UNION SELECT reader FROM votes")}
    assert "987654321" not in dump
    assert readers == {store.reader_key(987654321)}
    assert Store(tmp_path / "other.sqlite3", secret=b"another").reader_key(987654321) != store.reader_key(987654321)


def test_reader_key_secret_is_created_once_readable_only_by_the_bot(tmp_path: Path) -> None:
    first = Store.open(tmp_path / "data")
    key = first.reader_key(42)
    first.close()
    secret = tmp_path / "data" / "secret.key"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert len(secret.read_bytes()) == 32

    second = Store.open(tmp_path / "data")
    assert second.reader_key(42) == key
    second.close()


def test_reader_changing_vote_counts_once(store: Store) -> None:
    store.log_vote(7, "china-trade-partner", up=True)
    store.log_vote(7, "china-trade-partner", up=False)
    store.log_vote(8, "china-trade-partner", up=False)
    store.flush()
    [row] = store.feedback(days=30)
    assert (row.fact_id, row.up, row.down) == ("china-trade-partner", 0, 2)


def test_reader_language_choice_survives_restart(tmp_path: Path) -> None:
    store = Store(tmp_path / DB_FILE, secret=b"s")
    store.start()
    store.set_language(5, "en")
    assert store.get_language(5) == "en"  # at once, before the writer got to it
    store.close()

    reopened = Store(tmp_path / DB_FILE, secret=b"s")
    assert reopened.get_language(5) == "en"
    assert reopened.get_language(6) is None
    reopened.close()


def test_long_questions_are_cut_to_500_characters(store: Store) -> None:
    store.log_question(1, "x" * 5000, UNANSWERED)
    store.flush()
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("SELECT length(question) FROM questions").fetchone()[0] == 500


def test_questions_votes_and_language_choices_older_than_retention_days_are_forgotten(tmp_path: Path) -> None:
    clock = Clock()
    store = Store(tmp_path / DB_FILE, secret=b"s", retention_days=90, clock=clock)
    store.log_question(1, "old", UNANSWERED)
    store.log_vote(1, "china-trade-partner", up=False)
    store.set_language(1, "en")
    store.set_language(2, "en")
    clock.now += dt.timedelta(days=60)
    store.log_question(2, "keeps reader 2's language choice alive", UNANSWERED)
    clock.now += dt.timedelta(days=31)
    store.log_question(3, "new", UNANSWERED)  # reader 1 chose 91 days ago and has been quiet since
    assert store.prune() == 3  # reader 1's old question, vote and language choice
    assert count(store.path) == 2
    assert count(store.path, "votes") == 0
    assert store.get_language(1) is None and store.get_language(2) == "en"
    store.close()


def test_every_table_about_readers_is_covered_by_retention_and_forget(store: Store) -> None:
    store.flush()
    with sqlite3.connect(store.path) as conn:
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        with_readers = {table for table in tables
                        if "reader" in [column[1] for column in conn.execute(f"PRAGMA table_info({table})")]}
    assert with_readers == {table.name for table in READER_TABLES}


def test_forgetting_a_reader_deletes_their_rows_and_no_one_elses(store: Store) -> None:
    for reader in (1, 2):
        store.log_question(reader, "Liefert Iran Drohnen?", UNANSWERED)
        store.log_vote(reader, "iran-drones-ammunition", up=True)
        store.set_language(reader, "en")
    assert store.get_language(1) == "en"  # now cached in memory as well
    assert store.forget_reader(1) is True
    assert store.get_language(1) is None and store.get_language(2) == "en"
    for table in ("questions", "votes", "readers"):
        with sqlite3.connect(store.path) as conn:
            readers = [key for (key,) in conn.execute(f"SELECT reader FROM {table}")]
        assert readers == [store.reader_key(2)], table


def test_moderator_changes_are_audited_with_versions(store: Store) -> None:
    store.audit(1001, "upload", "allies/china.yaml: facts changed: china-trade-partner", "aaa111", "bbb222")
    store.flush()
    [entry] = store.audit_log()
    assert (entry.moderator, entry.action, entry.version_before, entry.version_after) == (1001, "upload", "aaa111",
                                                                                         "bbb222")


def test_locked_database_answers_without_logging_and_alerts_once(tmp_path: Path) -> None:
    store = Store(tmp_path / DB_FILE, secret=b"s", busy_timeout=0.1)
    alerts: list[str] = []
    store.on_degraded = alerts.append
    store.start()
    other = sqlite3.connect(tmp_path / DB_FILE, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    for number in range(5):
        store.log_question(1, f"during the lock {number}", UNANSWERED)  # returns although the lock is held
    store.flush()
    store.log_question(1, "still locked", UNANSWERED)
    store.flush()
    assert len(alerts) == 1 and "locked" in alerts[0]
    assert store.degraded is not None and store.dropped == 6

    other.execute("ROLLBACK")
    other.close()
    store.log_question(1, "after the lock", UNANSWERED)
    store.flush()
    assert store.degraded is None
    assert count(store.path) == 1
    store.close()


def test_full_disk_answers_without_logging_and_alerts_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store(tmp_path / DB_FILE, secret=b"s").close()
    # SQLite reports a database that may not grow exactly like a full disk: SQLITE_FULL.
    monkeypatch.setattr(bot.store.schema, "CONNECTION_PRAGMAS", ("PRAGMA max_page_count = 1",))
    store = Store(tmp_path / DB_FILE, secret=b"s")
    alerts: list[str] = []
    store.on_degraded = alerts.append
    store.start()
    for number in range(100):
        store.log_question(1, f"{number} " + "x" * 400, UNANSWERED)
        store.flush()
    assert len(alerts) == 1 and "full" in alerts[0]
    store.close()
    assert store.dropped > 0
    assert count(store.path) + store.dropped == 100  # every row is either on disk or counted as lost


def test_unusable_data_dir_degrades_instead_of_stopping_the_bot(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where DATA_DIR should be")
    store = Store.open(blocker / "data")
    store.start()
    store.log_question(1, "Liefert Iran Drohnen?", UNANSWERED)
    store.set_language(1, "en")
    store.flush()
    alerts: list[str] = []
    store.on_degraded = alerts.append  # the outage began before anyone listened: still one alert
    assert len(alerts) == 1
    assert store.get_language(1) == "en"
    store.close()


def test_schema_is_versioned_and_a_new_migration_keeps_old_rows(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path / DB_FILE, secret=b"s")
    store.log_question(1, "before the upgrade", UNANSWERED)
    store.close()
    with sqlite3.connect(tmp_path / DB_FILE) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)

    monkeypatch.setattr(bot.store.schema, "MIGRATIONS", (*MIGRATIONS, "ALTER TABLE questions ADD COLUMN mood TEXT;"))
    upgraded = Store(tmp_path / DB_FILE, secret=b"s")
    upgraded.close()
    with sqlite3.connect(tmp_path / DB_FILE) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) + 1
        assert conn.execute("SELECT question, mood FROM questions").fetchall() == [("before the upgrade", None)]


def test_database_of_a_newer_bot_is_left_untouched(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / DB_FILE) as conn:
        conn.execute("PRAGMA user_version = 99")
    store = Store(tmp_path / DB_FILE, secret=b"s")
    store.log_question(1, "q", UNANSWERED)
    store.close()
    assert store.degraded is not None and "newer" in store.degraded
    with sqlite3.connect(tmp_path / DB_FILE) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 99
        assert conn.execute("SELECT name FROM sqlite_master").fetchall() == []
