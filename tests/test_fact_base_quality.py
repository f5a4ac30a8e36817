"""The shipped fact base is complete and honest: every statement of the DW article and every key claim of
the later sources is backed by a quote that stands verbatim in its own source's archive, answers are
short and in the editor's own words, and nothing points anywhere but the registered sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.knowledge import DEFAULT_KNOWLEDGE_DIR, LANGS, KnowledgeBase
from bot.knowledge.validate import normalize_for_quote
from bot.matching import Index

ARTICLE_ID = "dw-de-a-69442700"
DW_URLS = {
    "https://www.dw.com/de/wer-steht-noch-an-russlands-seite/a-69442700",
    "https://www.dw.com/en/stand-by-me-vladimir-putins-remaining-allies/a-69428963",
}
JSON_SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"  # the schema files' own "$schema"
URL = re.compile(r"""https?://[^\s"'<>)\]]+""")
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)
MIN_QUESTIONS = 4
MAX_ANSWER_CHARS = 400


@pytest.fixture(scope="module")
def kb(shipped_index: Index) -> KnowledgeBase:
    return shipped_index.kb


def _is_content(paragraph: str, headings: set[str]) -> bool:
    """Statements about an ally or the context; not captions, the video notice, the credit or headings."""
    return not (
        "Bild:" in paragraph
        or "To view this video" in paragraph
        or paragraph.startswith("Adaptiert aus dem Englischen")
        or paragraph in headings
    )


def test_every_content_paragraph_of_the_article_is_backed_by_a_quote(kb: KnowledgeBase) -> None:
    archive = (DEFAULT_KNOWLEDGE_DIR / kb.sources[ARTICLE_ID].archive).read_text(encoding="utf-8")
    paragraphs = [normalize_for_quote(p) for p in re.split(r"\n\s*\n", archive) if p.strip()]
    headings = {ally.names.de for ally in kb.allies.values()}
    one_word = [p for p in paragraphs if " " not in p]
    assert set(one_word) <= headings, f"one-word paragraphs that are no ally heading: {set(one_word) - headings}"

    quotes = [normalize_for_quote(entry.fact.quote) for entry in kb if entry.fact.source == ARTICLE_ID]
    content = [p for p in paragraphs if _is_content(p, headings)]
    unbacked = [p for p in content if not any(quote in p for quote in quotes)]
    covered = len(content) - len(unbacked)
    assert not unbacked, f"{covered}/{len(content)} paragraphs backed; no fact quotes:\n" + "\n\n".join(unbacked)
    assert len(content) >= 15  # the article has 18; the filter must not have thrown it away


def _archive(kb: KnowledgeBase, source_id: str) -> str:
    return (DEFAULT_KNOWLEDGE_DIR / kb.sources[source_id].archive).read_text(encoding="utf-8")


def test_every_facts_quote_is_verbatim_in_its_own_sources_archive(kb: KnowledgeBase) -> None:
    """Checked here without the loader, so a change to validation cannot quietly let a quote through."""
    archives = {source_id: normalize_for_quote(_archive(kb, source_id)) for source_id in kb.sources}
    missing = [f"{entry.file}:{entry.line} {entry.id} (source {entry.fact.source})" for entry in kb
               if normalize_for_quote(entry.fact.quote) not in archives[entry.fact.source]]
    assert not missing, f"quotes not verbatim in their own source's archive: {missing}"


def test_every_source_is_quoted_and_every_archive_belongs_to_a_source(kb: KnowledgeBase) -> None:
    unused = set(kb.sources) - {entry.fact.source for entry in kb}
    assert not unused, f"sources no fact quotes: {sorted(unused)}"
    archived = {f"sources/{path.name}" for path in (DEFAULT_KNOWLEDGE_DIR / "sources").iterdir()}
    assert archived == {source.archive for source in kb.sources.values()}


def test_every_quote_stays_within_one_paragraph(kb: KnowledgeBase) -> None:
    spanning = []
    for entry in kb:
        paragraphs = [normalize_for_quote(p) for p in re.split(r"\n\s*\n", _archive(kb, entry.fact.source))]
        if not any(normalize_for_quote(entry.fact.quote) in p for p in paragraphs):
            spanning.append(entry.id)
    assert not spanning, f"quotes joining two paragraphs: {spanning}"


# What the facts take from each source after June 2024, in the source's own words: each claim must stand
# in the archive and be shown to readers inside a quote of that source (so a reworded or dropped quote,
# or a new source nobody listed here, fails).
KEY_CLAIMS: dict[str, tuple[str, ...]] = {
    "dw-en-a-71325866": (
        "Western countries have accused Iran of delivering ballistic missiles to Russia",
        "Pezeshkian's first in Russia since taking office",
    ),
    "dlf-russland-iran-2025-01-17": (
        "unterzeichneten in Moskau einen Vertrag für eine umfassende strategische Partnerschaft",
        "umfasst das Abkommen 47 Artikel",
        "zunächst auf 20 Jahre angelegt",
    ),
    "onvista-dpa-russland-iran-2025-01-16": (
        "gegenseitigen militärischen Beistand im Fall eines Angriffs durch einen Drittstaat",
        "dass sie selbst für ihre Sicherheit sorge und deshalb keine Beistandsklausel vorgesehen sei",
    ),
    "zdfheute-assad-moskau-2024-12-09": (
        "Der entmachtete syrische Präsident Assad",
        "in Moskau eingetroffen. Demnach erhalten sie dort Asyl.",
    ),
    "moscowtimes-2025-10-15-sharaa-visit": (
        "Ahmed al-Sharaa met with President Vladimir Putin at the Kremlin",
        "first official visit to Russia since the overthrow of Moscow's longtime ally Bashar al-Assad",
    ),
    "moscowtimes-2026-01-28-sharaa-bases": (
        "Russia has two remaining military bases in Syria",
        "Russia's only military bases outside the former Soviet Union",
        "grant asylum to Assad and his wife in Moscow has remained a major obstacle",
    ),
    "br24-nordkorea-soldaten-2025-04-28": (
        "Nordkorea hat erstmals bestätigt, dass es Soldaten in den Krieg gegen die Ukraine entsandt hat",
        "Einsatz nordkoreanischer Soldaten an der Seite der Russen in Kursk bestätigt",
        "Selenskyj widersprach",
    ),
    "interfax-108291-dprk-treaty-in-force": (
        "signed by North Korean leader Kim Jong Un and Russian President Vladimir Putin in June, has entered",
        "The treaty has an effect from December 4, 2024 when the ratification instruments were exchanged",
    ),
    "dlf-belarus-sicherheitsgarantien-2025-02-18": (
        "im vergangenen Dezember bei einem Besuch von Präsident Putin in Minsk unterzeichnet",
        "den möglichen Einsatz auch von Nuklearwaffen zu",
    ),
    "moscowtimes-2024-12-05-belarus-security": (
        "The contents of the bilateral security agreement remain unavailable to the public",
        "lowering the threshold for the use of nuclear weapons which extends Russia's nuclear umbrella to Belarus",
    ),
    "onvista-dpa-oreschnik-2025-12-18": (
        "nach Angaben des Machthabers in Minsk, Alexander Lukaschenko, in Belarus eingetroffen",
        '"Und sie wird in Dienst genommen"',
    ),
    "moscowtimes-2025-01-14-vietnam-nuclear": (
        "Russia and Vietnam signed a nuclear energy agreement",
        "accounting for more than 80% of imports between 1995 and 2023",
        "orders have slumped in recent years due to Western sanctions",
        "now Communist Party general secretary and the country's top leader",
    ),
    "indianexpress-russia-vietnam-arms-2025-09-19": (
        "using profits from joint oil and gas projects to quietly pay for weapons purchases",
        "according to internal Vietnamese documents obtained by the Associated Press",
    ),
    "dlf-putin-xi-moskau-2025-05-08": (
        "Xi sprach von einer neuen Ära der chinesisch-russischen Beziehungen",
        "China ist Russlands wichtigster Handelspartner",
        "Sanktionen im Zusammenhang mit dem Ukrainekrieg zu umgehen",
    ),
    "dlf-militaerparade-peking-2025-09-03": (
        "Seite an Seite mit Russlands Präsident Putin und Nordkoreas Machthaber Kim",
        "das erste Mal, dass Xi Putin und Kim gemeinsam zu einer Veranstaltung empfangen hat",
    ),
    "moneycontrol-bloomberg-power-of-siberia-2": (
        "signed a legally binding agreement to build the long-anticipated Power of Siberia 2 pipeline",
        "Beijing has yet to confirm details",
    ),
    "aljazeera-putin-mongolia-2024-09-03": (
        "started an official visit to Mongolia undisturbed",
        "Ulaanbaatar ignored an arrest warrant",
    ),
    "ap-daytondailynews-putin-tajikistan-2025-10-08": (
        "Tajikistan is a member of the International Criminal Court",
        "he faces no risk of arrest",
        "the arrest warrant has limited Putin's foreign trips",
    ),
}


def test_every_later_sources_key_claims_are_backed_by_a_quote(kb: KnowledgeBase) -> None:
    unlisted = set(kb.sources) - set(KEY_CLAIMS) - {ARTICLE_ID}
    assert not unlisted, f"sources whose key claims this test does not list yet: {sorted(unlisted)}"
    problems = []
    for source_id, claims in KEY_CLAIMS.items():
        archive = normalize_for_quote(_archive(kb, source_id))
        quotes = [normalize_for_quote(entry.fact.quote) for entry in kb if entry.fact.source == source_id]
        for claim in map(normalize_for_quote, claims):
            if claim not in archive:
                problems.append(f"{source_id}: not in the archive: {claim!r}")
            elif not any(claim in quote for quote in quotes):
                problems.append(f"{source_id}: no fact quotes: {claim!r}")
    assert not problems, "\n".join(problems)


def test_every_fact_has_enough_question_variants_in_both_languages(kb: KnowledgeBase) -> None:
    thin = [
        f"{entry.file}:{entry.line} {entry.id} ({lang}: {len(entry.fact.questions.get(lang))})"
        for entry in kb
        for lang in LANGS
        if len(entry.fact.questions.get(lang)) < MIN_QUESTIONS
    ]
    assert not thin, f"facts with fewer than {MIN_QUESTIONS} questions: {thin}"


def test_answers_are_short_enough_for_a_phone(kb: KnowledgeBase) -> None:
    long = [
        f"{entry.file}:{entry.line} {entry.id} ({lang}: {len(entry.fact.answer.get(lang))} chars)"
        for entry in kb
        for lang in LANGS
        if len(entry.fact.answer.get(lang)) > MAX_ANSWER_CHARS
    ]
    assert not long, f"answers over {MAX_ANSWER_CHARS} characters: {long}"


def test_answers_are_written_in_own_words_not_copied_from_the_quote(kb: KnowledgeBase) -> None:
    copied = [
        f"{entry.file}:{entry.line} {entry.id} ({lang})"
        for entry in kb
        for lang in LANGS
        if normalize_for_quote(entry.fact.answer.get(lang)) == normalize_for_quote(entry.fact.quote)
    ]
    assert not copied, f"answers identical to their quote: {copied}"


def _yaml_files() -> list[Path]:
    return sorted(DEFAULT_KNOWLEDGE_DIR.rglob("*.yaml"))


@pytest.mark.parametrize("path", _yaml_files(), ids=lambda path: str(path.relative_to(DEFAULT_KNOWLEDGE_DIR)))
def test_every_yaml_file_points_the_editor_at_its_schema(path: Path) -> None:
    match = SCHEMA_LINE.search(path.read_text(encoding="utf-8"))
    assert match, f"{path.name} lacks '# yaml-language-server: $schema=...' (VS Code then cannot check it)"
    schema = (path.parent / match[1]).resolve()
    assert schema.is_file(), f"{path.name} points at {match[1]}, which does not exist"
    expected = "ally" if path.parent.name == "allies" else path.stem
    assert schema.name == f"{expected}.schema.json", f"{path.name} points at the wrong schema: {schema.name}"


def test_no_url_in_the_fact_files_other_than_the_registered_sources(kb: KnowledgeBase) -> None:
    """Archives are the pages' text as found (links included); everything else may name only the sources."""
    registered = {source.url for source in kb.sources.values()}
    registered |= {source.translated_from.url for source in kb.sources.values() if source.translated_from}
    invented = []
    archives = DEFAULT_KNOWLEDGE_DIR / "sources"
    for path in sorted(p for p in DEFAULT_KNOWLEDGE_DIR.rglob("*") if p.is_file() and archives not in p.parents):
        allowed = registered | ({JSON_SCHEMA_DRAFT} if path.suffix == ".json" else set())
        for url in URL.findall(path.read_text(encoding="utf-8")):
            if url not in allowed:
                invented.append(f"{path.relative_to(DEFAULT_KNOWLEDGE_DIR)}: {url}")
    assert not invented, f"URLs that are no registered source: {invented}"
    assert registered >= DW_URLS


def test_the_source_names_both_dw_articles(kb: KnowledgeBase) -> None:
    source = kb.sources[ARTICLE_ID]
    assert source.translated_from is not None
    assert {source.url, source.translated_from.url} == DW_URLS
