"""The `allybot` command: parses arguments, calls the core, prints. No traceback reaches a user."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from bot.answers import source_json
from bot.config import ConfigError, Settings
from bot.conversation import Reply, answer_question
from bot.knowledge import KnowledgeBase, Lang, ValidationReport, load_knowledge
from bot.matching import Index, build_index

PROMPT = "? "


class CliError(Exception):
    """Shown as 'allybot: <message>' with exit status 1."""


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script and of `python -m bot`."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.func(args)
        return result
    except (CliError, ConfigError) as exc:
        print(f"allybot: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="allybot",
        description="Answers questions about Russia's remaining allies from a sourced fact base. "
        "Without a command: the Telegram bot if TELEGRAM_BOT_TOKEN is set, else a chat in the terminal.",
    )
    parser.set_defaults(func=cmd_run, need_token=False)
    sub = parser.add_subparsers(title="commands")

    run = sub.add_parser("run", help="the Telegram bot; refuses to start without TELEGRAM_BOT_TOKEN")
    run.set_defaults(func=cmd_run, need_token=True)

    ask = sub.add_parser("ask", help="answer one question, or one a line from stdin with '-'",
                         description='Example: allybot ask "Liefert der Iran Drohnen?"  |  allybot ask --json -')
    ask.add_argument("question", help="the question, or '-' to read one question a line from stdin")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument("--lang", choices=["de", "en"], help="the reader's language when the question's is unclear")
    ask.set_defaults(func=cmd_ask)

    check = sub.add_parser("check", help="validate the fact base and report every problem as FILE:LINE",
                           description="Example: allybot check knowledge/")
    check.add_argument("directory", nargs="?", type=Path, help="the knowledge folder (default: KNOWLEDGE_DIR)")
    check.set_defaults(func=cmd_check)

    evaluate = sub.add_parser("eval", help="measure the matcher on the evaluation set")
    evaluate.add_argument("--baselines", action="store_true", help="also measure WRatio and BM25 baselines")
    evaluate.add_argument("--file", type=Path, help="evaluation questions (default: tests/eval/questions.yaml)")
    evaluate.set_defaults(func=cmd_eval)

    report = sub.add_parser("report", help="moderator reports: unanswered, feedback, stale")
    report.add_argument("kind", choices=["unanswered", "feedback", "stale"])
    report.add_argument("--days", type=int, default=7, help="look back this many days (default 7)")
    report.set_defaults(func=cmd_report)

    schema = sub.add_parser("schema", help="regenerate knowledge/schema/*.json from the models")
    schema.set_defaults(func=cmd_schema)
    return parser


def load_or_fail(directory: Path) -> KnowledgeBase:
    """The fact base, or a CliError listing every problem (the same messages as `allybot check`)."""
    result = load_knowledge(directory)
    if isinstance(result, ValidationReport):
        raise CliError(f"the fact base in {directory} has {len(result)} problem(s):\n{result.render()}")
    return result


def _index(settings: Settings | None = None) -> Index:
    settings = settings or Settings.from_env()
    return build_index(load_or_fail(settings.knowledge_dir))


def cmd_run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if args.need_token and not settings.token:
        # A server (the Docker image's CMD) must not fall back to the terminal chat and exit 0 unseen.
        raise CliError("TELEGRAM_BOT_TOKEN is not set: `allybot run` needs the token from @BotFather "
                       "(`allybot` without a command is the terminal chat)")
    if settings.token:
        from bot.tg.app import run_bot  # imported here: the terminal chat must not need Telegram

        return run_bot(settings)
    index = _index(settings)
    interactive = sys.stdin.isatty()
    if interactive:
        print(f"allybot – {index.kb.summary()}. Frage stellen, Ctrl-D beendet. / Ask a question, Ctrl-D quits.")
    chat(index, sys.stdin, sys.stdout, prompt=PROMPT if interactive else "")
    return 0


def chat(index: Index, lines: Iterable[str], out: TextIO, *, prompt: str = "", lang: Lang | None = None) -> None:
    """The terminal chat: one question a line, each answered in plain text."""
    if prompt:
        print(prompt, end="", file=out, flush=True)
    previous: str | None = None  # the fact answered last, for "Und im Juni 2024?"
    for line in lines:
        question = line.rstrip("\n")
        if question.strip():
            reply = answer_question(index, question, lang, dt.date.today(), previous)
            previous = reply.entry.id if reply.entry else previous
            print(reply.text, file=out)
            print(file=out, flush=True)
        if prompt:
            print(prompt, end="", file=out, flush=True)


def cmd_ask(args: argparse.Namespace) -> int:
    index = _index()
    questions: Iterable[str] = (
        (line.rstrip("\r\n") for line in sys.stdin) if args.question == "-" else [args.question]
    )
    today = dt.date.today()
    for question in questions:
        reply = answer_question(index, question, args.lang, today)
        if args.json:
            print(json.dumps(reply_json(reply, index), ensure_ascii=False), flush=True)
        else:
            print(reply.text, end="\n\n" if args.question == "-" else "\n", flush=True)
    return 0


def reply_json(reply: Reply, index: Index) -> dict[str, Any]:
    """The JSON contract of `allybot ask --json` (other tools depend on these exact fields)."""
    result = reply.match
    assert result is not None
    entry = result.entry if result.kind == "answer" else None
    answer = entry.fact.answer.get(reply.lang) if entry else (reply.text if result.kind == "ally" else None)
    return {
        "query": result.query,
        "answered": result.answered,
        "ally": result.ally if result.answered else None,
        "fact_id": entry.id if entry else None,
        "score": round(max(0.0, min(100.0, result.score)), 1),
        "lang": reply.lang,
        "answer": answer,
        "source": source_json(entry) if entry else None,
        "suggestions": [
            {"fact_id": s.id, "ally": s.ally, "question": s.fact.questions.get(reply.lang)[0]}
            for s in result.suggestions
        ],
    }


def cmd_check(args: argparse.Namespace) -> int:
    directory = args.directory or Settings.from_env().knowledge_dir
    result = load_knowledge(directory)
    if isinstance(result, ValidationReport):
        print(result.render())
        print(f"{len(result)} problem(s) in {directory}", file=sys.stderr)
        return 1
    print(f"ok: {result.summary()}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from bot.evaluation import default_eval_file, run_evaluation

    print(run_evaluation(_index(), args.file or default_eval_file(), baselines=args.baselines))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from bot.moderation.reports import print_report

    settings = Settings.from_env()
    print(print_report(args.kind, settings, load_or_fail(settings.knowledge_dir), days=args.days))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from bot.knowledge.schema import write_schemas

    for path in write_schemas(Settings.from_env().knowledge_dir / "schema"):
        print(f"wrote {path}")
    return 0
