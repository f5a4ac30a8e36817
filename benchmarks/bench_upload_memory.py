"""Memory of the bot while a moderator uploads hostile files: peak RSS must stay under 2x the idle RSS.

    uv run python benchmarks/bench_upload_memory.py

Starts the bot as the container does (`python -m bot`, its own process) against tests/botapi_server.py,
with a copy of the fact base, answers one question so everything is loaded, and takes that RSS as
"idle". Then, per upload, it resets the kernel's peak counter (/proc/PID/clear_refs), sends the file as
the moderator, waits for the reply and reads the peak (VmHWM). Uploads: every file of
tests/data/hostile/, a file of 30,000 empty facts, one just under the values limit (4,900 empty facts,
each missing 8 fields: the most error messages a file can cause), one of 12,000 aliases, 100,000 nested
brackets, and a good edit of iran.yaml that is saved and reloaded. Prints one line per upload.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.knowledge import DEFAULT_KNOWLEDGE_DIR
from bot.knowledge.limits import MAX_FACT_FILE_BYTES
from tests.botapi_server import TOKEN, BotAPIServer

MODERATOR = 4242
HOSTILE = Path(__file__).resolve().parents[1] / "tests" / "data" / "hostile"


def kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise LookupError(field)


def uploads(knowledge: Path) -> list[tuple[str, str, bytes]]:
    iran = (knowledge / "allies" / "iran.yaml").read_text(encoding="utf-8")
    empty_facts = "ally: iran\nnames: {de: Iran, en: Iran}\nfacts:\n" + "- {}\n" * 30_000
    just_under = "ally: iran\nnames: {de: Iran, en: Iran}\nfacts:\n" + "- {}\n" * 4_900  # under the values limit
    aliases = iran.replace("aliases: [", "aliases: [" + "Teheran-Alias-Nummer, " * 12_000, 1)
    cases = [(path.name, "sources.yaml" if path.name.startswith("sources-") else "iran.yaml", path.read_bytes())
             for path in sorted(HOSTILE.iterdir())]
    cases += [
        ("30,000 empty facts", "iran.yaml", empty_facts.encode()[:MAX_FACT_FILE_BYTES]),
        ("4,900 empty facts (39,200 errors)", "iran.yaml", just_under.encode()),
        ("12,000 aliases", "iran.yaml", aliases.encode()[:MAX_FACT_FILE_BYTES]),
        ("deep nesting", "iran.yaml", b"ally: " + b"[" * 100_000 + b"]" * 100_000),
        ("good edit, saved", "iran.yaml", iran.replace("versorgt.", "versorgt (geprüft).", 1).encode()),
    ]
    return cases


async def run() -> int:
    scratch = Path(tempfile.mkdtemp(prefix="allybot-bench-upload-"))
    knowledge = Path(shutil.copytree(DEFAULT_KNOWLEDGE_DIR, scratch / "knowledge"))
    (knowledge / "sources" / "passwd-link.txt").symlink_to("/etc/passwd")
    async with BotAPIServer() as server:
        environment = {
            **os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": server.base_url,
            "KNOWLEDGE_DIR": str(knowledge), "DATA_DIR": str(scratch / "data"), "WATCH_KNOWLEDGE": "0",
            "MODERATOR_IDS": str(MODERATOR),
        }
        process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", env=environment,
                                                       stderr=asyncio.subprocess.DEVNULL)
        try:
            await server.wait_for_call("setMyCommands", count=3, timeout=30)
            server.private_message("Liefert der Iran Drohnen an Russland?", user_id=MODERATOR)
            await server.wait_for_call("sendMessage", count=1, timeout=10)
            await server.wait_idle(quiet=0.5)
            idle = kib(process.pid, "VmRSS")
            print(f"idle RSS: {idle / 1024:7.1f} MiB")
            worst = 0
            for number, (label, name, content) in enumerate(uploads(knowledge), start=2):
                Path(f"/proc/{process.pid}/clear_refs").write_text("5")  # peak := current
                server.document(content, name, user_id=MODERATOR)
                await server.wait_for_call("sendMessage", count=number, timeout=60)
                peak = kib(process.pid, "VmHWM")
                worst = max(worst, peak)
                print(f"{label:36} {len(content):>8,} B  peak RSS {peak / 1024:7.1f} MiB  ({peak / idle:.2f}x idle)")
            print(f"worst peak: {worst / 1024:.1f} MiB = {worst / idle:.2f}x idle (must stay under 2x)")
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), timeout=20)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    shutil.rmtree(scratch, ignore_errors=True)
    return 0 if worst < 2 * idle else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(run()))
