"""What the model learned from readers' questions changes for a reader, and where it must leave the rules alone."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from bot.context import understand
from bot.conversation import answer_question
from bot.knowledge.base import Entry
from bot.matching import Index, Match
from bot.matching.learned import NO_FACT, SURE, SURE_AGAINST, SURE_AGREEING, readers_model, revise

TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def index(shipped_index: Index) -> Index:
    return shipped_index


def entry(index: Index, fact_id: str) -> Entry:
    return index.entries[index.positions[fact_id]]


def rules_alone(index: Index, question: str) -> Match:
    return understand(index, question, None, None, 0.0, learned=False).match


@pytest.mark.parametrize(("question", "fact_id"), [
    ("Hat China Moskau geholfen, an verbotene Militärgüter zu kommen?", "china-military-goods"),
    ("Was tut der Iran eigentlich für Russland?", "iran-drones-ammunition"),
])
def test_a_question_in_words_no_phrasing_has_is_answered_as_readers_asking_so_were(
        index: Index, question: str, fact_id: str) -> None:
    assert rules_alone(index, question).kind == "none"  # what the reader got before
    reply = answer_question(index, question, None, TODAY)
    assert reply.entry is not None and reply.entry.id == fact_id


@pytest.mark.parametrize(("question", "offered"), [
    ("Was kostet ein iranisches Drohnenpaket?", "iran-drones-ammunition"),
    ("Wie viel Gas kauft Vietnam von Russland?", "vietnam-arms-supplier"),
])
def test_a_question_beside_a_fact_is_refused_with_that_fact_offered(index: Index, question: str, offered: str) -> None:
    before = rules_alone(index, question)
    assert before.kind == "answer" and before.entry is not None and before.entry.id == offered
    reply = answer_question(index, question, None, TODAY)
    assert reply.entry is None and reply.match is not None and reply.match.kind == "none"
    assert offered in [suggested.id for suggested in reply.match.suggestions]
    assert reply.text.startswith(f"Zu „{question}“ habe ich leider keinen Fakt.")


@pytest.mark.parametrize("question", ["Importiert China russisches Holz?", "Importiert China russischen Weizen?"])
def test_a_trade_question_an_editor_lists_beside_chinas_military_goods_is_refused_with_trade_offered(
        index: Index, question: str) -> None:
    """The model took 'importiert China russische ...' for the sanctioned military goods; the editors' not_answered
    ('Importiert China russische Kohle?') outweighs it, for other goods too."""
    reply = answer_question(index, question, None, TODAY)
    assert reply.entry is None and reply.match is not None and reply.match.kind == "none"
    assert "china-trade-sanctions-2025" in [suggested.id for suggested in reply.match.suggestions]
    assert reply.text.startswith(f"Zu „{question}“ habe ich leider keinen Fakt.")


def test_the_shipped_model_knows_only_facts_of_the_fact_base(index: Index) -> None:
    model = readers_model()
    assert model is not None and index.readers is model
    facts = {entry.fact.id for entry in index.entries}
    assert set(model.classes) <= facts | {NO_FACT}
    assert len(set(model.classes) & facts) >= 0.9 * len(facts)  # trained on today's facts, not an old fact base


# The rules that keep the model from overruling what the rules know better, on the pure decision itself
def answered(index: Index, fact_id: str, score: float = 60.0) -> Match:
    found = entry(index, fact_id)
    return Match("q", "de", "answer", score=score, entry=found, ally=found.ally, best=found)


def test_a_sure_answer_of_the_rules_is_kept(index: Index) -> None:
    rules = answered(index, "iran-drones-ammunition", score=100.0)
    known = frozenset({"iran-drones-ammunition", NO_FACT})
    assert revise(rules, NO_FACT, 0.99, known, None, 45.0) is rules


def test_a_fact_added_after_the_model_was_trained_keeps_the_rules_answer(index: Index) -> None:
    rules = answered(index, "iran-drones-ammunition")
    assert revise(rules, NO_FACT, 0.99, frozenset({NO_FACT}), None, 45.0) is rules


@pytest.mark.parametrize(("question", "fact"), [
    ("North Korea's the one sending Russia all those drones, right?", "iran-drones-ammunition"),
    ("Bonsoir, wer ist engste Freund von Russland? Ich denke China, ja?", "belarus-closest-ally"),
])
def test_a_wrong_ally_the_reader_names_gets_the_allys_fact_that_answers(index: Index, question: str, fact: str
                                                                         ) -> None:
    reply = answer_question(index, question, None, TODAY)
    assert reply.entry is not None and reply.entry.id == fact, reply.text


def test_the_model_sure_of_an_older_fact_overrules_a_newer_one_the_rules_found(index: Index) -> None:
    # measured with the model trained without the three newest sets: answering with the older fact the model is
    # sure of gained 1 to 2 points of each and lost no refusal (README.md)
    newer, older = entry(index, "china-xi-moscow-2025"), entry(index, "china-state-visits")
    assert newer.fact.as_of > older.fact.as_of
    known = frozenset({newer.fact.id, older.fact.id})
    assert revise(answered(index, newer.fact.id), older.fact.id, 0.99, known, older, 45.0).entry is older
    assert revise(answered(index, older.fact.id), newer.fact.id, 0.99, known, newer, 45.0).entry is newer


def test_who_a_leader_is_asked_with_an_aside_after_gets_the_leader(index: Index) -> None:
    # the rules read 'weiß' as asking how we know of Vietnam's arms deals, a newer fact than To Lam's
    reply = answer_question(index, "Wer ist To Lam? Yeah nah, ich weiß nicht", None, TODAY)
    assert reply.entry is not None and reply.entry.id == "vietnam-to-lam-party-chief", reply.text


def test_the_model_overrules_an_answer_only_when_surer_than_it_needs_to_answer_alone(index: Index) -> None:
    assert SURE < SURE_AGAINST
    rules = answered(index, "iran-drones-ammunition")
    known = frozenset({"iran-drones-ammunition", NO_FACT})
    assert revise(rules, NO_FACT, (SURE + SURE_AGAINST) / 2, known, None, 45.0) is rules
    refused = revise(rules, NO_FACT, SURE_AGAINST, known, None, 45.0)
    assert refused.kind == "none" and refused.suggestions == (rules.entry,)


@pytest.mark.parametrize("kind", ["ally", "small_talk"])
def test_a_topic_list_or_small_talk_is_never_revised(index: Index, kind: str) -> None:
    rules = replace(Match("q", "de", "none"), kind=kind)  # type: ignore[arg-type]
    found = entry(index, "iran-drones-ammunition")
    assert revise(rules, found.fact.id, 0.99, frozenset({found.fact.id}), found, 45.0) is rules


def test_the_model_answers_less_surely_where_the_rules_best_fact_is_its_own(index: Index) -> None:
    drones, missiles = entry(index, "iran-drones-ammunition"), entry(index, "iran-ballistic-missiles-accusation")
    known = frozenset({drones.fact.id, missiles.fact.id})
    unsure = (SURE_AGREEING + SURE) / 2
    rules = replace(Match("q", "de", "none"), best=drones, score=30.0)
    agreed = revise(rules, drones.fact.id, unsure, known, drones, 45.0)
    assert agreed.kind == "answer" and agreed.entry is drones and agreed.score == 45.0
    assert revise(rules, missiles.fact.id, unsure, known, missiles, 45.0) is rules  # another fact: too unsure
    assert revise(rules, drones.fact.id, SURE_AGREEING - 0.01, known, drones, 45.0) is rules
