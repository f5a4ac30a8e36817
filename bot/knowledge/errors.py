"""Problems in the fact base, phrased for the editor who has to fix them.

Everything the loader finds wrong becomes a `KnowledgeError`; nothing above the loader sees a raw
`yaml.YAMLError` or pydantic error. Errors are collected in a `ValidationReport` because an editor
wants every mistake at once, not one per attempt.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class KnowledgeError:
    """One mistake at one place: where it is, what is wrong and how to fix it."""

    path: str
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.path}:{self.line}: {self.message}{hint}"


@dataclass
class ValidationReport:
    """All mistakes found while loading one fact base; empty means the fact base is usable."""

    errors: list[KnowledgeError] = field(default_factory=list)

    def add(self, path: str, line: int, message: str, hint: str = "") -> None:
        self.errors.append(KnowledgeError(path, line, message, hint))

    def extend(self, other: ValidationReport) -> None:
        self.errors.extend(other.errors)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def __iter__(self) -> Iterator[KnowledgeError]:
        return iter(sorted(set(self.errors)))

    def __len__(self) -> int:
        return len(set(self.errors))

    def render(self) -> str:
        """The report as a moderator reads it: one `FILE:LINE: problem (fix)` per line."""
        return "\n".join(str(error) for error in self)
