"""What a fact's answer states decides whether 'wo genau?', 'how many?' or 'wann genau?' is answered by it or
only offered: a place named in it, not the war every answer is about nor the month it happened in."""

from __future__ import annotations

import pytest

from bot.matching.states import stated_by


@pytest.mark.parametrize("english", [
    "China stayed away from the peace conference in Switzerland.",
    "Russia keeps the Hmeimim air base and the Tartus naval base.",
    "The treaty was signed in Moscow.",
])
def test_an_answer_naming_where_states_a_place(english: str) -> None:
    assert "place" in stated_by(english, english)


@pytest.mark.parametrize("english", [
    "China has not condemned the war in Ukraine.",
    "The treaty came into force in December 2024.",
    "North Korea supplies shells.",
])
def test_the_war_in_ukraine_or_a_month_is_no_place(english: str) -> None:
    assert "place" not in stated_by(english, english)


def test_only_a_place_within_a_country_is_a_site_another_fact_may_answer_where_exactly_with() -> None:
    assert "site" in stated_by("Its troops fought in the Kursk border region.", "Its troops fought in the Kursk "
                               "border region.")
    assert "site" in stated_by("Russia keeps the Hmeimim air base.", "Russia keeps the Hmeimim air base.")
    assert "site" not in stated_by("Lukashenko let Russia station nuclear weapons in Belarus.",
                                   "Lukashenko let Russia station nuclear weapons in Belarus.")
