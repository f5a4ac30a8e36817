"""`allybot run` is how a server starts the bot (the Docker image's CMD): without a token it must fail loudly.

Falling back to the terminal chat there would read an empty stdin and exit 0, so a container started
without TELEGRAM_BOT_TOKEN would stop at once and look healthy to whoever started it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
QUESTION = "Liefert der Iran Drohnen an Russland?\n"


def _allybot(*args: str) -> subprocess.CompletedProcess[str]:
    # The installed console script of the environment the tests run in: what the image's CMD starts.
    script = Path(sys.executable).with_name("allybot")
    env = {name: value for name, value in os.environ.items() if name not in {"TELEGRAM_BOT_TOKEN", "KNOWLEDGE_DIR"}}
    return subprocess.run(
        [str(script), *args], input=QUESTION,
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60, check=False,
    )


def test_allybot_run_without_a_token_refuses_to_start_with_one_line_naming_the_variable() -> None:
    done = _allybot("run")
    assert done.returncode == 1
    assert done.stdout == ""  # no greeting, no answer: the terminal chat did not start
    assert done.stderr.splitlines() == [
        "allybot: TELEGRAM_BOT_TOKEN is not set: `allybot run` needs the token from @BotFather "
        "(`allybot` without a command is the terminal chat)"
    ]


def test_allybot_without_a_command_or_token_is_still_the_terminal_chat() -> None:
    done = _allybot()
    assert done.returncode == 0, done.stderr
    assert "Russland wurde vom Iran mit Drohnen und Munition beliefert" in done.stdout
    assert done.stderr == ""
