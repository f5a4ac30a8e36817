"""`allybot eval`: the development sets and the test set side by side, ablations, baselines, the dev sets' misses.

There can be several development sets (the original one, tuned on from the start, and a second one written
blind): the matcher is tuned on all of them together, so each gets its own column, threshold sweep and
misses. The threshold sweep and the misses are printed for development sets only: the test set's figures
are reported, never used to pick a threshold or a question variant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.evaluation.baselines import BM25_CUTOFFS, WRATIO_CUTOFFS, best_cutoff, bm25_baseline, wratio_baseline
from bot.evaluation.cases import IN_SCOPE, OUT_OF_SCOPE, EvalSet, load_eval_set, own_worded
from bot.evaluation.measure import Figures, measure, measure_follow_ups, ours, ours_in_conversation
from bot.matching import ANSWER_THRESHOLD, Index

COLUMN = 26
HEADLINES = (("IN-SCOPE TOP-1", "in_scope"), ("OUT-OF-SCOPE REJECTION", "out_of_scope"),
             ("ANSWER LANGUAGE", "language"))


@dataclass(frozen=True)
class SetResult:
    """Everything measured on one set."""

    eval_set: EvalSet
    ours: Figures
    without_meaning: Figures
    without_learned: Figures
    follow_ups: tuple[float, float]  # right, right language
    follow_ups_alone: float  # the same turns without conversation memory
    follow_ups_unlearned: float  # the same turns without the models learned from readers
    baselines: list[tuple[str, Figures]]


def run_evaluation(index: Index, dev: Path | Sequence[Path], test: Path | None = None, *,
                   baselines: bool = False, show_errors: int = 15) -> str:
    """The report `allybot eval` prints; `dev`: one development set or several, each its own column;
    `test` None or missing: the test set is not written yet."""
    devs = [dev] if isinstance(dev, Path) else list(dev)
    results = [_measure_set(index, load_eval_set(path), baselines) for path in devs]
    developing = len(results)
    if test is not None and test.is_file():
        results.append(_measure_set(index, load_eval_set(test), baselines))
    lines = [f"{'':28}" + "".join(f"{_title(r):>{COLUMN}}" for r in results)]
    if test is not None and len(results) == developing:
        lines.append(f"(no test set at {test} yet: only the development sets are measured)")
    lines.append("")
    categories = [c for c in (*IN_SCOPE, *OUT_OF_SCOPE) if any(c in r.ours.per_category for r in results)]
    for category in categories:
        lines.append(_row(category, [r.ours.per_category.get(category) for r in results]))
    lines.append("")
    for label, attr in HEADLINES:
        lines.append(_row(label, [_singles(r, getattr(r.ours, attr)) for r in results]))
    lines.append(_row("FOLLOW-UPS IN CONTEXT", [r.follow_ups[0] if r.eval_set.conversations else None
                                                for r in results]))
    lines.append(_row("FOLLOW-UP LANGUAGE", [r.follow_ups[1] if r.eval_set.conversations else None
                                             for r in results]))
    if len(results) > developing and results[-1].eval_set.questions:
        lines += _own_worded(index, results[-1].eval_set, [r.eval_set for r in results[:developing]], developing)
    lines += ["", "ablations (what each part adds):"]
    lines.append(_row("  no semantic: in-scope", [_singles(r, r.without_meaning.in_scope) for r in results]))
    lines.append(_row("  no semantic: out-of-scope", [_singles(r, r.without_meaning.out_of_scope) for r in results]))
    lines.append(_row("  no learned model: in-scope", [_singles(r, r.without_learned.in_scope) for r in results]))
    lines.append(_row("  no learned model: out-of-scope",
                      [_singles(r, r.without_learned.out_of_scope) for r in results]))
    lines.append(_row("  no learned model: follow-ups", [r.follow_ups_unlearned if r.eval_set.conversations else None
                                                         for r in results]))
    lines.append(_row("  no memory: follow-ups", [r.follow_ups_alone if r.eval_set.conversations else None
                                                  for r in results]))
    for position, (name, _) in enumerate(results[0].baselines):
        lines += ["", f"baseline {name}:"]
        for label, attr in HEADLINES:
            lines.append(_row(f"  {label.lower()}",
                              [_singles(r, getattr(r.baselines[position][1], attr)) for r in results]))
    for result in results[:developing]:
        if result.eval_set.questions:  # a set of conversations only has no threshold to sweep
            lines += _sweep(index, result)
    for result in results[:developing]:
        lines += _misses(result, show_errors)
    return "\n".join(lines)


def _measure_set(index: Index, eval_set: EvalSet, baselines: bool) -> SetResult:
    cases = eval_set.questions
    fact_ally = {e.id: e.ally for e in index.entries}
    right, language, _ = measure_follow_ups(ours_in_conversation(index), eval_set.conversations, fact_ally)
    alone, _, _ = measure_follow_ups(ours_in_conversation(index, memory=False), eval_set.conversations, fact_ally)
    unlearned, _, _ = measure_follow_ups(ours_in_conversation(index, learned=False), eval_set.conversations, fact_ally)
    compared: list[tuple[str, Figures]] = []
    if baselines:
        cutoff, figures = best_cutoff(wratio_baseline(index), WRATIO_CUTOFFS, cases, fact_ally)
        compared.append((f"WRatio extractOne (best cutoff {cutoff:g})", figures))
        cutoff, figures = best_cutoff(bm25_baseline(index), BM25_CUTOFFS, cases, fact_ally)
        compared.append((f"BM25 (best cutoff {cutoff:g})", figures))
    return SetResult(eval_set, measure(ours(index), cases, fact_ally),
                     measure(ours(index, meaning=False), cases, fact_ally),
                     measure(ours(index, learned=False), cases, fact_ally), (right, language), alone, unlearned,
                     compared)


def _own_worded(index: Index, test: EvalSet, devs: list[EvalSet], developing: int) -> list[str]:
    """The test set's figures without the questions a development set holds word for word: those were, in
    effect, tuned on."""
    own = own_worded(test, devs)
    figures = measure(ours(index), own, {e.id: e.ally for e in index.entries})
    blank: list[float | None] = [None] * developing
    return [f"test set without repeats of the development sets ({len(own)} of {len(test.questions)} questions):",
            _row("  in-scope top-1", [*blank, figures.in_scope]),
            _row("  out-of-scope rejection", [*blank, figures.out_of_scope])]


def _singles(result: SetResult, value: float) -> float | None:
    """A figure over single questions, or None ('-') for a set that has only conversations."""
    return value if result.eval_set.questions else None


def _title(result: SetResult) -> str:
    follow_ups = sum(len(c.turns) - 1 for c in result.eval_set.conversations)
    return f"{result.eval_set.name} ({len(result.eval_set.questions)}+{follow_ups})"


def _row(label: str, values: list[float | None]) -> str:
    cells = "".join(f"{'-':>{COLUMN}}" if value is None else f"{value:{COLUMN - 1}.1f}%" for value in values)
    return f"{label:28}{cells}"


def _sweep(index: Index, dev: SetResult) -> list[str]:
    fact_ally = {e.id: e.ally for e in index.entries}
    lines = ["", f"threshold sweep on {dev.eval_set.name} (ours): threshold -> in-scope / out-of-scope"]
    for threshold in range(30, 81, 5):
        figures = measure(ours(index, float(threshold)), dev.eval_set.questions, fact_ally)
        mark = "  <- chosen" if threshold == ANSWER_THRESHOLD else ""
        lines.append(f"  {threshold:3d} -> {figures.in_scope:5.1f}% / {figures.out_of_scope:5.1f}%{mark}")
    return lines


def _misses(dev: SetResult, show_errors: int) -> list[str]:
    errors = dev.ours.errors
    if not errors or not show_errors:
        return []
    lines = ["", f"first {min(show_errors, len(errors))} of {len(errors)} misses on {dev.eval_set.name} (ours):"]
    for case, outcome in errors[:show_errors]:
        got = outcome.fact_id or (f"ally:{outcome.ally}" if outcome.ally else "none")
        lines.append(f"  [{case.category}] {case.question[:70]!r}: expected {case.expect}, got {got}")
    return lines
