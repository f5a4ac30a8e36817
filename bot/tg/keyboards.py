"""A `Reply`'s buttons as Telegram's inline keyboard."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.conversation import Button


def inline_keyboard(rows: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup | None:
    """One inline button per `Button`; `Action.encode()` keeps callback_data within Telegram's 64 bytes."""
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(button.label, callback_data=button.action.encode()) for button in row] for row in rows]
    )
