"""The shipped fact base is complete and honest: every statement of the article is backed by a quote,
answers are short and in the editor's own words, and nothing points anywhere but the two DW articles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.knowledge import DEFAULT_KNOWLEDGE_DIR, LANGS, KnowledgeBase, load_knowledge
from bot.knowledge.validate import normalize_for_quote

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
def kb() -> KnowledgeBase:
    result = load_knowledge(DEFAULT_KNOWLEDGE_DIR)
    assert isinstance(result, KnowledgeBase), result.render()
    return result


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


def test_every_quote_stays_within_one_paragraph(kb: KnowledgeBase) -> None:
    archive = (DEFAULT_KNOWLEDGE_DIR / kb.sources[ARTICLE_ID].archive).read_text(encoding="utf-8")
    paragraphs = [normalize_for_quote(p) for p in re.split(r"\n\s*\n", archive)]
    spanning = [entry.id for entry in kb if not any(normalize_for_quote(entry.fact.quote) in p for p in paragraphs)]
    assert not spanning, f"quotes joining two paragraphs: {spanning}"


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


def test_no_url_in_the_fact_base_other_than_the_two_dw_articles() -> None:
    invented = []
    for path in sorted(p for p in DEFAULT_KNOWLEDGE_DIR.rglob("*") if p.is_file()):
        allowed = DW_URLS | ({JSON_SCHEMA_DRAFT} if path.suffix == ".json" else set())
        for url in URL.findall(path.read_text(encoding="utf-8")):
            if url not in allowed:
                invented.append(f"{path.relative_to(DEFAULT_KNOWLEDGE_DIR)}: {url}")
    assert not invented, f"URLs that are not the DW article or its English original: {invented}"


def test_the_source_names_both_dw_articles(kb: KnowledgeBase) -> None:
    source = kb.sources[ARTICLE_ID]
    assert source.translated_from is not None
    assert {source.url, source.translated_from.url} == DW_URLS
