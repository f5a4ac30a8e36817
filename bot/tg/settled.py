"""Inline questions are logged once per settled question, not once per keystroke.

Telegram sends an inline query for every keystroke; logging each would fill /unanswered with "d",
"dr", "dro"... and skew /status. A reader's latest inline question waits here until they stop typing
for `SETTLE_SECONDS`, or until they choose a card, and is then logged once.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.matching import Match
from bot.store import Store

SETTLE_SECONDS = 2.5  # no keystroke for this long: the reader has finished the question


@dataclass
class _Typing:
    text: str
    match: Match
    timer: asyncio.TimerHandle


class SettledQuestions:
    """The last inline question of each reader, logged once they stop typing or choose a card."""

    def __init__(self, store: Store, settle_seconds: float = SETTLE_SECONDS) -> None:
        self.store = store
        self.settle_seconds = settle_seconds
        self._typing: dict[int, _Typing] = {}

    def typed(self, reader: int, text: str, match: Match) -> None:
        """A keystroke: replaces what the reader typed before and restarts the wait."""
        earlier = self._typing.pop(reader, None)
        if earlier is not None:
            earlier.timer.cancel()
        timer = asyncio.get_running_loop().call_later(self.settle_seconds, self.chosen, reader)
        self._typing[reader] = _Typing(text, match, timer)

    def chosen(self, reader: int) -> None:
        """Logs the reader's question now (once); nothing if it was logged already."""
        typing = self._typing.pop(reader, None)
        if typing is not None:
            typing.timer.cancel()
            self.store.log_question(reader, typing.text, typing.match, channel="inline")

    def flush(self) -> None:
        """Logs every question still being typed (at shutdown, so none is lost)."""
        for reader in list(self._typing):
            self.chosen(reader)
