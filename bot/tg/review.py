"""Moderators teach and review facts with one tap: /unanswered groups, /stale items and their review cards.

The commands are registered for moderators only (bot.tg.app); their buttons reach `button` through the
readers' callback handler, so `button` checks the moderator list itself: to anyone else such a button is
an expired one, exactly as if it did not exist. Every change is audited, and its reply has an undo button.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.conversation import Action, Reply
from bot.factbase.review import FactChange, confirm, restore, retire, supersede, teach, unretire, untaught
from bot.knowledge import LANGS, Entry, Lang
from bot.moderation.cards import (
    NO_REF,
    TEACH_CARDS,
    date_part,
    dismissed_reply,
    find_fact,
    open_groups,
    parse_date,
    parts,
    ref,
    replacement_menu,
    retired_reply,
    review_card,
    reviewed_reply,
    stale_reply,
    taught_reply,
    teach_card,
)
from bot.moderation.reports import log_unreadable, unanswered_report
from bot.moderation.texts import mt
from bot.store import StoreUnavailable
from bot.store.decisions import DISMISS, UNDISMISS, dismissed_questions, find_unanswered
from bot.tg.keyboards import inline_keyboard
from bot.tg.moderation import _days, _reply_pre
from bot.tg.services import BotContext, Services, moderator_language

ACTIONS = frozenset({"teach", "review"})
UNANSWERED_GROUPS = 50


@dataclass(frozen=True)
class Outcome:
    """What a tap leads to: the reply, whether it is a new message (else it replaces the tapped one), the audit."""

    reply: Reply
    new_message: bool = False
    audit: tuple[str, str, str, str] | None = None  # action, detail, version before, version after


# ---------------------------------------------------------------- commands


async def unanswered(update: Update, context: BotContext) -> None:
    """Lists unanswered questions, similar ones grouped, then the top groups with a button per likely fact."""
    found = context.services
    lang = moderator_language(found.store, update.effective_user)
    days = _days(context.args, "unanswered")
    if days is None:
        await _reply_pre(update, mt(lang, "unanswered_usage"))
        return
    report, cards = await asyncio.to_thread(_unanswered, found, days, lang)
    await _reply_pre(update, report)
    message = update.effective_message
    assert message is not None
    for card in cards:
        await message.reply_html(card.html, reply_markup=inline_keyboard(card.buttons, found.buttons, message.chat_id))


async def stale(update: Update, context: BotContext) -> None:
    """Lists facts past their review date (or, with 'retired', the retired ones), each a button to review it."""
    found = context.services
    lang = moderator_language(found.store, update.effective_user)
    which = " ".join(context.args or []).strip().lower()
    if which not in ("", "retired"):
        await _reply_pre(update, mt(lang, "stale_usage"))
        return
    kb = found.live.kb
    reply = retired_reply(kb, lang) if which else stale_reply(kb, found.today(), lang)
    message = update.effective_message
    assert message is not None
    await message.reply_html(reply.html, reply_markup=inline_keyboard(reply.buttons, found.buttons, message.chat_id))


def _unanswered(found: Services, days: int, lang: Lang) -> tuple[str, list[Reply]]:
    found.store.flush()  # a 'no fact' tapped a moment ago is in the audit before we read it
    try:
        groups = found.store.unanswered(days, limit=UNANSWERED_GROUPS)
        dismissed = dismissed_questions(found.store)
    except StoreUnavailable:
        return log_unreadable(mt(lang, "log_unreadable")), []
    index = found.live.index
    items = open_groups(groups, index, dismissed)
    report = unanswered_report([item.group for item in items], days)
    return report, [teach_card(index, item, lang) for item in items[:TEACH_CARDS]]


# ---------------------------------------------------------------- buttons


async def button(update: Update, context: BotContext, action: Action) -> bool:
    """Does what a moderator tapped and shows the result; False (nothing done, nothing answered) for others."""
    query = update.callback_query
    assert query is not None
    found = context.services
    user = query.from_user
    if user.id not in found.settings.moderator_ids or update.effective_chat is None:
        return False
    await query.answer()  # at once: a change takes a moment, and clients spin until the query is answered
    outcome = await asyncio.to_thread(_act, found, action)
    if outcome.audit is not None:
        found.store.audit(user.id, *outcome.audit)
    markup = inline_keyboard(outcome.reply.buttons, found.buttons, user.id)
    if outcome.new_message:
        await context.bot.send_message(update.effective_chat.id, outcome.reply.html, reply_markup=markup)
        return True
    try:
        await query.edit_message_text(outcome.reply.html, parse_mode=ParseMode.HTML, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" not in exc.message:
            raise
    return True


def _act(found: Services, action: Action) -> Outcome:
    lang: Lang = action.lang
    try:
        outcome = _teach(found, action) if action.kind == "teach" else _review(found, action)
    except ValueError:  # a malformed date in a target we did not produce
        outcome = None
    return outcome or Outcome(reviewed_reply(mt(lang, "expired"), lang, None))


def _teach(found: Services, action: Action) -> Outcome | None:
    lang, op, target = action.lang, action.target[:1], action.target
    kb = found.live.kb
    if op in ("a", "n", "r"):
        cut = parts(target, 8, 8) if op == "a" else parts(target, 8)
        if cut is None:
            return None
        question = find_unanswered(found.store, cut[0])
        if question is None:
            return Outcome(reviewed_reply(mt(lang, "question_gone"), lang, None))
        if op == "n":
            return Outcome(dismissed_reply(question, lang), audit=(DISMISS, question, kb.version, kb.version))
        if op == "r":
            return Outcome(dismissed_reply(question, lang, undone=True),
                           audit=(UNDISMISS, question, kb.version, kb.version))
        entry = find_fact(kb, cut[1])
        if entry is None:
            return None
        change = teach(found.live, entry.id, question)
        taught = change.question or question  # as written into the file: spaces tidied
        return _changed(found, change, "teach", f"+{change.lang} {taught!r}", lang,
                        lambda done: taught_reply(done, taught, lang, change.lang or lang))
    cut = parts(target, 8, 2, 8) if op == "u" else None
    if cut is None or cut[1] not in LANGS:
        return None
    fact_lang: Lang = "de" if cut[1] == "de" else "en"
    entry = find_fact(kb, cut[0])
    question = next((q for q in entry.fact.questions.get(fact_lang) if ref(q) == cut[2]), None) if entry else None
    if entry is None or question is None:
        return None
    variant: str = question
    change = untaught(found.live, entry.id, variant, fact_lang)
    return _changed(found, change, "untaught", f"-{fact_lang} {variant!r}", lang,
                    lambda done: taught_reply(done, variant, lang, fact_lang, undone=True))


def _review(found: Services, action: Action) -> Outcome | None:
    lang, op, target = action.lang, action.target[:1], action.target
    widths = {"s": (8, 8), "u": (8, 8, 8), "v": (8, 8)}.get(op, (8,))
    cut = parts(target, *widths)
    entry = find_fact(found.live.kb, cut[0]) if cut else None
    if cut is None or entry is None:
        return None
    fact_id, fact_ref, today = entry.id, cut[0], found.today()
    if op == "o":
        return Outcome(review_card(found.live.kb, entry, lang, today), new_message=True)
    if op == "m":
        return Outcome(replacement_menu(found.live.index, entry, lang))
    if op == "k":
        change = confirm(found.live, fact_id, today)
        undo = f"u{fact_ref}{date_part(entry.fact.reviewed_on)}{date_part(entry.fact.review_after)}"
        return _reviewed(found, change, "still-true", lang, undo, "confirmed")
    if op == "x":
        return _reviewed(found, retire(found.live, fact_id), "retire", lang, f"a{fact_ref}", "retired")
    if op == "a":
        return _reviewed(found, unretire(found.live, fact_id), "unretire", lang, f"x{fact_ref}", "unretired")
    if op == "s":
        newer = find_fact(found.live.kb, cut[1])
        if newer is None:
            return None
        previous = ref(entry.fact.superseded_by) if entry.fact.superseded_by else NO_REF
        return _reviewed(found, supersede(found.live, fact_id, newer.id), "supersede", lang,
                         f"v{fact_ref}{previous}", "superseded", newer=newer.id)
    if op == "u":
        values = {"reviewed_on": parse_date(cut[1]), "review_after": parse_date(cut[2])}
        if values["review_after"] is None:
            return None
        return _reviewed(found, restore(found.live, fact_id, values), "review-undo", lang, None, "restored")
    if op == "v":
        older = find_fact(found.live.kb, cut[1]) if cut[1] != NO_REF else None
        change = restore(found.live, fact_id, {"superseded_by": older.id if older else None})
        return _reviewed(found, change, "review-undo", lang, None, "restored")
    return None


def _reviewed(
    found: Services, change: FactChange, audit: str, lang: Lang, undo: str | None, key: str, **values: str
) -> Outcome:
    def reply(entry: Entry) -> Reply:
        fact = entry.fact
        text = mt(lang, key, fact_id=entry.id, file=entry.file, reviewed_on=fact.reviewed_on,
                  review_after=fact.review_after, **values)
        return reviewed_reply(text, lang, Action("review", lang, undo) if undo else None)

    return _changed(found, change, audit, _fields(change), lang, reply)


def _changed(
    found: Services, change: FactChange, audit: str, detail: str, lang: Lang, reply: Callable[[Entry], Reply]
) -> Outcome:
    """The reply to a change that was made (with its audit row), or the reason it was not."""
    result = change.result
    if not result.ok:
        return Outcome(reviewed_reply(f"{mt(lang, 'unchanged')}\n{result.message}", lang, None))
    entry = found.live.kb.get(change.fact_id)
    if entry is None:
        return Outcome(reviewed_reply(result.message, lang, None))
    row = (audit, f"{change.fact_id}: {detail} ({result.path})", result.version_before, result.version_after)
    return Outcome(reply(entry), audit=row if result.version_before != result.version_after else None)


def _fields(change: FactChange) -> str:
    return ", ".join(f"{key} was {value if value is not None else '–'}" for key, value in change.previous.items())


