"""Builds the Telegram Application (every handler registered in one list below) and runs it.

`run_bot` is what `allybot` does with TELEGRAM_BOT_TOKEN set: polling by default, a webhook when
WEBHOOK_URL is set. Anything that keeps it from starting is one line on stderr and exit status 1.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import sqlite3
import sys
import time
from collections.abc import Awaitable, Coroutine
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from telegram import Bot, BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.config import TELEGRAM_API, Settings
from bot.conversation import answer_question
from bot.knowledge import LANGS, Lang, ValidationReport
from bot.live import LiveKnowledge
from bot.moderation.watch import watch_knowledge
from bot.store import Store
from bot.texts import t
from bot.tg import handlers, moderation
from bot.tg.handlers import SERVICES, FloodLimit, Services, reader_language

log = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
READER_COMMANDS = ("start", "help", "allies", "lang")
MAX_CONCURRENT_UPDATES = 128
RATE_LIMIT_RETRIES = 3  # a RetryAfter from Telegram is waited out this many times before giving up
HEARTBEAT_FILE = "heartbeat"  # in DATA_DIR; the Docker HEALTHCHECK reads its age
HEARTBEAT_SECONDS = 30
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
HEALTH = "polling_health"
WARM_UP_QUESTION = "Liefert der Iran Drohnen an Russland?"


def build_application(settings: Settings, live: LiveKnowledge, store: Store) -> AnyApplication:
    """The bot, wired: settings, defaults, rate limits, every handler, and what runs beside it."""
    assert settings.token, "the Telegram bot needs TELEGRAM_BOT_TOKEN"
    health = PollingHealth()
    background = Background(settings, live, store, health)
    app = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .base_file_url(file_url(settings.api_base_url))
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
        .concurrent_updates(PerChatUpdateProcessor(MAX_CONCURRENT_UPDATES))
        .get_updates_request(PollingRequest(health))
        .post_init(background.start)
        .post_shutdown(background.stop)
        .build()
    )
    app.bot_data[SERVICES] = Services(settings, live, store, FloodLimit(settings.flood_per_minute))
    app.bot_data[HEALTH] = health
    register_handlers(app, settings.moderator_ids)
    return app


def register_handlers(app: AnyApplication, moderator_ids: frozenset[int]) -> None:
    """The bot's table of contents. Order matters: in a group, the first handler that matches wins."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    moderator = private & filters.User(user_id=moderator_ids)  # everyone else: "unknown command"
    readers_talking = private | handlers.ADDRESSED_IN_GROUP

    app.add_handler(MessageHandler(readers_talking, handlers.flood_guard), group=-1)
    app.add_handlers([
        CommandHandler("start", handlers.start),
        CommandHandler("help", handlers.help_command),
        CommandHandler("allies", handlers.allies),
        CommandHandler("lang", handlers.language),
        CommandHandler("status", moderation.status, filters=moderator),
        CommandHandler("reload", moderation.reload, filters=moderator),
        CommandHandler("fact", moderation.fact, filters=moderator),
        CommandHandler("unanswered", moderation.unanswered, filters=moderator),
        CommandHandler("feedback", moderation.feedback, filters=moderator),
        CommandHandler("stale", moderation.stale, filters=moderator),
        CommandHandler("undo", moderation.undo, filters=moderator),
        MessageHandler(moderator & filters.Document.ALL, moderation.upload),
        MessageHandler(private & filters.COMMAND, handlers.unknown_command),
        MessageHandler(private & filters.TEXT, handlers.question),
        MessageHandler(handlers.ADDRESSED_IN_GROUP & filters.TEXT & ~filters.COMMAND, handlers.group_question),
        MessageHandler(private, handlers.non_text),
        CallbackQueryHandler(handlers.button),
        InlineQueryHandler(handlers.inline_query),
    ])
    app.add_error_handler(on_error)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Logs what went wrong with the update id, then asks the reader to try again. Never raises."""
    try:
        error = context.error
        if update is None and isinstance(error, TelegramError):  # polling itself failed, not a handler
            polling_health(context).failed(error)
            return
        update_id = update.update_id if isinstance(update, Update) else None
        if isinstance(error, TelegramError):
            log.warning("update %s: Telegram answered %s: %s", update_id, type(error).__name__, error)
        else:  # a bug: the traceback goes to the log (token redacted), never to the reader
            log.error("update %s failed", update_id, exc_info=error)
        if isinstance(update, Update):
            await _apologise(update, context)
    except Exception as exc:  # an error handler must not raise: PTB would only log that with a traceback
        log.warning("the error handler failed too: %s", type(exc).__name__)


async def _apologise(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    lang = reader_language(handlers.services(context).store, update.effective_user)
    with contextlib.suppress(TelegramError):  # e.g. the reader blocked the bot: nothing more to say
        if update.callback_query is not None:
            await update.callback_query.answer(t(lang, "error"))
        elif update.effective_message is not None:
            await update.effective_message.reply_html(escape(t(lang, "error")))


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


# ---------------------------------------------------------------- running beside the handlers


class Background:
    """Start-up and shutdown work: command menu, store alerts, knowledge watcher, heartbeat file."""

    def __init__(self, settings: Settings, live: LiveKnowledge, store: Store, health: PollingHealth) -> None:
        self.settings, self.live, self.store, self.health = settings, live, store, health
        self.stopping = asyncio.Event()
        self.tasks: list[asyncio.Task[None]] = []

    async def start(self, app: AnyApplication) -> None:
        # The matcher loads word-frequency tables on its first question (about a second): pay it now.
        await asyncio.to_thread(answer_question, self.live.index, WARM_UP_QUESTION, "de", dt.date.today())
        await publish_commands(app.bot)
        ids = self.settings.moderator_ids
        self.store.on_degraded = moderation.store_degraded_alert(app.bot, ids, asyncio.get_running_loop())
        if self.settings.watch:
            alerts = moderation.ReloadAlerts(app.bot, ids)
            self._spawn("knowledge watcher", watch_knowledge(self.live, alerts, self.stopping))
        self._spawn("heartbeat", self._heartbeat(self.settings.data_dir / HEARTBEAT_FILE))

    async def stop(self, app: AnyApplication) -> None:
        self.stopping.set()
        if self.tasks:
            _, pending = await asyncio.wait(self.tasks, timeout=5)
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


class PollingHealth:
    """One log line when polling starts failing and one when it recovers, not a trace per request.

    python-telegram-bot keeps polling with growing pauses (up to 30 s) by itself; this only reports.
    """

    def __init__(self) -> None:
        self.down_since: float | None = None

    @property
    def up(self) -> bool:
        return self.down_since is None

    def failed(self, error: TelegramError) -> None:
        if self.down_since is None:
            self.down_since = time.monotonic()
            log.warning("Telegram Bot API unreachable (%s: %s); retrying", type(error).__name__, error)

    def succeeded(self) -> None:
        if self.down_since is not None:
            log.info("Telegram Bot API reachable again after %.0f s", time.monotonic() - self.down_since)
            self.down_since = None


def polling_health(context: ContextTypes.DEFAULT_TYPE) -> PollingHealth:
    found = context.bot_data[HEALTH]
    assert isinstance(found, PollingHealth)
    return found


class PollingRequest(HTTPXRequest):
    """The getUpdates connection: an answered poll ends an outage."""

    def __init__(self, health: PollingHealth) -> None:
        super().__init__(connection_pool_size=1)
        self._health = health

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        code, payload = await super().do_request(*args, **kwargs)
        if code == 200:
            self._health.succeeded()
        return code, payload


def file_url(api_base_url: str) -> str:
    """Where files are downloaded: beside the API, '<host>/bot' -> '<host>/file/bot' (also for a local server)."""
    base = api_base_url.rstrip("/")
    if base.endswith("/bot"):
        return base[: -len("/bot")] + "/file/bot"
    return TELEGRAM_API.replace("/bot", "/file/bot")


# ---------------------------------------------------------------- the main job


class RedactingFormatter(logging.Formatter):
    """Log lines without the bot token (request URLs contain it), tracebacks only for bugs.

    A TelegramError (network down, Bad Gateway, ...) is a fact about the outside world, not a bug:
    it becomes part of its one line instead of a traceback.
    """

    def __init__(self, token: str) -> None:
        super().__init__(LOG_FORMAT)
        self._token = token

    def format(self, record: logging.LogRecord) -> str:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, TelegramError):
            line = f"{record.getMessage()} ({type(error).__name__}: {error})"
            record = logging.makeLogRecord({**record.__dict__, "msg": line, "args": None,
                                            "exc_info": None, "exc_text": None})
        return super().format(record).replace(self._token, "<TOKEN>")


def configure_logging(token: str) -> None:
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(RedactingFormatter(token))
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one INFO line per request, token in the URL


async def preflight(settings: Settings) -> str | None:
    """None if the Bot API accepts the token, else one line saying what is wrong and how to fix it."""
    assert settings.token
    where = urlsplit(settings.api_base_url).netloc or settings.api_base_url
    bot = Bot(settings.token, base_url=settings.api_base_url, base_file_url=file_url(settings.api_base_url))
    try:
        async with bot:  # initialize() asks getMe
            return None
    except InvalidToken:  # its message contains the token: never print it
        return f"the Bot API at {where} rejected TELEGRAM_BOT_TOKEN; copy the token from @BotFather again"
    except NetworkError as exc:
        reason = exc.message.replace(settings.token, "<TOKEN>")
        return f"cannot reach the Telegram Bot API at {where} ({reason}); check the network or TELEGRAM_API_BASE_URL"
    except TelegramError as exc:
        return f"the Bot API at {where} refused to start the bot: {exc.message.replace(settings.token, '<TOKEN>')}"


def run_bot(settings: Settings) -> int:
    """Runs the bot until SIGTERM or Ctrl-C (finishing the updates in hand); 1 if it cannot start."""
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
    try:
        store = Store.open(settings.data_dir, settings.retention_days)
    except (OSError, sqlite3.Error) as exc:
        print(f"allybot: cannot open the store in DATA_DIR={settings.data_dir}: {exc}", file=sys.stderr)
        return 1
    store.start()
    try:
        log.info("pruned %d old question(s); serving %s", store.prune(), live.kb.summary())
        app = build_application(settings, live, store)
        if settings.webhook_url:
            app.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
                webhook_url=settings.webhook_url,
                secret_token=settings.webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            app.run_polling(allowed_updates=ALLOWED_UPDATES)
    except TelegramError as exc:  # e.g. Telegram refused the webhook URL, or went away since the preflight
        reason = exc.message.replace(settings.token, "<TOKEN>")
        print(f"allybot: could not start: {type(exc).__name__}: {reason}", file=sys.stderr)
        return 1
    finally:
        store.close()
    return 0
