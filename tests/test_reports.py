"""Moderator reports count what was inserted: grouped unanswered questions, feedback, stats and stale facts."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.config import Settings
from bot.factbase.live import LiveKnowledge
from bot.knowledge import DEFAULT_KNOWLEDGE_DIR, KnowledgeBase
from bot.matching import Index, Match
from bot.moderation.reports import MAX_CHARS, feedback_text, print_report, stale_text, status_text, unanswered_text
from bot.store import DB_FILE, Store
from bot.store.reads import group_similar

NOW = dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def kb(shipped_index: Index) -> KnowledgeBase:
    return shipped_index.kb


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Iterator[Store]:
    store = Store(tmp_path / DB_FILE, secret=b"s", clock=clock)
    yield store
    store.close()


def unanswered(question: str, closest: str | None = None, kb: KnowledgeBase | None = None) -> Match:
    best = kb.get(closest) if kb and closest else None
    return Match(query=question, lang="de", kind="none", score=20.0, best=best)


def answered(kb: KnowledgeBase, question: str, fact_id: str, score: float = 90.0) -> Match:
    entry = kb.get(fact_id)
    assert entry is not None
    return Match(query=question, lang="de", kind="answer", score=score, entry=entry, ally=entry.ally, best=entry)


def ask(store: Store, reader: int, match: Match) -> None:
    store.log_question(reader, match.query, match)


def test_unanswered_groups_similar_questions_most_frequent_first(store: Store, kb: KnowledgeBase) -> None:
    for reader in range(3):
        ask(store, reader, unanswered("wie alt ist kim", "north-korea-defense-pact", kb))
    ask(store, 9, unanswered("Wie alt ist Kim Jong Un?"))
    ask(store, 9, unanswered("wie alt ist Xi"))
    ask(store, 9, unanswered("Wer regiert Laos?"))
    ask(store, 9, unanswered("wer regiert laos"))
    ask(store, 9, answered(kb, "handel china russland", "china-trade-partner"))  # answered: not listed
    ask(store, 9, answered(kb, "china drohnen?", "china-military-goods", score=60.0))  # unsure: listed
    ask(store, 9, Match(query="hallo", lang="de", kind="small_talk", small_talk="greeting"))
    store.flush()

    groups = store.unanswered(days=7)
    assert [(g.count, g.question) for g in groups] == [
        (4, "wie alt ist kim"),
        (2, "wer regiert laos"),
        (1, "china drohnen?"),
        (1, "wie alt ist Xi"),
    ]
    assert groups[0].examples == ("Wie alt ist Kim Jong Un?",)
    assert groups[0].closest == "north-korea-defense-pact"
    assert groups[2].closest == "china-military-goods"

    text = unanswered_text(store, 7)
    assert "4× wie alt ist kim" in text
    assert "also: Wie alt ist Kim Jong Un?" in text
    assert "8 in 4 group(s)" in text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=30))
def test_every_unanswered_question_is_counted_in_exactly_one_group(questions: list[str]) -> None:
    rows = [(question, None, f"2025-03-10T12:00:{59 - n:02d}+00:00") for n, question in enumerate(questions)]
    groups = group_similar(rows)
    assert sum(group.count for group in groups) == len(questions)
    assert [group.count for group in groups] == sorted((group.count for group in groups), reverse=True)


def test_unanswered_report_looks_back_only_the_given_days(store: Store, clock: Clock) -> None:
    clock.now = NOW - dt.timedelta(days=10)
    ask(store, 1, unanswered("alte frage zu laos"))
    clock.now = NOW
    ask(store, 1, unanswered("neue frage zu kuba"))
    store.flush()
    assert [g.question for g in store.unanswered(days=7)] == ["neue frage zu kuba"]
    assert len(store.unanswered(days=30)) == 2


def test_feedback_shows_most_voted_down_facts_with_their_recent_questions(store: Store, kb: KnowledgeBase) -> None:
    ask(store, 1, answered(kb, "Wer ist Russlands größter Handelspartner?", "china-trade-partner"))
    ask(store, 2, answered(kb, "handel china", "china-trade-partner"))
    for reader in range(3):
        store.log_vote(reader, "china-trade-partner", up=False)
    store.log_vote(4, "china-trade-partner", up=True)
    store.log_vote(1, "iran-drones-ammunition", up=False)
    store.log_vote(2, "iran-drones-ammunition", up=True)
    store.log_vote(3, "iran-drones-ammunition", up=True)
    store.log_vote(1, "vietnam-to-lam", up=True)
    store.flush()

    rows = store.feedback(days=30)
    assert [(r.fact_id, r.down, r.up) for r in rows] == [
        ("china-trade-partner", 3, 1),
        ("iran-drones-ammunition", 1, 2),
        ("vietnam-to-lam", 0, 1),
    ]
    assert rows[0].questions == ("handel china", "Wer ist Russlands größter Handelspartner?")

    text = feedback_text(store, kb, 30)
    first = text.splitlines()[1]
    assert first.startswith("👎 3  👍 1  china-trade-partner")
    assert "allies/china.yaml:" in first
    assert "asked: handel china; Wer ist Russlands größter Handelspartner?" in text


def test_stats_count_last_seven_days_with_answer_rate(store: Store, kb: KnowledgeBase, clock: Clock) -> None:
    clock.now = NOW - dt.timedelta(days=8)
    ask(store, 1, unanswered("zu alt fuer die woche"))
    clock.now = NOW - dt.timedelta(days=2)
    for reader in range(6):
        ask(store, reader, answered(kb, "handel china", "china-trade-partner"))
    ask(store, 1, answered(kb, "china drohnen?", "china-military-goods", score=60.0))
    ask(store, 1, unanswered("wer regiert laos"))
    ask(store, 2, unanswered("wer regiert kuba"))
    ask(store, 1, Match(query="hallo", lang="de", kind="small_talk", small_talk="greeting"))
    store.log_vote(1, "china-trade-partner", up=True)
    clock.now = NOW
    store.flush()

    stats = store.stats(days=7)
    assert (stats.questions, stats.answered, stats.low_confidence, stats.small_talk) == (9, 7, 1, 1)
    assert stats.readers == 6
    assert stats.answer_rate == pytest.approx(7 / 9)
    assert (stats.votes_up, stats.votes_down) == (1, 0)


def test_status_shows_fact_base_answer_rate_and_log_health(tmp_path: Path, store: Store, kb: KnowledgeBase) -> None:
    live = LiveKnowledge.load(DEFAULT_KNOWLEDGE_DIR)
    assert isinstance(live, LiveKnowledge)
    ask(store, 1, answered(kb, "handel china", "china-trade-partner"))
    ask(store, 2, unanswered("wer regiert laos"))
    store.flush()
    text = status_text(live, store, NOW.date())
    assert kb.summary() in text
    assert "2 question(s), 1 answered (50%)" in text
    assert "Question log: ok" in text


def test_stale_report_lists_facts_past_review_with_file_and_line(kb: KnowledgeBase) -> None:
    today = dt.date(2025, 1, 1)
    expected = [entry for entry in kb if entry.fact.review_after < today and not entry.fact.superseded_by]
    text = stale_text(kb, today)
    lines = text.splitlines()
    assert lines[0].startswith(f"{len(expected)} fact(s) past their review date")
    for entry in expected:
        assert f"{entry.file}:{entry.line}: {entry.id}, review after {entry.fact.review_after}" in text
    first = lines[1].split(":")
    line_in_file = (DEFAULT_KNOWLEDGE_DIR / first[0]).read_text(encoding="utf-8").splitlines()[int(first[1]) - 1]
    assert first[2].split(",")[0].strip() in line_in_file  # FILE:LINE points at the fact's id
    assert stale_text(kb, dt.date(2000, 1, 1)).startswith("No fact is past its review date")


def test_long_reports_stay_under_telegram_limit_and_say_how_many_more(store: Store) -> None:
    for number in range(300):
        ask(store, 1, unanswered(f"frage nummer {number} über {'thema' * number} und ein langer zusatz"))
    store.flush()
    text = unanswered_text(store, 7)
    assert len(text) <= MAX_CHARS
    assert text.splitlines()[-1].startswith("…and ") and text.endswith(" more")


def test_report_without_database_says_no_questions_yet(tmp_path: Path, kb: KnowledgeBase) -> None:
    settings = Settings(token=None, data_dir=tmp_path / "data")
    for kind in ("unanswered", "feedback"):
        assert "No questions recorded yet" in print_report(kind, settings, kb, days=7)
    assert not (tmp_path / "data").exists()  # a report never creates anything


def test_report_reads_the_bots_database_without_changing_it(tmp_path: Path, kb: KnowledgeBase) -> None:
    store = Store.open(tmp_path)
    store.log_question(1, "wer regiert laos", unanswered("wer regiert laos"))
    store.close()
    before = (tmp_path / DB_FILE).read_bytes()
    text = print_report("unanswered", Settings(token=None, data_dir=tmp_path), kb, days=7)
    assert "1× wer regiert laos" in text
    assert (tmp_path / DB_FILE).read_bytes() == before


def test_damaged_question_log_is_reported_without_naming_its_path(tmp_path: Path, kb: KnowledgeBase) -> None:
    (tmp_path / DB_FILE).write_bytes(b"not a database" * 100)
    for kind in ("unanswered", "feedback"):
        text = print_report(kind, Settings(token=None, data_dir=tmp_path), kb, days=7)
        assert text == "The question log cannot be read right now (see the bot's log)."
        assert str(tmp_path) not in text


@pytest.mark.slow
def test_allybot_report_command_works_from_a_terminal(tmp_path: Path) -> None:
    env = {**os.environ, "DATA_DIR": str(tmp_path / "none"), "KNOWLEDGE_DIR": str(DEFAULT_KNOWLEDGE_DIR)}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    done = subprocess.run([sys.executable, "-m", "bot", "report", "unanswered", "--days", "30"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "No questions recorded yet" in done.stdout


@pytest.mark.parametrize("days", ["0", "3651", "x"])
def test_report_days_outside_1_to_3650_are_refused_as_in_telegram(
    days: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["report", "unanswered", "--days", days])
    assert exited.value.code == 2 and "a number of days from 1 to 3650" in capsys.readouterr().err


def test_report_defaults_are_telegrams() -> None:
    from bot.moderation.reports import parse_days

    assert (parse_days(None, "unanswered"), parse_days(None, "feedback")) == (7, 30)
    assert (parse_days("3650", "feedback"), parse_days("0", "feedback")) == (3650, None)
