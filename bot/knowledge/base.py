"""The loaded fact base as the rest of the bot sees it: immutable, validated, versioned."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from bot.knowledge.models import Fact, Localized, Source


@dataclass(frozen=True)
class Ally:
    """One ally: its id (the file's slug), display names and the names readers use for it."""

    slug: str
    names: Localized
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    """A fact with what it belongs to; `ally` is None for the general context."""

    fact: Fact
    ally: str | None
    source: Source
    file: str
    line: int

    @property
    def id(self) -> str:
        return self.fact.id

    def is_stale(self, today: dt.date) -> bool:
        """Past its review date: the bot still answers but tells the reader it may have changed."""
        return self.fact.review_after < today

    def needs_review(self, today: dt.date) -> bool:
        """Stale and still current: a fact a newer one overtook (`superseded_by`) is history, not work."""
        return self.is_stale(today) and self.fact.superseded_by is None and not self.fact.retired


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the bot knows, loaded and checked as one unit so a reload swaps it atomically."""

    allies: dict[str, Ally]
    overview_names: Localized
    entries: tuple[Entry, ...]
    sources: dict[str, Source]
    version: str

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def get(self, fact_id: str) -> Entry | None:
        return self._by_id.get(fact_id)

    @property
    def _by_id(self) -> dict[str, Entry]:
        cached: dict[str, Entry] | None = self.__dict__.get("_by_id_cache")
        if cached is None:
            cached = {entry.id: entry for entry in self.entries}
            object.__setattr__(self, "_by_id_cache", cached)
        return cached

    def newer(self, entry: Entry) -> Entry | None:
        """The fact that overtakes `entry`, if any (of any ally)."""
        return self.get(entry.fact.superseded_by) if entry.fact.superseded_by else None

    def newest(self, entry: Entry) -> Entry:
        """The newest version of `entry`'s topic, following superseded_by while it stays with the same ally."""
        seen = {entry.id}
        following = self.newer(entry)
        while following is not None and following.ally == entry.ally and following.id not in seen:
            entry = following
            seen.add(entry.id)
            following = self.newer(entry)
        return entry

    def of_ally(self, slug: str | None) -> list[Entry]:
        """The facts readers can get about one ally (or the general context), in file order; not retired ones."""
        return [entry for entry in self.entries if entry.ally == slug and not entry.fact.retired]

    def retired(self) -> list[Entry]:
        """Facts kept in their files for the record, never answered."""
        return [entry for entry in self.entries if entry.fact.retired]

    def counts(self) -> dict[str, int]:
        """Facts per ally, with the general context under 'overview'."""
        result: dict[str, int] = {"overview": len(self.of_ally(None))}
        for slug in self.allies:
            result[slug] = len(self.of_ally(slug))
        return result

    def summary(self) -> str:
        counts = self.counts()
        parts = ", ".join(f"{name} {count}" for name, count in counts.items())
        retired = len(self.retired())
        kept = f", {retired} retired" if retired else ""
        return f"{sum(counts.values())} facts ({parts}{kept}), version {self.version}"
