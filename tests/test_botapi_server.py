"""Proves the local Bot API emulator (tests/botapi_server.py) against real python-telegram-bot."""

from __future__ import annotations

import asyncio
import datetime as dtm
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from tests.botapi_server import (
    TOKEN,
    BotAPIServer,
    RateLimits,
    application_builder,
    parse_html,
    parse_markdown_v2,
    running_application,
)
from tests.waiting import until

# PTB itself reads RetryAfter.retry_after when building the exception message
pytestmark = pytest.mark.filterwarnings("ignore:.*attribute `retry_after`:DeprecationWarning")

USER = 1001
GROUP = -100200300
AnyApp = Application[Any, Any, Any, Any, Any, Any]


@pytest.fixture
async def server() -> AsyncIterator[BotAPIServer]:
    async with BotAPIServer() as srv:
        yield srv


@pytest.fixture
async def bot(server: BotAPIServer) -> AsyncIterator[Bot]:
    async with server.make_bot() as plain_bot:
        yield plain_bot


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None
    await message.reply_text(message.text)


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text("Willkommen!")


def _echo_app(server: BotAPIServer) -> AnyApp:
    app = application_builder(server).build()
    app.add_handler(CommandHandler("start", _start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    return app


# ------------------------------------------------------------------------------ polling & echo


async def test_echo_application_receives_injected_message_and_reply_is_recorded(server: BotAPIServer) -> None:
    app = _echo_app(server)
    async with running_application(app):
        incoming = server.private_message("Hallo Bot")
        (call,) = await server.wait_for_call("sendMessage")
        server.private_message("/start")
        await server.wait_for_call("sendMessage", count=2)
        await server.wait_idle()

    assert call.ok and call.params["chat_id"] == USER and call.params["text"] == "Hallo Bot"
    sent = server.sent(USER)
    assert [m["text"] for m in sent] == ["Hallo Bot", "Willkommen!"]
    assert sent[0]["from"]["username"] == "allybot_test_bot" and sent[0]["from"]["is_bot"] is True
    assert sent[0]["chat"] == {"id": USER, "type": "private", "first_name": "Leser"}
    # incoming and outgoing messages share the chat's increasing message_id sequence
    assert incoming["message"]["message_id"] == 1
    assert [m["message_id"] for m in sent] == [2, 4]
    assert server.poll_count >= 2
    assert {c.method for c in server.calls} == {"deleteWebhook", "sendMessage"}  # no getUpdates/getMe
    assert server.sent(GROUP) == []


async def test_group_message_entities_reply_and_privacy_mode(server: BotAPIServer, bot: Bot) -> None:
    text = "/frage@allybot_test_bot Wer hilft @someone_else? https://example.org/x"
    update = server.group_message(text)
    kinds = [(e["type"], e["offset"], e["length"]) for e in update["message"]["entities"]]
    assert kinds == [("bot_command", 0, 23), ("mention", 34, 13), ("url", 49, 21)]
    assert update["message"]["chat"]["type"] == "supergroup" and update["message"]["chat"]["title"]

    (received,) = await bot.get_updates()
    assert received.message is not None
    assert received.message.parse_entities()  # PTB understands the offsets
    reply = await received.message.reply_text("Antwort")  # groups: PTB quotes the message
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.message_id == received.message.message_id

    answer = server.group_message("Danke!", reply_to_bot_message_id=reply.message_id, user_id=2002)
    assert answer["message"]["reply_to_message"]["from"]["id"] == server.bot_id

    server.privacy_mode = True
    assert "update_id" not in server.group_message("nur geplaudert")
    assert "update_id" in server.group_message("hey @allybot_test_bot")
    assert "update_id" in server.group_message("/frage Serbien?")
    assert "update_id" not in server.group_message("/frage@other_bot Serbien?")


async def test_injected_update_kinds_parse_into_ptb_objects(server: BotAPIServer, bot: Bot) -> None:
    server.sticker()
    server.photo(caption="Bild")
    server.voice()
    server.location(chat_id=GROUP)
    server.inline_query("serb", language_code="en")
    sent = await bot.send_message(
        USER,
        "Knopf",
        reply_markup=InlineKeyboardMarkup.from_button(InlineKeyboardButton("Serbien", callback_data="ally:rs")),
    )
    server.press_button(server.sent(USER)[-1], "Serbien")
    updates = await bot.get_updates()
    messages = [u.message for u in updates if u.message is not None]
    assert messages[0].sticker is not None and messages[0].sticker.emoji == "👍"
    assert messages[1].photo and messages[1].caption == "Bild"
    assert messages[2].voice is not None and messages[2].voice.to_dict()["duration"] == 3
    assert messages[3].location is not None and messages[3].chat.type == "supergroup"
    inline = updates[4].inline_query
    assert inline is not None and inline.query == "serb" and inline.from_user.language_code == "en"
    query = updates[5].callback_query
    assert query is not None and query.data == "ally:rs"
    assert query.message is not None and query.message.message_id == sent.message_id
    with pytest.raises(ValueError, match="no callback button"):
        server.press_button(server.sent(USER)[-1], "Ungarn")


# ------------------------------------------------------------------------------ getUpdates semantics


async def test_get_updates_offset_long_poll_and_conflicts(server: BotAPIServer, bot: Bot) -> None:
    server.private_message("a")
    server.private_message("b")
    first = await bot.get_updates()
    assert [u.update_id for u in first] == [1, 2]
    assert [u.update_id for u in await bot.get_updates()] == [1, 2]  # not confirmed yet
    assert await bot.get_updates(offset=3) == ()  # confirms 1 and 2

    started = time.monotonic()
    loop = asyncio.get_running_loop()
    loop.call_later(0.15, server.private_message, "c")
    (third,) = await bot.get_updates(offset=3, timeout=2)
    assert third.message is not None and third.message.text == "c"
    assert 0.1 < time.monotonic() - started < 1.0  # woke up on injection, not at timeout

    started = time.monotonic()
    assert await bot.get_updates(offset=4, timeout=dtm.timedelta(milliseconds=300)) == ()
    assert time.monotonic() - started >= 0.25

    # a second poller terminates the first one, as on Telegram
    async with server.make_bot() as other:
        pending = asyncio.create_task(bot.get_updates(offset=4, timeout=3))
        await until(lambda: server.request_counts["getUpdates"] >= 6)
        assert await other.get_updates(offset=4) == ()
        with pytest.raises(Conflict, match="terminated by other getUpdates"):
            await pending

    await bot.set_webhook("https://example.org/hook")
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    await bot.delete_webhook()
    assert await bot.get_updates(offset=4) == ()


# ------------------------------------------------------------------------------ validation


async def test_html_is_validated_like_telegram(server: BotAPIServer, bot: Bot) -> None:
    server.private_message("hi")
    html = (
        '<b>Fett</b>, <i>kursiv</i> &amp; <a href="https://example.org/?a=1&amp;b=2">Link</a> '
        "&lt;3 <tg-spoiler>geheim</tg-spoiler> &#128512;"
    )
    message = await bot.send_message(USER, html, parse_mode=ParseMode.HTML)
    assert message.text == "Fett, kursiv & Link <3 geheim 😀"
    assert [(e.type, e.offset, e.length) for e in message.entities] == [
        ("bold", 0, 4),
        ("italic", 6, 6),
        ("text_link", 15, 4),
        ("spoiler", 23, 6),
    ]
    assert message.entities[2].url == "https://example.org/?a=1&b=2"
    stored = server.sent(USER)[-1]
    assert stored["_html"] == html and stored["text"] == message.text

    bad = {
        "<b>offen": 'Can\'t find end tag corresponding to start tag "b"',
        "Zeile<br>neu": 'Unsupported start tag "br" at byte offset 5',
        "<b><i>x</b></i>": 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"',
        "x</b>": "Unexpected end tag at byte offset 1",
        "<span>x</span>": 'Tag "span" must have class "tg-spoiler" at byte offset 0',
        '<a href="https://x.org">x': 'Can\'t find end tag corresponding to start tag "a"',
        "1 < 2": 'Unsupported start tag "" at byte offset 2',
    }
    for text, description in bad.items():
        with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
            await bot.send_message(USER, text, parse_mode=ParseMode.HTML)
        assert server.calls[-1].description == f"Bad Request: can't parse entities: {description}"
        assert server.calls[-1].status == 400

    # the 4096 limit applies to the text after the tags are stripped
    await bot.send_message(USER, "<b>" + "a" * 4096 + "</b>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(USER, "<b>" + "a" * 4097 + "</b>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(USER, "<b> </b>", parse_mode=ParseMode.HTML)


def test_entity_offsets_are_utf16_and_markdown_v2_reserved_chars() -> None:
    text, entities = parse_html("😀 <b>ä😀</b>")
    assert text == "😀 ä😀" and entities == [{"type": "bold", "offset": 3, "length": 3}]
    text, entities = parse_html('<pre><code class="language-python">x = 1</code></pre>')
    assert entities == [{"type": "pre", "offset": 0, "length": 5, "language": "python"}]
    text, entities = parse_markdown_v2("*fett* kostet 5\\.00\\! [hier](https://example.org)")
    assert text == "fett kostet 5.00! hier"
    assert [e["type"] for e in entities] == ["bold", "text_link"]


async def test_markdown_v2_unescaped_reserved_character_is_rejected(server: BotAPIServer, bot: Bot) -> None:
    server.private_message("hi")
    with pytest.raises(BadRequest, match=r"(?i)character '\.' is reserved"):
        await bot.send_message(USER, "Preis: 5.00", parse_mode=ParseMode.MARKDOWN_V2)
    ok = await bot.send_message(USER, "*Preis:* 5\\.00", parse_mode=ParseMode.MARKDOWN_V2)
    assert ok.text == "Preis: 5.00"


async def test_callback_data_longer_than_64_bytes_is_rejected(server: BotAPIServer, bot: Bot) -> None:
    server.private_message("hi")

    def keyboard(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup.from_button(InlineKeyboardButton("Wählen", callback_data=data))

    await bot.send_message(USER, "ok", reply_markup=keyboard("x" * 64))
    await bot.send_message(USER, "ok", reply_markup=keyboard("ä" * 32))  # 64 bytes
    for data in ("x" * 65, "ä" * 33):  # 65 / 66 bytes
        with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
            await bot.send_message(USER, "zu lang", reply_markup=keyboard(data))
    with pytest.raises(BadRequest, match=r"(?i)button_text_invalid"):
        await bot.send_message(
            USER, "leer", reply_markup=InlineKeyboardMarkup.from_button(InlineKeyboardButton("", callback_data="x"))
        )
    assert [m["text"] for m in server.sent(USER)] == ["ok", "ok"]
    assert server.sent(USER)[0]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "x" * 64


async def test_edit_delete_and_chat_errors(server: BotAPIServer, bot: Bot) -> None:
    incoming = server.private_message("hi")
    markup = InlineKeyboardMarkup.from_button(InlineKeyboardButton("Mehr", callback_data="more"))
    message = await bot.send_message(USER, "eins", reply_markup=markup)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("eins", chat_id=USER, message_id=message.message_id, reply_markup=markup)
    edited = await bot.edit_message_text(
        "<i>zwei</i>", chat_id=USER, message_id=message.message_id, parse_mode=ParseMode.HTML
    )
    assert isinstance(edited, type(message)) and edited.text == "zwei" and edited.edit_date is not None
    stored = server.sent(USER)[-1]
    assert stored["text"] == "zwei" and "reply_markup" not in stored and stored["_html"] == "<i>zwei</i>"
    with pytest.raises(BadRequest, match=r"(?i)message can't be edited"):
        await bot.edit_message_text("x", chat_id=USER, message_id=incoming["message"]["message_id"])
    await bot.edit_message_reply_markup(chat_id=USER, message_id=message.message_id, reply_markup=markup)
    assert server.sent(USER)[-1]["reply_markup"]["inline_keyboard"][0][0]["text"] == "Mehr"

    assert await bot.delete_message(USER, message.message_id) is True
    assert server.sent(USER)[-1]["_deleted"] is True
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(USER, message.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to be replied not found"):
        await bot.send_message(USER, "x", reply_to_message_id=999)
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(424242, "x")
    assert await bot.send_chat_action(USER, "typing") is True
    server.blocked_users.add(USER)
    with pytest.raises(Forbidden, match="blocked by the user"):
        await bot.send_message(USER, "x")
    methods = [c.method for c in server.calls]
    assert methods.count("editMessageText") == 3 and methods.count("editMessageReplyMarkup") == 1


async def test_commands_are_stored_per_scope_and_language_and_validated(bot: Bot, server: BotAPIServer) -> None:
    await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("frage", "Eine Frage stellen")])
    await bot.set_my_commands([BotCommand("start", "Let's go")], language_code="en")
    await bot.set_my_commands([BotCommand("hilfe", "Hilfe")], scope=BotCommandScopeAllPrivateChats())
    assert [c.command for c in await bot.get_my_commands()] == ["start", "frage"]
    assert [c.description for c in await bot.get_my_commands(language_code="en")] == ["Let's go"]
    assert [c.command for c in await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats())] == ["hilfe"]
    assert server.get_commands({"type": "all_private_chats"}) == [{"command": "hilfe", "description": "Hilfe"}]
    for command, error in (
        (BotCommand("Start", "x"), "bot_command_invalid"),
        (BotCommand("a" * 33, "x"), "bot_command_invalid"),
        (BotCommand("ok", ""), "bot_command_description_invalid"),
        (BotCommand("ok", "x" * 257), "bot_command_description_invalid"),
    ):
        with pytest.raises(BadRequest, match=rf"(?i){error}"):
            await bot.set_my_commands([command])
    await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()
    assert await bot.set_chat_menu_button() is True
    assert (await bot.get_chat_menu_button()).type == "default"


# ------------------------------------------------------------------------------ callback & inline flows


async def test_callback_query_flow_with_application(server: BotAPIServer, bot: Bot) -> None:
    async def show(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        buttons = [[InlineKeyboardButton("Serbien", callback_data="ally:rs")]]
        await update.effective_message.reply_text("Wähle:", reply_markup=InlineKeyboardMarkup(buttons))

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("ok")
        await query.edit_message_text(f"Gewählt: {query.data}")

    app = application_builder(server).build()
    app.add_handler(CommandHandler("laender", show))
    app.add_handler(CallbackQueryHandler(pressed))
    async with running_application(app):
        server.private_message("/laender")
        await server.wait_for_call("sendMessage")
        update = server.press_button(server.sent(USER)[0], "Serbien")
        await server.wait_for_call("editMessageText")
        await server.wait_idle()

    query_id = update["callback_query"]["id"]
    assert server.callback_answers[query_id]["text"] == "ok"
    edited = server.sent(USER)[0]
    assert edited["text"] == "Gewählt: ally:rs" and "reply_markup" not in edited
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)  # answered once already
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query("12345")


async def test_inline_query_answer_is_validated(server: BotAPIServer, bot: Bot) -> None:
    async def inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.inline_query is not None
        content = InputTextMessageContent("<b>Serbien</b>", parse_mode=ParseMode.HTML)
        await update.inline_query.answer([InlineQueryResultArticle("rs", "Serbien", content)], cache_time=0)

    app = application_builder(server).build()
    app.add_handler(InlineQueryHandler(inline))
    async with running_application(app):
        update = server.inline_query("serb")
        (call,) = await server.wait_for_call("answerInlineQuery")
    assert call.ok
    answer = server.inline_answers[update["inline_query"]["id"]]
    assert answer["results"][0]["title"] == "Serbien"

    def article(result_id: str, text: str = "x") -> InlineQueryResultArticle:
        return InlineQueryResultArticle(result_id, "Titel", InputTextMessageContent(text, parse_mode="HTML"))

    cases: list[tuple[list[InlineQueryResultArticle], str]] = [
        ([article(str(i)) for i in range(51)], "results_too_much"),
        ([article("a"), article("a")], "result_id_duplicate"),
        ([article("a" * 65)], "result_id_invalid"),
        ([article("a", "<b>kaputt")], "can't parse entities"),
    ]
    for results, error in cases:
        query_id = server.inline_query("x")["inline_query"]["id"]
        with pytest.raises(BadRequest, match=rf"(?i){error}"):
            await bot.answer_inline_query(query_id, results)


# ------------------------------------------------------------------------------ limits and faults


async def test_rate_limits_answer_429_with_retry_after(server: BotAPIServer, bot: Bot) -> None:
    server.rate_limit = RateLimits()
    server.private_message("hi")
    server.group_message("hallo")
    for i in range(3):  # private burst
        await bot.send_message(USER, f"m{i}")
    with pytest.raises(RetryAfter, match="Retry in 1"):
        await bot.send_message(USER, "zu schnell")
    rejected = server.calls[-1]
    assert rejected.status == 429 and rejected.response == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    for i in range(20):  # group: 20 per minute
        await bot.send_message(GROUP, f"g{i}")
    with pytest.raises(RetryAfter):
        await bot.send_message(GROUP, "g20")
    assert 55 <= server.calls[-1].response["parameters"]["retry_after"] <= 60  # type: ignore[index]
    assert server.rate_limit_violations == 2
    assert len(server.sent(USER)) == 3 and len(server.sent(GROUP)) == 20


async def test_fail_methods_and_fail_next_surface_as_ptb_errors(server: BotAPIServer, bot: Bot) -> None:
    server.private_message("hi")
    server.fail_methods["sendMessage"] = (403, "Forbidden: bot was blocked by the user")
    with pytest.raises(Forbidden):
        await bot.send_message(USER, "x")
    server.fail_methods["sendMessage"] = (429, "Too Many Requests: retry after 7")
    with pytest.raises(RetryAfter, match="Retry in 7"):
        await bot.send_message(USER, "x")
    server.fail_methods.clear()
    server.fail_next(2, method="sendMessage")
    for _ in range(2):
        with pytest.raises(NetworkError, match="Internal Server Error"):
            await bot.send_message(USER, "x")
    assert server.pending_faults == 0
    await bot.send_message(USER, "geht wieder")
    assert [c.status for c in server.calls_of("sendMessage")] == [403, 429, 500, 500, 200]


@pytest.mark.parametrize("fault", ["fail", "drop"])
async def test_polling_recovers_after_failed_or_dropped_get_updates(server: BotAPIServer, fault: str) -> None:
    errors: list[TelegramError] = []
    async with running_application(_echo_app(server), error_callback=errors.append):
        if fault == "fail":
            server.fail_next(1, method="getUpdates")
        else:
            server.drop_next(1, method="getUpdates")
        server.private_message("eins")  # answered by the poll already waiting
        await server.wait_for_call("sendMessage")
        await until(lambda: server.pending_faults == 0)  # the next poll hit the fault
        server.private_message("zwei")  # PTB retries polling 1 s after a NetworkError
        await server.wait_for_call("sendMessage", count=2, timeout=3)
    assert server.sent_texts(USER) == ["eins", "zwei"]
    assert len(errors) == 1 and isinstance(errors[0], NetworkError)
    expected = "Internal Server Error" if fault == "fail" else "Server disconnected"
    assert expected in str(errors[0])


async def test_dropped_connection_and_unreachable_server(server: BotAPIServer) -> None:
    errors: list[TelegramError] = []
    app = _echo_app(server)
    async with running_application(app, error_callback=errors.append):
        server.private_message("hi")
        await server.wait_for_call("sendMessage")
        server.drop_next(1, method="sendMessage")
        with pytest.raises(NetworkError, match="Server disconnected"):
            await app.bot.send_message(USER, "weg")
        assert server.calls[-1].status == 0

        await until(lambda: server.request_counts["getUpdates"] >= 2)
        await server.set_unreachable(True)  # aborts the pending long poll, refuses connections
        assert server.unreachable
        with pytest.raises(NetworkError):
            await app.bot.send_message(USER, "niemand da")
        await until(lambda: len(errors) >= 1)
        await server.set_unreachable(False)
        server.private_message("wieder da")
        await server.wait_for_call("sendMessage", count=2, where=lambda c: c.ok, timeout=3)
    assert isinstance(errors[0], NetworkError)
    assert server.sent_texts(USER) == ["hi", "wieder da"]


async def test_delayed_response_times_out_but_is_processed(server: BotAPIServer) -> None:
    server.private_message("hi")
    async with server.make_bot(HTTPXRequest(read_timeout=0.2)) as impatient:
        server.delay_next(1, 0.5, method="sendMessage")
        with pytest.raises(TimedOut):
            await impatient.send_message(USER, "langsam")
        (call,) = await server.wait_for_call("sendMessage", timeout=2)
    assert call.ok and server.sent_texts(USER) == ["langsam"]  # Telegram sent it anyway


# ------------------------------------------------------------------------------ files & protocol


async def test_document_upload_and_download_roundtrip(server: BotAPIServer, bot: Bot) -> None:
    content = b"name: Serbien\nstatus: ally\n"
    server.document(content, "serbien.yaml")
    (update,) = await bot.get_updates()
    assert update.message is not None and update.message.document is not None
    document = update.message.document
    assert document.file_name == "serbien.yaml" and document.mime_type == "application/x-yaml"
    telegram_file = await bot.get_file(document.file_id)
    assert telegram_file.file_path is not None and telegram_file.file_path.startswith(server.base_file_url)
    assert bytes(await telegram_file.download_as_bytearray()) == content

    sent = await bot.send_document(
        USER, document=b"a: 1\n", filename="export.yaml", caption="<b>Export</b>", parse_mode=ParseMode.HTML
    )
    assert sent.document is not None and sent.document.file_name == "export.yaml"
    assert sent.caption == "Export" and sent.caption_entities[0].type == "bold"
    upload = server.calls_of("sendDocument")[0].params["document"]
    assert upload.data == b"a: 1\n" and upload.filename == "export.yaml"
    again = await bot.get_file(sent.document.file_id)
    assert bytes(await again.download_as_bytearray()) == b"a: 1\n"
    resent = await bot.send_document(USER, document=sent.document.file_id)
    assert resent.document is not None and resent.document.file_id == sent.document.file_id
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.send_document(USER, document="nope")
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("nope")


async def test_unknown_method_and_bad_token(server: BotAPIServer, bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("fooBar")
    assert server.calls[-1].method == "fooBar" and server.calls[-1].status == 404
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{server.base_url}{TOKEN}/fooBar", data={"x": "1"}) as response:
            assert response.status == 404
            assert await response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
        async with http.post(f"{server.base_url}{TOKEN}/getMe", json={}) as response:
            body = await response.json()
            assert body["ok"] is True and body["result"]["username"] == "allybot_test_bot"
        async with http.get(f"{server.base_url}{TOKEN}/sendMessage?chat_id=1&text=x") as response:
            assert (await response.json())["description"] == "Bad Request: chat not found"
    with pytest.raises(InvalidToken):
        async with Bot("123456789:wrong", base_url=server.base_url):
            pass


async def test_wait_for_call_reports_calls_seen_on_timeout(server: BotAPIServer, bot: Bot) -> None:
    server.private_message("hi")
    await bot.send_chat_action(USER, "typing")
    with pytest.raises(AssertionError, match=r"calls seen:\s+sendChatAction"):
        await server.wait_for_call("sendMessage", timeout=0.1)
