"""The word lists the matcher ships are exactly what scripts/make_word_lists.py makes from wordfreq and
pycountry: a stale list would weigh words differently from what the README's figures were measured with."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import make_word_lists

from bot.follow_up_words import ASKING_ONLY
from bot.matching.commonness import COMMON_WORDS_FILE, generality_discount
from bot.matching.countries import COUNTRIES_FILE, country_names

pytestmark = pytest.mark.slow  # whole evaluation sets or fact bases: CI runs them, the inner loop need not


def test_shipped_common_words_are_wordfreqs() -> None:
    assert COMMON_WORDS_FILE.read_text(encoding="utf-8") == make_word_lists.common_words()


def test_shipped_country_names_are_pycountrys() -> None:
    assert COUNTRIES_FILE.read_text(encoding="utf-8") == make_word_lists.countries()


def test_everyday_words_weigh_less_than_specialist_ones() -> None:
    assert generality_discount("the") < generality_discount("sanctions") <= generality_discount("drohnen") == 1.0


def test_country_names_include_german_and_reader_spellings() -> None:
    assert {"sudafrika", "frankreich", "france", "amerika"} <= country_names()


def test_a_long_word_list_keeps_every_word() -> None:
    # a question is cut at MAX_QUESTION_CHARS; a word list written as one string must not be
    assert {"called", "list"} <= ASKING_ONLY
