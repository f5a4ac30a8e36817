"""Typed shape of the fact base: what an editor writes in YAML, checked once at load time."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

Lang = Literal["de", "en"]
LANGS: tuple[Lang, ...] = ("de", "en")

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=48)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _iso_date_only(value: object) -> object:
    """YAML gives dates as `date`; quoted ISO text is fine too, but numbers must not become timestamps."""
    if isinstance(value, dt.datetime):
        raise ValueError("write a date without a time")
    if isinstance(value, (dt.date, str)):
        return value
    raise ValueError("not a date")


Date = Annotated[dt.date, BeforeValidator(_iso_date_only)]


class _Strict(BaseModel):
    """Unknown keys are typos an editor wants to hear about, so they are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(_Strict):
    """One text in German and in English; both are required because readers ask in both."""

    de: Text
    en: Text

    def get(self, lang: Lang) -> str:
        return self.de if lang == "de" else self.en


class QuestionVariants(_Strict):
    """How readers would ask for a fact, in their own words, per language."""

    de: list[Text] = Field(min_length=4)
    en: list[Text] = Field(min_length=4)

    def get(self, lang: Lang) -> list[str]:
        return self.de if lang == "de" else self.en


class Fact(_Strict):
    """One answerable statement, backed by a verbatim quote from an archived source."""

    id: Slug = Field(description="Stable id, lowercase words joined by '-', e.g. 'iran-drones'.")
    topic: Localized = Field(description="Short label for buttons and suggestions, 2 to 5 words.")
    questions: QuestionVariants = Field(description="At least 4 reader questions per language.")
    answer: Localized = Field(description="The answer in your own words, short enough for a phone.")
    keywords: list[Text] = Field(
        default_factory=list, description="Optional topic words readers may type alone (e.g. 'Drohnen')."
    )
    source: Slug = Field(description="Id of an entry in knowledge/sources.yaml.")
    quote: Text = Field(description="One or two sentences copied verbatim from the archived source.")
    as_of: Date = Field(description="The date the fact holds for (YYYY-MM-DD).")
    review_after: Date = Field(description="When an editor should check the fact again (YYYY-MM-DD).")
    reviewed_on: Date | None = Field(
        default=None, description="When an editor last confirmed the fact still holds (YYYY-MM-DD).")
    retired: bool = Field(default=False, description="true: kept for the record, never answered.")
    superseded_by: str | None = None


class AllyFile(_Strict):
    """knowledge/allies/<slug>.yaml: everything the bot knows about one ally."""

    ally: Slug = Field(description="The ally id, equal to the file name without .yaml.")
    names: Localized = Field(description="Display name in German and English.")
    aliases: list[Text] = Field(
        default_factory=list,
        description="Other names readers use: leaders, capitals, adjectives, other spellings.",
    )
    facts: list[Fact] = Field(min_length=1)


class OverviewFile(_Strict):
    """knowledge/overview.yaml: the general context that belongs to no single ally."""

    names: Localized = Field(description="Display name of the general context, e.g. 'Überblick'/'Overview'.")
    facts: list[Fact] = Field(min_length=1)


class TranslatedFrom(_Strict):
    """The original a source was adapted from, as the source itself names it."""

    publisher: Text
    title: Text
    author: Text | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https://")]
    language: Lang
    published: Date


class Source(_Strict):
    """An article the facts quote, with its archived text so quotes can be verified offline."""

    id: Slug
    publisher: Text
    title: Text
    author: Text | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://")]
    language: Lang
    published: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}(-\d{2})?$")] = Field(
        description="YYYY-MM-DD, or YYYY-MM when the source gives only the month."
    )
    translated_from: TranslatedFrom | None = None
    archive: Text = Field(description="Path of the archived text, relative to the knowledge directory.")
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] = Field(
        description="Checksum of the archived text, so an edit of the archive cannot pass unnoticed; "
        "`allybot source hash FILE` prints it."
    )


class SourcesFile(_Strict):
    """knowledge/sources.yaml: the registry every fact's `source` refers to."""

    sources: list[Source] = Field(min_length=1)
