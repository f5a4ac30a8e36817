"""Which fact holds when (pure): a newer fact overtakes an older one (`superseded_by`), readers get the
newest first, and a question that names a time ("im Juni 2024", "2025", "damals", "before Assad fell")
gets the fact of that time.

A fact's versions are the facts linked to it by `superseded_by` about the same ally (or both about the
general context); a link to another ally's fact is shown as "newer" but never swaps the answer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.knowledge.base import Entry, KnowledgeBase
from bot.knowledge.history import precision_of
from bot.knowledge.models import Lang
from bot.matching import MAX_QUESTION_CHARS, Match
from bot.matching.decide import ANSWER_THRESHOLD, STORY_WORDS, sentences_of
from bot.texts import month_name, t

_MONTHS = {
    "januar": 1, "jänner": 1, "january": 1, "jan": 1, "februar": 2, "february": 2, "feb": 2, "märz": 3,
    "maerz": 3, "march": 3, "mär": 3, "mar": 3, "april": 4, "apr": 4, "mai": 5, "may": 5, "juni": 6,
    "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9,
    "sep": 9, "oktober": 10, "october": 10, "okt": 10, "oct": 10, "november": 11, "nov": 11, "dezember": 12,
    "december": 12, "dez": 12, "dec": 12,
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_PERIOD = re.compile(
    rf"\b(?:(?P<since>seit|since|nach|after)\s+(?:(?:that|the|this|his|dem|der|diesem|seinem)\s+)?)?"
    rf"(?:(?:(?:(?:by|at|to)\s+)?(?:the\s+)?(?:end|start|beginning|middle)\s+of|as\s+of"  # 'now, end of 2026'
    rf"|im|in|of|from|aus|bis|until|anfang|mitte|ende|early|mid|late)\s+)?"
    rf"(?:(?:dem\s+)?(?:jahr|the\s+year)\s+)?(?:(?P<month>{_MONTH})\.?\s+)?(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_EARLIER = re.compile(
    r"(?<!\bwie\s)(?<!\bals\s)(?<!\blike\s)(?<!\bas\s)(?<!\bthan\s)"  # 'wie früher' compares with then
    r"\b(?:damals|früher|vorher|zuvor|ursprünglich|einst|bevor|back\s+then|at\s+the\s+time|at\s+that\s+time"
    r"|previously|formerly|originally|used\s+to|before|vor(?=\s+(?:dem|der|den|assads?)\b))\b"
    r"(?!\s+(?:ich|wir|i|we|you|du)\b)",  # 'letzte Frage bevor ich die Socken wegräume': the reader's time
    re.IGNORECASE,
)

_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
YEAR_MISREMEMBERED = 1  # how far a reader may misremember a year the fact names
_NOW = re.compile(r"\b(?:heute|jetzt|inzwischen|mittlerweile|aktuell|now|today|currently|nowadays)\b", re.IGNORECASE)
# 'seit 2024 noch mal', 'again after 2023': a later event than the one of that year
_AGAIN = re.compile(r"\b(?:seit|since|again|noch\s?mal|wieder|erneut|once\s+more)\b", re.IGNORECASE)


@dataclass(frozen=True)
class TimeAsked:
    """A time a question names: a year or a month ('im Juni 2024'), or just 'earlier' ('damals')."""

    text: str  # as the reader wrote it, for the reply
    start: dt.date | None = None  # None: earlier than now, no date given
    end: dt.date | None = None
    since: bool = False  # 'seit 2024': from then on, so the newest fact

    @property
    def earlier(self) -> bool:
        return self.start is None

    @property
    def whole_year(self) -> bool:
        """'seit 2024', not 'since March 2024': a fact naming the year may be what the question starts from."""
        return self.start is not None and self.end is not None and (self.start.month, self.end.month) == (1, 12)


@dataclass(frozen=True)
class Question:
    """A reader's question split into the time it names and the rest, which the matcher sees."""

    text: str
    rest: str
    when: TimeAsked | None = None


def read_time(question: str) -> Question:
    """Find the time a question names; the matcher then sees only the rest ('Syrien im Juni 2024' -> 'Syrien')."""
    periods = [] if _only_told(question) else list(_PERIOD.finditer(question))
    if len(periods) > 1:  # 'von 1995 bis 2023' is a span the fact itself speaks of, not a time asked
        return Question(question, question)
    period = periods[0] if periods else None
    if period:
        year = int(period["year"])
        month = _MONTHS.get(period["month"].lower()) if period["month"] else None
        start = dt.date(year, month or 1, 1)
        end = dt.date(year, 12, 31) if month is None else _month_end(year, month)
        rest = " ".join((question[: period.start()] + " " + question[period.end():]).split())
        shown = " ".join(filter(None, [period["month"], period["year"]]))
        return Question(question, rest, TimeAsked(shown, start, end, since=bool(period["since"])))
    earlier = _EARLIER.search(question)
    if earlier and not _NOW.search(question):  # 'heute noch an der Macht? ... die Nachrichten von damals'
        rest = " ".join((question[: earlier.start()] + " " + question[earlier.end():]).split())
        return Question(question, rest, TimeAsked(earlier[0]))
    return Question(question, question)


def _only_told(question: str) -> bool:
    """Whether the message has sentences that only tell besides the one that asks (those ending '?', else the last)
    and the asking one names no time, so any time named is the reader's: 'Freezer's finally empty, found peas from
    2019. Does China send weapons to Russia?' asks nothing of 2019."""
    sentences = sentences_of(question)
    asking = [sentence for sentence in sentences if sentence.rstrip().endswith("?")] or sentences[-1:]
    return len(sentences) > 1 and not any(_PERIOD.search(sentence) for sentence in asking)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


# ---------------------------------------------------------------- a fact's versions


def older(kb: KnowledgeBase, entry: Entry) -> list[Entry]:
    """The facts `entry` overtakes directly, newest first."""
    return sorted((e for e in kb if e.fact.superseded_by == entry.id), key=lambda e: e.fact.as_of, reverse=True)


def is_current(kb: KnowledgeBase, entry: Entry) -> bool:
    """Not overtaken by a newer fact: what readers see first and in topic lists."""
    return kb.newer(entry) is None


def versions(kb: KnowledgeBase, entry: Entry) -> list[Entry]:
    """Every version of `entry`'s topic (same ally, linked by superseded_by), oldest first."""
    found: dict[str, Entry] = {}
    todo = [entry]
    while todo:
        current = todo.pop()
        if current.id in found or current.ally != entry.ally:
            continue
        found[current.id] = current
        todo.extend(older(kb, current))
        following = kb.newer(current)
        if following is not None:
            todo.append(following)
    return sorted(found.values(), key=lambda e: e.fact.as_of)


def current_of_ally(kb: KnowledgeBase, ally: str | None) -> list[Entry]:
    """An ally's facts that no newer fact overtakes, in file order."""
    return [entry for entry in kb.of_ally(ally) if is_current(kb, entry)]


def at_time(kb: KnowledgeBase, entry: Entry, when: TimeAsked | None, scores: dict[str, float] | None = None) -> Entry:
    """The version of `entry`'s topic for the time asked: the newest by default; for a year or month the
    newest that already held then (the oldest if none did); for 'earlier' the one before the newest.
    Among versions of the same date the matcher's better-scored one wins."""
    if when is None or when.since:
        return kb.newest(entry)
    candidates = versions(kb, entry)
    rank = scores or {}

    def latest(pool: list[Entry]) -> Entry:
        return max(pool, key=lambda e: (e.fact.as_of, rank.get(e.id, 0.0), e.id == entry.id))

    if when.earlier:
        before = [e for e in candidates if e.fact.as_of < kb.newest(entry).fact.as_of]
        return latest(before) if before else entry
    held = [e for e in candidates if when.end is not None and e.fact.as_of <= when.end]
    return latest(held) if held else candidates[0]


def time_note(entry: Entry, when: TimeAsked | None, kb: KnowledgeBase, lang: Lang) -> str | None:
    """A line saying so when the fact shown is not of the time asked: nothing that old, or nothing newer."""
    if when is None or when.earlier or when.since or when.start is None or when.end is None:
        return None
    if entry.fact.as_of > when.end and not _tells_of(entry, when.end.year):
        return t(lang, "time_before", asked=when.text, when=as_of_label(entry, lang))
    if entry.fact.as_of < when.start:
        key = "time_after" if is_current(kb, entry) else "time_between"
        return t(lang, key, asked=when.text, when=as_of_label(entry, lang))
    return None


def as_of_label(entry: Entry, lang: Lang) -> str:
    """'Dezember 2024' / 'December 2024'; only the year when the source gives no month."""
    as_of = entry.fact.as_of
    if precision_of(entry.source.published) == 1:
        return str(as_of.year)
    return f"{month_name(as_of.month, lang)} {as_of.year}"


def how_was_it(entry: Entry, lang: Lang) -> str:
    """The button to an older fact: 'Wie war es im Juni 2024?' / 'What was it in June 2024?'."""
    key = "how_was_it_year" if precision_of(entry.source.published) == 1 else "how_was_it"
    return t(lang, key, when=as_of_label(entry, lang))


# ---------------------------------------------------------------- the matcher's answer, in time


def in_time(kb: KnowledgeBase, result: Match, question: Question, previous: str | None = None) -> Match:
    """The matcher's decision with each fact swapped for its version of the time asked (newest by default).

    A question that is only a time ('Und im Juni 2024?') asks about the fact answered before (`previous`).
    """
    scores = {entry.id: score for entry, score in result.ranked}
    follow_up = kb.get(previous) if previous else None
    only_time = result.kind in ("none", "small_talk") and result.best is None  # 'What was it in June 2024?'
    if only_time and question.when and follow_up is not None:
        chosen = at_time(kb, follow_up, question.when)
        return replace(result, query=question.text[:MAX_QUESTION_CHARS], kind="answer", score=100.0,
                       entry=chosen, ally=chosen.ally, best=chosen, suggestions=(), small_talk=None)

    def pick(entry: Entry) -> Entry:
        return at_time(kb, entry, question.when, scores)

    ranked: dict[str, tuple[Entry, float]] = {}
    for entry, score in result.ranked:
        chosen = pick(entry)
        if chosen.id not in ranked or ranked[chosen.id][1] < score:
            ranked[chosen.id] = (chosen, score)
    suggestions = list(dict.fromkeys(pick(entry).id for entry in result.suggestions))
    chosen_entry = pick(result.entry) if result.entry else None
    if chosen_entry is not None and result.kind == "answer":
        chosen_entry = _of_the_time_asked(result, chosen_entry, question, pick)
    if chosen_entry is not None and _after_the_time_asked(kb, chosen_entry, question):
        return replace(result, query=question.text[:MAX_QUESTION_CHARS], kind="none", entry=None, ally=None,
                       best=chosen_entry, suggestions=(chosen_entry,),
                       ranked=tuple(sorted(ranked.values(), key=lambda pair: pair[1], reverse=True)))
    return replace(
        result,
        query=question.text[:MAX_QUESTION_CHARS],
        entry=chosen_entry,
        ally=chosen_entry.ally if chosen_entry else result.ally,
        suggestions=tuple(e for e in (kb.get(i) for i in suggestions) if e is not None),
        ranked=tuple(sorted(ranked.values(), key=lambda pair: pair[1], reverse=True)),
    )


def _of_the_time_asked(result: Match, chosen: Entry, question: Question, pick: Callable[[Entry], Entry]) -> Entry:
    """'did xi visit moscow again in 2025': of the facts sure enough to answer, the one of the year asked, his
    visit in May 2025, not his state visit of 2023; of the same ally or the general context ('und heute, Ende 2026,
    ist das immer noch so eng?' after Belarus asks nothing about Syria's bases, whose fact holds in 2026)."""
    when = question.when
    if when is not None and when.since and when.end is not None and _AGAIN.search(question.text) and (
            chosen.fact.as_of <= when.end or (when.whole_year and _of_time(chosen, when))):
        return _after(result, chosen, when.end, pick)
    if when is None or when.earlier or when.since or _of_time(chosen, when) or not result.ranked:
        return chosen
    for entry, score in result.ranked[1:]:
        if score >= ANSWER_THRESHOLD and _of_time(pick(entry), when) and entry.ally in (None, chosen.ally):
            return pick(entry)
    return chosen


def _after(result: Match, chosen: Entry, end: dt.date, pick: Callable[[Entry], Entry]) -> Entry:
    """'War Putin seit 2024 noch mal in Peking?', 'did Xi go to Moscow again after that 2023 visit?': of the
    ally's facts sure enough to answer, one that came after the year asked, his trip of 2025, not the state visit
    of 2024 the question starts from."""
    for entry, score in result.ranked[1:]:
        later = pick(entry)
        if score >= ANSWER_THRESHOLD and later.ally == chosen.ally and later.fact.as_of > end:
            return later
    return chosen


def _of_time(entry: Entry, when: TimeAsked) -> bool:
    """Whether the fact held in the time asked or names its year."""
    if when.start is not None and when.end is not None and when.start <= entry.fact.as_of <= when.end:
        return True
    return when.end is not None and str(when.end.year) in f"{entry.fact.answer.de} {entry.fact.answer.en}"


def _after_the_time_asked(kb: KnowledgeBase, entry: Entry, question: Question) -> bool:
    """Whether a fact that first held after the year asked, does not name it and has no other version, is all
    there is: 'Worüber haben Xi und Putin 2023 in Moskau gesprochen?' is not answered by his visit in May 2025
    (it is offered). A topic with versions is a state that went on ('Hatte Russland 2023 Militär in
    Syrien?': the earliest, with a note); a story's years ('We travelled to Vietnam in 2005...') are the
    reader's, not what is asked."""
    when = question.when
    if when is None or when.earlier or when.since or when.end is None or entry.fact.as_of <= when.end:
        return False
    if len(question.text.split()) >= STORY_WORDS or len(versions(kb, entry)) > 1:
        return False
    return not _tells_of(entry, when.end.year)


def _tells_of(entry: Entry, year: int) -> bool:
    """Whether the fact names the year asked, an earlier one or the next: 'russia started the war from belarus in
    2023, right?' is answered by the fact that tells what happened in 2022, and 'Xi visited Russia in 2022, right?'
    by the one that says he went in 2023 (each corrects the year); two years off, the reader asks of another time."""
    said = f"{entry.fact.answer.de} {entry.fact.answer.en} {entry.fact.quote}"
    return any(int(named) <= year + YEAR_MISREMEMBERED for named in _YEAR.findall(said))


# ---------------------------------------------------------------- what changed, for overview cards


CHANGES_PER_ALLY = 2  # an overview card stays readable on a phone


def changes_since(kb: KnowledgeBase, entry: Entry) -> list[tuple[str, list[Entry]]]:
    """For an overview fact that names allies: per named ally, its current facts newer than `entry`, those
    that overtook an older fact first (so a list of allies from June 2024 says which of them changed since)."""
    if entry.ally is not None:
        return []
    answer = f"{entry.fact.answer.de} {entry.fact.answer.en}".casefold()
    changed: list[tuple[str, list[Entry]]] = []
    for slug, ally in kb.allies.items():
        if not any(_names(name, answer) for name in (ally.names.de, ally.names.en)):
            continue
        newer_facts = [e for e in kb.of_ally(slug) if e.fact.as_of > entry.fact.as_of and is_current(kb, e)]
        # what overtook an older fact first, then the newest
        newer_facts.sort(key=lambda e: (bool(older(kb, e)), e.fact.as_of), reverse=True)
        if newer_facts:
            changed.append((slug, newer_facts[:CHANGES_PER_ALLY]))
    return changed


def _names(name: str, text: str) -> bool:
    return re.search(rf"\b{re.escape(name.casefold())}\b", text) is not None
