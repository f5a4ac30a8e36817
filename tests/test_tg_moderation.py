"""What moderators see in Telegram: live reload, uploads, commands, and that nobody else sees any of it."""

from __future__ import annotations

from pathlib import Path

from bot.texts import t
from tests.conftest import MODERATOR, READER, RunningBot, StartBot, shipped_line
from tests.waiting import until

DRONES_QUESTION = "Liefert der Iran Drohnen an Russland?"
OLD_ANSWER = "Der Iran hat Russland mit Drohnen und Munition versorgt."
NEW_ANSWER = "Der Iran hat Russland nachweislich mit Drohnen und Munition versorgt (neu geprüft)."
GOOD_QUOTE = "    quote: Russland wurde vom Iran mit Drohnen"
NOT_VERBATIM = (f"allies/iran.yaml:{shipped_line('allies/iran.yaml', GOOD_QUOTE)}: quote of fact "
                "'iran-drones-ammunition' is not verbatim")
BAD_QUOTE = "    quote: Russland bekam vom Iran Drohnen"  # not verbatim in the archived article


def iran_file(knowledge_dir: Path) -> Path:
    return knowledge_dir / "allies" / "iran.yaml"


def edited(knowledge_dir: Path, old: str, new: str) -> str:
    text = iran_file(knowledge_dir).read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new)


async def as_moderator(bot: RunningBot, text: str, count: int = 1, *, language_code: str = "en") -> list[str]:
    """The moderator writes (from a Telegram app in English unless told otherwise); the bot's next replies."""
    replies = await bot.replies(
        lambda: bot.server.private_message(text, user_id=MODERATOR, language_code=language_code), chat_id=MODERATOR,
        count=count)
    return [reply["text"] for reply in replies]


# ---------------------------------------------------------------- live reload


async def test_a_moderators_edit_on_disk_is_the_next_answer(start_bot: StartBot, knowledge_dir: Path) -> None:
    async with start_bot(watch=True) as bot:
        assert OLD_ANSWER in (await bot.ask(DRONES_QUESTION))["text"]
        version = bot.live.kb.version
        new_text = edited(knowledge_dir, OLD_ANSWER, NEW_ANSWER)

        def save() -> None:
            iran_file(knowledge_dir).write_text(new_text, encoding="utf-8")

        save()
        await until(lambda: bot.live.kb.version != version, nudge=save)
        assert NEW_ANSWER in (await bot.ask(DRONES_QUESTION))["text"]


async def test_a_broken_edit_keeps_the_old_answers_and_tells_the_moderators_until_it_is_fixed(
    start_bot: StartBot, knowledge_dir: Path
) -> None:
    async with start_bot(watch=True) as bot:
        await as_moderator(bot, "/start")  # a bot can only message people who opened a chat with it
        version = bot.live.kb.version
        good = iran_file(knowledge_dir).read_text(encoding="utf-8")
        broken = edited(knowledge_dir, GOOD_QUOTE, BAD_QUOTE)

        def save() -> None:
            iran_file(knowledge_dir).write_text(broken, encoding="utf-8")

        save()
        await until(lambda: len(bot.server.sent(MODERATOR)) == 2, nudge=save)
        alert = bot.server.sent(MODERATOR)[1]
        assert alert["text"].startswith("⚠️ The fact base was not reloaded.")
        assert NOT_VERBATIM in alert["text"]
        assert bot.live.kb.version == version
        assert OLD_ANSWER in (await bot.ask(DRONES_QUESTION))["text"]
        assert len(bot.server.sent(MODERATOR)) == 2  # one alert, not one per file event

        fixed = good.replace(OLD_ANSWER, NEW_ANSWER)  # the good quote again, and a new answer

        def fix() -> None:
            iran_file(knowledge_dir).write_text(fixed, encoding="utf-8")

        fix()
        await until(lambda: len(bot.server.sent(MODERATOR)) == 3, nudge=fix)
        assert bot.server.sent(MODERATOR)[2]["text"].startswith("✅ The fact base loads again")
        assert NEW_ANSWER in (await bot.ask(DRONES_QUESTION))["text"]


async def test_many_questions_during_reloads_lose_no_log_row(bot: RunningBot) -> None:
    readers = range(3001, 3021)
    questions = ["Liefert der Iran Drohnen an Russland?", "Wie alt ist Kim Jong Un?", "Nordkorea", "China Öl",
                 "Hat Belarus Atomwaffen?"]

    def burst() -> None:
        bot.server.private_message("/start", user_id=MODERATOR)
        for n, text in enumerate(questions):
            for reader in readers:
                bot.server.private_message(text, user_id=reader)
            if n % 2 == 0:
                bot.server.private_message("/reload", user_id=MODERATOR)

    burst()
    expected = len(readers) * len(questions)
    await until(lambda: sum(len(bot.server.sent(reader)) for reader in readers) == expected
                     and len(bot.server.sent(MODERATOR)) == 4, timeout=20)
    await bot.server.wait_idle()
    assert bot.rows("SELECT COUNT(*) FROM questions") == [(expected,)]
    assert bot.rows("SELECT COUNT(DISTINCT reader) FROM questions") == [(len(readers),)]
    assert len(bot.rows("SELECT * FROM audit WHERE action = 'reload'")) == 3
    for reader in readers:  # every reader got every answer, in order
        texts = bot.server.sent_texts(reader)
        assert len(texts) == len(questions) and texts[1].startswith("Zu „Wie alt ist Kim Jong Un?“")


# ---------------------------------------------------------------- uploads


async def test_a_good_upload_is_saved_kept_in_history_and_answered_at_once(
    bot: RunningBot, knowledge_dir: Path
) -> None:
    before = bot.live.kb.version
    content = edited(knowledge_dir, OLD_ANSWER, NEW_ANSWER).encode()
    (summary,) = await bot.replies(lambda: bot.server.document(content, "iran.yaml", user_id=MODERATOR),
                                   chat_id=MODERATOR)
    assert summary["text"].startswith("✅\nallies/iran.yaml saved: changed: iran-drones-ammunition.")
    assert "<pre>" in summary["_html"]
    assert iran_file(knowledge_dir).read_bytes() == content
    (kept,) = (knowledge_dir / ".history").iterdir()
    assert OLD_ANSWER in kept.read_text(encoding="utf-8")
    assert bot.live.kb.version != before
    assert NEW_ANSWER in (await bot.ask(DRONES_QUESTION))["text"]
    ((moderator, action, version_before, version_after),) = bot.rows(
        "SELECT moderator, action, version_before, version_after FROM audit")
    assert (moderator, action, version_before, version_after) == (MODERATOR, "upload", before, bot.live.kb.version)

    (restored,) = await as_moderator(bot, "/undo iran.yaml")
    assert restored.startswith("✅\nallies/iran.yaml restored")
    assert OLD_ANSWER in (await bot.ask(DRONES_QUESTION))["text"]


async def test_a_broken_upload_changes_nothing_and_lists_the_lines(bot: RunningBot, knowledge_dir: Path) -> None:
    on_disk = iran_file(knowledge_dir).read_bytes()
    version = bot.live.kb.version
    broken = edited(knowledge_dir, GOOD_QUOTE, BAD_QUOTE).encode()
    (errors,) = await bot.replies(lambda: bot.server.document(broken, "iran.yaml", user_id=MODERATOR),
                                  chat_id=MODERATOR)
    assert errors["text"].startswith("❌ Nothing changed, on disk or for readers.")
    assert NOT_VERBATIM in errors["text"]
    (not_yaml,) = await bot.replies(lambda: bot.server.document(b"key: [unclosed", "iran.yaml", user_id=MODERATOR),
                                    chat_id=MODERATOR)
    assert "allies/iran.yaml:1" in not_yaml["text"]
    (wrong_name,) = await bot.replies(lambda: bot.server.document(broken, "../../etc/passwd", user_id=MODERATOR),
                                      chat_id=MODERATOR)
    assert "is not a fact file name" in wrong_name["text"]
    assert iran_file(knowledge_dir).read_bytes() == on_disk
    assert bot.live.kb.version == version
    assert not (knowledge_dir / ".history").exists()
    assert bot.rows("SELECT COUNT(*) FROM audit") == [(0,)]


async def test_non_moderators_get_nothing_of_moderation(bot: RunningBot, knowledge_dir: Path) -> None:
    on_disk = iran_file(knowledge_dir).read_bytes()
    for command in ("/status", "/reload", "/fact iran-drones-ammunition", "/unanswered", "/feedback", "/stale",
                    "/undo iran.yaml"):
        assert (await bot.ask(command))["text"] == t("de", "unknown_command")
    content = edited(knowledge_dir, OLD_ANSWER, NEW_ANSWER).encode()
    (hint,) = await bot.replies(lambda: bot.server.document(content, "iran.yaml", user_id=READER), chat_id=READER)
    assert hint["text"] == t("de", "non_text")
    assert iran_file(knowledge_dir).read_bytes() == on_disk
    assert bot.rows("SELECT COUNT(*) FROM audit") == [(0,)]
    assert not bot.server.calls_of("getFile")


async def test_moderator_commands_in_a_group_are_ignored(bot: RunningBot) -> None:
    bot.server.group_message("/status@allybot_test_bot", user_id=MODERATOR, chat_id=-100777)
    await bot.server.wait_idle()
    assert bot.server.sent(-100777) == []


# ---------------------------------------------------------------- commands


async def test_status_shows_version_facts_and_answer_rate(bot: RunningBot) -> None:
    await bot.ask(DRONES_QUESTION)
    await bot.ask("Wie alt ist Kim Jong Un?")
    bot.store.flush()
    (reloaded,) = await as_moderator(bot, "/reload")
    assert "ok, unchanged" in reloaded
    photos = len(bot.server.calls_of("sendPhoto"))
    bot.server.private_message("/status", user_id=MODERATOR, language_code="en")
    await bot.server.wait_for_call("sendPhoto", count=photos + 1, timeout=60)  # the first chart builds a font cache
    chart = bot.server.sent(MODERATOR)[-1]
    assert chart["photo"] and chart["caption"].startswith(f"Fact base: {len(bot.live.kb.entries)} facts")
    status = chart["caption"]
    assert f"version {bot.live.kb.version}" in status
    assert "iran 9" in status and "Last 7 days: 2 question(s), 1 answered (50%)" in status
    assert ("Last 30 days: 2 question(s), 1 answered (50%)\nMost asked unanswered:\n1× Wie alt ist Kim Jong Un?"
            in status)


async def test_fact_shows_the_fact_as_readers_see_it_in_both_languages(bot: RunningBot) -> None:
    german, english = await as_moderator(bot, "/fact iran-drones-ammunition", count=2)
    assert german.startswith("Drohnen und Munition") and "Stand: Juni 2024" in german
    assert english.startswith("Drones and ammunition") and "As of June 2024" in english
    (unknown,) = await as_moderator(bot, "/fact iran-drones")
    assert "No fact with id 'iran-drones'. Did you mean: iran-drones-ammunition" in unknown
    (pasted,) = await as_moderator(bot, "/fact iran-drones-ammunition " + "x" * 3000)
    assert f"No fact with id 'iran-drones-ammunition {'x' * 24}…'. Did you mean: iran-drones-ammunition" in pasted


async def test_unanswered_feedback_and_stale_reports(bot: RunningBot) -> None:
    await bot.ask("Wie alt ist Kim Jong Un?")
    await bot.ask("Wie alt ist eigentlich Kim Jong Un?", user_id=5005)
    card = await bot.ask(DRONES_QUESTION)
    bot.server.press_button(card, "👎")
    await bot.server.wait_for_call("answerCallbackQuery")
    bot.store.flush()
    unanswered, _teach_card = await as_moderator(bot, "/unanswered 30", count=2)
    assert "2× " in unanswered and "Kim Jong Un" in unanswered
    (feedback,) = await as_moderator(bot, "/feedback")
    assert "👎 1  👍 0  iran-drones-ammunition" in feedback
    (stale,) = await as_moderator(bot, "/stale")
    assert "allies/iran.yaml:" in stale and "iran-drones-ammunition" in stale
    (usage,) = await as_moderator(bot, "/unanswered lots")
    assert usage.startswith("Usage: /unanswered")
