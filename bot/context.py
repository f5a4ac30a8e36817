"""Follow-up questions: what a reader's next message means after the last answer (pure).

"Liefert der Iran Drohnen?" then "und Nordkorea?" asks the same about North Korea; "Hat es auch Waffen
geliefert?" or "Does it send weapons?" asks about the ally just talked about. A chat remembers its last
ally and fact for `REMEMBER_SECONDS` (in memory only, at most `MAX_CHATS` chats); Telegram and the
terminal chat only hold a `Context` or a `ConversationMemory`, the reading of it lives here.

The rules, in order: a question naming an ally and a topic stands on its own; a bare ally name gets the
last topic for that ally when it has a fact on it, else its topic list; a question naming no ally is
about the last ally when it points back ("dort", "it", "that country") or cannot be answered alone, and
a complete question that can be answered alone is. Context never turns an answer into no answer.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

from bot.knowledge.base import Entry
from bot.knowledge.models import LANGS, Lang
from bot.matching import Index, Match, match
from bot.matching.decide import MAX_SUGGESTIONS
from bot.matching.lexicon import STOP_WORDS
from bot.matching.normalize import words

REMEMBER_SECONDS = 15 * 60
MAX_CHATS = 10_000
SAME_TOPIC_SHARE = 0.3  # of the last fact's question variants that must find one fact of the new ally

# Words that point back to what was just said; folded like questions are.
POINTING_BACK = frozenset(words(
    "dort da dahin dorthin darin drin dabei damals davon dazu dafur es ihm ihn ihr ihre ihren ihrem ihrer sein seine "
    "seinen seinem seiner dessen deren denen dies diese dieser dieses jenes "
    "there it its they their them those then"
))
# Words that point back only at the end of a question ("Wann war das?", "Is that true?"); elsewhere they are
# mostly articles ("das Abkommen", "that deal").
POINTING_BACK_LAST = frozenset(words("das dem that this"))
# How a follow-up asks, not what it asks about: "Wann war das?", "Was genau steht da drin?", "Where was that?"
ASKING_ONLY = frozenset(words(
    "wann wo wohin warum wieso weshalb wie wer genau drin steht stand passiert geschehen gesagt "
    "when where why how who exactly inside say says said happen happened mean means"
))
POINTING_PHRASES = ("das land", "dem land", "diesem land", "that country", "this country", "the country")


@dataclass(frozen=True)
class Context:
    """What a chat talked about last: the ally (None: the general background) and the fact answered."""

    ally: str | None
    fact_id: str | None
    at: float  # time.monotonic() of the turn

    def fresh(self, now: float) -> bool:
        return now - self.at <= REMEMBER_SECONDS


@dataclass(frozen=True)
class Understood:
    """A question read in context: the match to reply with and the ally it assumed (None: none assumed)."""

    match: Match
    assumed_ally: str | None = None
    named_ally: str | None = None  # the ally the question named, answered or not


def understand(index: Index, question: str, lang: Lang | None, context: Context | None, now: float) -> Understood:
    """The reply decision for `question` after `context` (None or stale: the question alone)."""
    alone = match(index, question, lang)
    named = index.allies.find(words(question))
    if named and not (alone.kind == "ally" and context and context.fresh(now) and context.fact_id):
        return Understood(alone, named_ally=named[0].ally)  # a complete question, or no context to build on
    if context is None or not context.fresh(now) or alone.kind == "small_talk":
        return Understood(alone)
    if alone.kind == "ally" and alone.ally and context.fact_id:
        return _same_topic_for(index, alone, context.fact_id)
    if context.ally is None:
        return Understood(alone)
    return _about_last_ally(index, question, lang, alone, context)


def next_context(understood: Understood, previous: Context | None, now: float) -> Context | None:
    """What to remember after this turn: the ally and fact answered; small talk and misses change nothing."""
    result = understood.match
    if result.kind == "answer" and result.entry is not None:
        return Context(result.entry.ally, result.entry.id, now)
    if result.kind == "ally" and result.ally:
        return Context(result.ally, None, now)
    if understood.named_ally is not None:
        return Context(understood.named_ally, None, now)
    if previous is not None and understood.assumed_ally is not None:
        return Context(previous.ally, previous.fact_id, now)
    return previous


def _same_topic_for(index: Index, bare: Match, fact_id: str) -> Understood:
    """'und Nordkorea?' after a fact: the new ally's fact closest to the last one, asked as its question
    variants would ask it, or the ally's topic list when none is close enough."""
    last = index.kb.get(fact_id)
    ally = bare.ally
    if last is None or ally is None or last.ally == ally:
        return Understood(bare)
    votes: dict[str, tuple[float, Entry]] = {}
    counts: dict[str, int] = {}
    for lang in LANGS:
        for variant in last.fact.questions.get(lang):
            found = match(index, variant, lang, assume_ally=ally)
            if found.kind == "answer" and found.entry is not None and found.entry.ally == ally:
                total = votes.get(found.entry.id, (0.0, found.entry))[0] + found.score
                votes[found.entry.id] = (total, found.entry)
                counts[found.entry.id] = counts.get(found.entry.id, 0) + 1
    if not votes:
        return Understood(bare)
    total, entry = max(votes.values(), key=lambda vote: vote[0])
    asked = sum(len(last.fact.questions.get(lang)) for lang in LANGS)
    if counts[entry.id] < SAME_TOPIC_SHARE * asked:
        return Understood(bare)  # the ally has no fact on that topic: its topic list
    return Understood(Match(bare.query, bare.lang, "answer", score=bare.score, entry=entry, ally=ally, best=entry,
                            ranked=((entry, bare.score),)), assumed_ally=ally)


def _about_last_ally(index: Index, question: str, lang: Lang | None, alone: Match, context: Context) -> Understood:
    """A question naming no ally: about the last one when it points back or cannot stand alone."""
    points_back = _points_back(question)
    last = index.kb.get(context.fact_id) if context.fact_id else None
    if points_back and last is not None and _asks_nothing_new(question):  # 'Wann war das?', 'Was steht da drin?'
        return Understood(Match(alone.query, alone.lang, "answer", score=alone.score, entry=last, ally=last.ally,
                                best=last, ranked=((last, alone.score),)), assumed_ally=context.ally)
    if alone.answered and not points_back:
        return Understood(alone)  # a complete question, answered on its own
    assumed = match(index, question, lang, assume_ally=context.ally)
    if assumed.answered and (assumed.entry is None or assumed.entry.ally in (context.ally, None)):
        return Understood(assumed, assumed_ally=context.ally)
    if not points_back:
        return Understood(alone)
    own = tuple(entry for entry, _ in assumed.ranked if entry.ally == context.ally)[:MAX_SUGGESTIONS]
    fallback = tuple(index.kb.of_ally(context.ally)[:MAX_SUGGESTIONS])
    return Understood(Match(alone.query, alone.lang, "none", score=assumed.score, best=assumed.best,
                            suggestions=own or fallback, ranked=assumed.ranked), assumed_ally=context.ally)


def _points_back(question: str) -> bool:
    folded = words(question)
    text = " ".join(folded)
    at_end = bool(folded) and folded[-1] in POINTING_BACK_LAST
    return at_end or not POINTING_BACK.isdisjoint(folded) or any(phrase in text for phrase in POINTING_PHRASES)


def _asks_nothing_new(question: str) -> bool:
    """The question's words only point back and ask ('Wann war das?'): it is about the last fact itself."""
    return all(word in STOP_WORDS or word in POINTING_BACK or word in POINTING_BACK_LAST or word in ASKING_ONLY
               for word in words(question))


class ConversationMemory:
    """Each chat's `Context`, for REMEMBER_SECONDS and MAX_CHATS chats at most (the least recent go)."""

    def __init__(self, max_chats: int = MAX_CHATS) -> None:
        self._chats: OrderedDict[Hashable, Context] = OrderedDict()
        self._max_chats = max_chats

    def get(self, chat: Hashable, now: float | None = None) -> Context | None:
        """The chat's context if it is fresh."""
        found = self._chats.get(chat)
        if found is not None and not found.fresh(time.monotonic() if now is None else now):
            del self._chats[chat]
            return None
        return found

    def put(self, chat: Hashable, context: Context | None) -> None:
        """Remember `context` for the chat (None forgets it)."""
        self._chats.pop(chat, None)
        if context is not None:
            self._chats[chat] = context
            while len(self._chats) > self._max_chats:
                self._chats.popitem(last=False)

    def __len__(self) -> int:
        return len(self._chats)
