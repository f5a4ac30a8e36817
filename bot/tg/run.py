"""Starts the bot and keeps it running: the start-up checks, then polling or a webhook until told to stop.

`run_bot` is what `allybot` does with TELEGRAM_BOT_TOKEN set: polling by default, a webhook when
WEBHOOK_URL is set. Anything that keeps it from starting is one line on stderr and exit status 1.
Every update is stored in the inbox (DATA_DIR/inbox.sqlite3) before Telegram is told it may forget it,
so even `kill -9` loses nothing: the next start answers what was left (`bot.tg.polling`). SIGTERM or
Ctrl-C still stops gracefully: `Application.stop()` handles every queued update before the store is flushed.
One bot per DATA_DIR (a lock file) and per token (409 Conflict from Telegram): a second one exits with 1.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import sys
from typing import Any
from urllib.parse import urlsplit

from telegram import Bot
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.config import Settings
from bot.errors import AlreadyRunning, AnotherInstance
from bot.factbase.live import LiveKnowledge
from bot.knowledge import ValidationReport
from bot.store import SecretKeyError, Store
from bot.store.lock import DataDirLock
from bot.tg.app import ALLOWED_UPDATES, build_application, file_url
from bot.tg.logs import configure_logging, protect_token, redact
from bot.tg.polling import InboxUpdater

log = logging.getLogger(__name__)


def webhook_options(settings: Settings) -> dict[str, Any]:
    """What `run_webhook` (and `Updater.start_webhook`) get: Telegram must send the secret with every update.

    python-telegram-bot's webhook server answers Telegram 200 once the update is in the inbox (`InboxQueue.put`);
    handlers run after.
    """
    assert settings.webhook_url
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": urlsplit(settings.webhook_url).path.lstrip("/"),
        "webhook_url": settings.webhook_url,
        "secret_token": settings.webhook_secret,
        "allowed_updates": ALLOWED_UPDATES,
    }


async def preflight(settings: Settings) -> str | None:
    """None if the Bot API accepts the token, else one line saying what is wrong and how to fix it."""
    assert settings.token
    protect_token(settings.token)  # redact() below then hides it
    where = urlsplit(settings.api_base_url).netloc or settings.api_base_url
    bot = Bot(settings.token, base_url=settings.api_base_url, base_file_url=file_url(settings.api_base_url))
    try:
        async with bot:  # initialize() asks getMe
            return None
    except InvalidToken:  # its message contains the token: never print it
        return f"the Bot API at {where} rejected TELEGRAM_BOT_TOKEN; copy the token from @BotFather again"
    except NetworkError as exc:
        reason = redact(exc.message)
        return f"cannot reach the Telegram Bot API at {where} ({reason}); check the network or TELEGRAM_API_BASE_URL"
    except TelegramError as exc:
        return f"the Bot API at {where} refused to start the bot: {redact(exc.message)}"


def run_bot(settings: Settings) -> int:
    """Runs the bot until SIGTERM or Ctrl-C (finishing the updates in hand); 1 if it cannot start or must stop."""
    assert settings.token, "run_bot needs TELEGRAM_BOT_TOKEN"
    configure_logging(settings.token)
    live = LiveKnowledge.load(settings.knowledge_dir)
    if isinstance(live, ValidationReport):
        print(live.render(), file=sys.stderr)
        print(f"allybot: the fact base in {settings.knowledge_dir} has {len(live)} problem(s); "
              "fix them (see `allybot check`) and start again", file=sys.stderr)
        return 1
    problem = asyncio.run(preflight(settings))
    if problem is not None:
        print(f"allybot: {problem}", file=sys.stderr)
        return 1
    lock = DataDirLock(settings.data_dir)
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        lock.acquire()  # held until the process ends: one bot per store
        store = Store.open(settings.data_dir, settings.retention_days)
    except (AlreadyRunning, SecretKeyError) as exc:
        print(f"allybot: {exc}", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error) as exc:
        print(f"allybot: cannot open the store in DATA_DIR={settings.data_dir}: {exc}", file=sys.stderr)
        return 1
    store.start()
    try:
        return _serve(settings, live, store)
    finally:
        store.close()  # after run_*: every update in hand was answered and logged by now
        lock.release()


def _serve(settings: Settings, live: LiveKnowledge, store: Store) -> int:
    assert settings.token
    log.info("pruned %d row(s) past RETENTION_DAYS; serving %s", store.prune(), live.kb.summary())
    app = build_application(settings, live, store)
    updater = app.updater
    assert isinstance(updater, InboxUpdater)
    try:
        updater.inbox.open()
        if settings.webhook_url:
            app.run_webhook(**webhook_options(settings))
        else:
            app.run_polling(allowed_updates=ALLOWED_UPDATES)
    except (OSError, sqlite3.Error) as exc:
        print(f"allybot: cannot keep the inbox in DATA_DIR={settings.data_dir}: {exc}", file=sys.stderr)
        return 1
    except AnotherInstance as exc:
        print(f"allybot: {exc}", file=sys.stderr)
        return 1
    except TelegramError as exc:  # e.g. Telegram refused the webhook URL, or went away since the preflight
        reason = redact(exc.message)
        print(f"allybot: could not start: {type(exc).__name__}: {reason}", file=sys.stderr)
        return 1
    if updater.gave_up is not None:
        print(f"allybot: stopped: {updater.gave_up}", file=sys.stderr)
        return 1
    return 0
