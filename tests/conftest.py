"""Shared fixtures: a copy of the fact base, a real store, and the real bot polling a local Bot API server."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import shutil
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.factbase.live import LiveKnowledge
from bot.knowledge import DEFAULT_KNOWLEDGE_DIR, ValidationReport, loader
from bot.knowledge.yamlfile import ParsedYaml
from bot.matching import Index
from bot.store import Store
from bot.tg.app import ALLOWED_UPDATES, build_application
from bot.tg.network import Timeouts
from bot.tg.pacing import SendLimits
from bot.tg.run import webhook_options
from bot.tg.services import services_of
from tests.botapi_server import BotAPIServer, Call, running_application
from tests.page_server import PageServer, serving_pages

READER = 1001
MODERATOR = 4242
TODAY = dt.date(2026, 1, 15)  # every fact in the shipped fact base is past its review date by then

AnyApplication = Any

QUICK_LIMITS = SendLimits(chat_per_second=100.0, chat_burst=100)
"""Pacing per chat off (the server's rate limits are off too) unless a test is about Telegram's limits:
one test sends a reader 21 messages in a row, which at Telegram's one a second would take 18 s."""


TELEGRAM_MODULES = ("test_tg_", "test_botapi_server", "test_start_without_token", "test_terminal_chat")
"""Tests that run the bot over the local Bot API emulator or as a separate process (seconds each)."""
TELEGRAM_FIXTURES = frozenset({"start_bot"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks the end-to-end tests `telegram`, so `pytest -m "not telegram and not slow"` runs in seconds."""
    for item in items:
        module = item.module.__name__.rpartition(".")[2] if isinstance(item, pytest.Function) else ""
        fixtures = set(getattr(item, "fixturenames", ()))
        if module.startswith(TELEGRAM_MODULES) or fixtures & TELEGRAM_FIXTURES:
            item.add_marker(pytest.mark.telegram)


def with_shipped_sources(hostile: str, knowledge: Path) -> str:
    """A hostile sources.yaml (`sources:` and one entry) followed by every source of `knowledge`'s sources.yaml,
    so that the hostile entry is the only problem, whatever sources the fact base cites today."""
    shipped = (knowledge / "sources.yaml").read_text(encoding="utf-8")
    return hostile.rstrip("\n") + "\n" + shipped.split("\nsources:\n", 1)[1]


def shipped_line(rel: str, start: str) -> int:
    """The number of the first line of the shipped knowledge/`rel` that starts with `start`. Messages to
    moderators name lines, and a line moves whenever an editor adds question variants above it."""
    lines = (DEFAULT_KNOWLEDGE_DIR / rel).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(start))
@pytest.fixture(scope="session", autouse=True)
def shipped_files_parsed_once() -> Iterator[None]:
    """Each shipped fact file, unchanged, is parsed once per session instead of in every test that loads a copy.

    Most tests that load a fact base load files identical to the shipped ones (a copy to edit one file, a CLI
    command, an upload's check, a reload), and pyyaml's pure-Python parser takes 0.15 s for the whole base,
    which was half the time of the fast test run. Any other text (an edited, broken or hostile file) is
    parsed for real every time; the remembered result is handed out as a deep copy, so no test sees another's.
    """
    shipped = {(DEFAULT_KNOWLEDGE_DIR / rel).read_text(encoding="utf-8-sig")
               for rel in loader.fact_file_paths(DEFAULT_KNOWLEDGE_DIR)}
    parse = loader.parse_yaml
    parsed: dict[str, ParsedYaml] = {}

    def parse_once(text: str, path: str, report: ValidationReport) -> ParsedYaml | None:
        if text not in shipped:
            return parse(text, path, report)
        if text not in parsed:
            result = parse(text, path, report)
            assert result is not None, report.render()  # the shipped files are valid: nothing to report
            parsed[text] = result
        return ParsedYaml(copy.deepcopy(parsed[text].data), dict(parsed[text].lines))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "parse_yaml", parse_once)
        yield


@pytest.fixture(scope="session")
def shipped_index() -> Index:
    """The shipped fact base, loaded once: loading takes half a second, and an Index is immutable."""
    live = LiveKnowledge.load(DEFAULT_KNOWLEDGE_DIR)
    assert isinstance(live, LiveKnowledge), live
    return live.index


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    """A private copy of the shipped fact base that a test may edit."""
    return Path(shutil.copytree(DEFAULT_KNOWLEDGE_DIR, tmp_path / "knowledge"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    opened = Store.open(data_dir, retention_days=90)
    opened.start()
    yield opened
    opened.close()


@dataclass
class RunningBot:
    """The bot as a test sees it: the server it polls and what it serves and stores."""

    server: BotAPIServer
    app: AnyApplication
    settings: Settings
    live: LiveKnowledge
    store: Store

    async def ask(self, text: str, *, user_id: int = READER, language_code: str | None = "de") -> dict[str, Any]:
        """A reader writes privately; returns the bot's (first) answer."""
        (reply,) = await self.replies(
            lambda: self.server.private_message(text, user_id=user_id, language_code=language_code), chat_id=user_id
        )
        return reply

    async def replies(
        self, act: Callable[[], object], *, chat_id: int, count: int = 1, timeout: float = 5.0
    ) -> list[dict[str, Any]]:
        """Do `act` (inject updates) and return the next `count` messages the bot sends to `chat_id`."""
        before = len(self.server.sent(chat_id))
        act()
        await self.server.wait_for_call(
            "sendMessage", count=before + count, timeout=timeout, where=lambda call: _to_chat(call, chat_id)
        )
        return self.server.sent(chat_id)[before:before + count]

    def rows(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        """What the store wrote, straight from its SQLite file (after everything queued is written)."""
        import sqlite3

        self.store.flush()
        with sqlite3.connect(self.store.path) as conn:
            return conn.execute(sql, params).fetchall()


def _to_chat(call: Call, chat_id: int) -> bool:
    return call.ok and call.params.get("chat_id") == chat_id


StartBot = Callable[..., AbstractAsyncContextManager[RunningBot]]


@pytest.fixture
def start_bot(knowledge_dir: Path, data_dir: Path, store: Store, shipped_index: Index) -> StartBot:
    """`async with start_bot(**settings) as bot:` runs the real Application against a fresh local server."""

    @asynccontextmanager
    async def start(
        *,
        prepare: Callable[[BotAPIServer], None] | None = None,
        server: BotAPIServer | None = None,
        store: Store = store,
        limits: SendLimits = QUICK_LIMITS,
        timeouts: Timeouts | None = None,
        **overrides: Any,
    ) -> AsyncIterator[RunningBot]:
        async with contextlib.AsyncExitStack() as stack:
            if server is None:  # a fresh one; pass one in to restart a bot against the same "Telegram"
                server = await stack.enter_async_context(BotAPIServer())
            if prepare is not None:
                prepare(server)
            values: dict[str, Any] = {
                "token": server.token,
                "api_base_url": server.base_url,
                "knowledge_dir": knowledge_dir,
                "data_dir": data_dir,
                "moderator_ids": frozenset({MODERATOR}),
                "watch": False,
            } | overrides
            settings = Settings(**values)
            live = LiveKnowledge(knowledge_dir, shipped_index)  # the copy holds the same files
            app = build_application(settings, live, store, limits=limits, timeouts=timeouts or Timeouts(),
                                    probe_seconds=0)  # a fresh server: no other copy of the bot to listen for
            services_of(app).today = lambda: TODAY

            def polling_failed(error: Exception) -> None:  # what run_polling does: hand it to the error handler
                app.create_task(app.process_error(error=error, update=None))

            async with running_application(app, error_callback=polling_failed, allowed_updates=ALLOWED_UPDATES):
                # run_polling would call these; running_application leaves them to us
                assert app.post_init is not None and app.post_shutdown is not None
                await app.post_init(app)
                try:
                    yield RunningBot(server, app, settings, live, store)
                    await server.wait_idle(quiet=0.05)  # nothing left half-done by the test
                finally:
                    await app.post_shutdown(app)

    return start


@pytest.fixture
async def bot(start_bot: StartBot) -> AsyncIterator[RunningBot]:
    async with start_bot() as running:
        yield running


@pytest.fixture
def pages() -> Iterator[PageServer]:
    """Saved article pages (and hostile ones) served on 127.0.0.1; see tests/page_server.py."""
    with serving_pages() as server:
        yield server


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class WebhookBot:
    """The bot in webhook mode: post updates to `url` with `headers`, as Telegram would."""

    server: BotAPIServer
    url: str
    headers: dict[str, str]


@asynccontextmanager
async def webhook_bot(
    knowledge_dir: Path, data_dir: Path, store: Store, index: Index
) -> AsyncIterator[WebhookBot]:
    """The real Application serving a webhook on 127.0.0.1 and sending to a local Bot API server; TLS ends at
    the reverse proxy in front of the bot, so the test posts plain http."""
    secret = "a-webhook-secret-0123"
    async with BotAPIServer() as server:
        port = free_port()  # once the emulator listens: a port probed before it started may become its own
        settings = Settings(
            token=server.token, api_base_url=server.base_url, knowledge_dir=knowledge_dir, data_dir=data_dir,
            watch=False, webhook_url=f"https://127.0.0.1:{port}/allybot", webhook_secret=secret,
            webhook_listen="127.0.0.1", webhook_port=port,
        )
        app = build_application(settings, LiveKnowledge(knowledge_dir, index), store, limits=QUICK_LIMITS)
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_webhook(**webhook_options(settings))
            headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
            yield WebhookBot(server, f"http://127.0.0.1:{port}/allybot", headers)
            await app.updater.stop()
            await app.stop()
