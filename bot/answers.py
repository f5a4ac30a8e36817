"""A fact in a language, as a reader sees it: plain text for the terminal, HTML for Telegram (pure).

Every piece of fact and reader text goes through `html.escape` here, so no handler ever builds HTML.
A card says when its fact held ("Stand: Dezember 2024"), in which language its quote is (quotes are
never translated), and, for a fact a newer one overtook, that it is history and what is newer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from bot import timeline
from bot.knowledge.base import Entry, KnowledgeBase
from bot.knowledge.models import Lang
from bot.texts import format_date, quote_language, t


def _verbatim(text: str, quote: bool = True) -> str:
    return text


def _lines(
    entry: Entry, lang: Lang, today: dt.date, html: bool, kb: KnowledgeBase | None, asked: timeline.TimeAsked | None
) -> list[str]:
    fact = entry.fact
    e: Callable[..., str] = escape if html else _verbatim
    newer = kb.newer(entry) if kb is not None else None
    lines = [f"<b>{e(fact.topic.get(lang))}</b>" if html else fact.topic.get(lang).upper()]
    if newer is not None:
        lines.append(e(_superseded_note(entry, newer, lang)))
    note = timeline.time_note(entry, asked, kb, lang) if kb is not None else None
    if note:
        lines.append(e(note))
    lines.append(e(fact.answer.get(lang)))
    if kb is not None:
        lines += [e(line) for line in _changes(kb, entry, lang)]
    lines.append("")
    lines += quote_and_source(entry, lang, html)
    lines.append(e(_date_line(entry, lang, today, overtaken=newer is not None)))
    return lines


def _date_line(entry: Entry, lang: Lang, today: dt.date, *, overtaken: bool) -> str:
    """The card's one date line: as of when, and whether it may have changed or an editor checked it since."""
    date = timeline.as_of_label(entry, lang)
    if entry.is_stale(today) and not overtaken:  # an overtaken fact says so above, more precisely
        return t(lang, "as_of_stale", date=date)
    reviewed = entry.fact.reviewed_on
    if reviewed is not None:
        return t(lang, "as_of_reviewed", date=date, reviewed=format_date(reviewed.isoformat(), lang))
    return t(lang, "as_of", date=date)


def _superseded_note(entry: Entry, newer: Entry, lang: Lang) -> str:
    key = "superseded_year" if timeline.precision_of(entry.source.published) == 1 else "superseded"
    return t(lang, key, when=timeline.as_of_label(entry, lang), topic=newer.fact.topic.get(lang),
             newer=timeline.as_of_label(newer, lang))


def _changes(kb: KnowledgeBase, entry: Entry, lang: Lang) -> list[str]:
    """Under an overview fact that lists allies: which of them changed since, with the newer facts' topics."""
    changes = timeline.changes_since(kb, entry)
    if not changes:
        return []
    lines = [t(lang, "changed_since", when=timeline.as_of_label(entry, lang))]
    for slug, facts in changes:
        topics = ", ".join(f"{e.fact.topic.get(lang)} ({timeline.as_of_label(e, lang)})" for e in facts)
        lines.append(f"• {kb.allies[slug].names.get(lang)}: {topics}")
    return lines


def quote_and_source(entry: Entry, lang: Lang, html: bool) -> list[str]:
    """The card's quote and source lines (and the original edition's), also what 'quelle?' is shown."""
    fact, source = entry.fact, entry.source
    e: Callable[..., str] = escape if html else _verbatim
    lines = []
    original = source.translated_from if source.translated_from and source.translated_from.language == lang else None
    if original or source.language != lang:  # say plainly why the quote is in another language
        label = t(lang, "quote_from_edition") if original else f"{quote_language(source.language, lang)}:"
        lines.append(f"<i>{e(label)}</i>" if html else label)
    published = format_date(source.published, lang)
    dated = f"{source.author}, {published}" if source.author else published
    if html:
        lines.append(f"<blockquote>{e(fact.quote)}</blockquote>")
        link = f'<a href="{e(source.url, quote=True)}">{e(source.publisher)}: {e(source.title)}</a>'
        lines.append(f"{t(lang, 'source')}: {link} ({e(dated)})")
    else:
        lines.append(f"„{fact.quote}“" if lang == "de" else f"“{fact.quote}”")
        lines.append(f"{t(lang, 'source')}: {source.publisher}: {source.title} ({dated})")
        lines.append(source.url)
    if original:
        published = format_date(original.published.isoformat(), lang)
        if html:
            lines.append(f'{e(t(lang, "original"))}: <a href="{e(original.url, quote=True)}">'
                         f"{e(original.publisher)}: {e(original.title)}</a> ({e(published)})")
        else:
            lines.append(f"{t(lang, 'original')}: {original.publisher}: {original.title} ({published})\n{original.url}")
    return lines


def fact_html(
    entry: Entry, lang: Lang, today: dt.date, kb: KnowledgeBase | None = None,
    asked: timeline.TimeAsked | None = None,
) -> str:
    """The answer card in Telegram HTML: answer, quote as a blockquote, source link, 'as of' date.
    With `kb`, it also says what overtook the fact and what changed since; `asked` is the time the
    question named."""
    return "\n".join(_lines(entry, lang, today, True, kb, asked)).replace("\n\n\n", "\n\n")


def fact_text(
    entry: Entry, lang: Lang, today: dt.date, kb: KnowledgeBase | None = None,
    asked: timeline.TimeAsked | None = None,
) -> str:
    """The same card as plain text, for the terminal and `allybot ask`."""
    return "\n".join(_lines(entry, lang, today, False, kb, asked))


def source_json(entry: Entry) -> dict[str, str]:
    """The `source` object of `allybot ask --json`."""
    source = entry.source
    return {
        "publisher": source.publisher,
        "title": source.title,
        "url": source.url,
        "published": source.published,
        "language": source.language,
        "quote": entry.fact.quote,
    }
