"""Readers who write too fast: a per-reader limit a minute, warned once, then ignored for the minute.

(How fast the bot itself may send is `bot.tg.pacing`.)
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Literal

FloodVerdict = Literal["ok", "warn", "silent"]


class FloodLimit:
    """At most `per_minute` messages per reader in any minute; the first one over is warned, the rest ignored."""

    FORGET_AFTER = 10_000  # readers tracked before idle ones are forgotten

    def __init__(self, per_minute: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.window = window
        self._clock = clock
        self._recent: dict[int, deque[float]] = {}
        self._warned: set[int] = set()

    def check(self, reader: int) -> FloodVerdict:
        now = self._clock()
        if len(self._recent) > self.FORGET_AFTER:
            self._forget_idle(now)
        recent = self._recent.setdefault(reader, deque())
        while recent and recent[0] <= now - self.window:
            recent.popleft()
        if len(recent) < self.per_minute:
            recent.append(now)
            self._warned.discard(reader)
            return "ok"
        if reader in self._warned:
            return "silent"
        self._warned.add(reader)
        return "warn"

    def _forget_idle(self, now: float) -> None:
        idle = [reader for reader, recent in self._recent.items() if not recent or recent[-1] <= now - self.window]
        for reader in idle:
            del self._recent[reader]
            self._warned.discard(reader)
