"""Checks that span files: ids, references, duplicates and verbatim quotes against archived sources."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.knowledge.checksum import check_archive_checksums
from bot.knowledge.clauses import MIN_QUOTE_WORDS, fragment_problem, word_count
from bot.knowledge.errors import ValidationReport
from bot.knowledge.history import check_timeline
from bot.knowledge.models import LANGS, AllyFile, Fact, OverviewFile, SourcesFile
from bot.knowledge.paths import ALLIES_DIR, OVERVIEW_FILE, SOURCES_FILE
from bot.knowledge.yamlfile import ParsedYaml

_QUOTE_CHARS = str.maketrans({"„": '"', "“": '"', "”": '"', "«": '"', "»": '"', "‚": "'", "‘": "'",
                              "’": "'", "‹": "'", "›": "'", "–": "-", "—": "-", "\u00a0": " "})


def normalize_for_quote(text: str) -> str:
    """Whitespace and typographic quotes/dashes do not count as a change of wording."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTE_CHARS)
    return re.sub(r"\s+", " ", text).strip()


def check_cross_references(
    sources: tuple[SourcesFile, ParsedYaml],
    overview: tuple[OverviewFile, ParsedYaml],
    ally_files: dict[str, tuple[AllyFile, ParsedYaml]],
    archives: dict[str, str],
    report: ValidationReport,
) -> None:
    """Add every cross-file problem to `report`."""
    source_ids = _check_sources(sources, report)
    check_archive_checksums(sources, archives, report)
    normalized_archives = {sid: normalize_for_quote(text) for sid, text in archives.items()}
    files: list[tuple[str, OverviewFile | AllyFile, ParsedYaml]] = [(OVERVIEW_FILE, *overview)]
    files += [(rel, *loaded) for rel, loaded in sorted(ally_files.items())]
    _check_allies(ally_files, overview[0], report)

    seen = _Seen()
    placed: list[tuple[Fact, _FactPlace]] = []
    for rel, content, parsed in files:
        for index, fact in enumerate(content.facts):
            place = _FactPlace(rel, parsed, index)
            _check_fact(fact, place, source_ids, normalized_archives, seen, report)
            _check_clause(fact, place, archives, normalized_archives, report)
            placed.append((fact, place))
    published = {source.id: source.published for source in sources[0].sources}
    check_timeline(placed, published, report)
    _check_review(files, set(seen.ids), report)


@dataclass(frozen=True)
class _FactPlace:
    """Where one fact stands, so every problem with it can name its line."""

    rel: str
    parsed: ParsedYaml = field(compare=False)
    index: int = 0

    def line(self, *loc: str | int) -> int:
        return self.parsed.line_of(("facts", self.index, *loc))

    def at(self, *loc: str | int) -> str:
        return f"{self.rel}:{self.line(*loc)}"


@dataclass
class _Seen:
    """What earlier facts already claimed: fact ids and question variants, with where they stand."""

    ids: dict[str, str] = field(default_factory=dict)
    questions: dict[str, tuple[str, str, _FactPlace]] = field(default_factory=dict)


def _check_fact(
    fact: Fact,
    place: _FactPlace,
    source_ids: set[str],
    archives: dict[str, str],
    seen: _Seen,
    report: ValidationReport,
) -> None:
    rel = place.rel
    if fact.id in seen.ids:
        report.add(rel, place.line("id"), f"duplicate fact id '{fact.id}', already used at {seen.ids[fact.id]}",
                   "give one of them a new id")
    seen.ids.setdefault(fact.id, place.at())
    if fact.source not in source_ids:
        report.add(rel, place.line("source"), f"unknown source '{fact.source}'", _source_hint(fact.source, source_ids))
    elif fact.source in archives:
        _check_quote(fact, archives[fact.source], rel, place.line("quote"), report)
    if fact.review_after < fact.as_of:
        report.add(rel, place.line("review_after"),
                   f"fact '{fact.id}': review_after {fact.review_after} is before as_of {fact.as_of}",
                   "set review_after to a later date than as_of")
    for lang, position, question in _questions(fact):
        line = place.line("questions", lang, position)
        owner = seen.questions.setdefault(_question_key(question), (fact.id, f"{rel}:{line}", place))
        if owner[2] != place:
            report.add(rel, line, f"question '{question}' already leads to fact '{owner[0]}' at {owner[1]}",
                       "a question must lead to one fact: reword or remove one of them")
        elif owner[1] != f"{rel}:{line}":
            report.add(rel, line, f"question '{question}' appears twice in fact '{fact.id}', first at {owner[1]}",
                       "remove the copy")
    _check_not_answered(fact, place, report)


def _check_not_answered(fact: Fact, place: _FactPlace, report: ValidationReport) -> None:
    """A question listed both as the fact's own and as one it does not answer contradicts itself; one listed
    twice as not answered is a copy an editor meant to reword."""
    own = {_question_key(question) for _, _, question in _questions(fact)}
    listed: dict[str, int] = {}
    for lang in LANGS:
        for position, question in enumerate(fact.not_answered.get(lang)):
            line = place.line("not_answered", lang, position)
            if _question_key(question) in own:
                report.add(place.rel, line, f"question '{question}' is both a question of fact '{fact.id}' and one "
                           "it does not answer", "remove it from questions or from not_answered")
            first = listed.setdefault(_question_key(question), line)
            if first != line:
                report.add(place.rel, line, f"question '{question}' appears twice in not_answered of fact "
                           f"'{fact.id}', first at line {first}", "remove the copy")


def _questions(fact: Fact) -> Iterator[tuple[str, int, str]]:
    for lang in LANGS:
        for position, question in enumerate(fact.questions.get(lang)):
            yield lang, position, question


def _question_key(question: str) -> str:
    return re.sub(r"[\W_]+", " ", question.casefold()).strip()


question_key = _question_key
"""Two question variants with the same key are the same question (case and punctuation do not count)."""


def _check_sources(sources: tuple[SourcesFile, ParsedYaml], report: ValidationReport) -> set[str]:
    ids: set[str] = set()
    for index, source in enumerate(sources[0].sources):
        if source.id in ids:
            report.add(SOURCES_FILE, sources[1].line_of(("sources", index, "id")),
                       f"duplicate source id '{source.id}'", "give each source its own id")
        ids.add(source.id)
    return ids


def _check_allies(
    ally_files: dict[str, tuple[AllyFile, ParsedYaml]], overview: OverviewFile, report: ValidationReport
) -> None:
    names: dict[str, str] = {}
    for rel, (ally, parsed) in sorted(ally_files.items()):
        expected = rel.removeprefix(f"{ALLIES_DIR}/").removesuffix(".yaml")
        if ally.ally != expected:
            report.add(rel, parsed.line_of(("ally",)), f"unknown ally '{ally.ally}': this file is for '{expected}'",
                       f"write 'ally: {expected}' or rename the file to allies/{ally.ally}.yaml")
        labels: list[tuple[str, str | int, str]] = [("names", "de", ally.names.de), ("names", "en", ally.names.en)]
        labels += [("aliases", i, alias) for i, alias in enumerate(ally.aliases)]
        own: set[str] = set()
        for *loc, label in labels:
            key = _question_key(str(label))
            owner = names.get(key)
            if owner and owner != ally.ally:
                report.add(rel, parsed.line_of(tuple(loc)), f"alias '{label}' also names '{owner}'",
                           "a name must point to one ally: remove it from one file")
            elif str(label).lower() in own and loc[0] == "aliases":
                report.add(rel, parsed.line_of(tuple(loc)), f"alias '{label}' is listed twice", "remove the copy")
            own.add(str(label).lower())
            names.setdefault(key, ally.ally)


def _source_hint(source: str, source_ids: set[str]) -> str:
    close = process.extractOne(source, sorted(source_ids), score_cutoff=60)
    if close:
        return f"did you mean '{close[0]}'? Sources are listed in sources.yaml"
    return f"use one of: {', '.join(sorted(source_ids)) or 'none registered'}; or add the source to sources.yaml"


def _check_quote(fact: Fact, archive: str, rel: str, line: int, report: ValidationReport) -> None:
    quote = normalize_for_quote(fact.quote)
    if quote in archive:
        return
    report.add(rel, line, f"quote of fact '{fact.id}' is not verbatim in source '{fact.source}'",
               f"copy it exactly; closest passage: \"{closest_passage(quote, archive)}\"")


def _check_clause(
    fact: Fact, place: _FactPlace, archives: dict[str, str], normalized: dict[str, str], report: ValidationReport
) -> None:
    """A verbatim quote must also be at least a clause (see bot.knowledge.clauses)."""
    quote = normalize_for_quote(fact.quote)
    if fact.source not in archives or quote not in normalized[fact.source]:
        return  # unknown source or not verbatim: reported already
    sentence = fragment_problem(quote, archives[fact.source], normalize_for_quote)
    if sentence is None:
        return
    count = word_count(quote)
    report.add(place.rel, place.line("quote"),
               f"quote of fact '{fact.id}' is {count} word(s) cut out of a sentence: a quote must be at least a clause",
               f"quote at least {MIN_QUOTE_WORDS} words, or the whole sentence: \"{sentence}\"")


def _check_review(
    files: list[tuple[str, OverviewFile | AllyFile, ParsedYaml]], fact_ids: set[str], report: ValidationReport
) -> None:
    """What moderators record when they review a fact must make sense: dates in order, a newer fact that exists."""
    retired = {fact.id for _, content, _ in files for fact in content.facts if fact.retired}
    for rel, content, parsed in files:
        for index, fact in enumerate(content.facts):
            place = _FactPlace(rel, parsed, index)
            if fact.reviewed_on is not None and fact.reviewed_on < fact.as_of:
                report.add(rel, place.line("reviewed_on"),
                           f"fact '{fact.id}': reviewed_on {fact.reviewed_on} is before as_of {fact.as_of}",
                           "a fact is reviewed after the date it holds for: correct one of the dates")
            newer = fact.superseded_by
            if newer is None:
                continue
            if newer in retired:  # names nothing / itself / a cycle: bot.knowledge.history checks those
                report.add(rel, place.line("superseded_by"),
                           f"fact '{fact.id}' is superseded by '{newer}', which is retired",
                           "name a fact readers still get, or retire this one too")


def closest_passage(quote: str, archive: str, limit: int = 200) -> str:
    """The archive's words that best match `quote`, widened to whole words, for the editor to copy."""
    alignment = fuzz.partial_ratio_alignment(quote, archive)
    if alignment is None:
        return ""
    start, end = alignment.dest_start, alignment.dest_end
    while start > 0 and not archive[start - 1].isspace():
        start -= 1
    while end < len(archive) and not archive[end].isspace():
        end += 1
    passage = archive[start:end]
    return passage if len(passage) <= limit else passage[:limit].rsplit(" ", 1)[0] + " …"
