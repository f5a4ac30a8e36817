"""A moderator's fact file upload: refused without a trace when wrong, saved, reloaded and undoable when right."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.factbase.live import LiveKnowledge
from bot.factbase.upload import MAX_UPLOAD_BYTES, apply_upload, target_path, undo_last
from bot.knowledge import DEFAULT_KNOWLEDGE_DIR
from bot.matching import Index

CHINA = "allies/china.yaml"


def live_copy(directory: Path, index: Index) -> LiveKnowledge:
    """A copy of the shipped files, served by the shipped index (built once per session)."""
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, directory)
    return LiveKnowledge(directory, index)


@pytest.fixture
def live(tmp_path: Path, shipped_index: Index) -> LiveKnowledge:
    return live_copy(tmp_path / "knowledge", shipped_index)


@pytest.fixture(scope="module")
def untouched(tmp_path_factory: pytest.TempPathFactory, shipped_index: Index) -> LiveKnowledge:
    """Shared by tests whose uploads must be refused (they check that nothing changed)."""
    return live_copy(tmp_path_factory.mktemp("shared") / "knowledge", shipped_index)


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def load(live: LiveKnowledge, rel: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((live.directory / rel).read_text(encoding="utf-8"))
    return data


def dump(data: dict[str, Any]) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()


def edited_china(live: LiveKnowledge) -> bytes:
    """china.yaml with one answer reworded, one fact removed and a new fact added."""
    data = load(live, CHINA)
    data["facts"][0]["answer"]["en"] = "According to DW, China is by far Russia's biggest trading partner."
    removed = next(fact for fact in data["facts"] if fact["id"] == "china-state-visits")
    data["facts"].remove(removed)
    new = copy.deepcopy(data["facts"][0])
    new.pop("superseded_by", None)
    new["id"] = "china-trade-volume"
    new["questions"] = {lang: [f"{q} (Volumen)" for q in qs] for lang, qs in new["questions"].items()}
    data["facts"].append(new)
    return dump(data)


def new_ally(live: LiveKnowledge, slug: str) -> bytes:
    """A complete ally file for an ally the fact base does not know yet, built from vietnam.yaml."""
    data = load(live, "allies/vietnam.yaml")
    data.update(ally=slug, names={"de": "Laos", "en": "Laos"}, aliases=["Vientiane"])
    for fact in data["facts"]:
        fact["id"] = fact["id"].replace("vietnam", slug)
        fact["questions"] = {lang: [f"{q} ({slug})" for q in qs] for lang, qs in fact["questions"].items()}
    return dump(data)


def test_moderator_upload_of_broken_file_changes_nothing_on_disk_or_live(untouched: LiveKnowledge) -> None:
    live = untouched
    before, version, index = snapshot(live.directory), live.kb.version, live.index
    broken = (live.directory / CHINA).read_text(encoding="utf-8").replace("as_of: 2024-06-20", "as_of: someday", 1)
    result = apply_upload(live, "china.yaml", broken.encode())
    assert not result.ok
    assert f"{CHINA}:" in result.message and "as_of" in result.message
    assert snapshot(live.directory) == before
    assert live.kb.version == version and live.index is index
    assert result.version_before == result.version_after == version


def test_upload_that_breaks_another_file_is_refused_with_that_files_lines(untouched: LiveKnowledge) -> None:
    live = untouched
    before, version = snapshot(live.directory), live.kb.version
    sources = (live.directory / "sources.yaml").read_text(encoding="utf-8")
    result = apply_upload(live, "sources.yaml", sources.replace("id: dw-de-a-69442700", "id: dw-renamed").encode())
    assert not result.ok
    assert "allies/china.yaml:" in result.message and "unknown source" in result.message
    assert snapshot(live.directory) == before and live.kb.version == version


def test_moderator_upload_saves_keeps_history_reloads_and_summarises(live: LiveKnowledge) -> None:
    old_bytes, version = (live.directory / CHINA).read_bytes(), live.kb.version
    content = edited_china(live)
    result = apply_upload(live, "china.yaml", content, now=dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC))
    assert result.ok, result.message
    summary = "facts added: china-trade-volume; changed: china-trade-partner; removed: china-state-visits"
    assert summary in result.message
    assert (live.directory / CHINA).read_bytes() == content
    [kept] = (live.directory / ".history").iterdir()
    assert kept.name == "allies__china.yaml.20250301T120000000000Z.yaml"
    assert kept.read_bytes() == old_bytes
    assert (result.version_before, result.version_after) == (version, live.kb.version)
    assert live.kb.version != version
    assert live.kb.get("china-trade-volume") is not None and live.kb.get("china-state-visits") is None
    assert not [p for p in (live.directory / "allies").iterdir() if p.name.startswith(".")]  # no temp file left


def test_a_disk_error_names_the_file_inside_knowledge_not_the_machines_path(live: LiveKnowledge) -> None:
    (live.directory / ".history").write_bytes(b"")  # a file where the history folder belongs
    result = apply_upload(live, "china.yaml", edited_china(live))
    assert not result.ok
    assert "allies/china.yaml could not be saved (.history: EEXIST)" in result.message
    assert str(live.directory) not in result.message


@pytest.mark.slow
def test_undo_steps_back_through_every_earlier_version(live: LiveKnowledge) -> None:
    original, first_version = (live.directory / CHINA).read_bytes(), live.kb.version
    second = edited_china(live)
    assert apply_upload(live, "china.yaml", second).ok
    second_version = live.kb.version
    third = second.replace(b"by far Russia's biggest", b"Russia's largest")
    assert apply_upload(live, "china.yaml", third).ok

    undone = undo_last(live, CHINA)
    assert undone.ok and "changed: china-trade-partner" in undone.message
    assert (live.directory / CHINA).read_bytes() == second and live.kb.version == second_version
    assert undo_last(live, "china.yaml").ok  # the upload's name works as well
    assert (live.directory / CHINA).read_bytes() == original and live.kb.version == first_version
    nothing = undo_last(live, CHINA)
    assert not nothing.ok and "no earlier version" in nothing.message
    assert not undo_last(live, "../allies/china.yaml").ok and not undo_last(live, "allies/overview.yaml").ok
    assert len(list((live.directory / ".history").glob("*.undone"))) == 2  # what undo replaced is still kept


@pytest.mark.slow
def test_new_ally_file_adds_the_ally_and_undo_removes_it(live: LiveKnowledge) -> None:
    before = snapshot(live.directory)
    result = apply_upload(live, "laos.yaml", new_ally(live, "laos"))
    assert result.ok, result.message
    assert result.path == "allies/laos.yaml" and "facts added: laos-" in result.message
    assert "laos" in live.kb.allies

    undone = undo_last(live, "laos.yaml")
    assert undone.ok, undone.message
    assert "removed: laos-" in undone.message
    assert "laos" not in live.kb.allies
    assert {k: v for k, v in snapshot(live.directory).items() if not k.startswith(".history")} == before


@pytest.mark.parametrize("name", ["../x.yaml", "a/b.yaml", "x.yml", "x.yaml.exe", "China.yaml", ".china.yaml",
                                  "allies/china.yaml", "..", "", "china", "c h.yaml", "-x.yaml", "x--y.yaml"])
def test_upload_names_that_are_not_fact_files_are_refused(untouched: LiveKnowledge, name: str) -> None:
    before = snapshot(untouched.directory)
    assert target_path(name) is None
    result = apply_upload(untouched, name, (untouched.directory / CHINA).read_bytes())
    assert not result.ok and "not a fact file name" in result.message
    assert snapshot(untouched.directory) == before


def test_fact_file_names_map_to_their_place_in_the_knowledge_folder() -> None:
    assert target_path("china.yaml") == CHINA
    assert target_path("north-korea.yaml") == "allies/north-korea.yaml"
    assert target_path("overview.yaml") == "overview.yaml"
    assert target_path("sources.yaml") == "sources.yaml"
    assert target_path("laos.yaml") == "allies/laos.yaml"


def test_upload_over_256_kb_is_refused(untouched: LiveKnowledge) -> None:
    live = untouched
    content = (live.directory / CHINA).read_bytes()
    content += b"#" * (MAX_UPLOAD_BYTES + 1 - len(content))
    result = apply_upload(live, "china.yaml", content)
    assert not result.ok and "256 KB" in result.message


def test_upload_that_is_not_utf8_is_refused(untouched: LiveKnowledge) -> None:
    live = untouched
    before = snapshot(live.directory)
    result = apply_upload(live, "china.yaml", "answer: Weißrussland".encode("latin-1"))
    assert not result.ok and "UTF-8" in result.message
    assert snapshot(live.directory) == before


def test_upload_of_the_same_file_saves_nothing(untouched: LiveKnowledge) -> None:
    live = untouched
    result = apply_upload(live, "china.yaml", (live.directory / CHINA).read_bytes())
    assert result.ok and "unchanged" in result.message
    assert not (live.directory / ".history").exists()
