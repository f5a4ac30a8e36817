"""The JSON Schemas editors' VS Code checks against are exactly what the models accept."""

from __future__ import annotations

import pytest

from bot.knowledge import DEFAULT_KNOWLEDGE_DIR
from bot.knowledge.schema import schema_texts

SCHEMA_DIR = DEFAULT_KNOWLEDGE_DIR / "schema"
FIX = "the models changed: run `uv run allybot schema` and commit knowledge/schema/"


@pytest.mark.parametrize("name", sorted(schema_texts()))
def test_committed_schema_equals_the_one_generated_from_the_models(name: str) -> None:
    path = SCHEMA_DIR / name
    assert path.is_file(), f"knowledge/schema/{name} is missing; {FIX}"
    assert path.read_text(encoding="utf-8") == schema_texts()[name], f"knowledge/schema/{name} is out of date; {FIX}"


def test_no_stale_schema_files_are_left_behind() -> None:
    committed = {path.name for path in SCHEMA_DIR.glob("*.json")}
    stale = committed - set(schema_texts())
    assert not stale, f"schema files no model generates: {sorted(stale)}; delete them"
