"""A reader's own data in Telegram: /privacy says what is kept, /forget deletes it only after 'yes'."""

from __future__ import annotations

from typing import Any

from bot.texts import t
from tests.conftest import READER, RunningBot

OTHER_READER = 2002


def buttons(message: dict[str, Any]) -> list[str]:
    return [b["text"] for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


async def leave_traces(bot: RunningBot, user_id: int) -> None:
    """A question, a vote, an English language choice and an inline query: every kind of row."""
    await bot.ask("/lang en", user_id=user_id)
    card = await bot.ask("Liefert der Iran Drohnen an Russland?", user_id=user_id)
    bot.server.press_button(card, "👍", user_id=user_id)
    bot.server.inline_query("drohnen iran", user_id=user_id)
    await bot.server.wait_idle()


def rows_of(bot: RunningBot, user_id: int) -> dict[str, int]:
    key = bot.store.reader_key(user_id)
    return {table: bot.rows(f"SELECT COUNT(*) FROM {table} WHERE reader = ?", key)[0][0]
            for table in ("questions", "votes", "readers")}


async def test_privacy_says_what_is_stored_for_how_long_and_that_ids_are_hashed(bot: RunningBot) -> None:
    german = await bot.ask("/privacy")
    assert german["text"] == t("de", "privacy", days=bot.store.retention_days)
    assert "90 Tagen" in german["text"] and "HMAC-SHA256" in german["text"] and "/forget" in german["text"]
    english = await bot.ask("/privacy", language_code="en", user_id=OTHER_READER)
    assert "deleted after 90 days" in english["text"] and "keyed hash" in english["text"]


async def test_help_mentions_privacy(bot: RunningBot) -> None:
    assert "/privacy" in (await bot.ask("/help"))["text"]


async def test_forget_deletes_everything_about_the_reader_after_yes_and_nothing_of_others(bot: RunningBot) -> None:
    await leave_traces(bot, READER)
    await leave_traces(bot, OTHER_READER)
    assert rows_of(bot, READER) == {"questions": 2, "votes": 1, "readers": 1}

    question = await bot.ask("/forget")  # the reader chose English above
    assert question["text"] == t("en", "forget_confirm")
    assert buttons(question) == [t("en", "forget_yes"), t("en", "forget_no")]
    assert rows_of(bot, READER) == {"questions": 2, "votes": 1, "readers": 1}  # nothing before the button

    pressed = bot.server.press_button(question, t("en", "forget_yes"))
    await bot.server.wait_for_call("editMessageText")
    await bot.server.wait_idle()
    assert pressed["callback_query"]["id"] in bot.server.callback_answers
    (shown,) = [m for m in bot.server.sent(READER) if m["message_id"] == question["message_id"]]
    assert shown["text"] == t("en", "forgotten") and not buttons(shown)
    assert rows_of(bot, READER) == {"questions": 0, "votes": 0, "readers": 0}
    assert rows_of(bot, OTHER_READER) == {"questions": 2, "votes": 1, "readers": 1}
    assert (await bot.ask("/start"))["text"].startswith("Hallo!")  # the language choice is gone too


async def test_forget_cancelled_or_never_confirmed_deletes_nothing(bot: RunningBot) -> None:
    await leave_traces(bot, READER)
    before = rows_of(bot, READER)
    question = await bot.ask("/forget")
    await bot.ask("/forget")  # asked again, never confirmed
    bot.server.press_button(question, t("en", "forget_no"))
    await bot.server.wait_for_call("editMessageText")
    await bot.server.wait_idle()
    (shown,) = [m for m in bot.server.sent(READER) if m["message_id"] == question["message_id"]]
    assert shown["text"] == t("en", "forget_cancelled")
    assert rows_of(bot, READER) == before


async def test_forget_in_german_for_a_german_reader(bot: RunningBot) -> None:
    question = await bot.ask("/forget")
    assert question["text"].startswith("Soll ich alles löschen")
    bot.server.press_button(question, "Ja, alles löschen")
    await bot.server.wait_for_call("editMessageText")
    await bot.server.wait_idle()
    assert bot.server.sent_texts(READER)[0] == t("de", "forgotten")
