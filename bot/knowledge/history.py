"""Checks that keep the fact base's timeline honest: no fact holds for a date its source could not know,
and `superseded_by` links form chains from older to newer facts that end somewhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from rapidfuzz import process

from bot.knowledge.errors import ValidationReport
from bot.knowledge.models import Fact


class Place(Protocol):
    """Where a fact stands in its file (see `validate._FactPlace`)."""

    @property
    def rel(self) -> str: ...

    def line(self, *loc: str | int) -> int: ...

    def at(self, *loc: str | int) -> str: ...


def precision_of(published: str) -> int:
    """How many of year, month, day a source's date gives (1 to 3)."""
    return published.count("-") + 1


def later_than_published(as_of: dt.date, published: str) -> bool:
    """Whether `as_of` lies after the source's date, compared only as precisely as the source gives it:
    a fact of 2024-06-20 is fine for a source dated '2024-06'."""
    given = tuple(int(part) for part in published.split("-"))
    return (as_of.year, as_of.month, as_of.day)[: len(given)] > given


def check_timeline(facts: Sequence[tuple[Fact, Place]], published: dict[str, str], report: ValidationReport) -> None:
    """Add every as_of/published and superseded_by problem to `report`."""
    by_id: dict[str, tuple[Fact, Place]] = {}
    for fact, place in facts:
        by_id.setdefault(fact.id, (fact, place))
        source_date = published.get(fact.source)
        if source_date is not None and later_than_published(fact.as_of, source_date):
            report.add(place.rel, place.line("as_of"),
                       f"fact '{fact.id}': as_of {fact.as_of} is later than its source '{fact.source}' "
                       f"was published ({source_date})",
                       f"a source cannot report what it had not seen yet: set as_of to {source_date} or earlier, "
                       "or quote a newer source")
    for fact, place in facts:
        _check_successor(fact, place, by_id, report)
    _check_cycles(facts, by_id, report)


def _check_successor(
    fact: Fact, place: Place, by_id: dict[str, tuple[Fact, Place]], report: ValidationReport
) -> None:
    newer = fact.superseded_by
    if newer is None:
        return
    line = place.line("superseded_by")
    if newer == fact.id:
        report.add(place.rel, line, f"fact '{fact.id}' is superseded_by itself",
                   "write the id of the newer fact that overtakes it, or remove superseded_by")
        return
    if newer not in by_id:
        close = process.extractOne(newer, sorted(by_id), score_cutoff=70)
        hint = f"did you mean '{close[0]}'?" if close else "write the id of an existing newer fact, or remove it"
        report.add(place.rel, line, f"fact '{fact.id}': superseded_by '{newer}' is not a fact", hint)
        return
    successor, successor_place = by_id[newer]
    if successor.as_of < fact.as_of:
        report.add(place.rel, line,
                   f"fact '{fact.id}' (as_of {fact.as_of}) is superseded_by '{newer}', which is older "
                   f"(as_of {successor.as_of}, {successor_place.at()})",
                   "superseded_by names the newer fact: move it to the other fact, or correct as_of")


def _check_cycles(
    facts: Sequence[tuple[Fact, Place]], by_id: dict[str, tuple[Fact, Place]], report: ValidationReport
) -> None:
    """A chain that returns to a fact has no newest fact to show readers; report each cycle once."""
    reported: set[str] = set()
    for fact, place in facts:
        chain = [fact.id]
        current = fact
        while current.superseded_by in by_id and current.superseded_by != current.id:
            current = by_id[current.superseded_by][0]
            if current.id in chain:
                cycle = chain[chain.index(current.id):]
                if not reported & set(cycle) and cycle[0] == fact.id:
                    reported.update(cycle)
                    loop = " -> ".join([*cycle, cycle[0]])
                    report.add(place.rel, place.line("superseded_by"),
                               f"superseded_by goes round in a circle: {loop}",
                               "the newest fact of a topic has no superseded_by: remove it there")
                break
            chain.append(current.id)
