"""Finding which allies a question is about, from their names and aliases, tolerant of typos."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, Indel

from bot.knowledge.base import KnowledgeBase
from bot.matching.lexicon import country_names
from bot.matching.normalize import words

_MAX_NGRAM = 4
_REMEMBERED = 1 << 16  # typo lookups kept


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
    # Typo lookups per word and the names near each length, remembered: every fact and question asks for
    # the same words again. Plain dicts (no lru_cache of a bound method): no reference cycle, so a
    # replaced detector is freed at once.
    _typos: dict[str, str | None] = field(default_factory=dict, init=False, repr=False, compare=False)
    _near: dict[int, tuple[tuple[str, ...], int]] = field(default_factory=dict, init=False, repr=False,
                                                          compare=False)

    _prefixes: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_prefixes", frozenset(name[:i] for name in self.names for i in range(len(name) + 1)))

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
        names, typos = self.names, self._typos
        for size in range(_MAX_NGRAM, 0, -1):
            for start in range(len(question_words) - size + 1):
                if size > 2 and question_words[start] not in self._prefixes:
                    continue  # names this long match exactly, so they begin with the first word
                span = range(start, start + size)
                if taken and taken.intersection(span):
                    continue
                key = "".join(question_words[start:start + size])
                ally = names.get(key)  # _lookup, inlined: this runs for every word of every fact
                if ally is None and size <= 2 and len(key) >= 4:
                    ally = typos[key] if key in typos else self._lookup(key, size)
                if ally:
                    mentions.append(Mention(ally, start, start + size))
                    taken.update(span)
        return sorted(mentions, key=lambda m: m.start)

    def _lookup(self, key: str, size: int) -> str | None:
        exact = self.names.get(key)
        if exact or len(key) < 4 or size > 2:
            return exact
        if key not in self._typos:
            if len(self._typos) >= _REMEMBERED:
                self._typos.clear()
            self._typos[key] = self._find_typo(key)
        return self._typos[key]

    def _names_near_length(self, length: int) -> tuple[tuple[str, ...], int]:
        """The names that can reach a cutoff of 0.75 with a key of this length (an edit changes the
        length by one at most, so the lengths differ by a quarter of the longer one at most), and the
        length of the longest of them."""
        if length not in self._near:
            near = tuple(name for name in self.fuzzy_names if abs(len(name) - length) <= 0.25 * max(len(name), length))
            self._near[length] = near, max(map(len, near), default=0)
        return self._near[length]

    def _find_typo(self, key: str) -> str | None:
        if key in country_names():
            return None  # 'irak' is a country of its own, not a typo of 'iran'
        # Typos: 'nordkoria', 'weisrussland', 'chaina', 'chna', 'iarn'. Short names need a closer match;
        # a swap of two letters counts as one edit (Damerau), the commonest typo on a phone.
        cutoff = 0.8 if len(key) >= 6 else 0.75
        # Damerau is slow, and most keys are far from every name. A name Damerau passes is at most
        # `slack` times the longer length away in Indel edits (a substitution or a swap is two of them),
        # a quick test; the names that pass it go to Damerau in their order, so ties resolve alike.
        near, longest = self._names_near_length(len(key))
        slack = 2 * (1 - cutoff) + 1e-9
        passing = process.extract(key, near, scorer=Indel.distance, score_cutoff=int(slack * max(longest, len(key))),
                                  limit=None)
        near = tuple(name for name, distance, _ in sorted(passing, key=lambda found: found[2])
                     if distance <= slack * max(len(name), len(key)))
        found = process.extractOne(key, near, scorer=DamerauLevenshtein.normalized_similarity,
                                   score_cutoff=cutoff) if near else None
        if found is None or abs(len(found[0]) - len(key)) > 2:
            return None
        return self.names[found[0]]
