"""What runs beside the handlers: per-chat ordering of updates, start-up and shutdown work, the heartbeat."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Coroutine
from pathlib import Path
from typing import Any

from telegram import Bot, BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import Application, BaseUpdateProcessor

from bot.config import Settings
from bot.conversation import answer_question
from bot.knowledge import LANGS, Lang
from bot.live import LiveKnowledge
from bot.moderation.watch import watch_knowledge
from bot.store import Store
from bot.texts import t
from bot.tg import moderation
from bot.tg.handlers import SERVICES, Services
from bot.tg.network import ApiHealth

log = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]

READER_COMMANDS = ("start", "help", "allies", "lang", "privacy", "forget")
HEARTBEAT_FILE = "heartbeat"  # in DATA_DIR; the Docker HEALTHCHECK reads its age
HEARTBEAT_SECONDS = 30
WARM_UP_QUESTION = "Liefert der Iran Drohnen an Russland?"
STOP_TASKS_SECONDS = 5


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


class Background:
    """Start-up and shutdown work: command menu, store alerts, knowledge watcher, heartbeat file."""

    def __init__(self, settings: Settings, live: LiveKnowledge, store: Store, health: ApiHealth) -> None:
        self.settings, self.live, self.store, self.health = settings, live, store, health
        self.stopping = asyncio.Event()
        self.tasks: list[asyncio.Task[None]] = []

    async def start(self, app: AnyApplication) -> None:
        # The matcher loads its word lists and the embedding's tokenizer on its first question: pay it now.
        await asyncio.to_thread(answer_question, self.live.index, WARM_UP_QUESTION, "de", dt.date.today())
        self._spawn("command menu", publish_commands(app.bot))  # cosmetic: polling must not wait for it
        ids = self.settings.moderator_ids
        self.store.on_degraded = moderation.store_degraded_alert(app.bot, ids, asyncio.get_running_loop())
        if self.settings.watch:
            alerts = moderation.ReloadAlerts(app.bot, ids, self.store)
            self._spawn("knowledge watcher", watch_knowledge(self.live, alerts, self.stopping))
        self._spawn("heartbeat", self._heartbeat(self.settings.data_dir / HEARTBEAT_FILE))

    async def stop(self, app: AnyApplication) -> None:
        self.stopping.set()
        services(app).inline_questions.flush()  # inline questions still being typed are logged, not lost
        if self.tasks:
            _, pending = await asyncio.wait(self.tasks, timeout=STOP_TASKS_SECONDS)
            for task in pending:
                task.cancel()
        self.tasks.clear()

    def _spawn(self, name: str, work: Coroutine[Any, Any, None]) -> None:
        async def guarded() -> None:
            try:
                await work
            except Exception:
                log.exception("%s stopped", name)

        self.tasks.append(asyncio.create_task(guarded(), name=name))

    async def _heartbeat(self, path: Path) -> None:
        """Touches DATA_DIR/heartbeat while Telegram answers; a stale file makes the container unhealthy."""
        while not self.stopping.is_set():
            if self.health.up:
                try:
                    path.touch()
                except OSError as exc:
                    log.warning("cannot write the heartbeat file %s: %s", path, exc)
            await self._sleep(HEARTBEAT_SECONDS)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stopping.wait(), seconds)


async def publish_commands(bot: Bot) -> None:
    """The command menu in German and English; German for every other app language."""
    try:
        for lang in LANGS:
            await bot.set_my_commands(_menu(lang), language_code=lang)
        await bot.set_my_commands(_menu("de"))
    except TelegramError as exc:  # the menu is a convenience; answering matters more
        log.warning("could not publish the command menu (%s: %s); continuing without it", type(exc).__name__, exc)


def _menu(lang: Lang) -> list[BotCommand]:
    return [BotCommand(name, t(lang, f"cmd_{name}")) for name in READER_COMMANDS]


def services(app: AnyApplication) -> Services:
    found = app.bot_data[SERVICES]
    assert isinstance(found, Services)
    return found


class StopWatch:
    """True once a started Application is stopping: sends then stop retrying early, so shutdown stays quick.

    `Application.stop()` finishes the updates in hand before it returns; `running` turns False when it begins.
    """

    def __init__(self, app: AnyApplication) -> None:
        self._app = app
        self._started = False

    def __call__(self) -> bool:
        if self._app.running:
            self._started = True
            return False
        return self._started
