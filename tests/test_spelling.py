"""Slips of one letter in the words the rules read by are respelt; rare words spelt right stay."""

from __future__ import annotations

import pytest

from bot.matching.spelling import respelt, spelt_out


@pytest.mark.parametrize(("typed", "meant"), [
    ("pasiert", "passiert"), ("zuletz", "zuletzt"), ("exacty", "exactly"), ("rusland", "russland"),
    ("putn", "putin"), ("imer", "immer"), ("waht", "what"),
])
def test_a_slip_in_a_rule_word_is_respelt(typed: str, meant: str) -> None:
    assert respelt(typed) == meant


@pytest.mark.parametrize("word", ["orban", "serbien", "asdfghjkl", "passiert", "hmeimim", "laos", "ruble", "lorem"])
def test_common_rare_and_foreign_words_stay_as_typed(word: str) -> None:
    assert respelt(word) == word


def test_chat_shorthand_is_written_out_before_the_rules_read_it() -> None:
    assert spelt_out("seit wan das? abt the war, bzw. China") == "seit wann das? about the war, beziehungsweise. China"
    assert spelt_out("Wanted: Grad, Abteilung") == "Wanted: Grad, Abteilung"  # whole words only
