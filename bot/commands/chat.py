"""Talking to the bot from a terminal: `allybot run` (or the chat) and `allybot ask`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Iterable
from typing import Any

from bot.answers import source_json
from bot.commands import index_from_env
from bot.config import Settings
from bot.context import Context
from bot.conversation import Reply, answer_question
from bot.errors import CliError
from bot.matching import Index
from bot.terminal import plain_text, run_chat


def cmd_run(args: argparse.Namespace) -> int:
    """Start the Telegram bot; without TELEGRAM_BOT_TOKEN, `allybot` alone opens a chat in the terminal.

    Example:
        TELEGRAM_BOT_TOKEN=123456:ABC... allybot run
    """
    settings = Settings.from_env()
    if args.need_token and not settings.token:
        # A server (the Docker image's CMD) must not fall back to the terminal chat and exit 0 unseen.
        raise CliError("TELEGRAM_BOT_TOKEN is not set: `allybot run` needs the token from @BotFather "
                       "(`allybot` without a command is the terminal chat)")
    if settings.token:
        from bot.tg.run import run_bot  # imported here: the terminal chat must not need Telegram

        return run_bot(settings)
    run_chat(index_from_env(settings))
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one question, or one a line from stdin with '-', as a reader would be answered.

    Example:
        allybot ask "Liefert der Iran Drohnen?"
        allybot ask --json - < questions.txt
    """
    index = index_from_env()
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
