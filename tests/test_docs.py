"""README.md cannot drift from the code: every `allybot` command is in its command list, with an example
in its --help, and every environment variable the settings read is in its configuration table."""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

import pytest

from bot import config
from bot.cli import _parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(parser: argparse.ArgumentParser, prefix: str = "") -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found[f"{prefix}{name}"] = sub
                found |= _commands(sub, f"{prefix}{name} ")
    return found


COMMANDS = _commands(_parser())


def _variables() -> list[str]:
    """The names `Settings.from_env` reads: every upper-case string passed with `env`."""
    tree = ast.parse(Path(config.__file__).read_text(encoding="utf-8"))
    names = set()
    for call in (node for node in ast.walk(tree) if isinstance(node, ast.Call)):
        reads_env = "env" in ast.unparse(call.func) or any(
            isinstance(arg, ast.Name) and arg.id == "env" for arg in call.args)
        names |= {arg.value for arg in call.args if reads_env and isinstance(arg, ast.Constant)
                  and isinstance(arg.value, str) and re.fullmatch(r"[A-Z][A-Z0-9_]+", arg.value)}
    return sorted(names)


def _readme_section(title: str) -> str:
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_commands_and_variables_are_found() -> None:
    assert {"run", "ask", "check", "report", "source add"} <= set(COMMANDS)
    assert {"TELEGRAM_BOT_TOKEN", "KNOWLEDGE_DIR", "WEBHOOK_PORT"} <= set(_variables())


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_in_the_readmes_command_list(command: str) -> None:
    listed = re.findall(r"^.*uv run allybot (.*?)\s+#", _readme_section("Using it"), flags=re.M)
    assert any(line == command or line.startswith(f"{command} ") for line in listed), (
        f"add `uv run allybot {command} ...` with a comment to the list under '## Using it' in README.md")


@pytest.mark.parametrize("command", sorted(name for name, sub in COMMANDS.items() if not sub._actions[1:2]
                                           or not isinstance(sub._actions[1], argparse._SubParsersAction)))
def test_every_commands_help_shows_an_example(command: str) -> None:
    shown = COMMANDS[command].format_help()
    assert "Example:" in shown and f"allybot {command}" in shown.split("Example:", 1)[1]


@pytest.mark.parametrize("name", _variables())
def test_every_environment_variable_is_in_the_readmes_configuration_table(name: str) -> None:
    rows = [line for line in _readme_section("Running the Telegram bot").splitlines() if line.startswith("| `")]
    assert any(f"`{name}`" in row.split(" | ")[0] for row in rows), (
        f"add a row for `{name}` to the configuration table under '## Running the Telegram bot' in README.md")
