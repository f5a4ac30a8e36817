"""Typed shape of the fact base: what an editor writes in YAML, checked once at load time."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from bot.knowledge.languages import ISO_639_1
from bot.knowledge.limits import (
    MAX_ANSWER_CHARS,
    MAX_LABEL_CHARS,
    MAX_QUESTION_CHARS,
    MAX_QUOTE_CHARS,
    MAX_TITLE_CHARS,
    MAX_TOPIC_CHARS,
    MAX_URL_CHARS,
)

Lang = Literal["de", "en"]
"""A language readers ask and are answered in."""
LANGS: tuple[Lang, ...] = ("de", "en")


def reader_lang(code: str) -> Lang | None:
    """`code` as a readers' language, or None for a language the bot does not answer in."""
    return "de" if code == "de" else "en" if code == "en" else None

SLUG_PATTERN = r"[a-z0-9]+(-[a-z0-9]+)*"  # lowercase ASCII words joined by '-': ids, and ally file names
MAX_SLUG_CHARS = 48  # ids and ally file names: longer is never a slug, so no longer text is worth comparing
Slug = Annotated[str, StringConstraints(pattern=rf"^{SLUG_PATTERN}$", max_length=MAX_SLUG_CHARS)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _text(max_length: int) -> StringConstraints:
    """A non-empty text of at most `max_length` characters (see `bot.knowledge.limits` for why each)."""
    return StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)


Label = Annotated[str, _text(MAX_LABEL_CHARS)]
Title = Annotated[str, _text(MAX_TITLE_CHARS)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://", max_length=MAX_URL_CHARS)]


def _iso_date_only(value: object) -> object:
    """YAML gives dates as `date`; quoted ISO text is fine too, but numbers must not become timestamps."""
    if isinstance(value, dt.datetime):
        raise ValueError("write a date without a time")
    if isinstance(value, (dt.date, str)):
        return value
    raise ValueError("not a date")


Date = Annotated[dt.date, BeforeValidator(_iso_date_only)]


def _iso_639_1(code: str) -> str:
    """Sources may be in any language, but a code nobody can read back is a typo."""
    if code not in ISO_639_1:
        raise ValueError("not an ISO 639-1 language code")
    return code


LanguageCode = Annotated[
    str, StringConstraints(pattern=r"^[a-z]{2}$"), AfterValidator(_iso_639_1),
    Field(description="Two-letter ISO 639-1 code of the text's language, e.g. 'de', 'en', 'fr', 'ru'."),
]
"""The language of an article: any ISO 639-1 code, not only the readers' two."""


def _real_partial_date(value: str) -> str:
    """'2024-13' matches the pattern but is no month; a source's date must be one a reader could look up."""
    parts = [int(part) for part in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise ValueError("not a real date") from exc
    return value


PublishedDate = Annotated[
    str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"), AfterValidator(_real_partial_date),
    Field(description="As precise as the source gives it: YYYY-MM-DD, YYYY-MM or YYYY."),
]


class _Strict(BaseModel):
    """Unknown keys are typos an editor wants to hear about, so they are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(_Strict):
    """One text in German and in English; both are required because readers ask in both."""

    de: Text
    en: Text

    def get(self, lang: Lang) -> str:
        return self.de if lang == "de" else self.en


class Name(Localized):
    """An ally's or the overview's display name, shown on buttons."""

    de: Label
    en: Label


class Topic(Localized):
    """A fact's short label, shown on buttons and as the card's title."""

    de: Annotated[str, _text(MAX_TOPIC_CHARS)]
    en: Annotated[str, _text(MAX_TOPIC_CHARS)]


class Answer(Localized):
    """A fact's answer in the editor's own words."""

    de: Annotated[str, _text(MAX_ANSWER_CHARS)]
    en: Annotated[str, _text(MAX_ANSWER_CHARS)]


class QuestionVariants(_Strict):
    """How readers would ask for a fact, in their own words, per language."""

    de: list[Annotated[str, _text(MAX_QUESTION_CHARS)]] = Field(min_length=4)
    en: list[Annotated[str, _text(MAX_QUESTION_CHARS)]] = Field(min_length=4)

    def get(self, lang: Lang) -> list[str]:
        return self.de if lang == "de" else self.en


class NotAnswered(_Strict):
    """Questions that look like a fact's but ask what it does not say, per language (optional)."""

    de: list[Annotated[str, _text(MAX_QUESTION_CHARS)]] = Field(default_factory=list)
    en: list[Annotated[str, _text(MAX_QUESTION_CHARS)]] = Field(default_factory=list)

    def get(self, lang: Lang) -> list[str]:
        return self.de if lang == "de" else self.en


class Fact(_Strict):
    """One answerable statement, backed by a verbatim quote from an archived source."""

    id: Slug = Field(description="Stable id, lowercase words joined by '-', e.g. 'iran-drones'.")
    topic: Topic = Field(description="Short label for buttons and suggestions, 2 to 5 words.")
    questions: QuestionVariants = Field(description="At least 4 reader questions per language.")
    answer: Answer = Field(description="The answer in your own words, short enough for a phone.")
    keywords: list[Label] = Field(
        default_factory=list, description="Optional topic words readers may type alone (e.g. 'Drohnen')."
    )
    not_answered: NotAnswered = Field(
        default_factory=NotAnswered,
        description="Optional: questions one step beside this fact that it does not answer (e.g. 'Did "
        "Belarusian soldiers fight in Ukraine?' beside Russia's troops in Belarus). A reader's question "
        "closer to one of these than to the fact's own questions is not answered with it; the fact is offered.",
    )
    source: Slug = Field(description="Id of an entry in knowledge/sources.yaml.")
    quote: Annotated[str, _text(MAX_QUOTE_CHARS)] = Field(
        description="One or two sentences copied verbatim from the archived source."
    )
    as_of: Date = Field(description="The date the fact holds for (YYYY-MM-DD).")
    review_after: Date = Field(description="When an editor should check the fact again (YYYY-MM-DD).")
    reviewed_on: Date | None = Field(
        default=None, description="When an editor last confirmed the fact still holds (YYYY-MM-DD).")
    retired: bool = Field(default=False, description="true: kept for the record, never answered.")
    superseded_by: Slug | None = Field(
        default=None,
        description="Id of a newer fact on the same topic that overtakes this one. Readers get the newer "
        "fact first and can still ask how it was at this fact's as_of.",
    )


class AllyFile(_Strict):
    """knowledge/allies/<slug>.yaml: everything the bot knows about one ally."""

    ally: Slug = Field(description="The ally id, equal to the file name without .yaml.")
    names: Name = Field(description="Display name in German and English.")
    aliases: list[Label] = Field(
        default_factory=list,
        description="Other names readers use: leaders, capitals, adjectives, other spellings.",
    )
    facts: list[Fact] = Field(min_length=1)


class OverviewFile(_Strict):
    """knowledge/overview.yaml: the general context that belongs to no single ally."""

    names: Name = Field(description="Display name of the general context, e.g. 'Überblick'/'Overview'.")
    facts: list[Fact] = Field(min_length=1)


class TranslatedFrom(_Strict):
    """The original a source was adapted from, as the source itself names it."""

    publisher: Label
    title: Title
    author: Label | None = None
    url: Url
    language: LanguageCode
    published: Date


class Source(_Strict):
    """An article the facts quote, with its archived text so quotes can be verified offline."""

    id: Slug
    publisher: Label
    title: Title
    url: Url = Field(
        description="The full article readers are sent to, even when the archive holds only an excerpt."
    )
    author: Label | None = Field(default=None, description="The byline, only where the source names one.")
    language: LanguageCode
    published: PublishedDate
    translated_from: TranslatedFrom | None = None
    archive: Annotated[str, _text(200)] = Field(
        description="Path of the archived text, relative to the knowledge directory: sources/<id>.txt."
    )
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] = Field(
        description="Checksum of the archived text, so an edit of the archive cannot pass unnoticed; "
        "`allybot source hash FILE` prints it."
    )
    excerpt: bool = Field(
        default=False,
        description="true when the archive holds only part of the article (quotes must still be in it).",
    )


class SourcesFile(_Strict):
    """knowledge/sources.yaml: the registry every fact's `source` refers to."""

    sources: list[Source] = Field(min_length=1)
