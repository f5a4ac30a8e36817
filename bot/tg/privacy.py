"""The reader's own data: /privacy says what is kept, /forget deletes it once the reader confirms."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.conversation import Action
from bot.reader_data import FORGET_CONFIRM, forget_outcome, forget_question, privacy_reply
from bot.tg.handlers import send_reply
from bot.tg.keyboards import inline_keyboard
from bot.tg.services import BotContext, reader_language


async def privacy(update: Update, context: BotContext) -> None:
    """Tells the reader what is stored about them, for how long, that their id is hashed, and about /forget."""
    found = context.services
    assert update.effective_message is not None
    lang = reader_language(found.store, update.effective_user)
    await send_reply(update.effective_message, privacy_reply(lang, found.store.retention_days), found.buttons)


async def forget(update: Update, context: BotContext) -> None:
    """Asks whether to delete everything stored about the reader; nothing goes before they press 'yes'."""
    found = context.services
    assert update.effective_message is not None
    lang = reader_language(found.store, update.effective_user)
    await send_reply(update.effective_message, forget_question(lang), found.buttons)


async def forget_button(update: Update, context: BotContext, action: Action) -> None:
    """Deletes the presser's rows (only ever their own) on 'yes', and says what happened in place of the question."""
    query = update.callback_query
    assert query is not None
    await query.answer()  # stop the spinner first: deleting may wait a moment for the disk
    confirmed = action.target == FORGET_CONFIRM
    deleted = False
    if confirmed:
        deleted = await asyncio.to_thread(context.services.store.forget_reader, query.from_user.id)
        if query.message is not None:
            context.conversations.put(query.message.chat.id, None)  # what this chat remembered in memory goes too
    outcome = forget_outcome(action.lang, confirmed=confirmed, deleted=deleted)
    keyboard = inline_keyboard(outcome.buttons, context.services.buttons, query.from_user.id)
    await query.edit_message_text(outcome.html, reply_markup=keyboard)
