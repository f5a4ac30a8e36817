"""The inbox, seen from the event loop: updates are stored before they are handled and marked when answered.

`InboxUpdateProcessor` marks an update `done` when its handlers finished, and `sending` just before the
first reply goes out (`before_send`, called by `bot.tg.network.TelegramRequest`), so that a restart can
tell the updates that may have been answered (see `bot.store.inbox`). In webhook mode `InboxQueue.put`
stores the update before python-telegram-bot's webhook handler answers Telegram 200. Polling: `bot.tg.polling`.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import sqlite3
import time
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram import Bot, Update

from bot.store.inbox import Inbox
from bot.tg.ordering import PerChatUpdateProcessor

log = logging.getLogger(__name__)

BATCH = 100  # Telegram's maximum per getUpdates
PRUNE_EVERY = 3600.0
NOT_A_REPLY = frozenset({"sendChatAction", "getFile", "getMe", "getUpdates", "setMyCommands"})


@dataclass
class _Handling:
    update_id: int
    sending: bool = False


_handling: contextvars.ContextVar[_Handling | None] = contextvars.ContextVar("allybot_handling", default=None)


class DurableInbox:
    """`bot.store.inbox.Inbox` for the event loop (a batch is stored in a thread: it waits for fsync), with a
    count of the updates in hand."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.in_hand = 0
        self._inbox: Inbox | None = None
        self._room = asyncio.Event()
        self._pruned_at = 0.0

    def open(self) -> None:
        """Raises sqlite3.Error or OSError if DATA_DIR cannot hold the inbox: the bot must not run without it."""
        if self._inbox is None:
            self._inbox = Inbox(self.path)
            self.prune()

    def close(self) -> None:
        if self._inbox is not None:
            self._inbox.close()
            self._inbox = None

    @property
    def inbox(self) -> Inbox:
        assert self._inbox is not None, "DurableInbox.open() first"
        return self._inbox

    async def store(self, updates: Sequence[Update]) -> list[Update]:
        """Stores a batch (raises sqlite3.Error if it could not); returns the updates not seen before."""
        fresh_ids = {raw["update_id"] for raw in
                     await asyncio.to_thread(self.inbox.accept, [update.to_dict() for update in updates])}
        fresh = [update for update in updates if update.update_id in fresh_ids]
        self.in_hand += len(fresh)
        return fresh

    # The marks are written on the event loop, not in a thread: they take microseconds (no fsync), and every
    # hop between "Telegram answered" and "marked" widens the window in which a crash repeats a reply.

    async def sending(self, update_id: int) -> None:
        try:
            self.inbox.sending(update_id)
        except sqlite3.Error as exc:  # the reply matters more; a crash now could mean a double answer
            log.warning("could not mark update %d as being answered: %s", update_id, exc)

    async def done(self, update_id: int) -> None:
        try:
            if not self.inbox.done(update_id):
                return
        except sqlite3.Error as exc:
            log.warning("could not mark update %d as answered (a restart may answer it again): %s", update_id, exc)
        self.in_hand -= 1
        self._room.set()

    async def room(self, limit: int) -> int:
        """Waits until fewer than `limit` updates are in hand; returns how many more may be fetched."""
        while self.in_hand >= limit:
            self._room.clear()
            await self._room.wait()
        return min(BATCH, limit - self.in_hand)

    async def leftovers(self, bot: Bot) -> tuple[list[Update], int]:
        """The updates the last run left undone, oldest first, and how many of them may have been answered."""
        pending = await asyncio.to_thread(self.inbox.undone)
        updates = []
        for row in pending:
            update = Update.de_json(row.raw, bot)
            if update is not None:
                updates.append(update)
        self.in_hand += len(updates)
        return updates, sum(row.state == "sending" for row in pending)

    async def next_offset(self) -> int:
        return await asyncio.to_thread(self.inbox.next_offset)

    def prune(self) -> None:
        """Now and then: forget the ids of updates answered more than a day ago."""
        if time.monotonic() - self._pruned_at < PRUNE_EVERY and self._pruned_at:
            return
        self._pruned_at = time.monotonic()
        try:
            if pruned := self.inbox.prune():
                log.info("forgot %d answered update(s) from the inbox", pruned)
        except sqlite3.Error as exc:
            log.warning("could not prune the inbox: %s", exc)

    async def before_send(self, endpoint: str) -> None:
        """Called by the sending transport before every request: the first reply to an update marks it `sending`."""
        handling = _handling.get()
        if handling is None or handling.sending or endpoint in NOT_A_REPLY:
            return
        handling.sending = True
        await self.sending(handling.update_id)


class InboxQueue(asyncio.Queue[object]):
    """The Application's update queue. `put` (python-telegram-bot's webhook handler) stores the update first."""

    def __init__(self, inbox: DurableInbox) -> None:
        super().__init__()
        self.inbox = inbox

    async def put(self, item: object) -> None:
        if isinstance(item, Update) and not await self.inbox.store([item]):
            return  # Telegram sent it again: it is in hand or answered already
        await super().put(item)

    def put_stored(self, update: Update) -> None:
        """Queue an update that is in the inbox already."""
        self.put_nowait(update)


class InboxUpdateProcessor(PerChatUpdateProcessor):
    """Per-chat ordering (see PerChatUpdateProcessor), plus the inbox's bookkeeping around each update."""

    def __init__(self, max_concurrent_updates: int, inbox: DurableInbox) -> None:
        super().__init__(max_concurrent_updates)
        self.inbox = inbox

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        if not isinstance(update, Update):
            await super().do_process_update(update, coroutine)
            return
        token = _handling.set(_Handling(update.update_id))
        try:
            # Errors in handlers end in the error handler, inside the coroutine; what comes out here is a
            # cancellation (the process is going down): then the update is not done, the next start has it.
            await super().do_process_update(update, coroutine)
        finally:
            _handling.reset(token)
        await self.inbox.done(update.update_id)
