"""The one way to turn a path written in the fact base into a file on disk.

An `archive:` in sources.yaml is hostile input like everything a moderator can upload: it must name a
`.txt` file inside `knowledge/sources/`, relative, without `..`, and no symlink may lead out of that
folder. Otherwise a fact could "quote" /etc/passwd to readers, or an error's "closest passage" hint
could show the bot's environment to whoever uploaded the file. Fact files are read through here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from bot.errors import UnsafePath
from bot.knowledge.limits import MAX_ARCHIVE_BYTES, MAX_FACT_FILE_BYTES

# The fact files, by name: the loader, the validator, the checksum check and uploads all read these.
SOURCES_FILE = "sources.yaml"
OVERVIEW_FILE = "overview.yaml"
ALLIES_DIR = "allies"
SOURCES_DIR = "sources"
ARCHIVE_HELP = f"write a path like '{SOURCES_DIR}/article-id.txt': a .txt file inside knowledge/{SOURCES_DIR}/"


@dataclass(frozen=True)
class KnowledgeFolder:
    """The knowledge directory; every file the fact base reads is found through `archive` or `fact_file`."""

    root: Path

    def archive(self, written: str) -> Path:
        """The archived text an `archive:` value names; raises UnsafePath for anything else."""
        shown = _shown(written)
        pure = PurePosixPath(written)
        if "\\" in written or "\x00" in written or pure.is_absolute() or written.startswith("~"):
            raise UnsafePath(f"archive '{shown}' is not a path inside the knowledge folder", ARCHIVE_HELP)
        if ".." in pure.parts or len(pure.parts) < 2 or pure.parts[0] != SOURCES_DIR:
            raise UnsafePath(f"archive '{shown}' is not inside {SOURCES_DIR}/", ARCHIVE_HELP)
        if pure.suffix != ".txt":
            raise UnsafePath(f"archive '{shown}' is not a .txt file", ARCHIVE_HELP)
        return self._inside(self.root / SOURCES_DIR, self.root.joinpath(*pure.parts), f"archive '{shown}'",
                            MAX_ARCHIVE_BYTES)

    def fact_file(self, rel: str) -> Path:
        """A YAML fact file (`sources.yaml`, `allies/iran.yaml` ...); raises UnsafePath for a symlink out."""
        return self._inside(self.root, self.root / rel, "the file", MAX_FACT_FILE_BYTES)

    @staticmethod
    def _inside(folder: Path, path: Path, what: str, max_bytes: int) -> Path:
        """`path` resolved, if it is a regular file of at most `max_bytes` inside `folder` (resolved too)."""
        try:
            resolved = path.resolve(strict=True)
        except FileNotFoundError:
            raise
        except (OSError, RuntimeError) as exc:  # a symlink loop, or no permission on the way
            raise UnsafePath(f"{what} cannot be opened", "replace it with a plain file") from exc
        if not resolved.is_relative_to(folder.resolve()):
            raise UnsafePath(f"{what} is a symlink leading outside knowledge/{_rel_folder(folder)}",
                             "replace the symlink with a plain copy of the file")
        if not resolved.is_file():
            raise UnsafePath(f"{what} is not a plain file", "point it at a text file")
        size = resolved.stat().st_size
        if size > max_bytes:
            raise UnsafePath(f"{what} is {size // 1024} KB, more than the {max_bytes // 1024} KB allowed",
                             "shorten it")
        return resolved


def _rel_folder(folder: Path) -> str:
    return f"{folder.name}/" if folder.name == SOURCES_DIR else ""


def _shown(written: str) -> str:
    """What a message may repeat of a written path: printable and short."""
    printable = "".join(ch if ch.isprintable() else "?" for ch in written)
    return printable if len(printable) <= 60 else printable[:59] + "…"
