"""A `Reply`'s buttons as Telegram's inline keyboard, and the one codec for what a button sends back.

Telegram hands callback_data back as the client sends it, and a script can send any data on any of
the bot's messages. So every button's data is signed: an HMAC over the action and the reader the
card belongs to, with a key derived from the store's secret (kept in DATA_DIR, so buttons survive a
restart). Data the bot never offered to that reader fails the check: a forged 👎, or someone else's
card pressed in a group.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.conversation import CALLBACK_LIMIT, SIGNATURE_CHARS, Action, Button

_SIGNATURE_BYTES = 6  # 48 bits, base64: 8 characters. Guessing takes ~10^14 presses, each a Telegram request.


class CallbackCodec:
    """Signs an `Action` for the reader a card belongs to, and reads back only what it signed for them."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def encode(self, action: Action, owner: int) -> str:
        payload = action.encode()
        data = f"{payload}|{self._signature(payload, owner)}"
        assert len(data.encode()) <= CALLBACK_LIMIT and len(data) == len(payload) + SIGNATURE_CHARS
        return data

    def decode(self, data: str, owner: int) -> Action | None:
        """The action, if `data` was signed for `owner`; None for forged, altered, old or someone else's data."""
        payload, _, signature = data.rpartition("|")
        try:
            signed = hmac.compare_digest(signature.encode(), self._signature(payload, owner).encode())
        except UnicodeEncodeError:  # a lone surrogate ('\ud800') in forged data: nothing this bot signed
            return None
        return Action.decode(payload) if signed else None

    @staticmethod
    def unverified_action(data: str) -> Action | None:
        """What `data` claims, unchecked: only to pick the language of a polite 'this button expired'."""
        return Action.decode(data.rpartition("|")[0]) or Action.decode(data)

    def _signature(self, payload: str, owner: int) -> str:
        digest = hmac.new(self._key, f"{owner}\0{payload}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:_SIGNATURE_BYTES]).decode()


def inline_keyboard(
    rows: tuple[tuple[Button, ...], ...], codec: CallbackCodec, owner: int
) -> InlineKeyboardMarkup | None:
    """One inline button per `Button`, its data signed for `owner` (the reader whose card this is)."""
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(button.label, callback_data=codec.encode(button.action, owner)) for button in row]
         for row in rows]
    )
