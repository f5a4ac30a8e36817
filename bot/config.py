"""Settings from the environment, read and checked once at start-up (see the table in README.md)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bot.errors import ConfigError
from bot.knowledge.loader import DEFAULT_KNOWLEDGE_DIR

TOKEN_PATTERN = re.compile(r"^\d{5,20}:[A-Za-z0-9_-]{30,64}$")
TELEGRAM_API = "https://api.telegram.org/bot"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})  # plain http:// never leaves this machine


@dataclass(frozen=True)
class Settings:
    token: str | None
    api_base_url: str = TELEGRAM_API
    knowledge_dir: Path = DEFAULT_KNOWLEDGE_DIR
    data_dir: Path = Path("data")
    moderator_ids: frozenset[int] = field(default_factory=frozenset)
    retention_days: int = 90
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    watch: bool = True
    flood_per_minute: int = 20
    fetch_reachable: frozenset[tuple[str, int]] = frozenset()
    """(address, port) pairs new sources may be fetched from although they are not public. Only tests set it,
    for their page server on 127.0.0.1; `from_env` never does, so no environment can open the bot's network."""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip() or None
        if token is not None and not TOKEN_PATTERN.match(token):
            raise ConfigError("TELEGRAM_BOT_TOKEN is malformed: expected '<digits>:<35 characters>' from @BotFather")
        api_base_url = _https_url(env, "TELEGRAM_API_BASE_URL") or TELEGRAM_API
        if not api_base_url.rstrip("/").endswith("/bot"):
            raise ConfigError("TELEGRAM_API_BASE_URL must end in /bot, like https://api.telegram.org/bot "
                              "(files are fetched from the same place with /file/bot)")
        webhook_url = _https_url(env, "WEBHOOK_URL")
        secret = env.get("WEBHOOK_SECRET", "").strip() or None
        if webhook_url and not (secret and re.fullmatch(r"[A-Za-z0-9_-]{16,256}", secret)):
            raise ConfigError("WEBHOOK_SECRET must be 16-256 characters A-Z, a-z, 0-9, _ or - when WEBHOOK_URL is set")
        return cls(
            token=token,
            api_base_url=api_base_url,
            knowledge_dir=Path(env.get("KNOWLEDGE_DIR", "").strip() or DEFAULT_KNOWLEDGE_DIR),
            data_dir=Path(env.get("DATA_DIR", "").strip() or "data"),
            moderator_ids=_ids(env.get("MODERATOR_IDS", "")),
            retention_days=_int(env, "RETENTION_DAYS", 90, minimum=1),
            webhook_url=webhook_url,
            webhook_secret=secret,
            webhook_listen=env.get("WEBHOOK_LISTEN", "").strip() or "0.0.0.0",
            webhook_port=_int(env, "WEBHOOK_PORT", 8443, minimum=1, maximum=65535),
            watch=env.get("WATCH_KNOWLEDGE", "1").strip() not in {"0", "false", "no"},
            flood_per_minute=_int(env, "FLOOD_PER_MINUTE", 20, minimum=1),
        )


def _ids(raw: str) -> frozenset[int]:
    parts = [p for p in re.split(r"[\s,;]+", raw.strip()) if p]
    if not all(re.fullmatch(r"-?\d+", p) for p in parts):
        raise ConfigError("MODERATOR_IDS must be Telegram user ids separated by commas, e.g. 12345,67890")
    return frozenset(int(p) for p in parts)


def _int(env: Mapping[str, str], name: str, default: int, minimum: int, maximum: int | None = None) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < minimum or (maximum is not None and int(raw) > maximum):
        bounds = f"from {minimum} to {maximum}" if maximum is not None else f">= {minimum}"
        raise ConfigError(f"{name} must be a whole number {bounds}, not {raw[:20]!r}")
    return int(raw)


def _https_url(env: Mapping[str, str], name: str) -> str | None:
    """The address in `name`, or None if unset; https:// only, since the bot's token and updates travel over it.

    Plain http:// is allowed to this machine alone (a local Bot API server, the tests' emulator).
    The value is not repeated in the error: a webhook address may carry a secret path.
    """
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        parts = urlsplit(raw)
        host = parts.hostname
    except ValueError:
        host = None
    if host and (parts.scheme == "https" or (parts.scheme == "http" and host in LOCAL_HOSTS)):
        return raw
    raise ConfigError(f"{name} must be an https:// address with a host (http:// only for 127.0.0.1 or localhost)")
