"""Settings refuse addresses and ports that would send the token in the clear or to nowhere, in one line."""

from __future__ import annotations

import pytest

from bot.config import TELEGRAM_API, Settings
from bot.errors import ConfigError
from bot.tg.app import file_url

SECRET = "s" * 20


@pytest.mark.parametrize(("env", "expected"), [
    ({"TELEGRAM_API_BASE_URL": "http://api.example.org/bot"}, "TELEGRAM_API_BASE_URL must be an https:// address"),
    ({"TELEGRAM_API_BASE_URL": "ftp://127.0.0.1/bot"}, "TELEGRAM_API_BASE_URL must be an https:// address"),
    ({"TELEGRAM_API_BASE_URL": "https:///bot"}, "TELEGRAM_API_BASE_URL must be an https:// address"),
    ({"TELEGRAM_API_BASE_URL": "https://api.example.org/v1"}, "TELEGRAM_API_BASE_URL must end in /bot"),
    ({"WEBHOOK_URL": "http://bot.example.org/hook", "WEBHOOK_SECRET": SECRET}, "WEBHOOK_URL must be an https://"),
    ({"WEBHOOK_PORT": "0"}, "WEBHOOK_PORT must be a whole number from 1 to 65535, not '0'"),
    ({"WEBHOOK_PORT": "65536"}, "WEBHOOK_PORT must be a whole number from 1 to 65535, not '65536'"),
])
def test_unsafe_or_impossible_addresses_are_refused_in_one_line(env: dict[str, str], expected: str) -> None:
    with pytest.raises(ConfigError) as refused:
        Settings.from_env(env)
    assert str(refused.value).startswith(expected) and "\n" not in str(refused.value)
    assert "example.org" not in str(refused.value)  # a webhook address may carry a secret path


def test_https_addresses_and_a_local_server_over_http_are_accepted() -> None:
    settings = Settings.from_env({"TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
                                  "WEBHOOK_URL": "https://bot.example.org/hook", "WEBHOOK_SECRET": SECRET,
                                  "WEBHOOK_PORT": "65535"})
    assert (settings.api_base_url, settings.webhook_port) == ("http://127.0.0.1:8081/bot", 65535)
    assert file_url(settings.api_base_url) == "http://127.0.0.1:8081/file/bot"
    assert Settings.from_env({}).api_base_url == TELEGRAM_API
    assert Settings.from_env({"TELEGRAM_API_BASE_URL": "http://localhost/bot/"}).api_base_url == "http://localhost/bot/"


def test_files_are_never_fetched_from_a_guessed_server() -> None:
    with pytest.raises(ConfigError, match="must end in /bot"):
        file_url("https://api.example.org/v1")
