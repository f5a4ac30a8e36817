"""Hostile input through the real handlers: whatever arrives, Telegram accepts every reply and nothing escapes.

Each example goes through the local Bot API server, whose validators are Telegram's: HTML must parse,
texts fit 4,096 characters, callback_data 64 bytes; a reply that breaks a rule comes back `ok: false`.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram.ext import ContextTypes

from bot.texts import t
from tests.conftest import RunningBot
from tests.waiting import until

FIRST_READER = 70_000
GROUPS = -100_700_000  # minus a reader id: a group each, since Telegram allows a group 20 messages a minute
METACHARACTERS = st.sampled_from([*"<>&\"'*_`[]()~#+-=|{}.!\\/\x00\x1b\x7f\u200b\u202e\ufeff", "<b>", "</i>",
                                  "&amp;", "&#0;", "<a href='javascript:x'>", "**", "__", "```", "<blockquote>",
                                  "@allybot_test_bot", "/start", "Iran", "Drohnen"])
TEXTS = st.one_of(
    st.text(max_size=200),
    st.lists(METACHARACTERS, max_size=60).map("".join),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=4_000, max_size=9_000),  # beyond the input limit
    st.sampled_from(["", " ", "\n\t", "\x00", "\u200b"]),
)
CALLBACK_DATA = st.one_of(
    st.text(max_size=64).filter(lambda data: len(data.encode()) <= 64),  # Telegram's limit for real clients
    st.tuples(st.sampled_from("faAlvdx"), st.sampled_from(["de", "en", "fr", ""]), st.text(max_size=40)).map(
        lambda parts: "|".join(parts)),
    st.sampled_from(["f|de|iran-drones-ammunition", "v|en|+iran-drones-ammunition", "v|de|-no-such-fact",
                     "a|de|atlantis", "l|en|", "f|de|", "v|de|", "d|de|yes", "d|en|no", "d|de|", "||", "|"]),
)
readers = itertools.count(FIRST_READER)
EXAMPLES = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture
async def watched(bot: RunningBot) -> RunningBot:
    """The bot with a second error handler that records what reaches it (the bot's own still runs)."""
    errors: list[BaseException] = []

    async def record(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert context.error is not None
        errors.append(context.error)

    bot.app.add_error_handler(record)
    bot.app.bot_data["fuzz_errors"] = errors
    return bot


def _errors(bot: RunningBot) -> list[BaseException]:
    errors: list[BaseException] = bot.app.bot_data["fuzz_errors"]
    return errors


async def _settle(bot: RunningBot, calls_before: int, method: str, chat_id: int | None = None) -> list[Any]:
    """Wait for the bot's `method` call (to `chat_id`) and until it is idle; its calls since `calls_before`,
    each of which "Telegram" must have accepted."""
    def answered() -> bool:
        return any(call.method == method and call.done and chat_id in (None, call.params.get("chat_id"))
                   for call in bot.server.calls[calls_before:])

    await until(answered, what=f"a {method}")
    await bot.server.wait_idle(quiet=0.05)
    calls = bot.server.calls[calls_before:]
    refused = [str(call) for call in calls if not call.ok and call.method != "sendChatAction"]
    assert not refused
    assert not _errors(bot)
    for call in calls:
        rows = (call.params.get("reply_markup") or {}).get("inline_keyboard", [])
        assert all(len(button["callback_data"].encode()) <= 64 for row in rows for button in row)
    return calls


@EXAMPLES
@given(text=TEXTS, in_group=st.booleans())
async def test_any_message_gets_one_reply_telegram_accepts(watched: RunningBot, text: str, in_group: bool) -> None:
    bot, reader, before = watched, next(readers), len(watched.server.calls)
    chat = GROUPS - reader if in_group else reader
    if in_group:
        bot.server.group_message(f"@allybot_test_bot {text}", user_id=reader, chat_id=chat)
    else:
        bot.server.private_message(text, user_id=reader)
    calls = await _settle(bot, before, "sendMessage", chat)
    sent = [call for call in calls if call.method == "sendMessage" and call.params["chat_id"] == chat]
    assert len(sent) == 1
    assert len(sent[0].response["result"]["text"]) <= 4096  # type: ignore[index]


@EXAMPLES
@given(data=CALLBACK_DATA, on_card=st.booleans())
async def test_any_button_press_is_answered_politely(watched: RunningBot, data: str, on_card: bool) -> None:
    """Forged, stale or valid: the spinner stops and the reader sees something sensible, never an error."""
    bot, reader = watched, next(readers)
    markup = {"inline_keyboard": [[{"text": "?", "callback_data": "l|de|"}]]}
    earlier = bot.server.earlier_bot_message("Eine ältere Karte" if on_card else "Hallo!", user_id=reader,
                                             reply_markup=markup)
    before = len(bot.server.calls)
    update = bot.server.callback_query(data, message=earlier, user_id=reader)
    calls = await _settle(bot, before, "answerCallbackQuery")
    assert update["callback_query"]["id"] in bot.server.callback_answers  # every spinner stops
    texts = [call.params["text"] for call in calls if call.method in ("sendMessage", "editMessageText")]
    toasts = [call.params.get("text") for call in calls if call.method == "answerCallbackQuery"]
    polite = {t(lang, "stale_button") for lang in ("de", "en")} | {t(lang, "feedback_thanks") for lang in ("de", "en")}
    assert set(texts) & polite or set(toasts) & polite or any(call.method == "editMessageText" for call in calls)
    assert all(t(lang, "error") not in texts + toasts for lang in ("de", "en"))


@EXAMPLES
@given(query=st.one_of(st.text(max_size=256), st.lists(METACHARACTERS, max_size=40).map("".join)))
async def test_any_inline_query_gets_cards_telegram_accepts(watched: RunningBot, query: str) -> None:
    bot, before = watched, len(watched.server.calls)
    update = bot.server.inline_query(query, user_id=next(readers))
    await _settle(bot, before, "answerInlineQuery")
    assert update["inline_query"]["id"] in bot.server.inline_answers

