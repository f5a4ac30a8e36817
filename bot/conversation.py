"""One reader turn, independent of where it happens: text or button in, a `Reply` out (pure).

The terminal chat and the Telegram handlers both call these functions; only how a `Reply` is shown
differs (plain text vs. HTML with inline buttons).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html import escape
from typing import Literal

from bot.answers import fact_html, fact_text
from bot.knowledge.base import Entry
from bot.knowledge.models import LANGS, Lang
from bot.matching import MAX_QUESTION_CHARS, Index, Match, match
from bot.matching.matcher import SUGGESTION_FLOOR
from bot.texts import t

OVERVIEW = "overview"
CALLBACK_LIMIT = 64  # Telegram rejects callback_data over 64 bytes
ECHO_LIMIT = 80  # how much of an unanswered question is repeated back


@dataclass(frozen=True)
class Action:
    """What a button does; encoded into Telegram's callback_data (at most 64 bytes)."""

    kind: Literal["fact", "ally", "allies", "vote", "teach", "review"]
    lang: Lang = "de"
    target: str = ""  # fact id, ally slug, '+'/'-' plus fact id for votes; moderators': bot.moderation.cards

    def encode(self) -> str:
        code = {"fact": "f", "ally": "a", "allies": "l", "vote": "v", "teach": "t", "review": "r"}[self.kind]
        data = f"{code}|{self.lang}|{self.target}"
        if len(data.encode()) > CALLBACK_LIMIT:
            raise ValueError(f"callback data over {CALLBACK_LIMIT} bytes: {data!r}")
        return data

    @classmethod
    def decode(cls, data: str) -> Action | None:
        """None for anything we did not produce (forged, old or truncated data)."""
        parts = data.split("|", 2)
        kinds: dict[str, Literal["fact", "ally", "allies", "vote", "teach", "review"]] = {
            "f": "fact", "a": "ally", "l": "allies", "v": "vote", "t": "teach", "r": "review"}
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


def answer_question(index: Index, question: str, lang: Lang | None, today: dt.date) -> Reply:
    """Reply to free text: a fact card, an ally's topics, small talk, or 'no fact' with suggestions."""
    result = match(index, question, lang)
    reply_lang = result.lang
    if result.kind == "answer" and result.entry:
        return _with_match(fact_reply(index, result.entry, reply_lang, today), result)
    if result.kind == "ally" and result.ally:
        return _with_match(ally_reply(index, result.ally, reply_lang), result)
    if result.kind == "small_talk":
        key = result.small_talk or "greeting"
        if key == "greeting":
            return _with_match(welcome(index, reply_lang), result)
        text = t(reply_lang, key)
        return Reply(reply_lang, text, escape(text), allies_keyboard(index, reply_lang), result)
    return _with_match(no_answer_reply(index, result, reply_lang), result)


def answer_cards(index: Index, result: Match, limit: int = 5) -> list[Entry]:
    """The facts to offer as cards (inline mode): the answer and the next-best ranked facts, an ally's
    topics for a bare name, nothing when the question has no answer."""
    if not result.answered:
        return []
    if result.kind == "ally":
        return index.kb.of_ally(result.ally)[:limit]
    return [entry for entry, score in result.ranked if score >= SUGGESTION_FLOOR][:limit]


def _with_match(reply: Reply, result: Match) -> Reply:
    return Reply(reply.lang, reply.text, reply.html, reply.buttons, result, reply.entry)


def fact_reply(index: Index, entry: Entry, lang: Lang, today: dt.date) -> Reply:
    """A fact card with feedback buttons and the other topics of the same ally."""
    others = [e for e in index.kb.of_ally(entry.ally) if e.id != entry.id]
    rows: list[tuple[Button, ...]] = [(
        Button("👍", Action("vote", lang, f"+{entry.id}")),
        Button("👎", Action("vote", lang, f"-{entry.id}")),
    )]
    rows += _pairs([Button(e.fact.topic.get(lang), Action("fact", lang, e.id)) for e in others])
    rows.append((Button(t(lang, "all_allies_button"), Action("allies", lang)),))
    return Reply(lang, fact_text(entry, lang, today), fact_html(entry, lang, today), tuple(rows), entry=entry)


def ally_reply(index: Index, slug: str, lang: Lang) -> Reply:
    """An ally's overview: what the bot knows about it, as topics to pick from."""
    ally = index.kb.allies.get(slug)
    if ally is None and slug != OVERVIEW:
        return stale_button_reply(index, lang)
    intro = t(lang, "ally_intro", name=ally.names.get(lang)) if ally else t(lang, "overview_intro")
    entries = index.kb.of_ally(ally.slug if ally else None)
    topics = [e.fact.topic.get(lang) for e in entries]
    text = "\n".join([intro, *(f"• {topic}" for topic in topics)])
    html = "\n".join([escape(intro), *(f"• {escape(topic)}" for topic in topics)])
    rows = _pairs([Button(e.fact.topic.get(lang), Action("fact", lang, e.id)) for e in entries])
    rows.append((Button(t(lang, "all_allies_button"), Action("allies", lang)),))
    return Reply(lang, text, html, tuple(rows))


def no_answer_reply(index: Index, result: Match, lang: Lang) -> Reply:
    """An honest 'no fact on that', with up to three close suggestions and a way to browse."""
    question = " ".join(result.query.split())
    echo = question if len(question) <= ECHO_LIMIT else question[: ECHO_LIMIT - 1] + "…"
    head = t(lang, "no_answer", question=echo) if echo else t(lang, "no_answer_empty")
    lines, html_lines = [head], [escape(head)]
    if result.suggestions:
        lines.append(t(lang, "suggest"))
        html_lines.append(escape(t(lang, "suggest")))
        for entry in result.suggestions:
            label = suggestion_label(index, entry, lang)
            lines.append(f"• {label}")
            html_lines.append(f"• {escape(label)}")
    lines.append(t(lang, "browse"))
    html_lines.append(escape(t(lang, "browse")))
    rows = [(Button(suggestion_label(index, e, lang), Action("fact", lang, e.id)),) for e in result.suggestions]
    rows.append((Button(t(lang, "all_allies_button"), Action("allies", lang)),))
    return Reply(lang, "\n".join(lines), "\n".join(html_lines), tuple(rows))


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


def simple_reply(lang: Lang, key: str, **values: object) -> Reply:
    text = t(lang, key, **values)
    return Reply(lang, text, escape(text))


def too_long(question: str, lang: Lang) -> Reply | None:
    """A polite refusal for a message over the input limit, else None."""
    if len(question) <= MAX_QUESTION_CHARS:
        return None
    return simple_reply(lang, "too_long", length=len(question), limit=MAX_QUESTION_CHARS)


def _pairs(buttons: list[Button]) -> list[tuple[Button, ...]]:
    return [tuple(buttons[i:i + 2]) for i in range(0, len(buttons), 2)]
