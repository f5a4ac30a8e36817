"""What pressing an inline button does: navigation edits the message in place, 👍/👎 is stored and thanked for.

Every press is answered (`query.answer()`), even a forged or stale one: clients show a spinner on the
button until the bot does.
"""

from __future__ import annotations

import datetime as dt

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.conversation import (
    OVERVIEW,
    Action,
    Reply,
    allies_reply,
    ally_reply,
    fact_reply,
    stale_button_reply,
)
from bot.knowledge import Entry, KnowledgeBase
from bot.matching import Index
from bot.texts import t
from bot.tg import review
from bot.tg.handlers import reader_language, services
from bot.tg.keyboards import inline_keyboard


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Shows the chosen fact, ally or list in place of the pressed message, or thanks for a 👍/👎."""
    query = update.callback_query
    assert query is not None
    found = services(context)
    index = found.live.index
    action = Action.decode(query.data or "")
    if action is not None and action.kind in review.ACTIONS and await review.button(update, context, action):
        return  # a moderator taught or reviewed a fact; to anyone else such a button is an expired one
    if action is not None and action.kind == "vote" and _voted_fact(action, index.kb) is not None:
        found.store.log_vote(query.from_user.id, action.target[1:], up=action.target.startswith("+"))
        await query.answer(t(action.lang, "feedback_thanks"))  # a short toast; the card stays as it is
        return
    # Answer every callback query, even a forged one: clients show a spinner on the button until we do.
    await query.answer()
    reply = _navigation(action, index, found.today()) if action is not None else None
    if reply is None:  # forged, or the fact base changed since the button was sent
        lang = action.lang if action is not None else reader_language(found.store, query.from_user)
        await _send_stale_notice(update, context, stale_button_reply(index, lang))
        return
    try:  # navigation edits the message instead of filling the chat with new ones
        await query.edit_message_text(
            reply.html, parse_mode=ParseMode.HTML, reply_markup=inline_keyboard(reply.buttons)
        )
    except BadRequest as exc:
        if "not modified" not in exc.message:  # the same button pressed twice is fine
            raise


async def _send_stale_notice(update: Update, context: ContextTypes.DEFAULT_TYPE, notice: Reply) -> None:
    """A new message, so the card the reader was reading stays in place."""
    if update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, notice.html, parse_mode=ParseMode.HTML,
                                       reply_markup=inline_keyboard(notice.buttons))


def _voted_fact(action: Action, kb: KnowledgeBase) -> Entry | None:
    if action.target[:1] not in ("+", "-"):
        return None
    return kb.get(action.target[1:])


def _navigation(action: Action, index: Index, today: dt.date) -> Reply | None:
    """What a fact, ally or allies button shows; None when its target no longer exists."""
    if action.kind == "fact":
        entry = index.kb.get(action.target)
        return fact_reply(index, entry, action.lang, today) if entry and not entry.fact.retired else None
    if action.kind == "ally":
        known = action.target == OVERVIEW or action.target in index.kb.allies
        return ally_reply(index, action.target, action.lang) if known else None
    if action.kind == "allies":
        return allies_reply(index, action.lang)
    return None  # a vote for a fact that is gone
