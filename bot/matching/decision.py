"""The matcher's decision for one question, as every shell and the conversation read it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from bot.knowledge.base import Entry
from bot.knowledge.models import Lang
from bot.matching.lexicon import SmallTalk

MatchKind = Literal["answer", "ally", "small_talk", "none"]


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
