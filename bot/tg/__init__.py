"""The Telegram layer: shows the conversation core's `Reply`s with python-telegram-bot.

`app` builds and runs the Application, `handlers` answers readers, `moderation` serves editors,
`keyboards` turns buttons into inline keyboards. Nothing outside this package imports `telegram`.
"""
