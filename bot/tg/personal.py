"""Readers' ids, names and words out of log records, at every level and from every library.

python-telegram-bot logs whole updates and API parameters at DEBUG ("Processing update ...",
"Calling Bot API endpoint `sendMessage` with parameters {...}", the webhook's raw JSON), and any of
our own lines could quote one. `scrub_record` rewrites a record's arguments before any handler sees
them: Telegram objects, dicts, lists and JSON strings are walked, and

- ids (`id`, `chat_id`, `user_id`, ... but not `update_id` or `message_id`) become a pseudonym such as
  `#3f9a1c07`: the same reader is the same pseudonym within one run, so a log can still be followed,
  but the key is random per process and never written anywhere, so it cannot be traced back;
- names (`first_name`, `username`, a group's `title` ...) are dropped;
- texts (`text`, `caption`, an inline `query`, button `data` ...) become their length.

Anything else (numbers, update ids, method names, error messages) is left as it is.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
from collections.abc import Mapping
from typing import Any

from telegram import TelegramObject

_KEY = os.urandom(16)
NOT_PERSONAL_IDS = frozenset({"update_id", "message_id", "message_thread_id", "reply_to_message_id", "file_id",
                              "file_unique_id", "custom_emoji_id", "media_group_id", "business_connection_id"})
NAMES = frozenset({"first_name", "last_name", "username", "title", "full_name", "phone_number", "bio",
                   "vcard", "email", "description", "sender_signature", "author_signature", "active_usernames"})
TEXTS = frozenset({"text", "caption", "query", "data", "result_id", "inline_message_id", "switch_pm_parameter",
                   "question", "explanation", "quote", "address", "payload"})
DROPPED = "<dropped>"


def pseudonym(value: object) -> str:
    return "#" + hmac.new(_KEY, str(value).encode(), hashlib.sha256).hexdigest()[:8]


def scrub(value: Any, key: str = "") -> Any:
    """`value` with ids pseudonymised, names dropped and texts reduced to their length (see the module docstring)."""
    if isinstance(value, TelegramObject):
        return {"_": type(value).__name__, **scrub(value.to_dict(recursive=True))}
    if isinstance(value, Mapping):
        return {name: scrub(item, str(name)) for name, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [scrub(item, key) for item in value]
    if not key:
        return _scrub_json(value) if isinstance(value, str) else value
    if key in NAMES:
        return DROPPED
    if key in TEXTS and isinstance(value, str):
        return f"<{len(value)} characters>"
    if (key == "id" or key.endswith("_id") or key == "chat") and key not in NOT_PERSONAL_IDS \
            and isinstance(value, int | str) and not isinstance(value, bool):
        return pseudonym(value)
    return value


def _scrub_json(text: str) -> str:
    """A string that is a JSON object or list (the webhook logs the body it received) is scrubbed as data."""
    stripped = text.lstrip()
    if not stripped.startswith(("{", "[")):
        return text
    try:
        data = json.loads(stripped)
    except ValueError:
        return text
    return json.dumps(scrub(data), ensure_ascii=False)


def scrub_record(record: logging.LogRecord) -> None:
    """Rewrites the record's message arguments in place (the message format string is ours or a library's)."""
    if isinstance(record.args, Mapping):
        record.args = scrub(dict(record.args))
    elif isinstance(record.args, tuple) and record.args:
        record.args = tuple(scrub(arg) for arg in record.args)
    if not isinstance(record.msg, str):
        record.msg = scrub(record.msg)
