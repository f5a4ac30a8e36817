"""One way to load the fact base, used by `allybot check`, the bot at start-up, live reload and uploads.

`load_knowledge` either returns a complete `KnowledgeBase` or a `ValidationReport` with every problem;
there is no half-loaded state, so the bot can keep serving the last good fact base on failure.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from bot.errors import UnsafePath
from bot.knowledge.base import Ally, Entry, KnowledgeBase
from bot.knowledge.errors import ValidationReport
from bot.knowledge.models import AllyFile, OverviewFile, SourcesFile
from bot.knowledge.paths import ALLIES_DIR, OVERVIEW_FILE, SOURCES_FILE, KnowledgeFolder
from bot.knowledge.pydantic_errors import translate_validation_error
from bot.knowledge.validate import check_cross_references
from bot.knowledge.yamlfile import ParsedYaml, parse_yaml

DEFAULT_KNOWLEDGE_DIR = Path(__file__).resolve().parents[2] / "knowledge"

M = TypeVar("M", bound=BaseModel)


def fact_file_paths(directory: Path) -> list[str]:
    """The relative paths of every file the fact base consists of (YAML only), sorted."""
    paths = [SOURCES_FILE, OVERVIEW_FILE]
    allies = directory / ALLIES_DIR
    if allies.is_dir():
        paths += sorted(f"{ALLIES_DIR}/{p.name}" for p in allies.iterdir() if p.suffix in {".yaml", ".yml"})
    return paths


def load_knowledge(
    directory: Path | str, overrides: Mapping[str, str] | None = None
) -> KnowledgeBase | ValidationReport:
    """Load and validate the whole fact base; `overrides` replaces files' text (a moderator's upload)."""
    directory = Path(directory)
    report = ValidationReport()
    texts = _read_texts(directory, dict(overrides or {}), report)

    sources_file = _load_model(texts, SOURCES_FILE, SourcesFile, report)
    overview = _load_model(texts, OVERVIEW_FILE, OverviewFile, report)
    ally_files: dict[str, tuple[AllyFile, ParsedYaml]] = {}
    for rel in texts:
        if not rel.startswith(f"{ALLIES_DIR}/"):
            continue
        if rel.endswith(".yml"):
            report.add(rel, 1, "fact files must end in .yaml", f"rename it to {rel[:-4]}.yaml")
            continue
        loaded = _load_model(texts, rel, AllyFile, report)
        if loaded is not None:
            ally_files[rel] = loaded
    if sources_file is None or overview is None:
        return report

    archives = _read_archives(directory, sources_file[0], sources_file[1], report)
    check_cross_references(sources_file, overview, ally_files, archives, report)
    if report:
        return report
    return _assemble(sources_file[0], overview, ally_files, texts)


def _read_texts(directory: Path, overrides: dict[str, str], report: ValidationReport) -> dict[str, str]:
    if not directory.is_dir():
        report.add(str(directory), 1, "the knowledge directory does not exist", "pass the folder with sources.yaml")
        return {}
    texts: dict[str, str] = {}
    folder = KnowledgeFolder(directory)
    for rel in sorted(set(fact_file_paths(directory)) | set(overrides)):
        if rel in overrides:
            texts[rel] = overrides[rel]
            continue
        try:
            texts[rel] = folder.fact_file(rel).read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            report.add(rel, 1, "the file is missing", f"create {rel} (see README, 'For moderators')")
        except UnsafePath as exc:
            report.add(rel, 1, exc.message, exc.hint)
        except UnicodeDecodeError:
            report.add(rel, 1, "the file is not UTF-8 text", "save it as UTF-8")
    return texts


def _load_model(
    texts: dict[str, str], rel: str, model: type[M], report: ValidationReport
) -> tuple[M, ParsedYaml] | None:
    if rel not in texts:
        return None
    parsed = parse_yaml(texts[rel], rel, report)
    if parsed is None:
        return None
    try:
        return model.model_validate(parsed.data), parsed
    except ValidationError as exc:
        translate_validation_error(exc, parsed, rel, model, report)
        return None


def _read_archives(
    directory: Path, sources: SourcesFile, parsed: ParsedYaml, report: ValidationReport
) -> dict[str, str]:
    """The archived texts, read only from plain files inside knowledge/sources/ (see `bot.knowledge.paths`)."""
    archives: dict[str, str] = {}
    folder = KnowledgeFolder(directory)
    for index, source in enumerate(sources.sources):
        line = parsed.line_of(("sources", index, "archive"))
        try:
            archives[source.id] = folder.archive(source.archive).read_text(encoding="utf-8-sig")
        except UnsafePath as exc:
            report.add(SOURCES_FILE, line, exc.message, exc.hint)
        except FileNotFoundError:
            report.add(SOURCES_FILE, line, f"archived text '{source.archive}' not found",
                       "archive the article's text there, relative to the knowledge folder")
        except UnicodeDecodeError:
            report.add(SOURCES_FILE, line, f"archived text '{source.archive}' is not UTF-8 text", "save it as UTF-8")
    return archives


def _assemble(
    sources: SourcesFile,
    overview: tuple[OverviewFile, ParsedYaml],
    ally_files: dict[str, tuple[AllyFile, ParsedYaml]],
    texts: dict[str, str],
) -> KnowledgeBase:
    by_source = {source.id: source for source in sources.sources}
    entries: list[Entry] = []

    def add(facts_of: Any, ally: str | None, rel: str, parsed: ParsedYaml) -> None:
        for index, fact in enumerate(facts_of.facts):
            line = parsed.line_of(("facts", index))
            entries.append(Entry(fact, ally, by_source[fact.source], rel, line))

    add(overview[0], None, OVERVIEW_FILE, overview[1])
    allies: dict[str, Ally] = {}
    for rel, (ally_file, parsed) in sorted(ally_files.items()):
        allies[ally_file.ally] = Ally(ally_file.ally, ally_file.names, tuple(ally_file.aliases))
        add(ally_file, ally_file.ally, rel, parsed)
    digest = hashlib.sha256()
    for rel in sorted(texts):
        digest.update(rel.encode() + b"\0" + texts[rel].encode() + b"\0")
    return KnowledgeBase(
        allies=allies,
        overview_names=overview[0].names,
        entries=tuple(entries),
        sources=by_source,
        version=digest.hexdigest()[:12],
    )
