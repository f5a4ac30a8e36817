"""'Woran sieht man das?', 'how do we know?' and 'why?' after an answer: the ally's fact whose source says
what shows it or why (pure). The article states a claim and then its evidence ('Das zeigen
nachrichtendienstliche Erkenntnisse der USA'); a reader who asks for it wants that fact, not the claim again."""

from __future__ import annotations

from bot.knowledge.base import Entry
from bot.matching import Index
from bot.matching.normalize import words

SAYS_IT_CLOSENESS = 0.4  # a fact that shows or explains the last answer is at least this close to it in meaning


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


def _says(quote: str, cues: frozenset[str]) -> bool:
    """Whether the quote has one of the cue words, or one of the cue phrases ('strategischen partner')."""
    said = words(quote)
    text = f" {' '.join(said)} "
    return not cues.isdisjoint(said) or any(f" {cue} " in text for cue in cues if " " in cue)
