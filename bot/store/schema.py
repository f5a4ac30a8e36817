"""The database file itself: schema migrations, how connections are opened, and the reader-id secret."""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
from pathlib import Path
from types import TracebackType

from bot.errors import SecretKeyError, StoreUnavailable

log = logging.getLogger(__name__)

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

CONNECTION_PRAGMAS: tuple[str, ...] = ("PRAGMA synchronous = NORMAL",)  # with WAL: survives a crash, fast


class NewerSchemaError(StoreUnavailable, sqlite3.DatabaseError):
    """The database was written by a newer allybot; this one must not touch it. A DatabaseError too, so the
    code that opens the database handles it with every other reason it cannot be opened; it lives here
    because bot/errors.py is imported by the pure core, which imports no sqlite3."""


def connect_for_writing(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """The writer's connection, in WAL mode (readers never wait for it) and migrated to the current schema."""
    conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None,
                           check_same_thread=False)  # one thread at a time uses it: the writer, or close()
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        for pragma in CONNECTION_PRAGMAS:
            conn.execute(pragma)
        migrate(conn)
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema forward one script at a time, each in one transaction with its version number."""
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


def transaction(conn: sqlite3.Connection, statements: list[tuple[str, tuple[object, ...]]]) -> list[int]:
    """Run statements all-or-nothing; returns each one's row count."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        counts = [conn.execute(sql, params).rowcount for sql, params in statements]
        conn.execute("COMMIT")
        return counts
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


class ReadConnection:
    """A read-only connection for one read: it can never write, and never waits long for the writer."""

    def __init__(self, path: Path, timeout: float) -> None:
        self._path = path
        self._timeout = timeout
        self._conn: sqlite3.Connection | None = None

    def __enter__(self) -> sqlite3.Connection:
        if not self._path.is_file():
            raise StoreUnavailable(f"no database at {self._path}")
        try:
            self._conn = sqlite3.connect(f"{self._path.resolve().as_uri()}?mode=ro", uri=True, timeout=self._timeout)
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open {self._path}: {exc}") from exc
        return self._conn

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._conn is not None:
            self._conn.close()
        if isinstance(exc, sqlite3.Error):
            raise StoreUnavailable(f"cannot read {self._path}: {exc}") from exc


SECRET_BYTES = 32


def load_secret(path: Path) -> bytes:
    """The HMAC key, created once, owner-only: whoever has it could recompute reader keys from Telegram ids.

    A new key is written to a temporary file, fsynced and then hard-linked into place, so `secret.key` is
    either absent or complete, even after a crash; of two processes starting at once, the one whose link
    fails reads the winner's key. An existing key shorter than 32 bytes (an empty file left by an older
    allybot, a truncated copy) raises SecretKeyError: HMAC with a short key would let anyone recover the
    reader ids by trying them all, and replacing it would silently change every reader's key.
    """
    try:
        return _existing_secret(path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        return _temporary_secret(path, exc)
    try:
        return _create_secret(path)
    except FileExistsError:  # another process linked its key first: use the winner's
        return _existing_secret(path)
    except OSError as exc:
        return _temporary_secret(path, exc)


def _existing_secret(path: Path) -> bytes:
    secret = path.read_bytes()
    if len(secret) < SECRET_BYTES:
        raise SecretKeyError(
            f"{path} holds {len(secret)} byte(s), not a {SECRET_BYTES}-byte key; restore it from a backup, "
            "or delete it to start a new one (readers' earlier questions then count as another reader's)"
        )
    return secret


def _create_secret(path: Path) -> bytes:
    secret = os.urandom(SECRET_BYTES)
    fd, temporary = tempfile.mkstemp(prefix=".secret-", dir=path.parent)  # mode 0o600
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(secret)
            file.flush()
            os.fsync(file.fileno())
        os.link(temporary, path)  # unlike rename, never replaces a key another process put there first
    finally:
        os.unlink(temporary)
    _fsync_directory(path.parent)
    return secret


def _fsync_directory(directory: Path) -> None:
    """Makes the new name itself durable: without it a power cut can leave no secret.key after all."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _temporary_secret(path: Path, exc: OSError) -> bytes:
    log.error("cannot keep the reader-id secret in %s (%s); reader keys change at the next restart", path, exc)
    return os.urandom(32)
