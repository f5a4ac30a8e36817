"""What moderators do besides answering: reports on readers' questions, fact file uploads with undo, live reload.

Pure of Telegram: `bot.tg.moderation` and `allybot report` both call into here.
"""
