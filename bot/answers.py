"""A fact in a language, as a reader sees it: plain text for the terminal, HTML for Telegram (pure).

Every piece of fact and reader text goes through `html.escape` here, so no handler ever builds HTML.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from bot.knowledge.base import Entry
from bot.knowledge.models import Lang
from bot.texts import format_date, t

TELEGRAM_TEXT_LIMIT = 4096


def _verbatim(text: str, quote: bool = True) -> str:
    return text


def _lines(entry: Entry, lang: Lang, today: dt.date, html: bool) -> list[str]:
    fact, source = entry.fact, entry.source
    e = escape if html else _verbatim
    title = f"<b>{e(fact.topic.get(lang))}</b>" if html else fact.topic.get(lang).upper()
    lines = [title, e(fact.answer.get(lang)), ""]
    original = source.translated_from if source.translated_from and source.translated_from.language == lang else None
    if lang != source.language:  # say plainly why the quote is in another language
        label = t(lang, "quote_from_edition" if original else "quote_in_language")
        lines.append(f"<i>{e(label)}</i>" if html else label)
    if html:
        lines.append(f"<blockquote>{e(fact.quote)}</blockquote>")
        link = f'<a href="{e(source.url, quote=True)}">{e(source.publisher)}: {e(source.title)}</a>'
        lines.append(f"{t(lang, 'source')}: {link} ({e(format_date(source.published, lang))})")
    else:
        lines.append(f"„{fact.quote}“" if lang == "de" else f"“{fact.quote}”")
        lines.append(f"{t(lang, 'source')}: {source.publisher}: {source.title} ({format_date(source.published, lang)})")
        lines.append(source.url)
    if original:
        published = format_date(original.published.isoformat(), lang)
        if html:
            lines.append(f'{e(t(lang, "original"))}: <a href="{e(original.url, quote=True)}">'
                         f"{e(original.publisher)}: {e(original.title)}</a> ({e(published)})")
        else:
            lines.append(f"{t(lang, 'original')}: {original.publisher}: {original.title} ({published})\n{original.url}")
    as_of = format_date(fact.as_of.isoformat(), lang)
    lines.append(e(t(lang, "as_of_stale" if entry.is_stale(today) else "as_of", date=as_of)))  # one date line
    return lines


def fact_html(entry: Entry, lang: Lang, today: dt.date) -> str:
    """The answer card in Telegram HTML: answer, quote as a blockquote, source link, 'as of' date."""
    return "\n".join(_lines(entry, lang, today, html=True))


def fact_text(entry: Entry, lang: Lang, today: dt.date) -> str:
    """The same card as plain text, for the terminal and `allybot ask`."""
    return "\n".join(_lines(entry, lang, today, html=False))


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
