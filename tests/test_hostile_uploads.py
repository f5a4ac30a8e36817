"""Hostile uploads from a moderator's account, over the local Bot API server: each gets its exact reply,
and the files on disk and the fact base readers get stay exactly as they were.

The corpus is `tests/data/hostile/` (files that must stay byte-exact, like the billion laughs; a hostile source
goes first in a copy of the shipped sources.yaml, so that it is the only problem) plus cases built from the
shipped fact base below (sizes, encodings, names). Every case is one upload.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import MODERATOR, RunningBot, StartBot, shipped_line, with_shipped_sources

HOSTILE = Path(__file__).parent / "data" / "hostile"
REFUSED = "❌ Nothing changed, on disk or for readers.\n"
ARCHIVE_FIX = "(write a path like 'sources/article-id.txt': a .txt file inside knowledge/sources/)"
ANCHORS = ("YAML anchors and aliases (&name, *name) are not allowed "
           "(fact files need none: write the value out in full where it is needed)")
NAME_HELP = ("is not a fact file name: send sources.yaml, overview.yaml or an ally file named like china.yaml "
             "(lowercase letters, digits and '-', ending in .yaml)")
LONG_FIX = "shorten it to at most {} characters, so that the answer card fits one Telegram message"


def not_saved(rel: str, *problems: str) -> str:
    return f"{REFUSED}{rel} was not saved, the fact base would have {len(problems)} problem(s):\n" + "\n".join(problems)


def corpus(name: str) -> Callable[[Path], bytes]:
    return lambda knowledge: (HOSTILE / name).read_bytes()


def hostile_source(name: str) -> Callable[[Path], bytes]:
    """The shipped sources.yaml with the hostile source of corpus file `name` first."""
    return lambda knowledge: with_shipped_sources(
        (HOSTILE / name).read_text(encoding="utf-8"), knowledge).encode("utf-8")


def iran(old: str = "", new: str = "", *, encoding: str = "utf-8", prefix: bytes = b"") -> Callable[[Path], bytes]:
    """The shipped iran.yaml with the (first) line starting with `old` replaced by `new`, in `encoding`."""
    def content(knowledge: Path) -> bytes:
        lines = (knowledge / "allies" / "iran.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
        if old:
            at = next(n for n, line in enumerate(lines) if line.strip().startswith(old.strip()))
            lines[at] = new + "\n"
        return prefix + "".join(lines).encode(encoding)
    return content


def link_passwd(knowledge: Path) -> None:
    os.symlink("/etc/passwd", knowledge / "sources" / "passwd-link.txt")


@dataclass(frozen=True)
class Case:
    id: str
    name: str
    content: Callable[[Path], bytes]
    reply: str
    prepare: Callable[[Path], None] | None = None
    downloaded: bool = True  # False: refused on its name or size alone, before the bot fetches it


DRONES_ANSWER = "      de: Der Iran hat Russland mit Drohnen und Munition versorgt."

QUOTE = "    quote: Russland wurde vom Iran"
TOPIC = "      de: Drohnen und Munition"
LINE = {start: shipped_line("allies/iran.yaml", start) for start in (DRONES_ANSWER, TOPIC, QUOTE)}


CASES = [
    # 1. reading files outside knowledge/sources/ through an archive path
    Case("archive-etc-passwd", "sources.yaml", hostile_source("sources-etc-passwd.yaml"), not_saved(
        "sources.yaml",
        f"sources.yaml:9: archive '/etc/passwd' is not a path inside the knowledge folder {ARCHIVE_FIX}")),
    Case("archive-proc-environ", "sources.yaml", hostile_source("sources-proc-environ.yaml"), not_saved(
        "sources.yaml",
        f"sources.yaml:9: archive '/proc/self/environ' is not a path inside the knowledge folder {ARCHIVE_FIX}")),
    Case("archive-dot-dot", "sources.yaml", hostile_source("sources-dot-dot.yaml"), not_saved(
        "sources.yaml",
        f"sources.yaml:9: archive 'sources/../../../../etc/passwd' is not inside sources/ {ARCHIVE_FIX}")),
    Case("archive-fact-file", "sources.yaml", hostile_source("sources-fact-file-as-archive.yaml"), not_saved(
        "sources.yaml", f"sources.yaml:9: archive 'allies/iran.yaml' is not inside sources/ {ARCHIVE_FIX}")),
    Case("archive-symlink-out", "sources.yaml", hostile_source("sources-symlink.yaml"), not_saved(
        "sources.yaml", "sources.yaml:9: archive 'sources/passwd-link.txt' is a symlink leading outside "
                        "knowledge/sources/ (replace the symlink with a plain copy of the file)"), link_passwd),
    # 2. YAML that explodes or refers to itself
    Case("billion-laughs", "iran.yaml", corpus("billion-laughs.yaml"),
         not_saved("allies/iran.yaml", f"allies/iran.yaml:1: {ANCHORS}")),
    Case("recursive-alias", "iran.yaml", corpus("recursive-alias.yaml"),
         not_saved("allies/iran.yaml", f"allies/iran.yaml:2: {ANCHORS}")),
    Case("merge-key", "iran.yaml", corpus("merge-key.yaml"),
         not_saved("allies/iran.yaml", f"allies/iran.yaml:2: {ANCHORS}")),
    Case("deep-nesting", "iran.yaml", lambda knowledge: b"ally: " + b"[" * 5000 + b"]" * 5000 + b"\n", not_saved(
        "allies/iran.yaml", "allies/iran.yaml:1: the YAML is nested more than 16 levels deep "
                            "(fact files need 5 levels; check the indentation and brackets)")),
    Case("thirty-thousand-values", "iran.yaml",
         lambda knowledge: b"ally: iran\nnames: {de: Iran, en: Iran}\nfacts:\n" + b"- {}\n" * 30_000, not_saved(
             "allies/iran.yaml", "allies/iran.yaml:4993: the file has more than 5,000 values (a fact file needs "
                                 "a few hundred; split it, or remove what was pasted in by mistake)")),
    Case("python-tag", "iran.yaml", corpus("python-tag.yaml"), not_saved(
        "allies/iran.yaml", "allies/iran.yaml:2: the YAML tag '!!python/object/apply:os.system' is not allowed "
                            "(only plain YAML is accepted: remove the tag)")),
    # 3. sizes: the file, and texts that would not fit one Telegram message
    Case("huge-file", "iran.yaml", lambda knowledge: b"# " + b"x" * 300_000,
         f"{REFUSED}'iran.yaml' is 300,002 bytes; a fact file may be at most 256 KB (262,144 bytes). "
         "Shorten it, then send it again.", downloaded=False),
    Case("answer-over-telegram-limit", "iran.yaml", iran(DRONES_ANSWER, "      de: " + "Drohnen " * 600), not_saved(
        "allies/iran.yaml", f"allies/iran.yaml:{LINE[DRONES_ANSWER]}: fact 'iran-drones-ammunition': "
                            f"'answer.de' is too long "
                            f"(4799 characters) ({LONG_FIX.format(700)})")),
    Case("long-topic", "iran.yaml", iran(TOPIC.strip(), "      de: " + "Drohne" * 20), not_saved(
        "allies/iran.yaml", f"allies/iran.yaml:{LINE[TOPIC]}: fact 'iran-drones-ammunition': "
                            f"'topic.de' is too long "
                            f"(120 characters) ({LONG_FIX.format(60)})")),
    Case("long-quote", "iran.yaml", iran(QUOTE, QUOTE[:11] + "Iran " * 200 + "Russland"), not_saved(
        "allies/iran.yaml", f"allies/iran.yaml:{LINE[QUOTE]}: fact 'iran-drones-ammunition': "
                            f"'quote' is too long "
                            f"(1008 characters) ({LONG_FIX.format(700)})")),
    # encodings and things that are not YAML text at all
    Case("binary", "iran.yaml", corpus("binary.png.yaml"),
         f"{REFUSED}'iran.yaml' is not a text file (it contains NUL bytes): send the .yaml file itself, saved as "
         "UTF-8 text"),
    Case("latin-1", "iran.yaml", corpus("latin-1.yaml"),
         f"{REFUSED}'iran.yaml' is not UTF-8 text (byte 34 is not): save it as UTF-8 and send it again"),
    Case("utf-16", "iran.yaml", iran(encoding="utf-16"),
         f"{REFUSED}'iran.yaml' is saved as UTF-16: save it as UTF-8 and send it again"),
    Case("byte-order-mark", "iran.yaml", iran(prefix=b"\xef\xbb\xbf"),
         "✅\nallies/iran.yaml is unchanged; nothing saved."),
    Case("control-character", "iran.yaml", corpus("control-character.yaml"), not_saved(
        "allies/iran.yaml", "allies/iran.yaml:1: the file contains an invisible control character (#x0007) "
                            "(delete it; it usually comes from copying text out of another program)")),
    Case("a-list", "iran.yaml", corpus("a-list.yaml"), not_saved(
        "allies/iran.yaml", "allies/iran.yaml:1: the file must be a mapping of fields, not a list "
                            "(write 'ally:', 'names:', 'aliases:', 'facts:' at the left margin, see the schema)")),
    Case("empty", "iran.yaml", corpus("empty.yaml"), not_saved(
        "allies/iran.yaml", "allies/iran.yaml:1: the file is empty "
                            "(write 'ally:', 'names:', 'aliases:', 'facts:' at the left margin, see the schema)")),
    # file names: path tricks, invisible characters, look-alike letters
    Case("name-dot-dot", "..yaml", iran(), f"{REFUSED}'..yaml' {NAME_HELP}", downloaded=False),
    Case("name-parent", "../iran.yaml", iran(), f"{REFUSED}'../iran.yaml' {NAME_HELP}", downloaded=False),
    Case("name-absolute", "/etc/passwd", iran(), f"{REFUSED}'/etc/passwd' {NAME_HELP}", downloaded=False),
    Case("name-folder", "allies/iran.yaml", iran(), f"{REFUSED}'allies/iran.yaml' {NAME_HELP}", downloaded=False),
    Case("name-backslash", "..\\iran.yaml", iran(), f"{REFUSED}'..\\\\iran.yaml' {NAME_HELP}", downloaded=False),
    Case("name-newline", "iran.yaml\n", iran(), f"{REFUSED}'iran.yaml?' {NAME_HELP}; did you mean 'iran.yaml'?",
         downloaded=False),
    Case("name-nul", "iran\x00.yaml", iran(), f"{REFUSED}'iran?.yaml' {NAME_HELP}", downloaded=False),
    Case("name-right-to-left", "lmay.\u202enari", iran(), f"{REFUSED}'lmay.?nari' {NAME_HELP}", downloaded=False),
    Case("name-cyrillic-a", "ir\u0430n.yaml", iran(), f"{REFUSED}'ir\u0430n.yaml' {NAME_HELP}", downloaded=False),
    Case("name-capitals", "Iran.YML", iran(), f"{REFUSED}'Iran.YML' {NAME_HELP}; did you mean 'iran.yaml'?",
         downloaded=False),
    Case("name-too-long", "a" * 80 + ".yaml", iran(), f"{REFUSED}'{'a' * 59}…' {NAME_HELP}", downloaded=False),
]


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under `directory` (symlinks as their target's name), to compare byte for byte."""
    files: dict[str, bytes] = {}
    for path in sorted(directory.rglob("*")):
        if path.is_symlink():
            files[str(path.relative_to(directory))] = os.readlink(path).encode()
        elif path.is_file():
            files[str(path.relative_to(directory))] = path.read_bytes()
    return files


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
async def test_a_hostile_upload_gets_its_exact_reply_and_changes_nothing(
    start_bot: StartBot, knowledge_dir: Path, case: Case
) -> None:
    if case.prepare is not None:
        case.prepare(knowledge_dir)
    content = case.content(knowledge_dir)
    on_disk = snapshot(knowledge_dir)
    async with start_bot() as bot:
        index = bot.live.index
        (reply,) = await bot.replies(lambda: bot.server.document(content, case.name, user_id=MODERATOR),
                                     chat_id=MODERATOR)
        assert reply["text"] == case.reply
        assert bot.live.index is index  # readers get exactly the fact base they got before
        assert bot.rows("SELECT COUNT(*) FROM audit") == [(0,)]
    assert snapshot(knowledge_dir) == on_disk
    assert "root:x:0:0" not in reply["text"] and "TELEGRAM_BOT_TOKEN" not in reply["text"]
    if not case.downloaded:
        assert not bot.server.calls_of("getFile")  # a wrong name or size is refused before downloading


async def test_a_burst_of_hostile_uploads_leaves_every_moderator_answered(bot: RunningBot, knowledge_dir: Path) -> None:
    """All cases at once, as a script would send them: every one answered, in order, nothing lost."""
    cases = [case for case in CASES if case.prepare is None]
    on_disk = snapshot(knowledge_dir)
    index = bot.live.index
    uploads = [(case.content(knowledge_dir), case.name) for case in cases]
    replies = await bot.replies(
        lambda: [bot.server.document(content, name, user_id=MODERATOR) for content, name in uploads],
        chat_id=MODERATOR, count=len(cases), timeout=30)
    assert [reply["text"] for reply in replies] == [case.reply for case in cases]
    assert bot.live.index is index
    assert snapshot(knowledge_dir) == on_disk
