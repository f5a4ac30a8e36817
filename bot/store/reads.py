"""What moderators read from the question log: counts, unanswered questions grouped, feedback per fact.

Pure queries on an open connection, apart from `bot.store` so that the writer's machinery and the
report arithmetic can each be read on their own.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.matching.normalize import is_stop_word, stem, words

LOW_CONFIDENCE = 70.0
"""Answers below this score were given but may be wrong, so they are listed with the unanswered ones."""

SIMILAR = 85.0  # token_set_ratio at which two questions count as the same question
SHARED_STEMS = 0.5  # share of word stems two questions with the same closest fact have in common to be one group
MAX_GROUPED = 5000  # most recent questions grouped per report; bounds the work on a busy day
EXAMPLES = 3


@dataclass(frozen=True)
class Stats:
    """Reader activity over `days`; small talk (greetings, thanks) is not a question and not counted as one."""

    days: int
    questions: int
    answered: int
    low_confidence: int
    small_talk: int
    readers: int
    votes_up: int
    votes_down: int

    @property
    def answer_rate(self) -> float:
        return self.answered / self.questions if self.questions else 0.0


@dataclass(frozen=True)
class UnansweredGroup:
    """Questions that say the same thing: `question` is the most frequent wording, `examples` other ones."""

    question: str
    count: int
    examples: tuple[str, ...]
    closest: str | None  # the fact id the matcher found nearest, a hint where a question variant may belong
    last_at: str


@dataclass(frozen=True)
class FeedbackRow:
    """Votes on one fact, with the questions readers asked before they got it."""

    fact_id: str
    up: int
    down: int
    questions: tuple[str, ...]


@dataclass(frozen=True)
class AuditEntry:
    """One change a moderator made, with the fact base versions before and after it."""

    at: str
    moderator: int
    action: str
    detail: str
    version_before: str
    version_after: str


def read_stats(conn: sqlite3.Connection, days: int, since: str) -> Stats:
    questions, answered, low, small_talk, readers = conn.execute(
        "SELECT TOTAL(kind != 'small_talk'), TOTAL(kind IN ('answer', 'ally')), TOTAL(kind = 'answer' AND score < ?),"
        " TOTAL(kind = 'small_talk'), COUNT(DISTINCT reader) FROM questions WHERE at >= ?",
        (LOW_CONFIDENCE, since),
    ).fetchone()
    up, down = conn.execute("SELECT TOTAL(up), TOTAL(NOT up) FROM votes WHERE at >= ?", (since,)).fetchone()
    return Stats(days, int(questions), int(answered), int(low), int(small_talk), int(readers), int(up), int(down))


def read_unanswered(conn: sqlite3.Connection, since: str, limit: int) -> list[UnansweredGroup]:
    rows = conn.execute(
        "SELECT question, fact_id, at FROM questions WHERE at >= ? AND (kind = 'none' OR (kind = 'answer'"
        " AND score < ?)) ORDER BY at DESC, id DESC LIMIT ?",
        (since, LOW_CONFIDENCE, MAX_GROUPED),
    ).fetchall()
    return group_similar(rows)[:limit]


def read_feedback(conn: sqlite3.Connection, since: str, limit: int) -> list[FeedbackRow]:
    votes = conn.execute(
        "SELECT fact_id, TOTAL(up), TOTAL(NOT up) AS down FROM votes WHERE at >= ? GROUP BY fact_id"
        " ORDER BY down DESC, TOTAL(up) ASC, fact_id LIMIT ?",
        (since, limit),
    ).fetchall()
    result = []
    for fact_id, up, down in votes:
        asked = conn.execute(
            "SELECT question, MAX(at) AS last FROM questions WHERE fact_id = ? AND kind = 'answer' AND at >= ?"
            " GROUP BY question ORDER BY last DESC LIMIT ?",
            (fact_id, since, EXAMPLES),
        ).fetchall()
        result.append(FeedbackRow(fact_id, int(up), int(down), tuple(question for question, _ in asked)))
    return result


def group_similar(rows: Sequence[tuple[str, str | None, str]]) -> list[UnansweredGroup]:
    """Group (question, closest fact, at) rows, newest first, into groups of similar questions; biggest first.

    Two questions are one group when their words are nearly the same, or when they lead to the same
    closest fact and share most of their word stems ("Kauft China russisches Öl?", "Kauft China Öl aus
    Russland?"): a moderator teaches them in one go.
    """
    groups: list[_Group] = []
    members: list[list[tuple[str, str | None, str]]] = []
    by_fact: dict[str, list[int]] = {}
    for row in rows:
        candidate = _Group(similarity_key(row[0]), _stems(row[0]), row[1])
        found = _similar_group(candidate, groups, by_fact.get(row[1] or "", []))
        if found is None:
            found = len(groups)
            groups.append(candidate)
            members.append([])
            by_fact.setdefault(row[1] or "", []).append(found)
        members[found].append(row)
    summaries = sorted((_summarise(group) for group in members), key=lambda g: g.last_at, reverse=True)
    return sorted(summaries, key=lambda g: g.count, reverse=True)  # stable: equal counts stay newest first


def similarity_key(question: str) -> str:
    """The words that carry meaning: without stop words "how old is Kim" and "how old is Xi" stay apart."""
    folded = words(question)
    content = [word for word in folded if not is_stop_word(word)]
    return " ".join(content or folded)


@dataclass(frozen=True)
class _Group:
    """What a group is recognised by: its first question's content words, their stems, its closest fact."""

    key: str
    stems: frozenset[str]
    fact: str | None


def _stems(question: str) -> frozenset[str]:
    return frozenset(stem(word, "de") for word in similarity_key(question).split())


def _similar_group(candidate: _Group, groups: list[_Group], same_fact: list[int]) -> int | None:
    """The group `candidate` belongs to; `same_fact` are the groups with its closest fact (checked first)."""
    keys = [group.key for group in groups]
    if not candidate.key:
        return keys.index(candidate.key) if candidate.key in keys else None
    for position in same_fact:
        shared, either = candidate.stems & groups[position].stems, candidate.stems | groups[position].stems
        if candidate.fact is not None and len(shared) >= SHARED_STEMS * len(either):
            return position
    for _, _score, position in process.extract(candidate.key, keys, scorer=fuzz.token_set_ratio,
                                               score_cutoff=SIMILAR, limit=None):
        if _comparable_length(candidate.key, keys[position]) or candidate.stems == groups[position].stems:
            return int(position)
    return None


def _comparable_length(a: str, b: str) -> bool:
    """token_set_ratio gives 100 whenever one question's words are a subset; one shared word is not enough."""
    shorter, longer = sorted((len(a.split()), len(b.split())))
    return shorter * 2 >= longer


def _summarise(group: list[tuple[str, str | None, str]]) -> UnansweredGroup:
    texts = [text for text, _ in Counter(question for question, _, _ in group).most_common()]  # ties: newest
    closest = [fact for _, fact, _ in group if fact]
    return UnansweredGroup(
        question=texts[0],
        count=len(group),
        examples=tuple(texts[1:1 + EXAMPLES]),
        closest=Counter(closest).most_common(1)[0][0] if closest else None,
        last_at=group[0][2],
    )


def read_audit(conn: sqlite3.Connection, limit: int) -> list[AuditEntry]:
    rows = conn.execute("SELECT at, moderator, action, detail, version_before, version_after FROM audit"
                        " ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
    return [AuditEntry(*row) for row in rows]
