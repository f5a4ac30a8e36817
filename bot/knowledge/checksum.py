"""Every archived source text carries its sha256 in sources.yaml, so an archive edited along with a quote
(to make a wrong quote pass) fails `allybot check` instead of slipping through."""

from __future__ import annotations

import hashlib

from bot.knowledge.errors import ValidationReport
from bot.knowledge.models import SourcesFile
from bot.knowledge.paths import SOURCES_FILE
from bot.knowledge.yamlfile import ParsedYaml


def archive_sha256(text: str) -> str:
    """The checksum of an archive as the loader reads it: UTF-8 with '\\n' line ends.

    Hashing the text rather than the bytes keeps a checkout that turns line ends into CRLF from counting
    as an edit; for an archive saved with '\\n' line ends it equals `sha256sum`'s result.
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_archive_checksums(
    sources: tuple[SourcesFile, ParsedYaml], archives: dict[str, str], report: ValidationReport
) -> None:
    """Add a problem for each archive whose text no longer matches the sha256 recorded with it."""
    for index, source in enumerate(sources[0].sources):
        text = archives.get(source.id)
        if text is None or archive_sha256(text) == source.sha256:
            continue
        report.add(SOURCES_FILE, sources[1].line_of(("sources", index, "sha256")),
                   f"archived text '{source.archive}' of source '{source.id}' has changed since its sha256 was "
                   "recorded",
                   f"if the change is meant, run `allybot source hash {source.archive}` and write what it prints "
                   "as sha256; if not, restore the archive from git")
