"""From a reader's question to a ranked, calibrated decision: answer, ally overview, small talk or none."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz

from bot.knowledge.base import Entry
from bot.knowledge.models import LANGS, Lang
from bot.matching.index import Index
from bot.matching.lexicon import LANGUAGE_CUES, SMALL_TALK
from bot.matching.normalize import MAX_QUESTION_CHARS, clean, fold, is_stop_word, stem, words

MatchKind = Literal["answer", "ally", "small_talk", "none"]
SmallTalk = Literal["greeting", "thanks", "help"]

ANSWER_THRESHOLD = 55.0
"""Lowest confidence that is answered; chosen on tests/eval/questions.yaml (see `allybot eval`)."""

SUGGESTION_FLOOR = 15.0
MAX_SUGGESTIONS = 3

# How much a fact's ally agreeing with the ally the reader named counts.
SAME_ALLY = 1.0
GENERAL_WHEN_ALLY_NAMED = 0.75
OTHER_ALLY = 0.35
ALLY_FACT_WHEN_NONE_NAMED = 0.9

UNKNOWN_WORD_SHARE = 0.7  # weight of a word the fact base has never seen, relative to the rarest term


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
    content = [w for i, w in enumerate(question_words) if i not in named and not is_stop_word(w) and len(w) > 1]

    if not mentions:
        small_talk = _small_talk(question_words)
        if small_talk:
            return Match(question, lang, "small_talk", small_talk=small_talk)
    if not content:
        if allies:
            return Match(question, lang, "ally", score=100.0, ally=allies[0],
                         suggestions=tuple(index.kb.of_ally(allies[0])[:MAX_SUGGESTIONS]))
        return Match(question, lang, "none")

    ranked = _rank(index, content, allies)
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
        if all(word in vocabulary for word in question_words) and any(w in SMALL_TALK[kind] for w in question_words):
            return kind
    return None


def _fallback_suggestions(index: Index, allies: list[str]) -> tuple[Entry, ...]:
    return tuple(index.kb.of_ally(allies[0])[:MAX_SUGGESTIONS]) if allies else ()


def _rank(index: Index, content: list[str], allies: list[str]) -> list[tuple[Entry, float]]:
    """Score every fact that shares a term with the question; best first."""
    weights: list[float] = []
    support: dict[int, list[float]] = {}
    stems: list[str] = []
    for position, word in enumerate(content):
        matches = {m.term: m.similarity for lang in LANGS for m in index.lookup(stem(word, lang))}
        stems.append(stem(word, "de"))
        if not matches:
            weights.append(index.max_idf * UNKNOWN_WORD_SHARE)
            continue
        weights.append(max(index.idf[term] * sim for term, sim in matches.items()))
        for term, similarity in matches.items():
            for fact, weight in index.postings[term].items():
                row = support.setdefault(fact, [0.0] * len(content))
                row[position] = max(row[position], similarity * weight)
    total = sum(weights)
    if total <= 0 or not support:
        return []
    query_text = " ".join(stems)
    scored: list[tuple[float, int]] = []
    for fact, row in support.items():
        coverage = sum(w * s for w, s in zip(weights, row, strict=True)) / total
        scored.append((coverage * _ally_factor(index.entries[fact].ally, allies), fact))
    top = heapq.nlargest(20, scored)
    results = []
    for coverage, fact in top:
        similarity = max((fuzz.token_sort_ratio(query_text, v) for v in index.variants[fact]), default=0) / 100
        results.append((index.entries[fact], round(100 * (0.8 * coverage + 0.2 * similarity * coverage), 1)))
    results.sort(key=lambda pair: -pair[1])
    return results


def _ally_factor(fact_ally: str | None, named: list[str]) -> float:
    if named:
        if fact_ally in named:
            return SAME_ALLY
        return GENERAL_WHEN_ALLY_NAMED if fact_ally is None else OTHER_ALLY
    return 1.0 if fact_ally is None else ALLY_FACT_WHEN_NONE_NAMED


__all__ = ["Match", "detect_language", "match", "words"]
