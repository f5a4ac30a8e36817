"""The search index over a fact base, built once per load and shared by every question.

Each fact becomes a bag of weighted terms (stems of its question variants, keywords, topic label and,
weaker, its answer) with ally names removed, because the ally is detected separately: the name says
what a question is about, the remaining terms say what it asks. An inverted index from term to facts
keeps the cost of a question proportional to its words, not to the size of the fact base.
"""

from __future__ import annotations

import bisect
import gc
import math
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.knowledge.base import Entry, KnowledgeBase
from bot.knowledge.models import LANGS, Lang, reader_lang
from bot.knowledge.validate import question_key
from bot.matching.allies import AllyDetector, place_names
from bot.matching.commonness import zipf_of
from bot.matching.learned import ReadersModel, follow_up_model, readers_model
from bot.matching.lexicon import STOP_WORDS_IN
from bot.matching.normalize import stem, words
from bot.matching.semantic import FactVectors
from bot.matching.states import stated_by
from bot.matching.typos import NearTerms

QUESTION_WEIGHT = 1.0
KEYWORD_WEIGHT = 1.0
TOPIC_WEIGHT = 1.0
ANSWER_WEIGHT = 0.5
QUOTE_WEIGHT = 0.4
PARTICIPLE_SIMILARITY = 0.75  # as a compound part: the same verb, another form
SWAPPED_SIMILARITY = 0.8  # as fuzz.ratio 90 squared, what a one-letter slip in a longer word scores
COMMON_WORD = 4.5
"""Zipf frequency from which a word the fact base does not hold is a word of its own, never a slip of one it holds:
'off to do my rounds' says nothing of the warrant's grounds. Two swapped letters and compound parts still count."""
_REMEMBERED = 1 << 16  # inexact lookups kept
MAX_WEIGHT = max(QUESTION_WEIGHT, KEYWORD_WEIGHT, TOPIC_WEIGHT, ANSWER_WEIGHT, QUOTE_WEIGHT)  # of any posting


@dataclass(frozen=True)
class TermMatch:
    """A vocabulary term a question word matched, and how closely (1.0 = same stem)."""

    term: str
    similarity: float


@dataclass
class Index:
    """Everything precomputed for matching one fact base."""

    kb: KnowledgeBase
    entries: tuple[Entry, ...]
    allies: AllyDetector
    postings: dict[str, dict[int, float]]
    idf: dict[str, float]
    vocabulary: list[str]  # sorted, for prefix search
    reversed_vocabulary: list[str]  # each term reversed, sorted, for suffix search
    variants: list[list[frozenset[str]]]  # per entry: the term sets of its questions, keywords and topic
    language_words: dict[Lang, frozenset[str]]
    max_idf: float
    states: list[frozenset[str]]  # per entry: whether its answer states a "time", "day", "quantity", "percent"
    meaning: FactVectors  # per entry: its phrasings in the semantic embedding
    readers: ReadersModel | None  # what readers meant, learned from their questions (learned.py)
    follow_ups: ReadersModel | None  # what readers meant by a follow-up, learned from their conversations

    # Lookups of stems the vocabulary lacks, remembered (readers repeat their words and typos), and the
    # vocabulary's letters, to find the terms a typo away from a stem (typos.py). Plain dicts (no
    # lru_cache of a bound method): no reference cycle, so a replaced index is freed at once.
    _inexact: dict[str, tuple[TermMatch, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _near_terms: NearTerms = field(init=False, repr=False, compare=False)
    # Per entry and phrasing (as in `variants`): the idf of all its terms, what a question's coverage is divided by.
    variant_idf: list[list[float]] = field(init=False, repr=False, compare=False)
    # Per term and entry: the least variant_idf of the entry's phrasings with the term. A question covers
    # at most idf * similarity / that of any phrasing for each term it shares with the entry.
    cheapest: dict[str, dict[int, float]] = field(init=False, repr=False, compare=False)
    _by_cheapest: dict[str, list[int]] = field(default_factory=dict, init=False, repr=False, compare=False)
    # Per term and entry: which of the entry's phrasings hold the term, so a question's coverage of them
    # is summed over its own few terms, not over every phrasing.
    holding: dict[str, dict[int, tuple[int, ...]]] = field(init=False, repr=False, compare=False)
    # Per fact id, its position in `entries`.
    positions: dict[str, int] = field(init=False, repr=False, compare=False)
    # Per ally slug (None: the general context), its facts' positions in `entries`.
    ally_facts: dict[str | None, list[int]] = field(init=False, repr=False, compare=False)
    # Per fact, the other allies its answer names, when it names a few (not the list of all allies).
    speaks_of: list[frozenset[str]] = field(init=False, repr=False, compare=False)
    # Per question variant an editor wrote down (`question_key`: case and punctuation aside), its fact's id.
    written_down: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._near_terms = NearTerms(self.vocabulary)
        self.positions = {fact_entry.id: position for position, fact_entry in enumerate(self.entries)}
        self.ally_facts = {}
        for position, fact_entry in enumerate(self.entries):
            self.ally_facts.setdefault(fact_entry.ally, []).append(position)
        self.speaks_of = [self.allies.named_in_answer(fact_entry) for fact_entry in self.entries]
        self.written_down = {question_key(variant): fact_entry.id for fact_entry in self.entries
                             for lang in LANGS for variant in fact_entry.fact.questions.get(lang)}
        idf = self.idf
        self.variant_idf = [[sum(idf[term] for term in phrasing) for phrasing in phrasings]
                            for phrasings in self.variants]
        self.cheapest = {}
        holding: dict[str, dict[int, list[int]]] = {}
        for entry, (phrasings, totals) in enumerate(zip(self.variants, self.variant_idf, strict=True)):
            for number, (phrasing, total) in enumerate(zip(phrasings, totals, strict=True)):
                for term in phrasing:
                    least = self.cheapest.setdefault(term, {})
                    if total < least.get(entry, math.inf):
                        least[entry] = total
                    holding.setdefault(term, {}).setdefault(entry, []).append(number)
        self.holding = {term: {entry: tuple(numbers) for entry, numbers in entries.items()}
                        for term, entries in holding.items()}

    def says_of(self, fact_entry: Entry, ally: str | None) -> bool:
        """Whether a fact's answer speaks of `ally`, though it is another's ('Unlike China, North Korea voted ...')."""
        position = self.positions.get(fact_entry.id)
        return ally is not None and position is not None and ally in self.speaks_of[position]

    def by_cheapest(self, term: str) -> list[int]:
        """The entries with the term, those whose cheapest phrasing with it is cheapest first (those
        that have it in no phrasing, only in an answer or quote, last)."""
        if term not in self._by_cheapest:
            least = self.cheapest.get(term, {})
            self._by_cheapest[term] = sorted(self.postings[term], key=lambda entry: least.get(entry, math.inf))
        return self._by_cheapest[term]

    def lookup(self, word_stem: str, *, typos: bool = True) -> list[TermMatch]:
        """Vocabulary terms for one question stem: exact, or (with `typos`) a compound part or a typo away. A German
        participle and its verb ('geliefert', 'liefert') meet even when both are in the vocabulary,
        which the stemmer does not do."""
        if word_stem in self.postings:
            partner = _participle_partner(word_stem)
            if partner is not None and partner in self.postings:
                return [TermMatch(word_stem, 1.0), TermMatch(partner, PARTICIPLE_SIMILARITY)]
            return [TermMatch(word_stem, 1.0)]
        if not typos:
            return []
        if word_stem not in self._inexact:
            if len(self._inexact) >= _REMEMBERED:
                self._inexact.clear()
            self._inexact[word_stem] = self._lookup_inexact(word_stem)
        return list(self._inexact[word_stem])

    def _lookup_inexact(self, word_stem: str) -> tuple[TermMatch, ...]:
        found: dict[str, float] = {}
        if len(word_stem) >= 4:  # two letters swapped ('bakc', 'cloes'): a slip too short for the ratio below
            for n in range(len(word_stem) - 1):
                swapped = word_stem[:n] + word_stem[n + 1] + word_stem[n] + word_stem[n + 2:]
                if swapped != word_stem and swapped in self.postings:
                    found[swapped] = SWAPPED_SIMILARITY
        if len(word_stem) >= 5 and zipf_of(word_stem) < COMMON_WORD:
            for term, score, _ in process.extract(
                word_stem, self._near_terms.candidates(word_stem, 80), scorer=fuzz.ratio, score_cutoff=80, limit=4
            ):
                found[term] = max(found.get(term, 0.0), (score / 100) ** 2)
        if len(word_stem) >= 6:
            for term in self._compound_parts(word_stem):
                found[term] = max(found.get(term, 0.0), 0.75)
        return tuple(TermMatch(term, sim) for term, sim in found.items())

    def _compound_parts(self, word_stem: str) -> list[str]:
        """German compounds: 'kampfdrohn' ends in 'drohn', 'handel' begins 'handelspartn', 'gewahlt'
        ends 'wiedergewahlt'. Parts shorter than five letters are too ambiguous to count."""
        parts = [word_stem[i:] for i in range(1, len(word_stem) - 4) if word_stem[i:] in self.postings]
        parts += [word_stem[:i] for i in range(5, len(word_stem)) if word_stem[:i] in self.postings]
        parts += _starting_with(self.vocabulary, word_stem)
        parts += [term[::-1] for term in _starting_with(self.reversed_vocabulary, word_stem[::-1])]
        return parts


def _participle_partner(word_stem: str) -> str | None:
    """'geliefert' <-> 'liefert', 'geschickt' <-> 'schickt': the same verb with and without the 'ge-' of
    the German past participle (five letters at least, so 'gegen' or 'geld' are left alone)."""
    if word_stem.startswith("ge") and len(word_stem) >= 7:
        return word_stem[2:]
    if len(word_stem) >= 5 and word_stem.endswith("t"):
        return "ge" + word_stem
    return None


def _starting_with(sorted_terms: list[str], prefix: str, limit: int = 20) -> list[str]:
    start = bisect.bisect_left(sorted_terms, prefix)
    found = []
    for term in sorted_terms[start:start + limit]:
        if not term.startswith(prefix):
            break
        found.append(term)
    return found


def topic_terms(text: str, lang: Lang, detector: AllyDetector) -> list[str]:
    """Stems of what a text asks, with ally names and stop words taken out."""
    return _topic_terms(words(text), lang, detector)


def _topic_terms(text_words: list[str], lang: Lang, detector: AllyDetector) -> list[str]:
    named = {i for m in detector.find(text_words) for i in range(m.start, m.end)}
    stop_words = STOP_WORDS_IN[lang]
    return [
        stem(word, lang)
        for i, word in enumerate(text_words)
        if i not in named and word not in stop_words and len(word) > 1  # is_stop_word, inlined
    ]


def build_index(kb: KnowledgeBase) -> Index:
    """Precompute terms, postings and idf for a fact base (once per load).

    The garbage collector pauses while the index is built (that allocates millions of objects and
    frees none), and what is alive afterwards, the index above all, is frozen out of its full passes
    (gc.freeze): at 100,000 question variants each such pass takes longer than answering a question.
    Whatever an earlier build froze is unfrozen first, so garbage among it can still be collected.
    """
    gc.unfreeze()
    enabled = gc.isenabled()
    gc.disable()
    try:
        index = _build_index(kb)
    finally:
        if enabled:
            gc.enable()
    gc.freeze()
    return index


def _build_index(kb: KnowledgeBase) -> Index:
    detector = AllyDetector.from_knowledge(kb)
    postings: dict[str, dict[int, float]] = defaultdict(dict)
    language_words: dict[Lang, set[str]] = {lang: set() for lang in LANGS}
    variants: list[list[frozenset[str]]] = []
    states: list[frozenset[str]] = []
    entries = tuple(entry for entry in kb.entries if not entry.fact.retired)  # kept for the record, never answered
    for index, entry in enumerate(entries):
        variants.append(_index_fact(entry, index, detector, postings, language_words))
        fact = entry.fact
        states.append(stated_by(" ".join([fact.answer.de, fact.answer.en, fact.quote]), fact.answer.en))

    detector.forget_pairs()
    count = max(len(entries), 1)
    idf = {term: math.log(1 + count / len(facts)) for term, facts in postings.items()}
    shared = language_words["de"] & language_words["en"]
    return Index(
        kb=kb,
        entries=entries,
        allies=detector,
        postings=dict(postings),
        idf=idf,
        vocabulary=sorted(postings),
        reversed_vocabulary=sorted(term[::-1] for term in postings),
        variants=variants,
        language_words={lang: frozenset(language_words[lang] - shared) for lang in LANGS},
        max_idf=max(idf.values(), default=1.0),
        states=states,
        meaning=FactVectors.build([_meaning_texts(entry) for entry in entries], place_names(kb),
                                  [[*entry.fact.not_answered.de, *entry.fact.not_answered.en] for entry in entries]),
        readers=readers_model(),
        follow_ups=follow_up_model(),
    )


def _index_fact(entry: Entry, index: int, detector: AllyDetector, postings: dict[str, dict[int, float]],
                language_words: dict[Lang, set[str]]) -> list[frozenset[str]]:
    """Add one fact's terms to `postings`; its phrasings (questions, topics, keywords) as term sets."""

    def add(terms: list[str], weight: float) -> None:
        for term in terms:
            if postings[term].get(index, 0.0) < weight:
                postings[term][index] = weight

    fact = entry.fact
    phrasings: list[frozenset[str]] = []
    for lang in LANGS:
        for question in fact.questions.get(lang):
            question_words = words(question)
            terms = _topic_terms(question_words, lang, detector)
            add(terms, QUESTION_WEIGHT)
            phrasings.append(frozenset(terms))
            language_words[lang].update(question_words)
        topic = topic_terms(fact.topic.get(lang), lang, detector)
        add(topic, TOPIC_WEIGHT)
        phrasings.append(frozenset(topic))
        add(topic_terms(fact.answer.get(lang), lang, detector), ANSWER_WEIGHT)
        for keyword in fact.keywords:
            terms = topic_terms(keyword, lang, detector)
            add(terms, KEYWORD_WEIGHT)
            phrasings.append(frozenset(terms))
    quote_lang = reader_lang(entry.source.language)
    if quote_lang is not None:  # a quote in another language holds no words readers type
        add(topic_terms(fact.quote, quote_lang, detector), QUOTE_WEIGHT)
    return [p for p in phrasings if p]


def _meaning_texts(entry: Entry) -> list[str]:
    """What a fact means, in the reader's words and its own: question variants, topic and answer."""
    fact = entry.fact
    return [text for lang in LANGS for text in (*fact.questions.get(lang), fact.topic.get(lang), fact.answer.get(lang))]
