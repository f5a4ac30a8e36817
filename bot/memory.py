"""Each chat's conversation context (bot/context.py), in memory only: for REMEMBER_SECONDS and at most
MAX_CHATS chats, so a busy bot's memory stays bounded and nothing a reader said is kept on disk."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Hashable

from bot.context import Context

MAX_CHATS = 10_000


class ConversationMemory:
    """Each chat's `Context`, for REMEMBER_SECONDS and MAX_CHATS chats at most (the least recent go)."""

    def __init__(self, max_chats: int = MAX_CHATS) -> None:
        self._chats: OrderedDict[Hashable, Context] = OrderedDict()
        self._max_chats = max_chats

    def get(self, chat: Hashable, now: float | None = None) -> Context | None:
        """The chat's context if it is fresh."""
        found = self._chats.get(chat)
        if found is not None and not found.fresh(time.monotonic() if now is None else now):
            del self._chats[chat]
            return None
        return found

    def put(self, chat: Hashable, context: Context | None) -> None:
        """Remember `context` for the chat (None forgets it)."""
        self._chats.pop(chat, None)
        if context is not None:
            self._chats[chat] = context
            while len(self._chats) > self._max_chats:
                self._chats.popitem(last=False)

    def __len__(self) -> int:
        return len(self._chats)
