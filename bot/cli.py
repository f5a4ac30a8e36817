"""The `allybot` command: parses arguments, calls the core, prints. No traceback reaches a user."""

from __future__ import annotations

import argparse
import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from bot.commands.chat import cmd_ask, cmd_run
from bot.commands.facts import cmd_check, cmd_eval, cmd_review, cmd_schema, cmd_teach
from bot.commands.report import cmd_report
from bot.commands.sources import cmd_source_add, cmd_source_hash, cmd_source_remove
from bot.errors import AllybotError
from bot.moderation.reports import DEFAULT_DAYS, MAX_DAYS, REPORT_KINDS

DEV_SETS = [Path("tests/eval/dev.yaml"), *(Path(f"tests/eval/dev{n}.yaml") for n in range(2, 126))]
"""`allybot eval`'s development sets: the original one and one hundred and twenty-four written blind (the fourth only
conversations, the third, fifth, sixth, seventh and ninth to hundred-and-twenty-fifth earlier test sets, the eighth
weighted to questions beside the facts)."""

if TYPE_CHECKING:  # argparse names no public type for it, and it is not subscriptable at run time
    Subcommands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]
Command = Callable[[argparse.Namespace], int]


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script and of `python -m bot`."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.func(args)
        return result
    except AllybotError as exc:  # refusals are one line; only a bug shows a traceback
        print(f"allybot: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _command(sub: Subcommands, name: str, func: Command,
             help: str) -> argparse.ArgumentParser:
    """A subcommand whose --help is the docstring of the function that does it, example included."""
    parser = sub.add_parser(name, help=help, description=inspect.getdoc(func),
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(func=func)
    return parser


def _days(text: str) -> int:
    """--days as /unanswered and /feedback take it: a whole number from 1 to MAX_DAYS."""
    if not text.isdigit() or not 1 <= int(text) <= MAX_DAYS:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days from 1 to {MAX_DAYS}")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="allybot",
        description="Answers questions about Russia's remaining allies from a sourced fact base. "
        "Without a command: the Telegram bot if TELEGRAM_BOT_TOKEN is set, else a chat in the terminal.",
    )
    parser.set_defaults(func=cmd_run, need_token=False)
    sub = parser.add_subparsers(title="commands")

    run = _command(sub, "run", cmd_run, help="the Telegram bot; refuses to start without TELEGRAM_BOT_TOKEN")
    run.set_defaults(need_token=True)
    _reader_commands(sub)
    _moderator_commands(sub)
    _source_commands(sub)
    _command(sub, "schema", cmd_schema, help="regenerate knowledge/schema/*.json from the models")
    return parser


def _reader_commands(sub: Subcommands) -> None:
    """ask, check and eval: what readers get, and how well."""
    ask = _command(sub, "ask", cmd_ask, help="answer one question, or one a line from stdin with '-'")
    ask.add_argument("question", help="the question, or '-' to read one question a line from stdin")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument("--lang", choices=["de", "en"], help="the reader's language when the question's is unclear")
    ask.add_argument("--chat", action="store_true",
                     help="with '-': the lines are one conversation (follow-ups like 'und Nordkorea?' build on "
                     "the last answer); an empty line starts a new one")

    check = _command(sub, "check", cmd_check, help="validate the fact base and report every problem as FILE:LINE")
    check.add_argument("directory", nargs="?", type=Path, help="the knowledge folder (default: KNOWLEDGE_DIR)")

    evaluate = _command(sub, "eval", cmd_eval,
                        help="measure the matcher on the development and the test set, side by side")
    evaluate.add_argument("--baselines", action="store_true", help="also measure WRatio and BM25 baselines")
    evaluate.add_argument("--dev", type=Path, nargs="+", default=DEV_SETS, metavar="FILE",
                          help="the development sets, tuned on, one column each "
                          "(default: tests/eval/dev.yaml to dev125.yaml)")
    evaluate.add_argument("--test", type=Path, default=Path("tests/eval/test.yaml"),
                          help="the test set, never tuned on (default: tests/eval/test.yaml, when present)")


def _moderator_commands(sub: Subcommands) -> None:
    """report, teach and review: the moderators' work from a terminal, as in Telegram."""
    report = _command(sub, "report", cmd_report, help="moderator reports: unanswered, feedback, stale, status")
    report.add_argument("kind", choices=[*REPORT_KINDS, "status"])
    defaults = ", ".join(f"{kind} {days}" for kind, days in DEFAULT_DAYS.items())
    report.add_argument("--days", type=_days,
                        help=f"look back this many days, 1 to {MAX_DAYS} (default, as in Telegram: {defaults})")
    report.add_argument("--png", type=Path, help="status only: also write the 30-day chart /status sends, as PNG")

    teach = _command(sub, "teach", cmd_teach,
                     help="add a reader's question as a variant of a fact, as a tap in /unanswered does")
    teach.add_argument("fact_id")
    teach.add_argument("question")
    teach.add_argument("--lang", choices=["de", "en"], help="the question's language (default: recognised)")

    review = _command(sub, "review", cmd_review,
                      help="review a fact as the /stale buttons do: still true, retire, replaced by")
    review.add_argument("fact_id")
    what = review.add_mutually_exclusive_group(required=True)
    what.add_argument("--still-true", action="store_true", help="checked today: sets reviewed_on and review_after")
    what.add_argument("--retire", action="store_true", help="keep it in its file, never answer it")
    what.add_argument("--unretire", action="store_true", help="answer a retired fact again")
    what.add_argument("--replaced-by", metavar="NEWER_ID", help="the newer fact that overtakes it (superseded_by)")


def _source_commands(sub: Subcommands) -> None:
    """source add|remove|hash: the articles facts may quote."""
    source = sub.add_parser("source", help="add a source from a web address or file, remove one, print a hash")
    source_sub = source.add_subparsers(title="source commands", required=True)
    add = _command(source_sub, "add", cmd_source_add,
                   help="archive an article from a web address or a saved .html/.txt file and register it")
    add.add_argument("address", help="the article's web address (http/https), or a .html or .txt file")
    for name, example in (("title", "the article's headline"), ("publisher", "e.g. DW"),
                          ("published", "YYYY-MM-DD, or YYYY-MM"), ("language", "de or en"),
                          ("author", "as the article names it"), ("url", "the article's address (for a file)")):
        add.add_argument(f"--{name}", help=f"when the page does not say or says it wrong: {example}")
    remove = _command(source_sub, "remove", cmd_source_remove,
                      help="take a source out again (refused while a fact quotes it)")
    remove.add_argument("source_id")
    digest = _command(source_sub, "hash", cmd_source_hash,
                      help="print the sha256 of an archived text, for sources.yaml")
    digest.add_argument("file", type=Path, help="the archive, relative to the knowledge folder or as a path")


