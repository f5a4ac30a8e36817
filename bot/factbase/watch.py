"""Reload the fact base when an editor saves a file, so a fix is live without restarting the bot.

A save that breaks the fact base is reported and changes nothing: `LiveKnowledge.reload` keeps the
last good index. The moderators hear about every attempt through `on_result`.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

from watchfiles import Change, awatch

from bot.factbase.live import LiveKnowledge, ReloadResult
from bot.factbase.upload import HISTORY_DIR

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300  # an editor's save is often several events (temp file, rename, chmod): reload once
WATCHED_SUFFIXES = {".yaml", ".yml", ".txt"}  # fact files and the archived source texts quotes are checked against
_EDITOR_LEFTOVERS = re.compile(r"^[.#~]|~$|\.sw.$|\.tmp$|^4913$")  # hidden/temp files, vim swap and probe files


def is_fact_base_change(directory: Path, path: str) -> bool:
    """True for a change that can alter the fact base; not for history copies or editors' temp files."""
    try:
        parts = Path(path).relative_to(directory).parts
    except ValueError:
        return False
    if not parts or HISTORY_DIR in parts:
        return False
    name = parts[-1]
    return Path(name).suffix in WATCHED_SUFFIXES and not _EDITOR_LEFTOVERS.search(name)


async def watch_knowledge(
    live: LiveKnowledge,
    on_result: Callable[[ReloadResult], Awaitable[None]],
    stop: asyncio.Event | None = None,
    *,
    debounce_ms: int = DEBOUNCE_MS,
    force_polling: bool | None = None,
) -> None:
    """Reload after each burst of changes until `stop` is set; a failing reload or callback never ends it."""
    directory = live.directory.resolve()

    def relevant(change: Change, path: str) -> bool:
        return is_fact_base_change(directory, path)

    async for changes in awatch(directory, watch_filter=relevant, debounce=debounce_ms, stop_event=stop,
                                force_polling=force_polling):
        log.info("fact base changed on disk (%d file(s)), reloading", len(changes))
        try:
            result = await asyncio.to_thread(live.reload)  # loading takes a moment; answers go on meanwhile
        except Exception:
            log.exception("reload crashed; still serving %s", live.kb.version)
            continue
        try:
            await on_result(result)
        except Exception:
            log.exception("reporting a reload failed")
