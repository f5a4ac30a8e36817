"""`kill -9` in the middle of a burst, again and again: does every reader still get an answer, and only one?

    uv run python benchmarks/bench_crash.py [--readers 300] [--questions 1000] [--kills 5] [--seed 15]

Starts the bot as the container does (`python -m bot`) against tests/botapi_server.py with Telegram's rate
limits and Telegram's getUpdates semantics (an update is forgotten once a later offset confirms it;
unconfirmed ones are delivered again), injects the burst over `--seconds`, and kills the bot with SIGKILL
`--kills` times at random moments while it works through the burst, restarting it at once each time.
The last run is left to finish and stopped with SIGTERM. Prints:

- readers and questions without an answer (must be 0),
- duplicate replies (target 0; a reply Telegram took in the instant the bot died is sent again, see
  bot/store/inbox.py), and how many replies the restarts reported as "may have been answered already",
- replies out of order per reader (must be 0),
- the most updates the inbox held unanswered (backpressure keeps it near bot.tg.polling.IN_HAND),
- how long each kill found the bot working, and the total time to the last reply.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import re
import signal
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_load import Question, plan
from bot.factbase.live import LiveKnowledge
from bot.knowledge import DEFAULT_KNOWLEDGE_DIR
from bot.store.inbox import INBOX_FILE
from tests.botapi_server import TOKEN, BotAPIServer, RateLimits

MAYBE_ANSWERED = re.compile(r"(\d+) of them may have been answered already")


def inbox_unanswered(data_dir: Path) -> int:
    path = data_dir / INBOX_FILE
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM inbox WHERE state != 'done'").fetchone()[0])
    except sqlite3.Error:
        return 0


async def start_bot(environment: dict[str, str], log: Path) -> asyncio.subprocess.Process:
    with log.open("ab") as sink:
        return await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", env=environment, stderr=sink)


async def run(readers: int, questions: int, seconds: float, kills: int, seed: int, timeout: float) -> int:
    live = LiveKnowledge.load(DEFAULT_KNOWLEDGE_DIR)
    assert isinstance(live, LiveKnowledge), live
    burst = plan(live.index, readers, questions)
    rng = random.Random(seed)
    work = Path(tempfile.mkdtemp(prefix="allybot-crash-"))
    data_dir, log = work / "data", work / "bot.log"
    peak_inbox = 0
    async with BotAPIServer() as server:
        server.rate_limit = RateLimits()
        environment = {
            **os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": server.base_url,
            "KNOWLEDGE_DIR": str(DEFAULT_KNOWLEDGE_DIR), "DATA_DIR": str(data_dir), "WATCH_KNOWLEDGE": "0",
        }

        def answered() -> int:
            return len([call for call in server.calls_of("sendMessage") if call.ok])

        process = await start_bot(environment, log)
        await server.wait_for_call("setMyCommands", count=3, timeout=60)
        started = time.monotonic()
        for number, question in enumerate(burst):
            due = started + seconds * number / len(burst)
            if (wait := due - time.monotonic()) > 0:
                await asyncio.sleep(wait)
            server.private_message(question.text, user_id=question.reader)
        killed_at: list[tuple[float, int, int]] = []  # (seconds into the burst, replies so far, inbox unanswered)
        for _ in range(kills):
            # At a random moment 5-12 s after the (re)start: the bot needs ~4 s to warm up and listen for another
            # copy, then answers at Telegram's 28 a second, so every kill falls while the burst is being answered.
            kill_at = time.monotonic() + rng.uniform(5.0, 12.0)
            while time.monotonic() < kill_at:
                peak_inbox = max(peak_inbox, inbox_unanswered(data_dir))
                await asyncio.sleep(min(0.05, max(kill_at - time.monotonic(), 0)))
            unanswered = inbox_unanswered(data_dir)
            process.send_signal(signal.SIGKILL)
            await process.wait()
            killed_at.append((time.monotonic() - started, answered(), unanswered))
            process = await start_bot(environment, log)
        deadline = time.monotonic() + timeout
        while not all_answered(server, burst) and time.monotonic() < deadline:
            peak_inbox = max(peak_inbox, inbox_unanswered(data_dir))
            await asyncio.sleep(0.1)
        await server.wait_idle(timeout=30, quiet=1.0)
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), timeout=30)
        finished = max(call.at for call in server.calls_of("sendMessage") if call.ok) - started
        return report(server, burst, killed_at, peak_inbox, log.read_text(errors="replace"), finished,
                      process.returncode)


def all_answered(server: BotAPIServer, burst: list[Question]) -> bool:
    return len([call for call in server.calls_of("sendMessage") if call.ok]) >= len(burst)


def report(server: BotAPIServer, burst: list[Question], killed_at: list[tuple[float, int, int]], peak_inbox: int,
           log: str, finished: float, exit_code: int | None) -> int:
    asked: dict[int, list[str]] = {}
    for question in burst:
        asked.setdefault(question.reader, []).append(question.expected_html)
    unanswered_questions = duplicates = out_of_order = 0
    readers_without_answer = 0
    for reader, expected in asked.items():
        got = [message["_html"] for message in server.sent(reader)]
        missing = Counter(expected) - Counter(got)
        extra = Counter(got) - Counter(expected)
        unanswered_questions += sum(missing.values())
        duplicates += sum(extra.values())
        readers_without_answer += not got
        first_seen = list(dict.fromkeys(got))
        if [html for html in dict.fromkeys(expected) if html in first_seen] != first_seen:
            out_of_order += 1
    maybe = sum(int(found) for found in MAYBE_ANSWERED.findall(log))
    print(f"burst: {len(burst)} questions from {len(asked)} readers, Telegram's rate limits on, "
          f"SIGKILL {len(killed_at)} times")
    for number, (at, replies, unanswered) in enumerate(killed_at, 1):
        print(f"  kill {number}: {at:6.1f} s into the burst, {replies:4d} replies sent, "
              f"{unanswered:3d} update(s) stored and unanswered")
    print(f"readers without an answer:    {readers_without_answer:6d}")
    print(f"questions without an answer:  {unanswered_questions:6d}")
    print(f"duplicate replies:            {duplicates:6d} (restarts reported {maybe} reply/replies that may have "
          "gone out already)")
    print(f"readers answered out of order:{out_of_order:6d}")
    print(f"peak unanswered in the inbox: {peak_inbox:6d} update(s)")
    print(f"last reply after:             {finished:6.1f} s ({len(burst) / finished:.1f} replies/s overall, "
          "restarts included)")
    print(f"bot exit status:              {exit_code!s:>6} after the final SIGTERM")
    return 0 if readers_without_answer == unanswered_questions == out_of_order == 0 and exit_code == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=300)
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=5.0, help="spread the questions over this long")
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--seed", type=int, default=15, help="where the kills fall")
    parser.add_argument("--timeout", type=float, default=300.0, help="give up waiting for replies after this long")
    args = parser.parse_args()
    if args.questions < args.readers:
        parser.error("--questions must be at least --readers (everyone asks once)")
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)  # "Connection lost": we killed the client
    return asyncio.run(run(args.readers, args.questions, args.seconds, args.kills, args.seed, args.timeout))


if __name__ == "__main__":
    sys.exit(main())
