"""The evaluation files' schema (documented at the top of tests/eval/dev.yaml and in README.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.errors import EvalError
from bot.knowledge.models import LANGS, Lang

IN_SCOPE = ("paraphrase", "typo", "keywords", "alias", "bare_ally", "context")
OUT_OF_SCOPE = ("out_of_scope_country", "out_of_scope_aspect", "out_of_scope_everyday", "chitchat", "hostile")
FOLLOW_UP = "followup"


@dataclass(frozen=True)
class Case:
    question: str
    expect: str  # fact id, 'ally:<slug>' or 'none'
    lang: Lang
    category: str


@dataclass(frozen=True)
class Conversation:
    """One chat, turn by turn; every turn after the first is a follow-up."""

    turns: tuple[Case, ...]


@dataclass(frozen=True)
class EvalSet:
    name: str
    questions: tuple[Case, ...]
    conversations: tuple[Conversation, ...]

    def messages(self) -> set[str]:
        """Every message of the set, questions and turns alike, as `same_message` reads it."""
        turns = (turn for conversation in self.conversations for turn in conversation.turns)
        return {same_message(case.question) for case in (*self.questions, *turns)}


def same_message(question: str) -> str:
    """A message with case and punctuation left out: different writers type the same short messages ('wer ist
    kim', 'danke', SQL), and a test question a development set already holds word for word says less about a
    reader's next question than one worded anew."""
    return " ".join(re.findall(r"\w+", question.casefold()))


def own_worded(test: EvalSet, devs: list[EvalSet]) -> tuple[Case, ...]:
    """The test set's single questions that no development set holds word for word (`same_message`)."""
    seen = set().union(*(dev.messages() for dev in devs))
    return tuple(case for case in test.questions if same_message(case.question) not in seen)


def load_eval_set(path: Path) -> EvalSet:
    """Questions and conversations of one file; EvalError for anything off-schema."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise EvalError(f"{path}: cannot read it as YAML ({exc})") from None
    if not isinstance(raw, list):
        raise EvalError(f"{path}: expected a list of questions and conversations")
    questions: list[Case] = []
    conversations: list[Conversation] = []
    for number, item in enumerate(raw, start=1):
        where = f"{path}: item {number}"
        if isinstance(item, dict) and "conversation" in item:
            turns = item["conversation"]
            if not isinstance(turns, list) or not turns:
                raise EvalError(f"{where}: 'conversation' must be a list of turns (q, expect, lang)")
            conversations.append(Conversation(tuple(_case(turn, FOLLOW_UP, where) for turn in turns)))
        else:
            questions.append(_case(item, None, where))
    return EvalSet(path.name, tuple(questions), tuple(conversations))


def _case(item: Any, category: str | None, where: str) -> Case:
    if not isinstance(item, dict) or not {"q", "expect", "lang"} <= item.keys():
        raise EvalError(f"{where}: each question needs q, expect and lang")
    if item["lang"] not in LANGS:
        raise EvalError(f"{where}: lang must be de or en, not {item['lang']!r}")
    found = category or str(item.get("category", ""))
    if found not in (*IN_SCOPE, *OUT_OF_SCOPE, FOLLOW_UP):
        raise EvalError(f"{where}: unknown category {found!r} (one of {', '.join((*IN_SCOPE, *OUT_OF_SCOPE))})")
    return Case(str(item["q"]), str(item["expect"]), item["lang"], found)
