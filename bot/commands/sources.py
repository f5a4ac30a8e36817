"""`allybot source`: adding, removing and hashing the archived articles facts quote."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.commands import live_from_env, report_change
from bot.config import Settings
from bot.errors import CliError


def cmd_source_add(args: argparse.Namespace) -> int:
    """Archive an article from a web address or a saved .html/.txt file and register it in sources.yaml.

    Example:
        allybot source add https://www.dw.com/en/stand-by-me-vladimir-putins-remaining-allies/a-69428963
        allybot source add article.txt --url https://... --title ... --publisher DW --published 2024-06-20
    """
    from bot.sources import SourceDetails, add_source_from_file, add_source_from_url

    live = live_from_env()
    names = ("title", "publisher", "published", "language", "author", "url")
    details = SourceDetails(**{name: getattr(args, name) for name in names})
    path = Path(args.address)
    if path.is_file():  # a saved page or text; anything else is taken as a web address and checked as one
        result = add_source_from_file(live, path.name, path.read_bytes(), details)
    else:
        result = add_source_from_url(live, args.address, details)
    return report_change("source", result, path.name if path.is_file() else args.address)


def cmd_source_remove(args: argparse.Namespace) -> int:
    """Take a source out of sources.yaml again (refused while a fact quotes it); its archive stays.

    Example:
        allybot source remove dw-en-a-69428963
    """
    from bot.sources import remove_source

    return report_change("undo", remove_source(live_from_env(), args.source_id), args.source_id)


def cmd_source_hash(args: argparse.Namespace) -> int:
    """Print the sha256 of an archived text, for its `sha256:` in sources.yaml.

    Example:
        allybot source hash sources/dw-de-a-69442700.txt
    """
    from bot.knowledge.checksum import archive_sha256

    path: Path = args.file
    if not path.is_file():
        path = Settings.from_env().knowledge_dir / args.file
    try:
        print(archive_sha256(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"cannot read {args.file}: {exc}") from None
    return 0
