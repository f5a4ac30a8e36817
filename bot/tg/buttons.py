"""What pressing an inline button does: navigation edits the message in place, 👍/👎 is stored and thanked for.

Every press is answered (`query.answer()`), even a forged or stale one: clients show a spinner on the
button until the bot does. Button data is signed for the reader the card belongs to (see
`bot.tg.keyboards`): a forged press counts nothing, and in a group nobody edits someone else's card.
"""

from __future__ import annotations

from telegram import CallbackQuery, Chat, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.conversation import Action, Reply, follow, stale_button_reply
from bot.knowledge import Entry, KnowledgeBase
from bot.texts import t
from bot.tg import privacy, review
from bot.tg.keyboards import inline_keyboard
from bot.tg.services import BotContext, reader_language


async def button(update: Update, context: BotContext) -> None:
    """Shows the chosen fact, ally or list in place of the pressed message, thanks for a 👍/👎, or settles /forget."""
    query = update.callback_query
    assert query is not None
    found = context.services
    index = found.live.index
    reader = query.from_user.id
    action = found.buttons.decode(query.data or "", reader)
    if action is None and _someone_elses_card(query):
        lang = reader_language(found.store, query.from_user)
        await query.answer(t(lang, "not_your_card"), show_alert=False)  # the card stays as its owner left it
        return
    if action is not None and action.kind in review.ACTIONS and await review.button(update, context, action):
        return  # a moderator taught or reviewed a fact; to anyone else such a button is an expired one
    if action is not None and action.kind == "vote" and _voted_fact(action, index.kb) is not None:
        found.store.log_vote(reader, action.target[1:], up=action.target.startswith("+"))
        await query.answer(t(action.lang, "feedback_thanks"))  # a short toast; the card stays as it is
        return
    if action is not None and action.kind == "forget":
        await privacy.forget_button(update, context, action)
        return
    # Answer every callback query, even a forged one: clients show a spinner on the button until we do.
    await query.answer()
    reply = follow(index, action, found.today()) if action is not None else None
    if reply is None:  # forged, or the fact base changed since the button was sent
        claimed = found.buttons.unverified_action(query.data or "")
        lang = claimed.lang if claimed is not None else reader_language(found.store, query.from_user)
        await _send_stale_notice(update, context, stale_button_reply(index, lang))
        return
    try:  # navigation edits the message instead of filling the chat with new ones
        await query.edit_message_text(
            reply.html, parse_mode=ParseMode.HTML, reply_markup=inline_keyboard(reply.buttons, found.buttons, reader)
        )
    except BadRequest as exc:
        if "not modified" not in exc.message:  # the same button pressed twice is fine
            raise


def _someone_elses_card(query: CallbackQuery) -> bool:
    """A group card answering another member's question: Telegram sends it with the question it replies to."""
    message = query.message
    if not isinstance(message, Message) or message.chat.type == Chat.PRIVATE:
        return False
    asker = message.reply_to_message.from_user if message.reply_to_message is not None else None
    return asker is not None and asker.id != query.from_user.id


async def _send_stale_notice(update: Update, context: BotContext, notice: Reply) -> None:
    """A new message, so the card the reader was reading stays in place."""
    query = update.callback_query
    if update.effective_chat is not None and query is not None:
        keyboard = inline_keyboard(notice.buttons, context.services.buttons, query.from_user.id)
        await context.bot.send_message(update.effective_chat.id, notice.html, parse_mode=ParseMode.HTML,
                                       reply_markup=keyboard)


def _voted_fact(action: Action, kb: KnowledgeBase) -> Entry | None:
    if action.target[:1] not in ("+", "-"):
        return None
    return kb.get(action.target[1:])
