"""JSON Schemas of the fact files, generated from the models so editors' VS Code checks what the bot checks."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from bot.knowledge.models import AllyFile, OverviewFile, SourcesFile

SCHEMAS: dict[str, type[BaseModel]] = {
    "ally.schema.json": AllyFile,
    "overview.schema.json": OverviewFile,
    "sources.schema.json": SourcesFile,
}


def schema_texts() -> dict[str, str]:
    """File name -> schema JSON text, exactly as it is committed under knowledge/schema/."""
    texts = {}
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        texts[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return texts


def write_schemas(directory: Path) -> list[Path]:
    """Regenerate the schema files after a model change (`allybot schema`)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
