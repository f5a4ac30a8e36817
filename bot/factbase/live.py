"""The fact base the bot serves right now, replaced atomically and only by a fully valid one.

A question takes `live.index` once and uses that object to the end, so it never sees half of an old
and half of a new fact base. A failed reload leaves the last good index in place.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge import KnowledgeBase, ValidationReport, load_knowledge
from bot.matching import Index, build_index

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReloadResult:
    """What a reload did: the new version, or every problem that kept the old one in place."""

    at: dt.datetime
    ok: bool
    version_before: str
    version_after: str
    report: ValidationReport | None = None
    removed: tuple[str, ...] = ()  # ids of facts readers could ask for before and no longer can

    def describe(self) -> str:
        if self.ok:
            changed = "unchanged" if self.version_before == self.version_after else f"now {self.version_after}"
            gone = f"; facts removed: {', '.join(self.removed)}" if self.removed else ""
            return f"reloaded at {self.at:%Y-%m-%d %H:%M:%S} UTC: ok, {changed}{gone}"
        count = len(self.report) if self.report else 0
        return (f"reload at {self.at:%Y-%m-%d %H:%M:%S} UTC failed with {count} problem(s); "
                f"still serving {self.version_before}")


class LiveKnowledge:
    """Holds the current index; `reload` validates a new fact base completely before swapping it in."""

    def __init__(self, directory: Path, index: Index) -> None:
        self.directory = directory
        self._index = index
        self.last_reload: ReloadResult | None = None

    @classmethod
    def load(cls, directory: Path) -> LiveKnowledge | ValidationReport:
        result = load_knowledge(directory)
        if isinstance(result, ValidationReport):
            return result
        index = build_index(result)
        return_free_memory()
        return cls(directory, index)

    @property
    def index(self) -> Index:
        return self._index

    @property
    def kb(self) -> KnowledgeBase:
        return self._index.kb

    def check(self, overrides: Mapping[str, str] | None = None) -> KnowledgeBase | ValidationReport:
        """Validate the fact base on disk as if `overrides` were in place, without changing anything."""
        return load_knowledge(self.directory, overrides)

    def reload(self) -> ReloadResult:
        """Load from disk; swap in only a valid fact base (one reference assignment: atomic)."""
        old = self._index.kb
        before = old.version
        now = dt.datetime.now(dt.UTC)
        loaded = load_knowledge(self.directory)
        if isinstance(loaded, ValidationReport):
            result = ReloadResult(now, False, before, before, loaded)
            log.warning("fact base reload failed, still serving %s:\n%s", before, loaded.render())
        else:
            if loaded.version != before:
                self._index = build_index(loaded)
                return_free_memory()
            removed = tuple(entry.id for entry in old if loaded.get(entry.id) is None)
            result = ReloadResult(now, True, before, loaded.version, removed=removed)
            log.info("fact base reloaded: %s", loaded.summary())
        self.last_reload = result
        return result


def return_free_memory() -> None:
    """Give the memory a load freed back to the system. glibc's malloc keeps freed chunks in the process
    (5 MB after the first build of the shipped fact base, ~25 MB after a reload, when the old index goes);
    malloc_trim returns them. Elsewhere (musl, macOS) there is no such call and nothing to do."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)
