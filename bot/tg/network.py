"""Talking to the Bot API over an unreliable network: one log line per outage, and sends that survive one.

python-telegram-bot already keeps polling through outages (pausing up to 30 s between tries). What it
does not do is retry a *send* that failed, or tell an outage from a bug in the log. `TelegramRequest`
does both, below python-telegram-bot's error mapping, where the raw HTTP status and httpx error are
still visible:

- A 5xx answer, a connection that could not be opened, or one Telegram closed without answering:
  the message did not arrive, so it is sent again (with growing pauses, for up to `RETRY_FOR` seconds;
  a reader gets the answer late rather than never).
- A read timeout is *not* retried: Telegram may have delivered the message and only its answer got
  lost, and a reader should not get the same answer twice.
- `sendChatAction` ('typing…') is never retried: it is cosmetic and stale by the second try.
- getUpdates is never retried here: python-telegram-bot's polling loop does that with its own backoff.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import httpx
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TelegramError
from telegram.ext import Application
from telegram.request import BaseRequest, HTTPXRequest, RequestData

log = logging.getLogger(__name__)

CONFLICT_LOG_EVERY = 300.0  # seconds between "409 Conflict" lines
RETRY_FOR = 20.0  # seconds a send keeps trying through an outage
RETRY_WHEN_STOPPING = 2.0  # ...and once the bot is shutting down, so that it still stops in a few seconds
FIRST_PAUSE, LONGEST_PAUSE = 0.25, 4.0
NOT_RETRIED = frozenset({"getUpdates", "sendChatAction"})
SAFE_TO_RESEND = (
    httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.WriteError, httpx.WriteTimeout,  # never sent
    httpx.RemoteProtocolError, httpx.ReadError,  # closed without an answer: a lost reply is worse than a rare double
)


@dataclass(frozen=True)
class Timeouts:
    """Seconds to wait for the Bot API; a long poll waits its own poll timeout on top of `read`."""

    connect: float = 5.0
    read: float = 5.0
    write: float = 5.0
    pool: float = 3.0


class ApiHealth:
    """Whether the Bot API answers. One log line when it stops, one when it is back, none in between."""

    def __init__(self) -> None:
        self.down_since: float | None = None
        self._conflict_logged: float | None = None

    @property
    def up(self) -> bool:
        return self.down_since is None

    def failed(self, what: str, reason: str) -> None:
        if self.down_since is None:
            self.down_since = time.monotonic()
            log.warning("Telegram Bot API not answering (%s: %s); retrying with backoff, answers wait until it is back",
                        what, reason)

    def succeeded(self) -> None:
        if self.down_since is not None:
            log.info("Telegram Bot API answering again after %.1f s", time.monotonic() - self.down_since)
            self.down_since = None

    def conflict(self) -> None:
        """409: a newer getUpdates ended ours. After a timeout that is our own stale poll; if it repeats, a
        second copy of the bot polls with this token. Telegram answers, so this is no outage."""
        now = time.monotonic()
        if self._conflict_logged is None or now - self._conflict_logged > CONFLICT_LOG_EVERY:
            self._conflict_logged = now
            log.warning("another getUpdates request with this token ended ours (409 Conflict); "
                        "if this repeats, a second copy of the bot is running")


class TelegramRequest(HTTPXRequest):
    """python-telegram-bot's HTTPX transport, reporting outages to `health` and retrying sends that did not arrive."""

    def __init__(self, health: ApiHealth, timeouts: Timeouts, *, pool_size: int, polling: bool = False) -> None:
        super().__init__(connection_pool_size=pool_size, connect_timeout=timeouts.connect, read_timeout=timeouts.read,
                         write_timeout=timeouts.write, pool_timeout=timeouts.pool)
        self.health = health
        self.polling = polling
        self.stopping: Callable[[], bool] = lambda: False  # set by the Application's owner
        self.before_send: Callable[[str], Awaitable[None]] | None = None  # the inbox notes a reply going out

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        timeouts = (read_timeout, write_timeout, connect_timeout, pool_timeout)
        endpoint = url.rsplit("/", 1)[-1]
        what = "polling" if self.polling else endpoint
        retry = not self.polling and endpoint not in NOT_RETRIED
        if self.before_send is not None and not self.polling:
            await self.before_send(endpoint)
        started, pause = time.monotonic(), FIRST_PAUSE
        while True:
            try:
                code, payload = await super().do_request(url, method, request_data, *timeouts)
            except TelegramError as exc:  # a network failure, already translated by HTTPXRequest
                self.health.failed(what, _describe(exc))
                if not (retry and _not_arrived(exc) and self._time_left(started) > pause):
                    raise
            else:
                if self.polling and code == HTTPStatus.CONFLICT:
                    self.health.conflict()
                    return code, payload
                if code < 500 and not (self.polling and code != 200):
                    self.health.succeeded()
                    return code, payload
                self.health.failed(what, f"HTTP {code}")
                if not (retry and self._time_left(started) > pause):
                    return code, payload
            log.debug("%s failed; trying again in %.2f s", endpoint, pause)
            await asyncio.sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE)

    def _time_left(self, started: float) -> float:
        budget = RETRY_WHEN_STOPPING if self.stopping() else RETRY_FOR
        return started + budget - time.monotonic()


def _not_arrived(error: TelegramError) -> bool:
    """True if Telegram did not act on the request, as far as can be told (a read timeout leaves that open).

    HTTPXRequest raises its NetworkError or TimedOut `from` the httpx error, which says which it was.
    """
    return isinstance(error, NetworkError) and isinstance(error.__cause__, SAFE_TO_RESEND)


def _describe(error: TelegramError) -> str:
    return f"{type(error).__name__}: {error.message}" if error.message else type(error).__name__


class StopWatch:
    """True once a started Application is stopping: sends then stop retrying early, so shutdown stays quick.

    `Application.stop()` finishes the updates in hand before it returns; `running` turns False when it begins.
    """

    def __init__(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        self._app = app
        self._started = False

    def __call__(self) -> bool:
        if self._app.running:
            self._started = True
            return False
        return self._started
