"""The day a story breaks: a burst of questions through the local Bot API server, Telegram's limits on.

    uv run python benchmarks/bench_load.py [--readers 300] [--questions 1000] [--seconds 5]

Starts the bot as the container does (`python -m bot`, polling, its own process and production settings)
against tests/botapi_server.py with Telegram's rate limits switched on (30 messages a second overall,
one a second per private chat with bursts of three, 20 a minute per group; 429 with retry_after beyond),
injects the questions evenly over `--seconds`, waits for every answer, stops the bot with SIGTERM and
prints:

- updates per second taken in (injected updates / time until the bot had fetched the last one),
- replies delivered, replies lost (must be 0), answers out of order or twice (must be 0),
- p50 / p99 time from an update to its reply (Telegram's 30 a second makes 1,000 replies take >= 33 s),
- the bot process's memory: its RSS once started and warmed up, and its peak RSS (VmHWM, read from /proc
  until it exits; not `getrusage(RUSAGE_CHILDREN)`, whose figure for a child includes the RSS of the parent
  that spawned it, this script, which loads the fact base too), 429s the server answered, and question-log
  rows lost.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.context import Context
from bot.conversation import answer_question
from bot.factbase.live import LiveKnowledge
from bot.knowledge import DEFAULT_KNOWLEDGE_DIR
from bot.matching import Index
from bot.store import DB_FILE
from tests.botapi_server import TOKEN, BotAPIServer, RateLimits

QUESTIONS = (
    "Liefert der Iran Drohnen an Russland?",
    "weisrussland atomwafen",
    "Wie alt ist Kim Jong Un?",
    "Nordkorea",
    "Welche Verbündeten hat Russland?",
    "Does Iran send drones to Russia?",
    "Syrien",
    "Kauft China russisches Öl?",
)
FIRST_READER = 100_000
TELEGRAM_PER_SECOND = 30


@dataclass(frozen=True)
class Question:
    reader: int
    text: str
    expected_html: str


def plan(index: Index, readers: int, questions: int, seed: int = 6) -> list[Question]:
    """Every reader asks at least once, some several times, in random order; each question's reply differs. A
    reader's next question is read after the last, as the bot's memory of the chat reads it ('Syrien' after Iran's
    drones), so the reply expected is the one that conversation gets."""
    rng = random.Random(seed)
    asked = list(range(readers)) + [rng.randrange(readers) for _ in range(questions - readers)]
    rng.shuffle(asked)
    seen: Counter[int] = Counter()
    chats: dict[int, Context | None] = {}
    today = dt.date.today()
    result = []
    for reader in asked:
        text = QUESTIONS[(reader + seen[reader]) % len(QUESTIONS)]
        seen[reader] += 1
        reply = answer_question(index, text, "de", today, context=chats.get(reader), now=0.0)
        chats[reader] = reply.context
        result.append(Question(FIRST_READER + reader, text, reply.html))
    return result


async def run(readers: int, questions: int, seconds: float, timeout: float) -> int:
    live = LiveKnowledge.load(DEFAULT_KNOWLEDGE_DIR)
    assert isinstance(live, LiveKnowledge), live
    burst = plan(live.index, readers, questions)
    data_dir = Path(tempfile.mkdtemp(prefix="allybot-bench-"))
    async with BotAPIServer() as server:
        server.rate_limit = RateLimits()
        environment = {
            **os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": server.base_url,
            "KNOWLEDGE_DIR": str(DEFAULT_KNOWLEDGE_DIR), "DATA_DIR": str(data_dir), "WATCH_KNOWLEDGE": "0",
            "FLOOD_PER_MINUTE": "20",
        }
        process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", env=environment,
                                                       stderr=asyncio.subprocess.DEVNULL)
        try:
            await server.wait_for_call("setMyCommands", count=3, timeout=30)  # started and warmed up
            memory = Memory(process.pid)
            watching = asyncio.create_task(memory.watch())
            limited_before = server.rate_limit_violations
            injected_at: list[tuple[int, float]] = []  # (update_id, when)
            started = time.monotonic()
            for number, question in enumerate(burst):
                due = started + seconds * number / len(burst)
                if (wait := due - time.monotonic()) > 0:
                    await asyncio.sleep(wait)
                update = server.private_message(question.text, user_id=question.reader)
                injected_at.append((update["update_id"], time.monotonic()))
            offered = len(burst) / max(time.monotonic() - started, 1e-9)
            try:
                await server.wait_for_call("sendMessage", count=len(burst), timeout=timeout,
                                           where=lambda call: call.ok and call.params["chat_id"] >= FIRST_READER)
            except AssertionError:
                print(f"not every reply arrived within {timeout:.0f} s", file=sys.stderr)
            await server.wait_idle(timeout=10, quiet=0.5)
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), timeout=20)
            await watching
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        return report(server, burst, injected_at, started, offered, limited_before, process.returncode, data_dir,
                      memory)


class Memory:
    """The bot process's RSS once warmed up and its peak so far, read from /proc/PID/status (KiB)."""

    def __init__(self, pid: int) -> None:
        self.status = Path(f"/proc/{pid}/status")
        self.idle, self.peak = self.read("VmRSS"), self.read("VmHWM")

    def read(self, field: str) -> int:
        try:
            lines = self.status.read_text().splitlines()
        except OSError:  # the process has exited
            return 0
        return next((int(line.split()[1]) for line in lines if line.startswith(f"{field}:")), 0)

    async def watch(self) -> None:
        """VmHWM only grows: the last reading before the process goes is its peak (but its last 0.1 s)."""
        while (peak := self.read("VmHWM")) > 0:
            self.peak = max(self.peak, peak)
            await asyncio.sleep(0.1)


def report(server: BotAPIServer, burst: list[Question], injected_at: list[tuple[int, float]], started: float,
           offered: float, limited_before: int, exit_code: int | None, data_dir: Path, memory: Memory) -> int:
    ids = [update_id for update_id, _ in injected_at]
    last_fetched = max(server.fetched_at.get(update_id, float("inf")) for update_id in ids)
    taken_in = len(ids) / (last_fetched - started)
    asked: dict[int, list[tuple[Question, float]]] = {}
    for question, (_, at) in zip(burst, injected_at, strict=True):
        asked.setdefault(question.reader, []).append((question, at))
    delivered = out_of_order = 0
    latencies: list[float] = []
    for reader, questions in asked.items():
        replies = [call for call in server.calls_of("sendMessage") if call.ok and call.params["chat_id"] == reader]
        delivered += len(replies)
        for (question, at), reply in zip(questions, replies, strict=False):
            if reply.params["text"] != question.expected_html:
                out_of_order += 1
            latencies.append(reply.at - at)
        out_of_order += max(0, len(replies) - len(questions))  # a reply twice
    lost = len(burst) - min(delivered, len(burst))
    with sqlite3.connect(data_dir / DB_FILE) as conn:
        rows = conn.execute("SELECT COUNT(*) FROM questions").fetchone()[0]
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    print(f"burst: {len(burst)} questions from {len(asked)} readers over {injected_at[-1][1] - started:.1f} s "
          f"(offered {offered:.0f}/s), Telegram's rate limits on")
    print(f"updates taken in:     {taken_in:8.1f} per second (last update fetched {last_fetched - started:.2f} s "
          "after the first was sent)")
    print(f"replies delivered:    {delivered:8d}")
    print(f"replies lost:         {lost:8d}")
    print(f"out of order / twice: {out_of_order:8d}")
    print(f"update -> reply:      p50 {quantiles[49]:.2f} s, p99 {quantiles[98]:.2f} s, max {max(latencies):.2f} s "
          f"(at Telegram's {TELEGRAM_PER_SECOND}/s, {len(burst)} replies take at least "
          f"{len(burst) / TELEGRAM_PER_SECOND:.1f} s)")
    last_reply = max(call.at for call in server.calls_of("sendMessage") if call.ok)
    print(f"last reply after:     {last_reply - started:8.1f} s ({delivered / (last_reply - started):.1f} replies/s "
          f"overall; {len(server.calls_of('sendChatAction'))} 'typing…' actions besides)")
    print(f"memory (RSS):         {memory.idle / 1024:8.1f} MiB once started, peak {memory.peak / 1024:.1f} MiB "
          "(bot process, VmHWM)")
    print(f"429s seen:            {server.rate_limit_violations - limited_before:8d}")
    print(f"question rows lost:   {len(burst) - rows:8d} ({rows} stored)")
    print(f"bot exit status:      {exit_code!s:>8} after SIGTERM")
    return 0 if lost == out_of_order == 0 and rows == len(burst) and exit_code == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=300)
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=5.0, help="spread the questions over this long")
    parser.add_argument("--timeout", type=float, default=180.0, help="give up waiting for replies after this long")
    args = parser.parse_args()
    if args.questions < args.readers:
        parser.error("--questions must be at least --readers (everyone asks once)")
    return asyncio.run(run(args.readers, args.questions, args.seconds, args.timeout))


if __name__ == "__main__":
    sys.exit(main())
