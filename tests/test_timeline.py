"""Reading the time a question names, and checking dates against their sources (pure functions)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.knowledge.history import later_than_published
from bot.texts import quote_language
from bot.timeline import read_time


@pytest.mark.parametrize(
    ("question", "rest", "start", "end"),
    [
        ("Wie war es im Juni 2024?", "Wie war es ?", dt.date(2024, 6, 1), dt.date(2024, 6, 30)),
        ("What was it in June 2024?", "What was it ?", dt.date(2024, 6, 1), dt.date(2024, 6, 30)),
        ("Syrien Dezember 2024", "Syrien", dt.date(2024, 12, 1), dt.date(2024, 12, 31)),
        ("Hatte Russland 2025 Stützpunkte?", "Hatte Russland Stützpunkte?", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("February 2024 trade", "trade", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ],
)
def test_a_month_or_year_is_read_and_left_out_for_the_matcher(
    question: str, rest: str, start: dt.date, end: dt.date
) -> None:
    read = read_time(question)
    assert read.rest == rest
    assert read.when is not None and (read.when.start, read.when.end) == (start, end)


@pytest.mark.parametrize(
    "question", ["before Assad fell, was Syria an ally?", "vor dem Sturz Assads", "Wie war es damals?", "back then"]
)
def test_earlier_without_a_date_is_read_as_earlier(question: str) -> None:
    when = read_time(question).when
    assert when is not None and when.earlier


@pytest.mark.parametrize(
    "question",
    ["Was werfen die USA dem Iran vor?", "Wie viele Waffen kaufte Vietnam von 1995 bis 2023?", "May I ask?", "Iran",
     "Warum ist Nordkorea wichtiger als früher?", "Is China as close as before?",
     # a year or a 'before' of the reader's own story, not of what is asked
     "Freezer's finally empty, found peas from 2019. Does China send weapons to Russia?",
     "found paprika from 2019 lmao. anyway is china actually helping russia with weapons stuff or not",
     "letzte Frage bevor ich die Socken wegräume: wo hat Russland im Nahen Osten seinen wichtigsten Stützpunkt?"],
)
def test_no_time_is_read_into_questions_that_name_none(question: str) -> None:
    read = read_time(question)
    assert read.when is None and read.rest == question


def test_a_year_in_the_sentence_that_asks_is_still_read() -> None:
    when = read_time("Mir ist langweilig. Was hat Vietnam 2024 mit Russland vereinbart?").when
    assert when is not None and when.text == "2024"


def test_since_a_time_asks_for_the_newest() -> None:
    when = read_time("Was hat sich seit Juni 2024 geändert?").when
    assert when is not None and when.since


@pytest.mark.parametrize(
    ("as_of", "published", "later"),
    [
        (dt.date(2024, 6, 20), "2024-06", False),  # within the month the source gives
        (dt.date(2024, 7, 1), "2024-06", True),
        (dt.date(2024, 12, 9), "2024-12-09", False),
        (dt.date(2024, 12, 10), "2024-12-09", True),
        (dt.date(2025, 12, 31), "2025", False),
        (dt.date(2026, 1, 1), "2025", True),
    ],
)
def test_as_of_is_compared_with_the_source_only_as_precisely_as_it_is_dated(
    as_of: dt.date, published: str, later: bool
) -> None:
    assert later_than_published(as_of, published) is later


@pytest.mark.parametrize(
    ("code", "lang", "label"),
    [
        ("en", "de", "Zitat aus dem englischen Artikel"),
        ("de", "en", "Quote from the German article"),
        ("ru", "de", "Zitat aus dem russischen Artikel"),
        ("fr", "en", "Quote from the French article"),
    ],
)
def test_the_card_names_the_quotes_language(code: str, lang: str, label: str) -> None:
    assert quote_language(code, lang) == label  # type: ignore[arg-type]
