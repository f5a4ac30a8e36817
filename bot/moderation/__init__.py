"""What moderators are shown: reports on readers' questions and feedback, the status chart, review cards.

Pure of Telegram: `bot.tg.moderation` and `allybot report` both call into here. How the fact base itself
changes (uploads, undo, teach and review edits, live reload) lives in `bot.factbase`.
"""
