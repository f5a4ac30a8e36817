"""The fact base the bot serves and every way it changes: live reload, the file watcher, uploads with undo,
teach and review edits, and what changed between two versions.

Every change goes through `upload`: one at a time (`CHANGE_LOCK`), checked by the same loader as
`allybot check`, the old file kept in knowledge/.history, the new one written atomically, then reloaded.
Pure of Telegram: `bot.tg`, `bot.commands` and `bot.sources` call into here.
"""
