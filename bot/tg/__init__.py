"""The Telegram layer: shows the conversation core's `Reply`s with python-telegram-bot.

`app` builds and runs the Application (its handler list is the table of contents); `handlers`
answers readers' commands and messages, `buttons` their button presses, `inline` inline queries;
`moderation` serves editors; `keyboards` turns buttons into inline keyboards. Beside them:
`flood` (readers' flood limit, the bot's pacing under Telegram's limits), `network` (retries and
one log line per outage), `runtime` (per-chat ordering, start-up and shutdown work, heartbeat) and
`logs` (no token in any log record). Nothing outside this package imports `telegram`.
"""
