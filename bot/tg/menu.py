"""The command menu Telegram shows readers beside the text field, in their language."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand
from telegram.error import TelegramError

from bot.knowledge import LANGS, Lang
from bot.texts import t

log = logging.getLogger(__name__)

READER_COMMANDS = ("start", "help", "allies", "lang", "privacy", "forget")


async def publish_commands(bot: Bot) -> None:
    """The command menu in German and English; German for every other app language."""
    try:
        for lang in LANGS:
            await bot.set_my_commands(_menu(lang), language_code=lang)
        await bot.set_my_commands(_menu("de"))
    except TelegramError as exc:  # the menu is a convenience; answering matters more
        log.warning("could not publish the command menu (%s: %s); continuing without it", type(exc).__name__, exc)


def _menu(lang: Lang) -> list[BotCommand]:
    return [BotCommand(name, t(lang, f"cmd_{name}")) for name in READER_COMMANDS]
