"""What readers see: one small handler per kind of update, each a call into the conversation core.

A handler reads the update, asks `bot.conversation` for a `Reply` and shows it (`Reply.html` is
already escaped). No matching and no YAML logic lives here. What the handlers share comes with their
typed context (`BotContext.services`, see `bot.tg.services`). Commands and messages
are here; button presses are in `bot.tg.buttons`, inline mode in `bot.tg.inline`.
"""

from __future__ import annotations

import logging
import re
import time
from html import escape

from telegram import Chat, Message, MessageEntity, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, filters

from bot.conversation import (
    Reply,
    allies_reply,
    answer_question,
    help_reply,
    language_choice,
    simple_reply,
    too_long,
    welcome,
)
from bot.factbase.upload import shown_name
from bot.knowledge import Lang
from bot.moderation.texts import mt
from bot.tg.flood import FloodLimit
from bot.tg.keyboards import CallbackCodec, inline_keyboard
from bot.tg.services import BotContext, Services, moderator_language, reader_language

log = logging.getLogger(__name__)

TYPING_UNTIL_BUSY = 4  # updates in hand beyond which 'typing…' is left out


class _AddressedToBot(filters.MessageFilter):
    """A message that @mentions this bot or replies to one of its messages."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
            return True
        mention = f"@{bot.username}".lower()
        return any(text.lower() == mention for text in message.parse_entities([MessageEntity.MENTION]).values())


ADDRESSED_IN_GROUP = (
    filters.UpdateType.MESSAGE
    & filters.ChatType.GROUPS
    & (filters.Entity(MessageEntity.MENTION) | filters.REPLY)
    & _AddressedToBot()
)
"""Group messages meant for the bot; the rest of a group's chatter is none of its business."""


def strip_mention(text: str, username: str) -> str:
    return re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE).strip()


async def send_reply(message: Message, reply: Reply, codec: CallbackCodec) -> None:
    """Sends `reply` as HTML; in groups it quotes the question, since several people talk there.

    Its buttons belong to whoever wrote `message`: in a group, nobody else can press them.
    """
    owner = message.from_user.id if message.from_user is not None else message.chat.id
    await message.reply_html(
        reply.html, reply_markup=inline_keyboard(reply.buttons, codec, owner),
        do_quote=message.chat.type != Chat.PRIVATE,
    )


async def show_typing(chat: Chat, context: BotContext) -> None:
    """'typing…' in private chats. Cosmetic, so a failure never costs the reader the answer.

    Skipped in groups (each call counts against Telegram's 20 messages a minute per group) and when
    many updates are in hand: the rate limiter counts chat actions too, and answers come first.
    """
    busy = context.application.update_processor.current_concurrent_updates > TYPING_UNTIL_BUSY
    if chat.type != Chat.PRIVATE or busy:
        return
    try:
        await chat.send_action(ChatAction.TYPING)
    except TelegramError as exc:
        log.debug("typing action failed: %s", exc)


def _turn(update: Update, context: BotContext) -> tuple[Services, Message, Lang]:
    message = update.effective_message
    assert message is not None
    found = context.services
    return found, message, reader_language(found.store, update.effective_user)


# ---------------------------------------------------------------- commands


async def start(update: Update, context: BotContext) -> None:
    """Greets the reader in their language and shows the allies as buttons."""
    found, message, lang = _turn(update, context)
    await send_reply(message, welcome(found.live.index, lang), found.buttons)


async def help_command(update: Update, context: BotContext) -> None:
    """Explains how to ask, with the allies as buttons."""
    found, message, lang = _turn(update, context)
    await send_reply(message, help_reply(found.live.index, lang), found.buttons)


async def allies(update: Update, context: BotContext) -> None:
    """Shows the allies (and the general background) as buttons."""
    found, message, lang = _turn(update, context)
    await send_reply(message, allies_reply(found.live.index, lang), found.buttons)


async def language(update: Update, context: BotContext) -> None:
    """Switches the reader's language (/lang toggles, /lang en or /lang de chooses), remembered for good."""
    found, message, current = _turn(update, context)
    chosen = language_choice(current, " ".join(context.args or []))
    if chosen is None:
        await send_reply(message, simple_reply(current, "lang_usage"), found.buttons)
        return
    if update.effective_user is not None:
        found.store.set_language(update.effective_user.id, chosen)
    await send_reply(message, simple_reply(chosen, "lang_set"), found.buttons)


async def unknown_command(update: Update, context: BotContext) -> None:
    """Says the command is unknown and points to /help (moderator commands look the same to readers)."""
    found, message, lang = _turn(update, context)
    await send_reply(message, simple_reply(lang, "unknown_command"), found.buttons)


# ---------------------------------------------------------------- messages


async def flood_guard(update: Update, context: BotContext) -> None:
    """Lets a reader's message through, or says 'please slow down' once and then stays silent for the minute.

    Moderators have a far higher limit, and over it every message gets an answer saying it was not handled:
    an upload must never vanish without a word.
    """
    user = update.effective_user
    if user is None:
        return
    found, message, lang = _turn(update, context)
    if user.id in found.settings.moderator_ids:
        if found.moderator_flood.check(user.id) != "ok":
            told = moderator_throttled(message, found.moderator_flood, moderator_language(found.store, user))
            await message.reply_html(f"<pre>{escape(told)}</pre>")
            raise ApplicationHandlerStop
        return
    verdict = found.flood.check(user.id)
    if verdict == "ok":
        return
    if verdict == "warn":
        await send_reply(message, simple_reply(lang, "flood"), found.buttons)
    raise ApplicationHandlerStop  # no other handler sees this message


def moderator_throttled(message: Message, limit: FloodLimit, lang: Lang) -> str:
    """What a moderator over the limit is told, in their language: what was dropped and why."""
    if message.document is not None:
        what = mt(lang, "throttled_file", name=shown_name(message.document.file_name))
    else:
        what = mt(lang, "throttled_message")
    return mt(lang, "throttled", limit=limit.per_minute, what=what)


async def question(update: Update, context: BotContext) -> None:
    """Answers a private message with a fact card, an ally's topics, or suggestions."""
    message = update.effective_message
    assert message is not None
    await answer(update, context, message.text or "", channel="private")


async def group_question(update: Update, context: BotContext) -> None:
    """Answers a group message that mentions the bot or replies to it (other chatter never gets here)."""
    message = update.effective_message
    assert message is not None
    await answer(update, context, strip_mention(message.text or "", context.bot.username), channel="group")


async def answer(update: Update, context: BotContext, text: str, *, channel: str) -> None:
    """One reader turn: refuse what is too long, show typing, answer, log the question, send."""
    found, message, lang = _turn(update, context)
    refusal = too_long(text, lang)
    if refusal is not None:
        await send_reply(message, refusal, found.buttons)
        return
    await show_typing(message.chat, context)
    index = found.live.index  # one fact base for the whole turn, even if a reload swaps it meanwhile
    if not text.strip():  # a bare "@allybot"
        reply = help_reply(index, lang)
    else:
        memory, chat, now = context.conversations, message.chat_id, time.monotonic()
        chosen = update.effective_user is not None and found.store.get_language(update.effective_user.id) is not None
        reply = answer_question(index, text, lang, found.today(), chosen=chosen, context=memory.get(chat, now), now=now)
        memory.put(chat, reply.context)
        if reply.match is not None and update.effective_user is not None:
            found.store.log_question(update.effective_user.id, text, reply.match, channel=channel)
    await send_reply(message, reply, found.buttons)


async def non_text(update: Update, context: BotContext) -> None:
    """Tells the reader in one line that only text questions are understood (stickers, photos, voice...)."""
    found, message, lang = _turn(update, context)
    await send_reply(message, simple_reply(lang, "non_text"), found.buttons)
