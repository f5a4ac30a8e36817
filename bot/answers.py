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
    quote_label = t(lang, "quote_marker") if lang != source.language else ""
    title = f"<b>{e(fact.topic.get(lang))}</b>" if html else fact.topic.get(lang).upper()
    lines = [title, e(fact.answer.get(lang)), ""]
    if html:
        if quote_label:
            lines.append(f"<i>{e(quote_label)} ({e(source.language.upper())}):</i>")
        lines.append(f"<blockquote>{e(fact.quote)}</blockquote>")
        link = f'<a href="{e(source.url, quote=True)}">{e(source.publisher)}: {e(source.title)}</a>'
        lines.append(f"{t(lang, 'source')}: {link} ({e(format_date(source.published, lang))})")
    else:
        lines.append(f"{quote_label} ({source.language.upper()}):" if quote_label else "")
        lines.append(f"„{fact.quote}“" if lang == "de" else f"“{fact.quote}”")
        lines.append(f"{t(lang, 'source')}: {source.publisher}: {source.title} ({format_date(source.published, lang)})")
        lines.append(source.url)
    original = source.translated_from
    if original and original.language == lang:
        if html:
            lines.append(f'{e(t(lang, "original"))}: <a href="{e(original.url, quote=True)}">'
                         f"{e(original.publisher)}: {e(original.title)}</a>")
        else:
            lines.append(f"{t(lang, 'original')}: {original.publisher}: {original.title}\n{original.url}")
    as_of = format_date(fact.as_of.isoformat(), lang)
    lines.append(f"{t(lang, 'as_of')}: {as_of}")
    if entry.is_stale(today):
        lines.append(e(t(lang, "stale", date=as_of)))
    elif fact.reviewed_on is not None:  # an editor confirmed it: say when, instead of a warning
        lines.append(e(t(lang, "reviewed", date=format_date(fact.reviewed_on.isoformat(), lang))))
    return [line for line in lines if line is not None]


def fact_html(entry: Entry, lang: Lang, today: dt.date) -> str:
    """The answer card in Telegram HTML: answer, quote as a blockquote, source link, 'as of' date."""
    return "\n".join(_lines(entry, lang, today, html=True)).replace("\n\n\n", "\n\n")


def fact_text(entry: Entry, lang: Lang, today: dt.date) -> str:
    """The same card as plain text, for the terminal and `allybot ask`."""
    lines = _lines(entry, lang, today, html=False)
    return "\n".join(line for i, line in enumerate(lines) if line or i == 2)


def source_json(entry: Entry) -> dict[str, str]:
    """The `source` object of `allybot ask --json`."""
    source = entry.source
    return {
        "publisher": source.publisher,
        "title": source.title,
        "url": source.url,
        "published": source.published,
        "quote": entry.fact.quote,
    }
