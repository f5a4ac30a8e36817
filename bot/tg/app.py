"""The Telegram Application, wired: the client, the inbox, pacing, and every handler in one list below.

Starting and running it (start-up checks, polling or webhook) is `bot.tg.run`; the error handler is
`bot.tg.errorhandler`.
"""

from __future__ import annotations

from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    ChosenInlineResultHandler,
    CommandHandler,
    Defaults,
    ExtBot,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.config import TELEGRAM_API, Settings
from bot.errors import ConfigError
from bot.factbase.live import LiveKnowledge
from bot.store import Store
from bot.store.inbox import INBOX_FILE
from bot.tg import buttons, handlers, inline, moderation, privacy, review
from bot.tg.errorhandler import on_error
from bot.tg.flood import FloodLimit
from bot.tg.inbox import DurableInbox, InboxQueue, InboxUpdateProcessor
from bot.tg.lifecycle import Background
from bot.tg.logs import protect_token
from bot.tg.network import ApiHealth, StopWatch, TelegramRequest, Timeouts
from bot.tg.pacing import TELEGRAM_LIMITS, SendLimits, TelegramRateLimiter
from bot.tg.polling import PROBE_SECONDS, InboxUpdater
from bot.tg.services import CONTEXT_TYPES, AnyApplication, Services, install

__all__ = ["build_application"]

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
        .context_types(CONTEXT_TYPES)
        .updater(updater)
        .concurrent_updates(InboxUpdateProcessor(MAX_CONCURRENT_UPDATES, inbox))
        .post_init(background.start)
        .post_shutdown(background.stop)
        .build()
    )
    updater.on_give_up = app.stop_running
    sending.stopping = StopWatch(app)
    install(app, Services(settings, live, store, FloodLimit(settings.flood_per_minute)))
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


# ---------------------------------------------------------------- where files come from


def file_url(api_base_url: str) -> str:
    """Where files are downloaded: beside the API, '<host>/bot' -> '<host>/file/bot' (also for a local server)."""
    base = api_base_url.rstrip("/")
    if not base.endswith("/bot"):  # Settings.from_env refuses such an address; never guess another server
        raise ConfigError(f"TELEGRAM_API_BASE_URL must end in /bot, like {TELEGRAM_API}")
    return base[: -len("/bot")] + "/file/bot"
