"""What the bot tells a reader about their own data: /privacy, and /forget with its confirmation (pure).

Deleting is the shell's job (it owns the store); here is only what the reader sees, in their language.
"""

from __future__ import annotations

from html import escape

from bot.conversation import Action, Button, Reply, simple_reply
from bot.knowledge import Lang
from bot.texts import t

FORGET_CONFIRM = "yes"
FORGET_CANCEL = "no"


def privacy_reply(lang: Lang, retention_days: int) -> Reply:
    """/privacy: what is stored, for how long, that ids are hashed, and how to have it deleted."""
    return simple_reply(lang, "privacy", days=retention_days)


def forget_question(lang: Lang) -> Reply:
    """/forget: nothing is deleted until the reader presses the confirmation button."""
    text = t(lang, "forget_confirm")
    buttons = ((Button(t(lang, "forget_yes"), Action("forget", lang, FORGET_CONFIRM)),
                Button(t(lang, "forget_no"), Action("forget", lang, FORGET_CANCEL))),)
    return Reply(lang, text, escape(text), buttons)


def forget_outcome(lang: Lang, *, confirmed: bool, deleted: bool) -> Reply:
    """What replaces the question once a button is pressed: done, cancelled, or 'try again later'."""
    if not confirmed:
        return simple_reply(lang, "forget_cancelled")
    return simple_reply(lang, "forgotten" if deleted else "forget_failed")
