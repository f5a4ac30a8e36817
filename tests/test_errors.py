"""Every refusal is an AllybotError, named in bot/errors.py's tree, and the CLI shows it as one line."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

import bot.errors
from bot import sources
from bot.cli import main
from bot.errors import AllybotError


def test_every_error_type_is_an_allybot_error_and_is_in_the_documented_tree() -> None:
    types = [obj for _, obj in inspect.getmembers(bot.errors, inspect.isclass) if issubclass(obj, BaseException)]
    assert types and all(issubclass(error, AllybotError) for error in types)
    assert all(f"── {error.__name__} " in (bot.errors.__doc__ or "") for error in types if error is not AllybotError)
    assert issubclass(sources.errors.FetchRefused, bot.errors.SourceError)


def test_a_malformed_evaluation_file_is_one_line_and_exit_status_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "dev.yaml"
    broken.write_text("cases: 3\n", encoding="utf-8")
    assert main(["eval", "--dev", str(broken), "--test", str(broken)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("allybot: ") and "Traceback" not in err
