"""What runs beside the handlers from start-up to shutdown: warm-up, command menu, store alerts, the
knowledge watcher and the heartbeat file."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.conversation import answer_question
from bot.factbase.live import LiveKnowledge
from bot.factbase.watch import watch_knowledge
from bot.store import Store
from bot.tg import moderation
from bot.tg.menu import publish_commands
from bot.tg.network import ApiHealth
from bot.tg.services import AnyApplication, services_of

log = logging.getLogger(__name__)

HEARTBEAT_FILE = "heartbeat"  # in DATA_DIR; the Docker HEALTHCHECK reads its age
HEARTBEAT_SECONDS = 30
WARM_UP_QUESTION = "Liefert der Iran Drohnen an Russland?"
STOP_TASKS_SECONDS = 5


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
        services_of(app).inline_questions.flush()  # inline questions still being typed are logged, not lost
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
