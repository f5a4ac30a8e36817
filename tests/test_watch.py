"""Saving a fact file reloads the bot by itself; a broken save is reported and the bot keeps its old facts."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.factbase.live import LiveKnowledge, ReloadResult
from bot.factbase.watch import is_fact_base_change, watch_knowledge
from bot.matching import Index

CHINA = "allies/china.yaml"


@pytest.fixture
def live(knowledge_dir: Path, shipped_index: Index) -> LiveKnowledge:
    return LiveKnowledge(knowledge_dir, shipped_index)  # the copy holds the shipped files


async def saved(results: asyncio.Queue[ReloadResult], path: Path, text: str, *, ok: bool) -> ReloadResult:
    """Save `text` and wait for the reload that reflects it (ok or failed); save again if none came."""
    for _ in range(4):
        path.write_text(text, encoding="utf-8")
        try:
            while (result := await asyncio.wait_for(results.get(), timeout=1.0)).ok is not ok:
                continue  # a late reload of an earlier save
            return result
        except TimeoutError:
            continue  # the watcher was not listening yet
    raise AssertionError("no reload within 4 seconds of saving")


@pytest.mark.slow
async def test_saving_a_fact_file_reloads_and_a_broken_save_keeps_the_old_facts(live: LiveKnowledge) -> None:
    results: asyncio.Queue[ReloadResult] = asyncio.Queue()
    stop = asyncio.Event()

    async def on_result(result: ReloadResult) -> None:
        await results.put(result)

    task = asyncio.create_task(watch_knowledge(live, on_result, stop, debounce_ms=50))
    # no wait for the watcher to start listening: `saved` saves again until a reload comes
    china = live.directory / CHINA
    text = china.read_text(encoding="utf-8")
    old_version = live.kb.version

    reworded = text.replace("China ist laut DW der wichtigste", "China ist laut DW klar der wichtigste", 1)
    result = await saved(results, china, reworded, ok=True)
    assert result.ok and result.version_before == old_version and result.version_after == live.kb.version
    entry = live.kb.get("china-trade-partner")
    assert entry is not None and "klar der wichtigste" in entry.fact.answer.de

    index = live.index
    broken = await saved(results, china, reworded.replace("as_of: 2024-06-20", "as_of: someday", 1), ok=False)
    assert not broken.ok and broken.report is not None
    assert f"{CHINA}:" in broken.report.render()
    assert live.index is index

    stop.set()
    await asyncio.wait_for(task, timeout=2.0)


@pytest.mark.parametrize(("name", "counts"), [
    ("allies/china.yaml", True),
    ("overview.yaml", True),
    ("sources/dw-de-a-69442700.txt", True),
    (".history/allies__china.yaml.20250301T120000000000Z.yaml", False),
    ("allies/.china.yaml.abc123.tmp", False),
    ("allies/china.yaml~", False),
    ("allies/.china.yaml.swp", False),
    ("allies/4913", False),
    ("schema/ally.schema.json", False),
])
def test_only_fact_base_files_trigger_a_reload(tmp_path: Path, name: str, counts: bool) -> None:
    assert is_fact_base_change(tmp_path, str(tmp_path / name)) is counts
