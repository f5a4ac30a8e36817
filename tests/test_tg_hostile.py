"""Attacks through Telegram itself, over the local Bot API server: forged and foreign buttons, inline floods,
a moderator's burst of uploads, a server failing the command menu, and fact files deleted on disk."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from bot.conversation import Action
from bot.store import FILE_WATCHER
from bot.texts import t
from bot.tg.app import ALLOWED_UPDATES
from bot.tg.services import Services, services_of
from tests.conftest import MODERATOR, READER, RunningBot, StartBot
from tests.test_tg_moderation import as_moderator
from tests.waiting import until

DRONES = "Liefert der Iran Drohnen an Russland?"
GROUP = -100_555


def services(bot: RunningBot) -> Services:
    found = services_of(bot.app)
    return found


def callback_data(message: dict[str, Any]) -> list[str]:
    return [b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row]


# ---------------------------------------------------------------- forged and foreign buttons


async def test_forged_votes_for_every_fact_count_nothing(bot: RunningBot) -> None:
    card = await bot.ask(DRONES)
    (real,) = [data for data in callback_data(card) if data.startswith("v|de|-")]
    signature = real.rsplit("|", 1)[1]
    forged = [data for entry in bot.live.kb for data in (
        Action("vote", "de", f"-{entry.id}").encode(),  # unsigned, as before
        f"{Action('vote', 'de', f'-{entry.id}').encode()}|{signature}",  # another button's signature
    ) if data.removesuffix(f"|{signature}") != real.rsplit("|", 1)[0]]
    replies = await bot.replies(lambda: [bot.server.callback_query(data, message=card) for data in forged],
                                chat_id=READER, count=len(forged), timeout=20)
    assert {reply["text"] for reply in replies} == {t("de", "stale_button")}
    assert bot.rows("SELECT COUNT(*) FROM votes") == [(0,)]
    (feedback,) = await as_moderator(bot, "/feedback")
    assert "👎" not in feedback


async def test_a_reader_voting_twice_counts_once(bot: RunningBot) -> None:
    card = await bot.ask(DRONES)
    for label in ("👎", "👎", "👍", "👎"):
        bot.server.press_button(card, label)
    await bot.server.wait_for_call("answerCallbackQuery", count=4)
    assert bot.rows("SELECT fact_id, up FROM votes") == [("iran-drones-ammunition", 0)]
    (feedback,) = await as_moderator(bot, "/feedback")
    assert "👎 1  👍 0  iran-drones-ammunition" in feedback


async def test_a_button_on_another_readers_card_in_a_group_changes_nothing(bot: RunningBot) -> None:
    (card,) = await bot.replies(lambda: bot.server.group_message(f"@allybot_test_bot {DRONES}", user_id=READER,
                                                                chat_id=GROUP), chat_id=GROUP)
    before = bot.server.sent(GROUP)
    other = 7007
    for label in ("Putins Besuch im Iran", "👎", "Alle Verbündeten"):
        pressed = bot.server.press_button(card, label, user_id=other)
        await bot.server.wait_for_call("answerCallbackQuery", where=lambda call, q=pressed: call.params.get(
            "callback_query_id") == q["callback_query"]["id"])
        answer = bot.server.callback_answers[pressed["callback_query"]["id"]]
        assert answer["text"] == t("de", "not_your_card")
    await bot.server.wait_idle()
    assert bot.server.sent(GROUP) == before and not bot.server.calls_of("editMessageText")
    assert bot.rows("SELECT COUNT(*) FROM votes") == [(0,)]
    bot.server.press_button(card, "Putins Besuch im Iran", user_id=READER)  # the reader who asked still can
    (edit,) = await bot.server.wait_for_call("editMessageText")
    assert edit.ok


# ---------------------------------------------------------------- inline mode


async def test_typing_an_inline_question_logs_it_once(bot: RunningBot) -> None:
    question = "drohnen iran"
    for end in range(1, len(question) + 1):
        bot.server.inline_query(question[:end])
    await bot.server.wait_for_call("answerInlineQuery", count=len(question))
    await until(lambda: bot.rows("SELECT question, channel FROM questions") != [], timeout=10)
    await bot.server.wait_idle()
    assert bot.rows("SELECT question, channel FROM questions") == [(question, "inline")]


async def test_a_chosen_inline_card_is_logged_at_once(bot: RunningBot) -> None:
    assert "chosen_inline_result" in ALLOWED_UPDATES  # Telegram sends it only to bots that ask for it
    services(bot).inline_questions.settle_seconds = 600  # so only choosing can log it
    asked = bot.server.inline_query("drohnen iran")
    (answer,) = await bot.server.wait_for_call("answerInlineQuery")
    bot.server.chosen_inline_result(asked, answer.params["results"][0]["id"])
    await until(lambda: bot.rows("SELECT question FROM questions") == [("drohnen iran",)])


async def test_an_inline_flood_is_limited_and_told_once(bot: RunningBot) -> None:
    limit = services(bot).inline_flood.per_minute
    for n in range(limit + 40):
        bot.server.inline_query(f"iran {n}", user_id=2020)
    await bot.server.wait_for_call("answerInlineQuery", count=limit + 1, timeout=30)
    await bot.server.wait_idle(timeout=20)
    answers = [bot.server.inline_answers[c.params["inline_query_id"]] for c in bot.server.calls_of("answerInlineQuery")]
    assert len(answers) == limit + 1
    # inline queries have no chat, so they are handled concurrently: the warning need not be the last call
    told = [a for a in answers if a.get("button") and a["button"]["text"] == t("de", "inline_flood")]
    assert len(told) == 1 and told[0]["results"] == []
    services(bot).inline_questions.flush()
    assert bot.rows("SELECT COUNT(*) FROM questions") == [(1,)]


# ---------------------------------------------------------------- moderators


async def test_a_moderators_burst_of_25_uploads_is_answered_every_time(bot: RunningBot, knowledge_dir: Path) -> None:
    content = (knowledge_dir / "allies" / "iran.yaml").read_bytes()
    replies = await bot.replies(lambda: [bot.server.document(content, "iran.yaml", user_id=MODERATOR)
                                         for _ in range(25)], chat_id=MODERATOR, count=25, timeout=30)
    assert [reply["text"] for reply in replies] == ["✅\nallies/iran.yaml is unchanged; nothing saved."] * 25


async def test_a_moderator_over_the_limit_hears_which_upload_was_not_handled(
    start_bot: StartBot, knowledge_dir: Path
) -> None:
    content = (knowledge_dir / "allies" / "iran.yaml").read_bytes()
    async with start_bot(flood_per_minute=2) as bot:
        limit = services(bot).moderator_flood.per_minute
        replies = await bot.replies(lambda: [bot.server.document(content, "iran.yaml", user_id=MODERATOR)
                                             for _ in range(limit + 3)], chat_id=MODERATOR, count=limit + 3)
    throttled = ("⏸ Too many messages: more than 20 in one minute. Your file 'iran.yaml' was not checked or saved; "
                 "nothing changed. Send it again in a minute.")
    assert [reply["text"] for reply in replies[limit:]] == [throttled] * 3


# ---------------------------------------------------------------- start-up and the file watcher


async def test_a_server_failing_the_command_menu_does_not_delay_the_first_answer(start_bot: StartBot) -> None:
    started = time.monotonic()
    async with start_bot(prepare=lambda server: server.fail_methods.update(
            {"setMyCommands": (500, "Internal Server Error")})) as bot:
        reply = await bot.ask(DRONES)
        answered = time.monotonic() - started
        assert "Drohnen und Munition" in reply["text"]
        menu = next(task for task in asyncio.all_tasks() if task.get_name() == "command menu")
        assert not menu.done()  # still retrying the menu while readers are answered
    print(f"first answer {answered:.2f} s after start-up, with setMyCommands failing")


async def test_deleting_a_fact_file_on_disk_alerts_the_moderators_and_is_audited(
    start_bot: StartBot, knowledge_dir: Path
) -> None:
    async with start_bot(watch=True) as bot:
        await as_moderator(bot, "/start")  # a bot can only message people who opened a chat with it
        gone = [entry.id for entry in bot.live.kb.of_ally("vietnam")]
        (knowledge_dir / "allies" / "vietnam.yaml").unlink()
        await until(lambda: len(bot.server.sent(MODERATOR)) == 2, timeout=10)
        alert = bot.server.sent(MODERATOR)[1]["text"]
        assert alert.startswith(f"⚠️ A change on disk removed {len(gone)} fact(s); readers can no longer get: "
                                f"{', '.join(gone)}.")
        ((moderator, action, detail),) = bot.rows("SELECT moderator, action, detail FROM audit")
        assert moderator == FILE_WATCHER  # told apart from a command run in a terminal
        assert action == "reload (file changed on disk)" and f"facts removed: {', '.join(gone)}" in detail
