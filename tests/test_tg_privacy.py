"""Nothing the bot prints, says or stores gives away its token, its internals or who its readers are."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from bot.texts import t
from bot.tg import handlers as reader_handlers
from bot.tg.network import Timeouts
from tests.botapi_server import TOKEN
from tests.conftest import RunningBot, StartBot
from tests.waiting import until

SECRET_HALF = TOKEN.partition(":")[2]
READERS = (987_654_321_012, 987_654_321_013, 987_654_321_014)  # distinctive: a match cannot be a coincidence
QUICK = Timeouts(connect=1.0, read=1.0, write=1.0, pool=1.0)
INTERNALS = re.compile(r"Traceback|Error\b|Exception|\.py\b|/work/|line \d+|bot\d+:|127\.0\.0\.1")


def everything_said_to_readers(bot: RunningBot) -> list[str]:
    """Messages, edits and callback toasts the bot showed, as sent (HTML included)."""
    said = [str(call.params.get("text", "")) for call in bot.server.calls
            if call.method in ("sendMessage", "editMessageText", "answerCallbackQuery")]
    return [text for text in said if text]


def connections_refused(caplog: pytest.LogCaptureFixture) -> int:
    """How often the bot found nobody listening (httpcore logs each try at DEBUG)."""
    return sum(record.getMessage().startswith("connect_tcp.failed") for record in caplog.records)


async def test_through_faults_and_a_bug_at_debug_level_no_log_record_shows_the_token(
    start_bot: StartBot, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("bot", "telegram", "httpx", "httpcore"):
        caplog.set_level(logging.DEBUG, logger=name)
    async with start_bot(timeouts=QUICK) as bot:
        await bot.ask("Liefert der Iran Drohnen an Russland?")
        bot.server.fail_next(1, status=500, method="sendMessage")
        await bot.ask("weisrussland atomwafen")
        bot.server.drop_next(1, method="getUpdates")  # a connection closed without an answer
        await until(lambda: bot.server.pending_faults == 0, what="the bot's next poll, dropped")
        await bot.ask("Nordkorea", user_id=READERS[0])
        refused = connections_refused(caplog)
        await bot.server.set_unreachable(True)
        bot.server.private_message("Syrien", user_id=READERS[1])
        await until(lambda: connections_refused(caplog) > refused, what="a poll refused at the closed port")
        await bot.server.set_unreachable(False)
        await bot.server.wait_for_call("sendMessage", where=lambda call: call.params["chat_id"] == READERS[1],
                                       timeout=10)
        bot.server.delay_next(1, QUICK.read + 0.3, method="sendMessage")  # a timeout
        await bot.ask("Syrien", user_id=READERS[2])
        bot.server.fail_methods["answerCallbackQuery"] = (400, "Bad Request: query is too old")
        greeting = await bot.ask("/start")
        bot.server.press_button(greeting, "Iran")
        await bot.server.wait_for_call("answerCallbackQuery")

        def bug(*args: object, **kwargs: object) -> None:
            raise RuntimeError(f"internal detail: {bot.server.base_url}{TOKEN}/sendMessage failed")

        monkeypatch.setattr(reader_handlers, "answer_question", bug)
        apology = await bot.ask("Liefert der Iran Drohnen an Russland?")
        await bot.server.wait_idle()
        said = everything_said_to_readers(bot)
    assert apology["text"] == t("de", "error")
    httpx_lines = [record.getMessage() for record in caplog.records if record.name == "httpx"]
    assert any("/bot<TOKEN>/sendMessage" in line for line in httpx_lines)  # redacted, not merely absent
    assert any(record.exc_info for record in caplog.records)  # the bug's traceback is there...
    assert TOKEN not in caplog.text and SECRET_HALF not in caplog.text  # ...without the token
    for record in caplog.records:
        assert SECRET_HALF not in record.getMessage() and SECRET_HALF not in (record.exc_text or "")
    assert said and not [text for text in said if INTERNALS.search(text) or SECRET_HALF in text]


async def test_the_store_keeps_keyed_hashes_of_readers_never_their_ids(bot: RunningBot, data_dir: Path) -> None:
    for reader in READERS:
        card = await bot.ask("Liefert der Iran Drohnen an Russland?", user_id=reader)
        bot.server.press_button(card, "👍", user_id=reader)
        await bot.ask("/lang en", user_id=reader)
    asked = bot.server.inline_query("drohnen iran", user_id=READERS[0])
    (answer,) = await bot.server.wait_for_call("answerInlineQuery")
    bot.server.chosen_inline_result(asked, answer.params["results"][0]["id"])  # logged once the card is sent
    await bot.server.wait_idle()
    assert bot.rows("SELECT COUNT(*) FROM questions") == [(len(READERS) + 1,)]
    assert bot.rows("SELECT COUNT(*) FROM votes") == [(len(READERS),)]
    keys = {key for (key,) in bot.rows("SELECT reader FROM questions UNION SELECT reader FROM readers")}
    assert keys == {bot.store.reader_key(reader) for reader in READERS}
    assert all(re.fullmatch(r"[0-9a-f]{64}", key) for key in keys)
    dump = "\n".join(_dump(bot))
    files = b"".join(path.read_bytes() for path in data_dir.iterdir() if path.name.startswith("allybot.sqlite3"))
    for reader in READERS:
        assert str(reader) not in dump
        assert str(reader).encode() not in files
        assert reader.to_bytes(8, "big") not in files and reader.to_bytes(8, "little") not in files


def _dump(bot: RunningBot) -> list[str]:
    import sqlite3

    bot.store.flush()
    with sqlite3.connect(bot.store.path) as conn:
        return list(conn.iterdump())


async def test_at_debug_level_no_log_record_shows_a_readers_id_name_or_words(
    start_bot: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("bot", "telegram", "httpx", "httpcore"):
        caplog.set_level(logging.DEBUG, logger=name)
    reader = READERS[0]
    async with start_bot() as bot:
        (card,) = await bot.replies(lambda: bot.server.private_message(
            "Zwiebelkuchen, und liefert der Iran Drohnen an Russland?", user_id=reader, first_name="Kunigunde"),
            chat_id=reader)
        bot.server.press_button(card, "👍", user_id=reader)
        await bot.server.wait_for_call("answerCallbackQuery")
        bot.server.inline_query("zwiebelkuchen drohnen", user_id=reader)
        await bot.server.wait_for_call("answerInlineQuery")
    logged = caplog.text + "\n".join(record.getMessage() for record in caplog.records)
    assert "Processing update" in logged and "Calling Bot API endpoint `sendMessage`" in logged  # there, scrubbed
    for personal in (str(reader), "Kunigunde", "Zwiebelkuchen", "zwiebelkuchen", "Leser"):
        assert personal not in logged
