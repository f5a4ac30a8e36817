"""Systems under test (ours, its ablations, the baselines) and the figures measured on a set."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from bot.context import Context, next_context, understand_in_time
from bot.evaluation.cases import IN_SCOPE, OUT_OF_SCOPE, Case, Conversation
from bot.knowledge.models import Lang
from bot.matching import ANSWER_THRESHOLD, Index, Match

TURN_SECONDS = 30.0  # time between the turns of an evaluated conversation


@dataclass(frozen=True)
class Outcome:
    """What a system did with a case: the fact or ally it answered with (None = no answer)."""

    fact_id: str | None
    ally: str | None  # for an ally's topic list
    lang: Lang


System = Callable[[str], Outcome]
ConversationSystem = Callable[[list[str]], list[Outcome]]


@dataclass(frozen=True)
class Figures:
    per_category: dict[str, float]
    in_scope: float
    out_of_scope: float
    language: float
    errors: list[tuple[Case, Outcome]]


def is_correct(case: Case, outcome: Outcome, fact_ally: dict[str, str | None]) -> bool:
    if case.expect == "none":
        return outcome.fact_id is None and outcome.ally is None
    if case.expect.startswith("ally:"):
        slug = case.expect.removeprefix("ally:")
        return outcome.ally == slug or (outcome.fact_id is not None and fact_ally.get(outcome.fact_id) == slug)
    return outcome.fact_id == case.expect


def measure(system: System, cases: tuple[Case, ...] | list[Case], fact_ally: dict[str, str | None]) -> Figures:
    return _figures([(case, system(case.question)) for case in cases], fact_ally)


def measure_follow_ups(system: ConversationSystem, conversations: tuple[Conversation, ...],
                       fact_ally: dict[str, str | None]) -> tuple[float, float, list[tuple[Case, Outcome]]]:
    """Share of follow-up turns (after the first) answered right and in the right language; the misses."""
    done: list[tuple[Case, Outcome]] = []
    for conversation in conversations:
        outcomes = system([turn.question for turn in conversation.turns])
        done += list(zip(conversation.turns[1:], outcomes[1:], strict=True))
    right = [is_correct(case, outcome, fact_ally) for case, outcome in done]
    language = [outcome.lang == case.lang for case, outcome in done if case.expect != "none"]
    misses = [pair for pair, ok in zip(done, right, strict=True) if not ok]
    return _share(right), _share(language), misses


def _figures(done: list[tuple[Case, Outcome]], fact_ally: dict[str, str | None]) -> Figures:
    hits: dict[str, list[bool]] = defaultdict(list)
    language_hits: list[bool] = []
    errors = []
    for case, outcome in done:
        ok = is_correct(case, outcome, fact_ally)
        hits[case.category].append(ok)
        if not ok:
            errors.append((case, outcome))
        if case.expect != "none" and case.category != "bare_ally":
            language_hits.append(outcome.lang == case.lang)

    def share(categories: tuple[str, ...]) -> float:
        return _share([v for c in categories for v in hits.get(c, [])])

    return Figures(
        per_category={c: share((c,)) for c in (*IN_SCOPE, *OUT_OF_SCOPE) if c in hits},
        in_scope=share(IN_SCOPE),
        out_of_scope=share(OUT_OF_SCOPE),
        language=_share(language_hits),
        errors=errors,
    )


def _share(values: list[bool]) -> float:
    return 100 * sum(values) / max(len(values), 1)


def outcome_of(result: Match) -> Outcome:
    if result.kind == "answer" and result.entry:
        return Outcome(result.entry.id, None, result.lang)
    if result.kind == "ally":
        return Outcome(None, result.ally, result.lang)
    return Outcome(None, None, result.lang)


def ours(index: Index, threshold: float = ANSWER_THRESHOLD, *, meaning: bool = True, learned: bool = True) -> System:
    """The matcher as readers meet it: a first message of a chat (bot/context.py, which reads a few questions
    about one ally more plainly than the matcher alone), through the time-awareness step, so a question about
    a fact a newer one overtook counts the newer fact as the answer (see bot/timeline.py)."""

    def system(question: str) -> Outcome:
        understood, _ = understand_in_time(index, question, None, None, 0.0, threshold=threshold, meaning=meaning,
                                           learned=learned)
        return outcome_of(understood.match)

    return system


def ours_in_conversation(index: Index, *, memory: bool = True, learned: bool = True) -> ConversationSystem:
    """Turn by turn as a chat sees them (bot/context.py); without memory every turn stands alone; `learned`: whether
    the models learned from readers' questions revise the rules' readings."""

    def system(questions: list[str]) -> list[Outcome]:
        context: Context | None = None
        outcomes = []
        for turn, question in enumerate(questions):
            now = turn * TURN_SECONDS
            understood, _ = understand_in_time(index, question, None, context if memory else None, now,
                                               learned=learned)
            context = next_context(understood, context, now)
            outcomes.append(outcome_of(understood.match))
        return outcomes

    return system
