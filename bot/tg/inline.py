"""Inline mode: "@bot question" in any chat offers answer cards, each with its source.

Telegram sends an inline query for every keystroke ("d", "dr", "dro"...). The flood limit applies to
them (with room for typing), and a question is logged once: when the reader stops typing for
`SETTLE_SECONDS`, or at once when they choose a card (a ChosenInlineResult, which Telegram sends when
inline feedback is switched on with @BotFather's /setinlinefeedback).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode

from bot.conversation import answer_cards, answer_question, fact_reply, suggestion_label
from bot.knowledge import Entry, Lang
from bot.matching import Index
from bot.texts import t
from bot.tg.services import BotContext, reader_language

INLINE_CARDS = 5  # Telegram shows more, but five sourced cards are plenty to choose from
INLINE_CACHE_SECONDS = 60
INLINE_EMPTY_CACHE_SECONDS = 5  # readers are still typing: ask again soon


async def inline_query(update: Update, context: BotContext) -> None:
    """Offers up to five answer cards, each with its source, for "@bot question" in any chat."""
    query = update.inline_query
    assert query is not None
    found = context.services
    lang = reader_language(found.store, query.from_user)
    verdict = found.inline_flood.check(query.from_user.id)
    if verdict != "ok":  # warned once with a button instead of cards, then not even answered for the minute
        if verdict == "warn":
            button = InlineQueryResultsButton(text=t(lang, "inline_flood"), start_parameter="slow")
            await query.answer([], cache_time=INLINE_EMPTY_CACHE_SECONDS, is_personal=True, button=button)
        return
    text = query.query.strip()
    if not text:
        await query.answer([], cache_time=INLINE_EMPTY_CACHE_SECONDS, is_personal=True)
        return
    index, today = found.live.index, found.today()
    reply = answer_question(index, text, lang, today)
    if reply.match is not None:
        found.inline_questions.typed(query.from_user.id, text, reply.match)
    entries = answer_cards(index, reply.match, INLINE_CARDS) if reply.match else []
    cards = [_card(index, entry, reply.lang, today) for entry in entries]
    cache_time = INLINE_CACHE_SECONDS if cards else INLINE_EMPTY_CACHE_SECONDS
    await query.answer(cards, cache_time=cache_time, is_personal=True)


async def chosen_inline_result(update: Update, context: BotContext) -> None:
    """The reader sent one of the cards: their question is settled, so it is logged now."""
    chosen = update.chosen_inline_result
    assert chosen is not None
    context.services.inline_questions.chosen(chosen.from_user.id)


def _card(index: Index, entry: Entry, lang: Lang, today: dt.date) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=hashlib.blake2s(entry.id.encode(), digest_size=8).hexdigest(),  # unique, well under 64 bytes
        title=suggestion_label(index, entry, lang),
        description=entry.fact.answer.get(lang),
        input_message_content=InputTextMessageContent(
            fact_reply(index, entry, lang, today).html,
            parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        ),
    )
