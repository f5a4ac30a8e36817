"""Nothing a reader sent is lost when the bot dies: `kill -9` at the worst moments, a key that cannot be empty,
and one bot per token. The bot runs as `python -m bot` against the local Bot API server, which forgets an update
only when a later getUpdates offset confirms it, as Telegram does."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import sys
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from bot.conversation import answer_question
from bot.errors import SecretKeyError
from bot.knowledge import DEFAULT_KNOWLEDGE_DIR
from bot.matching import Index
from bot.store import Store
from bot.store.inbox import INBOX_FILE
from bot.store.schema import load_secret
from tests.botapi_server import TOKEN, BotAPIServer, RateLimits
from tests.conftest import webhook_bot
from tests.waiting import until

QUESTIONS = (
    "Liefert der Iran Drohnen an Russland?",
    "weisrussland atomwafen",
    "Nordkorea",
    "Kauft China russisches Öl?",
    "Syrien",
    "Does Iran send drones to Russia?",
    "Und Vietnam?",  # not a bare name: after an English question a bare name is answered in English
    "Welche Verbündeten hat Russland?",
)
FIRST_READER = 700_000


@dataclass
class BotProcess:
    """`python -m bot` as the container runs it, its stderr kept in a file."""

    process: asyncio.subprocess.Process
    stderr: Path

    @property
    def errors(self) -> str:
        return self.stderr.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)  # as the kernel's OOM killer or a power cut would


def environment(server: BotAPIServer, data_dir: Path) -> dict[str, str]:
    return {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": server.base_url,
            "KNOWLEDGE_DIR": str(DEFAULT_KNOWLEDGE_DIR), "DATA_DIR": str(data_dir), "WATCH_KNOWLEDGE": "0"}


@contextlib.asynccontextmanager
async def bot_process(env: dict[str, str], stderr: Path) -> AsyncIterator[BotProcess]:
    with stderr.open("ab") as sink:
        process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", env=env, stderr=sink)
    try:
        yield BotProcess(process, stderr)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


def inbox_states(data_dir: Path) -> dict[str, int]:
    path = data_dir / INBOX_FILE
    if not path.exists():
        return {}
    with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)) as conn:
        return dict(conn.execute("SELECT state, COUNT(*) FROM inbox GROUP BY state").fetchall())


def replies(server: BotAPIServer, reader: int) -> list[str]:
    return [message["_html"] for message in server.sent(reader)]


def expected(index: Index, questions: list[str], *, restart: int | None = None) -> list[str]:
    """What a reader who asked `questions` should see: one conversation ('Nordkorea' after Belarus's nuclear weapons
    is read on from it), which a restart before the `restart`-th question forgets (the bot keeps conversations in
    memory only)."""
    import datetime as dt

    seen: list[str] = []
    context = None
    for number, question in enumerate(questions):
        if number == restart:
            context = None
        reply = answer_question(index, question, "de", dt.date.today(), context=context)
        context = reply.context
        seen.append(reply.html)
    return seen


async def started(server: BotAPIServer, count: int = 1) -> None:
    """The bot is up and polling: it warmed up, published its menu (three calls) and asked for updates."""
    await server.wait_for_call("setMyCommands", count=3 * count, timeout=30)
    await until(lambda: server.request_counts["getUpdates"] > 0, what="the first poll")


@pytest.fixture(scope="module")
def index(shipped_index: Index) -> Index:
    return shipped_index


# ---------------------------------------------------------------- kill -9


async def test_questions_fetched_but_not_answered_when_the_bot_is_killed_are_answered_once_after_restart(
    tmp_path: Path, index: Index
) -> None:
    """Killed between fetch and answer: Telegram was told to forget the updates, the inbox was not."""
    data_dir = tmp_path / "data"
    asked = list(QUESTIONS[:6])  # one reader, paced at one reply a second after a burst of three
    async with BotAPIServer() as server:
        server.rate_limit = RateLimits()
        env = environment(server, data_dir)
        async with bot_process(env, tmp_path / "first.log") as first:
            await started(server)
            ids = [server.private_message(question, user_id=FIRST_READER)["update_id"] for question in asked]
            await until(lambda: server.confirmed_offset > max(ids) and inbox_states(data_dir).get("done", 0) >= 2,
                        what="the batch confirmed and two answers marked done")
            first.kill()
            await first.process.wait()
        answered_before = len(server.sent(FIRST_READER))
        assert answered_before < len(asked) and not server.unconfirmed_updates  # Telegram has forgotten them
        async with bot_process(env, tmp_path / "second.log") as second:
            await server.wait_for_call("sendMessage", count=len(asked), where=lambda call: call.ok, timeout=30)
            await until(lambda: inbox_states(data_dir) == {"done": len(asked)}, what="every update done")
            second.process.terminate()
            assert await second.process.wait() == 0
    # each once, in the order asked; the questions left from the first run start a new conversation
    assert replies(server, FIRST_READER) == expected(index, asked, restart=answered_before)
    assert f"handling {len(asked) - answered_before} update(s) left from the last run first" in second.errors


async def test_a_reply_telegram_took_as_the_bot_was_killed_is_sent_again_and_reported(
    tmp_path: Path, index: Index
) -> None:
    """Killed between answer and mark: the one case that cannot be told apart. The reader gets the answer
    (twice, rather than never) and the restart says how many replies may have gone out already."""
    data_dir = tmp_path / "data"
    async with BotAPIServer() as server:
        env = environment(server, data_dir)
        async with bot_process(env, tmp_path / "first.log") as first:
            await started(server)
            server.delay_next(1, 3.0, method="sendMessage")  # Telegram takes the reply, its answer is slow
            server.private_message(QUESTIONS[0], user_id=FIRST_READER)
            await until(lambda: any(call.method == "sendMessage" and not call.done for call in server.calls),
                        what="the reply on its way")
            await until(lambda: inbox_states(data_dir) == {"sending": 1}, what="the update marked as being answered")
            first.kill()
            await first.process.wait()
        await server.wait_for_call("sendMessage", where=lambda call: call.ok, timeout=10)  # it did arrive
        async with bot_process(env, tmp_path / "second.log") as second:
            await server.wait_for_call("sendMessage", count=2, where=lambda call: call.ok, timeout=30)
            await until(lambda: inbox_states(data_dir) == {"done": 1}, what="the update done")
            second.process.terminate()
            assert await second.process.wait() == 0
    assert replies(server, FIRST_READER) == expected(index, [QUESTIONS[0]]) * 2
    assert "handling 1 update(s) left from the last run first; 1 of them may have been answered already" \
        in second.errors


async def test_a_restart_with_a_backlog_answers_the_old_questions_before_the_new_in_each_chat(
    tmp_path: Path, index: Index
) -> None:
    data_dir = tmp_path / "data"
    readers = [FIRST_READER + n for n in range(4)]
    before = {reader: [QUESTIONS[(reader + k) % len(QUESTIONS)] for k in range(6)] for reader in readers}
    after = {reader: [QUESTIONS[(reader + k) % len(QUESTIONS)] for k in range(6, 8)] for reader in readers}
    async with BotAPIServer() as server:
        server.rate_limit = RateLimits()
        env = environment(server, data_dir)
        async with bot_process(env, tmp_path / "first.log") as first:
            await started(server)
            ids = [server.private_message(question, user_id=reader)["update_id"]
                   for k in range(6) for reader, questions in before.items() for question in questions[k:k + 1]]
            await until(lambda: server.confirmed_offset > max(ids) and inbox_states(data_dir).get("done", 0) >= 4,
                        what="the burst stored and confirmed")
            first.kill()
            await first.process.wait()
        answered_before = {reader: len(server.sent(reader)) for reader in readers}
        backlog = inbox_states(data_dir)
        assert backlog.get("new", 0) >= 8  # a real backlog in the inbox, not at Telegram
        for k in range(2):  # more questions while the bot is down: these wait at Telegram
            for reader, questions in after.items():
                server.private_message(questions[k], user_id=reader)
        total = sum(len(q) for q in before.values()) + sum(len(q) for q in after.values())
        async with bot_process(env, tmp_path / "second.log") as second:
            await server.wait_for_call("sendMessage", count=total, where=lambda call: call.ok, timeout=40)
            await until(lambda: inbox_states(data_dir) == {"done": total}, what="every update done")
            second.process.terminate()
            assert await second.process.wait() == 0
    for reader in readers:
        assert replies(server, reader) == expected(index, before[reader] + after[reader],
                                                   restart=answered_before[reader])


# ---------------------------------------------------------------- one bot per token, one per DATA_DIR


async def test_a_second_copy_with_the_same_token_stops_with_one_line_and_nothing_is_answered_twice(
    tmp_path: Path, index: Index
) -> None:
    async with BotAPIServer() as server:
        first_env = environment(server, tmp_path / "first")
        async with bot_process(first_env, tmp_path / "first.log") as first:
            await started(server)
            await_one = [server.private_message(QUESTIONS[n], user_id=FIRST_READER + n) for n in range(3)]
            await server.wait_for_call("sendMessage", count=len(await_one), where=lambda call: call.ok)
            async with bot_process(environment(server, tmp_path / "second"), tmp_path / "second.log") as second:
                code = await asyncio.wait_for(second.process.wait(), timeout=30)
                more = [server.private_message(QUESTIONS[n], user_id=FIRST_READER + n) for n in range(3)]
                await server.wait_for_call("sendMessage", count=len(await_one) + len(more),
                                           where=lambda call: call.ok, timeout=10)
            assert first.process.returncode is None  # the running bot keeps running
            first.process.terminate()
            assert await first.process.wait() == 0
    assert code == 1
    lines = second.errors.strip().splitlines()
    assert lines[-1] == ("allybot: another copy of the bot is polling Telegram with this TELEGRAM_BOT_TOKEN; "
                         "stop it first (only one may run per token)")
    for n in range(3):
        assert replies(server, FIRST_READER + n) == expected(index, [QUESTIONS[n]]) * 2  # asked twice, once each
    assert not (tmp_path / "second" / INBOX_FILE).exists() or inbox_states(tmp_path / "second") == {}


async def test_a_second_bot_on_the_same_data_dir_refuses_to_start(tmp_path: Path) -> None:
    async with BotAPIServer() as server:
        env = environment(server, tmp_path / "data")
        async with bot_process(env, tmp_path / "first.log") as first:
            await started(server)
            async with bot_process(env, tmp_path / "second.log") as second:
                assert await asyncio.wait_for(second.process.wait(), timeout=30) == 1
            assert first.process.returncode is None
    assert second.errors.strip().splitlines()[-1] == (
        f"allybot: another allybot is already running with DATA_DIR={tmp_path / 'data'}")


# ---------------------------------------------------------------- the reader-id key


@pytest.mark.parametrize("key", [b"", b"\x00" * 16], ids=["empty", "truncated"])
async def test_the_bot_refuses_to_start_on_a_key_too_short_to_be_one(tmp_path: Path, key: bytes) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "secret.key").write_bytes(key)
    async with BotAPIServer() as server, bot_process(environment(server, data_dir), tmp_path / "bot.log") as bot:
        assert await asyncio.wait_for(bot.process.wait(), timeout=30) == 1
    (line,) = bot.errors.strip().splitlines()
    assert line.startswith(f"allybot: {data_dir / 'secret.key'} holds {len(key)} byte(s), not a 32-byte key")
    assert (data_dir / "secret.key").read_bytes() == key  # left for the operator to restore, never replaced


def test_a_key_too_short_is_refused_by_the_store_too(tmp_path: Path) -> None:
    (tmp_path / "secret.key").write_bytes(b"short")
    with pytest.raises(SecretKeyError, match="holds 5 byte"):
        load_secret(tmp_path / "secret.key")


def test_processes_starting_at_once_on_a_fresh_data_dir_all_get_the_same_complete_key(tmp_path: Path) -> None:
    for attempt in range(30):
        path = tmp_path / str(attempt) / "secret.key"
        path.parent.mkdir()
        barrier = threading.Barrier(4)
        keys: list[bytes] = []

        def start(barrier: threading.Barrier = barrier, path: Path = path, keys: list[bytes] = keys) -> None:
            barrier.wait()
            keys.append(load_secret(path))

        threads = [threading.Thread(target=start) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(set(keys)) == 1 and len(keys[0]) == 32 and path.read_bytes() == keys[0]
        assert [p.name for p in path.parent.iterdir()] == ["secret.key"]  # no temporary file left behind


# ---------------------------------------------------------------- webhook mode


async def test_a_webhook_update_is_in_the_inbox_before_telegram_gets_its_200_and_a_resend_is_answered_once(
    knowledge_dir: Path, data_dir: Path, store: Store, shipped_index: Index
) -> None:
    async with webhook_bot(knowledge_dir, data_dir, store, shipped_index) as bot:
        server, url, headers = bot.server, bot.url, bot.headers
        server.delay_next(1, 1.0, method="sendMessage")  # the reply is still on its way when Telegram hears 200
        update = server.private_message(QUESTIONS[0], user_id=FIRST_READER)
        async with aiohttp.ClientSession() as http:
            async with http.post(url, json=update, headers=headers) as response:
                assert response.status == 200
                assert sum(inbox_states(data_dir).values()) == 1  # stored before the answer to Telegram
            async with http.post(url, json=update, headers=headers) as response:  # Telegram tries again
                assert response.status == 200
        await server.wait_for_call("sendMessage", where=lambda call: call.ok)
        await until(lambda: inbox_states(data_dir) == {"done": 1}, what="the update done")
    assert replies(server, FIRST_READER) == expected(shipped_index, [QUESTIONS[0]])
