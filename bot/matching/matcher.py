"""From a reader's question to a ranked, calibrated decision: answer, ally overview, small talk or none."""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from operator import mul
from typing import Literal

from wordfreq import zipf_frequency

from bot.knowledge.base import Entry
from bot.knowledge.models import LANGS, Lang
from bot.matching.index import MAX_WEIGHT, Index
from bot.matching.lexicon import ASKS_QUANTITY, ASKS_TIME, LANGUAGE_CUES, SMALL_TALK, country_names
from bot.matching.normalize import MAX_QUESTION_CHARS, clean, fold, is_stop_word, stem

MatchKind = Literal["answer", "ally", "small_talk", "none"]
SmallTalk = Literal["greeting", "thanks", "help"]

ANSWER_THRESHOLD = 45.0
"""Lowest confidence that is answered; chosen on tests/eval/questions.yaml (see `allybot eval`)."""

SUGGESTION_FLOOR = 15.0
MAX_SUGGESTIONS = 3
RANKED = 20  # candidates a match keeps, best first
LONG_POSTINGS = 64  # a term of more facts than this is read cheapest phrasing first
MAX_FAINT = 1000
"""Facts that cannot reach SUGGESTION_FLOOR looked at per question in long posting lists at most. Only
questions that no fact comes close to reach it (thousands of facts within a rounding step of a tiny
score, all to be told apart): below the floor their ranking, and when nothing reaches the floor their
best candidate, need then not be what scoring every fact gives. Facts at or above the floor, so answers
and suggestions, never depend on it, and with fewer facts than this it never applies."""

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

    Only facts that can still reach the top RANKED are scored in full (see `_top`), so the cost grows
    far slower than the fact base; the ranking is the same as scoring every fact (but far below
    SUGGESTION_FLOOR, see MAX_FAINT).
    """
    weights, token_matches, countries = _weigh_words(index, content)
    weights = [w * generality_discount(word) for w, word in zip(weights, typed, strict=True)]
    total = sum(weights)
    matched_terms: dict[str, float] = {}
    for matches in token_matches:
        for term, similarity in matches.items():
            matched_terms[term] = max(matched_terms.get(term, 0.0), similarity)
    if total <= 0 or not matched_terms:
        return []

    def score(fact: int, row: list[float], reverse: float) -> float:
        """`row`: per question word, its best similarity times weight among the fact's terms."""
        evidence = sum(map(mul, weights, row))
        forward = evidence / total
        factor = _ally_factor(index.entries[fact].ally, allies) * min(1.0, evidence / (MIN_EVIDENCE * index.max_idf))
        if countries and any(row[position] == 0.0 for position in countries):
            factor *= OTHER_COUNTRY  # names a country this fact does not speak of
        if asks and asks not in index.states[fact]:
            factor *= UNSTATED_ASKED  # 'when...?' to a fact that states no time
        return round(100 * factor * _combine(forward, reverse), 1)

    def ceiling(row: list[float], reverse: float) -> float:
        """At least the score of any fact whose row is at most `row` and whose reverse is at most `reverse`:
        `score` with the best factors, plus rounding. Keep in step with `score` (it must only grow with
        row and reverse)."""
        evidence = sum(w * s for w, s in zip(weights, row, strict=True))
        factor = max(SAME_ALLY, GENERAL_WHEN_ALLY_NAMED, OTHER_ALLY, ALLY_FACT_WHEN_NONE_NAMED, 1.0)
        factor *= min(1.0, evidence / (MIN_EVIDENCE * index.max_idf)) * max(1.0, OTHER_COUNTRY, UNSTATED_ASKED)
        return 100 * factor * _combine(evidence / total, reverse) * (1 + 1e-9) + 0.05

    ranked = _top(index, token_matches, matched_terms, score, ceiling)
    return [(index.entries[fact], fact_score) for fact_score, fact in ranked]


def _top(
    index: Index,
    token_matches: list[dict[str, float]],
    matched_terms: dict[str, float],
    score: Callable[[int, list[float], float], float],
    ceiling: Callable[[list[float], float], float],
) -> list[tuple[float, int]]:
    """The RANKED best (score, fact) of all facts sharing a term with the question, best first.

    Terms are taken rarest first, and each fact is looked at under the first of them it has. A fact
    found under a term has none of the rarer ones, so its score is bounded by `ceiling` of the terms
    left; once that bound is below the RANKED-th best score so far, the commoner terms' long posting
    lists are not read at all. The reverse view is bounded too: for each term a fact shares with the
    question, at most the term's idf times its similarity over the fact's cheapest phrasing with the
    term. So a long list is read cheapest phrasing first and left early, and the costly reverse view
    is only computed for a fact whose bound with it would still reach the top.
    """
    postings, cheapest = index.postings, index.cheapest
    slots = [[(postings[term], similarity) for term, similarity in matches.items()] for matches in token_matches]
    by_rarity = sorted(matched_terms, key=lambda term: len(postings[term]))
    coverable = {term: index.idf[term] * similarity for term, similarity in matched_terms.items()}
    best: list[tuple[float, int]] = []  # a heap of the best (score, fact) so far, the RANKED-th on top
    faint = 0  # facts from long lists looked at that could not reach SUGGESTION_FLOOR
    looked: set[int] = set()  # the facts with a term taken already

    def row_of(fact: int) -> list[float]:
        return [
            slot[0][1] * slot[0][0].get(fact, 0.0) if len(slot) == 1
            else max((similarity * facts.get(fact, 0.0) for facts, similarity in slot), default=0.0)
            for slot in slots
        ]

    def reverse_bound(fact: int, terms: list[str]) -> float:
        covered = 0.0
        for term in terms:
            least = cheapest.get(term)
            if least is not None and fact in least:
                covered += coverable[term] / least[fact]
        return min(1.0, covered * (1 + 1e-9))

    def judge(fact: int, row: list[float], bound: float) -> None:
        if len(best) == RANKED and (bound, fact) < best[0]:
            return
        item = (score(fact, row, _reverse(index, fact, coverable)), fact)
        if len(best) < RANKED:
            heapq.heappush(best, item)
        elif item > best[0]:
            heapq.heapreplace(best, item)

    for taken, term in enumerate(by_rarity):
        rest = by_rarity[taken:]
        most = [max((similarity * MAX_WEIGHT for facts, similarity in slot
                     if any(facts is postings[t] for t in rest)), default=0.0) for slot in slots]
        if len(best) == RANKED and ceiling(most, 1.0) < best[0][0]:
            break  # no fact without the rarer terms can reach the top
        if len(postings[term]) <= LONG_POSTINGS:
            bounded = []
            for fact in postings[term]:
                if fact not in looked:  # else looked at under a rarer term
                    row = row_of(fact)
                    bounded.append((score(fact, row, reverse_bound(fact, rest)), fact, row))
            bounded.sort(key=lambda item: (item[0], item[1]), reverse=True)
            for bound, fact, row in bounded:
                if len(best) == RANKED and (bound, fact) < best[0]:
                    break
                judge(fact, row, bound)
            looked.update(postings[term])
            continue
        # A long list, cheapest phrasing with the term first: the bound of the facts left only falls.
        # Facts with none of the commoner terms either (`alone`) have a lower one, falling too.
        least = cheapest.get(term, {})
        others = sum(coverable[t] / cheapest[t][index.by_cheapest(t)[0]] for t in rest[1:] if t in cheapest)
        commoner = [postings[t] for t in rest[1:]]
        alone = [max((similarity * MAX_WEIGHT for facts, similarity in slot if facts is postings[term]), default=0.0)
                 for slot in slots]
        alone_left = True  # may a fact with no commoner term still reach the top?
        for fact in index.by_cheapest(term):
            if fact in looked:
                continue
            own = coverable[term] / least.get(fact, math.inf)
            if len(best) == RANKED or faint >= MAX_FAINT:
                if not any(fact in facts for facts in commoner):
                    if not alone_left:
                        continue
                    reach = ceiling(alone, min(1.0, own * (1 + 1e-9)))
                    beaten = len(best) == RANKED and reach < best[0][0]
                    if beaten or (reach < SUGGESTION_FLOOR and faint >= MAX_FAINT):
                        alone_left = False  # nor can the facts after it, with dearer phrasings
                        continue
                else:
                    reach = ceiling(most, min(1.0, (own + others) * (1 + 1e-9)))
                    if len(best) == RANKED and reach < best[0][0]:
                        break
                if reach < SUGGESTION_FLOOR:
                    if faint >= MAX_FAINT:
                        break  # no reader sees this far down (see MAX_FAINT)
                    faint += 1
            row = row_of(fact)
            judge(fact, row, score(fact, row, reverse_bound(fact, rest)))
        looked.update(postings[term])
    return sorted(best, reverse=True)


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


def _reverse(index: Index, fact: int, covering: dict[str, float]) -> float:
    """How much of the fact's best covered phrasing the question covers, by idf (`covering`: idf times
    similarity of each term the question matched)."""
    best = 0.0
    for phrasing, total in zip(index.variants[fact], index.variant_idf[fact], strict=True):
        if total and not phrasing.isdisjoint(covering):  # else it covers nothing
            covered = sum(map(covering.get, phrasing, repeat(0.0))) / total
            if covered > best:
                best = covered
    return best


def _ally_factor(fact_ally: str | None, named: list[str]) -> float:
    if named:
        if fact_ally in named:
            return SAME_ALLY
        return GENERAL_WHEN_ALLY_NAMED if fact_ally is None else OTHER_ALLY
    return 1.0 if fact_ally is None else ALLY_FACT_WHEN_NONE_NAMED


__all__ = ["Match", "detect_language", "match"]
