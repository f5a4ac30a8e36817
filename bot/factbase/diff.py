"""What a change did to each fact, in a few lines a moderator can check at a glance."""

from __future__ import annotations

from bot.knowledge import LANGS, Fact, KnowledgeBase

MAX_FACTS = 8
MAX_SHOWN = 2  # questions shown per language and direction; the rest are counted
SHORT = 60


def fact_changes(before: KnowledgeBase, after: KnowledgeBase) -> list[str]:
    """One line per changed fact: which question variants came and went, which fields changed."""
    old = {entry.id: entry.fact for entry in before}
    lines = [f"{entry.id}: {describe(old[entry.id], entry.fact)}"
             for entry in after if entry.id in old and old[entry.id] != entry.fact]
    if len(lines) > MAX_FACTS:
        return [*lines[:MAX_FACTS], f"…and {len(lines) - MAX_FACTS} more changed fact(s)"]
    return lines


def describe(old: Fact, new: Fact) -> str:
    """'questions de +“Kauft China Öl?”; answer de changed; review_after 2025-06-20 → 2027-06-01'."""
    parts = []
    for lang in LANGS:
        was, now = old.questions.get(lang), new.questions.get(lang)
        added = [q for q in now if q not in was]
        removed = [q for q in was if q not in now]
        if added or removed:
            parts.append(f"questions {lang} " + " ".join([*_listed("+", added), *_listed("−", removed)]))
    for name in ("topic", "answer"):
        changed = [lang for lang in LANGS if getattr(old, name).get(lang) != getattr(new, name).get(lang)]
        if changed:
            parts.append(f"{name} {'/'.join(changed)} changed")
    for name in ("keywords", "source", "quote"):
        if getattr(old, name) != getattr(new, name):
            parts.append(f"{name} changed")
    for name in ("as_of", "review_after", "reviewed_on", "superseded_by", "retired"):
        was_value, now_value = getattr(old, name), getattr(new, name)
        if was_value != now_value:
            parts.append(f"{name} {_value(was_value)} → {_value(now_value)}")
    return "; ".join(parts) or "reordered"


def _listed(sign: str, questions: list[str]) -> list[str]:
    shown = [f"{sign}“{_short(q)}”" for q in questions[:MAX_SHOWN]]
    if len(questions) > MAX_SHOWN:
        shown.append(f"{sign}{len(questions) - MAX_SHOWN} more")
    return shown


def _short(text: str) -> str:
    return text if len(text) <= SHORT else text[:SHORT - 1] + "…"


def _value(value: object) -> str:
    return "–" if value is None or value is False else "yes" if value is True else str(value)
