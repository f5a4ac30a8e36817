"""What each `allybot` subcommand does; `bot.cli` only parses the arguments and maps errors to one line.

Each command's docstring is its `--help` text, with an example, so help and code cannot drift apart.
"""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings
from bot.errors import CliError
from bot.factbase.live import LiveKnowledge
from bot.factbase.upload import UploadResult
from bot.knowledge import KnowledgeBase, ValidationReport, load_knowledge
from bot.matching import Index, build_index

"""The moderator id audited for changes made with `allybot` in a terminal (Telegram ids are never 0)."""


def load_or_fail(directory: Path) -> KnowledgeBase:
    """The fact base, or a CliError listing every problem (the same messages as `allybot check`)."""
    result = load_knowledge(directory)
    if isinstance(result, ValidationReport):
        raise CliError(f"the fact base in {directory} has {len(result)} problem(s):\n{result.render()}")
    return result


def index_from_env(settings: Settings | None = None) -> Index:
    """The matcher over the fact base in KNOWLEDGE_DIR, or a CliError with every problem in it."""
    settings = settings or Settings.from_env()
    return build_index(load_or_fail(settings.knowledge_dir))


def live_from_env() -> LiveKnowledge:
    """The fact base as the bot serves it, for commands that change it; refused while it has problems."""
    directory = Settings.from_env().knowledge_dir
    live = LiveKnowledge.load(directory)
    if isinstance(live, ValidationReport):
        raise CliError(f"the fact base in {directory} has {len(live)} problem(s); fix them first "
                       f"(see `allybot check`):\n{live.render()}")
    return live


def print_change(result: UploadResult) -> None:
    """Print what changed, or fail with why nothing did (the same words a moderator gets in Telegram)."""
    if not result.ok:
        raise CliError(f"nothing changed: {result.message}")
    print(result.message)


def report_change(action: str, result: UploadResult, detail: str) -> int:
    """Print the change, or fail with why nothing changed; a change is audited as moderator TERMINAL."""
    print_change(result)
    if result.version_before != result.version_after:
        from bot.store import TERMINAL, Store

        store = Store.open(Settings.from_env().data_dir)
        store.audit(TERMINAL, action, f"{detail} ({result.path})", result.version_before, result.version_after)
        store.close()
    return 0
