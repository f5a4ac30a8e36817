"""From a reader's question to a ranked, calibrated decision: answer, ally overview, small talk or none."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from wordfreq import zipf_frequency

from bot.knowledge.base import Entry
from bot.knowledge.models import LANGS, Lang
from bot.matching.index import Index
from bot.matching.lexicon import ASKS_QUANTITY, ASKS_TIME, LANGUAGE_CUES, SMALL_TALK, country_names
from bot.matching.normalize import MAX_QUESTION_CHARS, clean, fold, is_stop_word, stem, words

MatchKind = Literal["answer", "ally", "small_talk", "none"]
SmallTalk = Literal["greeting", "thanks", "help"]

ANSWER_THRESHOLD = 45.0
"""Lowest confidence that is answered; chosen on tests/eval/questions.yaml (see `allybot eval`)."""

SUGGESTION_FLOOR = 15.0
MAX_SUGGESTIONS = 3

# How much a fact's ally agreeing with the ally the reader named counts.
SAME_ALLY = 1.0
GENERAL_WHEN_ALLY_NAMED = 0.75
OTHER_ALLY = 0.35
ALLY_FACT_WHEN_NONE_NAMED = 0.9

UNKNOWN_WORD_SHARE = 0.6  # weight of a word the fact base has never seen, relative to the rarest term
FOREIGN_COUNTRY_SHARE = 1.5  # a country the fact base does not know: the question is about something else
FORWARD_SHARE = 0.7
OTHER_COUNTRY = 0.5
DOMAIN_COUNTRY_SHARE = 0.2
# Word frequency on the Zipf scale (wordfreq): 3 is a specialist word, 6 an everyday one.
RARE_ZIPF = 4.0
COMMON_ZIPF = 7.0
GENERAL_WORD_FLOOR = 0.25
UNSTATED_ASKED = 0.6
MIN_EVIDENCE = 0.5  # matched weight needed for full confidence, as a share of the rarest term's idf


@dataclass(frozen=True)
class Match:
    """The matcher's decision for one question, with everything a reply or a log row needs."""

    query: str
    lang: Lang
    kind: MatchKind
    score: float = 0.0
    entry: Entry | None = None
    ally: str | None = None
    suggestions: tuple[Entry, ...] = ()
    small_talk: SmallTalk | None = None
    best: Entry | None = None  # the top candidate even when not confident enough to answer
    ranked: tuple[tuple[Entry, float], ...] = field(default=(), repr=False)

    @property
    def answered(self) -> bool:
        return self.kind in ("answer", "ally")


def detect_language(question_words: list[str], index: Index, fallback: Lang | None) -> Lang:
    """The question's language from function words and the fact base's own vocabulary."""
    votes = dict.fromkeys(LANGS, 0.0)
    for word in question_words:
        for lang in LANGS:
            if word in LANGUAGE_CUES[lang]:
                votes[lang] += 1.0
            elif word in index.language_words[lang]:
                votes[lang] += 0.5
    if votes["de"] != votes["en"]:
        return "de" if votes["de"] > votes["en"] else "en"
    return fallback or "de"


def match(
    index: Index, question: str, fallback_lang: Lang | None = None, threshold: float = ANSWER_THRESHOLD
) -> Match:
    """Decide how to reply to `question`; never raises on any string."""
    question = question[:MAX_QUESTION_CHARS]
    raw = clean(question).split()
    question_words = [fold(word) for word in raw]
    lang = detect_language(question_words, index, fallback_lang)
    mentions = index.allies.find(question_words)
    named = {i for m in mentions for i in range(m.start, m.end)}
    allies = list(dict.fromkeys(m.ally for m in mentions))
    kept = [i for i, w in enumerate(question_words) if i not in named and not is_stop_word(w) and len(w) > 1]
    content = [question_words[i] for i in kept]

    if not mentions:
        small_talk = _small_talk(question_words)
        if small_talk:
            return Match(question, lang, "small_talk", small_talk=small_talk)
    if not content:
        if allies:
            return Match(question, lang, "ally", score=100.0, ally=allies[0],
                         suggestions=tuple(index.kb.of_ally(allies[0])[:MAX_SUGGESTIONS]))
        return Match(question, lang, "none")

    ranked = _rank(index, content, [raw[i] for i in kept], allies, _asks_for(question_words))
    if not ranked:
        return Match(question, lang, "none", suggestions=_fallback_suggestions(index, allies))
    best, score = ranked[0]
    if score >= threshold:
        return Match(question, lang, "answer", score=score, entry=best, ally=best.ally, best=best,
                     ranked=tuple(ranked))
    suggestions = tuple(entry for entry, s in ranked[:MAX_SUGGESTIONS] if s >= SUGGESTION_FLOOR)
    return Match(question, lang, "none", score=score, best=best, ally=None,
                 suggestions=suggestions or _fallback_suggestions(index, allies), ranked=tuple(ranked))


def _small_talk(question_words: list[str]) -> SmallTalk | None:
    if not question_words:
        return None
    kinds: tuple[SmallTalk, ...] = ("help", "thanks", "greeting")
    for kind in kinds:
        vocabulary = SMALL_TALK[kind] | SMALL_TALK["greeting"]
        fits = all(word in vocabulary or is_stop_word(word) for word in question_words)
        if fits and any(word in SMALL_TALK[kind] for word in question_words):
            return kind
    return None


def _fallback_suggestions(index: Index, allies: list[str]) -> tuple[Entry, ...]:
    return tuple(index.kb.of_ally(allies[0])[:MAX_SUGGESTIONS]) if allies else ()


def _rank(
    index: Index, content: list[str], typed: list[str], allies: list[str], asks: str | None
) -> list[tuple[Entry, float]]:
    """Score every fact that shares a term with the question; best first.

    Two views of the same evidence: how much of the question the fact explains (forward), and how
    much of one of the fact's phrasings the question covers (reverse). A lone common word explains
    the question but covers little of any phrasing; an unknown country explains nothing.
    """
    weights, token_matches, countries = _weigh_words(index, content)
    weights = [w * generality_discount(word) for w, word in zip(weights, typed, strict=True)]
    total = sum(weights)
    matched_terms: dict[str, float] = {}
    support: dict[int, list[float]] = {}
    for position, matches in enumerate(token_matches):
        for term, similarity in matches.items():
            matched_terms[term] = max(matched_terms.get(term, 0.0), similarity)
            for fact, weight in index.postings[term].items():
                row = support.setdefault(fact, [0.0] * len(content))
                row[position] = max(row[position], similarity * weight)
    if total <= 0 or not support:
        return []
    scored = []
    for fact, row in support.items():
        evidence = sum(w * s for w, s in zip(weights, row, strict=True))
        forward = evidence / total
        reverse = max((_covered(index, phrasing, matched_terms) for phrasing in index.variants[fact]), default=0.0)
        factor = _ally_factor(index.entries[fact].ally, allies) * min(1.0, evidence / (MIN_EVIDENCE * index.max_idf))
        if any(row[position] == 0.0 for position in countries):
            factor *= OTHER_COUNTRY  # names a country this fact does not speak of
        if asks and asks not in index.states[fact]:
            factor *= UNSTATED_ASKED  # 'when...?' to a fact that states no time
        scored.append((round(100 * factor * _combine(forward, reverse), 1), fact))
    return [(index.entries[fact], score) for score, fact in heapq.nlargest(20, scored)]


def _weigh_words(index: Index, content: list[str]) -> tuple[list[float], list[dict[str, float]], list[int]]:
    """Per question word: how much it matters (idf), which terms it matched; and which words are countries.

    Countries that most facts speak of (Russia, Ukraine) are the domain itself, not a subject.
    """
    countries = country_names()
    weights: list[float] = []
    token_matches: list[dict[str, float]] = []
    subjects: list[int] = []
    for position, word in enumerate(content):
        stems = {stem(word, lang) for lang in LANGS}
        known = [s for s in stems if s in index.postings]
        pair = "".join(content[position:position + 2])
        if word in countries or pair in countries:
            if not known:
                weights.append(index.max_idf * FOREIGN_COUNTRY_SHARE)
                token_matches.append({})
                subjects.append(position)
                continue
            if max(len(index.postings[s]) for s in known) < DOMAIN_COUNTRY_SHARE * len(index.entries):
                subjects.append(position)
        matches: dict[str, float] = {}
        for word_stem in stems:
            for found in index.lookup(word_stem):
                matches[found.term] = max(matches.get(found.term, 0.0), found.similarity)
        token_matches.append(matches)
        if matches:
            weights.append(max(index.idf[term] * sim for term, sim in matches.items()))
        else:
            weights.append(index.max_idf * UNKNOWN_WORD_SHARE)
    return weights, token_matches, subjects


@lru_cache(maxsize=65536)
def generality_discount(word: str) -> float:
    """Everyday words ('time', 'next', 'end') say little about a topic even when the fact base
    rarely uses them; weigh a word down by how common it is in German or English (wordfreq)."""
    zipf = max(zipf_frequency(word, "de"), zipf_frequency(word, "en"))
    return min(1.0, max(GENERAL_WORD_FLOOR, (COMMON_ZIPF - zipf) / (COMMON_ZIPF - RARE_ZIPF)))


def _asks_for(question_words: list[str]) -> str | None:
    """'time' for 'Wann...?'/'Since when...?', 'quantity' for 'How many...?', judged by the opening words."""
    opening = question_words[:3]
    pairs = {" ".join(opening[i:i + 2]) for i in range(len(opening) - 1)}
    if (opening[:1] and opening[0] in ASKS_TIME) or pairs & ASKS_TIME:
        return "time"
    if pairs & ASKS_QUANTITY:
        return "quantity"
    return None


def _combine(forward: float, reverse: float) -> float:
    """Both views must agree: a weighted geometric mean, so a low one cannot be made up by the other."""
    return float(forward**FORWARD_SHARE * reverse ** (1 - FORWARD_SHARE))


def _covered(index: Index, phrasing: frozenset[str], matched: dict[str, float]) -> float:
    total = sum(index.idf[term] for term in phrasing)
    return sum(index.idf[term] * matched.get(term, 0.0) for term in phrasing) / total if total else 0.0


def _ally_factor(fact_ally: str | None, named: list[str]) -> float:
    if named:
        if fact_ally in named:
            return SAME_ALLY
        return GENERAL_WHEN_ALLY_NAMED if fact_ally is None else OTHER_ALLY
    return 1.0 if fact_ally is None else ALLY_FACT_WHEN_NONE_NAMED


__all__ = ["Match", "detect_language", "match", "words"]
