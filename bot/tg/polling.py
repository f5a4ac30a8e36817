"""Taking updates from Telegram through the inbox, so that a crash loses none and answers none twice.

python-telegram-bot's Updater confirms a batch to Telegram with its next poll, right after queueing
it in memory, and fetches as fast as Telegram delivers: a `kill -9` in a burst lost every update
fetched but not yet answered. `InboxUpdater` replaces only its polling half (webhooks stay PTB's):

1. Before taking anything, it polls for `PROBE_SECONDS` without keeping what comes. If another copy
   of the bot polls with this token, Telegram ends one of the two requests with 409 Conflict within
   that time: this process is the second one, and it stops (`AnotherInstance`) before touching anything.
2. It hands what the last run left in the inbox to the Application first, in arrival order.
3. Then it loops: wait for room (at most `IN_HAND` updates stored and not yet done: what ~4 s of
   Telegram's 28 messages a second can answer), `getUpdates` with the offset after the last stored
   batch (which confirms it), store the new batch in one transaction, queue it.

The inbox's side (storing, marking, per-chat ordering) is `bot.tg.inbox`.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

from telegram import Bot, Update
from telegram._utils.types import TimePeriod
from telegram.error import Conflict, InvalidToken, TelegramError
from telegram.ext import Updater

from bot.errors import AnotherInstance
from bot.tg.inbox import InboxQueue

log = logging.getLogger(__name__)

IN_HAND = 100  # updates stored but not done before the bot stops fetching more
PROBE_SECONDS = 1.0  # one long poll: a running copy re-polls at once when cut off (see Conflicts), well within 1 s
CONFLICTS_TOLERATED = 10  # 409s within CONFLICT_WINDOW before a running bot gives up too
CONFLICT_WINDOW = 60.0
FIRST_PAUSE, LONGEST_PAUSE = 0.5, 30.0  # between polls that failed (python-telegram-bot's own backoff)


# ---------------------------------------------------------------- polling


class Conflicts:
    """409s within the last minute: one is a newcomer's probe, many are two bots fighting over the token."""

    def __init__(self) -> None:
        self._seen: deque[float] = deque()

    def too_many(self) -> bool:
        now = time.monotonic()
        self._seen.append(now)
        while self._seen and self._seen[0] < now - CONFLICT_WINDOW:
            self._seen.popleft()
        return len(self._seen) > CONFLICTS_TOLERATED


class InboxUpdater(Updater):
    """python-telegram-bot's Updater with its polling replaced (see the module docstring); webhooks unchanged."""

    def __init__(self, bot: Bot, update_queue: InboxQueue, *, in_hand: int = IN_HAND,
                 probe_seconds: float = PROBE_SECONDS) -> None:
        super().__init__(bot, update_queue)
        self.queue = update_queue
        self.inbox = update_queue.inbox
        self.in_hand_limit = in_hand
        self.probe_seconds = probe_seconds
        self.gave_up: str | None = None  # why polling stopped for good, for the exit message
        self.on_give_up: Callable[[], None] = lambda: None  # set by the owner: stop the Application
        self._task: asyncio.Task[None] | None = None
        self._offset = 0

    async def initialize(self) -> None:
        self.inbox.open()
        await super().initialize()

    async def shutdown(self) -> None:
        await super().shutdown()
        self.inbox.close()

    async def start_polling(
        self,
        poll_interval: float = 0.0,
        timeout: TimePeriod = dt.timedelta(seconds=10),
        bootstrap_retries: int = 0,
        allowed_updates: Sequence[str] | None = None,
        drop_pending_updates: bool | None = None,
        error_callback: Callable[[TelegramError], None] | None = None,
    ) -> asyncio.Queue[object]:
        """Probe for another instance (raises AnotherInstance), queue the leftovers, then poll in the background."""
        if self.running:
            raise RuntimeError("This Updater is already running!")
        await self.bot.delete_webhook(drop_pending_updates=bool(drop_pending_updates))  # polling needs none
        await self._probe(allowed_updates)
        await self._queue_leftovers()
        self._offset = await self.inbox.next_offset()
        seconds = timeout.total_seconds() if isinstance(timeout, dt.timedelta) else float(timeout)
        self._running = True  # what Updater.running reports
        self._task = asyncio.create_task(self._poll(int(seconds), allowed_updates, error_callback),
                                         name="allybot-polling")
        return self.update_queue

    async def start_webhook(self, *args: Any, **kwargs: Any) -> asyncio.Queue[object]:
        """python-telegram-bot's webhook server, after queueing what the last run left undone."""
        await self._queue_leftovers()
        return await super().start_webhook(*args, **kwargs)

    async def stop(self) -> None:
        """Stops polling; a batch being fetched is simply not confirmed, so Telegram delivers it again."""
        if self._task is None:
            await super().stop()
            return
        self._running = False
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
        if self.gave_up is None:
            await self._confirm()

    async def _probe(self, allowed_updates: Sequence[str] | None) -> None:
        """Poll without keeping anything for `probe_seconds`: a 409 now means another copy is running."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.probe_seconds
        while (left := deadline - loop.time()) > 0:
            try:
                found = await self.bot.get_updates(limit=1, timeout=max(1, int(left)), allowed_updates=allowed_updates)
            except Conflict:
                raise AnotherInstance("another copy of the bot is polling Telegram with this TELEGRAM_BOT_TOKEN; "
                                      "stop it first (only one may run per token)") from None
            except TelegramError:
                return  # unreachable: nobody can be told apart now, the conflict check while polling remains
            if found:  # updates waiting make getUpdates return at once: do not spin on them
                await asyncio.sleep(min(0.2, max(left, 0)))

    async def _queue_leftovers(self) -> None:
        leftovers, maybe_answered = await self.inbox.leftovers(self.bot)
        if leftovers:
            log.info("handling %d update(s) left from the last run first; %d of them may have been answered "
                     "already (the bot stopped while Telegram was taking the reply)", len(leftovers), maybe_answered)
        for update in leftovers:
            self.queue.put_stored(update)

    async def _poll(self, timeout: int, allowed_updates: Sequence[str] | None,
                    error_callback: Callable[[TelegramError], None] | None) -> None:
        conflicts, pause = Conflicts(), FIRST_PAUSE
        while True:
            limit = await self.inbox.room(self.in_hand_limit)
            asked = time.monotonic()
            try:
                updates = await self.bot.get_updates(offset=self._offset, limit=limit, timeout=timeout,
                                                     allowed_updates=allowed_updates)
            except Conflict:
                if conflicts.too_many():
                    self._give_up("other getUpdates requests with this TELEGRAM_BOT_TOKEN keep ending this "
                                  "bot's: a second copy is running; stop one of them")
                    return
                continue  # a newcomer probing: poll again at once, so that it sees the conflict and leaves
            except InvalidToken:
                self._give_up("Telegram no longer accepts TELEGRAM_BOT_TOKEN (revoked?); copy it from @BotFather")
                return
            except TelegramError as exc:  # unreachable or refusing: ApiHealth logged it once
                if error_callback is not None:
                    error_callback(exc)
                await asyncio.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)
                continue
            pause = FIRST_PAUSE
            if updates:
                await self._take(updates)
            elif time.monotonic() - asked < timeout / 2:  # a long poll that came back empty at once: do not spin
                await asyncio.sleep(FIRST_PAUSE)
            self.inbox.prune()

    async def _take(self, updates: Sequence[Update]) -> None:
        """Store, then queue; only then may the next poll's offset confirm the batch to Telegram."""
        try:
            fresh = await self.inbox.store(updates)
        except sqlite3.Error as exc:  # not confirmed: Telegram keeps the batch (24 h) and sends it again
            log.error("cannot store updates in the inbox %s (%s); fetching them again shortly", self.inbox.path, exc)
            await asyncio.sleep(FIRST_PAUSE * 4)
            return
        for update in fresh:
            self.queue.put_stored(update)
        self._offset = updates[-1].update_id + 1

    async def _confirm(self) -> None:
        """Tells Telegram what is stored, so a restart does not fetch it again (harmless if it does)."""
        with contextlib.suppress(TelegramError):
            await self.bot.get_updates(offset=self._offset, limit=1, timeout=0)

    def _give_up(self, reason: str) -> None:
        log.error("stopping: %s", reason)
        self.gave_up = reason
        self.on_give_up()
