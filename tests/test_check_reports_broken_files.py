"""An editor who breaks a fact file is told every mistake as `FILE:LINE: what is wrong (how to fix it)`.

Each file in tests/data/broken/ replaces one file of a copy of the shipped fact base (`# replaces:`)
and lists the exact lines `allybot check` must print for it (`# expect:`), in the order printed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cli import main
from bot.knowledge import DEFAULT_KNOWLEDGE_DIR, KnowledgeBase, ValidationReport, load_knowledge

REPO = Path(__file__).resolve().parents[1]
BROKEN_DIR = Path(__file__).parent / "data" / "broken"
SUMMARY = re.compile(r"^ok: \d+ facts \(overview \d+(, [a-z0-9-]+ \d+)+\), version [0-9a-f]{12}$")
# FILE:LINE: what is wrong (how to fix it)
PROBLEM_LINE = re.compile(r"^(?P<file>[\w./-]+\.yaml):(?P<line>\d+): (?P<what>.+) \((?P<fix>.+)\)$")


@dataclass(frozen=True)
class BrokenFile:
    """One corpus file: the knowledge file it replaces and the lines `allybot check` must print."""

    path: Path
    replaces: str
    expected: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.path.stem


def _read_corpus() -> list[BrokenFile]:
    corpus = []
    for path in sorted(BROKEN_DIR.glob("*.yaml")):
        comments = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
        expected = tuple(line.removeprefix("# expect: ") for line in comments if line.startswith("# expect: "))
        replaces = [line.removeprefix("# replaces: ") for line in comments if line.startswith("# replaces: ")]
        assert len(replaces) == 1 and expected, f"{path.name} needs one '# replaces:' and some '# expect:' lines"
        corpus.append(BrokenFile(path, replaces[0], expected))
    return corpus


CORPUS = _read_corpus()
BY_NAME = {case.name: case for case in CORPUS}


def _install(case: BrokenFile, tmp_path: Path) -> Path:
    """A copy of the shipped fact base with the broken file in place of the one it replaces."""
    directory = Path(shutil.copytree(DEFAULT_KNOWLEDGE_DIR, tmp_path / "knowledge"))
    shutil.copyfile(case.path, directory / case.replaces)
    return directory


def test_corpus_covers_every_kind_of_mistake_the_issue_names() -> None:
    kinds = {
        "yaml-unclosed-quote", "yaml-tab-indentation", "duplicate-key", "unknown-field-typo", "missing-field",
        "wrong-type-questions-string", "unknown-ally", "unknown-source", "duplicate-fact-id", "duplicate-question",
        "quote-not-verbatim", "date-month-13", "date-in-words", "review-after-before-as-of", "empty-answer",
        "missing-language", "python-tag", "empty-file", "list-not-mapping", "id-not-a-slug",
        # issue 13: no invented facts
        "as-of-after-published", "superseded-by-unknown", "superseded-by-itself", "superseded-by-cycle",
    }
    assert kinds <= set(BY_NAME), f"missing corpus files: {sorted(kinds - set(BY_NAME))}"


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.name)
def test_every_expected_line_names_the_file_the_line_and_the_fix(case: BrokenFile) -> None:
    length = len(case.path.read_text(encoding="utf-8").splitlines()) or 1
    for expected in case.expected:
        match = PROBLEM_LINE.match(expected)
        assert match, f"{case.name}: not in 'FILE:LINE: what is wrong (how to fix it)' form: {expected}"
        assert match["file"] == case.replaces
        assert 1 <= int(match["line"]) <= length, f"{case.name}: line {match['line']} is outside the file"


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.name)
def test_loader_refuses_broken_file_with_exactly_the_expected_problems(case: BrokenFile, tmp_path: Path) -> None:
    result = load_knowledge(_install(case, tmp_path))
    assert isinstance(result, ValidationReport), f"{case.name} was accepted"
    assert tuple(result.render().splitlines()) == case.expected


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.name)
def test_check_command_prints_expected_lines_and_exits_1(
    case: BrokenFile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = _install(case, tmp_path)
    status = main(["check", str(directory)])
    out, err = capsys.readouterr()
    assert status == 1
    assert tuple(out.splitlines()) == case.expected
    assert err.strip() == f"{len(case.expected)} problem(s) in {directory}"


def test_check_reports_mistakes_in_several_files_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = _install(BY_NAME["unknown-field-typo"], tmp_path)
    tab = BY_NAME["yaml-tab-indentation"]
    (directory / "allies" / "syria.yaml").write_bytes(tab.path.read_bytes().replace(b"ally: iran", b"ally: syria"))

    assert main(["check", str(directory)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [*BY_NAME["unknown-field-typo"].expected, tab.expected[0].replace("allies/iran", "allies/syria")]


# What an editor's slip can put anywhere in a file: YAML punctuation, tags, anchors, odd dates.
SLIPS = [":", "- ", '"', "'", "\t", "\n", "\n  ", "  ", "[", "]", "{", "}", "#", "&a ", "*a", "<<: *a", "? ",
         "!!python/object/apply:os.system", "!!bool x", "!!timestamp x", "!!binary ~", "2024-13-45", "~", "|"]


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(
    rel=st.sampled_from(["allies/iran.yaml", "overview.yaml", "sources.yaml"]),
    slips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.sampled_from(SLIPS), st.integers(0, 3)),
                   min_size=1, max_size=4),
)
def test_check_never_crashes_and_always_says_where_and_how_to_fix(
    rel: str, slips: list[tuple[float, str, int]]
) -> None:
    text = (DEFAULT_KNOWLEDGE_DIR / rel).read_text(encoding="utf-8")
    for where, slip, deleted in slips:
        at = int(where * len(text))
        text = text[:at] + slip + text[at + deleted:]
    result = load_knowledge(DEFAULT_KNOWLEDGE_DIR, {rel: text})
    if isinstance(result, ValidationReport):
        for line in result.render().splitlines():
            assert PROBLEM_LINE.match(line), line


def _allybot_check(*args: str) -> subprocess.CompletedProcess[str]:
    # The installed console script of the environment the tests run in: what `uv run allybot` starts.
    script = Path(sys.executable).with_name("allybot")
    env = {name: value for name, value in os.environ.items() if name != "KNOWLEDGE_DIR"}
    return subprocess.run(
        [str(script), "check", *args],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60, check=False,
    )


@pytest.mark.slow
@pytest.mark.parametrize("name", ["yaml-unclosed-quote", "unknown-field-typo", "python-tag"])
def test_allybot_check_command_fails_with_file_line_messages(name: str, tmp_path: Path) -> None:
    case = BY_NAME[name]
    run = _allybot_check(str(_install(case, tmp_path)))
    assert run.returncode == 1, run.stderr
    assert tuple(run.stdout.splitlines()) == case.expected
    assert "Traceback" not in run.stderr


@pytest.mark.slow
def test_allybot_check_passes_on_the_shipped_fact_base_with_one_line_summary() -> None:
    run = _allybot_check()
    assert run.returncode == 0, run.stdout + run.stderr
    (summary,) = run.stdout.splitlines()
    assert SUMMARY.match(summary), summary
    assert run.stderr == ""


def test_check_summary_counts_facts_per_ally(capsys: pytest.CaptureFixture[str]) -> None:
    kb = load_knowledge(DEFAULT_KNOWLEDGE_DIR)
    assert isinstance(kb, KnowledgeBase), kb.render()
    assert main(["check", str(DEFAULT_KNOWLEDGE_DIR)]) == 0
    (summary,) = capsys.readouterr().out.splitlines()
    assert SUMMARY.match(summary), summary
    for ally, count in kb.counts().items():
        assert f"{ally} {count}" in summary
