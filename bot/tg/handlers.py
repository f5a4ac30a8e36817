"""What readers see: one small handler per kind of update, each a call into the conversation core.

A handler reads the update, asks `bot.conversation` for a `Reply` and shows it (`Reply.html` is
already escaped). No matching and no YAML logic lives here. What the handlers share (`Services`)
is stored once in `application.bot_data` by `bot.tg.app.build_application`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from telegram import (
    Chat,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    Update,
    User,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes, filters

from bot.config import Settings
from bot.conversation import (
    OVERVIEW,
    Action,
    Reply,
    allies_reply,
    ally_reply,
    answer_question,
    fact_reply,
    help_reply,
    simple_reply,
    stale_button_reply,
    suggestion_label,
    too_long,
    welcome,
)
from bot.knowledge import Entry, KnowledgeBase, Lang
from bot.live import LiveKnowledge
from bot.matching import Index
from bot.matching.matcher import SUGGESTION_FLOOR
from bot.store import Store
from bot.texts import t
from bot.tg.keyboards import inline_keyboard

log = logging.getLogger(__name__)

SERVICES = "services"
INLINE_CARDS = 5  # Telegram shows more, but five sourced cards are plenty to choose from
INLINE_CACHE_SECONDS = 60
INLINE_EMPTY_CACHE_SECONDS = 5  # readers are still typing: ask again soon
TYPING_UNTIL_BUSY = 4  # updates in hand beyond which 'typing…' is left out
LANGUAGE_ARGUMENTS: dict[str, Lang] = {"de": "de", "en": "en"}


# ---------------------------------------------------------------- what handlers share


@dataclass
class Services:
    """Everything a handler needs, created once per Application."""

    settings: Settings
    live: LiveKnowledge
    store: Store
    flood: FloodLimit
    today: Callable[[], dt.date] = dt.date.today


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    found = context.bot_data[SERVICES]
    assert isinstance(found, Services)
    return found


FloodVerdict = Literal["ok", "warn", "silent"]


class FloodLimit:
    """At most `per_minute` messages per reader in any minute; the first one over is warned, the rest ignored."""

    FORGET_AFTER = 10_000  # readers tracked before idle ones are forgotten

    def __init__(self, per_minute: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.window = window
        self._clock = clock
        self._recent: dict[int, deque[float]] = {}
        self._warned: set[int] = set()

    def check(self, reader: int) -> FloodVerdict:
        now = self._clock()
        if len(self._recent) > self.FORGET_AFTER:
            self._forget_idle(now)
        recent = self._recent.setdefault(reader, deque())
        while recent and recent[0] <= now - self.window:
            recent.popleft()
        if len(recent) < self.per_minute:
            recent.append(now)
            self._warned.discard(reader)
            return "ok"
        if reader in self._warned:
            return "silent"
        self._warned.add(reader)
        return "warn"

    def _forget_idle(self, now: float) -> None:
        idle = [reader for reader, recent in self._recent.items() if not recent or recent[-1] <= now - self.window]
        for reader in idle:
            del self._recent[reader]
            self._warned.discard(reader)


@dataclass
class ConversationState:
    """What one chat remembers between turns; follow-up questions ("and Belarus?") will build on it."""

    last_fact_id: str | None = None

    def answer(self, index: Index, question: str, lang: Lang, today: dt.date) -> Reply:
        reply = answer_question(index, question, lang, today)
        if reply.entry is not None:
            self.last_fact_id = reply.entry.id
        return reply


def conversation_state(context: ContextTypes.DEFAULT_TYPE) -> ConversationState:
    if context.chat_data is None:
        return ConversationState()
    state = context.chat_data.setdefault("conversation", ConversationState())
    assert isinstance(state, ConversationState)
    return state


def reader_language(store: Store, user: User | None) -> Lang:
    """The reader's /lang choice, else their Telegram app's language: English if it is English, else German."""
    if user is None:
        return "de"
    chosen = store.get_language(user.id)
    if chosen is not None:
        return chosen
    return "en" if (user.language_code or "").lower().startswith("en") else "de"


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


async def send_reply(message: Message, reply: Reply) -> None:
    """Sends `reply` as HTML; in groups it quotes the question, since several people talk there."""
    await message.reply_html(
        reply.html, reply_markup=inline_keyboard(reply.buttons), do_quote=message.chat.type != Chat.PRIVATE
    )


async def show_typing(chat: Chat, context: ContextTypes.DEFAULT_TYPE) -> None:
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


def _turn(update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[Services, Message, Lang]:
    message = update.effective_message
    assert message is not None
    found = services(context)
    return found, message, reader_language(found.store, update.effective_user)


# ---------------------------------------------------------------- commands


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greets the reader in their language and shows the allies as buttons."""
    found, message, lang = _turn(update, context)
    await send_reply(message, welcome(found.live.index, lang))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explains how to ask, with the allies as buttons."""
    found, message, lang = _turn(update, context)
    await send_reply(message, help_reply(found.live.index, lang))


async def allies(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Shows the allies (and the general background) as buttons."""
    found, message, lang = _turn(update, context)
    await send_reply(message, allies_reply(found.live.index, lang))


async def language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Switches the reader's language (/lang toggles, /lang en or /lang de chooses), remembered for good."""
    found, message, current = _turn(update, context)
    wanted = (context.args or [""])[0].lower()[:2]  # "/lang English" and "/lang deutsch" work too
    toggled: Lang = "en" if current == "de" else "de"
    chosen = LANGUAGE_ARGUMENTS.get(wanted) if wanted else toggled
    if chosen is None:
        await send_reply(message, simple_reply(current, "lang_usage"))
        return
    if update.effective_user is not None:
        found.store.set_language(update.effective_user.id, chosen)
    await send_reply(message, simple_reply(chosen, "lang_set"))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Says the command is unknown and points to /help (moderator commands look the same to readers)."""
    _, message, lang = _turn(update, context)
    await send_reply(message, simple_reply(lang, "unknown_command"))


# ---------------------------------------------------------------- messages


async def flood_guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Lets a reader's message through, or says 'please slow down' once and then stays silent for the minute."""
    user = update.effective_user
    if user is None:
        return
    found, message, lang = _turn(update, context)
    verdict = found.flood.check(user.id)
    if verdict == "ok":
        return
    if verdict == "warn":
        await send_reply(message, simple_reply(lang, "flood"))
    raise ApplicationHandlerStop  # no other handler sees this message


async def question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers a private message with a fact card, an ally's topics, or suggestions."""
    message = update.effective_message
    assert message is not None
    await answer(update, context, message.text or "", channel="private")


async def group_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers a group message that mentions the bot or replies to it (other chatter never gets here)."""
    message = update.effective_message
    assert message is not None
    await answer(update, context, strip_mention(message.text or "", context.bot.username), channel="group")


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str, *, channel: str) -> None:
    """One reader turn: refuse what is too long, show typing, answer, log the question, send."""
    found, message, lang = _turn(update, context)
    refusal = too_long(text, lang)
    if refusal is not None:
        await send_reply(message, refusal)
        return
    await show_typing(message.chat, context)
    index = found.live.index  # one fact base for the whole turn, even if a reload swaps it meanwhile
    if not text.strip():  # a bare "@allybot"
        reply = help_reply(index, lang)
    else:
        reply = conversation_state(context).answer(index, text, lang, found.today())
        if reply.match is not None and update.effective_user is not None:
            found.store.log_question(update.effective_user.id, text, reply.match, channel=channel)
    await send_reply(message, reply)


async def non_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tells the reader in one line that only text questions are understood (stickers, photos, voice...)."""
    _, message, lang = _turn(update, context)
    await send_reply(message, simple_reply(lang, "non_text"))


# ---------------------------------------------------------------- buttons


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Shows the chosen fact, ally or list in place of the pressed message, or thanks for a 👍/👎."""
    query = update.callback_query
    assert query is not None
    found = services(context)
    index = found.live.index
    action = Action.decode(query.data or "")
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
        return fact_reply(index, entry, action.lang, today) if entry else None
    if action.kind == "ally":
        known = action.target == OVERVIEW or action.target in index.kb.allies
        return ally_reply(index, action.target, action.lang) if known else None
    if action.kind == "allies":
        return allies_reply(index, action.lang)
    return None  # a vote for a fact that is gone


# ---------------------------------------------------------------- inline mode


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offers up to five answer cards, each with its source, for "@bot question" in any chat."""
    query = update.inline_query
    assert query is not None
    found = services(context)
    text = query.query.strip()
    if not text:
        await query.answer([], cache_time=INLINE_EMPTY_CACHE_SECONDS, is_personal=True)
        return
    index, today = found.live.index, found.today()
    reply = answer_question(index, text, reader_language(found.store, query.from_user), today)
    if reply.match is not None:
        found.store.log_question(query.from_user.id, text, reply.match, channel="inline")
    cards = [_card(index, entry, reply.lang, today) for entry in _inline_entries(index, reply)]
    cache_time = INLINE_CACHE_SECONDS if cards else INLINE_EMPTY_CACHE_SECONDS
    await query.answer(cards, cache_time=cache_time, is_personal=True)


def _inline_entries(index: Index, reply: Reply) -> list[Entry]:
    """The answer and the next-best facts as already ranked by the matcher; nothing when it has no answer."""
    result = reply.match
    if result is None or not result.answered:
        return []
    if result.kind == "ally":
        return index.kb.of_ally(result.ally)[:INLINE_CARDS]
    return [entry for entry, score in result.ranked if score >= SUGGESTION_FLOOR][:INLINE_CARDS]


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
