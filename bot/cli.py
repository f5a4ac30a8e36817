"""The `allybot` command: parses arguments, calls the core, prints. No traceback reaches a user."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bot.answers import source_json
from bot.config import Settings
from bot.context import Context
from bot.conversation import Reply, answer_question
from bot.errors import AllybotError, CliError
from bot.knowledge import KnowledgeBase, ValidationReport, load_knowledge
from bot.live import LiveKnowledge
from bot.matching import Index, build_index
from bot.terminal import plain_text, run_chat

TERMINAL = 0
"""The moderator id audited for changes made with `allybot` in a terminal (Telegram ids are never 0)."""


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
    ask.add_argument("--chat", action="store_true",
                     help="with '-': the lines are one conversation (follow-ups like 'und Nordkorea?' build on "
                     "the last answer); an empty line starts a new one")
    ask.set_defaults(func=cmd_ask)

    check = sub.add_parser("check", help="validate the fact base and report every problem as FILE:LINE",
                           description="Example: allybot check knowledge/")
    check.add_argument("directory", nargs="?", type=Path, help="the knowledge folder (default: KNOWLEDGE_DIR)")
    check.set_defaults(func=cmd_check)

    evaluate = sub.add_parser(
        "eval", help="measure the matcher on the development and the test set, side by side",
        description="Example: allybot eval --baselines  (run in a checkout: the sets live in tests/eval/)")
    evaluate.add_argument("--baselines", action="store_true", help="also measure WRatio and BM25 baselines")
    evaluate.add_argument("--dev", type=Path, default=Path("tests/eval/dev.yaml"),
                          help="the development set, tuned on (default: tests/eval/dev.yaml)")
    evaluate.add_argument("--test", type=Path, default=Path("tests/eval/test.yaml"),
                          help="the test set, never tuned on (default: tests/eval/test.yaml, when present)")
    evaluate.set_defaults(func=cmd_eval)

    report = sub.add_parser("report", help="moderator reports: unanswered, feedback, stale, status",
                            description="Example: allybot report unanswered --days 30  |  "
                            "allybot report status --png status.png")
    report.add_argument("kind", choices=["unanswered", "feedback", "stale", "status"])
    report.add_argument("--days", type=int, default=7, help="look back this many days (default 7)")
    report.add_argument("--png", type=Path, help="status only: also write the 30-day chart /status sends, as PNG")
    report.set_defaults(func=cmd_report)

    teach = sub.add_parser("teach", help="add a reader's question as a variant of a fact, as a tap in /unanswered does",
                           description='Example: allybot teach china-trade-partner "Kauft China russisches Öl?"')
    teach.add_argument("fact_id")
    teach.add_argument("question")
    teach.add_argument("--lang", choices=["de", "en"], help="the question's language (default: recognised)")
    teach.set_defaults(func=cmd_teach)

    review = sub.add_parser("review", help="review a fact as the /stale buttons do: still true, retire, replaced by",
                            description="Example: allybot review iran-drones-ammunition --still-true  |  "
                            "allybot review syria-assad-dependence --replaced-by syria-after-assad")
    review.add_argument("fact_id")
    what = review.add_mutually_exclusive_group(required=True)
    what.add_argument("--still-true", action="store_true", help="checked today: sets reviewed_on and review_after")
    what.add_argument("--retire", action="store_true", help="keep it in its file, never answer it")
    what.add_argument("--unretire", action="store_true", help="answer a retired fact again")
    what.add_argument("--replaced-by", metavar="NEWER_ID", help="the newer fact that overtakes it (superseded_by)")
    review.set_defaults(func=cmd_review)

    source = sub.add_parser("source", help="add a source from a web address or file, remove one, print a hash")
    source_sub = source.add_subparsers(title="source commands", required=True)
    add = source_sub.add_parser(
        "add", help="archive an article from a web address or a saved .html/.txt file and register it",
        description="Example: allybot source add https://www.dw.com/en/stand-by-me-vladimir-putins-remaining-allies/"
        "a-69428963  |  allybot source add article.txt --url https://... --title ... --publisher DW "
        "--published 2024-06-20")
    add.add_argument("address", help="the article's web address (http/https), or a .html or .txt file")
    for name, example in (("title", "the article's headline"), ("publisher", "e.g. DW"),
                          ("published", "YYYY-MM-DD, or YYYY-MM"), ("language", "de or en"),
                          ("author", "as the article names it"), ("url", "the article's address (for a file)")):
        add.add_argument(f"--{name}", help=f"when the page does not say or says it wrong: {example}")
    add.set_defaults(func=cmd_source_add)
    remove = source_sub.add_parser("remove", help="take a source out again (refused while a fact quotes it)")
    remove.add_argument("source_id")
    remove.set_defaults(func=cmd_source_remove)
    digest = source_sub.add_parser("hash", help="print the sha256 of an archived text, for sources.yaml",
                                   description="Example: allybot source hash sources/dw-de-a-69442700.txt")
    digest.add_argument("file", type=Path, help="the archive, relative to the knowledge folder or as a path")
    digest.set_defaults(func=cmd_source_hash)

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
        from bot.tg.run import run_bot  # imported here: the terminal chat must not need Telegram

        return run_bot(settings)
    run_chat(_index(settings))
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    index = _index()
    questions: Iterable[str] = (
        (line.rstrip("\r\n") for line in sys.stdin) if args.question == "-" else [args.question]
    )
    today = dt.date.today()
    context: Context | None = None
    for question in questions:
        if args.chat and not question.strip():
            context = None  # an empty line starts a new conversation
            continue
        reply = answer_question(index, question, args.lang, today, context=context, now=time.monotonic())
        if args.chat:
            context = reply.context
        if args.json:
            print(json.dumps(reply_json(reply, index, today), ensure_ascii=False), flush=True)
        else:
            print(plain_text(reply), end="\n\n" if args.question == "-" else "\n", flush=True)
    return 0


def reply_json(reply: Reply, index: Index, today: dt.date | None = None) -> dict[str, Any]:
    """The JSON contract of `allybot ask --json` (other tools depend on these exact fields)."""
    result = reply.match
    assert result is not None
    entry = result.entry if result.kind == "answer" else None
    answer = entry.fact.answer.get(reply.lang) if entry else (plain_text(reply) if result.kind == "ally" else None)
    return {
        "query": result.query,
        "answered": result.answered,
        "ally": result.ally if result.answered else None,
        "fact_id": entry.id if entry else None,
        "score": round(max(0.0, min(100.0, result.score)), 1),
        "lang": reply.lang,
        "answer": answer,
        "as_of": entry.fact.as_of.isoformat() if entry else None,
        "stale": entry.is_stale(today or dt.date.today()) if entry else False,
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
    from bot.evaluation import EvalError, run_evaluation

    if not args.dev.is_file():
        raise CliError(f"no development set at {args.dev}: run from a checkout of allybot or pass --dev")
    try:
        print(run_evaluation(_index(), args.dev, args.test, baselines=args.baselines))
    except EvalError as exc:
        raise CliError(str(exc)) from None
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from bot.moderation.reports import print_report, print_status

    settings = Settings.from_env()
    kb = load_or_fail(settings.knowledge_dir)
    if args.kind == "status":
        text, png = print_status(settings, kb, chart=args.png is not None)
        if args.png is not None and png is not None:
            try:
                args.png.write_bytes(png)
            except OSError as exc:
                raise CliError(f"cannot write {args.png}: {exc.strerror}") from None
            text += f"\nChart written to {args.png}."
        print(text)
        return 0
    if args.png is not None:
        raise CliError("--png goes with `allybot report status`")
    print(print_report(args.kind, settings, kb, days=args.days))
    return 0


def cmd_teach(args: argparse.Namespace) -> int:
    """Teaches a question as a tap in /unanswered does; prints what changed."""
    from bot.moderation.review import teach

    change = teach(_live(), args.fact_id, args.question, args.lang)
    return _report_change("teach", change.result, f"{args.fact_id}: +{change.lang} {change.question!r}")


def cmd_review(args: argparse.Namespace) -> int:
    """Reviews a fact as the buttons of /stale do; prints what changed."""
    from bot.moderation import review

    live = _live()
    if args.still_true:
        change, action = review.confirm(live, args.fact_id, dt.date.today()), "still-true"
    elif args.retire:
        change, action = review.retire(live, args.fact_id), "retire"
    elif args.unretire:
        change, action = review.unretire(live, args.fact_id), "unretire"
    else:
        change, action = review.supersede(live, args.fact_id, args.replaced_by), "supersede"
    return _report_change(action, change.result, args.fact_id)


def _report_change(action: str, result: Any, detail: str) -> int:
    """Print the change, or fail with why nothing changed; a change is audited as moderator 0 (the terminal)."""
    if not result.ok:
        raise CliError(f"nothing changed: {result.message}")
    print(result.message)
    if result.version_before != result.version_after:
        from bot.store import Store

        store = Store.open(Settings.from_env().data_dir)
        store.audit(TERMINAL, action, f"{detail} ({result.path})", result.version_before, result.version_after)
        store.close()
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from bot.knowledge.schema import write_schemas

    for path in write_schemas(Settings.from_env().knowledge_dir / "schema"):
        print(f"wrote {path}")
    return 0


def cmd_source_add(args: argparse.Namespace) -> int:
    """Adds a source as a moderator's message in Telegram does; prints the same reply."""
    from bot.sources import SourceDetails, add_source_from_file, add_source_from_url

    live = _live()
    names = ("title", "publisher", "published", "language", "author", "url")
    details = SourceDetails(**{name: getattr(args, name) for name in names})
    path = Path(args.address)
    if path.is_file():  # a saved page or text; anything else is taken as a web address and checked as one
        result = add_source_from_file(live, path.name, path.read_bytes(), details)
    else:
        result = add_source_from_url(live, args.address, details)
    if not result.ok:
        raise CliError(f"nothing changed: {result.message}")
    print(result.message)
    return 0


def cmd_source_remove(args: argparse.Namespace) -> int:
    from bot.sources import remove_source

    result = remove_source(_live(), args.source_id)
    if not result.ok:
        raise CliError(f"nothing changed: {result.message}")
    print(result.message)
    return 0


def cmd_source_hash(args: argparse.Namespace) -> int:
    from bot.knowledge.checksum import archive_sha256

    path: Path = args.file
    if not path.is_file():
        path = Settings.from_env().knowledge_dir / args.file
    try:
        print(archive_sha256(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"cannot read {args.file}: {exc}") from None
    return 0


def _live() -> LiveKnowledge:
    directory = Settings.from_env().knowledge_dir
    live = LiveKnowledge.load(directory)
    if isinstance(live, ValidationReport):
        raise CliError(f"the fact base in {directory} has {len(live)} problem(s); fix them first "
                       f"(see `allybot check`):\n{live.render()}")
    return live
