"""'Woran sieht man das?', 'how do we know?' and 'why?' after an answer: the ally's fact whose source says
what shows it or why (pure). The article states a claim and then its evidence ('Das zeigen
nachrichtendienstliche Erkenntnisse der USA'); a reader who asks for it wants that fact, not the claim again.
A first question that asks only why an ally stands by Russia wants the same kind of fact (`reason_of`)."""

from __future__ import annotations

from bot.follow_up_words import (
    DOING,
    GIVES_REASON,
    HELPING,
    NEEDING,
    SHOWS,
    WHY,
    asks_evidence,
    asks_how_come,
    asks_nothing_new,
    asks_why_not,
    says_more,
    says_not,
)
from bot.knowledge.base import Entry
from bot.matching import Index
from bot.matching.normalize import words

SAYS_IT_CLOSENESS = 0.4  # a fact that shows or explains the last answer is at least this close to it in meaning
STATING_CLOSENESS = 0.6  # a fact that says where the last answer happened is about the same thing: this close


def shown_or_explained(index: Index, last: Entry, ally: str | None, folded: list[str]) -> Entry | None:
    """The fact a follow-up asking how we know or why the last answer holds wants ('woran sieht man das?'
    after China's stance: its attempts at the peace conference; 'why?' or 'why belarus?' after Belarus being
    the closest ally: its dependence; 'why not?' after Putin's limited travel: that fact again); None when
    the follow-up asks neither, or 'why not?' after a bare 'no', which no fact explains."""
    evidence = asks_evidence(folded)
    why = not evidence and (asks_how_come(folded) or (not WHY.isdisjoint(folded) and asks_nothing_new(
        [word for word in folded if word not in WHY], DOING | HELPING | NEEDING)))  # 'warum macht Peking das?',
    # 'why do they help?', 'why do they need it?' ask why too
    if why and asks_why_not(folded) and says_not(last):  # 'warum nicht?' after 'has not condemned': none,
        return last if says_more(last) else None  # after 'tried to..., but its absence was telling': that fact
    found = fact_saying(index, last, ally, SHOWS if evidence else GIVES_REASON) if evidence or why else None
    return last if found is None and why else found


def reason_of(index: Index, ally: str, question: str, *, meaning: bool = True) -> Entry | None:
    """'warum hält Belarus so zu Russland?', 'why does China stand by Russia?': a why-question that names an
    ally and asks nothing else wants the ally's fact whose source says why (closest in meaning to the
    question; without the semantic signal, the first), not its topic list; None when no fact of the ally
    gives a reason."""
    giving = [index.positions[entry.id] for entry in index.kb.of_ally(ally) if gives_reason(entry)]
    if not giving:
        return None
    if not meaning:
        return index.entries[giving[0]]
    _, position = max(zip(index.meaning.similarity(question, giving), giving, strict=True))
    return index.entries[position]


def gives_reason(entry: Entry) -> bool:
    """Whether a current fact's source says why ('weil', 'abhängig', 'braucht', 'strategischen Partner')."""
    return entry.fact.superseded_by is None and _says(entry.fact.quote, GIVES_REASON)


def fact_saying(index: Index, last: Entry, ally: str | None, cues: frozenset[str]) -> Entry | None:
    """The ally's fact whose source says what shows something ('Das zeigen...', `SHOWS`) or why
    (`GIVES_REASON`, words or phrases), closest in meaning to the last answer; None when the ally has none but
    the last fact (its card names the source: that is the answer to 'how do we know?')."""
    showing = [index.positions[entry.id] for entry in index.kb.of_ally(ally) if entry.id != last.id
               and entry.fact.superseded_by is None and _says(entry.fact.quote, cues)]
    if not showing:
        return None
    closeness, position = max(zip(index.meaning.similarity(last.fact.answer.en, showing), showing, strict=True))
    return index.entries[position] if closeness >= SAYS_IT_CLOSENESS else None


def stating(index: Index, last: Entry, ally: str | None, what: str) -> Entry | None:
    """'where exactly?' after North Korea's troops in Russia: the ally's fact that states `what` the last answer
    does not (a place within a country, "site": the Kursk region), closest in meaning to the last answer; None when
    none is close enough to be about the same thing."""
    telling = [index.positions[entry.id] for entry in index.kb.of_ally(ally) if entry.id != last.id
               and entry.fact.superseded_by is None and what in index.states[index.positions[entry.id]]]
    if not telling:
        return None
    closeness, position = max(zip(index.meaning.similarity(last.fact.answer.en, telling), telling, strict=True))
    return index.entries[position] if closeness >= STATING_CLOSENESS else None


def _says(quote: str, cues: frozenset[str]) -> bool:
    """Whether the quote has one of the cue words, or one of the cue phrases ('strategischen partner')."""
    said = words(quote)
    text = f" {' '.join(said)} "
    return not cues.isdisjoint(said) or any(f" {cue} " in text for cue in cues if " " in cue)
