"""Teaching and reviewing edit the editor's own file at one place, and everything else survives byte for byte."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from bot.cli import main
from bot.conversation import answer_question
from bot.factbase.live import LiveKnowledge
from bot.factbase.review import confirm, retire, supersede, teach, untaught
from bot.factbase.upload import apply_upload
from bot.knowledge.clauses import fragment_problem
from bot.knowledge.validate import normalize_for_quote
from bot.matching import Index
from tests.conftest import shipped_line

TODAY = dt.date(2026, 12, 1)
OIL = "Kauft China russisches Öl?"


@pytest.fixture
def live(knowledge_dir: Path, shipped_index: Index) -> LiveKnowledge:
    return LiveKnowledge(knowledge_dir, shipped_index)  # the copy holds the shipped files


def china(knowledge_dir: Path) -> Path:
    return knowledge_dir / "allies" / "china.yaml"


@pytest.mark.slow
def test_teaching_adds_one_line_and_keeps_the_editors_comments(live: LiveKnowledge, knowledge_dir: Path) -> None:
    text = china(knowledge_dir).read_text(encoding="utf-8")
    commented = text.replace("      de:\n        - Wie wichtig ist China",
                             "      de:  # questions readers asked\n        - Wie wichtig ist China", 1)
    commented = commented.replace("facts:\n", "facts:\n  # trade first\n", 1)
    china(knowledge_dir).write_text(commented, encoding="utf-8")
    live.reload()

    change = teach(live, "china-trade-sanctions-2025", f"  {OIL} ")
    assert change.ok and change.lang == "de" and change.question == OIL
    after = china(knowledge_dir).read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in commented.splitlines()]
    assert added == [f"        - {OIL}"]
    assert after.replace(f"        - {OIL}\n", "", 1) == commented
    assert answer_question(live.index, OIL, None, TODAY).entry is live.kb.get("china-trade-sanctions-2025")
    assert (knowledge_dir / ".history").is_dir()

    assert untaught(live, "china-trade-sanctions-2025", OIL, "de").ok
    assert china(knowledge_dir).read_text(encoding="utf-8") == commented


def test_teaching_a_question_another_fact_answers_is_refused_with_the_line(live: LiveKnowledge) -> None:
    change = teach(live, "china-trade-sanctions-2025", "Liefert der Iran Waffen an Russland?")
    assert not change.ok
    line = shipped_line("allies/iran.yaml", "  - id: iran-drones-ammunition")
    assert change.result.message.startswith("'Liefert der Iran Waffen an Russland?' is already a question of fact "
                                            f"iran-drones-ammunition (allies/iran.yaml:{line})")


def test_questions_written_on_one_line_are_not_garbled(live: LiveKnowledge, knowledge_dir: Path) -> None:
    text = china(knowledge_dir).read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    start = lines.index("        - Wie wichtig ist China für den russischen Handel?\n") - 1
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("        - "))
    items = [line.strip()[2:] for line in lines[start + 1:end]]
    flow = "      de: [" + ", ".join(f'"{item}"' for item in items) + "]\n"
    china(knowledge_dir).write_text("".join([*lines[:start], flow, *lines[end:]]), encoding="utf-8")
    live.reload()
    before = china(knowledge_dir).read_bytes()
    change = teach(live, "china-trade-partner", OIL)
    assert not change.ok and "are written on one line ([...])" in change.result.message
    assert change.result.message.startswith(f"allies/china.yaml:{start + 1}:")
    assert china(knowledge_dir).read_bytes() == before


@pytest.mark.slow
def test_review_writes_dates_retired_and_superseded_by_where_editors_would(
    live: LiveKnowledge, knowledge_dir: Path
) -> None:
    path = knowledge_dir / "allies" / "iran.yaml"
    assert confirm(live, "iran-drones-ammunition", TODAY).previous == {"reviewed_on": None,
                                                                       "review_after": dt.date(2025, 6, 20)}
    assert "    review_after: 2027-12-01\n    reviewed_on: 2026-12-01\n" in path.read_text(encoding="utf-8")
    assert supersede(live, "iran-drones-ammunition", "iran-sanctions-cooperation").ok
    assert retire(live, "iran-putin-visit").ok
    text = path.read_text(encoding="utf-8")
    assert "    reviewed_on: 2026-12-01\n    superseded_by: iran-sanctions-cooperation\n" in text
    assert "    retired: true\n  - id: iran-raisi-death" in text
    assert "1 retired" in live.kb.summary()
    refused = retire(live, "iran-sanctions-cooperation")
    assert not refused.ok and "named as the newer fact by iran-drones-ammunition" in refused.result.message


def test_a_short_quote_passes_when_it_is_the_whole_sentence() -> None:
    archive = "Erster Absatz.\nDas stimmt nicht. Russland liefert Öl nach China, sagt sie.\nTitel ohne Punkt\n"
    assert fragment_problem("Das stimmt nicht.", archive, normalize_for_quote) is None
    assert fragment_problem("Titel ohne Punkt", archive, normalize_for_quote) is None
    assert fragment_problem("Russland liefert Öl nach China, sagt sie.", archive, normalize_for_quote) is None
    assert fragment_problem("liefert Öl", archive, normalize_for_quote) == "Russland liefert Öl nach China, sagt sie."


def test_upload_reply_says_what_changed_in_each_fact(live: LiveKnowledge, knowledge_dir: Path) -> None:
    text = (knowledge_dir / "allies" / "iran.yaml").read_text(encoding="utf-8")
    edited = text.replace("        - Liefert der Iran Waffen an Russland?\n",
                          "        - Liefert der Iran Waffen an Russland?\n        - Schickt Teheran Drohnen?\n", 1)
    edited = edited.replace("Der Iran hat Russland mit Drohnen und Munition versorgt.",
                            "Der Iran hat Russland nachweislich mit Drohnen und Munition versorgt.", 1)
    result = apply_upload(live, "iran.yaml", edited.encode())
    assert result.ok, result.message
    assert result.message.splitlines()[1] == ("  iran-drones-ammunition: questions de +“Schickt Teheran Drohnen?”; "
                                              "answer de changed")


@pytest.mark.slow
def test_terminal_teach_review_and_status_chart(
    knowledge_dir: Path, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KNOWLEDGE_DIR", str(knowledge_dir))
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    assert main(["teach", "china-trade-sanctions-2025", OIL]) == 0
    assert "china-trade-sanctions-2025: questions de +“Kauft China russisches Öl?”" in capsys.readouterr().out
    assert main(["teach", "china-trade-sanctions-2025", OIL]) == 1
    assert "nothing changed: fact china-trade-sanctions-2025 already has the question" in capsys.readouterr().err
    assert main(["review", "iran-drones-ammunition", "--retire"]) == 0
    with sqlite3.connect(data_dir / "allybot.sqlite3") as conn:
        rows = conn.execute("SELECT moderator, action FROM audit ORDER BY id").fetchall()
    assert rows == [(0, "teach"), (0, "retire")]

    chart = tmp_path / "status.png"
    assert main(["report", "status", "--png", str(chart)]) == 0
    out = capsys.readouterr().out
    assert "Last 30 days: 0 question(s), 0 answered (–)" in out and f"Chart written to {chart}." in out
    assert chart.read_bytes().startswith(b"\x89PNG")
