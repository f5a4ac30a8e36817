"""Moderator commands in a private chat: status, reload, reports, a fact preview, YAML upload and undo.

`bot.tg.app` registers them with a filter on MODERATOR_IDS, so to anyone else they fall through to
the unknown-command reply, exactly as if they did not exist. Replies are staff-only, in English,
and the reports are the same plain text `allybot report` prints, shown in <pre>.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import difflib
import logging
from collections.abc import Callable, Iterable
from dataclasses import replace
from html import escape

from telegram import Bot, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.conversation import fact_reply
from bot.errors import ChartError
from bot.factbase.live import ReloadResult
from bot.factbase.upload import UploadResult, apply_upload, shown_name, target_path, undo_last, upload_refusal
from bot.knowledge import LANGS, KnowledgeBase, Lang
from bot.knowledge.limits import TELEGRAM_CAPTION_CHARS, TELEGRAM_MESSAGE_CHARS, clip
from bot.knowledge.models import MAX_SLUG_CHARS
from bot.moderation.chart import render_png, status_figures
from bot.moderation.reports import feedback_text, parse_days, status_text
from bot.moderation.texts import mt
from bot.sources import SourceError, add_source_from_file, add_source_from_url, parse_request, remove_source
from bot.sources.fetch import MAX_BYTES as MAX_SOURCE_BYTES
from bot.store import FILE_WATCHER, Store, StoreUnavailable
from bot.tg.services import BotContext, moderator_language

log = logging.getLogger(__name__)

MESSAGE_LIMIT = TELEGRAM_MESSAGE_CHARS - 296  # leave room for the header, <pre> and escaping
NOT_CHANGED = "❌ Nothing changed, on disk or for readers."


# ---------------------------------------------------------------- commands


async def status(update: Update, context: BotContext) -> None:
    """Sends a chart of 30 days' questions and answers, captioned with the fact base's and the log's figures."""
    found = context.services
    lang = moderator_language(found.store, update.effective_user)
    text = await asyncio.to_thread(status_text, found.live, found.store, found.today())
    try:
        figures = await asyncio.to_thread(status_figures, found.store, lang)
        png = await asyncio.to_thread(render_png, figures)
    except (StoreUnavailable, ChartError) as exc:  # the figures matter more than the picture
        log.warning("no status chart: %s", exc)
        await _reply_pre(update, text)
        return
    message = update.effective_message
    assert message is not None
    caption = clip(f"{text}\n\n{figures.caption()}", TELEGRAM_CAPTION_CHARS - 150)  # room for <pre> and escaping
    await message.reply_photo(png, caption=f"<pre>{escape(caption)}</pre>")


async def reload(update: Update, context: BotContext) -> None:
    """Reloads the fact base from disk; if it is broken, every moderator gets the FILE:LINE list."""
    found = context.services
    result = await asyncio.to_thread(found.live.reload)
    _audit(update, context, "reload", result.describe(), result.version_before, result.version_after)
    if result.ok:
        await _reply_pre(update, result.describe())
    else:
        await notify_moderators(context.bot, found.settings.moderator_ids, reload_failure_html(result))


async def fact(update: Update, context: BotContext) -> None:
    """Shows fact ID exactly as readers see it, in German and in English; without an ID, lists the ids by ally."""
    found = context.services
    lang = moderator_language(found.store, update.effective_user)
    fact_id = " ".join(context.args or []).strip()
    index = found.live.index
    if not fact_id:
        await _reply_pre(update, fact_ids_text(index.kb, lang))
        return
    entry = index.kb.get(fact_id)
    if entry is None:  # compared and repeated only as long as an id can be: a pasted page costs nothing
        asked = fact_id[:MAX_SLUG_CHARS]
        close = difflib.get_close_matches(asked, [e.id for e in index.kb.entries], n=3, cutoff=0.4)
        hint = mt(lang, "did_you_mean", ids=", ".join(close)) if close else ""
        shown = asked if len(fact_id) <= MAX_SLUG_CHARS else asked[:-1] + "…"
        await _reply_pre(update, mt(lang, "no_fact", fact_id=shown, hint=hint))
        return
    message = update.effective_message
    assert message is not None
    for reader_lang in LANGS:
        await message.reply_html(fact_reply(index, entry, reader_lang, found.today()).html)


def fact_ids_text(kb: KnowledgeBase, lang: Lang) -> str:
    """Every fact id, one line per ally (general context first), retired ones marked."""
    lines = [mt(lang, "fact_ids", count=len(kb.entries))]
    groups = [(kb.overview_names.get(lang), None), *((a.names.get(lang), a.slug) for a in kb.allies.values())]
    for name, slug in groups:
        ids = [e.id + (f" {mt(lang, 'retired_mark')}" if e.fact.retired else "") for e in kb if e.ally == slug]
        if ids:
            lines.append(f"{name}: {', '.join(ids)}")
    return "\n".join(lines)


async def feedback(update: Update, context: BotContext) -> None:
    """Lists the facts readers rated down most, with the questions that led to them."""
    found = context.services
    days = _days(context.args, "feedback")
    if days is None:
        await _reply_pre(update, mt(moderator_language(found.store, update.effective_user), "feedback_usage"))
        return
    await _reply_pre(update, await asyncio.to_thread(feedback_text, found.store, found.live.kb, days))


async def undo(update: Update, context: BotContext) -> None:
    """Restores the previous version of FILE from the history folder (checked like an upload)."""
    found = context.services
    name = " ".join(context.args or []).strip()
    if name in found.live.kb.sources:  # a source added by mistake: its archive goes too
        await _report_change(update, context, "undo", name, await asyncio.to_thread(remove_source, found.live, name))
        return
    relative = target_path(name) if name else None
    if relative is None:
        await _reply_pre(update, mt(moderator_language(found.store, update.effective_user), "undo_usage"))
        return
    result = await asyncio.to_thread(undo_last, found.live, relative)
    await _report_change(update, context, "undo", relative, result)


async def upload(update: Update, context: BotContext) -> None:
    """Checks a moderator's YAML file as part of the whole fact base and applies it only if all is valid."""
    message = update.effective_message
    assert message is not None and message.document is not None
    document = message.document
    name = document.file_name or ""
    refusal = upload_refusal(name, document.file_size)  # before downloading: a wrong name is never fetched
    if refusal is not None:
        await _reply_pre(update, f"{NOT_CHANGED}\n{refusal}")
        return
    found = context.services
    try:
        content = bytes(await (await document.get_file()).download_as_bytearray())
    except TelegramError as exc:
        await _reply_pre(update, f"{NOT_CHANGED}\nTelegram did not hand over {shown_name(name)} "
                                 f"({type(exc).__name__}); send it again in a moment.")
        return
    now = dt.datetime.now(dt.UTC)
    result = await asyncio.to_thread(apply_upload, found.live, name, content, now=now)
    await _report_change(update, context, "upload", name, result)


async def add_source(update: Update, context: BotContext) -> None:
    """Archives the article at the link a moderator sent (details the page lacks on the lines below) and says so."""
    message = update.effective_message
    assert message is not None
    found = context.services
    try:
        address, details = parse_request(message.text or "")
    except SourceError as exc:
        await _report_change(update, context, "source", "", _not_added(found.live.kb.version, exc.message))
        return
    assert address is not None  # the handler's filter: the message starts with an address
    result = await asyncio.to_thread(add_source_from_url, found.live, address, details,
                                     reachable=found.settings.fetch_reachable)
    await _report_change(update, context, "source", address, result)


async def add_source_file(update: Update, context: BotContext) -> None:
    """Archives a saved page (.html) or an article's text (.txt); the caption may give the details."""
    message = update.effective_message
    assert message is not None and message.document is not None
    found = context.services
    name = message.document.file_name or ""
    size = message.document.file_size
    try:
        if size is not None and size > MAX_SOURCE_BYTES:
            raise SourceError(f"{shown_name(name)} is {size:,} bytes; the limit is {MAX_SOURCE_BYTES:,}")
        address, details = parse_request(message.caption or "")
        if address is not None and details.url is None:
            details = replace(details, url=address)
    except SourceError as exc:
        await _report_change(update, context, "source", name, _not_added(found.live.kb.version, exc.message))
        return
    try:
        content = bytes(await (await message.document.get_file()).download_as_bytearray())
    except TelegramError as exc:
        refusal = _not_added(found.live.kb.version, f"Telegram did not hand over {shown_name(name)} "
                                                    f"({type(exc).__name__}); send it again in a moment.")
        await _report_change(update, context, "source", name, refusal)
        return
    result = await asyncio.to_thread(add_source_from_file, found.live, name, content, details)
    await _report_change(update, context, "source", name, result)


def _not_added(version: str, message: str) -> UploadResult:
    return UploadResult(False, message, version, version)


# ---------------------------------------------------------------- alerts


async def notify_moderators(bot: Bot, moderator_ids: Iterable[int], html: str) -> None:
    """Sends `html` privately to every moderator; one who never opened a chat with the bot is skipped."""
    for moderator in sorted(moderator_ids):
        try:
            await bot.send_message(moderator, html, parse_mode=ParseMode.HTML)
        except TelegramError as exc:
            log.warning("could not alert moderator %s: %s", moderator, exc)


def reload_failure_html(result: ReloadResult) -> str:
    problems = result.report.render() if result.report is not None else ""
    return (
        f"⚠️ <b>The fact base was not reloaded.</b> Readers still get version {escape(result.version_before)}.\n"
        f"<pre>{escape(clip(problems, MESSAGE_LIMIT))}</pre>"
    )




class ReloadAlerts:
    """After each reload by the file watcher: audits it, and tells moderators when the fact base breaks (once),
    is fixed, or lost facts (a file deleted or emptied on disk goes live like any edit, but never silently)."""

    def __init__(self, bot: Bot, moderator_ids: Iterable[int], store: Store) -> None:
        self.bot = bot
        self.moderator_ids = frozenset(moderator_ids)
        self.store = store
        self._last_problems: str | None = None

    async def __call__(self, result: ReloadResult) -> None:
        self.store.audit(FILE_WATCHER, "reload (file changed on disk)", result.describe(), result.version_before,
                         result.version_after)
        if result.ok and result.removed:
            await notify_moderators(self.bot, self.moderator_ids, removed_facts_html(result))
        if result.ok:
            if self._last_problems is not None:  # the fix is live: say so to those who were alerted
                self._last_problems = None
                html = f"✅ The fact base loads again; readers now get version {escape(result.version_after)}."
                await notify_moderators(self.bot, self.moderator_ids, html)
            return
        problems = result.report.render() if result.report is not None else ""
        if problems == self._last_problems:  # an editor saving the same broken file twice
            return
        self._last_problems = problems
        await notify_moderators(self.bot, self.moderator_ids, reload_failure_html(result))


def removed_facts_html(result: ReloadResult) -> str:
    ids = ", ".join(result.removed)
    return (f"⚠️ <b>A change on disk removed {len(result.removed)} fact(s)</b>; readers can no longer get: "
            f"{escape(clip(ids, 1500))}. Now serving version {escape(result.version_after)}. If this was a mistake, "
            "put the file back (from git, or its copy in knowledge/.history/) and it is live again within seconds.")


def store_degraded_alert(
    bot: Bot, moderator_ids: Iterable[int], loop: asyncio.AbstractEventLoop
) -> Callable[[str], None]:
    """`Store.on_degraded`: called from the store's writer thread, so it hands the alert to the event loop."""
    ids = frozenset(moderator_ids)

    def alert(reason: str) -> None:
        html = f"⚠️ <b>Questions are no longer being logged</b> (readers still get answers): {escape(reason)}"
        asyncio.run_coroutine_threadsafe(notify_moderators(bot, ids, html), loop)

    return alert


# ---------------------------------------------------------------- helpers



async def _reply_pre(update: Update, text: str) -> None:
    message = update.effective_message
    assert message is not None
    await message.reply_html(f"<pre>{escape(clip(text.strip() or '(nothing)', MESSAGE_LIMIT))}</pre>")


async def _report_change(
    update: Update, context: BotContext, action: str, name: str, result: UploadResult
) -> None:
    if result.version_before != result.version_after:
        _audit(update, context, action, f"{name}: {result.message}", result.version_before, result.version_after)
    lang = moderator_language(context.services.store, update.effective_user)
    head = mt(lang, "changed" if result.ok else "unchanged")
    await _reply_pre(update, f"{head}\n{result.message}")


def _audit(
    update: Update, context: BotContext, action: str, detail: str, before: str, after: str
) -> None:
    if update.effective_user is not None:
        context.services.store.audit(update.effective_user.id, action, detail, before, after)


def _days(args: list[str] | None, kind: str) -> int | None:
    """The optional [days] argument of /unanswered or /feedback, as `allybot report` reads it."""
    return parse_days(args[0] if args else None, kind)
