"""The chat in a terminal, made to feel like the Telegram one.

It shows the same replies as Telegram (rendered from `Reply.html`, so the two cannot drift apart), with
the buttons as numbered choices a reader picks by typing the number, and the same reader commands
(/start, /help, /allies, /lang, /privacy). In a terminal, prompt_toolkit gives line editing, history and
color; without a terminal (a pipe) it reads one question a line and prints plain text. Nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from typing import TYPE_CHECKING, TextIO

from bot.context import Context
from bot.conversation import (
    Action,
    Button,
    Reply,
    allies_reply,
    answer_question,
    follow,
    help_reply,
    language_choice,
    simple_reply,
    stale_button_reply,
    too_long,
    welcome,
)
from bot.knowledge import Lang
from bot.matching import Index
from bot.texts import t

if TYPE_CHECKING:
    from prompt_toolkit import PromptSession

Fragments = list[tuple[str, str]]
"""(style class, text) pairs: prompt_toolkit's formatted text, or plain text when the styles are dropped."""

PROMPT = "› "
STYLE = {
    "title": "bold",
    "note": "italic",
    "quote": "italic ansicyan",
    "link": "underline",
    "url": "ansibrightblack",
    "warning": "ansiyellow",
    "number": "bold ansicyan",
    "muted": "ansibrightblack",
    "prompt": "bold ansigreen",
}
COMMANDS = ("/start", "/help", "/allies", "/lang de", "/lang en", "/privacy")


# ---------------------------------------------------------------- one turn


@dataclass
class TerminalChat:
    """One reader's conversation: their language and the choices the last reply offered."""

    index: Index
    lang: Lang
    today: Callable[[], dt.date] = dt.date.today
    choices: list[Action] = field(default_factory=list)
    context: Context | None = None  # the last ally and fact, so "und Nordkorea?" follows on, as in Telegram
    chosen: bool = False  # after /lang the reader's choice beats the language a question seems to be in

    def turn(self, line: str) -> Reply | None:
        """The reply to one line: a picked number, a command, or a question (None for an empty line)."""
        text = line.strip()
        if not text:
            return None
        if text.isascii() and text.isdigit() and self.choices:
            return self._pick(int(text))
        reply = self._command(text) if text.startswith("/") else self._question(text)
        self.choices = [button.action for button in choices(reply)]
        return reply

    def _pick(self, number: int) -> Reply:
        if not 1 <= number <= len(self.choices):
            return simple_reply(self.lang, "terminal_choice", count=len(self.choices))  # the choices stay
        reply = follow(self.index, self.choices[number - 1], self.today()) or stale_button_reply(self.index, self.lang)
        self.choices = [button.action for button in choices(reply)]
        return reply

    def _question(self, text: str) -> Reply:
        refused = too_long(text, self.lang)
        if refused is not None:
            return refused
        now = time.monotonic()
        reply = answer_question(self.index, text, self.lang, self.today(), chosen=self.chosen,
                                context=self.context, now=now)
        self.context = reply.context
        return reply

    def _command(self, text: str) -> Reply:
        """The reader commands of the Telegram bot, answered in the chat's language."""
        name, _, argument = text[1:].partition(" ")
        name = name.partition("@")[0].lower()
        if name == "start":
            return welcome(self.index, self.lang)
        if name == "help":
            return help_reply(self.index, self.lang)
        if name == "allies":
            return allies_reply(self.index, self.lang)
        if name == "lang":
            chosen = language_choice(self.lang, argument)
            if chosen is None:
                return simple_reply(self.lang, "lang_usage")
            self.lang, self.chosen = chosen, True
            return simple_reply(chosen, "lang_set")
        if name in ("privacy", "forget"):
            return simple_reply(self.lang, "terminal_privacy")
        return simple_reply(self.lang, "unknown_command")


def choices(reply: Reply) -> list[Button]:
    """The buttons a terminal can offer, in Telegram's order; votes are left out (the terminal stores nothing)."""
    return [button for row in reply.buttons for button in row if button.action.kind != "vote"]


def plain_text(reply: Reply) -> str:
    """The reply with its buttons listed below it, for output where nothing can be pressed (`allybot ask`)."""
    listed = [f"• {button.label}" for button in choices(reply)]
    return "\n".join([reply.text, *listed]) if listed else reply.text


# ---------------------------------------------------------------- rendering


class _TelegramHTML(HTMLParser):
    """Telegram's HTML subset as the bot writes it (b, i, blockquote, a) -> styled fragments."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fragments: Fragments = []
        self._styles: list[str] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        style = {"b": "title", "i": "note", "blockquote": "quote", "a": "link"}.get(tag, "")
        self._styles.append(style)
        if tag == "a":
            self._href = dict(attrs).get("href")
        if tag == "blockquote":
            self.fragments.append(("class:quote", "┃ "))

    def handle_endtag(self, tag: str) -> None:
        if self._styles:
            self._styles.pop()
        if tag == "a" and self._href:
            self.fragments.append(("class:url", f" <{unescape(self._href)}>"))
            self._href = None

    def handle_data(self, data: str) -> None:
        style = self._styles[-1] if self._styles and self._styles[-1] else ""
        if not style and data.lstrip().startswith("⚠️"):
            style = "warning"
        self.fragments.append((f"class:{style}" if style else "", data))


def render(reply: Reply) -> Fragments:
    """What Telegram shows, for a terminal: the message, then its buttons as numbered choices."""
    parser = _TelegramHTML()
    parser.feed(reply.html)
    parser.close()
    fragments = parser.fragments
    offered = choices(reply)
    if offered:
        fragments.append(("", "\n"))
    for number, button in enumerate(offered, start=1):
        fragments += [("class:number", f"\n{number:>3}  "), ("", button.label)]
    return fragments


def plain(fragments: Fragments) -> str:
    """Without color a title stands out in capitals, as in `allybot ask`."""
    return "".join(text.upper() if style == "class:title" else text for style, text in fragments)


def wants_color(out: TextIO, env: Mapping[str, str]) -> bool:
    """Color only on a terminal that can show it, and never with NO_COLOR set (https://no-color.org)."""
    return out.isatty() and not env.get("NO_COLOR") and env.get("TERM", "") != "dumb"


def locale_language(env: Mapping[str, str]) -> Lang:
    """English for an English locale, German otherwise: the rule Telegram readers get for their app language."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else "de"
    return "de"


# ---------------------------------------------------------------- the loop


def run_chat(index: Index, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
             env: Mapping[str, str] = os.environ) -> None:
    """The terminal chat: interactive with line editing on a terminal, one question a line from a pipe."""
    chat = TerminalChat(index, locale_language(env))
    if stdin.isatty() and stdout.isatty():
        _interactive(chat, color=wants_color(stdout, env))
    else:
        _answer_lines(chat, stdin, stdout)


def _answer_lines(chat: TerminalChat, lines: Iterable[str], out: TextIO) -> None:
    for line in lines:
        reply = chat.turn(line.rstrip("\n"))
        if reply is not None:
            print(plain(render(reply)), end="\n\n", file=out, flush=True)


def _interactive(chat: TerminalChat, *, color: bool) -> None:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
    from prompt_toolkit.completion import WordCompleter
    from prompt_toolkit.history import InMemoryHistory  # in memory: a reader's questions never touch the disk

    session: PromptSession[str] = PromptSession(
        history=InMemoryHistory(), auto_suggest=AutoSuggestFromHistory(),
        completer=WordCompleter(list(COMMANDS), sentence=True), complete_while_typing=False,
    )
    show = _printer(color)
    show([("class:muted", f"allybot – {chat.index.kb.summary()}\n")])
    show(render(chat.turn("/start") or welcome(chat.index, chat.lang)))
    show([("class:muted", f"\n{t(chat.lang, 'terminal_hint')}\n")])
    while True:
        try:
            line = _ask(session, color)
        except KeyboardInterrupt:  # Ctrl-C drops the line being typed, as in a shell
            continue
        except EOFError:  # Ctrl-D
            return
        reply = chat.turn(line)
        if reply is not None:
            show([*render(reply), ("", "\n")])


def _ask(session: PromptSession[str], color: bool) -> str:
    if not color:
        return session.prompt(PROMPT)
    from prompt_toolkit.formatted_text import FormattedText
    from prompt_toolkit.styles import Style

    return session.prompt(FormattedText([("class:prompt", PROMPT)]), style=Style.from_dict(STYLE))


def _printer(color: bool) -> Callable[[Fragments], None]:
    if not color:
        return lambda fragments: print(plain(fragments), flush=True)
    from prompt_toolkit import print_formatted_text
    from prompt_toolkit.formatted_text import FormattedText
    from prompt_toolkit.styles import Style

    style = Style.from_dict(STYLE)
    return lambda fragments: print_formatted_text(FormattedText(fragments), style=style)
