"""What every handler shares, and the typed context that hands it to them.

python-telegram-bot passes each handler a `CallbackContext`; `BotContext` (registered through
`ContextTypes(context=BotContext)` in `bot.tg.app`, as in PTB's examples/contexttypesbot.py) adds typed
`services` and `conversations`, so no handler fetches from `bot_data` by a string key and asserts its type.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from telegram import User
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.config import Settings
from bot.factbase.live import LiveKnowledge
from bot.knowledge import Lang
from bot.memory import ConversationMemory
from bot.store import Store
from bot.tg.flood import FloodLimit
from bot.tg.keyboards import CallbackCodec
from bot.tg.settled import SettledQuestions

MODERATOR_FLOOD_FACTOR = 10  # moderators send files and commands in bursts; they are staff, not a flood
INLINE_FLOOD_FACTOR = 3  # inline queries come per keystroke: room for a question typed letter by letter


@dataclass
class Services:
    """Everything a handler needs, created once per Application."""

    settings: Settings
    live: LiveKnowledge
    store: Store
    flood: FloodLimit
    today: Callable[[], dt.date] = dt.date.today

    @cached_property
    def moderator_flood(self) -> FloodLimit:
        return FloodLimit(self.flood.per_minute * MODERATOR_FLOOD_FACTOR)

    @cached_property
    def inline_flood(self) -> FloodLimit:
        return FloodLimit(self.flood.per_minute * INLINE_FLOOD_FACTOR)

    @cached_property
    def inline_questions(self) -> SettledQuestions:
        return SettledQuestions(self.store)

    @cached_property
    def buttons(self) -> CallbackCodec:
        """Signs and checks button data with a key derived from the store's secret."""
        return CallbackCodec(self.store.derived_key("callback data"))

    @cached_property
    def conversations(self) -> ConversationMemory:
        """Every chat's last ally and fact (bounded, in memory only): follow-ups like "und Nordkorea?" build on it."""
        return ConversationMemory()


class BotData(dict[str, Any]):
    """`application.bot_data`: a dict, as python-telegram-bot expects, that also holds the `Services`."""

    services: Services | None = None


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """The context every allybot handler receives."""

    @property
    def services(self) -> Services:
        return services_of(self.application)

    @property
    def conversations(self) -> ConversationMemory:
        return self.services.conversations


CONTEXT_TYPES = ContextTypes(context=BotContext, bot_data=BotData)
AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def install(app: AnyApplication, services: Services) -> None:
    """Gives the Application its services, once, when it is built."""
    app.bot_data.services = services


def services_of(app: AnyApplication) -> Services:
    """The services of an Application built by `bot.tg.app.build_application`."""
    found = app.bot_data.services
    if found is None:
        raise RuntimeError("build the Application with bot.tg.app.build_application")
    return found


def moderator_language(store: Store, user: User | None) -> Lang:
    """A moderator's /lang choice, else German for a German Telegram app, else English (staff's default)."""
    return _language(store, user, app_says="de", otherwise="en")


def reader_language(store: Store, user: User | None) -> Lang:
    """The reader's /lang choice, else their Telegram app's language: English if it is English, else German."""
    return _language(store, user, app_says="en", otherwise="de")


def _language(store: Store, user: User | None, *, app_says: Lang, otherwise: Lang) -> Lang:
    if user is None:
        return otherwise
    chosen = store.get_language(user.id)
    if chosen is not None:
        return chosen
    return app_says if (user.language_code or "").lower().startswith(app_says) else otherwise
