"""How far two labelers agree on one set, and how the bot does where they agree.

    uv run python scripts/label_agreement.py tests/eval/dev124.yaml tests/eval/dev124-second-labels.yaml

The test set's figures count a reply right when it is the fact its labeler chose. Where a second labeler, given the
same fact files and precedents and blind to the first, chooses another fact, the question has two defensible
answers, and no bot can score above the labelers' agreement on it. This measures that ceiling, and the bot's
figures on the messages both labelers label alike, so a shortfall can be told apart from label noise (README.md,
"How far two labelers agree"). The sets must hold the same messages in the same order.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.commands import index_from_env
from bot.evaluation.cases import IN_SCOPE, Case, load_eval_set
from bot.evaluation.measure import is_correct, ours, ours_in_conversation


def _share(part: int, whole: int) -> str:
    return f"{100 * part / max(whole, 1):.1f} % ({part}/{whole})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("first", type=Path, help="the set as measured (its labels are the test set's)")
    parser.add_argument("second", type=Path, help="the same messages labeled by a second labeler")
    args = parser.parse_args()
    first, second = load_eval_set(args.first), load_eval_set(args.second)
    singles = list(zip(first.questions, second.questions, strict=True))
    turns = [(a, b) for x, y in zip(first.conversations, second.conversations, strict=True)
             for a, b in zip(x.turns[1:], y.turns[1:], strict=True)]
    if any(a.question != b.question for a, b in [*singles, *turns]):
        sys.exit("the two sets do not hold the same messages in the same order")
    in_scope = [(a, b) for a, b in singles if a.category in IN_SCOPE]
    refused = [(a, b) for a, b in singles if a.category not in IN_SCOPE]
    print("labelers agree:")
    print(f"  in scope (the first's)    {_share(sum(a.expect == b.expect for a, b in in_scope), len(in_scope))}")
    print(f"  refused (the first's)     {_share(sum(b.expect == 'none' for _, b in refused), len(refused))}")
    print(f"  follow-ups                {_share(sum(a.expect == b.expect for a, b in turns), len(turns))}")

    index = index_from_env()
    fact_ally = {entry.id: entry.ally for entry in index.entries}
    ask = ours(index)
    talk = ours_in_conversation(index)
    answered: list[tuple[Case, Case, bool, bool]] = []
    for x, y in zip(first.conversations, second.conversations, strict=True):
        outcomes = talk([turn.question for turn in x.turns])[1:]
        answered += [(a, b, is_correct(a, o, fact_ally), is_correct(b, o, fact_ally))
                     for a, b, o in zip(x.turns[1:], y.turns[1:], outcomes, strict=True)]
    singles_answered = [(a, b, is_correct(a, reply, fact_ally), is_correct(b, reply, fact_ally))
                        for a, b in in_scope for reply in (ask(a.question),)]
    for title, rows in (("in scope", singles_answered), ("follow-ups", answered)):
        agreed = [row for row in rows if row[0].expect == row[1].expect]
        print(f"the bot, {title}:")
        print(f"  by the first's labels     {_share(sum(row[2] for row in rows), len(rows))}")
        print(f"  where the two agree       {_share(sum(row[2] for row in agreed), len(agreed))}")
        print(f"  by either's label         {_share(sum(row[2] or row[3] for row in rows), len(rows))}")

if __name__ == "__main__":
    main()
