"""Moderators keep facts current without a checkout: teach a question, confirm, retire or supersede a fact.

Each change edits the fact's own YAML file at the lines concerned (`bot.factbase.factedit`) and then
goes through the upload's write path: the whole fact base checked, the old file kept in
knowledge/.history, written atomically, reloaded. Each returns what it replaced, so it can be undone
exactly, without also undoing someone else's change to the same file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from bot.errors import EditError
from bot.factbase.factedit import add_question, remove_question, set_fields
from bot.factbase.live import LiveKnowledge
from bot.factbase.upload import CHANGE_LOCK, UploadResult, replace_file
from bot.knowledge import Fact, Lang
from bot.knowledge.validate import question_key
from bot.matching import MAX_QUESTION_CHARS, match

REVIEW_FIELDS = ("reviewed_on", "review_after", "superseded_by", "retired")
MIN_REVIEW_DAYS = 30
MAX_REVIEW_DAYS = 365
MAX_TAUGHT_CHARS = 200  # a question variant is a question, not a paragraph

Values = Mapping[str, object | None]
QuestionEdit = Callable[[str, str, str, str, str], str]  # add_question or remove_question


@dataclass(frozen=True)
class FactChange:
    """What one action did to one fact, and the values it replaced (None: the field was absent)."""

    result: UploadResult
    fact_id: str
    previous: Values = field(default_factory=dict)
    question: str | None = None  # taught or untaught
    lang: Lang | None = None

    @property
    def ok(self) -> bool:
        return self.result.ok


def next_review(fact: Fact, today: dt.date) -> dt.date:
    """The fact keeps the review interval its editor chose (from as_of or the last review), within bounds."""
    since = fact.reviewed_on or fact.as_of
    days = max(MIN_REVIEW_DAYS, min(MAX_REVIEW_DAYS, (fact.review_after - since).days))
    return today + dt.timedelta(days=days)


def confirm(live: LiveKnowledge, fact_id: str, today: dt.date, *, now: dt.datetime | None = None) -> FactChange:
    """ "Still true": reviewed today, next review after the fact's usual interval."""

    def values(fact: Fact) -> Values | str:
        if fact.retired:
            return f"fact {fact_id} is retired; answer it again before confirming it"
        return {"reviewed_on": today, "review_after": next_review(fact, today)}

    return update_fact(live, fact_id, values, now=now)


def retire(live: LiveKnowledge, fact_id: str, *, now: dt.datetime | None = None) -> FactChange:
    """The fact stays in its file, marked retired: never answered, listed by `/stale retired`."""

    def values(fact: Fact) -> Values | str:
        others = [e.id for e in live.kb if e.fact.superseded_by == fact_id and not e.fact.retired]
        if others:
            return (f"fact {fact_id} is named as the newer fact by {', '.join(others)}; "
                    "retire or change those first")
        return {"retired": True}

    return update_fact(live, fact_id, values, now=now)


def unretire(live: LiveKnowledge, fact_id: str, *, now: dt.datetime | None = None) -> FactChange:
    """Readers get the fact again."""
    return update_fact(live, fact_id, lambda fact: {"retired": None}, now=now)


def supersede(live: LiveKnowledge, fact_id: str, newer_id: str, *, now: dt.datetime | None = None) -> FactChange:
    """Name the newer fact that overtakes this one (`superseded_by`)."""
    newer = live.kb.get(newer_id)

    def values(fact: Fact) -> Values | str:
        if newer is None or newer.fact.retired or newer_id == fact_id:
            return f"{newer_id!r} is not a fact readers get, so it cannot replace {fact_id}"
        return {"superseded_by": newer_id}

    return update_fact(live, fact_id, values, now=now)


def restore(live: LiveKnowledge, fact_id: str, previous: Values, *, now: dt.datetime | None = None) -> FactChange:
    """Undo a review: put back the values it replaced."""
    unknown = set(previous) - set(REVIEW_FIELDS)
    if unknown:
        raise ValueError(f"not review fields: {sorted(unknown)}")
    return update_fact(live, fact_id, lambda fact: previous, now=now)


def update_fact(
    live: LiveKnowledge, fact_id: str, values: Callable[[Fact], Values | str], *, now: dt.datetime | None = None
) -> FactChange:
    """Set some of a fact's fields (a string from `values` refuses, saying why); nothing else in its file changes."""
    with CHANGE_LOCK:  # the fact read here is the one the edit changes
        entry = live.kb.get(fact_id)
        if entry is None:
            return FactChange(_refused(live, f"there is no fact with id {fact_id!r}"), fact_id)
        wanted = values(entry.fact)
        if isinstance(wanted, str):
            return FactChange(_refused(live, wanted), fact_id)
        previous = {key: _stored(getattr(entry.fact, key)) for key in wanted}
        result = _edit(live, entry.file, lambda text: set_fields(text, entry.file, fact_id, wanted), now)
        return FactChange(result, fact_id, previous)


def teach(
    live: LiveKnowledge, fact_id: str, question: str, lang: Lang | None = None, *, now: dt.datetime | None = None
) -> FactChange:
    """Add a reader's question as a variant of the fact, so the bot answers it with that fact from now on."""
    question = " ".join(question.split())
    lang = lang or match(live.index, question).lang
    problem = _unteachable(live, fact_id, question, lang)
    if problem is not None:
        return FactChange(_refused(live, problem), fact_id, question=question, lang=lang)
    return _change_question(live, fact_id, question, lang, add_question, now)


def untaught(
    live: LiveKnowledge, fact_id: str, question: str, lang: Lang, *, now: dt.datetime | None = None
) -> FactChange:
    """Undo `teach`: remove that question variant again."""
    return _change_question(live, fact_id, question, lang, remove_question, now)


def _change_question(
    live: LiveKnowledge, fact_id: str, question: str, lang: Lang, edit: QuestionEdit, now: dt.datetime | None
) -> FactChange:
    """Add or remove one question variant; the fact is looked up under the lock, so it is the one edited."""
    with CHANGE_LOCK:
        entry = live.kb.get(fact_id)
        if entry is None:
            return FactChange(_refused(live, f"there is no fact with id {fact_id!r}"), fact_id)
        result = _edit(live, entry.file, lambda text: edit(text, entry.file, fact_id, lang, question), now)
        return FactChange(result, fact_id, question=question, lang=lang)


def _unteachable(live: LiveKnowledge, fact_id: str, question: str, lang: Lang) -> str | None:
    entry = live.kb.get(fact_id)
    if entry is None:
        return f"there is no fact with id {fact_id!r}"
    if entry.fact.retired:
        return f"fact {fact_id} is retired; readers never get it, so teaching it a question would not help"
    if not question:
        return "the question is empty"
    if len(question) > min(MAX_TAUGHT_CHARS, MAX_QUESTION_CHARS):
        return f"the question is {len(question)} characters; a question variant may have at most {MAX_TAUGHT_CHARS}"
    if question in entry.fact.questions.get(lang):
        return f"fact {fact_id} already has the question {question!r}"
    key = question_key(question)
    owner = next((other for other in live.kb for variants in (other.fact.questions.de, other.fact.questions.en)
                  if any(question_key(variant) == key for variant in variants)), None)
    if owner is not None:
        return (f"{question!r} is already a question of fact {owner.id} ({owner.file}:{owner.line}); a question "
                f"leads to one fact: remove it there first if it belongs to {fact_id}")
    return None


def _edit(live: LiveKnowledge, rel: str, edit: Callable[[str], str], now: dt.datetime | None) -> UploadResult:
    """Apply `edit` to the file's current text and save it through the upload's checked write path."""
    try:
        text = (live.directory / rel).read_text(encoding="utf-8")
        changed = edit(text)
    except EditError as exc:
        return _refused(live, exc.message, rel)
    except (OSError, UnicodeDecodeError) as exc:
        return _refused(live, f"{rel} could not be read: {type(exc).__name__}", rel)
    return replace_file(live, rel, changed.encode("utf-8"), now or dt.datetime.now(dt.UTC), undo=False)


def _stored(value: object) -> object | None:
    """A field's value as the file holds it: `retired: false` is the same as no `retired` line."""
    return None if value is False else value


def _refused(live: LiveKnowledge, message: str, rel: str | None = None) -> UploadResult:
    version = live.kb.version
    return UploadResult(False, message, version, version, rel)
