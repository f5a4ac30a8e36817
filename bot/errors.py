"""Every way allybot refuses, as one small tree: a shell catches what it means, or `AllybotError` for all.

AllybotError              anything allybot says no with; the CLI prints it as one line and exits 1
├── ConfigError           a setting is missing or malformed
├── CliError              a command cannot do what was asked (bad argument, nothing changed)
├── EvalError             an evaluation file does not follow its schema
├── StoreUnavailable      the question log cannot be read (no database yet, locked or damaged)
│   └── NewerSchemaError  written by a newer allybot (in bot.store.schema: also an sqlite3.DatabaseError)
├── SecretKeyError        DATA_DIR/secret.key is not a usable key
├── AlreadyRunning        another allybot process holds this DATA_DIR
├── AnotherInstance       Telegram answered 409: another process polls with this token
├── UnsafePath            a path in the fact base leads outside knowledge/ or to a file too big
├── EditError             a fact file cannot be changed safely in place
├── ChartError            the status chart could not be drawn (the figures remain, as text)
└── SourceError           a source was not added (its kinds are in `bot.sources.errors`)

Mistakes in the fact base itself are not raised: the loader collects every one of them as a
`bot.knowledge.KnowledgeError` (FILE:LINE: what, and the fix) in a `ValidationReport`, because an editor
wants them all at once, and returns that report instead of a fact base.

This module imports nothing from allybot, so every layer, the pure core included, can raise from it.
"""

from __future__ import annotations


class AllybotError(Exception):
    """Something allybot refused or could not do; the message says what, and how to fix it."""


# ---------------------------------------------------------------- settings and the command line


class ConfigError(AllybotError):
    """A setting is missing or malformed; the message says which and how to fix it."""


class CliError(AllybotError):
    """Shown as 'allybot: <message>' with exit status 1."""


class EvalError(AllybotError):
    """An evaluation file that does not follow the schema; the message names the file and the item."""


# ---------------------------------------------------------------- the data directory


class StoreUnavailable(AllybotError):
    """The question log cannot be read (no database yet, locked or damaged); the message says which."""


class SecretKeyError(AllybotError):
    """DATA_DIR/secret.key exists but is too short to be a key: reader ids would be guessable. Never the key itself."""


class AlreadyRunning(AllybotError):
    """Another allybot process holds this DATA_DIR."""


class AnotherInstance(AllybotError):
    """Telegram answered 409 Conflict: another process polls with this token."""


# ---------------------------------------------------------------- the fact base and its sources


class UnsafePath(AllybotError, ValueError):
    """A path the fact base must not read: outside its folder, a symlink out, a device, or too big."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


class EditError(AllybotError):
    """The change cannot be made safely in this file; the message says where and what to do instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ChartError(AllybotError):
    """The chart could not be drawn (the figures are still there as text)."""


class SourceError(AllybotError):
    """A source was not added; `message` is the moderator's explanation."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


__all__ = [
    "AllybotError",
    "AlreadyRunning",
    "AnotherInstance",
    "ChartError",
    "CliError",
    "ConfigError",
    "EditError",
    "EvalError",
    "SecretKeyError",
    "SourceError",
    "StoreUnavailable",
    "UnsafePath",
]
