"""A moderator replaces one fact file: checked as part of the whole fact base, saved atomically, undoable.

Nothing reaches the disk unless the whole fact base would load with it, and every replaced file is
kept under KNOWLEDGE_DIR/.history first, so any change can be taken back with `undo_last`.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from bot.factbase.diff import fact_changes
from bot.factbase.live import LiveKnowledge
from bot.knowledge import KnowledgeBase, ValidationReport, load_knowledge
from bot.knowledge.limits import MAX_FACT_FILE_BYTES, MAX_FILE_NAME_CHARS
from bot.knowledge.models import SLUG_PATTERN
from bot.knowledge.paths import ALLIES_DIR, OVERVIEW_FILE, SOURCES_FILE

MAX_UPLOAD_BYTES = MAX_FACT_FILE_BYTES
HISTORY_DIR = ".history"
ALLY_FILE_NAME = re.compile(rf"^{SLUG_PATTERN}\.yaml$")  # an ally's id, as a file name
FILE_NAME_HELP = ("send sources.yaml, overview.yaml or an ally file named like china.yaml "
                  "(lowercase letters, digits and '-', ending in .yaml)")

CHANGE_LOCK = threading.RLock()  # one change at a time: two uploads must not interleave check, write and reload


@dataclass(frozen=True)
class UploadResult:
    """What a moderator is told: a summary of the change, or every FILE:LINE problem that stopped it."""

    ok: bool
    message: str
    version_before: str
    version_after: str
    path: str | None = None  # the fact file concerned, relative to KNOWLEDGE_DIR, for the audit and undo


def target_path(file_name: str) -> str | None:
    """Where an uploaded file belongs, or None for names that are not a fact file (including path tricks).

    The rule is by name alone, so a new ally can be added by sending its file. Only ASCII letters,
    digits and '-' pass, so slashes, '..', control characters and look-alike letters never reach a path.
    """
    if file_name in (SOURCES_FILE, OVERVIEW_FILE):
        return file_name
    if len(file_name) > MAX_FILE_NAME_CHARS or not ALLY_FILE_NAME.fullmatch(file_name):
        return None
    return f"{ALLIES_DIR}/{file_name}"  # an existing ally's file, or a new ally


def shown_name(file_name: str | None) -> str:
    """A file name as a message may repeat it: quoted, invisible characters as '?', at most 60 characters."""
    if not file_name:
        return "(a file without a name)"
    printable = "".join(ch if ch.isprintable() else "?" for ch in file_name)
    return repr(printable if len(printable) <= 60 else printable[:59] + "…")


def os_problem(exc: OSError, directory: Path) -> str:
    """An OSError as a message may repeat it: the file relative to knowledge/ and the error's kind.

    The raw text names absolute paths of the machine, which are not the moderator's business; it is logged.
    """
    logging.getLogger(__name__).warning("file operation in %s failed", directory, exc_info=exc)
    kind = errno.errorcode.get(exc.errno, type(exc).__name__) if exc.errno else type(exc).__name__
    where = ""
    if exc.filename is not None:
        try:
            where = f"{Path(os.fsdecode(exc.filename)).resolve().relative_to(directory.resolve())}: "
        except ValueError:
            where = ""
    return f"{where}{kind}"


def upload_refusal(file_name: str | None, size: int | None) -> str | None:
    """Why an upload is refused on its name or size alone (checked before it is even downloaded), or None."""
    if size is not None and size > MAX_UPLOAD_BYTES:
        return (f"{shown_name(file_name)} is {size:,} bytes; a fact file may be at most {MAX_UPLOAD_BYTES // 1024} KB "
                f"({MAX_UPLOAD_BYTES:,} bytes). Shorten it, then send it again.")
    if not file_name or target_path(file_name) is None:
        return f"{shown_name(file_name)} is not a fact file name: {FILE_NAME_HELP}{_name_suggestion(file_name)}"
    return None


def _name_suggestion(file_name: str | None) -> str:
    """'Iran.yml ' -> "; did you mean 'iran.yaml'?" when a plain fix exists."""
    if not file_name:
        return ""
    guess = re.sub(r"\.yml$", ".yaml", file_name.strip().lower())
    if guess != file_name and target_path(guess) is not None:
        return f"; did you mean '{guess}'?"
    return ""


def apply_upload(
    live: LiveKnowledge, file_name: str, content: bytes, *, now: dt.datetime | None = None
) -> UploadResult:
    """Check, keep the old version, write, reload; on any problem nothing changes."""
    version = live.kb.version
    refusal = upload_refusal(file_name, len(content))
    rel = target_path(file_name)
    if refusal is not None or rel is None:
        return _refused(version, refusal or FILE_NAME_HELP)
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _refused(version, f"{shown_name(file_name)} is saved as UTF-16: save it as UTF-8 and send it again", rel)
    if b"\x00" in content:
        return _refused(version, f"{shown_name(file_name)} is not a text file (it contains NUL bytes): "
                                 "send the .yaml file itself, saved as UTF-8 text", rel)
    try:
        text = content.decode("utf-8-sig")  # editors on Windows like to add a byte-order mark
    except UnicodeDecodeError as exc:
        return _refused(version, f"{shown_name(file_name)} is not UTF-8 text (byte {exc.start + 1} is not): "
                                 "save it as UTF-8 and send it again", rel)
    return replace_file(live, rel, text.encode("utf-8"), now or _utc_now(), undo=False)


def undo_last(live: LiveKnowledge, rel: str, *, now: dt.datetime | None = None) -> UploadResult:
    """Put back the version a file had before its last change (repeat to step further back)."""
    name = rel.removeprefix(f"{ALLIES_DIR}/") if rel.count("/") == 1 else rel
    found = target_path(name)  # "china.yaml" means allies/china.yaml too
    if found is None or rel not in (name, found):
        return _refused(live.kb.version, f"{rel!r} is not a fact file: {FILE_NAME_HELP}")
    rel = found
    copy = _newest_copy(live.directory, rel)
    if copy is None:
        return _refused(live.kb.version, f"no earlier version of {rel} to restore", rel)
    content = None if copy.suffix == ".absent" else copy.read_bytes()
    result = replace_file(live, rel, content, now or _utc_now(), undo=True)
    if result.ok:
        copy.unlink()
    return result


def replace_file(live: LiveKnowledge, rel: str, content: bytes | None, now: dt.datetime, *, undo: bool) -> UploadResult:
    """Make `rel` hold `content` (None: remove it) if the whole fact base stays valid; keep the old one first."""
    with CHANGE_LOCK:
        before = live.kb
        target = live.directory / rel
        current = target.read_bytes() if target.is_file() else None
        if content == current:
            return UploadResult(True, f"{rel} is unchanged; nothing saved.", before.version, before.version, rel)
        checked = _check(live, rel, content)
        if isinstance(checked, ValidationReport):
            return _refused(before.version, f"{rel} was not saved, the fact base would have {len(checked)} "
                                            f"problem(s):\n{checked.render()}", rel)
        try:
            saved = keep_copy(live.directory, rel, current, now, undo=undo)
            write_atomically(target, content)
        except OSError as exc:
            return _refused(before.version, f"{rel} could not be saved ({os_problem(exc, live.directory)}); "
                                            "nothing changed, see the bot's log", rel)
        reload = live.reload()
        if not reload.ok:  # the folder changed under us meanwhile: put our file back as it was
            write_atomically(target, current)
            saved.unlink(missing_ok=True)
            live.reload()
            report = reload.report.render() if reload.report else ""
            return _refused(before.version, f"{rel} was not saved, the fact base changed meanwhile:\n{report}", rel)
        after = live.kb
        verb = "restored" if undo else "saved"
        details = "".join(f"\n  {line}" for line in fact_changes(before, after))
        return UploadResult(True, f"{rel} {verb}: {changes(before, after)}. Now serving {after.summary()}.{details}",
                            before.version, after.version, rel)


def changes(before: KnowledgeBase, after: KnowledgeBase) -> str:
    """Which facts a change added, changed and removed, compared by id."""
    old = {entry.id: entry.fact for entry in before}
    new = {entry.id: entry.fact for entry in after}
    parts = [(label, ids) for label, ids in (
        ("facts added", [fact_id for fact_id in new if fact_id not in old]),
        ("changed", [fact_id for fact_id in new if fact_id in old and new[fact_id] != old[fact_id]]),
        ("removed", [fact_id for fact_id in old if fact_id not in new]),
    ) if ids]
    if not parts:
        return "no fact changed (only names, aliases or sources)"
    return "; ".join(f"{label}: {', '.join(ids)}" for label, ids in parts)


def _check(live: LiveKnowledge, rel: str, content: bytes | None) -> KnowledgeBase | ValidationReport:
    if content is not None:
        try:
            return live.check({rel: content.decode("utf-8")})
        except UnicodeDecodeError:
            report = ValidationReport()
            report.add(rel, 1, "the file is not UTF-8 text", "save it as UTF-8")
            return report
    with tempfile.TemporaryDirectory() as scratch:  # a removal cannot be an override: check a copy without it
        copy = Path(scratch) / "knowledge"
        shutil.copytree(live.directory, copy, ignore=shutil.ignore_patterns(HISTORY_DIR))
        (copy / rel).unlink(missing_ok=True)
        return load_knowledge(copy)


def keep_copy(directory: Path, rel: str, current: bytes | None, now: dt.datetime, *, undo: bool) -> Path:
    """Copy the current version into .history; a file that did not exist leaves an empty '.absent' marker.

    What an undo replaces is kept as '.undone': for people to recover by hand, never restored by undo,
    so that repeated undos step further back instead of swinging between two versions.
    """
    history = directory / HISTORY_DIR
    history.mkdir(exist_ok=True)
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    suffix = "undone" if undo else "absent" if current is None else "yaml"
    path = history / f"{rel.replace('/', '__')}.{stamp}.{suffix}"
    counter = 0
    while path.exists():  # two changes within a microsecond: keep both
        counter += 1
        path = history / f"{rel.replace('/', '__')}.{stamp}{counter}.{suffix}"
    path.write_bytes(current or b"")
    return path


def _newest_copy(directory: Path, rel: str) -> Path | None:
    """The newest copy undo can restore (".undone" copies are kept for people, not for undo)."""
    pattern = re.compile(re.escape(rel.replace("/", "__")) + r"\.(\d{8}T\d{12})Z(\d*)\.(yaml|absent)")
    history = directory / HISTORY_DIR
    if not history.is_dir():
        return None
    found = [((m.group(1), int(m.group(2) or 0)), p) for p in history.iterdir() if (m := pattern.fullmatch(p.name))]
    return max(found)[1] if found else None


def write_atomically(target: Path, content: bytes | None) -> None:
    """Write through a temporary file in the same folder and rename it: readers see old or new, never half."""
    if content is None:
        target.unlink(missing_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _refused(version: str, message: str, rel: str | None = None) -> UploadResult:
    return UploadResult(False, message, version, version, rel)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
