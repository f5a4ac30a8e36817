"""`allybot ask --json`: the contract other tools depend on, for every kind of input."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from typing import Any

import pytest

from bot.cli import main

FIELDS = {"query", "answered", "ally", "fact_id", "score", "lang", "answer", "as_of", "stale", "source", "suggestions"}
HOSTILE = [
    "",
    "   ",
    "x" * 10_000,
    "\x00\x01\x1b[31m\x07",
    "🙂🙂🙂",
    "Кто союзники России?",
    "俄罗斯的盟友是谁",
    "{{7*7}} ${jndi:ldap://x} <script>alert(1)</script>",
    "'; DROP TABLE questions; --",
    "**_~`[]()>#+-=|{}.!",
]


def _check_object(obj: dict[str, Any]) -> None:
    assert set(obj) == FIELDS
    assert isinstance(obj["query"], str) and isinstance(obj["answered"], bool)
    assert obj["lang"] in ("de", "en")
    assert isinstance(obj["score"], (int, float)) and 0 <= obj["score"] <= 100
    assert obj["ally"] is None or isinstance(obj["ally"], str)
    assert isinstance(obj["suggestions"], list) and len(obj["suggestions"]) <= 3
    assert isinstance(obj["stale"], bool)
    for suggestion in obj["suggestions"]:
        assert set(suggestion) == {"fact_id", "ally", "question"}
    if obj["fact_id"] is not None:
        assert obj["answered"] and isinstance(obj["answer"], str)
        assert set(obj["source"]) == {"publisher", "title", "url", "published", "language", "quote"}
        assert obj["source"]["language"] in ("de", "en")
        assert dt.date.fromisoformat(obj["as_of"])
    else:
        assert obj["source"] is None and obj["as_of"] is None and obj["stale"] is False


def _ask(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    assert main(["ask", "--json", *args]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_answered_question_has_fact_source_and_quote(capsys: pytest.CaptureFixture[str]) -> None:
    (obj,) = _ask(capsys, "Liefert der Iran Drohnen?")
    _check_object(obj)
    assert obj["answered"] and obj["fact_id"] == "iran-drones-ammunition" and obj["ally"] == "iran"
    assert obj["lang"] == "de"
    assert obj["source"]["url"] == "https://www.dw.com/de/wer-steht-noch-an-russlands-seite/a-69442700"
    assert obj["source"]["quote"].startswith("Russland wurde vom Iran mit Drohnen")
    assert obj["source"]["language"] == "de"
    assert obj["as_of"] == "2024-06-20"
    assert obj["stale"] is True  # review_after 2025-06-20 has passed


def test_an_english_answer_says_its_quote_is_german(capsys: pytest.CaptureFixture[str]) -> None:
    (obj,) = _ask(capsys, "Does Iran send drones?")
    assert obj["lang"] == "en" and obj["source"]["language"] == "de"


def test_general_context_has_no_ally(capsys: pytest.CaptureFixture[str]) -> None:
    (obj,) = _ask(capsys, "Gibt es einen Haftbefehl gegen Putin?")  # the newer fact, overview-icc-warrant's successor
    assert obj["answered"] and obj["fact_id"] == "overview-icc-limits-trips" and obj["ally"] is None


def test_bare_ally_is_answered_with_its_overview(capsys: pytest.CaptureFixture[str]) -> None:
    (obj,) = _ask(capsys, "Vietnam?")
    _check_object(obj)
    assert obj["answered"] and obj["ally"] == "vietnam" and obj["fact_id"] is None and obj["answer"]


def test_unknown_question_is_unanswered_with_suggestions(capsys: pytest.CaptureFixture[str]) -> None:
    (obj,) = _ask(capsys, "Wie alt ist Kim Jong Un?")
    _check_object(obj)
    assert not obj["answered"] and obj["answer"] is None and obj["ally"] is None
    assert obj["suggestions"] and all(s["ally"] == "north-korea" for s in obj["suggestions"])


@pytest.mark.parametrize("question", HOSTILE, ids=range(len(HOSTILE)))
def test_bad_input_gives_a_valid_unanswered_object(capsys: pytest.CaptureFixture[str], question: str) -> None:
    (obj,) = _ask(capsys, question)
    _check_object(obj)
    assert not obj["answered"]
    assert len(obj["query"]) <= 500  # cut to MAX_QUESTION_CHARS before matching


@pytest.mark.slow
def test_stdin_gives_exactly_one_object_per_line_in_order() -> None:
    lines = ["Liefert der Iran Drohnen?", "", "Belarus", "   ", "did north korea vote against the UN", *HOSTILE[2:]]
    stdin = "\n".join(lines) + "\n"
    done = subprocess.run([sys.executable, "-m", "bot", "ask", "--json", "-"], input=stdin, capture_output=True,
                          text=True, timeout=60, check=True)
    objects = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(objects) == len(lines)
    for obj, line in zip(objects, lines, strict=True):
        _check_object(obj)
        assert obj["query"] == line[:500]
    assert objects[0]["fact_id"] == "iran-drones-ammunition" and not objects[1]["answered"]
    assert objects[2]["ally"] == "belarus" and objects[4]["fact_id"] == "north-korea-un-votes"
    assert done.stderr == ""


def test_plain_ask_prints_the_reply_as_a_reader_reads_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "Does Iran send drones to Russia?"]) == 0
    out = capsys.readouterr().out
    assert "DRONES AND AMMUNITION" in out.upper() and "https://www.dw.com/" in out


@pytest.mark.slow
def test_terminal_chat_answers_one_question_a_line_from_a_pipe() -> None:
    done = subprocess.run([sys.executable, "-m", "bot"], input="Liefert der Iran Drohnen an Russland?\nHallo\n",
                          capture_output=True, text=True, timeout=60, check=True,
                          env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"})
    assert "Russland wurde vom Iran mit Drohnen und Munition beliefert" in done.stdout
    assert "Hallo! Ich beantworte Fragen" in done.stdout
