"""The best RANKED facts for a question without scoring every fact that shares a word with it.

Terms are taken rarest first, and each fact is looked at under the first of them it has. A fact found
under a term has none of the rarer ones, so its score is bounded by `Scorer.ceiling` of the terms left;
once that bound is below the RANKED-th best score so far, the commoner terms' long posting lists are not
read at all. The reverse view is bounded too: for each term a fact shares with the question, at most the
term's idf times its similarity over the fact's cheapest phrasing with the term. So a long list is read
cheapest phrasing first and left early, and the costly reverse view is only computed for a fact whose
bound with it would still reach the top. The ranking is the same as scoring every fact (but far below
SUGGESTION_FLOOR, see MAX_FAINT); tests/test_matcher_pruning.py checks that.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from typing import Literal

from bot.matching.index import MAX_WEIGHT, Index
from bot.matching.score import SUGGESTION_FLOOR, Forward, Scorer

RANKED = 10  # candidates a match keeps, best first: enough for suggestions and to re-rank by meaning
LONG_POSTINGS = 64  # a term of more facts than this is read cheapest phrasing first
MAX_FAINT = 1000
"""Facts that cannot reach SUGGESTION_FLOOR looked at per question in long posting lists at most. Only
questions that no fact comes close to reach it (thousands of facts within a rounding step of a tiny
score, all to be told apart): below the floor their ranking, and when nothing reaches the floor their
best candidate, need then not be what scoring every fact gives. Facts at or above the floor, so answers
and suggestions, never depend on it, and with fewer facts than this it never applies."""
_SLACK = 1 + 1e-9  # float error of summing in another order

Slot = list[tuple[dict[int, float], float]]  # per question word: (postings of a term it matched, similarity)
Holders = list[tuple[dict[int, tuple[int, ...]], float]]
"""Per term the question matched that a phrasing holds: which phrasings of each fact hold it (Index.holding)
and its idf times similarity, what covering it adds to them."""
Costs = list[tuple[dict[int, float], float]]  # per term: Index.cheapest of it, and its idf times similarity


def best_facts(
    index: Index, token_matches: list[dict[str, float]], matched_terms: dict[str, float], scorer: Scorer
) -> list[tuple[float, int]]:
    """The RANKED best (score, fact) of all facts sharing a term with the question, best first."""
    return _Search(index, token_matches, matched_terms, scorer).run()


def reverse_coverage(totals: list[float], fact: int, holders: Holders) -> float:
    """How much of the fact's best covered phrasing the question covers, by idf (`totals`: the fact's
    phrasings' idf totals, Index.variant_idf; `holders`: see `Holders`)."""
    covered: dict[int, float] = {}
    for by_fact, value in holders:  # plain loops: this runs for every fact judged
        numbers = by_fact.get(fact)
        if numbers is not None:
            for number in numbers:
                covered[number] = covered.get(number, 0.0) + value
    best = 0.0
    for number, value in covered.items():
        if totals[number] and value / totals[number] > best:
            best = value / totals[number]
    return best


@dataclass
class _LongList:
    """What bounds the facts of one long posting list: `most` the row of a fact with any term left,
    `alone` of one with this term only, `others` the reverse view the terms left can add."""

    term: str
    most: list[float]
    alone: list[float]
    others: float
    commoner: list[dict[int, float]]
    alone_left: bool = True  # may a fact with no commoner term still reach the top?


class _Search:
    def __init__(self, index: Index, token_matches: list[dict[str, float]], matched_terms: dict[str, float],
                 scorer: Scorer) -> None:
        self.index, self.scorer = index, scorer
        postings = index.postings
        self.slots: list[Slot] = [[(postings[term], similarity) for term, similarity in matches.items()]
                                  for matches in token_matches]
        self.by_rarity = sorted(matched_terms, key=lambda term: len(postings[term]))
        rarity = {term: taken for taken, term in enumerate(self.by_rarity)}
        # per question word: (place in by_rarity, similarity) of the terms it matched, for `_row_bound`
        self.ranks = [[(rarity[term], similarity) for term, similarity in matches.items()] for matches in token_matches]
        self.coverable = {term: index.idf[term] * similarity for term, similarity in matched_terms.items()}
        holding = index.holding
        self.holders: Holders = [(holding[term], value) for term, value in self.coverable.items() if term in holding]
        self.best: list[tuple[float, int]] = []  # a heap of the best (score, fact) so far, the RANKED-th on top
        self.faint = 0  # facts from long lists looked at that could not reach SUGGESTION_FLOOR
        self.looked: set[int] = set()  # the facts with a term taken already

    def run(self) -> list[tuple[float, int]]:
        postings = self.index.postings
        for taken, term in enumerate(self.by_rarity):
            rest = self.by_rarity[taken:]
            most = self._row_bound(range(taken, len(self.by_rarity)))
            if self._beaten(self.scorer.ceiling(most, 1.0)):
                break  # no fact without the rarer terms can reach the top
            if len(postings[term]) <= LONG_POSTINGS:
                self._read_short(term, rest)
            else:
                self._read_long(term, rest, most)
            self.looked.update(postings[term])
        return sorted(self.best, reverse=True)

    def _full(self) -> bool:
        return len(self.best) == RANKED

    def _beaten(self, reach: float) -> bool:
        return self._full() and reach < self.best[0][0]

    def _row_bound(self, taken: range) -> list[float]:
        """Per question word, the most it can add for a fact found only under these terms (places in
        `by_rarity`)."""
        bound = []
        for ranks in self.ranks:
            best = 0.0
            for rank, similarity in ranks:
                if similarity > best and rank in taken:
                    best = similarity
            bound.append(best * MAX_WEIGHT)
        return bound

    def _costs(self, terms: list[str]) -> Costs:
        cheapest = self.index.cheapest
        return [(cheapest[term], self.coverable[term]) for term in terms if term in cheapest]

    def _weigh(self, fact: int, costs: Costs) -> tuple[float, Forward]:
        """A bound on the fact's score (its reverse view at most what `costs` allow) and the forward part of
        it. Plain loops, for the row (per question word, its best term's weight in the fact times the
        similarity) and the bound, in one call: this runs for every fact looked at."""
        row = []
        for slot in self.slots:
            best = 0.0
            for facts, similarity in slot:
                weight = facts.get(fact)
                if weight is not None and weight * similarity > best:
                    best = weight * similarity
            row.append(best)
        forward = self.scorer.forward(fact, row)
        covered = 0.0
        for least, value in costs:
            cost = least.get(fact)
            if cost is not None:
                covered += value / cost
        return self.scorer.finish(forward, min(1.0, covered * _SLACK)), forward

    def _judge(self, fact: int, forward: Forward, bound: float) -> None:
        if self._full() and (bound, fact) < self.best[0]:
            return
        reverse = reverse_coverage(self.index.variant_idf[fact], fact, self.holders)
        item = (self.scorer.finish(forward, reverse), fact)
        if not self._full():
            heapq.heappush(self.best, item)
        elif item > self.best[0]:
            heapq.heapreplace(self.best, item)

    def _read_short(self, term: str, rest: list[str]) -> None:
        looked = self.looked
        facts = [fact for fact in self.index.postings[term] if fact not in looked]  # else under a rarer term
        if len(self.best) + len(facts) <= RANKED:  # all of them are kept: no bound needed to choose
            for fact in facts:
                self._judge(fact, self._weigh(fact, [])[1], math.inf)
            return
        costs = self._costs(rest)
        bounded = []
        for fact in facts:
            bound, forward = self._weigh(fact, costs)
            bounded.append((bound, fact, forward))
        bounded.sort(reverse=True)  # by bound, then fact: no two items have both alike
        for bound, fact, forward in bounded:
            if self._full() and (bound, fact) < self.best[0]:
                break
            self._judge(fact, forward, bound)

    def _read_long(self, term: str, rest: list[str], most: list[float]) -> None:
        """Cheapest phrasing with the term first: the bound of the facts left only falls. Facts with none
        of the commoner terms either have a lower one, falling too."""
        index = self.index
        cheapest = index.cheapest
        taken = len(self.by_rarity) - len(rest)  # the term's place in by_rarity (rest begins with it)
        plan = _LongList(
            term=term,
            most=most,
            alone=self._row_bound(range(taken, taken + 1)),
            others=sum(self.coverable[t] / cheapest[t][index.by_cheapest(t)[0]] for t in rest[1:] if t in cheapest),
            commoner=[index.postings[t] for t in rest[1:]],
        )
        least = cheapest.get(term, {})
        costs = self._costs(rest)
        for fact in index.by_cheapest(term):
            if fact in self.looked:
                continue
            step = self._gate(fact, self.coverable[term] / least.get(fact, math.inf), plan)
            if step == "stop":
                break
            if step == "score":
                bound, forward = self._weigh(fact, costs)
                self._judge(fact, forward, bound)

    def _gate(self, fact: int, own: float, plan: _LongList) -> Literal["score", "skip", "stop"]:
        """Whether a fact of a long list can still matter: score it, skip it, or stop reading the list."""
        if not (self._full() or self.faint >= MAX_FAINT):
            return "score"
        if not any(fact in facts for facts in plan.commoner):
            if not plan.alone_left:
                return "skip"
            reach = self.scorer.ceiling(plan.alone, min(1.0, own * _SLACK))
            if self._beaten(reach) or (reach < SUGGESTION_FLOOR and self.faint >= MAX_FAINT):
                plan.alone_left = False  # nor can the facts after it, with dearer phrasings
                return "skip"
        else:
            reach = self.scorer.ceiling(plan.most, min(1.0, (own + plan.others) * _SLACK))
            if self._beaten(reach):
                return "stop"
        if reach < SUGGESTION_FLOOR:
            if self.faint >= MAX_FAINT:
                return "stop"  # no reader sees this far down (see MAX_FAINT)
            self.faint += 1
        return "score"
