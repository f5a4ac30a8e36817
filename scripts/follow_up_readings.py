"""How far choosing among the conversation rules' readings of a follow-up can take the follow-up figure.

    uv run python scripts/follow_up_readings.py              # the ceiling: the rules against a perfect chooser
    uv run --with scikit-learn python scripts/follow_up_readings.py --learned   # a chooser learned from the readings

For every follow-up turn of the development sets, the readings bot/context.py picks from are worked out: the
rules' own answer, the question alone, the question about the conversation's ally (and that ally's best fact), the
last answer again, the ally's topic list, no answer. The ceiling is the share of turns one of them answers right.
`--learned` trains a chooser on signals of those readings (scores, kinds, the words that ask when, why or what,
each candidate's cosine to the question, and their products with the kind of reading) on five sixths of the sets
and measures it on the sixth left out, six times (README.md, "Why the follow-ups stay under 90 %").
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.cli import DEV_SETS  # noqa: E402
from bot.context import Context, next_context, understand  # noqa: E402
from bot.evaluation.cases import load_eval_set  # noqa: E402
from bot.evaluation.measure import TURN_SECONDS, Outcome, is_correct, outcome_of  # noqa: E402
from bot.follow_up_words import WHY, asks_evidence, asks_for_source, asks_nothing_new, points_back  # noqa: E402
from bot.knowledge import DEFAULT_KNOWLEDGE_DIR, ValidationReport, load_knowledge  # noqa: E402
from bot.matching import Index, Match, build_index, match  # noqa: E402
from bot.matching.lexicon import STOP_WORDS  # noqa: E402
from bot.matching.normalize import words  # noqa: E402
from bot.matching.rank import asks_for  # noqa: E402
from bot.timeline import in_time, read_time  # noqa: E402

READINGS = ("rules", "alone", "none", "assumed", "topics", "own", "last")
KINDS = ("answer", "none", "ally", "small_talk")
ASKED = (None, "time", "day", "count", "quantity", "so far", "items", "duration", "future")


@dataclass
class Turn:
    """One follow-up turn: its set, per distinct candidate answer the readings giving it and its signals, and
    whether each candidate and the rules' own answer are right."""

    set_name: str
    rows: list[list[float]]
    right: list[bool]
    rules_right: bool


def _onehot(value: object, values: tuple[object, ...]) -> list[float]:
    return [1.0 if value == v else 0.0 for v in values]


def _kind(result: Match | None) -> list[float]:
    return [result.score / 100, *_onehot(result.kind, KINDS)] if result else [0.0] * 5


def turns(index: Index) -> list[Turn]:
    fact_ally = {entry.id: entry.ally for entry in index.entries}
    found: list[Turn] = []
    for path in DEV_SETS:
        for conversation in load_eval_set(ROOT / path).conversations:
            context: Context | None = None
            for number, case in enumerate(conversation.turns):
                now, asked = number * TURN_SECONDS, read_time(case.question)
                understood = understand(index, asked.rest, None, context, now, when=asked.when)
                understood = replace(understood, match=in_time(index.kb, understood.match, asked,
                                                               context.fact_id if context else None))
                if number and context is not None:
                    found.append(_turn(index, path.stem, asked.rest, understood.match, context, case, fact_ally))
                context = next_context(understood, context, now)
    return found


def _turn(index: Index, set_name: str, question: str, rules: Match, context: Context, case: object,
          fact_ally: dict[str, str | None]) -> Turn:
    ours, alone = outcome_of(rules), match(index, question)
    candidates: dict[tuple[str | None, str | None], set[str]] = {}

    def add(reading: str, outcome: Outcome) -> None:
        candidates.setdefault((outcome.fact_id, outcome.ally), set()).add(reading)

    add("rules", ours)
    add("alone", outcome_of(alone))
    add("none", Outcome(None, None, ours.lang))
    assumed = match(index, question, assume_ally=context.ally) if context.ally else None
    if assumed is not None and context.ally is not None:
        add("assumed", outcome_of(assumed))
        add("topics", Outcome(None, context.ally, ours.lang))
        own = next((entry.id for entry, _ in assumed.ranked if entry.ally == context.ally), None)
        if own is not None:
            add("own", Outcome(own, None, ours.lang))
    if context.fact_id:
        add("last", Outcome(context.fact_id, None, ours.lang))
    folded = words(question)
    content = [word for word in folded if word not in STOP_WORDS]
    named = index.allies.find(folded)
    signals = [*_kind(alone), *_kind(assumed), *_onehot(rules.kind, KINDS), min(len(content), 8) / 8,
               float(len(content) <= 2), float(not WHY.isdisjoint(folded)), float(points_back(question)),
               *_onehot(asks_for(folded), ASKED), float(asks_nothing_new(folded, frozenset())),
               float(asks_evidence(folded)), float(asks_for_source(folded)), float(bool(named)),
               float(any(m.ally == context.ally for m in named)), float(context.fact_id is not None),
               float(context.ally is not None), float(alone.small_talk is not None)]
    rows, right = [], []
    for (fact_id, ally), readings in candidates.items():
        cosine = index.meaning.similarity(question, [index.positions[fact_id]])[0] if fact_id else 0.0
        reading = [float(name in readings) for name in READINGS]
        row = [*reading, cosine, float(fact_id is not None and fact_ally.get(fact_id) == context.ally),
               float(fact_id is not None and fact_id == context.fact_id), *signals]
        rows.append(row + [r * s for r in reading for s in signals])
        right.append(is_correct(case, Outcome(fact_id, ally, ours.lang), fact_ally))  # type: ignore[arg-type]
    return Turn(set_name, rows, right, is_correct(case, ours, fact_ally))  # type: ignore[arg-type]


def learned(found: list[Turn], folds: int = 6) -> float:
    """The share of turns a logistic regression trained on the other sets picks a right reading for."""
    from sklearn.linear_model import LogisticRegression  # optional: `uv run --with scikit-learn`

    sets = sorted({turn.set_name for turn in found})
    right = 0
    for fold in range(folds):
        held = set(sets[fold::folds])
        train = [turn for turn in found if turn.set_name not in held]
        model = LogisticRegression(max_iter=3000).fit([row for turn in train for row in turn.rows],
                                                      [ok for turn in train for ok in turn.right])
        for turn in (turn for turn in found if turn.set_name in held):
            chances = model.predict_proba(turn.rows)[:, 1]
            right += turn.right[max(range(len(chances)), key=lambda n: chances[n])]
    return 100 * right / len(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learned", action="store_true", help="also a learned chooser (needs scikit-learn)")
    args = parser.parse_args(argv)
    kb = load_knowledge(DEFAULT_KNOWLEDGE_DIR)
    if isinstance(kb, ValidationReport):
        print(kb.render(), file=sys.stderr)
        return 1
    found = turns(build_index(kb))
    print(f"follow-up turns of the development sets: {len(found)}")
    print(f"  the rules:                         {100 * sum(t.rules_right for t in found) / len(found):.1f} %")
    print(f"  a chooser that always picks right: {100 * sum(any(t.right) for t in found) / len(found):.1f} %")
    if args.learned:
        print(f"  a chooser learned on other sets:   {learned(found):.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
