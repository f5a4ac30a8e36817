"""Moderators teach unanswered questions and review stale facts with one tap; readers see the result at once.

Over the local Bot API server, with the real bot, store and a copy of the fact base on disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.texts import t
from tests.conftest import MODERATOR, READER, TODAY, RunningBot
from tests.test_tg_moderation import as_moderator

# A trade question no fact answers: its editors list coal among the questions China's military goods do not
# answer (the model learned from readers took "importiert China russische ..." for them)
COAL = "Importiert China russische Kohle?"
COAL_AGAIN = "Importiert China Kohle aus Russland?"
TRADE_TOPIC_DE = "Handel und Sanktionen"
DRONES = "Liefert der Iran Drohnen an Russland?"
DRONES_TOPIC_DE = "Drohnen und Munition"
STALE_WARNING = "⚠️ Stand: Juni 2024 – das kann sich seither geändert haben."


def china_file(knowledge_dir: Path) -> Path:
    return knowledge_dir / "allies" / "china.yaml"


def iran_file(knowledge_dir: Path) -> Path:
    return knowledge_dir / "allies" / "iran.yaml"


async def tap(bot: RunningBot, message: dict[str, Any], label: str, *, user_id: int = MODERATOR,
              method: str = "editMessageText") -> dict[str, Any]:
    """Press a button; the message it edited (or the new one it sent), once the bot has done so."""
    calls = len(bot.server.calls_of(method))
    bot.server.press_button(message, label, user_id=user_id)
    await bot.server.wait_for_call(method, count=calls + 1)
    if method == "sendMessage":
        return bot.server.sent(user_id)[-1]
    return next(m for m in bot.server.sent(message["chat"]["id"]) if m["message_id"] == message["message_id"])


async def moderator_says(bot: RunningBot, text: str, count: int = 1, lang: str = "en") -> list[dict[str, Any]]:
    return await bot.replies(lambda: bot.server.private_message(text, user_id=MODERATOR, language_code=lang),
                             chat_id=MODERATOR, count=count)


def labels(message: dict[str, Any]) -> list[str]:
    return [b["text"] for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


def audit(bot: RunningBot) -> list[tuple[int, str]]:
    return bot.rows("SELECT moderator, action FROM audit ORDER BY id")


# ---------------------------------------------------------------- teaching


async def test_a_moderator_teaches_an_unanswered_question_with_one_tap_and_the_reader_gets_the_fact(
    bot: RunningBot, knowledge_dir: Path
) -> None:
    await bot.ask(COAL_AGAIN, user_id=5005)
    assert (await bot.ask(COAL))["text"].startswith(f"Zu „{COAL}“ habe ich leider keinen Fakt.")
    before = china_file(knowledge_dir).read_text(encoding="utf-8")

    report, card = await moderator_says(bot, "/unanswered", count=2)
    assert "2 in 1 group(s)" in report["text"]  # two wordings, one group
    assert card["text"].startswith(f"2× “{COAL}”\nalso: {COAL_AGAIN}")
    assert "➕ China: Trade and sanctions" in labels(card) and "🚫 No fact for this" in labels(card)

    done = await tap(bot, card, "➕ China: Trade and sanctions")
    assert done["text"].startswith(
        f"Taught: “{COAL}” (de) now leads to china-trade-sanctions-2025 – Trade and sanctions.")
    assert f"        - {COAL}\n" in china_file(knowledge_dir).read_text(encoding="utf-8")
    assert (await bot.ask(COAL))["text"].startswith(TRADE_TOPIC_DE)
    assert (await bot.ask(COAL_AGAIN))["text"].startswith(TRADE_TOPIC_DE)  # the other wording comes along
    (again,) = await as_moderator(bot, "/unanswered")
    assert again == "No unanswered or unsure questions in the last 7 day(s)."  # answered now: off the list

    undone = await tap(bot, done, "↩️ Undo")
    assert undone["text"].startswith(
        f"Taken back: “{COAL}” is no longer a question variant of china-trade-sanctions-2025")
    assert china_file(knowledge_dir).read_text(encoding="utf-8") == before  # byte for byte, comments and all
    assert not (await bot.ask(COAL))["text"].startswith(TRADE_TOPIC_DE)
    assert audit(bot) == [(MODERATOR, "teach"), (MODERATOR, "untaught")]


async def test_no_fact_for_this_hides_the_group_until_taken_back(bot: RunningBot) -> None:
    await bot.ask("Wie alt ist Kim Jong Un?")
    _, card = await moderator_says(bot, "/unanswered", count=2)
    hidden = await tap(bot, card, "🚫 No fact for this")
    assert hidden["text"] == "Hidden: “Wie alt ist Kim Jong Un?” no longer appears in /unanswered."
    (report,) = await as_moderator(bot, "/unanswered")
    assert report == "No unanswered or unsure questions in the last 7 day(s)."
    await tap(bot, hidden, "↩️ Undo")
    report, _ = await as_moderator(bot, "/unanswered", count=2)
    assert "1× Wie alt ist Kim Jong Un?" in report
    assert audit(bot) == [(MODERATOR, "dismiss"), (MODERATOR, "undismiss")]


# ---------------------------------------------------------------- reviewing


async def open_review(bot: RunningBot, fact_id: str, lang: str = "en") -> dict[str, Any]:
    (listing,) = await moderator_says(bot, "/stale", lang=lang)
    return await tap(bot, listing, fact_id, method="sendMessage")


async def test_still_true_replaces_the_readers_warning_with_the_date_it_was_checked(
    bot: RunningBot, knowledge_dir: Path
) -> None:
    assert STALE_WARNING in (await bot.ask(DRONES))["text"]
    before = iran_file(knowledge_dir).read_text(encoding="utf-8")
    card = await open_review(bot, "iran-drones-ammunition")
    assert card["text"].startswith("iran-drones-ammunition – allies/iran.yaml:")
    assert "as of 2024-06-20 · review after 2025-06-20" in card["text"]
    assert labels(card) == ["✅ Still true", "🗄 Retire", "↪️ Replaced by …"]

    done = await tap(bot, card, "✅ Still true")
    assert done["text"].startswith("✅ iran-drones-ammunition is still true: checked on 2026-01-15, "
                                   "next review after 2027-01-15.")
    text = iran_file(knowledge_dir).read_text(encoding="utf-8")
    assert "    review_after: 2027-01-15\n    reviewed_on: 2026-01-15\n" in text
    answer = (await bot.ask(DRONES))["text"]
    assert "✅ geprüft am 15.01.2026" in answer and "⚠️" not in answer
    (stale,) = await as_moderator(bot, "/stale")
    assert "iran-drones-ammunition" not in stale

    await tap(bot, done, "↩️ Undo")
    assert iran_file(knowledge_dir).read_text(encoding="utf-8") == before
    assert STALE_WARNING in (await bot.ask(DRONES))["text"]
    assert audit(bot) == [(MODERATOR, "still-true"), (MODERATOR, "review-undo")]


async def test_a_retired_fact_is_never_answered_and_listed_until_answered_again(
    bot: RunningBot, knowledge_dir: Path
) -> None:
    before = iran_file(knowledge_dir).read_text(encoding="utf-8")
    card = await open_review(bot, "iran-drones-ammunition")
    done = await tap(bot, card, "🗄 Retire")
    assert done["text"].startswith("🗄 iran-drones-ammunition is retired: it stays in allies/iran.yaml")
    assert "    retired: true\n" in iran_file(knowledge_dir).read_text(encoding="utf-8")
    assert not (await bot.ask(DRONES))["text"].startswith(DRONES_TOPIC_DE)
    iran = await bot.ask("Iran")
    assert DRONES_TOPIC_DE not in iran["text"]  # not among the ally's topics either
    (retired,) = await as_moderator(bot, "/stale retired")
    assert "iran-drones-ammunition" in retired

    await tap(bot, done, "↩️ Undo")
    assert iran_file(knowledge_dir).read_text(encoding="utf-8") == before
    assert (await bot.ask(DRONES))["text"].startswith(DRONES_TOPIC_DE)
    assert audit(bot) == [(MODERATOR, "retire"), (MODERATOR, "unretire")]


async def test_replaced_by_names_the_newer_fact_and_undo_takes_it_back(bot: RunningBot, knowledge_dir: Path) -> None:
    before = iran_file(knowledge_dir).read_text(encoding="utf-8")
    card = await open_review(bot, "iran-drones-ammunition")
    menu = await tap(bot, card, "↪️ Replaced by …")
    assert menu["text"] == "Which newer fact replaces iran-drones-ammunition?"
    choice = next(label for label in labels(menu) if label.startswith("Iran: "))
    done = await tap(bot, menu, choice)
    assert done["text"].startswith("↪️ iran-drones-ammunition is now replaced by iran-")
    assert "    superseded_by: iran-" in iran_file(knowledge_dir).read_text(encoding="utf-8")
    await tap(bot, done, "↩️ Undo")
    assert iran_file(knowledge_dir).read_text(encoding="utf-8") == before
    assert audit(bot) == [(MODERATOR, "supersede"), (MODERATOR, "review-undo")]


async def test_a_german_moderator_reviews_in_german(bot: RunningBot) -> None:
    card = await open_review(bot, "iran-drones-ammunition", lang="de")
    assert labels(card) == ["✅ Stimmt noch", "🗄 Stilllegen", "↪️ Ersetzt durch …"]
    stale_count = sum(e.needs_review(TODAY) for e in bot.live.kb.entries)
    assert bot.server.sent(MODERATOR)[-2]["text"].startswith(f"{stale_count} Fakt(en) nach ihrem Prüfdatum")


# ---------------------------------------------------------------- nobody else


async def test_readers_cannot_use_moderators_buttons(bot: RunningBot, knowledge_dir: Path) -> None:
    reader_card = await bot.ask(COAL)
    on_disk = {path: path.read_bytes() for path in (china_file(knowledge_dir), iran_file(knowledge_dir))}
    _, card = await moderator_says(bot, "/unanswered", count=2)
    review = await open_review(bot, "iran-drones-ammunition")
    forged = [button["callback_data"] for message in (card, review)
              for row in message["reply_markup"]["inline_keyboard"] for button in row]
    assert len(forged) == 7  # three facts and "no fact"; still true, retire, replaced by
    for data in forged:  # a reader who got hold of the data sends it with a message of their own
        (notice,) = await bot.replies(lambda d=data: bot.server.callback_query(d, message=reader_card, user_id=READER),
                                      chat_id=READER)
        assert notice["text"] == t("en", "stale_button")  # the language the button was made in
    assert {path: path.read_bytes() for path in on_disk} == on_disk
    assert bot.rows("SELECT COUNT(*) FROM audit") == [(0,)]
    for command in ("/stale", "/stale retired", "/unanswered", "/fact"):
        assert (await bot.ask(command))["text"] == t("de", "unknown_command")


# ---------------------------------------------------------------- comfort


async def test_fact_without_an_id_lists_the_ids_by_ally(bot: RunningBot) -> None:
    (listing,) = await as_moderator(bot, "/fact")
    assert listing.startswith(f"Facts by ally ({len(bot.live.kb.entries)}); /fact ID shows one as readers see it:")
    assert "\nIran: iran-sanctions-cooperation, iran-drones-ammunition, " in listing and "\nOverview: " in listing
