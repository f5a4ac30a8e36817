"""Logs without the bot token or readers' personal data, and with tracebacks only for bugs.

The token is part of every Bot API URL, so httpx's request lines, python-telegram-bot's InvalidToken
and any exception that quotes a URL can carry it. `protect_token` removes it from every log record
the process creates, whichever library logs it and whichever handler (a file, journald, a test's
caplog) receives it; `RedactingFormatter` turns Telegram's errors into part of their one line.
The same record factory hands every record to `bot.tg.personal.scrub_record` first, so that no level
(DEBUG included) shows a reader's id, name or words.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from telegram.error import TelegramError

from bot.tg.personal import scrub_record

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "<TOKEN>"

_tokens: set[str] = set()
_installed = False


def protect_token(token: str) -> None:
    """From now on, `token` (and its secret half) appear as <TOKEN> in every log record of this process."""
    global _installed
    _tokens.add(token)
    secret = token.partition(":")[2]
    if len(secret) >= 16:  # a quoted URL may be cut or re-encoded around the ':'
        _tokens.add(secret)
    if not _installed:
        _installed = True
        logging.setLogRecordFactory(_redacting(logging.getLogRecordFactory()))


def redact(text: str) -> str:
    for token in sorted(_tokens, key=len, reverse=True):
        text = text.replace(token, REDACTED)
    return text


def _redacting(make_record: Any) -> Any:
    def record_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record: logging.LogRecord = make_record(*args, **kwargs)
        try:
            scrub_record(record)
        except Exception:  # a record that cannot be walked is dropped to its format string, never shown raw
            record.args = None
        if not _tokens:
            return record
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is the logging module's to report, not ours
            return record
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and record.exc_info[1] is not None:
            trace = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            if redact(trace) != trace:  # formatted now, so that no handler formats the original later
                record.exc_text = redact(trace)
        return record

    return record_factory


class RedactingFormatter(logging.Formatter):
    """Log lines without the bot token, tracebacks only for bugs.

    A TelegramError (network down, Bad Gateway, ...) is a fact about the outside world, not a bug:
    it becomes part of its one line instead of a traceback.
    """

    def __init__(self, token: str) -> None:
        super().__init__(LOG_FORMAT)
        self._token = token

    def format(self, record: logging.LogRecord) -> str:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, TelegramError):
            line = f"{record.getMessage()} ({type(error).__name__}: {error})"
            record = logging.makeLogRecord({**record.__dict__, "msg": line, "args": None,
                                            "exc_info": None, "exc_text": None})
        return super().format(record).replace(self._token, REDACTED)


def configure_logging(token: str) -> None:
    """INFO to stderr, token-free; httpx's one line per request (with the token in its URL) left out."""
    protect_token(token)
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(RedactingFormatter(token))
    logging.getLogger("httpx").setLevel(logging.WARNING)
