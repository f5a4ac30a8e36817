"""The day a story breaks: many readers at once, Telegram's limits, a flaky network, a restart.

Every test runs the real Application against the local Bot API server; faults are the server's
knobs (500s, dropped connections, slow answers, a closed port), rate limits are Telegram's.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import random
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.context import Context
from bot.conversation import answer_question
from bot.factbase.live import LiveKnowledge
from bot.knowledge import DEFAULT_KNOWLEDGE_DIR
from bot.matching import Index
from bot.store import DB_FILE, Store
from bot.tg.network import Timeouts
from bot.tg.pacing import TELEGRAM_LIMITS
from tests.botapi_server import TOKEN, BotAPIServer, RateLimits
from tests.conftest import MODERATOR, READER, TODAY, RunningBot, StartBot, webhook_bot
from tests.waiting import until

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
"""Each gets a different reply, so the order of a reader's answers shows."""

FIRST_READER = 50_000
QUICK = Timeouts(connect=1.0, read=1.0, write=1.0, pool=1.0)  # so that a timeout costs a second, not five


def plan_burst(readers: int, questions: int, seed: int = 6) -> list[tuple[int, str]]:
    """(reader, question) in the order they arrive: every reader asks at least once, some several times."""
    rng = random.Random(seed)
    asked = list(range(readers)) + [rng.randrange(readers) for _ in range(questions - readers)]
    rng.shuffle(asked)
    seen: Counter[int] = Counter()
    plan = []
    for reader in asked:
        plan.append((FIRST_READER + reader, QUESTIONS[(reader + seen[reader]) % len(QUESTIONS)]))
        seen[reader] += 1
    return plan


def expected_replies(index: Index, plan: list[tuple[int, str]], today: dt.date = TODAY, *,
                     restart: int | None = None) -> dict[int, list[str]]:
    """What each reader should see, in order: the conversation core's HTML for each question, a reader's questions
    one conversation ('Nordkorea' after a question about Kim is read on from it), which a restart before the
    `restart`-th question of the plan forgets (the bot keeps conversations in memory only)."""
    replies: dict[int, list[str]] = {}
    talks: dict[int, Context | None] = {}
    for number, (reader, question) in enumerate(plan):
        if number == restart:
            talks.clear()
        reply = answer_question(index, question, "de", today, context=talks.get(reader))
        talks[reader] = reply.context
        replies.setdefault(reader, []).append(reply.html)
    return replies


async def inject_over(bot: RunningBot, plan: list[tuple[int, str]], seconds: float) -> None:
    """Readers write in groups of ten, spread evenly over `seconds`.

    The pause is the traffic's shape (a load generator spacing its messages), not a wait for the bot.
    """
    for number, (reader, question) in enumerate(plan, start=1):
        bot.server.private_message(question, user_id=reader)
        if number % 10 == 0:
            await asyncio.sleep(seconds * 10 / len(plan))


async def all_answered(bot: RunningBot, expected: dict[int, list[str]], timeout: float) -> None:
    total = sum(len(replies) for replies in expected.values())
    await bot.server.wait_for_call("sendMessage", count=total, timeout=timeout, where=lambda call: call.ok)
    await bot.server.wait_idle(quiet=0.3, timeout=timeout)


def html_sent(bot: RunningBot, chat: int) -> list[str]:
    return [message["_html"] for message in bot.server.sent(chat)]


def warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.levelno >= logging.WARNING]


# ---------------------------------------------------------------- load


async def test_a_burst_of_200_questions_from_60_readers_gets_every_answer_once_in_order(
    start_bot: StartBot, shipped_index: Index, caplog: pytest.LogCaptureFixture
) -> None:
    plan = plan_burst(readers=60, questions=200)
    expected = expected_replies(shipped_index, plan)

    def telegram_limits(server: Any) -> None:
        server.rate_limit = RateLimits()  # 1 a second per chat (bursts of 3), 30 a second overall

    async with start_bot(prepare=telegram_limits, limits=TELEGRAM_LIMITS) as bot:
        started = time.monotonic()
        await inject_over(bot, plan, seconds=1.0)
        await all_answered(bot, expected, timeout=30)
        took = time.monotonic() - started
        for reader, replies in expected.items():
            assert html_sent(bot, reader) == replies, f"reader {reader}"
        assert bot.rows("SELECT COUNT(*) FROM questions") == [(len(plan),)]
        assert bot.store.dropped == 0
    assert took < 20
    assert not [record for record in warnings(caplog) if record.name.startswith("bot")]


# ---------------------------------------------------------------- faults


# Each outage lasts OUTAGE seconds and returns once the bot has met it: the long poll under way when it
# began has ended, so what readers write from then on can only arrive after the outage.


async def next_poll_meets_it(server: BotAPIServer) -> None:
    """Returns once the bot's next getUpdates reached the server (a fault knob set before it applies to it)."""
    polls = server.request_counts["getUpdates"]
    await until(lambda: server.request_counts["getUpdates"] > polls, timeout=OUTAGE,
                what="the bot's next poll, within the outage")


async def server_errors(server: BotAPIServer) -> None:
    server.fail_for(OUTAGE, status=500)
    await next_poll_meets_it(server)


async def closed_connections(server: BotAPIServer) -> None:
    server.drop_for(OUTAGE)
    await next_poll_meets_it(server)


async def timeouts(server: BotAPIServer) -> None:
    server.delay_next(1, OUTAGE + 1.0, method="getUpdates")  # longer than a poll may take: 1 s + QUICK.read
    await next_poll_meets_it(server)


async def unreachable(server: BotAPIServer) -> None:
    await server.set_unreachable(True)  # aborts the long poll under way: the bot meets the outage at once
    asyncio.get_running_loop().call_later(OUTAGE, lambda: asyncio.ensure_future(server.set_unreachable(False)))


OUTAGE = 2.0


@pytest.mark.parametrize("outage", [server_errors, closed_connections, timeouts, unreachable])
async def test_after_an_outage_the_bot_answers_what_arrived_meanwhile_and_logs_it_once(
    start_bot: StartBot, shipped_index: Index, caplog: pytest.LogCaptureFixture,
    outage: Callable[[BotAPIServer], Awaitable[None]],
) -> None:
    plan = [(FIRST_READER + reader, QUESTIONS[reader]) for reader in range(5)]
    expected = expected_replies(shipped_index, plan)
    async with start_bot(timeouts=QUICK) as bot:
        polls = bot.server.request_counts["getUpdates"]
        # the polls that reach the server while the outage lasts, not those after it: how many it takes to answer
        # once the server is back depends on how busy the machine is
        during: list[int] = []
        asyncio.get_running_loop().call_later(
            OUTAGE, lambda: during.append(bot.server.request_counts["getUpdates"] - polls))
        with caplog.at_level(logging.DEBUG, logger="bot"):
            await outage(bot.server)
            for reader, question in plan:
                bot.server.private_message(question, user_id=reader)
            await all_answered(bot, expected, timeout=15)
        for reader, replies in expected.items():
            assert html_sent(bot, reader) == replies
        assert bot.rows("SELECT COUNT(*) FROM questions") == [(len(plan),)]
    assert during and during[0] <= 6  # backing off, not hammering the server
    lines = [record.getMessage() for record in warnings(caplog)]
    stale_poll = "another getUpdates request with this token ended ours"  # the timed-out poll, answered late
    said = [line.split(" (")[0] for line in lines if not line.startswith(stale_poll)]
    # One line for the outage; on a loaded machine a late poll can make it look over and begun again once.
    assert said and set(said) == {"Telegram Bot API not answering"} and len(said) <= 2
    assert any("answering again" in record.getMessage() for record in caplog.records)
    assert not [record for record in caplog.records if record.exc_info]  # no traceback per failed request


async def test_a_send_answered_with_500_once_is_sent_again(start_bot: StartBot) -> None:
    async with start_bot() as bot:
        bot.server.fail_next(1, status=500, method="sendMessage")
        reply = await bot.ask("Liefert der Iran Drohnen an Russland?")
        assert "Drohnen und Munition" in reply["text"]
        assert [call.status for call in bot.server.calls_of("sendMessage")] == [500, 200]
        assert len(bot.server.sent(READER)) == 1


async def test_a_send_that_times_out_is_not_repeated_and_arrives_once(
    start_bot: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    """Telegram may deliver a message whose answer timed out: sending again could show it twice."""
    async with start_bot(timeouts=QUICK) as bot:
        bot.server.delay_next(1, QUICK.read + 0.5, method="sendMessage")
        reply = await bot.ask("Liefert der Iran Drohnen an Russland?")
        await bot.server.wait_idle()
        assert "Drohnen und Munition" in reply["text"]
        assert len(bot.server.calls_of("sendMessage")) == 1 and len(bot.server.sent(READER)) == 1  # no apology
    assert any("TimedOut" in record.getMessage() for record in warnings(caplog))


async def test_an_answer_in_hand_when_telegram_goes_away_is_sent_when_it_is_back(
    start_bot: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot.tg.network")

    def failed_sends() -> int:
        return sum("sendMessage failed; trying again" in record.getMessage() for record in caplog.records)

    async with start_bot() as bot:
        bot.server.delay_next(1, 0.5, method="sendChatAction")
        bot.server.private_message("Liefert der Iran Drohnen an Russland?")
        await until(lambda: bot.server.calls_of("sendChatAction"))  # the question is in hand
        await bot.server.set_unreachable(True)
        await until(lambda: failed_sends() >= 2, what="the answer tried twice while Telegram is away")
        assert not bot.server.sent(READER)
        await bot.server.set_unreachable(False)
        (answer,) = await bot.server.wait_for_call("sendMessage", where=lambda call: call.ok, timeout=10)
        assert "Drohnen und Munition" in answer.params["text"]
        await bot.server.wait_idle()
        assert len(bot.server.sent(READER)) == 1


# ---------------------------------------------------------------- webhook mode


async def test_webhook_mode_answers_telegram_at_once_and_the_reader_after(
    knowledge_dir: Path, data_dir: Path, store: Store, shipped_index: Index
) -> None:
    """Telegram waits for the webhook's HTTP answer (and retries if it is slow): the work comes after."""
    async with webhook_bot(knowledge_dir, data_dir, store, shipped_index) as bot:
        server, url, headers = bot.server, bot.url, bot.headers
        server.delay_next(1, 1.0, method="sendChatAction")  # the handler is busy for a second
        async with aiohttp.ClientSession() as http:
            started = time.monotonic()
            async with http.post(url, json=server.private_message(QUESTIONS[0]), headers=headers) as response:
                assert response.status == 200
            answered_telegram = time.monotonic() - started
            assert answered_telegram < 0.5 and not server.calls_of("sendMessage")
            (answer,) = await server.wait_for_call("sendMessage", timeout=5)
            assert answer.ok and answer.at - started >= 1.0
            # acknowledged with 200 just before stopping: Telegram will not send it again, so it is answered
            async with http.post(url, json=server.private_message(QUESTIONS[1], user_id=FIRST_READER),
                                 headers=headers) as response:
                assert response.status == 200
    assert server.sent_texts(FIRST_READER) and "Atomwaffen" in server.sent_texts(FIRST_READER)[0]


# ---------------------------------------------------------------- stopping and starting again


async def test_sigterm_answers_every_acknowledged_update_and_a_restart_loses_nothing(tmp_path: Path) -> None:
    """`docker stop`, then start: each question is answered exactly once, and the log keeps every row."""
    today = dt.date.today()  # the bot process runs on the real date
    index = LiveKnowledge.load(DEFAULT_KNOWLEDGE_DIR)
    assert isinstance(index, LiveKnowledge)
    busy_reader = [(READER, question) for question in QUESTIONS[:5]]  # paced at one a second: in hand for ~2 s
    before = busy_reader + [(FIRST_READER + reader, QUESTIONS[reader]) for reader in range(5)]
    after = [(FIRST_READER + reader, QUESTIONS[reader + 1]) for reader in range(3)]
    async with BotAPIServer() as server:
        server.rate_limit = RateLimits()
        environment = {
            **os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": server.base_url,
            "KNOWLEDGE_DIR": str(DEFAULT_KNOWLEDGE_DIR), "DATA_DIR": str(tmp_path / "data"), "WATCH_KNOWLEDGE": "0",
        }
        async with bot_process(environment) as first:
            await server.wait_for_call("setMyCommands", count=3, timeout=20)
            ids = [server.private_message(question, user_id=reader)["update_id"] for reader, question in before]
            await server.wait_for_call("sendMessage", where=lambda call: call.ok, timeout=10)
            in_hand = len(before) - len([call for call in server.calls_of("sendMessage") if call.ok])
            started = time.monotonic()
            first.terminate()  # SIGTERM, as `docker stop` sends it
            await asyncio.wait_for(first.wait(), timeout=10)
            stopped_in = time.monotonic() - started
        assert in_hand >= 3 and first.returncode == 0 and stopped_in < 5
        assert server.confirmed_offset > max(ids)  # every update was acknowledged to Telegram...
        answered = sum(len(server.sent(chat)) for chat in {reader for reader, _ in before})
        assert answered == len(before)  # ...so each had to be answered before the bot exited
        for reader, question in after:  # while the bot is down
            server.private_message(question, user_id=reader)
        async with bot_process(environment) as second:
            await server.wait_for_call("sendMessage", count=len(before) + len(after), where=lambda call: call.ok,
                                       timeout=20)
            second.terminate()
            await asyncio.wait_for(second.wait(), timeout=10)
    for reader, replies in expected_replies(index.index, before + after, today, restart=len(before)).items():
        assert [message["_html"] for message in server.sent(reader)] == replies
    reopened = Store.open(tmp_path / "data")
    try:
        assert reopened.stats(1).questions + reopened.stats(1).small_talk == len(before) + len(after)
    finally:
        reopened.close()


@contextlib.asynccontextmanager
async def bot_process(environment: dict[str, str]) -> AsyncIterator[asyncio.subprocess.Process]:
    """`python -m bot` as the container runs it; killed if the test leaves it running."""
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", env=environment,
                                                   stderr=asyncio.subprocess.DEVNULL)
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


# ---------------------------------------------------------------- a store in trouble


async def test_a_locked_question_log_still_answers_every_reader_and_alerts_moderators_once(
    start_bot: StartBot, data_dir: Path, shipped_index: Index
) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    store = Store(data_dir / DB_FILE, secret=b"k" * 32, busy_timeout=0.1)  # gives up on a lock quickly
    store.start()
    plan = plan_burst(readers=10, questions=30)
    expected = expected_replies(shipped_index, plan)
    try:
        async with start_bot(store=store) as bot:
            await bot.ask("/start", user_id=MODERATOR)  # moderators have a chat with the bot
            with sqlite3.connect(store.path, isolation_level=None) as other:
                other.execute("BEGIN EXCLUSIVE")  # another process holds the database
                await inject_over(bot, plan, seconds=0.5)
                await all_answered(bot, expected, timeout=20)
                bot.store.flush()
                other.execute("ROLLBACK")
            for reader, replies in expected.items():
                assert html_sent(bot, reader) == replies
            alerts = [text for text in bot.server.sent_texts(MODERATOR) if "no longer being logged" in text]
            assert len(alerts) == 1 and "locked" in alerts[0]
            assert bot.store.dropped > 0
            await bot.ask(QUESTIONS[0], user_id=READER)  # the lock is gone: logging works again
            assert bot.rows("SELECT COUNT(*) FROM questions")[0][0] >= 1
            assert bot.store.degraded is None
    finally:
        store.close()
