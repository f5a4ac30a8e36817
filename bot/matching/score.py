"""The score of one fact for one question (0-100), and the bound on it that lets ranking skip facts.

One formula: `Scorer.score` for a fact, `Scorer.ceiling` for any fact whose evidence is at most a given
row, with every fact-dependent factor at its best. Both go through `_forward` and `_value`, so they cannot
drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import mul

from bot.knowledge.base import Entry

SUGGESTION_FLOOR = 15.0
"""Lowest score offered as a suggestion ('Did you mean...'); below it a fact is noise."""

# How much a fact's ally agreeing with the ally the reader named counts.
SAME_ALLY = 1.0
GENERAL_WHEN_ALLY_NAMED = 0.4
GENERAL_NAMING_THE_ALLY = 0.7  # a general fact whose answer names the ally ('War Putin in Belarus?': his visits)
OTHER_ALLY = 0.35
OTHER_ALLY_NAMING_IT = 0.7  # 'Hat China in der UN dagegen gestimmt?': 'Unlike China, North Korea voted...'
ALLY_FACT_WHEN_NONE_NAMED = 0.9
BEST_ALLY_FACTOR = max(SAME_ALLY, GENERAL_WHEN_ALLY_NAMED, GENERAL_NAMING_THE_ALLY, OTHER_ALLY, OTHER_ALLY_NAMING_IT,
                       ALLY_FACT_WHEN_NONE_NAMED, 1.0)

FORWARD_SHARE = 0.7
OTHER_COUNTRY = 0.4
UNSTATED_ASKED = 0.6
UNEXPLAINED = 0.75  # per important question word the fact does not speak of at all
BEST_PENALTY = max(1.0, OTHER_COUNTRY, UNSTATED_ASKED)  # the penalties never raise a score
MIN_EVIDENCE = 0.5  # matched weight needed for full confidence, as a share of the rarest term's idf
_BOUND_SLACK = 1 + 1e-9  # float error of summing in another order
_ROUNDING = 0.05  # scores are rounded to one decimal

Forward = tuple[float, float]
"""What a score owes to the forward view: 100 times every factor but the views, and the forward view to
the power FORWARD_SHARE (`Scorer.forward`); `_value` multiplies in the reverse view."""


@dataclass(frozen=True)
class Scorer:
    """What one question brings to every fact's score.

    weights: per question word, how much it matters; countries: positions of words naming a country;
    asks: 'time' or 'quantity' when the question asks for one; allies: the allies the question names.
    """

    entries: tuple[Entry, ...]
    states: list[frozenset[str]]
    speaks_of: list[frozenset[str]]  # per fact, the other allies its answer names (Index.speaks_of)
    weights: list[float]
    countries: list[int]
    asks: str | None
    allies: list[str]
    full_evidence: float  # evidence for full confidence
    total: float  # sum of weights
    important: tuple[int, ...] = ()  # positions of the question's rare, meaningful words

    def score(self, fact: int, row: list[float], reverse: float) -> float:
        """`row`: per question word, its best similarity times weight among the fact's terms;
        `reverse`: how much of the fact's best phrasing the question covers."""
        return self.finish(self.forward(fact, row), reverse)

    def forward(self, fact: int, row: list[float]) -> Forward:
        """What a fact's score owes to its row, worked out once: ranking finishes it with a bound on the
        reverse view first and, for the few facts that may reach the top, with the reverse view itself."""
        return self._forward(row, self._ally_factor(fact), self._penalty(fact, row))

    @staticmethod
    def finish(forward: Forward, reverse: float) -> float:
        """The score of a fact with this `forward` part and this reverse view."""
        return round(_value(forward, reverse), 1)

    def ceiling(self, row: list[float], reverse: float) -> float:
        """At least the score of any fact whose row is at most `row` and whose reverse is at most
        `reverse` (the score only grows with both)."""
        return _value(self._forward(row, BEST_ALLY_FACTOR, BEST_PENALTY), reverse) * _BOUND_SLACK + _ROUNDING

    def _forward(self, row: list[float], ally_factor: float, penalty: float) -> Forward:
        evidence = sum(map(mul, self.weights, row))
        forward = evidence / self.total
        factor = ally_factor * min(1.0, evidence / self.full_evidence) * penalty
        return 100 * factor, forward**FORWARD_SHARE

    def _penalty(self, fact: int, row: list[float]) -> float:
        penalty = 1.0
        if self.countries and any(row[position] == 0.0 for position in self.countries):
            penalty *= OTHER_COUNTRY  # names a country this fact does not speak of
        if self.asks and self.asks not in self.states[fact]:
            penalty *= UNSTATED_ASKED  # 'when...?' to a fact that states no time
        for position in self.important:
            if row[position] == 0.0:
                penalty *= UNEXPLAINED  # 'casualties', 'Atomprogramm': the question is about something else
        return penalty

    def _ally_factor(self, fact: int) -> float:
        return ally_factor(self.entries[fact].ally, self.allies, self.speaks_of[fact])


def _value(forward: Forward, reverse: float) -> float:
    """Both views of the evidence must agree: how much of the question the fact explains (forward)
    and how much of a phrasing the question covers (reverse), as a weighted geometric mean, so a
    low one cannot be made up by the other."""
    scale, explained = forward
    return scale * float(explained * reverse ** (1 - FORWARD_SHARE))


def ally_factor(fact_ally: str | None, named: list[str], speaks_of: frozenset[str] = frozenset()) -> float:
    """How much a fact's ally (None: the general context) agreeing with the allies a question names counts."""
    if named:
        if fact_ally in named:
            return SAME_ALLY
        if fact_ally is None:
            return GENERAL_NAMING_THE_ALLY if not speaks_of.isdisjoint(named) else GENERAL_WHEN_ALLY_NAMED
        return OTHER_ALLY_NAMING_IT if not speaks_of.isdisjoint(named) else OTHER_ALLY
    return 1.0 if fact_ally is None else ALLY_FACT_WHEN_NONE_NAMED
