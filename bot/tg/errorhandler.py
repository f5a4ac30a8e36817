"""What happens when a handler fails: the log gets the reason (token redacted), the reader a polite word."""

from __future__ import annotations

import contextlib
import logging
from html import escape

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.texts import t
from bot.tg.services import BotContext, reader_language

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
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


async def _apologise(update: Update, context: BotContext) -> None:
    lang = reader_language(context.services.store, update.effective_user)
    with contextlib.suppress(TelegramError):  # e.g. the reader blocked the bot: nothing more to say
        if update.callback_query is not None:
            await update.callback_query.answer(t(lang, "error"))
        elif update.effective_message is not None:
            await update.effective_message.reply_html(escape(t(lang, "error")))
