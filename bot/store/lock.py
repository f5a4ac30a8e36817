"""One bot per DATA_DIR: a second process on the same store would answer the same inbox twice.

An advisory lock (flock) on DATA_DIR/allybot.lock, held for the life of the process. The kernel drops
it when the process dies, even by SIGKILL, so a crash never leaves a stale lock behind. Two bots with
different DATA_DIRs but the same token are caught by Telegram instead (409 Conflict, `bot.tg.polling`).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from bot.errors import AlreadyRunning

LOCK_FILE = "allybot.lock"


class DataDirLock:
    """Held from `acquire()` until `release()` or the end of the process."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_FILE
        self._fd: int | None = None

    def acquire(self) -> None:
        """Raises AlreadyRunning if another process holds it, OSError if DATA_DIR cannot hold a lock file."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise AlreadyRunning(f"another allybot is already running with DATA_DIR={self.path.parent}") from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the lock
            self._fd = None
