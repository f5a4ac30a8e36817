"""Finding which allies a question is about, from their names and aliases, tolerant of typos."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from bot.knowledge.base import KnowledgeBase
from bot.matching.lexicon import country_names
from bot.matching.normalize import words

_MAX_NGRAM = 4


@dataclass(frozen=True)
class Mention:
    """An ally named in a question, and which of the question's words named it."""

    ally: str
    start: int
    end: int  # exclusive word index


@dataclass(frozen=True)
class AllyDetector:
    """Lookup of every folded name (words joined without spaces) -> ally slug."""

    names: dict[str, str]
    fuzzy_names: tuple[str, ...] = ()

    @classmethod
    def from_knowledge(cls, kb: KnowledgeBase) -> AllyDetector:
        names: dict[str, str] = {}
        for ally in kb.allies.values():
            for label in (ally.slug.replace("-", " "), ally.names.de, ally.names.en, *ally.aliases):
                key = "".join(words(label))
                if key:
                    names.setdefault(key, ally.slug)
        return cls(names, tuple(name for name in names if len(name) >= 4))

    def find(self, question_words: list[str]) -> list[Mention]:
        """Mentions in reading order; longest names first, so 'kim jong un' is one mention."""
        mentions: list[Mention] = []
        taken: set[int] = set()
        for size in range(_MAX_NGRAM, 0, -1):
            for start in range(len(question_words) - size + 1):
                span = range(start, start + size)
                if taken.intersection(span):
                    continue
                ally = self._lookup("".join(question_words[start:start + size]), size)
                if ally:
                    mentions.append(Mention(ally, start, start + size))
                    taken.update(span)
        return sorted(mentions, key=lambda m: m.start)

    def _lookup(self, key: str, size: int) -> str | None:
        exact = self.names.get(key)
        if exact or len(key) < 4 or size > 2:
            return exact
        if key in country_names():
            return None  # 'irak' is a country of its own, not a typo of 'iran'
        # Typos: 'nordkoria', 'weisrussland', 'chaina', 'chna', 'iarn'. Short names need a closer match;
        # a swap of two letters counts as one edit (Damerau), the commonest typo on a phone.
        cutoff = 0.8 if len(key) >= 6 else 0.75
        found = process.extractOne(key, self.fuzzy_names, scorer=DamerauLevenshtein.normalized_similarity,
                                   score_cutoff=cutoff)
        if found is None or abs(len(found[0]) - len(key)) > 2:
            return None
        return self.names[found[0]]
