"""Finding which allies a question is about, from their names and aliases, tolerant of typos."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from itertools import repeat
from operator import add

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, Indel, LCSseq

from bot.knowledge.base import Entry, KnowledgeBase
from bot.matching.commonness import zipf_of
from bot.matching.countries import country_names
from bot.matching.lexicon import STOP_WORDS, word_set
from bot.matching.normalize import words

_MAX_NGRAM = 4
_REMEMBERED = 1 << 16  # typo lookups kept
MAX_ALLIES_SPOKEN_OF = 4  # a general fact naming more allies is about all of them
SHORT_TYPO = 4  # a key this short is a name's typo only with two letters swapped ('iarn'), no other edit
# 'who else votes with russia at the UN besides north korea': the allies set aside, and what joins them
_SET_ASIDE = re.compile(r"\b(?:besides|apart\s+from|aside\s+from|other\s+than|except(?:\s+for)?|außer|ausser"
                        r"|abgesehen\s+von)\s+(?P<allies>[^,.;:?!]+)", re.IGNORECASE)
_CHUNK = re.compile(r"\S+")
_JOINING = word_set("and und or oder the dem der den die das von sowie")
NAME_TYPO_ZIPF = 4.7  # a word at least this common in German or English is no typo of a name ('dran', 'iron')


def _typo_cutoff(length: int) -> float:
    """Damerau similarity a key of this length needs to a name: short names need a closer match."""
    return 0.8 if length >= 6 else 0.75


def _indel_slack(cutoff: float) -> float:
    """Indel edits per letter of the longer string that a key within `cutoff` (Damerau) can be away."""
    return 2 * (1 - cutoff) + 1e-9


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
    # Lookups of one word, of two words joined and the names near each length, remembered: every fact and
    # question asks for the same words again. Plain dicts (no lru_cache of a bound method): no reference
    # cycle, so a replaced detector is freed at once.
    _singles: dict[str, str | None] = field(default_factory=dict, init=False, repr=False, compare=False)
    _pairs: dict[str, str | None] = field(default_factory=dict, init=False, repr=False, compare=False)
    _near: dict[int, tuple[tuple[str, ...], int]] = field(default_factory=dict, init=False, repr=False,
                                                          compare=False)

    _prefixes: frozenset[str] = field(init=False, repr=False, compare=False)
    # Per word: the length of its longest common subsequence with each fuzzy name, one field of `_bits`
    # bits per name in one integer; per key length: what each name needs (see `_may_be_typo`).
    _common: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)
    _needs: dict[int, int] = field(default_factory=dict, init=False, repr=False, compare=False)
    _bits: int = field(init=False, repr=False, compare=False)
    _tops: int = field(init=False, repr=False, compare=False)  # the top bit of every field
    _field: np.dtype[np.unsignedinteger] = field(init=False, repr=False, compare=False)  # unsigned, `_bits` wide

    def __post_init__(self) -> None:
        object.__setattr__(self, "_prefixes", frozenset(name[:i] for name in self.names for i in range(len(name) + 1)))
        # A field holds the sum of two common lengths (< 2 * longest) plus an offset below its top bit; it
        # is 1, 2, 4 or 8 bytes wide, so that rapidfuzz's cdist counts the lengths straight into them.
        width = -(-((2 * max(map(len, self.fuzzy_names), default=0)).bit_length() + 1) // 8)
        bits = 8 << (width - 1).bit_length()
        object.__setattr__(self, "_bits", bits)
        object.__setattr__(self, "_field", np.dtype(f"u{bits // 8}"))
        object.__setattr__(self, "_tops", sum(1 << (bits * (i + 1) - 1) for i in range(len(self.fuzzy_names))))

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

        def take(ally: str, start: int, size: int) -> None:
            if not taken or taken.isdisjoint(range(start, start + size)):
                mentions.append(Mention(ally, start, start + size))
                taken.update(range(start, start + size))

        pairs = list(map(add, question_words, question_words[1:]))
        # Names of three words or more match exactly, so their first two words begin a name.
        prefixes = self._prefixes
        heads = [] if prefixes.isdisjoint(pairs) else [start for start, pair in enumerate(pairs) if pair in prefixes]
        for size in range(_MAX_NGRAM, 2, -1):
            for start in heads:
                ally = self.names.get("".join(question_words[start:start + size]))
                if ally and start + size <= len(question_words):  # else fewer words joined
                    take(ally, start, size)
        # One or two words, typos allowed. This runs for every word of every fact when an index is built,
        # so the lookups are done all at once (those of words a longer name took are merely not used).
        for size, keys, known in ((2, pairs, self._pairs), (1, question_words, self._singles)):
            found = list(map(known.get, keys, repeat("")))
            if "" in found:  # not looked up yet
                self._learn(question_words)
                found = [ally if ally != "" else self._look_up_short(key, question_words[start:start + size], known)
                         for start, (key, ally) in enumerate(zip(keys, found, strict=True))]
            if any(found):  # most texts name no ally
                for start, ally in enumerate(found):
                    if ally:
                        take(ally, start, size)
        return sorted(mentions, key=lambda m: m.start)

    def other_countries(self, question_words: list[str]) -> frozenset[str]:
        """The words that name a country (or its leader) that is none of the allies: 'kasachstan', 'erdogan'."""
        named = {n for mention in self.find(question_words) for n in range(mention.start, mention.end)}
        return frozenset(word for n, word in enumerate(question_words) if n not in named and word in country_names())

    def named_in_answer(self, entry: Entry) -> frozenset[str]:
        """The other allies a fact's answer names ('Belarus, Uzbekistan, China...', 'Unlike China, North Korea
        voted...'), so that a reader naming one of them may get it ('War Putin in Belarus?', 'Hat China in der
        UN auch dagegen gestimmt?'); none when it names more (the list of all allies)."""
        named = {m.ally for m in self.find(words(f"{entry.fact.answer.de} {entry.fact.answer.en}"))} - {entry.ally}
        return frozenset(named) if len(named) <= MAX_ALLIES_SPOKEN_OF else frozenset()

    def forget_pairs(self) -> None:
        """Drop the word pairs remembered (after building an index: a fact base's pairs seldom recur in
        questions, its words do)."""
        self._pairs.clear()

    def _look_up_short(self, key: str, parts: list[str], known: dict[str, str | None]) -> str | None:
        """The ally a name of one or two words (`parts`, joined: `key`) is, typos allowed; remembered."""
        ally = self.names.get(key)
        if ally is None and len(parts) == 1 and key.endswith("s"):
            ally = self.names.get(key[:-1])  # a German genitive: 'Kims Nachfolger', 'Xis Besuch'
        # 'is it an actual treaty?': 'it an' is no typo of 'Iran'; a name typed with a typo has no stop word
        # 'seit wann ist der schon dran?': a word this common is spelt as meant, not a typo of 'Iran'
        spelt_as_meant = len(parts) == 1 and zipf_of(key) >= NAME_TYPO_ZIPF
        if ally is None and len(key) >= 4 and not spelt_as_meant and (
                len(parts) < 2 or STOP_WORDS.isdisjoint(parts)) and (
                self._may_be_typo(parts, len(key))):  # a word's test is remembered for the pairs it is in, too
            ally = self._find_typo(key, pair=len(parts) == 2)
        if len(known) >= _REMEMBERED:
            known.clear()
        known[key] = ally
        return ally

    def _may_be_typo(self, parts: list[str], length: int) -> bool:
        """False when no name can pass the Indel test of `_find_typo` for these words joined, which most
        word pairs of a fact base fail. A name that passes shares a subsequence at least so long with
        them, and the words' longest common subsequences with it add up to at least that. Checked for
        every name at once: the lengths are summed in the fields of one integer, to which the offset
        (top bit - need) of each name is added; a name may pass when its field reaches the top bit."""
        top = 1 << (self._bits - 1)
        total = self._needs.get(length)
        if total is None:
            cutoff = _typo_cutoff(length)
            near = set(self._names_near_length(length)[0])
            total = 0
            for i, name in enumerate(self.fuzzy_names):
                # Indel = length + len(name) - 2 * common <= slack * the longer length
                need = math.ceil((length + len(name) - _indel_slack(cutoff) * max(length, len(name))) / 2 - 1e-9)
                if name in near and need < top:
                    total += (top - max(need, 0)) << (self._bits * i)
            self._needs[length] = total
        for part in parts:
            common = self._common.get(part)
            if common is None:
                self._count_common([part])
                common = self._common[part]
            total += common
        return bool(total & self._tops)

    def _learn(self, question_words: list[str]) -> None:
        """`_count_common` of the words `_may_be_typo` may be asked about, at once: a call to rapidfuzz
        costs microseconds before it compares anything, and a question brings several new words."""
        new = [word for word in dict.fromkeys(question_words) if word not in self._common and word not in STOP_WORDS]
        if new:
            self._count_common(new)

    def _count_common(self, parts: list[str]) -> None:
        """Per word, its longest common subsequences with the names, one field of `_bits // 8` bytes per
        name in their order (rapidfuzz's cdist counts them straight into such fields); remembered."""
        fields = process.cdist(parts, self.fuzzy_names, scorer=LCSseq.similarity, dtype=self._field)
        fields = fields.astype(self._field.newbyteorder("<"), copy=False)
        if len(self._common) + len(parts) > _REMEMBERED:
            self._common.clear()
        for part, row in zip(parts, fields, strict=True):
            self._common[part] = int.from_bytes(row.tobytes(), "little")

    def _names_near_length(self, length: int) -> tuple[tuple[str, ...], int]:
        """The names that can reach a cutoff of 0.75 with a key of this length (an edit changes the
        length by one at most, so the lengths differ by a quarter of the longer one at most), and the
        length of the longest of them."""
        if length not in self._near:
            near = tuple(name for name in self.fuzzy_names if abs(len(name) - length) <= 0.25 * max(len(name), length))
            self._near[length] = near, max(map(len, near), default=0)
        return self._near[length]

    def _find_typo(self, key: str, pair: bool = False) -> str | None:
        """The ally whose name `key` is a typo of; for two words joined (`pair`), one edit at most: 'weis
        russland' is Belarus, 'lula russland' is not ('belarussland' two edits away)."""
        if key in country_names():
            return None  # 'irak' is a country of its own, not a typo of 'iran'
        # Typos: 'nordkoria', 'weisrussland', 'chaina', 'chna', 'iarn'. Short names need a closer match;
        # a swap of two letters counts as one edit (Damerau), the commonest typo on a phone.
        cutoff = _typo_cutoff(len(key))
        # Damerau is slow, and most keys are far from every name. A name Damerau passes is at most
        # `slack` times the longer length away in Indel edits (a substitution or a swap is two of them),
        # a quick test; the names that pass it go to Damerau in their order, so ties resolve alike.
        near, longest = self._names_near_length(len(key))
        slack = _indel_slack(cutoff)
        passing = process.extract(key, near, scorer=Indel.distance, score_cutoff=int(slack * max(longest, len(key))),
                                  limit=None)
        near = tuple(name for name, distance, _ in sorted(passing, key=lambda found: found[2])
                     if distance <= slack * max(len(name), len(key)))
        found = process.extractOne(key, near, scorer=DamerauLevenshtein.normalized_similarity,
                                   score_cutoff=cutoff) if near else None
        if found is None or abs(len(found[0]) - len(key)) > 2:
            return None
        if len(key) <= SHORT_TYPO and sorted(key) != sorted(found[0]):
            return None  # 'gran', 'chin', '5 mins': a short word a letter away from a name is a word of its own
        if pair and DamerauLevenshtein.distance(key, found[0]) > 1:
            return None
        return self.names[found[0]]


def place_names(kb: KnowledgeBase) -> dict[str, str]:
    """An ally's one-word aliases that name a place, lower case -> the ally's name: 'minsk' -> 'Belarus'. The
    embedding knows 'Belarus' from the facts' phrasings far better than 'Minsk'; a person named in a fact's
    topic ('Assad', 'Kim') is not a place, nor a form of the country's own name ('Chinese')."""
    persons = {word for entry in kb.entries for word in words(f"{entry.fact.topic.de} {entry.fact.topic.en}")}
    places = {}
    for ally in kb.allies.values():
        country = {word[:4] for name in (ally.slug, ally.names.de, ally.names.en) for word in words(name)}
        for alias in ally.aliases:
            folded = words(alias)
            if len(folded) == 1 and alias[:1].isupper() and folded[0][:4] not in country and folded[0] not in persons:
                places[alias.lower()] = ally.names.en
    return places


def allies_set_aside(detector: AllyDetector, question: str) -> str:
    """The question without the allies it sets aside ('Besides North Korea, did Putin sign another defence deal on
    that Asia trip?', 'wer liefert außer Nordkorea noch Waffen?'): the reader asks about the others, and an ally
    named only to be set aside would draw the answer to its own facts. Unchanged when no ally follows the word
    ('apart from the military stuff')."""
    for found in _SET_ASIDE.finditer(question):
        said = words(found.group("allies"))
        covered = {n: mention.end for mention in detector.find(said) for n in range(mention.start, mention.end)}
        taken = 0  # the words that name allies set aside, and the words joining them
        for n, word in enumerate(said):
            if n in covered:
                taken = covered[n]
            elif word not in _JOINING:
                break
        if taken:
            end = found.start("allies") + _end_of_words(found.group("allies"), taken)
            rest = f"{question[:found.start()]} {question[end:]}"
            if len(words(rest)) >= 2:
                return re.sub(r"\s+([,?!.])", r"\1", re.sub(r"\s{2,}", " ", rest)).strip(" ,")
    return question


def _end_of_words(text: str, count: int) -> int:
    """Where the first `count` of the text's `words` end: chunk by chunk between spaces, as `words` may split a
    chunk into several ('china_china') or read a tag or an entity as none, in one pass whatever the text."""
    seen = 0
    for chunk in _CHUNK.finditer(text):
        seen += len(words(chunk.group()))
        if seen >= count:
            return chunk.end()
    return len(text)
