"""The matcher measured on the development set: floors CI holds, ahead of both baselines, and what the
semantic signal and conversation memory add. The test set (tests/eval/test.yaml) is only ever reported."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cli import DEV_SETS
from bot.evaluation import load_eval_set, run_evaluation
from bot.evaluation.baselines import BM25_CUTOFFS, WRATIO_CUTOFFS, best_cutoff, bm25_baseline, wratio_baseline
from bot.evaluation.cases import IN_SCOPE, Case, Conversation, EvalSet, own_worded
from bot.evaluation.measure import measure, measure_follow_ups, ours, ours_in_conversation
from bot.matching import Index

pytestmark = pytest.mark.slow  # whole evaluation sets or fact bases: CI runs them, the inner loop need not

EVAL_DIR = Path(__file__).resolve().parent / "eval"
DEV_FILE = EVAL_DIR / "dev.yaml"
DEV2_FILE = EVAL_DIR / "dev2.yaml"

# Raise these as the matcher improves; never lower them to make CI pass.
IN_SCOPE_FLOOR = 96.0
OUT_OF_SCOPE_FLOOR = 96.0
LANGUAGE_FLOOR = 98.0
FOLLOW_UP_FLOOR = 90.0


@dataclass(frozen=True)
class Floors:
    """What a development set written blind must keep: in scope, out of scope, language, follow-ups."""

    in_scope: float
    out_of_scope: float
    language: float
    follow_ups: float
    follow_up_language: float = 100.0


# The development sets written blind (the third, fifth, sixth, seventh and ninth to sixteenth were test sets
# first; the fourth holds only conversations, so only its follow-ups count; the eighth is weighted to questions
# beside the facts): floors at today's figures.
BLIND_FLOORS = {
    # dev2, dev15 and dev24 lost questions to variants that more sets' labels ask for (README, fifteenth round)
    EVAL_DIR / "dev2.yaml": Floors(in_scope=94.0, out_of_scope=93.5, language=98.0, follow_ups=89.0),
    EVAL_DIR / "dev3.yaml": Floors(in_scope=96.5, out_of_scope=99.0, language=99.0, follow_ups=94.5),
    EVAL_DIR / "dev4.yaml": Floors(in_scope=0.0, out_of_scope=0.0, language=0.0, follow_ups=82.0),
    EVAL_DIR / "dev5.yaml": Floors(in_scope=96.0, out_of_scope=98.5, language=99.0, follow_ups=87.5),
    EVAL_DIR / "dev6.yaml": Floors(in_scope=95.5, out_of_scope=97.0, language=99.0, follow_ups=88.0),
    EVAL_DIR / "dev7.yaml": Floors(in_scope=96.0, out_of_scope=98.5, language=99.0, follow_ups=89.0),
    EVAL_DIR / "dev8.yaml": Floors(in_scope=95.5, out_of_scope=93.5, language=99.0, follow_ups=78.0),
    EVAL_DIR / "dev9.yaml": Floors(in_scope=96.5, out_of_scope=98.0, language=99.0, follow_ups=83.0),
    EVAL_DIR / "dev10.yaml": Floors(in_scope=98.0, out_of_scope=97.5, language=99.0, follow_ups=85.5),
    EVAL_DIR / "dev11.yaml": Floors(in_scope=96.5, out_of_scope=97.0, language=99.0, follow_ups=79.5),
    EVAL_DIR / "dev12.yaml": Floors(in_scope=95.0, out_of_scope=99.0, language=99.0, follow_ups=71.0),
    # dev13 lost a refusal to the model retrained with dev57 ('did kim send putin actual missiles or just shells')
    EVAL_DIR / "dev13.yaml": Floors(in_scope=93.0, out_of_scope=96.0, language=99.0, follow_ups=74.5),
    EVAL_DIR / "dev14.yaml": Floors(in_scope=96.5, out_of_scope=95.0, language=99.0, follow_ups=89.0),
    EVAL_DIR / "dev15.yaml": Floors(in_scope=94.0, out_of_scope=95.0, language=98.5, follow_ups=80.5),
    EVAL_DIR / "dev16.yaml": Floors(in_scope=94.0, out_of_scope=96.5, language=99.0, follow_ups=76.5),
    EVAL_DIR / "dev17.yaml": Floors(in_scope=93.5, out_of_scope=98.5, language=99.0, follow_ups=83.5),
    EVAL_DIR / "dev18.yaml": Floors(in_scope=95.5, out_of_scope=97.0, language=99.0, follow_ups=89.0),
    EVAL_DIR / "dev19.yaml": Floors(in_scope=90.5, out_of_scope=94.0, language=99.0, follow_ups=75.5),
    EVAL_DIR / "dev20.yaml": Floors(in_scope=91.0, out_of_scope=96.0, language=99.0, follow_ups=81.5),
    EVAL_DIR / "dev21.yaml": Floors(in_scope=90.5, out_of_scope=95.5, language=99.0, follow_ups=85.0),
    EVAL_DIR / "dev22.yaml": Floors(in_scope=86.5, out_of_scope=97.5, language=99.0, follow_ups=71.0),
    EVAL_DIR / "dev23.yaml": Floors(in_scope=88.5, out_of_scope=97.0, language=99.0, follow_ups=64.5),
    EVAL_DIR / "dev24.yaml": Floors(in_scope=92.5, out_of_scope=98.0, language=99.0, follow_ups=77.0),
    EVAL_DIR / "dev25.yaml": Floors(in_scope=96.5, out_of_scope=96.0, language=99.0, follow_ups=69.0),
    EVAL_DIR / "dev26.yaml": Floors(in_scope=88.5, out_of_scope=95.5, language=99.0, follow_ups=71.0),
    EVAL_DIR / "dev27.yaml": Floors(in_scope=92.5, out_of_scope=93.5, language=99.0, follow_ups=76.0),
    EVAL_DIR / "dev28.yaml": Floors(in_scope=90.0, out_of_scope=97.0, language=99.0, follow_ups=66.0),
    EVAL_DIR / "dev29.yaml": Floors(in_scope=88.5, out_of_scope=95.5, language=99.0, follow_ups=76.5),
    EVAL_DIR / "dev30.yaml": Floors(in_scope=91.5, out_of_scope=96.5, language=99.0, follow_ups=75.5),
    EVAL_DIR / "dev31.yaml": Floors(in_scope=94.5, out_of_scope=96.0, language=99.0, follow_ups=78.0),
    EVAL_DIR / "dev32.yaml": Floors(in_scope=91.0, out_of_scope=98.0, language=99.0, follow_ups=72.5),
    EVAL_DIR / "dev33.yaml": Floors(in_scope=87.5, out_of_scope=97.0, language=99.0, follow_ups=64.5),
    EVAL_DIR / "dev34.yaml": Floors(in_scope=94.0, out_of_scope=93.0, language=99.0, follow_ups=72.5),
    EVAL_DIR / "dev35.yaml": Floors(in_scope=85.5, out_of_scope=97.0, language=99.0, follow_ups=78.5),
    EVAL_DIR / "dev36.yaml": Floors(in_scope=95.0, out_of_scope=98.0, language=99.0, follow_ups=79.0),
    EVAL_DIR / "dev37.yaml": Floors(in_scope=92.5, out_of_scope=98.0, language=99.0, follow_ups=76.5),
    EVAL_DIR / "dev38.yaml": Floors(in_scope=87.5, out_of_scope=91.5, language=99.0, follow_ups=67.0),
    EVAL_DIR / "dev39.yaml": Floors(in_scope=85.5, out_of_scope=94.5, language=99.0, follow_ups=66.5),
    EVAL_DIR / "dev40.yaml": Floors(in_scope=86.5, out_of_scope=95.5, language=99.0, follow_ups=65.5),
    # 'und China?' in an English conversation about North Korea's UN votes: labeled German, answered in the
    # conversation's English (one turn of 160)
    EVAL_DIR / "dev41.yaml": Floors(in_scope=90.5, out_of_scope=94.5, language=99.0, follow_ups=70.5,
                                    follow_up_language=98.5),
    EVAL_DIR / "dev42.yaml": Floors(in_scope=89.5, out_of_scope=93.0, language=99.0, follow_ups=71.5),
    EVAL_DIR / "dev43.yaml": Floors(in_scope=95.5, out_of_scope=94.5, language=99.0, follow_ups=65.0),
    EVAL_DIR / "dev44.yaml": Floors(in_scope=90.0, out_of_scope=97.5, language=99.0, follow_ups=78.0),
    EVAL_DIR / "dev45.yaml": Floors(in_scope=89.5, out_of_scope=96.5, language=99.0, follow_ups=77.5),
    EVAL_DIR / "dev46.yaml": Floors(in_scope=94.5, out_of_scope=98.0, language=99.0, follow_ups=79.5),
    EVAL_DIR / "dev47.yaml": Floors(in_scope=91.0, out_of_scope=94.5, language=99.0, follow_ups=78.0),
    EVAL_DIR / "dev48.yaml": Floors(in_scope=91.0, out_of_scope=97.5, language=99.0, follow_ups=72.0),
    EVAL_DIR / "dev49.yaml": Floors(in_scope=89.0, out_of_scope=97.5, language=99.0, follow_ups=77.0),
    EVAL_DIR / "dev50.yaml": Floors(in_scope=94.5, out_of_scope=93.5, language=99.0, follow_ups=76.0),
    EVAL_DIR / "dev51.yaml": Floors(in_scope=94.5, out_of_scope=99.0, language=99.0, follow_ups=72.5),
    EVAL_DIR / "dev52.yaml": Floors(in_scope=92.0, out_of_scope=97.0, language=99.0, follow_ups=68.5),
    EVAL_DIR / "dev53.yaml": Floors(in_scope=93.5, out_of_scope=95.0, language=99.0, follow_ups=71.5,
                                    follow_up_language=99.0),
    EVAL_DIR / "dev54.yaml": Floors(in_scope=84.0, out_of_scope=97.0, language=99.0, follow_ups=77.5),
    EVAL_DIR / "dev55.yaml": Floors(in_scope=88.5, out_of_scope=98.0, language=99.0, follow_ups=77.0),
    EVAL_DIR / "dev56.yaml": Floors(in_scope=91.5, out_of_scope=95.0, language=99.0, follow_ups=77.0),
    EVAL_DIR / "dev57.yaml": Floors(in_scope=92.5, out_of_scope=97.5, language=99.0, follow_ups=77.0),
    EVAL_DIR / "dev58.yaml": Floors(in_scope=87.0, out_of_scope=98.5, language=99.0, follow_ups=74.5),
    EVAL_DIR / "dev59.yaml": Floors(in_scope=84.5, out_of_scope=99.5, language=99.0, follow_ups=74.5),
    EVAL_DIR / "dev60.yaml": Floors(in_scope=89.0, out_of_scope=99.5, language=99.0, follow_ups=82.0),
    EVAL_DIR / "dev61.yaml": Floors(in_scope=93.0, out_of_scope=94.5, language=99.0, follow_ups=80.5),
    EVAL_DIR / "dev62.yaml": Floors(in_scope=88.0, out_of_scope=97.0, language=99.0, follow_ups=78.0),
    EVAL_DIR / "dev63.yaml": Floors(in_scope=87.0, out_of_scope=97.0, language=99.0, follow_ups=79.0),
    EVAL_DIR / "dev64.yaml": Floors(in_scope=93.0, out_of_scope=98.0, language=99.0, follow_ups=81.0),
    EVAL_DIR / "dev65.yaml": Floors(in_scope=91.0, out_of_scope=99.5, language=99.0, follow_ups=83.0),
    EVAL_DIR / "dev66.yaml": Floors(in_scope=94.5, out_of_scope=97.0, language=99.0, follow_ups=83.0),
    EVAL_DIR / "dev67.yaml": Floors(in_scope=88.5, out_of_scope=98.5, language=99.0, follow_ups=84.5),
    EVAL_DIR / "dev68.yaml": Floors(in_scope=93.5, out_of_scope=96.0, language=99.0, follow_ups=81.5),
    EVAL_DIR / "dev69.yaml": Floors(in_scope=95.0, out_of_scope=97.5, language=99.0, follow_ups=82.5),
    EVAL_DIR / "dev70.yaml": Floors(in_scope=95.0, out_of_scope=98.5, language=99.0, follow_ups=80.5),
    EVAL_DIR / "dev71.yaml": Floors(in_scope=94.5, out_of_scope=97.0, language=99.0, follow_ups=80.5),
    # refused 96 until the retraining with dev114 lost two of its refusals (README.md, the ninety-second round)
    EVAL_DIR / "dev72.yaml": Floors(in_scope=94.0, out_of_scope=95.0, language=99.0, follow_ups=82.0),
    EVAL_DIR / "dev73.yaml": Floors(in_scope=92.5, out_of_scope=97.0, language=99.0, follow_ups=78.5,
                                    follow_up_language=99.0),
    EVAL_DIR / "dev74.yaml": Floors(in_scope=94.5, out_of_scope=99.0, language=99.0, follow_ups=87.0),
    EVAL_DIR / "dev75.yaml": Floors(in_scope=92.0, out_of_scope=97.0, language=99.0, follow_ups=83.5),
    EVAL_DIR / "dev76.yaml": Floors(in_scope=95.5, out_of_scope=97.0, language=99.0, follow_ups=88.0),
    EVAL_DIR / "dev77.yaml": Floors(in_scope=94.0, out_of_scope=98.0, language=99.0, follow_ups=79.0,
                                    follow_up_language=99.0),
    EVAL_DIR / "dev78.yaml": Floors(in_scope=94.5, out_of_scope=98.0, language=99.0, follow_ups=80.5),
    EVAL_DIR / "dev79.yaml": Floors(in_scope=90.0, out_of_scope=94.5, language=99.0, follow_ups=84.5),
    EVAL_DIR / "dev80.yaml": Floors(in_scope=95.5, out_of_scope=98.5, language=99.0, follow_ups=87.5),
    EVAL_DIR / "dev81.yaml": Floors(in_scope=95.0, out_of_scope=96.0, language=99.0, follow_ups=85.0),
    EVAL_DIR / "dev82.yaml": Floors(in_scope=95.0, out_of_scope=96.0, language=99.0, follow_ups=85.0),
    EVAL_DIR / "dev83.yaml": Floors(in_scope=90.5, out_of_scope=97.5, language=99.0, follow_ups=89.0),
    EVAL_DIR / "dev84.yaml": Floors(in_scope=91.5, out_of_scope=97.5, language=99.0, follow_ups=86.0),
    EVAL_DIR / "dev85.yaml": Floors(in_scope=89.0, out_of_scope=95.5, language=99.0, follow_ups=86.5),
    EVAL_DIR / "dev86.yaml": Floors(in_scope=90.0, out_of_scope=96.5, language=99.0, follow_ups=86.0),
    EVAL_DIR / "dev87.yaml": Floors(in_scope=90.5, out_of_scope=96.5, language=99.0, follow_ups=86.0,
                                    follow_up_language=99.0),
    EVAL_DIR / "dev88.yaml": Floors(in_scope=86.5, out_of_scope=98.5, language=99.0, follow_ups=88.0,
                                    follow_up_language=99.0),
    EVAL_DIR / "dev89.yaml": Floors(in_scope=88.5, out_of_scope=93.0, language=99.0, follow_ups=87.0,
                                    follow_up_language=99.0),
    EVAL_DIR / "dev90.yaml": Floors(in_scope=91.5, out_of_scope=95.5, language=99.0, follow_ups=91.0,
                                    follow_up_language=99.0),
    EVAL_DIR / "dev91.yaml": Floors(in_scope=90.5, out_of_scope=99.5, language=99.0, follow_ups=86.5,
                                    follow_up_language=99.0),
    EVAL_DIR / "dev92.yaml": Floors(in_scope=90.0, out_of_scope=96.5, language=99.0, follow_ups=90.0,
                                    follow_up_language=99.0),
    EVAL_DIR / "dev93.yaml": Floors(in_scope=92.5, out_of_scope=97.5, language=99.0, follow_ups=84.0,
                                    follow_up_language=99.0),
    EVAL_DIR / "dev94.yaml": Floors(in_scope=88.0, out_of_scope=96.5, language=99.0, follow_ups=84.5,
                                    follow_up_language=99.0),
    EVAL_DIR / "dev95.yaml": Floors(in_scope=91.0, out_of_scope=97.5, language=99.0, follow_ups=80.0,
                                    follow_up_language=99.0),
    EVAL_DIR / "dev96.yaml": Floors(in_scope=92.0, out_of_scope=99.0, language=99.0, follow_ups=84.0,
                                    follow_up_language=99.0),
    EVAL_DIR / "dev97.yaml": Floors(in_scope=93.5, out_of_scope=98.5, language=99.0, follow_ups=90.0,
                                    follow_up_language=99.0),
    EVAL_DIR / "dev98.yaml": Floors(in_scope=91.5, out_of_scope=99.0, language=99.0, follow_ups=82.0,
                                    follow_up_language=99.0),
    EVAL_DIR / "dev99.yaml": Floors(in_scope=83.0, out_of_scope=98.5, language=99.0, follow_ups=86.5,
                                    follow_up_language=99.0),
    EVAL_DIR / "dev100.yaml": Floors(in_scope=89.0, out_of_scope=98.5, language=99.0, follow_ups=85.0,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev101.yaml": Floors(in_scope=91.5, out_of_scope=95.0, language=99.0, follow_ups=85.5,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev102.yaml": Floors(in_scope=91.5, out_of_scope=98.5, language=99.0, follow_ups=80.5,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev103.yaml": Floors(in_scope=91.0, out_of_scope=97.5, language=99.0, follow_ups=81.0,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev104.yaml": Floors(in_scope=88.0, out_of_scope=98.5, language=99.0, follow_ups=76.0,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev105.yaml": Floors(in_scope=88.0, out_of_scope=98.5, language=99.0, follow_ups=76.0,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev106.yaml": Floors(in_scope=88.0, out_of_scope=98.5, language=99.0, follow_ups=80.0,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev107.yaml": Floors(in_scope=89.0, out_of_scope=98.5, language=99.0, follow_ups=80.0,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev108.yaml": Floors(in_scope=91.0, out_of_scope=97.5, language=99.0, follow_ups=86.0,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev109.yaml": Floors(in_scope=90.0, out_of_scope=95.5, language=99.0, follow_ups=84.0,
                                     follow_up_language=97.0),
    EVAL_DIR / "dev110.yaml": Floors(in_scope=90.5, out_of_scope=98.5, language=99.0, follow_ups=83.0,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev111.yaml": Floors(in_scope=93.0, out_of_scope=98.5, language=99.0, follow_ups=85.0,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev112.yaml": Floors(in_scope=92.0, out_of_scope=99.5, language=99.0, follow_ups=87.0,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev113.yaml": Floors(in_scope=89.5, out_of_scope=95.0, language=99.0, follow_ups=86.0,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev114.yaml": Floors(in_scope=86.5, out_of_scope=98.5, language=99.0, follow_ups=86.5,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev115.yaml": Floors(in_scope=94.0, out_of_scope=98.5, language=99.0, follow_ups=85.5,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev116.yaml": Floors(in_scope=90.0, out_of_scope=98.5, language=99.0, follow_ups=86.0,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev117.yaml": Floors(in_scope=93.0, out_of_scope=98.5, language=99.0, follow_ups=84.5,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev118.yaml": Floors(in_scope=89.5, out_of_scope=97.0, language=99.0, follow_ups=84.0,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev119.yaml": Floors(in_scope=91.5, out_of_scope=99.0, language=99.0, follow_ups=84.5,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev120.yaml": Floors(in_scope=87.0, out_of_scope=99.0, language=99.0, follow_ups=85.5,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev121.yaml": Floors(in_scope=89.0, out_of_scope=95.0, language=99.0, follow_ups=86.0,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev122.yaml": Floors(in_scope=91.5, out_of_scope=99.0, language=99.0, follow_ups=85.5,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev123.yaml": Floors(in_scope=88.5, out_of_scope=98.0, language=99.0, follow_ups=84.5,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev124.yaml": Floors(in_scope=88.5, out_of_scope=98.0, language=99.0, follow_ups=85.0,
                                     follow_up_language=99.0),
    EVAL_DIR / "dev125.yaml": Floors(in_scope=83.0, out_of_scope=94.0, language=99.0, follow_ups=82.0,
                                     follow_up_language=99.0),
}


@pytest.fixture(scope="module")
def index(shipped_index: Index) -> Index:
    return shipped_index


@pytest.fixture(scope="module")
def fact_ally(index: Index) -> dict[str, str | None]:
    return {e.id: e.ally for e in index.entries}


def test_development_set_is_large_and_has_conversations() -> None:
    dev = load_eval_set(DEV_FILE)
    assert len(dev.questions) >= 250
    assert {c.lang for c in dev.questions} == {"de", "en"}
    assert sum(c.expect == "none" for c in dev.questions) >= 80
    assert len(dev.conversations) >= 10


def test_matcher_holds_its_floors(index: Index, fact_ally: dict[str, str | None]) -> None:
    dev = load_eval_set(DEV_FILE)
    figures = measure(ours(index), dev.questions, fact_ally)
    assert figures.in_scope >= IN_SCOPE_FLOOR
    assert figures.out_of_scope >= OUT_OF_SCOPE_FLOOR
    assert figures.language >= LANGUAGE_FLOOR


def test_every_blind_development_set_that_allybot_eval_reports_has_floors() -> None:
    assert {EVAL_DIR / path.name for path in DEV_SETS} == {DEV_FILE, *BLIND_FLOORS}


@pytest.mark.parametrize("path", list(BLIND_FLOORS), ids=lambda path: path.name)
def test_matcher_holds_its_floors_on_questions_written_blind(
    index: Index, fact_ally: dict[str, str | None], path: Path
) -> None:
    floors, blind = BLIND_FLOORS[path], load_eval_set(path)
    figures = measure(ours(index), blind.questions, fact_ally)
    right, language, _ = measure_follow_ups(ours_in_conversation(index), blind.conversations, fact_ally)
    assert figures.in_scope >= floors.in_scope
    assert figures.out_of_scope >= floors.out_of_scope
    assert figures.language >= floors.language
    assert right >= floors.follow_ups and language >= floors.follow_up_language


def test_semantic_signal_adds_more_right_answers_than_it_costs_refusals(
    index: Index, fact_ally: dict[str, str | None]
) -> None:
    dev = load_eval_set(DEV_FILE)
    with_meaning = measure(ours(index), dev.questions, fact_ally)
    without = measure(ours(index, meaning=False), dev.questions, fact_ally)
    in_scope = sum(case.category in IN_SCOPE for case in dev.questions)
    out_of_scope = len(dev.questions) - in_scope
    gained = round((with_meaning.in_scope - without.in_scope) * in_scope / 100)
    lost = round((without.out_of_scope - with_meaning.out_of_scope) * out_of_scope / 100)
    # A trade, measured and shown in `allybot eval`'s ablation row: meaning lifts paraphrases that share no
    # word with a fact, and can lift a near miss over the threshold ("Does Iran have nuclear weapons?" meets
    # the missiles fact). It must win clearly and cost at most one refusal.
    assert gained >= 3 * max(lost, 1) and lost <= 1


def test_follow_ups_are_answered_in_context_far_more_often_than_alone(
    index: Index, fact_ally: dict[str, str | None]
) -> None:
    dev = load_eval_set(DEV_FILE)
    right, language, _ = measure_follow_ups(ours_in_conversation(index), dev.conversations, fact_ally)
    alone, _, _ = measure_follow_ups(ours_in_conversation(index, memory=False), dev.conversations, fact_ally)
    assert right >= FOLLOW_UP_FLOOR and language == 100.0
    assert right > alone + 20


def test_matcher_beats_both_baselines_at_their_best_cutoff(index: Index, fact_ally: dict[str, str | None]) -> None:
    cases = load_eval_set(DEV_FILE).questions
    mine = measure(ours(index), cases, fact_ally)
    for make, cutoffs in ((wratio_baseline(index), WRATIO_CUTOFFS), (bm25_baseline(index), BM25_CUTOFFS)):
        _, best = best_cutoff(make, cutoffs, cases, fact_ally)
        assert mine.in_scope > best.in_scope
        assert mine.out_of_scope > best.out_of_scope
        assert mine.language > best.language


def test_eval_report_shows_the_test_set_beside_the_dev_set_when_it_exists(index: Index, tmp_path: Path) -> None:
    test_file = tmp_path / "test.yaml"
    test_file.write_text(
        "- {q: \"Liefert der Iran Drohnen an Russland?\", expect: iran-drones-ammunition, lang: de,"
        " category: paraphrase}\n"
        "- {q: \"Was kostet ein Döner?\", expect: none, lang: de, category: out_of_scope_everyday}\n"
        "- category: followup\n"
        "  conversation:\n"
        "    - {q: \"Does Iran send drones to Russia?\", expect: iran-drones-ammunition, lang: en}\n"
        "    - {q: \"And North Korea?\", expect: north-korea-military-supplies, lang: en}\n",
        encoding="utf-8",
    )
    report = run_evaluation(index, DEV_FILE, test_file)
    header = report.splitlines()[0]
    assert "dev.yaml" in header and "test.yaml (2+1)" in header
    follow_ups = next(line for line in report.splitlines() if line.startswith("FOLLOW-UPS IN CONTEXT"))
    assert follow_ups.split()[-1] == "100.0%"
    assert "misses on test.yaml" not in report  # the test set is reported, never mined for tuning
    repeats = run_evaluation(index, test_file, test_file).splitlines()  # a test set all of whose questions repeat
    assert "test set without repeats of the development sets (0 of 2 questions):" in repeats


def test_a_test_question_a_development_set_holds_word_for_word_is_left_out_of_the_own_worded_figures() -> None:
    def case(question: str) -> Case:
        return Case(question, "none", "de", "chitchat")
    dev = EvalSet("dev", (case("wer ist kim"),), (Conversation((case("Iran?"), case("danke!"))),))
    test = EvalSet("test", (case("Wer ist Kim?"), case("Danke"), case("Wer ist Lukaschenko?")), ())
    assert [c.question for c in own_worded(test, [dev])] == ["Wer ist Lukaschenko?"]


def test_eval_report_says_when_the_test_set_is_not_written_yet(index: Index, tmp_path: Path) -> None:
    report = run_evaluation(index, DEV_FILE, tmp_path / "test.yaml")
    assert "no test set at" in report


def test_eval_report_shows_every_development_set_in_its_own_column(index: Index) -> None:
    report = run_evaluation(index, [DEV_FILE, DEV2_FILE], None, show_errors=1)
    header = report.splitlines()[0]
    assert "dev.yaml (350+20)" in header and "dev2.yaml" in header
    assert "threshold sweep on dev2.yaml" in report and "misses on dev2.yaml" in report
