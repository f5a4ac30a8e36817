"""What moderators see and tap to teach and review facts: pure, like bot.conversation for readers.

Buttons carry `Action("teach" | "review", lang, target)`. A target is one letter saying what to do and
fixed-width parts: 8-hex-digit refs of fact ids and question texts (`ref`), dates as YYYYMMDD, so it
stays far below Telegram's 64 bytes whatever the ids are, and a fact base that changed since the button
was sent is noticed (the ref no longer resolves) instead of acting on the wrong fact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape

from bot.answers import fact_html
from bot.conversation import Action, Button, Reply, suggestion_label
from bot.knowledge import Entry, KnowledgeBase, Lang
from bot.matching import Index, match
from bot.moderation.texts import mt
from bot.store.decisions import REF_CHARS, question_ref
from bot.store.reads import LOW_CONFIDENCE, UnansweredGroup

NO_REF = "-" * REF_CHARS
TEACH_OPTIONS = 3
TEACH_CARDS = 5  # groups shown with buttons; the text report above lists them all
STALE_BUTTONS = 30
LISTED = 60  # lines in a list message: Telegram's 4,096 characters
REPLACEMENTS = 8
QUESTION_SHOWN = 120


ref = question_ref
"""A short, stable name for a fact id or a question text."""


def find_fact(kb: KnowledgeBase, fact_ref: str) -> Entry | None:
    """The fact whose id has this ref; None if none does (the fact base changed) or, improbably, two do."""
    found = [entry for entry in kb if ref(entry.id) == fact_ref]
    return found[0] if len(found) == 1 else None


def parts(target: str, *widths: int) -> list[str] | None:
    """`target` without its letter, cut into parts of these widths; None if it is not exactly that long."""
    rest = target[1:]
    if len(rest) != sum(widths):
        return None
    cut, start = [], 0
    for width in widths:
        cut.append(rest[start:start + width])
        start += width
    return cut


def date_part(value: dt.date | None) -> str:
    return value.strftime("%Y%m%d") if value else NO_REF


def parse_date(text: str) -> dt.date | None:
    """The inverse of `date_part`; raises ValueError on anything else."""
    return None if text == NO_REF else dt.datetime.strptime(text, "%Y%m%d").date()


# ---------------------------------------------------------------- teaching from /unanswered


@dataclass(frozen=True)
class TeachItem:
    """An unanswered group still open, with the facts it most likely belongs to."""

    group: UnansweredGroup
    options: tuple[Entry, ...]


def open_groups(groups: Iterable[UnansweredGroup], index: Index, dismissed: set[str]) -> list[TeachItem]:
    """Groups a moderator has not set aside and the bot still cannot answer (a taught one drops out)."""
    items = []
    for group in groups:
        if group.question in dismissed or dismissed.intersection(group.examples):
            continue
        result = match(index, group.question)
        if result.kind == "answer" and result.score >= LOW_CONFIDENCE:
            continue
        closest = index.kb.get(group.closest or "")
        ranked = [closest] if closest is not None else []
        ranked += [entry for entry, _ in result.ranked]
        options: list[Entry] = []
        for entry in ranked:  # teach the version readers get: an overtaken fact's newest, never a retired one
            current = index.kb.newest(entry)
            if not current.fact.retired and current not in options:
                options.append(current)
        items.append(TeachItem(group, tuple(options[:TEACH_OPTIONS])))
    return items


def teach_card(index: Index, item: TeachItem, lang: Lang) -> Reply:
    """One group: the question, how often, other wordings, and a button per likely fact plus 'no fact'."""
    group = item.group
    lines = [mt(lang, "teach_head", count=group.count, question=_short(group.question))]
    if group.examples:
        lines.append(mt(lang, "teach_also", examples="; ".join(_short(q) for q in group.examples)))
    lines.append(mt(lang, "teach_hint"))
    question = ref(group.question)
    rows = [(Button(mt(lang, "teach_button", label=suggestion_label(index, entry, lang)),
                    Action("teach", lang, f"a{question}{ref(entry.id)}")),) for entry in item.options]
    rows.append((Button(mt(lang, "dismiss_button"), Action("teach", lang, f"n{question}")),))
    text = "\n".join(lines)
    return Reply(lang, text, escape(text), tuple(rows))


def taught_reply(entry: Entry, question: str, lang: Lang, fact_lang: Lang, *, undone: bool = False) -> Reply:
    """After a tap: what was learnt (or taken back), where, with the way back."""
    where = f"{entry.file}:{entry.line}"
    if undone:
        text = mt(lang, "untaught", question=question, fact_id=entry.id, file=where)
        return Reply(lang, text, escape(text))
    text = mt(lang, "taught", question=question, language=fact_lang, fact_id=entry.id,
              topic=entry.fact.topic.get(lang), file=where)
    undo = Action("teach", lang, f"u{ref(entry.id)}{fact_lang}{ref(question)}")
    return Reply(lang, text, escape(text), ((Button(mt(lang, "undo_button"), undo),),))


def dismissed_reply(question: str, lang: Lang, *, undone: bool = False) -> Reply:
    text = mt(lang, "undismissed" if undone else "dismissed", question=question)
    buttons = () if undone else ((Button(mt(lang, "undo_button"), Action("teach", lang, f"r{ref(question)}")),),)
    return Reply(lang, text, escape(text), buttons)


# ---------------------------------------------------------------- reviewing from /stale


def stale_reply(kb: KnowledgeBase, today: dt.date, lang: Lang) -> Reply:
    """The facts past their review date, oldest first, each a button that opens its review card."""
    stale = sorted((e for e in kb if e.needs_review(today)),
                   key=lambda e: (e.fact.review_after, e.file, e.line))
    if not stale:
        text = mt(lang, "stale_none", today=today)
        return Reply(lang, text, escape(text))
    return _fact_list(mt(lang, "stale_head", count=len(stale), today=today), stale, lang,
                      lambda e: f"{e.file}:{e.line}: {e.id}, review after {e.fact.review_after}")


def retired_reply(kb: KnowledgeBase, lang: Lang) -> Reply:
    """`/stale retired`: the facts kept for the record only."""
    retired = kb.retired()
    if not retired:
        text = mt(lang, "retired_none")
        return Reply(lang, text, escape(text))
    return _fact_list(mt(lang, "retired_head", count=len(retired)), retired, lang,
                      lambda e: f"{e.file}:{e.line}: {e.id} ({e.fact.topic.get(lang)})")


def review_card(kb: KnowledgeBase, entry: Entry, lang: Lang, today: dt.date) -> Reply:
    """The fact as readers see it, under where it is written and its review state, with the review buttons."""
    fact = entry.fact
    head = [mt(lang, "review_head", fact_id=entry.id, file=entry.file, line=entry.line)]
    dates = mt(lang, "review_dates", as_of=fact.as_of, review_after=fact.review_after)
    if fact.reviewed_on is not None:
        dates += mt(lang, "review_reviewed", reviewed_on=fact.reviewed_on)
    head.append(dates)
    if fact.superseded_by:
        head.append(mt(lang, "review_superseded", newer=fact.superseded_by))
    fact_ref = ref(entry.id)
    if fact.retired:
        head.append(mt(lang, "review_retired"))
        rows: tuple[tuple[Button, ...], ...] = (
            (Button(mt(lang, "unretire_button"), Action("review", lang, f"a{fact_ref}")),),)
    else:
        rows = ((Button(mt(lang, "still_true_button"), Action("review", lang, f"k{fact_ref}")),
                 Button(mt(lang, "retire_button"), Action("review", lang, f"x{fact_ref}"))),
                (Button(mt(lang, "replace_button"), Action("review", lang, f"m{fact_ref}")),))
    text = "\n".join(head)
    html = f"<b>{escape(head[0])}</b>\n" + "\n".join(escape(line) for line in head[1:])
    return Reply(lang, text, f"{html}\n\n{fact_html(entry, lang, today)}", rows, entry=entry)


def replacement_menu(index: Index, entry: Entry, lang: Lang) -> Reply:
    """The facts that could replace `entry`: readers get them; the same ally's and the newest first."""
    candidates = sorted((e for e in index.kb if e.id != entry.id and not e.fact.retired),
                        key=lambda e: (e.ally != entry.ally, -e.fact.as_of.toordinal(), e.file, e.line))
    back = (Button(mt(lang, "back_button"), Action("review", lang, f"o{ref(entry.id)}")),)
    if not candidates:
        text = mt(lang, "replace_none")
        return Reply(lang, text, escape(text), (back,))
    rows = [(Button(f"{suggestion_label(index, e, lang)} ({e.fact.as_of})",
                    Action("review", lang, f"s{ref(entry.id)}{ref(e.id)}")),) for e in candidates[:REPLACEMENTS]]
    text = mt(lang, "replace_head", fact_id=entry.id)
    return Reply(lang, text, escape(text), (*rows, back))


def reviewed_reply(text: str, lang: Lang, undo: Action | None) -> Reply:
    """After a review action: what changed, and a button that puts it back."""
    buttons = ((Button(mt(lang, "undo_button"), undo),),) if undo else ()
    return Reply(lang, text, escape(text), buttons)


def _fact_list(head: str, entries: Sequence[Entry], lang: Lang, line: Callable[[Entry], str]) -> Reply:
    lines = [head, *(line(e) for e in entries[:LISTED])]
    if len(entries) > LISTED:
        lines.append(f"…{len(entries) - LISTED}")
    rows = [(Button(e.id, Action("review", lang, f"o{ref(e.id)}")),) for e in entries[:STALE_BUTTONS]]
    text = "\n".join(lines)
    return Reply(lang, text, f"<pre>{escape(text)}</pre>", tuple(rows))


def _short(question: str) -> str:
    question = " ".join(question.split())
    return question if len(question) <= QUESTION_SHOWN else question[:QUESTION_SHOWN - 1] + "…"
