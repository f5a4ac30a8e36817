"""Outbound pacing: the bot never sends faster than Telegram allows (readers' flood limit: `bot.tg.flood`).

Telegram's limits (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this):
about 30 messages a second overall, one a second per chat with short bursts, 20 a minute per group;
beyond them it answers 429 "retry after N". `TelegramRateLimiter` paces the bot under those limits so
that 429s stay rare, and python-telegram-bot's `AIORateLimiter` waits out the ones that still come.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram.ext import AIORateLimiter

JSON = bool | dict[str, Any] | list[dict[str, Any]]


@dataclass(frozen=True)
class SendLimits:
    """How fast the bot sends. The defaults keep under Telegram's limits even counted over any sliding window."""

    overall_per_second: float = 28.0  # Telegram: 30; a little under, so network jitter never tips it over
    chat_per_second: float = 1.0  # Telegram: "avoid more than one message per second in a single chat"
    chat_burst: int = 3  # "...we may allow short bursts"
    group_per_minute: int = 20
    retries: int = 10  # a 429 that still comes is waited out this many times before the reply is given up


TELEGRAM_LIMITS = SendLimits()
IDLE_CHATS_KEPT = 1024  # per-chat buckets kept before the full (idle) ones are dropped


class TelegramRateLimiter(AIORateLimiter):
    """`AIORateLimiter` with its limits tuned to hold over sliding windows, plus pacing per private chat.

    aiolimiter's buckets admit their whole capacity at once and then refill, so `AIORateLimiter`'s
    defaults (30 a second, 20 a minute per group) let through up to twice that within one window;
    Telegram then answers 429, and `AIORateLimiter` halts *every* request for the wait. Here the overall
    bucket holds a single request (a steady 28 a second) and a group's half the minute's allowance.
    Private chats, which `AIORateLimiter` does not pace at all, get a `ChatBucket` each.
    """

    def __init__(self, limits: SendLimits = TELEGRAM_LIMITS, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(
            overall_max_rate=1,  # capacity 1, refilled every 1/28 s
            overall_time_period=1 / limits.overall_per_second,
            group_max_rate=limits.group_per_minute // 2,  # capacity + refill within any minute <= the limit
            group_time_period=60,
            max_retries=limits.retries,
        )
        self.limits = limits
        self._clock = clock
        self._chats: dict[int, ChatBucket] = {}

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSON]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSON:
        chat = _private_chat(endpoint, data)
        if chat is None:
            return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
        bucket = self._bucket(chat)
        async with bucket.lock:  # one message at a time per chat, so the bucket sees them as Telegram does
            await bucket.ready()
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            finally:
                bucket.spend()  # counted once sent, after any wait for the overall limit

    def _bucket(self, chat: int) -> ChatBucket:
        if len(self._chats) > IDLE_CHATS_KEPT:
            for key in [key for key, bucket in self._chats.items() if bucket.idle]:
                del self._chats[key]
        bucket = self._chats.get(chat)
        if bucket is None:
            bucket = self._chats[chat] = ChatBucket(self.limits.chat_burst, self.limits.chat_per_second, self._clock)
        return bucket


class ChatBucket:
    """Telegram's pacing of one chat as a token bucket: `burst` messages at once, then `per_second`."""

    def __init__(self, burst: int, per_second: float, clock: Callable[[], float]) -> None:
        self.burst, self.per_second, self._clock = float(burst), per_second, clock
        self.lock = asyncio.Lock()
        self._tokens, self._at = self.burst, clock()

    @property
    def idle(self) -> bool:
        return not self.lock.locked() and self._refilled() >= self.burst

    async def ready(self) -> None:
        """Wait until a message may go out."""
        tokens = self._refilled()
        if tokens < 1:
            await asyncio.sleep((1 - tokens) / self.per_second)

    def spend(self) -> None:
        self._tokens, self._at = self._refilled() - 1, self._clock()

    def _refilled(self) -> float:
        return min(self.burst, self._tokens + (self._clock() - self._at) * self.per_second)


def _private_chat(endpoint: str, data: dict[str, Any]) -> int | None:
    """The private chat a message goes to; None for everything Telegram does not count as a message."""
    if not endpoint.startswith("send") or endpoint == "sendChatAction":
        return None
    chat = data.get("chat_id")
    return chat if isinstance(chat, int) and chat > 0 else None
