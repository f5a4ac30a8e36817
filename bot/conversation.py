"""One reader turn, independent of where it happens: text or button in, a `Reply` out (pure).

The terminal chat and the Telegram handlers both call these functions; only how a `Reply` is shown
differs (plain text vs. HTML with inline buttons).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html import escape
from typing import Literal

from bot import timeline
from bot.answers import fact_html, fact_text, quote_and_source
from bot.context import Context, last_answered, next_context, understand_in_time
from bot.follow_up_words import asks_for_source
from bot.knowledge.base import Entry
from bot.knowledge.models import LANGS, Lang
from bot.matching import MAX_MESSAGE_CHARS, Index, Match
from bot.matching.normalize import words
from bot.matching.score import SUGGESTION_FLOOR
from bot.texts import t

OVERVIEW = "overview"
CALLBACK_LIMIT = 64  # Telegram rejects callback_data over 64 bytes
SIGNATURE_CHARS = 9  # '|' and 8 characters of signature, added by bot.tg.keyboards.CallbackCodec
ECHO_LIMIT = 80  # how much of an unanswered question is repeated back


@dataclass(frozen=True)
class Action:
    """What a button does; encoded into Telegram's callback_data (at most 64 bytes)."""

    kind: Literal["fact", "ally", "allies", "vote", "forget", "teach", "review"]
    lang: Lang = "de"
    target: str = ""  # fact id, ally slug, '+'/'-' plus fact id for votes, FORGET_*; moderators': bot.moderation.cards

    def encode(self) -> str:
        """The unsigned payload; leaves room for the signature within Telegram's 64 bytes."""
        code = {"fact": "f", "ally": "a", "allies": "l", "vote": "v", "forget": "d", "teach": "t", "review": "r"}[
            self.kind]
        data = f"{code}|{self.lang}|{self.target}"
        if len(data.encode()) > CALLBACK_LIMIT - SIGNATURE_CHARS:
            raise ValueError(f"callback data over {CALLBACK_LIMIT - SIGNATURE_CHARS} bytes: {data!r}")
        return data

    @classmethod
    def decode(cls, data: str) -> Action | None:
        """None for anything we did not produce (forged, old or truncated data)."""
        parts = data.split("|", 2)
        kinds: dict[str, Literal["fact", "ally", "allies", "vote", "forget", "teach", "review"]] = {
            "f": "fact", "a": "ally", "l": "allies", "v": "vote", "d": "forget", "t": "teach", "r": "review"}
        if len(parts) != 3 or parts[0] not in kinds or parts[1] not in LANGS:
            return None
        lang: Lang = "de" if parts[1] == "de" else "en"
        return cls(kinds[parts[0]], lang, parts[2])


@dataclass(frozen=True)
class Button:
    label: str
    action: Action


@dataclass(frozen=True)
class Reply:
    """What the bot says back: plain text, the same as Telegram HTML, and rows of buttons."""

    lang: Lang
    text: str
    html: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    match: Match | None = None
    entry: Entry | None = field(default=None)
    context: Context | None = None  # what the chat remembers after this reply (bot/context.py)


def answer_question(
    index: Index, question: str, lang: Lang | None, today: dt.date, *,
    chosen: bool = False, context: Context | None = None, now: float = 0.0,
) -> Reply:
    """Reply to free text: a fact card, an ally's topics, small talk, or 'no fact' with suggestions.

    `lang` is the reader's language when the question's is unclear, or always when `chosen` (/lang);
    `context` is what the chat talked about last (`now` on the same clock), the reply's `context` what
    it remembers next."""
    understood, asked = understand_in_time(index, question, lang, context, now)
    result = understood.match
    previous = last_answered(context, now)
    reply_lang: Lang = lang if chosen and lang else result.lang
    last = index.kb.get(previous) if previous is not None else None
    if result.kind == "none" and last is not None and asks_for_source(words(asked.rest)):
        reply = source_reply(index, last, reply_lang)  # 'quelle?' after an answer no fact of its own sources
    else:
        reply = _reply_to(index, result, reply_lang, today, asked.when)
    if understood.assumed_ally is not None and result.kind != "small_talk":
        reply = _assuming(index, reply, understood.assumed_ally)
    return Reply(reply.lang, reply.text, reply.html, reply.buttons, result, reply.entry,
                 next_context(understood, context, now))


def _reply_to(
    index: Index, result: Match, lang: Lang, today: dt.date, when: timeline.TimeAsked | None = None
) -> Reply:
    if result.kind == "answer" and result.entry:
        return fact_reply(index, result.entry, lang, today, when)
    if result.kind == "ally" and result.ally:
        return ally_reply(index, result.ally, lang)
    if result.kind == "small_talk":
        key = result.small_talk or "greeting"
        if key == "greeting":
            return welcome(index, lang)
        text = t(lang, key)
        return Reply(lang, text, escape(text), allies_keyboard(index, lang))
    return no_answer_reply(index, result, lang)


def _assuming(index: Index, reply: Reply, ally_slug: str) -> Reply:
    """'Zu Nordkorea: ...': a follow-up's reply says which ally it took the question to be about."""
    ally = index.kb.allies.get(ally_slug)
    if ally is None:
        return reply
    head = t(reply.lang, "assumed_ally", name=ally.names.get(reply.lang))
    return Reply(reply.lang, f"{head}\n{reply.text}", f"<i>{escape(head)}</i>\n{reply.html}", reply.buttons,
                 reply.match, reply.entry)


def answer_cards(index: Index, result: Match, limit: int = 5) -> list[Entry]:
    """The facts to offer as cards (inline mode): the answer and the next-best ranked facts, an ally's
    topics for a bare name, nothing when the question has no answer."""
    if not result.answered:
        return []
    if result.kind == "ally":
        return timeline.current_of_ally(index.kb, result.ally)[:limit]
    return [entry for entry, score in result.ranked if score >= SUGGESTION_FLOOR][:limit]


def fact_reply(
    index: Index, entry: Entry, lang: Lang, today: dt.date, asked: timeline.TimeAsked | None = None
) -> Reply:
    """A fact card with feedback buttons, the way to its older or newer version, and the ally's other topics."""
    kb = index.kb
    versions = {e.id for e in timeline.versions(kb, entry)}
    others = [e for e in timeline.current_of_ally(kb, entry.ally) if e.id not in versions | {entry.id}]
    rows: list[tuple[Button, ...]] = [(
        Button("👍", Action("vote", lang, f"+{entry.id}")),
        Button("👎", Action("vote", lang, f"-{entry.id}")),
    )]
    rows += _history_buttons(index, entry, lang)
    rows += _pairs([Button(e.fact.topic.get(lang), Action("fact", lang, e.id)) for e in others])
    rows.append((Button(t(lang, "all_allies_button"), Action("allies", lang)),))
    return Reply(lang, fact_text(entry, lang, today, kb, asked), fact_html(entry, lang, today, kb, asked),
                 tuple(rows), entry=entry)


def _history_buttons(index: Index, entry: Entry, lang: Lang) -> list[tuple[Button, ...]]:
    """'Wie war es im Juni 2024?' for each fact this one overtook, 'Neuerer Stand: ...' for the one that
    overtook it."""
    older = timeline.older(index.kb, entry)
    labels = [timeline.how_was_it(e, lang) for e in older]
    if len(set(labels)) < len(labels):  # two older facts of the same month: say which is which
        labels = [f"{timeline.as_of_label(e, lang)}: {e.fact.topic.get(lang)}" for e in older]
    rows: list[tuple[Button, ...]] = [
        (Button(label, Action("fact", lang, e.id)),) for label, e in zip(labels, older, strict=True)
    ]
    newer = index.kb.newer(entry)
    if newer is not None:
        label = t(lang, "newer_button", when=timeline.as_of_label(newer, lang))
        rows.append((Button(label, Action("fact", lang, newer.id)),))
    return rows


def ally_reply(index: Index, slug: str, lang: Lang) -> Reply:
    """An ally's overview: what the bot knows about it, as topics to pick from."""
    ally = index.kb.allies.get(slug)
    if ally is None and slug != OVERVIEW:
        return stale_button_reply(index, lang)
    intro = t(lang, "ally_intro", name=ally.names.get(lang)) if ally else t(lang, "overview_intro")
    entries = timeline.current_of_ally(index.kb, ally.slug if ally else None)
    rows = _pairs([Button(e.fact.topic.get(lang), Action("fact", lang, e.id)) for e in entries])
    rows.append((Button(t(lang, "all_allies_button"), Action("allies", lang)),))
    return Reply(lang, intro, escape(intro), tuple(rows))  # the topics are the buttons, not listed twice


def no_answer_reply(index: Index, result: Match, lang: Lang) -> Reply:
    """An honest 'no fact on that', with up to three close suggestions and a way to browse."""
    question = " ".join(result.query.split())
    echo = question if len(question) <= ECHO_LIMIT else question[: ECHO_LIMIT - 1] + "…"
    head = t(lang, "no_answer", question=echo) if echo else t(lang, "no_answer_empty")
    lines = [head, t(lang, "browse")]
    if result.suggestions:  # the suggestions themselves are the buttons
        lines.insert(1, t(lang, "suggest"))
    rows = [(Button(suggestion_label(index, e, lang), Action("fact", lang, e.id)),) for e in result.suggestions]
    rows.append((Button(t(lang, "all_allies_button"), Action("allies", lang)),))
    text = "\n".join(lines)
    return Reply(lang, text, escape(text), tuple(rows))


def source_reply(index: Index, entry: Entry, lang: Lang) -> Reply:
    """'quelle?' after an answer that names no source of its own: no fact answers it (readers' sets label it so,
    and the bot does not answer with a fact), but the reader is owed the source the last answer rests on, not a
    'no fact on that'. Its card stays one tap away."""
    head = t(lang, "source_of_last", topic=entry.fact.topic.get(lang))
    text = "\n".join([head, *quote_and_source(entry, lang, html=False)])
    html = "\n".join([escape(head), *quote_and_source(entry, lang, html=True)])
    rows = ((Button(suggestion_label(index, entry, lang), Action("fact", lang, entry.id)),),
            (Button(t(lang, "all_allies_button"), Action("allies", lang)),))
    return Reply(lang, text, html, rows)


def suggestion_label(index: Index, entry: Entry, lang: Lang) -> str:
    """'Iran: Drones and ammunition' – the ally tells a reader which topic this is."""
    ally = index.kb.allies.get(entry.ally or "")
    name = ally.names.get(lang) if ally else index.kb.overview_names.get(lang)
    return f"{name}: {entry.fact.topic.get(lang)}"


def welcome(index: Index, lang: Lang) -> Reply:
    """/start: greeting, how to ask, and the allies as buttons."""
    text = f"{t(lang, 'greeting')}\n\n{t(lang, 'help')}"
    return Reply(lang, text, escape(text), allies_keyboard(index, lang))


def help_reply(index: Index, lang: Lang) -> Reply:
    text = t(lang, "help")
    return Reply(lang, text, escape(text), allies_keyboard(index, lang))


def allies_reply(index: Index, lang: Lang) -> Reply:
    """/allies: the allies (and the general context) as buttons."""
    text = t(lang, "choose_ally")
    return Reply(lang, text, escape(text), allies_keyboard(index, lang))


def allies_keyboard(index: Index, lang: Lang) -> tuple[tuple[Button, ...], ...]:
    allies = sorted(index.kb.allies.values(), key=lambda ally: ally.names.get(lang))
    buttons = [Button(ally.names.get(lang), Action("ally", lang, ally.slug)) for ally in allies]
    rows = _pairs(buttons)
    rows.append((Button(t(lang, "overview_button"), Action("ally", lang, OVERVIEW)),))
    return tuple(rows)


def stale_button_reply(index: Index, lang: Lang) -> Reply:
    """A button whose fact or ally no longer exists (the fact base changed) or forged data."""
    text = t(lang, "stale_button")
    return Reply(lang, text, escape(text), allies_keyboard(index, lang))


def language_choice(current: Lang, argument: str) -> Lang | None:
    """/lang toggles; "/lang en", "/lang English" or "/lang deutsch" choose; None for a language not spoken."""
    wanted = argument.strip().lower()[:2]
    if not wanted:
        return "en" if current == "de" else "de"
    return next((lang for lang in LANGS if lang == wanted), None)


def simple_reply(lang: Lang, key: str, **values: object) -> Reply:
    text = t(lang, key, **values)
    return Reply(lang, text, escape(text))


def too_long(question: str, lang: Lang) -> Reply | None:
    """A polite refusal for a message over the input limit, else None."""
    if len(question) <= MAX_MESSAGE_CHARS:
        return None
    return simple_reply(lang, "too_long", length=len(question), limit=MAX_MESSAGE_CHARS)


def _pairs(buttons: list[Button]) -> list[tuple[Button, ...]]:
    return [tuple(buttons[i:i + 2]) for i in range(0, len(buttons), 2)]


def follow(index: Index, action: Action, today: dt.date) -> Reply | None:
    """What a fact, ally or allies button shows; None when its target no longer exists (or for other kinds)."""
    if action.kind == "fact":
        entry = index.kb.get(action.target)
        return fact_reply(index, entry, action.lang, today) if entry and not entry.fact.retired else None
    if action.kind == "ally":
        known = action.target == OVERVIEW or action.target in index.kb.allies
        return ally_reply(index, action.target, action.lang) if known else None
    if action.kind == "allies":
        return allies_reply(index, action.lang)
    return None  # votes and /forget are the shell's business: they change what is stored
