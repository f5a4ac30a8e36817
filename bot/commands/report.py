"""`allybot report`: the moderators' reports, read-only beside the running bot."""

from __future__ import annotations

import argparse

from bot.commands import load_or_fail
from bot.config import Settings
from bot.errors import CliError


def cmd_report(args: argparse.Namespace) -> int:
    """Moderator reports, the same text /unanswered, /feedback, /stale and /status send in Telegram.

    Example:
        allybot report unanswered --days 30
        allybot report status --png status.png
    """
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
