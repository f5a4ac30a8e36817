"""A local emulator of the Telegram Bot API for tests.

``BotAPIServer`` is a real HTTP server (``aiohttp.web``) on ``127.0.0.1`` with a random free
port.  It speaks the Bot API's wire format (``POST {base_url}{token}/{method}`` with
``application/x-www-form-urlencoded``, ``multipart/form-data`` or JSON bodies; answers
``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": N, "description": ...}``), so
the bot's real python-telegram-bot ``Application`` polls it exactly as it polls Telegram.
Nothing in python-telegram-bot is mocked.

Tests inject updates the way readers would produce them (``private_message``,
``group_message``, ``callback_query``, ``inline_query``, ``document`` ...), then assert on what
the bot did (``calls``, ``sent()``, ``wait_for_call()``, ``wait_idle()``, ``confirmed_offset``,
``fetched_at``).  Fault knobs (``fail_next``, ``drop_next``, ``delay_next``, ``fail_for``,
``drop_for``, ``fail_methods``, ``set_unreachable``, ``rate_limit``) reproduce Telegram's failure
modes.

Recommended pattern (pytest-asyncio, ``asyncio_mode = "auto"``)::

    from telegram import Update
    from telegram.ext import ContextTypes, MessageHandler, filters

    from tests.botapi_server import BotAPIServer, application_builder, running_application

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(update.effective_message.text or "")

    async def test_echo() -> None:
        async with BotAPIServer() as server:
            app = application_builder(server).build()      # token + base_url + base_file_url
            app.add_handler(MessageHandler(filters.TEXT, echo))
            async with running_application(app):            # initialize/start/start_polling
                server.private_message("hallo")
                (call,) = await server.wait_for_call("sendMessage")
                await server.wait_idle()
            # leaving the block: updater.stop() -> app.stop() -> app.shutdown()
            assert server.sent(1001)[-1]["text"] == "hallo"

``running_application`` polls with ``poll_interval=0`` and a 1 s long-poll timeout, so a test
never waits long for an update and shutdown is quick.  Note PTB's polling loop sleeps 1 s after a
``NetworkError`` before polling again (``TimedOut`` retries immediately); keep that in mind when
budgeting fault-injection tests.

Messages stored by the server (``sent()``, ``messages``) may carry private keys starting with
``_`` (``_html``: the raw HTML the bot sent; ``_parse_mode``; ``_deleted``); these keys are
never sent to the bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import datetime as dtm
import json
import math
import re
import time
from collections import Counter, deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from http import HTTPStatus
from types import TracebackType
from typing import Any, Final, Self

from aiohttp import web
from telegram import Bot
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest

__all__ = [
    "TOKEN",
    "ApiError",
    "BotAPIServer",
    "Call",
    "RateLimits",
    "UploadedFile",
    "application_builder",
    "parse_html",
    "parse_markdown_v2",
    "running_application",
]

TOKEN: Final[str] = "123456789:AAHtestTOKENforLOCALbotAPIserver00000"

JSONDict = dict[str, Any]
AnyApplication = Application[Any, Any, Any, Any, Any, Any]

_TOKEN_RE: Final = re.compile(r"\d+:[A-Za-z0-9_-]+")
_COMMAND_NAME_RE: Final = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE_RE: Final = re.compile(r"[a-z]{2}")

# Parameters that are plain strings on the wire and must never be JSON-decoded
# (a message text "123" or "true" stays a string).
_STRING_PARAMS: Final = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_query_id",
        "inline_message_id",
        "file_id",
        "url",
        "secret_token",
        "next_offset",
        "switch_pm_text",
        "switch_pm_parameter",
        "action",
        "language_code",
        "emoji",
        "query",
        "title",
        "description",
        "short_description",
        "name",
        "business_connection_id",
        "message_effect_id",
        "ip_address",
        "data",
        "filename",
    }
)

_CHAT_ACTIONS: Final = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)

_COMMAND_SCOPES: Final = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)

_UPDATE_TYPES_NOT_DEFAULT: Final = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

_INLINE_BUTTON_ACTIONS: Final = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)

_INLINE_RESULT_TYPES: Final = frozenset(
    {
        "article",
        "photo",
        "gif",
        "mpeg4_gif",
        "video",
        "audio",
        "voice",
        "document",
        "location",
        "venue",
        "contact",
        "game",
        "sticker",
    }
)

_NOT_MODIFIED: Final = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
_QUERY_TOO_OLD: Final = "Bad Request: query is too old and response timeout expired or query ID is invalid"


# --------------------------------------------------------------------------------------------
# public data classes
# --------------------------------------------------------------------------------------------


@dataclass
class UploadedFile:
    """A file part of a multipart request (as recorded in ``Call.params``)."""

    filename: str | None
    content_type: str
    data: bytes


@dataclass
class Call:
    """One request the bot made (``getUpdates``/``getMe`` are not recorded).

    ``params`` holds the decoded parameters: JSON-encoded values (``reply_markup``,
    ``entities``, ``commands``, ``results``, numbers, booleans ...) are decoded, plain string
    parameters (``text``, ``parse_mode`` ...) are kept as sent, uploads are ``UploadedFile``.
    ``status`` is the HTTP status answered (``0``: connection dropped, ``None``: in flight).
    """

    method: str
    params: dict[str, Any]
    at: float
    status: int | None = None
    response: JSONDict | None = None

    @property
    def done(self) -> bool:
        return self.status is not None

    @property
    def ok(self) -> bool:
        return bool(self.response and self.response.get("ok"))

    @property
    def result(self) -> Any:
        return self.response.get("result") if self.response else None

    @property
    def description(self) -> str | None:
        return self.response.get("description") if self.response else None

    def __str__(self) -> str:
        shown = {k: v for k, v in self.params.items() if not isinstance(v, UploadedFile)}
        outcome = "in flight" if self.status is None else f"HTTP {self.status}"
        if self.description:
            outcome += f" {self.description!r}"
        return f"{self.method}({json.dumps(shown, ensure_ascii=False, default=str)[:300]}) -> {outcome}"


@dataclass
class RateLimits:
    """Telegram's documented flood limits for ``send*`` methods.

    Private chats: token bucket of ``private_burst`` messages refilled at
    ``private_per_second``; groups: ``group_per_minute`` per sliding 60 s window; everything:
    ``global_per_second`` per sliding 1 s window.
    """

    private_per_second: float = 1.0
    private_burst: int = 3
    group_per_minute: int = 20
    global_per_second: int = 30


class ApiError(Exception):
    """Raised inside method implementations; becomes an ``ok: false`` answer."""

    def __init__(self, code: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> JSONDict:
        body: JSONDict = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad_request(message: str) -> ApiError:
    return ApiError(400, f"Bad Request: {message}")


# --------------------------------------------------------------------------------------------
# text helpers: UTF-16 offsets, HTML / MarkdownV2 / Markdown parsing, auto entities
# --------------------------------------------------------------------------------------------


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units (the unit of Telegram entity offsets)."""
    return len(text.encode("utf-16-le")) // 2


def _public(obj: Any) -> Any:
    """Deep copy without private (``_``-prefixed) keys."""
    if isinstance(obj, dict):
        return {k: _public(v) for k, v in obj.items() if not (isinstance(k, str) and k.startswith("_"))}
    if isinstance(obj, list):
        return [_public(v) for v in obj]
    return obj


def _entities_error(message: str) -> ApiError:
    return _bad_request(f"can't parse entities: {message}")


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _sort_entities(entities: list[JSONDict]) -> list[JSONDict]:
    return sorted(entities, key=lambda e: (e["offset"], -e["length"]))


_HTML_ENTITY_TYPES: Final = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_HTML_TAG_NAME_RE: Final = re.compile(r"[A-Za-z0-9-]*")
_HTML_ATTR_NAME_RE: Final = re.compile(r"[A-Za-z0-9_-]*")
_HTML_UNQUOTED_VALUE_RE: Final = re.compile(r"[^\s>]*")
_HTML_CHAR_REF_RE: Final = re.compile(r"&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})|(lt|gt|amp|quot));")
_NAMED_CHAR_REFS: Final = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def _decode_char_ref(text: str, index: int) -> tuple[str, int] | None:
    match = _HTML_CHAR_REF_RE.match(text, index)
    if match is None:
        return None
    dec, hexa, named = match.groups()
    if named:
        return _NAMED_CHAR_REFS[named], match.end()
    code = int(dec) if dec else int(hexa, 16)
    if code <= 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), match.end()


def _unescape_attribute(value: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(value):
        if value[i] == "&" and (decoded := _decode_char_ref(value, i)) is not None:
            out.append(decoded[0])
            i = decoded[1]
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


@dataclass
class _OpenTag:
    name: str
    attrs: dict[str, str]
    start: int  # UTF-16 offset in the output text


def parse_html(source: str) -> tuple[str, list[JSONDict]]:
    """Parse Bot API HTML like Telegram does; returns ``(plain_text, entities)``.

    Raises ``ApiError(400, "Bad Request: can't parse entities: ...")`` for unsupported tags,
    bad nesting, unclosed tags or malformed attributes.  Unknown named character references
    (``&nbsp;``) and bare ``&`` are kept literally, as Telegram does.
    """
    out: list[str] = []
    pos = 0
    stack: list[_OpenTag] = []
    entities: list[JSONDict] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "&":
            decoded = _decode_char_ref(source, i)
            if decoded is None:
                out.append("&")
                pos += 1
                i += 1
            else:
                out.append(decoded[0])
                pos += utf16_len(decoded[0])
                i = decoded[1]
            continue
        if ch != "<":
            out.append(ch)
            pos += utf16_len(ch)
            i += 1
            continue
        begin = i
        if i + 1 < n and source[i + 1] == "/":  # end tag
            match = _HTML_TAG_NAME_RE.match(source, i + 2)
            assert match is not None
            name = match.group(0).lower()
            j = match.end()
            while j < n and source[j].isspace():
                j += 1
            if not stack:
                raise _entities_error(f"Unexpected end tag at byte offset {_byte_offset(source, begin)}")
            if j >= n or source[j] != ">":
                raise _entities_error(f"Unclosed end tag at byte offset {_byte_offset(source, begin)}")
            top = stack[-1]
            if name != top.name:
                raise _entities_error(
                    f"Unmatched end tag at byte offset {_byte_offset(source, begin)}, "
                    f'expected "</{top.name}>", found "</{name}>"'
                )
            stack.pop()
            i = j + 1
            entity = _html_entity(top, pos, stack)
            if entity is not None:
                entities.append(entity)
            continue
        # start tag
        match = _HTML_TAG_NAME_RE.match(source, i + 1)
        assert match is not None
        name = match.group(0).lower()
        j = match.end()
        if name not in _HTML_ENTITY_TYPES:
            raise _entities_error(f'Unsupported start tag "{name}" at byte offset {_byte_offset(source, begin)}')
        attrs: dict[str, str] = {}
        while True:
            while j < n and source[j].isspace():
                j += 1
            if j >= n:
                raise _entities_error(f"Unclosed start tag at byte offset {_byte_offset(source, begin)}")
            if source[j] == ">":
                j += 1
                break
            amatch = _HTML_ATTR_NAME_RE.match(source, j)
            assert amatch is not None
            attr_name = amatch.group(0).lower()
            if not attr_name:
                raise _entities_error(
                    f'Empty attribute name in the tag "{name}" at byte offset {_byte_offset(source, begin)}'
                )
            j = amatch.end()
            while j < n and source[j].isspace():
                j += 1
            if j >= n or source[j] != "=":
                if name == "blockquote" and attr_name == "expandable":
                    attrs[attr_name] = ""
                    continue
                raise _entities_error(
                    f'Expected equal sign in declaration of an attribute of the tag "{name}" '
                    f"at byte offset {_byte_offset(source, begin)}"
                )
            j += 1
            while j < n and source[j].isspace():
                j += 1
            if j >= n:
                raise _entities_error(f"Unclosed start tag at byte offset {_byte_offset(source, begin)}")
            if source[j] in "\"'":
                end = source.find(source[j], j + 1)
                if end < 0:
                    raise _entities_error(f"Unclosed start tag at byte offset {_byte_offset(source, begin)}")
                raw_value = source[j + 1 : end]
                j = end + 1
            else:
                vmatch = _HTML_UNQUOTED_VALUE_RE.match(source, j)
                assert vmatch is not None
                raw_value = vmatch.group(0)
                j = vmatch.end()
            attrs[attr_name] = _unescape_attribute(raw_value)
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise _entities_error(
                f'Tag "span" must have class "tg-spoiler" at byte offset {_byte_offset(source, begin)}'
            )
        stack.append(_OpenTag(name, attrs, pos))
        i = j
    if stack:
        raise _entities_error(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    return "".join(out), _sort_entities(entities)


def _html_entity(tag: _OpenTag, end: int, parents: list[_OpenTag]) -> JSONDict | None:
    entity_type = _HTML_ENTITY_TYPES[tag.name]
    if tag.name == "code" and parents and parents[-1].name == "pre":
        css = tag.attrs.get("class", "")
        if css.startswith("language-") and len(css) > len("language-"):
            parents[-1].attrs["_language"] = css[len("language-") :]
        return None  # merged into the enclosing <pre>
    length = end - tag.start
    if length <= 0:
        return None
    entity: JSONDict = {"type": entity_type, "offset": tag.start, "length": length}
    if tag.name == "a":
        href = tag.attrs.get("href", "")
        if not href:
            return None
        entity["url"] = href
    elif tag.name == "pre" and tag.attrs.get("_language"):
        entity["language"] = tag.attrs["_language"]
    elif tag.name == "blockquote" and "expandable" in tag.attrs:
        entity["type"] = "expandable_blockquote"
    elif tag.name == "tg-emoji":
        emoji_id = tag.attrs.get("emoji-id", "")
        if not emoji_id:
            return None
        entity["custom_emoji_id"] = emoji_id
    return entity


_MDV2_RESERVED: Final = frozenset("_*[]()~`>#+-=|{}.!")
_MDV2_NAMES: Final = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
}


def parse_markdown_v2(source: str) -> tuple[str, list[JSONDict]]:
    """Parse MarkdownV2 like Telegram does (reserved characters must be escaped)."""
    out: list[str] = []
    pos = 0
    stack: list[tuple[str, int, int, str]] = []  # (type, utf16 start, byte offset, language)
    entities: list[JSONDict] = []
    quote_start: int | None = None
    i, n = 0, len(source)

    def emit(text: str) -> None:
        nonlocal pos
        out.append(text)
        pos += utf16_len(text)

    while i < n:
        ch = source[i]
        nxt = source[i + 1] if i + 1 < n else ""
        at_line_start = i == 0 or source[i - 1] == "\n"
        if at_line_start and quote_start is not None and ch != ">":
            end = pos - 1 if out and out[-1] == "\n" else pos  # the quote ends before the newline
            if end > quote_start:
                entities.append({"type": "blockquote", "offset": quote_start, "length": end - quote_start})
            quote_start = None
        if ch == "\\" and nxt and 0 < ord(nxt) <= 126:
            emit(nxt)
            i += 2
            continue
        top = stack[-1][0] if stack else None
        if top in ("code", "pre") and ch != "`":
            emit(ch)
            i += 1
            continue
        if ch not in _MDV2_RESERVED:
            emit(ch)
            i += 1
            continue
        if ch == ">" and at_line_start and not stack:
            if quote_start is None:
                quote_start = pos
            i += 1
            continue
        is_end = False
        if top == "bold":
            is_end = ch == "*"
        elif top == "italic":
            is_end = ch == "_" and nxt != "_"
        elif top == "underline":
            is_end = ch == "_" and nxt == "_"
        elif top == "strikethrough":
            is_end = ch == "~"
        elif top == "spoiler":
            is_end = ch == "|" and nxt == "|"
        elif top == "code":
            is_end = ch == "`"
        elif top == "pre":
            is_end = source.startswith("```", i)
        elif top in ("text_link", "custom_emoji"):
            is_end = ch == "]"
        begin = _byte_offset(source, i)
        if not is_end:
            language = ""
            if ch == "_" and nxt == "_":
                kind, i = "underline", i + 2
            elif ch == "_":
                kind, i = "italic", i + 1
            elif ch == "*":
                kind, i = "bold", i + 1
            elif ch == "~":
                kind, i = "strikethrough", i + 1
            elif ch == "|" and nxt == "|":
                kind, i = "spoiler", i + 2
            elif ch == "[":
                kind, i = "text_link", i + 1
            elif ch == "!" and nxt == "[":
                kind, i = "custom_emoji", i + 2
            elif ch == "`" and source.startswith("```", i):
                kind, i = "pre", i + 3
                j = i
                while j < n and source[j] not in " \n`":
                    j += 1
                if j < n and source[j] == "\n":  # ```language\n
                    language = source[i:j]
                    i = j + 1
            elif ch == "`":
                kind, i = "code", i + 1
            else:
                raise _entities_error(f"Character '{ch}' is reserved and must be escaped with the preceding '\\'")
            stack.append((kind, pos, begin, language))
            continue
        kind, start, _, language = stack.pop()
        entity: JSONDict = {"type": kind, "offset": start, "length": pos - start}
        if kind in ("text_link", "custom_emoji"):
            i += 1
            url = ""
            if i < n and source[i] == "(":
                j = i + 1
                url_chars: list[str] = []
                while j < n and source[j] != ")":
                    if source[j] == "\\" and j + 1 < n:
                        j += 1
                    url_chars.append(source[j])
                    j += 1
                if j >= n:
                    raise _entities_error(f"Can't find end of a URL at byte offset {_byte_offset(source, i)}")
                url = "".join(url_chars)
                i = j + 1
            if not url:
                continue
            if kind == "text_link":
                entity["url"] = url
            else:
                entity["custom_emoji_id"] = url.removeprefix("tg://emoji?id=")
        elif kind == "pre":
            i += 3
            if language:
                entity["language"] = language
        elif kind in ("underline", "spoiler"):
            i += 2
        else:
            i += 1
        if entity["length"] > 0:
            entities.append(entity)
    if stack:
        kind, _, begin, _ = stack[-1]
        raise _entities_error(f"Can't find end of {_MDV2_NAMES[kind]} entity at byte offset {begin}")
    if quote_start is not None and pos > quote_start:
        entities.append({"type": "blockquote", "offset": quote_start, "length": pos - quote_start})
    return "".join(out), _sort_entities(entities)


def parse_markdown(source: str) -> tuple[str, list[JSONDict]]:
    """Parse legacy ``Markdown`` (no nesting; ``*bold*``, ``_italic_``, `` `code` ``, links)."""
    out: list[str] = []
    pos = 0
    entities: list[JSONDict] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\\" and i + 1 < n and source[i + 1] in "_*`[":
            out.append(source[i + 1])
            pos += 1
            i += 2
            continue
        if ch not in "_*`[":
            out.append(ch)
            pos += utf16_len(ch)
            i += 1
            continue
        begin = _byte_offset(source, i)
        not_closed = _entities_error(f"Can't find end of the entity starting at byte offset {begin}")
        entity: JSONDict
        if ch == "[":
            end = source.find("]", i + 1)
            if end < 0:
                raise not_closed
            inner = source[i + 1 : end]
            i = end + 1
            url = ""
            if i < n and source[i] == "(":
                close = source.find(")", i + 1)
                if close < 0:
                    raise not_closed
                url = source[i + 1 : close]
                i = close + 1
            entity = {"type": "text_link", "offset": pos, "length": utf16_len(inner), "url": url}
        elif source.startswith("```", i):
            end = source.find("```", i + 3)
            if end < 0:
                raise not_closed
            inner = source[i + 3 : end]
            i = end + 3
            entity = {"type": "pre", "offset": pos, "length": utf16_len(inner)}
        else:
            end = source.find(ch, i + 1)
            if end < 0:
                raise not_closed
            inner = source[i + 1 : end]
            i = end + 1
            kind = {"*": "bold", "_": "italic", "`": "code"}[ch]
            entity = {"type": kind, "offset": pos, "length": utf16_len(inner)}
        out.append(inner)
        pos += utf16_len(inner)
        if entity["length"] and (entity["type"] != "text_link" or entity["url"]):
            entities.append(entity)
    return "".join(out), _sort_entities(entities)


_AUTO_ENTITY_PATTERNS: Final = (
    ("url", re.compile(r"https?://[^\s<>\"]*[^\s<>\".,;:!?)\]'»]")),
    ("bot_command", re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/@])")),
    ("mention", re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{5,32}(?!\w)")),
    ("hashtag", re.compile(r"(?<![\w#])#[^\W\d_][\w]*")),
)


def detect_entities(text: str, existing: list[JSONDict] | None = None) -> list[JSONDict]:
    """Entities Telegram detects by itself: urls, ``/commands``, ``@mentions``, ``#hashtags``."""
    taken: list[tuple[int, int]] = [
        (e["offset"], e["offset"] + e["length"])
        for e in existing or []
        if e.get("type") in ("code", "pre", "text_link", "url", "custom_emoji")
    ]
    found: list[JSONDict] = []
    for kind, pattern in _AUTO_ENTITY_PATTERNS:
        for match in pattern.finditer(text):
            start = utf16_len(text[: match.start()])
            end = start + utf16_len(match.group(0))
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            found.append({"type": kind, "offset": start, "length": end - start})
    return _sort_entities(found)


def _strip_text(text: str, entities: list[JSONDict]) -> tuple[str, list[JSONDict]]:
    stripped = text.strip()
    if stripped == text:
        return text, entities
    lead = len(text) - len(text.lstrip())
    shift = utf16_len(text[:lead])
    total = utf16_len(stripped)
    result: list[JSONDict] = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, total)
        if end > start:
            result.append({**entity, "offset": start, "length": end - start})
    return stripped, result


# --------------------------------------------------------------------------------------------
# request parameters
# --------------------------------------------------------------------------------------------


def _decode_value(name: str, raw: str) -> Any:
    if name in _STRING_PARAMS:
        return raw
    if name == "chat_id" or name == "from_chat_id":
        return int(raw) if re.fullmatch(r"-?\d+", raw) else raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


class _Params:
    """Typed access to a request's parameters with Telegram-like errors."""

    def __init__(self, raw: dict[str, str], files: dict[str, UploadedFile], request: web.Request) -> None:
        self.raw = raw
        self.files = files
        self.request = request
        self.decoded: dict[str, Any] = {k: _decode_value(k, v) for k, v in raw.items()}
        self.decoded.update(files)

    def has(self, name: str) -> bool:
        return name in self.raw or name in self.files

    def opt_str(self, name: str) -> str | None:
        return self.raw.get(name)

    def req_str(self, name: str, missing: str | None = None) -> str:
        value = self.raw.get(name)
        if value is None or value == "":
            raise _bad_request(missing or f'parameter "{name}" is required')
        return value

    def opt_int(self, name: str) -> int | None:
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        try:
            return int(value)
        except ValueError:
            try:
                as_float = float(value)
            except ValueError:
                as_float = math.nan
            if as_float.is_integer():
                return int(as_float)
            raise _bad_request(f"invalid {name} specified") from None

    def req_int(self, name: str, missing: str | None = None) -> int:
        value = self.opt_int(name)
        if value is None:
            raise _bad_request(missing or f"{name} is empty")
        return value

    def opt_float(self, name: str) -> float | None:
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        try:
            return float(value)
        except ValueError:
            raise _bad_request(f"invalid {name} specified") from None

    def opt_bool(self, name: str) -> bool:
        return (self.raw.get(name) or "").lower() in ("true", "1")

    def opt_json(self, name: str) -> Any:
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise _bad_request(f"can't parse {name} JSON object") from None

    def chat_id(self, name: str = "chat_id") -> int | str:
        value = self.raw.get(name)
        if value is None or value == "":
            raise _bad_request("chat_id is empty")
        if re.fullmatch(r"-?\d+", value):
            return int(value)
        if value.startswith("@"):
            return value
        raise _bad_request("chat not found")


# --------------------------------------------------------------------------------------------
# the server
# --------------------------------------------------------------------------------------------


@dataclass
class _Fault:
    kind: str  # "fail" | "drop" | "delay"
    remaining: int
    method: str | None
    status: int = 500
    seconds: float = 0.0
    until: float | None = None  # time-window faults (``fail_for`` ...) end at this monotonic time


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    file_path: str
    file_name: str | None
    mime_type: str | None

    def as_file(self) -> JSONDict:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }


_MEDIA_METHODS: Final = {
    "sendDocument": ("document", "documents"),
    "sendPhoto": ("photo", "photos"),
    "sendAudio": ("audio", "music"),
    "sendVoice": ("voice", "voice"),
    "sendVideo": ("video", "videos"),
    "sendAnimation": ("animation", "animations"),
    "sendSticker": ("sticker", "stickers"),
}

_MethodImpl = Callable[[_Params], Awaitable[Any]]


class BotAPIServer:
    """Telegram Bot API emulator; see the module docstring for the usage pattern."""

    def __init__(
        self,
        *,
        bot_username: str = "allybot_test_bot",
        bot_id: int = 123456789,
        token: str = TOKEN,
        bot_first_name: str = "AllyBot Test",
    ) -> None:
        self.token = token
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.bot_user: JSONDict = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self.host = "127.0.0.1"
        self.port = 0

        # --- what the bot did
        self.calls: list[Call] = []
        self.poll_count = 0  # getUpdates + getMe requests (those are not in ``calls``)
        self.request_counts: Counter[str] = Counter()  # every API request by method
        self.rate_limit_violations = 0

        # --- knobs
        self.fail_methods: dict[str, tuple[int, str]] = {}
        self.rate_limit: RateLimits | None = None
        self.privacy_mode = False  # True: groups only get commands, @mentions and replies to the bot
        self.blocked_users: set[int] = set()  # sending to them -> 403 "bot was blocked by the user"
        self._faults: list[_Fault] = []
        self._unreachable = False

        # --- Telegram-side state
        self.users: dict[int, JSONDict] = {}
        self.chats: dict[int, JSONDict] = {}
        self.messages: dict[tuple[int, int], JSONDict] = {}  # every message, keyed (chat_id, message_id)
        self._sent_keys: list[tuple[int, int]] = []
        self._message_counters: dict[int, int] = {}
        self.files: dict[str, _StoredFile] = {}
        self._file_counter = 0
        self.commands: dict[tuple[str, str], list[JSONDict]] = {}  # (scope JSON, language_code)
        self.menu_buttons: dict[int | None, JSONDict] = {}
        self.bot_texts: dict[tuple[str, str], str] = {}  # ("description"|..., language_code)
        self.webhook_url = ""
        self.callback_queries: dict[str, JSONDict] = {}
        self.callback_answers: dict[str, JSONDict] = {}
        self.inline_queries: dict[str, JSONDict] = {}
        self.inline_answers: dict[str, JSONDict] = {}
        self.left_chats: set[int] = set()
        self._query_counter = 0

        # --- updates queue
        self._updates: list[JSONDict] = []
        self._next_update_id = 1
        self._undelivered: set[int] = set()
        self.fetched_at: dict[int, float] = {}  # update_id -> when a getUpdates answer first carried it
        self.confirmed_offset = 0  # the bot acknowledged every update below this (getUpdates offset)
        self._allowed_updates: list[str] = []
        self._poll_generation = 0
        self._updates_event = asyncio.Event()
        self._calls_event = asyncio.Event()
        self._inflight = 0
        self._last_activity = time.monotonic()
        self._closing = False

        # --- rate limiting state
        self._rl_global: deque[float] = deque()
        self._rl_groups: dict[int, deque[float]] = {}
        self._rl_private: dict[int, tuple[float, float]] = {}  # chat -> (tokens, at)

        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None

        self._methods: dict[str, tuple[str, _MethodImpl]] = {}
        impls: dict[str, _MethodImpl] = {
            "getMe": self._m_get_me,
            "getUpdates": self._m_get_updates,
            "deleteWebhook": self._m_delete_webhook,
            "setWebhook": self._m_set_webhook,
            "getWebhookInfo": self._m_get_webhook_info,
            "logOut": self._m_true,
            "close": self._m_true,
            "setMyCommands": self._m_set_my_commands,
            "getMyCommands": self._m_get_my_commands,
            "deleteMyCommands": self._m_delete_my_commands,
            "setMyDescription": self._bot_text_setter("description"),
            "getMyDescription": self._bot_text_getter("description"),
            "setMyShortDescription": self._bot_text_setter("short_description"),
            "getMyShortDescription": self._bot_text_getter("short_description"),
            "setMyName": self._bot_text_setter("name"),
            "getMyName": self._bot_text_getter("name"),
            "sendMessage": self._m_send_message,
            "editMessageText": self._m_edit_message_text,
            "editMessageCaption": self._m_edit_message_caption,
            "editMessageReplyMarkup": self._m_edit_message_reply_markup,
            "deleteMessage": self._m_delete_message,
            "answerCallbackQuery": self._m_answer_callback_query,
            "answerInlineQuery": self._m_answer_inline_query,
            "sendChatAction": self._m_send_chat_action,
            "getFile": self._m_get_file,
            "setChatMenuButton": self._m_set_chat_menu_button,
            "getChatMenuButton": self._m_get_chat_menu_button,
            "leaveChat": self._m_leave_chat,
        }
        for method_name in _MEDIA_METHODS:
            impls[method_name] = self._media_sender(method_name)
        for name, impl in impls.items():
            self._methods[name.lower()] = (name, impl)

    # ------------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self.host}:{self.port}/file/bot"

    @property
    def unreachable(self) -> bool:
        return self._unreachable

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_not_found)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, self.host, 0)
        await self._site.start()
        self.port = self._site.port
        self._closing = False

    async def stop(self) -> None:
        self._closing = True
        self._wake_pollers()
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = None
        self._site = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def set_unreachable(self, unreachable: bool) -> None:
        """Close (True) or reopen (False) the listening socket; state is kept.

        Closing also aborts every open connection (including a pending long poll), so the
        client sees a dropped connection and then "connection refused".
        """
        if unreachable == self._unreachable:
            return
        assert self._runner is not None, "server not started"
        self._unreachable = unreachable
        if unreachable:
            if self._site is not None:
                await self._site.stop()
                self._site = None
            server = self._runner.server
            if server is not None:
                for conn in server.connections:
                    transport = getattr(conn, "transport", None)
                    if transport is not None:
                        transport.abort()
            self._wake_pollers()
        else:
            self._site = web.TCPSite(self._runner, self.host, self.port, reuse_address=True)
            await self._site.start()

    def make_bot(self, request: BaseRequest | None = None) -> Bot:
        """A plain ``telegram.Bot`` pointed at this server (use ``async with``)."""
        return Bot(
            self.token,
            base_url=self.base_url,
            base_file_url=self.base_file_url,
            request=request,
        )

    # ------------------------------------------------------------------ knobs

    def fail_next(self, n: int, *, status: int = 500, method: str | None = None) -> None:
        """The next ``n`` requests (of ``method``, if given) get ``ok: false`` with HTTP ``status``."""
        self._faults.append(_Fault("fail", n, method, status=status))

    def drop_next(self, n: int, *, method: str | None = None) -> None:
        """The next ``n`` requests (of ``method``) are answered by closing the connection."""
        self._faults.append(_Fault("drop", n, method))

    def delay_next(self, n: int, seconds: float, *, method: str | None = None) -> None:
        """The next ``n`` requests (of ``method``) are processed only after ``seconds``.

        The request is still processed (and recorded) even if the client gave up meanwhile,
        like Telegram does: a ``TimedOut`` in the bot does not mean the message was not sent.
        """
        self._faults.append(_Fault("delay", n, method, seconds=seconds))

    def fail_for(self, seconds: float, *, status: int = 500, method: str | None = None) -> None:
        """For the next ``seconds``, every request (of ``method``) gets ``ok: false`` with HTTP ``status``."""
        self._faults.append(_Fault("fail", 1 << 30, method, status=status, until=time.monotonic() + seconds))

    def drop_for(self, seconds: float, *, method: str | None = None) -> None:
        """For the next ``seconds``, every request (of ``method``) is answered by closing the connection."""
        self._faults.append(_Fault("drop", 1 << 30, method, until=time.monotonic() + seconds))

    @property
    def pending_faults(self) -> int:
        """How many injected count faults (fail/drop/delay) have not been consumed yet (time windows: 0)."""
        return sum(f.remaining for f in self._faults if f.until is None)

    def _take_fault(self, kind: str, method: str) -> _Fault | None:
        now = time.monotonic()
        self._faults = [f for f in self._faults if f.until is None or f.until > now]
        for fault in self._faults:
            if fault.kind != kind or fault.remaining <= 0:
                continue
            if fault.method is not None and fault.method.lower() != method.lower():
                continue
            fault.remaining -= 1
            self._faults = [f for f in self._faults if f.remaining > 0]
            return fault
        return None

    # ------------------------------------------------------------------ HTTP handlers

    @staticmethod
    def _json(body: JSONDict, status: int = 200) -> web.Response:
        return web.json_response(body, status=status, dumps=lambda o: json.dumps(o, ensure_ascii=False))

    async def _handle_not_found(self, request: web.Request) -> web.StreamResponse:
        return self._json(ApiError(404, "Not Found").body(), 404)

    async def _read_params(self, request: web.Request) -> tuple[dict[str, str], dict[str, UploadedFile]]:
        raw: dict[str, str] = dict(request.query)
        files: dict[str, UploadedFile] = {}
        if request.method != "POST" or not request.can_read_body:
            return raw, files
        if request.content_type == "application/json":
            body = await request.json()
            if not isinstance(body, dict):
                raise _bad_request("can't parse request JSON object")
            for key, value in body.items():
                raw[key] = value if isinstance(value, str) else json.dumps(value)
            return raw, files
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                files[key] = UploadedFile(value.filename, value.content_type, value.file.read())
            elif isinstance(value, bytes | bytearray):
                raw[key] = bytes(value).decode("utf-8", "replace")
            else:
                raw[key] = str(value)
        return raw, files

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"]
        if not _TOKEN_RE.fullmatch(token):
            return self._json(ApiError(404, "Not Found").body(), 404)
        if token != self.token:
            return self._json(ApiError(401, "Unauthorized").body(), 401)
        requested = request.match_info["method"]
        entry = self._methods.get(requested.lower())
        method = entry[0] if entry else requested
        self.request_counts[method] += 1
        is_poll = method in ("getUpdates", "getMe")
        if is_poll:
            self.poll_count += 1
        call: Call | None = None
        try:
            raw, files = await self._read_params(request)
            params = _Params(raw, files, request)
        except ApiError as exc:
            return self._json(exc.body(), exc.code)
        if not is_poll:
            call = Call(method, dict(params.decoded), time.monotonic())
            self.calls.append(call)
            self._inflight += 1
            self._touch()
        status = 200
        body: JSONDict = {}
        try:
            if self._take_fault("drop", method) is not None:
                status = 0
                transport = request.transport
                if transport is not None:
                    transport.abort()
                return web.Response(status=500)
            delay = self._take_fault("delay", method)
            if delay is not None:
                await asyncio.sleep(delay.seconds)
            status, body = await self._dispatch(method, entry, params)
            return self._json(body, status)
        finally:
            if call is not None:
                call.status = status
                call.response = body or None
                self._inflight -= 1
                self._touch()
                self._notify_calls()

    async def _dispatch(
        self, method: str, entry: tuple[str, _MethodImpl] | None, params: _Params
    ) -> tuple[int, JSONDict]:
        try:
            fail = self._take_fault("fail", method)
            if fail is not None:
                raise self._status_error(fail.status)
            configured = self.fail_methods.get(method) or next(
                (v for k, v in self.fail_methods.items() if k.lower() == method.lower()), None
            )
            if configured is not None:
                code, description = configured
                parameters: JSONDict | None = None
                if code == 429:
                    match = re.search(r"retry after (\d+)", description)
                    parameters = {"retry_after": int(match.group(1)) if match else 1}
                raise ApiError(code, description, parameters)
            if entry is None:
                raise ApiError(404, "Not Found")
            limited = method.startswith("send") and method != "sendChatAction"
            chat_key = self._rate_check(params) if limited else None
            result = await entry[1](params)
            if chat_key is not None:
                self._rate_record(*chat_key)
            return 200, {"ok": True, "result": _public(result)}
        except ApiError as exc:
            return exc.code, exc.body()

    @staticmethod
    def _status_error(status: int) -> ApiError:
        if status == 429:
            return ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1})
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Error"
        if status == 400:
            phrase = "Bad Request"
        return ApiError(status, phrase)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if self._take_fault("drop", "file") is not None:
            transport = request.transport
            if transport is not None:
                transport.abort()
            return web.Response(status=500)
        if request.match_info["token"] != self.token:
            return self._json(ApiError(401, "Unauthorized").body(), 401)
        path = request.match_info["path"]
        for stored in self.files.values():
            if stored.file_path == path:
                return web.Response(body=stored.data, content_type="application/octet-stream")
        return self._json(ApiError(404, "Not Found").body(), 404)

    # ------------------------------------------------------------------ bookkeeping

    def _touch(self) -> None:
        self._last_activity = time.monotonic()

    def _notify_calls(self) -> None:
        event, self._calls_event = self._calls_event, asyncio.Event()
        event.set()

    def _wake_pollers(self) -> None:
        event, self._updates_event = self._updates_event, asyncio.Event()
        event.set()

    async def wait_for_call(
        self,
        method: str,
        *,
        count: int = 1,
        timeout: float = 5.0,
        where: Callable[[Call], bool] | None = None,
    ) -> list[Call]:
        """Wait until ``count`` finished calls of ``method`` (matching ``where``) exist.

        Returns the first ``count`` matching calls (failed ones included: check ``call.ok``).
        Raises ``AssertionError`` listing all calls seen on timeout.
        """
        deadline = time.monotonic() + timeout
        while True:
            matching = [
                c for c in self.calls if c.method.lower() == method.lower() and c.done and (where is None or where(c))
            ]
            if len(matching) >= count:
                return matching[:count]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                seen = "\n  ".join(str(c) for c in self.calls) or "(none)"
                raise AssertionError(
                    f"expected {count} matching {method} call(s) within {timeout}s, "
                    f"got {len(matching)}; calls seen:\n  {seen}"
                )
            event = self._calls_event
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    async def wait_idle(self, timeout: float = 5.0, quiet: float = 0.2) -> None:
        """Wait until every injected update was fetched and no call arrived for ``quiet`` s."""
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            if not self._undelivered and self._inflight == 0 and now - self._last_activity >= quiet:
                return
            if now > deadline:
                raise AssertionError(
                    f"server not idle after {timeout}s: undelivered updates {sorted(self._undelivered)}, "
                    f"{self._inflight} request(s) in flight; calls seen: " + ", ".join(c.method for c in self.calls)
                )
            await asyncio.sleep(0.02)

    def sent(self, chat_id: int | None = None) -> list[JSONDict]:
        """Messages the bot sent (current state, edits applied), oldest first (deep copies)."""
        return [copy.deepcopy(self.messages[key]) for key in self._sent_keys if chat_id is None or key[0] == chat_id]

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        return [str(m.get("text") or m.get("caption") or "") for m in self.sent(chat_id)]

    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def get_commands(self, scope: JSONDict | None = None, language_code: str = "") -> list[JSONDict]:
        """The commands stored by setMyCommands for exactly this scope and language."""
        key = (json.dumps(scope or {"type": "default"}, sort_keys=True), language_code)
        return copy.deepcopy(self.commands.get(key, []))

    # ------------------------------------------------------------------ rate limiting

    def _rate_check(self, params: _Params) -> tuple[int, bool] | None:
        limits = self.rate_limit
        if limits is None:
            return None
        try:
            chat = self._resolve_chat(params.chat_id())
        except ApiError:
            return None  # the method itself will answer the error
        chat_id = chat["id"]
        private = chat["type"] == "private"
        now = time.monotonic()
        waits: list[float] = []
        while self._rl_global and self._rl_global[0] <= now - 1.0:
            self._rl_global.popleft()
        if len(self._rl_global) >= limits.global_per_second:
            waits.append(self._rl_global[0] + 1.0 - now)
        if private:
            tokens, at = self._rl_private.get(chat_id, (float(limits.private_burst), now))
            tokens = min(float(limits.private_burst), tokens + (now - at) * limits.private_per_second)
            if tokens < 1.0:
                waits.append((1.0 - tokens) / limits.private_per_second)
        else:
            window = self._rl_groups.setdefault(chat_id, deque())
            while window and window[0] <= now - 60.0:
                window.popleft()
            if len(window) >= limits.group_per_minute:
                waits.append(window[0] + 60.0 - now)
        if waits:
            retry_after = max(1, math.ceil(max(waits)))
            self.rate_limit_violations += 1
            raise ApiError(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})
        return chat_id, private

    def _rate_record(self, chat_id: int, private: bool) -> None:
        limits = self.rate_limit
        if limits is None:
            return
        now = time.monotonic()
        self._rl_global.append(now)
        if private:
            tokens, at = self._rl_private.get(chat_id, (float(limits.private_burst), now))
            tokens = min(float(limits.private_burst), tokens + (now - at) * limits.private_per_second)
            self._rl_private[chat_id] = (tokens - 1.0, now)
        else:
            self._rl_groups.setdefault(chat_id, deque()).append(now)

    # ------------------------------------------------------------------ users, chats, messages

    def _user(self, user_id: int, *, first_name: str | None = None, language_code: Any = ...) -> JSONDict:
        user = self.users.setdefault(user_id, {"id": user_id, "is_bot": False, "first_name": "Leser"})
        if first_name is not None:
            user["first_name"] = first_name
        if language_code is not ...:
            if language_code is None:
                user.pop("language_code", None)
            else:
                user["language_code"] = language_code
        return copy.deepcopy(user)

    def _private_chat(self, user: JSONDict) -> JSONDict:
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        if "username" in user:
            chat["username"] = user["username"]
        self.chats[user["id"]] = chat
        return copy.deepcopy(chat)

    def _group_chat(self, chat_id: int, title: str | None = None) -> JSONDict:
        chat = self.chats.setdefault(chat_id, {"id": chat_id, "type": "supergroup", "title": "Allies Testgruppe"})
        if title is not None:
            chat["title"] = title
        self.left_chats.discard(chat_id)
        return copy.deepcopy(chat)

    def _resolve_chat(self, chat_id: int | str) -> JSONDict:
        if isinstance(chat_id, str):
            for known in self.chats.values():
                if str(known.get("username", "")).lower() == chat_id[1:].lower():
                    return known
            raise _bad_request("chat not found")
        chat = self.chats.get(chat_id)
        if chat is None:
            raise _bad_request("chat not found")
        return chat

    def _chat_for_send(self, params: _Params) -> JSONDict:
        chat = self._resolve_chat(params.chat_id())
        if chat["type"] == "private" and chat["id"] in self.blocked_users:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat["id"] in self.left_chats:
            raise ApiError(403, "Forbidden: bot is not a member of the supergroup chat")
        return copy.deepcopy(chat)

    def _next_message_id(self, chat_id: int) -> int:
        self._message_counters[chat_id] = self._message_counters.get(chat_id, 0) + 1
        return self._message_counters[chat_id]

    def _store_message(self, chat: JSONDict, sender: JSONDict, content: JSONDict) -> JSONDict:
        message: JSONDict = {
            "message_id": self._next_message_id(chat["id"]),
            "from": copy.deepcopy(sender),
            "chat": copy.deepcopy(chat),
            "date": int(time.time()),
            **content,
        }
        self.messages[(chat["id"], message["message_id"])] = message
        return message

    def _store_sent(self, chat: JSONDict, content: JSONDict) -> JSONDict:
        message = self._store_message(chat, self.bot_user, content)
        self._sent_keys.append((chat["id"], message["message_id"]))
        return message

    def _find_message(self, chat_id: int, message_id: int) -> JSONDict | None:
        message = self.messages.get((chat_id, message_id))
        if message is None or message.get("_deleted"):
            return None
        return message

    @staticmethod
    def _quoted(message: JSONDict) -> JSONDict:
        quoted = {k: v for k, v in message.items() if k != "reply_to_message"}
        return copy.deepcopy(quoted)

    # ------------------------------------------------------------------ injecting updates

    def inject(self, update: JSONDict) -> None:
        """Queue a raw Update dict (``update_id`` is assigned when missing)."""
        update_id = update.get("update_id")
        if update_id is None:
            update["update_id"] = update_id = self._next_update_id
        self._next_update_id = max(self._next_update_id, update_id + 1)
        self._updates.append(copy.deepcopy(_public(update)))
        self._updates.sort(key=lambda u: u["update_id"])
        self._undelivered.add(update_id)
        self._wake_pollers()

    def _enqueue(self, kind: str, payload: JSONDict) -> JSONDict:
        update: JSONDict = {kind: payload}
        self.inject(update)
        return update

    def _message_update(
        self,
        chat: JSONDict,
        user: JSONDict,
        content: JSONDict,
        reply_to_message_id: int | None = None,
        deliver: bool = True,
    ) -> JSONDict:
        if reply_to_message_id is not None:
            target = self._find_message(chat["id"], reply_to_message_id)
            if target is None:
                raise ValueError(f"no message {reply_to_message_id} in chat {chat['id']} to reply to")
            content = {**content, "reply_to_message": self._quoted(_public(target))}
        message = self._store_message(chat, user, content)
        if not deliver:
            return {"message": _public(message)}
        return self._enqueue("message", _public(message))

    @staticmethod
    def _text_content(text: str) -> JSONDict:
        content: JSONDict = {"text": text}
        entities = detect_entities(text)
        if entities:
            content["entities"] = entities
        return content

    def private_message(
        self,
        text: str,
        *,
        user_id: int = 1001,
        language_code: str | None = "de",
        first_name: str = "Leser",
        reply_to_message_id: int | None = None,
    ) -> JSONDict:
        """A reader writes ``text`` to the bot in a private chat."""
        user = self._user(user_id, first_name=first_name, language_code=language_code)
        chat = self._private_chat(user)
        return self._message_update(chat, user, self._text_content(text), reply_to_message_id)

    def group_message(
        self,
        text: str,
        *,
        user_id: int = 1001,
        chat_id: int = -100200300,
        reply_to_bot_message_id: int | None = None,
        language_code: str | None = "de",
        chat_title: str | None = None,
    ) -> JSONDict:
        """A reader writes ``text`` in a supergroup.

        With ``privacy_mode = True`` only commands, @mentions of the bot and replies to the bot
        are delivered (the message is still stored; the returned dict then has no update_id).
        """
        user = self._user(user_id, language_code=language_code)
        chat = self._group_chat(chat_id, chat_title)
        content = self._text_content(text)
        deliver = True
        if self.privacy_mode:
            deliver = reply_to_bot_message_id is not None or self._addresses_bot(text, content)
        return self._message_update(chat, user, content, reply_to_bot_message_id, deliver)

    def _addresses_bot(self, text: str, content: JSONDict) -> bool:
        for entity in content.get("entities", []):
            part = text.encode("utf-16-le")[2 * entity["offset"] : 2 * (entity["offset"] + entity["length"])]
            value = part.decode("utf-16-le")
            if entity["type"] == "mention" and value[1:].lower() == self.bot_username.lower():
                return True
            if entity["type"] == "bot_command" and entity["offset"] == 0:
                _, _, target = value.partition("@")
                if not target or target.lower() == self.bot_username.lower():
                    return True
        return False

    def _chat_for_injection(self, user: JSONDict, chat_id: int | None) -> JSONDict:
        if chat_id is None or chat_id == user["id"]:
            return self._private_chat(user)
        return self._group_chat(chat_id)

    def _fake_file(self, data: bytes, folder: str, file_name: str | None, mime_type: str | None) -> _StoredFile:
        self._file_counter += 1
        n = self._file_counter
        suffix = ""
        if file_name and "." in file_name:
            suffix = file_name[file_name.rfind(".") :]
        stored = _StoredFile(
            file_id=f"BQACAgIAAxkBAAI{n:06d}{folder[:3]}",
            file_unique_id=f"AgAD{n:06d}",
            data=data,
            file_path=f"{folder}/file_{n}{suffix}",
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        return stored

    def sticker(self, *, user_id: int = 1001, chat_id: int | None = None, emoji: str = "👍") -> JSONDict:
        user = self._user(user_id)
        stored = self._fake_file(b"RIFF\x00\x00\x00\x00WEBPVP8 ", "stickers", None, "image/webp")
        sticker = self._media_object("sticker", stored) | {"emoji": emoji}
        return self._message_update(self._chat_for_injection(user, chat_id), user, {"sticker": sticker})

    def photo(self, *, user_id: int = 1001, chat_id: int | None = None, caption: str | None = None) -> JSONDict:
        user = self._user(user_id)
        stored = self._fake_file(b"\xff\xd8\xff\xe0fake-jpeg", "photos", None, "image/jpeg")
        content: JSONDict = {"photo": self._media_object("photo", stored)}
        if caption:
            content["caption"] = caption
        return self._message_update(self._chat_for_injection(user, chat_id), user, content)

    def voice(self, *, user_id: int = 1001, chat_id: int | None = None, duration: int = 3) -> JSONDict:
        user = self._user(user_id)
        stored = self._fake_file(b"OggS\x00fake-voice", "voice", None, "audio/ogg")
        voice = self._media_object("voice", stored) | {"duration": duration}
        return self._message_update(self._chat_for_injection(user, chat_id), user, {"voice": voice})

    def location(
        self,
        *,
        user_id: int = 1001,
        chat_id: int | None = None,
        latitude: float = 52.52,
        longitude: float = 13.405,
    ) -> JSONDict:
        user = self._user(user_id)
        content = {"location": {"latitude": latitude, "longitude": longitude}}
        return self._message_update(self._chat_for_injection(user, chat_id), user, content)

    def document(
        self,
        content: bytes,
        file_name: str,
        *,
        user_id: int = 1001,
        mime_type: str = "application/x-yaml",
        chat_id: int | None = None,
        caption: str | None = None,
    ) -> JSONDict:
        """A reader sends a file; the bytes are downloadable via getFile + base_file_url."""
        user = self._user(user_id)
        stored = self._fake_file(content, "documents", file_name, mime_type)
        message_content: JSONDict = {"document": self._media_object("document", stored)}
        if caption:
            message_content["caption"] = caption
        return self._message_update(self._chat_for_injection(user, chat_id), user, message_content)

    def earlier_bot_message(
        self, text: str, *, user_id: int = 1001, reply_markup: JSONDict | None = None, language_code: str | None = "de"
    ) -> JSONDict:
        """A message the bot sent to ``user_id`` before (say, before a restart); press its buttons with
        ``callback_query``. No update is queued and nothing is recorded in ``calls``."""
        user = self._user(user_id, language_code=language_code)
        content: JSONDict = {"text": text}
        if reply_markup is not None:
            content["reply_markup"] = copy.deepcopy(reply_markup)
        return copy.deepcopy(self._store_message(self._private_chat(user), self.bot_user, content))

    def callback_query(self, data: str, *, message: JSONDict, user_id: int = 1001) -> JSONDict:
        """A reader presses an inline button with ``data`` under ``message`` (a recorded message)."""
        user = self._user(user_id)
        current = self.messages.get((message["chat"]["id"], message["message_id"]))
        shown = _public(current if current is not None else message)
        self._query_counter += 1
        query_id = str(4_382_000_000_000_000_000 + self._query_counter)
        query: JSONDict = {
            "id": query_id,
            "from": user,
            "message": shown,
            "chat_instance": str(abs(hash(("chat", message["chat"]["id"]))) % 10**19),
            "data": data,
        }
        self.callback_queries[query_id] = query
        return self._enqueue("callback_query", query)

    def press_button(self, message: JSONDict, text: str, *, user_id: int = 1001) -> JSONDict:
        """Press the inline button labelled ``text`` (must have callback_data) of ``message``."""
        current = self.messages.get((message["chat"]["id"], message["message_id"])) or message
        buttons = [b for row in current.get("reply_markup", {}).get("inline_keyboard", []) for b in row]
        for button in buttons:
            if button.get("text") == text and "callback_data" in button:
                return self.callback_query(button["callback_data"], message=current, user_id=user_id)
        labels = [b.get("text") for b in buttons]
        raise ValueError(f"no callback button {text!r} in message {message['message_id']}; buttons: {labels}")

    def inline_query(
        self,
        query: str,
        *,
        user_id: int = 1001,
        language_code: str | None = "de",
        offset: str = "",
        chat_type: str | None = "private",
    ) -> JSONDict:
        user = self._user(user_id, language_code=language_code)
        self._query_counter += 1
        query_id = str(8_144_000_000_000_000_000 + self._query_counter)
        payload: JSONDict = {"id": query_id, "from": user, "query": query, "offset": offset}
        if chat_type is not None:
            payload["chat_type"] = chat_type
        self.inline_queries[query_id] = payload
        return self._enqueue("inline_query", payload)

    def chosen_inline_result(self, query: JSONDict, result_id: str, *, user_id: int | None = None) -> JSONDict:
        """The reader of ``query`` (an ``inline_query`` update) sent the result ``result_id`` to a chat.

        Telegram sends this only to bots with inline feedback on (@BotFather /setinlinefeedback), and when
        ``allowed_updates`` is given, only if it lists ``chosen_inline_result``.
        """
        asked = query.get("inline_query", query)
        answer = self.inline_answers.get(asked["id"])
        offered = {result["id"] for result in answer["results"]} if answer else set()
        if result_id not in offered:
            raise ValueError(f"result {result_id!r} was not offered for inline query {asked['id']}: {sorted(offered)}")
        user = self.users[user_id] if user_id is not None else asked["from"]
        payload: JSONDict = {"result_id": result_id, "from": user, "query": asked["query"]}
        return self._enqueue("chosen_inline_result", payload)

    # ------------------------------------------------------------------ text & markup validation

    def _format(
        self,
        text: str,
        parse_mode: str | None,
        entities: Any,
        limit: int,
        *,
        caption: bool = False,
    ) -> tuple[str, list[JSONDict]]:
        mode = (parse_mode or "").lower()
        parsed: list[JSONDict]
        if mode == "html":
            plain, parsed = parse_html(text)
        elif mode == "markdownv2":
            plain, parsed = parse_markdown_v2(text)
        elif mode == "markdown":
            plain, parsed = parse_markdown(text)
        elif mode:
            raise _bad_request(f"unsupported parse_mode {parse_mode}")
        else:
            plain = text
            if entities is None:
                parsed = []
            elif isinstance(entities, list) and all(
                isinstance(e, dict) and {"type", "offset", "length"} <= e.keys() for e in entities
            ):
                parsed = _sort_entities([dict(e) for e in entities])
            else:
                raise _bad_request("can't parse entities JSON object")
        plain, parsed = _strip_text(plain, parsed)
        if not plain and not caption:
            raise _bad_request("message text is empty")
        if len(plain) > limit:
            raise _bad_request("message caption is too long" if caption else "message is too long")
        return plain, _sort_entities(parsed + detect_entities(plain, parsed))

    @staticmethod
    def _validate_markup(markup: Any, *, inline_only: bool = False) -> JSONDict | None:
        """Validate reply_markup like Telegram; returns the markup to show in the Message."""
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise _bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays')
            total = 0
            for row in rows:
                for button in row:
                    if not isinstance(button, dict):
                        raise _bad_request("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
                    label = button.get("text")
                    if not isinstance(label, str) or not label.strip():
                        raise _bad_request("BUTTON_TEXT_INVALID")
                    actions = [a for a in _INLINE_BUTTON_ACTIONS if a in button]
                    if not actions:
                        raise _bad_request(
                            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
                        )
                    if "callback_data" in button:
                        data = button["callback_data"]
                        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
                            raise _bad_request("BUTTON_DATA_INVALID")
                    if "url" in button:
                        url = button["url"]
                        if not isinstance(url, str) or not re.match(r"(https?|tg)://\S+$", url):
                            raise _bad_request("BUTTON_URL_INVALID")
                    total += 1
            if total > 100:
                raise _bad_request("reply markup is too long")
            return {"inline_keyboard": copy.deepcopy(rows)} if total else None
        if inline_only:
            raise _bad_request("inline keyboard expected")
        if "keyboard" in markup:
            rows = markup["keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise _bad_request('field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays')
            for row in rows:
                for button in row:
                    label = button.get("text") if isinstance(button, dict) else button
                    if not isinstance(label, str) or not label:
                        raise _bad_request("BUTTON_TEXT_INVALID")
            return None
        if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
            return None
        raise _bad_request("can't parse reply keyboard markup JSON object")

    def _reply_target(self, params: _Params, chat: JSONDict) -> JSONDict | None:
        reply = params.opt_json("reply_parameters")
        if reply is None and params.has("reply_to_message_id"):
            reply = {
                "message_id": params.opt_int("reply_to_message_id"),
                "allow_sending_without_reply": params.opt_bool("allow_sending_without_reply"),
            }
        if reply is None:
            return None
        if not isinstance(reply, dict) or not isinstance(reply.get("message_id"), int):
            raise _bad_request("can't parse reply parameters JSON object")
        target_chat: Any = reply.get("chat_id", chat["id"])
        if isinstance(target_chat, str):
            target_chat = self._resolve_chat(target_chat)["id"]
        target = self._find_message(int(target_chat), reply["message_id"])
        if target is None:
            if reply.get("allow_sending_without_reply"):
                return None
            raise _bad_request("message to be replied not found")
        return self._quoted(target)

    # ------------------------------------------------------------------ methods

    async def _m_true(self, params: _Params) -> Any:
        return True

    async def _m_get_me(self, params: _Params) -> Any:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": not self.privacy_mode,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _m_get_updates(self, params: _Params) -> Any:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = params.opt_int("offset") or 0
        limit = params.opt_int("limit") or 100
        limit = min(max(limit, 1), 100)
        timeout = min(max(params.opt_float("timeout") or 0.0, 0.0), 50.0)
        allowed = params.opt_json("allowed_updates")
        if allowed is not None:
            if not isinstance(allowed, list):
                raise _bad_request("can't parse allowed_updates JSON object")
            self._allowed_updates = [str(a) for a in allowed]
        self._poll_generation += 1
        generation = self._poll_generation
        self._wake_pollers()  # terminates an older long poll with 409
        if offset > 0:
            self._confirm(offset)
        elif offset < 0:
            kept = self._updates[offset:]
            for update in self._updates[: len(self._updates) - len(kept)]:
                self._undelivered.discard(update["update_id"])
            self._updates = kept
        deadline = time.monotonic() + timeout
        while True:
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
                )
            batch = self._deliverable(limit)
            remaining = deadline - time.monotonic()
            if batch or self._closing or self._unreachable or remaining <= 0:
                break
            event = self._updates_event
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)
        transport = params.request.transport
        if batch and transport is not None and not transport.is_closing():
            now = time.monotonic()
            for update in batch:
                self._undelivered.discard(update["update_id"])
                self.fetched_at.setdefault(update["update_id"], now)
            self._touch()
        return batch

    @property
    def unconfirmed_updates(self) -> list[int]:
        """Ids of injected updates the bot has not acknowledged yet (Telegram would send them again)."""
        return [update["update_id"] for update in self._updates]

    def _confirm(self, offset: int) -> None:
        self.confirmed_offset = max(self.confirmed_offset, offset)
        for update in self._updates:
            if update["update_id"] < offset:
                self._undelivered.discard(update["update_id"])
        self._updates = [u for u in self._updates if u["update_id"] >= offset]

    def _deliverable(self, limit: int) -> list[JSONDict]:
        allowed = set(self._allowed_updates)
        batch: list[JSONDict] = []
        kept: list[JSONDict] = []
        for update in self._updates:
            kind = next((k for k in update if k != "update_id"), "")
            is_allowed = kind in allowed if allowed else kind not in _UPDATE_TYPES_NOT_DEFAULT
            if not is_allowed:
                self._undelivered.discard(update["update_id"])
                continue
            kept.append(update)
            if len(batch) < limit:
                batch.append(copy.deepcopy(update))
        self._updates = kept
        return batch

    async def _m_delete_webhook(self, params: _Params) -> Any:
        self.webhook_url = ""
        if params.opt_bool("drop_pending_updates"):
            self._drop_pending()
        return True

    def _drop_pending(self) -> None:
        for update in self._updates:
            self._undelivered.discard(update["update_id"])
        self._updates = []

    async def _m_set_webhook(self, params: _Params) -> Any:
        url = params.opt_str("url") or ""
        if url and not url.startswith("https://"):
            raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook_url = url
        if params.opt_bool("drop_pending_updates"):
            self._drop_pending()
        return True

    async def _m_get_webhook_info(self, params: _Params) -> Any:
        return {"url": self.webhook_url, "has_custom_certificate": False, "pending_update_count": len(self._updates)}

    def _commands_key(self, params: _Params) -> tuple[str, str]:
        scope = params.opt_json("scope") or {"type": "default"}
        if not isinstance(scope, dict) or scope.get("type") not in _COMMAND_SCOPES:
            raise _bad_request("can't parse BotCommandScope JSON object")
        if scope["type"] in ("chat", "chat_administrators", "chat_member"):
            self._resolve_chat(scope.get("chat_id", 0))
        language = params.opt_str("language_code") or ""
        if language and not _LANGUAGE_RE.fullmatch(language):
            raise _bad_request("invalid language code specified")
        return json.dumps(scope, sort_keys=True), language

    async def _m_set_my_commands(self, params: _Params) -> Any:
        commands = params.opt_json("commands")
        if not isinstance(commands, list):
            raise _bad_request('parameter "commands" is required')
        if len(commands) > 100:
            raise _bad_request("too many commands")
        cleaned: list[JSONDict] = []
        for command in commands:
            if not isinstance(command, dict):
                raise _bad_request("can't parse BotCommand JSON object")
            name = command.get("command")
            description = command.get("description")
            if not isinstance(name, str) or not _COMMAND_NAME_RE.fullmatch(name):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": name, "description": description})
        key = self._commands_key(params)
        if cleaned:
            self.commands[key] = cleaned
        else:
            self.commands.pop(key, None)
        return True

    async def _m_get_my_commands(self, params: _Params) -> Any:
        return copy.deepcopy(self.commands.get(self._commands_key(params), []))

    async def _m_delete_my_commands(self, params: _Params) -> Any:
        self.commands.pop(self._commands_key(params), None)
        return True

    def _bot_text_setter(self, field_name: str) -> _MethodImpl:
        limits = {"description": 512, "short_description": 120, "name": 64}

        async def setter(params: _Params) -> Any:
            value = params.opt_str(field_name) or ""
            if len(value) > limits[field_name]:
                raise _bad_request(f"{field_name} is too long")
            language = params.opt_str("language_code") or ""
            if value:
                self.bot_texts[(field_name, language)] = value
            else:
                self.bot_texts.pop((field_name, language), None)
            return True

        return setter

    def _bot_text_getter(self, field_name: str) -> _MethodImpl:
        async def getter(params: _Params) -> Any:
            language = params.opt_str("language_code") or ""
            value = self.bot_texts.get((field_name, language)) or self.bot_texts.get((field_name, ""), "")
            if field_name == "name" and not value:
                value = self.bot_user["first_name"]
            return {field_name: value}

        return getter

    async def _m_send_message(self, params: _Params) -> Any:
        chat = self._chat_for_send(params)
        text = params.req_str("text", "message text is empty")
        parse_mode = params.opt_str("parse_mode")
        plain, entities = self._format(text, parse_mode, params.opt_json("entities"), 4096)
        markup = self._validate_markup(params.opt_json("reply_markup"))
        reply_to = self._reply_target(params, chat)
        content: JSONDict = {"text": plain}
        if entities:
            content["entities"] = entities
        if reply_to is not None:
            content["reply_to_message"] = reply_to
        if markup is not None:
            content["reply_markup"] = markup
        link_preview = params.opt_json("link_preview_options")
        if isinstance(link_preview, dict) and link_preview:
            content["link_preview_options"] = link_preview
        if parse_mode:
            content["_parse_mode"] = parse_mode
            if parse_mode.lower() == "html":
                content["_html"] = text
        return self._store_sent(chat, content)

    @staticmethod
    def _media_object(kind: str, stored: _StoredFile) -> Any:
        base: JSONDict = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
        }
        if kind == "photo":
            return [base | {"width": 800, "height": 600}]
        if kind == "sticker":
            return base | {"type": "regular", "width": 512, "height": 512, "is_animated": False, "is_video": False}
        if kind in ("video", "animation"):
            base |= {"width": 640, "height": 480, "duration": 1}
        elif kind in ("audio", "voice"):
            base["duration"] = 1
        if stored.file_name and kind != "voice":
            base["file_name"] = stored.file_name
        if stored.mime_type:
            base["mime_type"] = stored.mime_type
        return base

    def _media_sender(self, method: str) -> _MethodImpl:
        kind, folder = _MEDIA_METHODS[method]

        async def send(params: _Params) -> Any:
            chat = self._chat_for_send(params)
            upload = params.files.get(kind)
            stored: _StoredFile | None = None
            if upload is not None:
                stored = self._fake_file(upload.data, folder, upload.filename, upload.content_type or None)
            else:
                reference = params.opt_str(kind)
                if not reference:
                    raise _bad_request(f"there is no {kind} in the request")
                if reference.startswith("attach://"):
                    upload = params.files.get(reference[len("attach://") :])
                    if upload is None:
                        raise _bad_request(f"there is no {kind} in the request")
                    stored = self._fake_file(upload.data, folder, upload.filename, upload.content_type or None)
                elif reference in self.files:
                    stored = self.files[reference]
                elif reference.startswith(("http://", "https://")):
                    raise _bad_request("failed to get HTTP URL content")
                else:
                    raise _bad_request("wrong file identifier/HTTP URL specified")
            content: JSONDict = {kind: self._media_object(kind, stored)}
            caption = params.opt_str("caption")
            if caption and kind != "sticker":
                parse_mode = params.opt_str("parse_mode")
                plain, entities = self._format(
                    caption, parse_mode, params.opt_json("caption_entities"), 1024, caption=True
                )
                if plain:
                    content["caption"] = plain
                if entities:
                    content["caption_entities"] = entities
                if parse_mode and parse_mode.lower() == "html":
                    content["_html"] = caption
            markup = self._validate_markup(params.opt_json("reply_markup"))
            if markup is not None:
                content["reply_markup"] = markup
            reply_to = self._reply_target(params, chat)
            if reply_to is not None:
                content["reply_to_message"] = reply_to
            return self._store_sent(chat, content)

        return send

    def _message_to_edit(self, params: _Params) -> JSONDict | None:
        """The stored message addressed by chat_id+message_id, or None for inline messages."""
        if params.opt_str("inline_message_id"):
            return None
        chat = self._resolve_chat(params.chat_id())
        message_id = params.req_int("message_id", "message identifier is not specified")
        message = self._find_message(chat["id"], message_id)
        if message is None:
            raise _bad_request("message to edit not found")
        if message["from"]["id"] != self.bot_id:
            raise _bad_request("message can't be edited")
        return message

    async def _m_edit_message_text(self, params: _Params) -> Any:
        message = self._message_to_edit(params)
        text = params.req_str("text", "message text is empty")
        parse_mode = params.opt_str("parse_mode")
        plain, entities = self._format(text, parse_mode, params.opt_json("entities"), 4096)
        markup = self._validate_markup(params.opt_json("reply_markup"), inline_only=True)
        if message is None:
            return True
        if "text" not in message:
            raise _bad_request("there is no text in the message to edit")
        if (
            plain == message["text"]
            and entities == message.get("entities", [])
            and markup == message.get("reply_markup")
        ):
            raise _bad_request(_NOT_MODIFIED[len("Bad Request: ") :])
        message["text"] = plain
        self._set_optional(message, "entities", entities or None)
        self._set_optional(message, "reply_markup", markup)
        self._set_optional(message, "_parse_mode", parse_mode)
        self._set_optional(message, "_html", text if (parse_mode or "").lower() == "html" else None)
        message["edit_date"] = int(time.time())
        return message

    async def _m_edit_message_caption(self, params: _Params) -> Any:
        message = self._message_to_edit(params)
        caption = params.opt_str("caption") or ""
        parse_mode = params.opt_str("parse_mode")
        plain, entities = self._format(caption, parse_mode, params.opt_json("caption_entities"), 1024, caption=True)
        markup = self._validate_markup(params.opt_json("reply_markup"), inline_only=True)
        if message is None:
            return True
        if "text" in message:
            raise _bad_request("there is no caption in the message to edit")
        if (
            plain == message.get("caption", "")
            and entities == message.get("caption_entities", [])
            and markup == message.get("reply_markup")
        ):
            raise _bad_request(_NOT_MODIFIED[len("Bad Request: ") :])
        self._set_optional(message, "caption", plain or None)
        self._set_optional(message, "caption_entities", entities or None)
        self._set_optional(message, "reply_markup", markup)
        message["edit_date"] = int(time.time())
        return message

    async def _m_edit_message_reply_markup(self, params: _Params) -> Any:
        message = self._message_to_edit(params)
        markup = self._validate_markup(params.opt_json("reply_markup"), inline_only=True)
        if message is None:
            return True
        if markup == message.get("reply_markup"):
            raise _bad_request(_NOT_MODIFIED[len("Bad Request: ") :])
        self._set_optional(message, "reply_markup", markup)
        message["edit_date"] = int(time.time())
        return message

    @staticmethod
    def _set_optional(target: JSONDict, key: str, value: Any) -> None:
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value

    async def _m_delete_message(self, params: _Params) -> Any:
        chat = self._resolve_chat(params.chat_id())
        message_id = params.req_int("message_id", "message identifier is not specified")
        message = self._find_message(chat["id"], message_id)
        if message is None:
            raise _bad_request("message to delete not found")
        message["_deleted"] = True
        return True

    async def _m_answer_callback_query(self, params: _Params) -> Any:
        query_id = params.req_str("callback_query_id", _QUERY_TOO_OLD[len("Bad Request: ") :])
        if query_id not in self.callback_queries or query_id in self.callback_answers:
            raise ApiError(400, _QUERY_TOO_OLD)
        text = params.opt_str("text") or ""
        if len(text) > 200:
            raise _bad_request("MESSAGE_TOO_LONG")
        url = params.opt_str("url")
        if url and not url.startswith(("https://", "http://", "tg://", "t.me/")):
            raise _bad_request("URL_INVALID")
        answer: JSONDict = {"text": text, "show_alert": params.opt_bool("show_alert")}
        if url:
            answer["url"] = url
        cache_time = params.opt_int("cache_time")
        if cache_time is not None:
            answer["cache_time"] = cache_time
        self.callback_answers[query_id] = answer
        return True

    async def _m_answer_inline_query(self, params: _Params) -> Any:
        query_id = params.req_str("inline_query_id", _QUERY_TOO_OLD[len("Bad Request: ") :])
        if query_id not in self.inline_queries or query_id in self.inline_answers:
            raise ApiError(400, _QUERY_TOO_OLD)
        results = params.opt_json("results")
        if not isinstance(results, list):
            raise _bad_request('parameter "results" is required')
        if len(results) > 50:
            raise _bad_request("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            self._validate_inline_result(result, seen)
        next_offset = params.opt_str("next_offset") or ""
        if len(next_offset.encode("utf-8")) > 64:
            raise _bad_request("NEXT_OFFSET_INVALID")
        self.inline_answers[query_id] = {
            "results": results,
            "cache_time": params.opt_int("cache_time"),
            "is_personal": params.opt_bool("is_personal"),
            "next_offset": next_offset,
            "button": params.opt_json("button"),
        }
        return True

    def _validate_inline_result(self, result: Any, seen: set[str]) -> None:
        if not isinstance(result, dict):
            raise _bad_request("can't parse inline query result JSON object")
        result_type = result.get("type")
        if result_type not in _INLINE_RESULT_TYPES:
            raise _bad_request("RESULT_TYPE_INVALID")
        result_id = result.get("id")
        if not isinstance(result_id, str) or not 1 <= len(result_id.encode("utf-8")) <= 64:
            raise _bad_request("RESULT_ID_INVALID")
        if result_id in seen:
            raise _bad_request("RESULT_ID_DUPLICATE")
        seen.add(result_id)
        if "reply_markup" in result:
            self._validate_markup(result["reply_markup"], inline_only=True)
        if result_type != "article":
            return
        title = result.get("title")
        if not isinstance(title, str) or not title.strip():
            raise _bad_request('can\'t parse inline query result: Field "title" must be a non-empty String')
        content = result.get("input_message_content")
        if not isinstance(content, dict):
            raise _bad_request('can\'t parse inline query result: Field "input_message_content" must be of type Object')
        if "message_text" in content:
            message_text = content["message_text"]
            if not isinstance(message_text, str):
                raise _bad_request("message text is empty")
            self._format(message_text, content.get("parse_mode"), content.get("entities"), 4096)
        elif not ({"latitude", "longitude"} <= content.keys() or "phone_number" in content):
            raise _bad_request("can't parse InputMessageContent: unsupported content")
        for key in ("url", "thumbnail_url"):
            value = result.get(key)
            if value is not None and (not isinstance(value, str) or not re.match(r"https?://\S+$", value)):
                raise _bad_request("RESULT_URL_INVALID" if key == "url" else "THUMBNAIL_URL_INVALID")

    async def _m_send_chat_action(self, params: _Params) -> Any:
        self._chat_for_send(params)
        action = params.req_str("action", 'parameter "action" is required')
        if action not in _CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        return True

    async def _m_get_file(self, params: _Params) -> Any:
        file_id = params.req_str("file_id", "invalid file_id")
        stored = self.files.get(file_id)
        if stored is None:
            raise _bad_request("invalid file_id")
        if len(stored.data) > 20 * 1024 * 1024:
            raise _bad_request("file is too big")
        return stored.as_file()

    async def _m_set_chat_menu_button(self, params: _Params) -> Any:
        chat_id: int | None = None
        if params.has("chat_id"):
            chat_id = self._resolve_chat(params.chat_id())["id"]
        button = params.opt_json("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in ("default", "commands", "web_app"):
            raise _bad_request("can't parse menu button JSON object")
        self.menu_buttons[chat_id] = button
        return True

    async def _m_get_chat_menu_button(self, params: _Params) -> Any:
        chat_id: int | None = None
        if params.has("chat_id"):
            chat_id = self._resolve_chat(params.chat_id())["id"]
        return self.menu_buttons.get(chat_id) or self.menu_buttons.get(None) or {"type": "default"}

    async def _m_leave_chat(self, params: _Params) -> Any:
        chat = self._resolve_chat(params.chat_id())
        if chat["type"] == "private":
            raise _bad_request("chat member status can't be changed in private chats")
        self.left_chats.add(chat["id"])
        return True


# --------------------------------------------------------------------------------------------
# Application helpers
# --------------------------------------------------------------------------------------------


def application_builder(server: BotAPIServer) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
    """``ApplicationBuilder`` with token, base_url and base_file_url pointing at ``server``."""
    return ApplicationBuilder().token(server.token).base_url(server.base_url).base_file_url(server.base_file_url)


@contextlib.asynccontextmanager
async def running_application(
    app: AnyApplication,
    *,
    poll_timeout: float = 1.0,
    drop_pending_updates: bool = False,
    error_callback: Callable[[TelegramError], None] | None = None,
    allowed_updates: list[str] | None = None,
) -> AsyncIterator[AnyApplication]:
    """Run ``app`` with long polling for the duration of the block.

    Does ``initialize() -> start() -> updater.start_polling(poll_interval=0, timeout=poll_timeout)``
    and on exit ``updater.stop() -> stop() -> shutdown()``, even if the block raised.
    ``error_callback`` receives the ``TelegramError``s raised while polling (NetworkError ...).
    ``allowed_updates`` is passed on to getUpdates, as ``run_polling(allowed_updates=...)`` would.
    """
    await app.initialize()
    try:
        await app.start()
        try:
            updater = app.updater
            assert updater is not None, "the Application was built without an Updater"
            await updater.start_polling(
                poll_interval=0.0,
                timeout=dtm.timedelta(seconds=poll_timeout),
                drop_pending_updates=drop_pending_updates,
                error_callback=error_callback,
                allowed_updates=allowed_updates,
            )
            try:
                yield app
            finally:
                if updater.running:
                    await updater.stop()
        finally:
            if app.running:
                await app.stop()
    finally:
        await app.shutdown()
