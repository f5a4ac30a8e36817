"""What a reader sees in Telegram, end to end: the real Application polls a local Bot API server over HTTP."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest

from bot.knowledge import DEFAULT_KNOWLEDGE_DIR
from bot.store import Store
from bot.texts import t
from bot.tg import handlers as reader_handlers
from bot.tg.logs import RedactingFormatter
from tests.botapi_server import TOKEN, BotAPIServer
from tests.conftest import MODERATOR, READER, RunningBot, StartBot, shipped_line
from tests.waiting import until

GROUP = -100200300


def buttons(message: dict[str, Any]) -> list[str]:
    return [b["text"] for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


def callback_data(message: dict[str, Any]) -> list[str]:
    return [b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row]


# ---------------------------------------------------------------- greeting and commands


async def test_start_greets_a_german_reader_with_the_allies_as_buttons(bot: RunningBot) -> None:
    reply = await bot.ask("/start", language_code="de-AT")
    assert reply["text"].startswith("Hallo!")
    assert {"Iran", "Nordkorea", "Belarus", "China", "Syrien", "Vietnam", "Überblick"} <= set(buttons(reply))
    assert reply["_parse_mode"] == "HTML"
    assert reply["link_preview_options"] == {"is_disabled": True}


async def test_start_greets_an_english_reader_in_english(bot: RunningBot) -> None:
    reply = await bot.ask("/start", language_code="en-GB")
    assert reply["text"].startswith("Hello!")
    assert {"Iran", "North Korea", "Overview"} <= set(buttons(reply))


async def test_reader_with_another_app_language_gets_german(bot: RunningBot) -> None:
    reply = await bot.ask("/help", language_code="fr")
    assert reply["text"].startswith("So geht's")


async def test_command_menu_is_published_in_german_and_english(bot: RunningBot) -> None:
    await bot.server.wait_for_call("setMyCommands", count=3)  # in the background, after polling began
    german = {c["command"]: c["description"] for c in bot.server.get_commands(language_code="de")}
    english = {c["command"]: c["description"] for c in bot.server.get_commands(language_code="en")}
    default = {c["command"] for c in bot.server.get_commands()}
    assert set(german) == set(english) == default == {"start", "help", "allies", "lang", "privacy", "forget"}
    assert german["lang"] != english["lang"]


async def test_lang_switches_language_and_it_is_remembered_after_a_restart(bot: RunningBot, data_dir: Path) -> None:
    assert (await bot.ask("/lang"))["text"] == t("en", "lang_set")
    assert (await bot.ask("/start"))["text"].startswith("Hello!")  # although Telegram says "de"
    assert (await bot.ask("/lang deutsch"))["text"] == t("de", "lang_set")
    assert (await bot.ask("/lang en"))["text"] == t("en", "lang_set")
    assert (await bot.ask("/lang fr"))["text"] == t("en", "lang_usage")
    bot.store.flush()
    restarted = Store.open(data_dir)
    try:
        assert restarted.get_language(READER) == "en"
    finally:
        restarted.close()


async def test_after_lang_en_a_german_question_is_answered_in_english(bot: RunningBot) -> None:
    await bot.ask("/lang en")
    reply = await bot.ask("Liefert der Iran Drohnen an Russland?")
    assert "<b>Drones and ammunition</b>" in reply["_html"] and "As of June 2024" in reply["text"]


async def test_in_english_please_after_a_german_answer_repeats_it_in_english(bot: RunningBot) -> None:
    first = await bot.ask("Liefert der Iran Drohnen an Russland?")
    assert "<b>Drohnen und Munition</b>" in first["_html"]
    again = await bot.ask("can you say that in english please?")
    assert "<b>Drones and ammunition</b>" in again["_html"] and "As of June 2024" in again["text"]


async def test_a_follow_up_in_the_same_chat_is_read_in_context_and_says_which_ally(bot: RunningBot) -> None:
    await bot.ask("Liefert der Iran Drohnen an Russland?")
    follow_up = await bot.ask("und Nordkorea?")
    assert follow_up["_html"].startswith("<i>Zu Nordkorea:</i>\n<b>Militärische Lieferungen</b>")
    elsewhere = await bot.ask("und Nordkorea?", user_id=READER + 1)  # another chat has no context
    assert elsewhere["text"].startswith(t("de", "ally_intro", name="Nordkorea"))


async def test_wer_noch_and_und_china_after_the_un_votes_get_the_allies_that_voted_alike_over_telegram(
        bot: RunningBot) -> None:
    await bot.ask("Wie stimmt Nordkorea in der UNO ab?")
    others = await bot.ask("wer noch?")
    assert others["_html"].startswith("<i>Zu Belarus:</i>\n<b>Abstimmungen in der UNO</b>")
    await bot.ask("Wie stimmt Syrien in der UNO ab?", user_id=READER + 2)
    china = await bot.ask("und China?", user_id=READER + 2)
    assert china["_html"].startswith("<i>Zu China:</i>\n<b>Abstimmungen in der UNO</b>")
    assert "Anders als China hat Nordkorea" in china["text"]


async def test_quelle_after_an_answer_shows_the_source_over_telegram_with_its_card_a_tap_away(bot: RunningBot) -> None:
    await bot.ask("Hat Russland Truppen in Belarus?")
    source = await bot.ask("quelle?")
    assert source["text"].startswith("Meine letzte Antwort („Truppen und Einmarsch“) stützt sich auf diese Quelle:")
    assert "<blockquote>" in source["_html"] and "keinen Fakt" not in source["text"]
    assert "https://www.dw.com/de/wer-steht-noch-an-russlands-seite/a-69442700" in source["_html"]
    assert buttons(source)[0] == "Belarus: Truppen und Einmarsch"


async def test_whether_china_helps_with_military_gear_is_answered_in_context_over_telegram(bot: RunningBot) -> None:
    await bot.ask("What does China get out of backing Russia?", language_code="en")
    follow_up = await bot.ask("does it help them with military gear?", language_code="en")  # the follow-up model
    assert follow_up["_html"].startswith("<i>About China:</i>\n<b>Sanctioned military goods</b>")


async def test_that_guy_is_the_president_the_last_answer_named_over_telegram(bot: RunningBot) -> None:
    raisi = await bot.ask("who was raisi?", language_code="en")
    assert "Raisi" in raisi["text"]
    now = await bot.ask("and who's running Iran now?", language_code="en")
    assert "<b>Pezeshkian in Moscow</b>" in now["_html"]
    that_guy = await bot.ask("did that guy go to Moscow?", language_code="en")  # Pezeshkian, not Raisi
    assert "<b>Pezeshkian in Moscow</b>" in that_guy["_html"]


async def test_a_conversation_of_four_turns_keeps_its_thread(bot: RunningBot) -> None:
    first = await bot.ask("Wie hat Nordkorea in der UN abgestimmt?")
    assert "<b>Abstimmungen in der UNO</b>" in first["_html"]
    china = await bot.ask("Und China?")  # China has no vote fact, but the last answer speaks of it
    assert china["_html"].startswith("<i>Zu China:</i>") and "Anders als China" in china["text"]
    doubt = await bot.ask("Du lügst doch!")
    assert doubt["text"] == t("de", "doubt")
    there = await bot.ask("Wer hat dort das Sagen?")  # 'dort' is China now; small talk kept the thread
    assert there["text"].startswith("Zu China:")


async def test_who_is_that_after_assad_on_the_war_is_about_assad_over_telegram(bot: RunningBot) -> None:
    first = await bot.ask("Was hat Assad über den Ukrainekrieg gesagt?")
    assert "Korrektur der Geschichte" in first["text"]
    who = await bot.ask("wer ist das eigentlich?")
    assert who["_html"].startswith("<i>Zu Syrien:</i>\n<b>Assad im Exil in Moskau</b>")


async def test_why_and_the_ally_and_a_name_asked_after_an_answer_ask_on_about_it_over_telegram(
        bot: RunningBot) -> None:
    await bot.ask("Welches Land steht Russland am nächsten?")  # the plural asks for the list of allies
    why = await bot.ask("warum belarus?")
    assert "<b>Abhängigkeit von Russland</b>" in why["_html"]
    await bot.ask("hat russland stützpunkte im nahen osten")
    name = await bot.ask("wie heißt der?")
    assert "<b>Russlands letzte Stützpunkte</b>" in name["_html"]


async def test_unknown_command_points_to_help(bot: RunningBot) -> None:
    assert (await bot.ask("/weather"))["text"] == t("de", "unknown_command")


# ---------------------------------------------------------------- questions


async def test_german_card_has_answer_quote_source_and_one_date_line_that_warns_it_may_be_old(bot: RunningBot) -> None:
    reply = await bot.ask("Liefert der Iran Drohnen an Russland?")
    html = reply["_html"]
    assert "<b>Drohnen und Munition</b>" in html
    assert "<blockquote>Russland wurde vom Iran mit Drohnen und Munition beliefert" in html
    assert '<a href="https://www.dw.com/de/wer-steht-noch-an-russlands-seite/a-69442700">DW:' in html
    (date_line,) = [line for line in reply["text"].splitlines() if line.startswith(("Stand", "⚠️"))]
    assert date_line == "⚠️ Stand: Juni 2024 – das kann sich seither geändert haben."  # the date once, not twice
    assert buttons(reply)[:2] == ["👍", "👎"] and "Sanktionen und Zusammenarbeit" in buttons(reply)
    assert "Sanktionen und Zusammenarbeit" not in reply["text"]  # the other topics: buttons only
    assert all(len(data.encode()) <= 64 for data in callback_data(reply))
    methods = [c.method for c in bot.server.calls if c.params.get("chat_id") == READER]
    assert methods == ["sendChatAction", "sendMessage"]  # 'typing…' first
    assert bot.server.calls_of("sendChatAction")[0].params["action"] == "typing"
    assert bot.rows("SELECT kind, fact_id, lang, channel FROM questions") == [
        ("answer", "iran-drones-ammunition", "de", "private")
    ]


async def test_english_card_says_plainly_the_quote_is_from_the_german_edition_and_links_the_original(
    bot: RunningBot,
) -> None:
    reply = await bot.ask("Does Iran send drones to Russia?")  # Telegram says "de": the question's language wins
    html = reply["_html"]
    assert "<b>Drones and ammunition</b>" in html and "Iran has supplied Russia with drones" in html
    assert "<i>The quote is from the German edition of the article:</i>\n<blockquote>Russland wurde" in html
    assert 'English original: <a href="https://www.dw.com/en/stand-by-me-vladimir-putins-remaining-allies' in html
    assert "(DE)" not in reply["text"]
    dated = [line for line in reply["text"].splitlines() if line.startswith(("As of", "⚠️"))]
    assert dated == ["⚠️ As of June 2024 – this may have changed since."]
    assert "Sanctions and cooperation" in buttons(reply)  # the buttons speak English too


async def test_question_with_typos_still_finds_belarus_nuclear_weapons(bot: RunningBot) -> None:
    reply = await bot.ask("weisrussland atomwafen")
    assert "Atomwaffen" in reply["text"] and "Lukaschenko" in reply["text"]
    assert "<blockquote>" in reply["_html"]


async def test_out_of_scope_question_offers_suggestions_as_buttons(bot: RunningBot) -> None:
    reply = await bot.ask("Wie alt ist Kim Jong Un?")
    assert reply["text"].startswith("Zu „Wie alt ist Kim Jong Un?“ habe ich leider keinen Fakt.")
    labels = buttons(reply)
    assert len(labels) == 4 and all(label.startswith("Nordkorea: ") for label in labels[:3])
    assert labels[-1] == "Alle Verbündeten"
    assert bot.rows("SELECT kind FROM questions") == [("none",)]


async def test_html_in_a_question_is_shown_literally(bot: RunningBot) -> None:
    reply = await bot.ask("Wer gewinnt <b>&amp; <script> die Fußball-WM?")
    assert "„Wer gewinnt <b>&amp; <script> die Fußball-WM?“" in reply["text"]
    assert "entities" not in reply or all(e["type"] != "bold" for e in reply["entities"])


async def test_bare_ally_name_shows_its_topics_once_as_buttons(bot: RunningBot) -> None:
    reply = await bot.ask("Nordkorea")
    assert reply["text"] == "Das weiß ich über Nordkorea. Wählen Sie ein Thema:"  # no bullet list beside the buttons
    topics = [entry.fact.topic.de for entry in bot.live.index.kb.of_ally("north-korea") if not entry.fact.superseded_by]
    assert buttons(reply) == [*topics, "Alle Verbündeten"]
    assert "Beistand im Angriffsfall" not in topics  # overtaken by the treaty in force: only current facts


# ---------------------------------------------------------------- buttons


async def test_pressing_a_suggestion_turns_the_message_into_the_fact(bot: RunningBot) -> None:
    suggestions = await bot.ask("Wie alt ist Kim Jong Un?")
    label = buttons(suggestions)[0]
    update = bot.server.press_button(suggestions, label)
    (edit,) = await bot.server.wait_for_call("editMessageText")
    assert edit.ok and edit.params["message_id"] == suggestions["message_id"]
    await bot.server.wait_idle()
    (shown,) = [m for m in bot.server.sent(READER) if m["message_id"] == suggestions["message_id"]]
    assert label.removeprefix("Nordkorea: ") in shown["text"] and "<blockquote>" in shown["_html"]
    assert len(bot.server.sent(READER)) == 1  # edited, not a new message
    assert update["callback_query"]["id"] in bot.server.callback_answers  # the spinner stops


async def test_pressing_a_topic_button_edits_the_fact_card(bot: RunningBot) -> None:
    card = await bot.ask("Liefert der Iran Drohnen an Russland?")
    bot.server.press_button(card, "Putins Besuch im Iran")
    await bot.server.wait_for_call("editMessageText")
    bot.server.press_button(card, "Alle Verbündeten")
    await bot.server.wait_for_call("editMessageText", count=2)
    bot.server.press_button(card, "Belarus")
    await bot.server.wait_for_call("editMessageText", count=3)
    await bot.server.wait_idle()
    (shown,) = bot.server.sent(READER)
    assert shown["text"].startswith("Das weiß ich über Belarus.")
    assert all(call.ok for call in bot.server.calls_of("editMessageText"))


async def test_thumbs_up_and_down_are_stored_and_thanked_for(bot: RunningBot) -> None:
    card = await bot.ask("Liefert der Iran Drohnen an Russland?")
    up = bot.server.press_button(card, "👍")
    await bot.server.wait_for_call("answerCallbackQuery")
    assert bot.server.callback_answers[up["callback_query"]["id"]]["text"] == "Danke für Ihre Rückmeldung!"
    assert bot.rows("SELECT fact_id, up FROM votes") == [("iran-drones-ammunition", 1)]
    bot.server.press_button(card, "👎")
    await bot.server.wait_for_call("answerCallbackQuery", count=2)
    assert bot.rows("SELECT fact_id, up FROM votes") == [("iran-drones-ammunition", 0)]  # one vote, the latest
    assert len(bot.server.sent(READER)) == 1 and not bot.server.calls_of("editMessageText")


async def test_forged_or_outdated_button_gets_a_polite_answer(bot: RunningBot) -> None:
    greeting = await bot.ask("/start")
    forged = ("x|zz|<script>", "f|de|no-such-fact", "v|de|+no-such-fact", "a|en|atlantis", "")
    replies = await bot.replies(
        lambda: [bot.server.callback_query(data, message=greeting) for data in forged], chat_id=READER, count=5
    )
    languages = ["de", "de", "de", "en", "de"]  # the button's language; the reader's where it cannot be read
    assert [reply["text"] for reply in replies] == [t(lang, "stale_button") for lang in languages]
    await bot.server.wait_idle()
    assert set(bot.server.callback_queries) == set(bot.server.callback_answers)  # every spinner stopped
    assert not bot.server.calls_of("editMessageText")
    assert bot.rows("SELECT COUNT(*) FROM votes") == [(0,)]


# ---------------------------------------------------------------- inline mode


async def test_inline_query_offers_answer_cards_with_their_source(bot: RunningBot) -> None:
    update = bot.server.inline_query("drohnen iran")
    await bot.server.wait_for_call("answerInlineQuery")
    answer = bot.server.inline_answers[update["inline_query"]["id"]]
    results = answer["results"]
    assert 1 <= len(results) <= 5
    assert len({r["id"] for r in results}) == len(results)
    assert results[0]["type"] == "article" and results[0]["title"] == "Iran: Drohnen und Munition"
    content = results[0]["input_message_content"]
    assert content["parse_mode"] == "HTML" and "<blockquote>" in content["message_text"]
    assert "https://www.dw.com/de/" in content["message_text"]
    assert answer["is_personal"] is True


async def test_inline_query_without_a_match_offers_nothing(bot: RunningBot) -> None:
    empty = bot.server.inline_query("")
    nonsense = bot.server.inline_query("Wie alt ist Kim Jong Un?")
    await bot.server.wait_for_call("answerInlineQuery", count=2)
    for update in (empty, nonsense):
        answer = bot.server.inline_answers[update["inline_query"]["id"]]
        assert answer["results"] == [] and answer["cache_time"] <= 10


# ---------------------------------------------------------------- groups


async def test_group_chatter_without_a_mention_is_ignored(bot: RunningBot) -> None:
    bot.server.group_message("Liefert der Iran Drohnen an Russland?", chat_id=GROUP)
    bot.server.group_message("@someone_else was meinst du?", chat_id=GROUP)
    await bot.server.wait_idle()
    assert bot.server.sent(GROUP) == []


async def test_group_message_mentioning_the_bot_is_answered(bot: RunningBot) -> None:
    (reply,) = await bot.replies(
        lambda: bot.server.group_message("@allybot_test_bot Liefert der Iran Drohnen an Russland?", chat_id=GROUP),
        chat_id=GROUP,
    )
    assert "Drohnen und Munition" in reply["text"]
    assert reply["reply_to_message"]["text"].startswith("@allybot_test_bot")  # quotes whom it answers
    assert bot.rows("SELECT channel, kind FROM questions") == [("group", "answer")]
    assert not bot.server.calls_of("sendChatAction")


async def test_reply_to_the_bot_in_a_group_is_answered(bot: RunningBot) -> None:
    (first,) = await bot.replies(lambda: bot.server.group_message("/allies@allybot_test_bot", chat_id=GROUP),
                                 chat_id=GROUP)
    (reply,) = await bot.replies(
        lambda: bot.server.group_message("Und was ist mit Atomwaffen in Belarus?", chat_id=GROUP,
                                         reply_to_bot_message_id=first["message_id"]),
        chat_id=GROUP,
    )
    assert "Atomwaffen" in reply["text"]


# ---------------------------------------------------------------- what the bot cannot take


async def test_sticker_photo_voice_and_location_get_a_short_hint(bot: RunningBot) -> None:
    hints = await bot.replies(
        lambda: (bot.server.sticker(), bot.server.photo(), bot.server.voice(), bot.server.location()),
        chat_id=READER, count=4,
    )
    assert [hint["text"] for hint in hints] == [t("de", "non_text")] * 4


async def test_a_5000_character_message_is_politely_refused(bot: RunningBot) -> None:
    reply = await bot.ask("Iran Drohnen " * 385)
    assert reply["text"] == t("de", "too_long", length=len("Iran Drohnen " * 385), limit=3000)
    assert bot.rows("SELECT COUNT(*) FROM questions") == [(0,)]


async def test_a_flood_gets_one_polite_message_and_then_silence(bot: RunningBot) -> None:
    limit = bot.settings.flood_per_minute
    replies = await bot.replies(
        lambda: [bot.server.private_message("Iran", user_id=2002) for _ in range(30)],
        chat_id=2002, count=limit + 1,
    )
    await bot.server.wait_idle()
    texts = bot.server.sent_texts(2002)
    assert len(texts) == limit + 1 and texts[-1] == t("de", "flood")
    assert all(reply["text"].startswith("Das weiß ich über Iran.") for reply in replies[:limit])
    assert (await bot.ask("Iran"))["text"].startswith("Das weiß ich über Iran.")  # other readers are unaffected


async def test_failing_command_menu_and_typing_action_do_not_stop_the_answer(
    start_bot: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse(server: BotAPIServer) -> None:
        server.fail_methods["setMyCommands"] = (400, "Bad Request: BOT_COMMAND_INVALID")
        server.fail_methods["sendChatAction"] = (400, "Bad Request: not enough rights to send typing")

    with caplog.at_level(logging.WARNING):
        async with start_bot(prepare=refuse) as bot:
            reply = await bot.ask("Liefert der Iran Drohnen an Russland?")
            assert "Drohnen und Munition" in reply["text"]
            assert bot.server.calls_of("setMyCommands") and not any(c.ok for c in bot.server.calls_of("setMyCommands"))
            assert not bot.server.calls_of("sendChatAction")[0].ok
    menu_lines = [r for r in caplog.records if "command menu" in r.getMessage()]
    assert len(menu_lines) == 1


async def test_an_unexpected_failure_asks_the_reader_to_try_again_without_details(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"internal detail {TOKEN}")

    monkeypatch.setattr(reader_handlers, "answer_question", broken)
    with caplog.at_level(logging.INFO):
        reply = await bot.ask("Liefert der Iran Drohnen an Russland?")
    assert reply["text"] == t("de", "error")
    (logged,) = [r for r in caplog.records if r.name == "bot.tg.errorhandler" and "failed" in r.getMessage()]
    assert logged.getMessage().startswith("update ") and logged.getMessage().split()[1].isdigit()
    written = RedactingFormatter(TOKEN).format(logged)  # what run_bot's log handler prints
    assert "RuntimeError: internal detail <TOKEN>" in written and TOKEN not in written


# ---------------------------------------------------------------- starting the bot


async def _run_allybot(env: dict[str, str], tmp_path: Path) -> tuple[int, str]:
    environment = {
        **os.environ, "KNOWLEDGE_DIR": str(DEFAULT_KNOWLEDGE_DIR), "DATA_DIR": str(tmp_path / "data"),
        "MODERATOR_IDS": str(MODERATOR), **env,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", env=environment,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    return process.returncode or 0, stderr.decode()


def _one_clean_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and TOKEN.split(":")[1] not in stderr
    return lines[0]


async def test_the_bot_refuses_to_start_with_a_clear_message_and_no_traceback(
    tmp_path: Path, knowledge_dir: Path
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    wrong = "987654321:" + "x" * 35
    iran = knowledge_dir / "allies" / "iran.yaml"
    iran.write_text(iran.read_text(encoding="utf-8").replace("as_of: 2024-06-20", "as_of: someday", 1), "utf-8")
    async with BotAPIServer() as server:  # four bots started side by side, to keep the suite fast
        rejected, malformed, unreachable, broken = await asyncio.gather(
            _run_allybot({"TELEGRAM_BOT_TOKEN": wrong, "TELEGRAM_API_BASE_URL": server.base_url}, tmp_path / "a"),
            _run_allybot({"TELEGRAM_BOT_TOKEN": "not-a-token"}, tmp_path / "b"),
            _run_allybot({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{port}/bot"},
                         tmp_path / "c"),
            _run_allybot({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": server.base_url,
                          "KNOWLEDGE_DIR": str(knowledge_dir)}, tmp_path / "d"),
        )
    assert [code for code, _ in (rejected, malformed, unreachable, broken)] == [1, 1, 1, 1]
    assert "rejected TELEGRAM_BOT_TOKEN" in _one_clean_line(rejected[1]) and wrong not in rejected[1]
    assert "TELEGRAM_BOT_TOKEN is malformed" in _one_clean_line(malformed[1])
    assert f"cannot reach the Telegram Bot API at 127.0.0.1:{port}" in _one_clean_line(unreachable[1])
    line = shipped_line("allies/iran.yaml", "    as_of: 2024-06-20")
    assert broken[1].startswith(f"allies/iran.yaml:{line}: ") and "Traceback" not in broken[1]
    assert broken[1].strip().splitlines()[-1].endswith("has 1 problem(s); fix them (see `allybot check`) "
                                                        "and start again")


async def test_the_bot_run_from_the_command_line_answers_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    async with BotAPIServer() as server:
        environment = {
            **os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": server.base_url,
            "KNOWLEDGE_DIR": str(DEFAULT_KNOWLEDGE_DIR), "DATA_DIR": str(tmp_path / "data"),
            "WATCH_KNOWLEDGE": "0",
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", env=environment, stderr=asyncio.subprocess.PIPE,
        )
        try:
            await server.wait_for_call("setMyCommands", count=3, timeout=20)
            server.private_message("Liefert der Iran Drohnen an Russland?")
            (answer,) = await server.wait_for_call("sendMessage", timeout=10)
            assert answer.ok and "Drohnen und Munition" in answer.params["text"]
            process.terminate()  # SIGTERM, as `docker stop` sends it
            _, stderr = await asyncio.wait_for(process.communicate(), timeout=10)
        finally:
            if process.returncode is None:
                process.kill()
    log = stderr.decode()
    assert process.returncode == 0, log
    assert "Traceback" not in log and TOKEN not in log and TOKEN.split(":")[1] not in log
    assert (tmp_path / "data" / "heartbeat").is_file()
    reopened = Store.open(tmp_path / "data")
    try:
        assert reopened.stats(1).questions == 1  # flushed before exit
    finally:
        reopened.close()


async def test_webhook_mode_answers_only_requests_carrying_the_secret(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    secret = "a-webhook-secret-0123"
    async with BotAPIServer() as server:
        environment = {
            **os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": server.base_url,
            "KNOWLEDGE_DIR": str(DEFAULT_KNOWLEDGE_DIR), "DATA_DIR": str(tmp_path / "data"),
            "WATCH_KNOWLEDGE": "0", "WEBHOOK_URL": f"https://127.0.0.1:{port}/allybot", "WEBHOOK_SECRET": secret,
            "WEBHOOK_LISTEN": "127.0.0.1", "WEBHOOK_PORT": str(port),
        }
        process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", env=environment,
                                                       stderr=asyncio.subprocess.PIPE)
        try:
            (registered,) = await server.wait_for_call("setWebhook", timeout=20)
            assert registered.ok and registered.params["secret_token"] == secret
            update = server.private_message("Liefert der Iran Drohnen an Russland?")
            url = f"http://127.0.0.1:{port}/allybot"  # TLS ends at the reverse proxy in front of the bot
            async with aiohttp.ClientSession() as http:
                forged = await _post_when_listening(http, url, update, {})
                genuine = await _post_when_listening(http, url, update, {"X-Telegram-Bot-Api-Secret-Token": secret})
            assert (forged, genuine) == (403, 200)
            (answer,) = await server.wait_for_call("sendMessage", timeout=10)
            assert "Drohnen und Munition" in answer.params["text"]
            process.terminate()
            _, stderr = await asyncio.wait_for(process.communicate(), timeout=10)
        finally:
            if process.returncode is None:
                process.kill()
    assert process.returncode == 0 and "Traceback" not in stderr.decode()


async def _post_when_listening(
    http: aiohttp.ClientSession, url: str, update: dict[str, Any], headers: dict[str, str]
) -> int:
    """POST an update the way Telegram would, once the bot's webhook server accepts connections."""
    address = urlsplit(url)
    await until(lambda: _listening(address.hostname or "", address.port or 80), what=f"the bot listening on {url}")
    async with http.post(url, json=update, headers=headers) as response:
        return response.status


def _listening(host: str, port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((host, port)) == 0


async def test_how_was_it_in_june_2024_button_turns_the_newest_fact_into_the_old_one(bot: RunningBot) -> None:
    card = await bot.ask("Ist Syrien noch Russlands Verbündeter?")
    assert "Stand: Dezember 2024" in card["text"] and "ZDFheute" in card["text"]
    bot.server.press_button(card, "Wie war es im Juni 2024?")
    await bot.server.wait_for_call("editMessageText")
    await bot.server.wait_idle()
    (shown,) = bot.server.sent(READER)
    assert shown["text"].splitlines()[1].startswith("🕰 Das war der Stand im Juni 2024. Neuer ist: Assad im Exil")
    assert "Neuerer Stand: Dezember 2024" in buttons(shown)


async def test_typed_follow_up_asks_about_the_fact_answered_before(bot: RunningBot) -> None:
    await bot.ask("Ist Syrien noch Russlands Verbündeter?")
    reply = await bot.ask("Und wie war es im Juni 2024?")
    assert reply["text"].startswith("Zu Syrien:\nAssad braucht Russland") and "Stand: Juni 2024" in reply["text"]


async def test_small_messages_get_a_short_fitting_reply_and_never_a_fact_card(bot: RunningBot) -> None:
    """'?', 'ja', 'lol', '👍' and a goodbye are reactions, not questions: no fact, no 'no fact on „?“'."""
    small = {"?": "chatter", "ja": "chatter", "lol": "chatter", "👍": "chatter", "Tschüss": "goodbye",
             "danke!": "thanks"}
    for message, key in small.items():
        reply = await bot.ask(message)
        assert reply["text"] == t("de", key), message
        assert "👎" not in str(reply.get("reply_markup", ""))  # no vote buttons: it is not a fact card
