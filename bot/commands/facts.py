"""Checking, measuring and changing the fact base from a terminal, as moderators do in Telegram."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from bot.commands import index_from_env, live_from_env, report_change
from bot.config import Settings
from bot.errors import CliError
from bot.knowledge import ValidationReport, load_knowledge


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the fact base and report every problem as FILE:LINE: what (fix); exit 1 if there is one.

    Example:
        allybot check knowledge/
    """
    directory = args.directory or Settings.from_env().knowledge_dir
    result = load_knowledge(directory)
    if isinstance(result, ValidationReport):
        print(result.render())
        print(f"{len(result)} problem(s) in {directory}", file=sys.stderr)
        return 1
    print(f"ok: {result.summary()}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Measure the matcher on the development and the test set, side by side (run in a checkout).

    Example:
        allybot eval --baselines
        allybot eval --dev tests/eval/dev2.yaml --test /dev/null
    """
    from bot.evaluation import EvalError, run_evaluation

    for dev in args.dev:
        if not dev.is_file():
            raise CliError(f"no development set at {dev}: run from a checkout of allybot or pass --dev")
    try:
        print(run_evaluation(index_from_env(), args.dev, args.test, baselines=args.baselines))
    except EvalError as exc:
        raise CliError(str(exc)) from None
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Regenerate knowledge/schema/*.json from the models, for editors' YAML autocompletion.

    Example:
        allybot schema
    """
    from bot.knowledge.schema import write_schemas

    for path in write_schemas(Settings.from_env().knowledge_dir / "schema"):
        print(f"wrote {path}")
    return 0


def cmd_teach(args: argparse.Namespace) -> int:
    """Add a reader's question as a variant of a fact, as a tap in /unanswered does; prints what changed.

    Example:
        allybot teach china-trade-partner "Kauft China russisches Öl?"
    """
    from bot.factbase.review import teach

    change = teach(live_from_env(), args.fact_id, args.question, args.lang)
    return report_change("teach", change.result, f"{args.fact_id}: +{change.lang} {change.question!r}")


def cmd_review(args: argparse.Namespace) -> int:
    """Review a fact as the buttons of /stale do: still true, retire, unretire or replaced by a newer one.

    Example:
        allybot review iran-drones-ammunition --still-true
        allybot review syria-assad-dependence --replaced-by syria-after-assad
    """
    from bot.factbase import review

    live = live_from_env()
    if args.still_true:
        change, action = review.confirm(live, args.fact_id, dt.date.today()), "still-true"
    elif args.retire:
        change, action = review.retire(live, args.fact_id), "retire"
    elif args.unretire:
        change, action = review.unretire(live, args.fact_id), "unretire"
    else:
        change, action = review.supersede(live, args.fact_id, args.replaced_by), "supersede"
    return report_change(action, change.result, args.fact_id)
