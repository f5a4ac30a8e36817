"""The terminal chat as a reader uses it: picked by number, the Telegram commands, line editing and color.

The interactive tests drive `python -m bot` through a pseudo-terminal (pexpect), keys and all.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

from bot.matching import Index
from bot.terminal import TerminalChat, locale_language, render, run_chat
from bot.texts import t

REPO = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 12, 1)
COLOR = re.compile(r"\x1b\[(?:\d+;)*(?:3[0-7]|9[0-7]|38;5;\d+|38;2;\d+;\d+;\d+)(?:;\d+)*m")  # SGR setting a color
LEFT, UP, HOME = "\x1b[D", "\x1b[A", "\x1b[H"


@pytest.fixture
def chat(shipped_index: Index) -> TerminalChat:
    return TerminalChat(shipped_index, "de", today=lambda: TODAY)


def text_of(chat: TerminalChat, line: str) -> str:
    reply = chat.turn(line)
    assert reply is not None
    return "".join(part for _, part in render(reply))


# ---------------------------------------------------------------- one turn at a time


def test_topics_are_numbered_and_a_number_picks_one(chat: TerminalChat) -> None:
    topics = text_of(chat, "Nordkorea")
    assert topics.startswith("Das weiß ich über Nordkorea. Wählen Sie ein Thema:")
    assert "\n  2  Beistand im Angriffsfall" in topics and "•" not in topics  # one list, numbered
    card = text_of(chat, "2")
    assert card.startswith("Beistand im Angriffsfall\n")
    assert "┃ Kürzlich unterzeichneten beide Länder ein Verteidigungsabkommen." in card
    assert card.count("20.06.2024") == 1
    assert "  1  Keine Berührungsängste" in card  # the card's other topics, as Telegram's buttons
    assert "👍" not in card  # votes need a store; the terminal keeps nothing


def test_a_number_without_such_a_choice_says_which_numbers_there_are(chat: TerminalChat) -> None:
    text_of(chat, "/allies")
    assert text_of(chat, "42") == t("de", "terminal_choice", count=7)
    assert text_of(chat, "3").startswith("Das weiß ich über Iran.")  # the choices were kept


def test_allies_lang_and_help_answer_in_the_chats_language(chat: TerminalChat) -> None:
    assert text_of(chat, "/allies").startswith("Über welchen Verbündeten möchten Sie etwas wissen?")
    assert text_of(chat, "/lang en") == t("en", "lang_set")
    allies = text_of(chat, "/allies")
    assert allies.startswith("Which ally would you like to know about?") and "  4  North Korea" in allies
    assert text_of(chat, "/help").startswith("How it works")
    assert text_of(chat, "/lang") == t("de", "lang_set")  # toggles back
    assert text_of(chat, "/lang fr") == t("de", "lang_usage")
    assert text_of(chat, "/privacy") == t("de", "terminal_privacy")
    assert text_of(chat, "/weather") == t("de", "unknown_command")


def test_english_card_links_the_original_in_the_terminal(chat: TerminalChat) -> None:
    card = text_of(chat, "Does Iran send drones to Russia?")
    assert "The quote is from the German edition of the article:\n┃ Russland wurde vom Iran" in card
    assert "English original: DW: Stand by me? Vladimir Putin's remaining allies " \
           "<https://www.dw.com/en/stand-by-me-vladimir-putins-remaining-allies/a-69428963>" in card


def test_the_locale_chooses_the_first_language() -> None:
    assert locale_language({"LANG": "en_GB.UTF-8"}) == "en"
    assert locale_language({"LC_ALL": "de_AT.UTF-8", "LANG": "en_US.UTF-8"}) == "de"
    assert locale_language({"LANG": "C.UTF-8"}) == locale_language({}) == "de"


def test_piped_questions_get_plain_answers_one_a_line_and_numbers_pick(shipped_index: Index) -> None:
    out = io.StringIO()
    run_chat(shipped_index, io.StringIO("Nordkorea\n\n2\n/allies\n"), out, env={"LANG": "de_DE.UTF-8"})
    text = out.getvalue()
    assert "Wählen Sie ein Thema:" in text and "BEISTAND IM ANGRIFFSFALL" in text  # the title stands out
    assert "Über welchen Verbündeten" in text and "\x1b" not in text


def test_allybot_reads_a_pipe_without_color_or_prompt() -> None:
    done = subprocess.run([sys.executable, "-m", "bot"], input="Iran\n3\n", capture_output=True, text=True,
                          timeout=60, check=True, cwd=REPO, env=_env())
    assert done.stdout.startswith("Das weiß ich über Iran.") and "PUTINS BESUCH IM IRAN" in done.stdout
    assert "\x1b" not in done.stdout and done.stderr == ""


# ---------------------------------------------------------------- through a pseudo-terminal


def _env(**extra: str) -> dict[str, str]:
    environment = {name: value for name, value in os.environ.items()
                   if name not in {"TELEGRAM_BOT_TOKEN", "NO_COLOR", "LC_ALL", "LC_MESSAGES", "LANG"}}
    # No cursor-position requests: a real terminal answers them, pexpect does not.
    return {**environment, "LANG": "C.UTF-8", "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1", **extra}


@pytest.fixture
def terminal() -> Iterator[pexpect.spawn]:
    child = _spawn()
    yield child
    child.close(force=True)


def _spawn(**env: str) -> pexpect.spawn:
    child = pexpect.spawn(sys.executable, ["-m", "bot"], cwd=str(REPO), env=_env(**env), encoding="utf-8",
                          timeout=30, dimensions=(40, 160))
    child.expect("Hallo! Ich beantworte Fragen")
    child.expect("›")
    return child


def test_in_a_terminal_a_reader_picks_a_topic_by_number_and_gets_allies_in_german(terminal: pexpect.spawn) -> None:
    terminal.send("Nordkorea\r")
    terminal.expect("Wählen Sie ein Thema:")
    terminal.expect("Abstimmungen in der UNO")
    terminal.expect("›")
    terminal.send("2\r")
    terminal.expect("Kürzlich unterzeichneten beide Länder ein Verteidigungsabkommen.")
    terminal.expect("›")
    terminal.send("/allies\r")
    terminal.expect("Über welchen Verbündeten möchten Sie etwas wissen?")
    terminal.expect("Überblick")
    terminal.expect("›")
    terminal.sendeof()
    terminal.expect(pexpect.EOF)


def test_in_a_terminal_arrow_keys_edit_the_line_and_recall_the_last_question(terminal: pexpect.spawn) -> None:
    terminal.send("Drohnen?")
    terminal.send(LEFT * 8 + "Liefert der Iran " + "\r")  # typed at the start, not a question full of "[D"
    terminal.expect("Der Iran hat Russland mit Drohnen und Munition versorgt.")
    terminal.expect("›")
    assert "[D" not in terminal.before
    terminal.send(UP + "\r")  # the question again, from the history
    terminal.expect("Der Iran hat Russland mit Drohnen und Munition versorgt.")
    terminal.expect("›")
    terminal.sendeof()
    terminal.expect(pexpect.EOF)


def test_a_terminal_gets_color_and_no_color_without_it() -> None:
    colored = _spawn()
    colored.send("Iran\r")
    colored.expect("Putins Besuch im Iran")
    colored.expect("›")
    shown = colored.before
    colored.close(force=True)
    assert COLOR.search(shown)

    plain = _spawn(NO_COLOR="1")
    plain.send("Iran\r")
    plain.expect("Putins Besuch im Iran")
    plain.expect("›")
    shown = plain.before
    plain.close(force=True)
    assert not COLOR.search(shown)
