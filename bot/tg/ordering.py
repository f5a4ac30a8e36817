"""Which updates may run at once: those of different chats, never two of one chat."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Updates of different chats run concurrently, those of one chat in arrival order.

    python-telegram-bot's own `concurrent_updates(True)` could answer a reader's second question
    before the first. Inline queries belong to no chat and run freely.
    """

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._chats: dict[int, tuple[asyncio.Lock, list[int]]] = {}  # chat -> (lock, [updates waiting])

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock, waiting = self._chats.setdefault(chat.id, (asyncio.Lock(), [0]))
        waiting[0] += 1
        try:
            async with lock:  # asyncio.Lock is fair: first come, first served
                await coroutine
        finally:
            waiting[0] -= 1
            if waiting[0] == 0:
                del self._chats[chat.id]

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
