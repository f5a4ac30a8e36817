"""Builds the Telegram Application (every handler registered in one list below) and runs it.

`run_bot` is what `allybot` does with TELEGRAM_BOT_TOKEN set: polling by default, a webhook when
WEBHOOK_URL is set. Anything that keeps it from starting is one line on stderr and exit status 1.
Every update is stored in the inbox (DATA_DIR/inbox.sqlite3) before Telegram is told it may forget it,
so even `kill -9` loses nothing: the next start answers what was left (`bot.tg.polling`). SIGTERM or
Ctrl-C still stops gracefully: `Application.stop()` handles every queued update before the store is flushed.
One bot per DATA_DIR (a lock file) and per token (409 Conflict from Telegram): a second one exits with 1.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import sys
from html import escape
from typing import Any
from urllib.parse import urlsplit

from telegram import Bot, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChosenInlineResultHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    ExtBot,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.config import TELEGRAM_API, Settings
from bot.knowledge import ValidationReport
from bot.live import LiveKnowledge
from bot.store import SecretKeyError, Store
from bot.store.inbox import INBOX_FILE
from bot.store.lock import AlreadyRunning, DataDirLock
from bot.texts import t
from bot.tg import buttons, handlers, inline, moderation, privacy, review
from bot.tg.flood import TELEGRAM_LIMITS, FloodLimit, SendLimits, TelegramRateLimiter
from bot.tg.handlers import SERVICES, Services, reader_language
from bot.tg.logs import RedactingFormatter, configure_logging, protect_token
from bot.tg.network import ApiHealth, TelegramRequest, Timeouts
from bot.tg.polling import PROBE_SECONDS, AnotherInstance, DurableInbox, InboxQueue, InboxUpdateProcessor, InboxUpdater
from bot.tg.runtime import Background, StopWatch

__all__ = ["RedactingFormatter", "build_application", "run_bot"]

log = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY, Update.CHOSEN_INLINE_RESULT]
MAX_CONCURRENT_UPDATES = 128
CONNECTIONS = 256  # for sending
POLL_CONNECTIONS = 2
"""The long poll's, with one spare: httpcore can leak a slot when stopping cancels a poll that is still
connecting (encode/httpcore#1093), and the last getUpdates, which acknowledges the updates in hand to
Telegram, must still get through. Seen as a PoolTimeout at shutdown with python-telegram-bot's default of 1."""
DEFAULT_TIMEOUTS = Timeouts()
SOURCE_LINK = filters.Regex(r"^\s*[A-Za-z][A-Za-z0-9+.-]*://")  # any scheme: the core explains why only http(s)
SOURCE_FILES = (filters.Document.FileExtension("html") | filters.Document.FileExtension("htm")
                | filters.Document.FileExtension("txt"))


def build_application(
    settings: Settings, live: LiveKnowledge, store: Store, *,
    limits: SendLimits = TELEGRAM_LIMITS, timeouts: Timeouts = DEFAULT_TIMEOUTS, probe_seconds: float = PROBE_SECONDS,
) -> AnyApplication:
    """The bot, wired: settings, defaults, pacing, network behaviour, the inbox, every handler, what runs beside it.

    `probe_seconds`: how long polling first listens for another copy of the bot (see `bot.tg.polling`).
    """
    assert settings.token, "the Telegram bot needs TELEGRAM_BOT_TOKEN"
    protect_token(settings.token)  # whoever runs this Application, its logs never show the token
    health = ApiHealth()
    background = Background(settings, live, store, health)
    sending = TelegramRequest(health, timeouts, pool_size=CONNECTIONS)
    inbox = DurableInbox(store.path.parent / INBOX_FILE)
    sending.before_send = inbox.before_send
    updater = InboxUpdater(telegram_bot(settings, sending, TelegramRequest(health, timeouts, pool_size=POLL_CONNECTIONS,
                                                                           polling=True), limits),
                           InboxQueue(inbox), probe_seconds=probe_seconds)
    app = (
        ApplicationBuilder()
        .updater(updater)
        .concurrent_updates(InboxUpdateProcessor(MAX_CONCURRENT_UPDATES, inbox))
        .post_init(background.start)
        .post_shutdown(background.stop)
        .build()
    )
    updater.on_give_up = app.stop_running
    sending.stopping = StopWatch(app)
    app.bot_data[SERVICES] = Services(settings, live, store, FloodLimit(settings.flood_per_minute))
    register_handlers(app, settings.moderator_ids)
    return app


def telegram_bot(settings: Settings, sending: TelegramRequest, polling: TelegramRequest,
                 limits: SendLimits) -> ExtBot[Any]:
    """The Bot API client: HTML by default, no link previews, paced under Telegram's limits."""
    assert settings.token
    return ExtBot(
        settings.token,
        base_url=settings.api_base_url,
        base_file_url=file_url(settings.api_base_url),
        request=sending,
        get_updates_request=polling,
        defaults=Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)),
        rate_limiter=TelegramRateLimiter(limits),
    )


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
        CommandHandler("privacy", privacy.privacy),
        CommandHandler("forget", privacy.forget),
        CommandHandler("status", moderation.status, filters=moderator),
        CommandHandler("reload", moderation.reload, filters=moderator),
        CommandHandler("fact", moderation.fact, filters=moderator),
        CommandHandler("unanswered", review.unanswered, filters=moderator),
        CommandHandler("feedback", moderation.feedback, filters=moderator),
        CommandHandler("stale", review.stale, filters=moderator),
        CommandHandler("undo", moderation.undo, filters=moderator),
        MessageHandler(moderator & SOURCE_FILES, moderation.add_source_file),
        MessageHandler(moderator & filters.Document.ALL, moderation.upload),
        MessageHandler(moderator & filters.TEXT & ~filters.COMMAND & SOURCE_LINK, moderation.add_source),
        MessageHandler(private & filters.COMMAND, handlers.unknown_command),
        MessageHandler(private & filters.TEXT, handlers.question),
        MessageHandler(handlers.ADDRESSED_IN_GROUP & filters.TEXT & ~filters.COMMAND, handlers.group_question),
        MessageHandler(private, handlers.non_text),
        CallbackQueryHandler(buttons.button),
        InlineQueryHandler(inline.inline_query),
        ChosenInlineResultHandler(inline.chosen_inline_result),
    ])
    app.add_error_handler(on_error)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Logs what went wrong with the update id and, where it helps, asks the reader to try again. Never raises."""
    try:
        error = context.error
        if update is None and isinstance(error, TelegramError):
            return  # polling failed: ApiHealth logged the outage once, python-telegram-bot polls on with backoff
        update_id = update.update_id if isinstance(update, Update) else None
        if isinstance(error, TelegramError):
            log.warning("update %s: Telegram answered %s: %s", update_id, type(error).__name__, error)
        else:  # a bug: the traceback goes to the log (token redacted), never to the reader
            log.error("update %s failed", update_id, exc_info=error)
        if isinstance(update, Update) and _worth_apologising(error):
            await _apologise(update, context)
    except Exception as exc:  # an error handler must not raise: PTB would only log that with a traceback
        log.warning("the error handler failed too: %s", type(exc).__name__)


def _worth_apologising(error: object) -> bool:
    """Not when Telegram is unreachable, pacing us or blocked by the reader: the apology would fail as well.

    Nor after a timeout: Telegram may well have delivered the answer, and "please try again" would follow it.
    """
    if isinstance(error, BadRequest):  # Telegram refused what we sent: the reader deserves a word
        return True
    return not isinstance(error, NetworkError | RetryAfter | Forbidden)


async def _apologise(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    lang = reader_language(handlers.services(context).store, update.effective_user)
    with contextlib.suppress(TelegramError):  # e.g. the reader blocked the bot: nothing more to say
        if update.callback_query is not None:
            await update.callback_query.answer(t(lang, "error"))
        elif update.effective_message is not None:
            await update.effective_message.reply_html(escape(t(lang, "error")))


# ---------------------------------------------------------------- the main job


def file_url(api_base_url: str) -> str:
    """Where files are downloaded: beside the API, '<host>/bot' -> '<host>/file/bot' (also for a local server)."""
    base = api_base_url.rstrip("/")
    if base.endswith("/bot"):
        return base[: -len("/bot")] + "/file/bot"
    return TELEGRAM_API.replace("/bot", "/file/bot")


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
        reason = exc.message.replace(settings.token, "<TOKEN>")
        print(f"allybot: could not start: {type(exc).__name__}: {reason}", file=sys.stderr)
        return 1
    if updater.gave_up is not None:
        print(f"allybot: stopped: {updater.gave_up}", file=sys.stderr)
        return 1
    return 0
