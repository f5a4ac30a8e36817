"""The fact base as an attacker with a moderator's account would write it: no file outside knowledge/sources/
is ever quoted, hinted at or read, and no fact can produce a card Telegram would refuse."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from bot.answers import fact_html
from bot.knowledge import Entry, KnowledgeBase, ValidationReport, load_knowledge
from bot.knowledge.limits import (
    MAX_ANSWER_CHARS,
    MAX_LABEL_CHARS,
    MAX_QUOTE_CHARS,
    MAX_TITLE_CHARS,
    MAX_TOPIC_CHARS,
    TELEGRAM_MESSAGE_CHARS,
)
from bot.knowledge.models import Fact, Source
from tests.botapi_server import parse_html, utf16_len

HOSTILE = Path(__file__).parent / "data" / "hostile"
PASSWD_FACT = """
  - id: iran-root
    topic: {de: Root, en: Root}
    questions:
      de: [Wer ist root, Was ist root, Root bitte, Zeig root]
      en: [Who is root, What is root, Root please, Show root]
    answer: {de: Root ist der Chef., en: Root is the boss.}
    source: passwd
    quote: "root:x:0:0:root:/root:/bin/bash"
    as_of: 2024-06-20
    review_after: 2025-06-20
"""


def with_passwd_source(knowledge: Path, archive: str) -> dict[str, str]:
    """sources.yaml with a source archived at `archive`, and iran.yaml with a fact quoting it."""
    sources = (HOSTILE / "sources-etc-passwd.yaml").read_text(encoding="utf-8").replace("/etc/passwd", archive)
    iran = (knowledge / "allies" / "iran.yaml").read_text(encoding="utf-8") + PASSWD_FACT
    return {"sources.yaml": sources, "allies/iran.yaml": iran}


def test_a_fact_quoting_etc_passwd_is_refused_and_shows_nothing_of_it(knowledge_dir: Path) -> None:
    report = load_knowledge(knowledge_dir, with_passwd_source(knowledge_dir, "/etc/passwd"))
    assert isinstance(report, ValidationReport)
    assert report.render() == (
        "sources.yaml:16: archive '/etc/passwd' is not a path inside the knowledge folder "
        "(write a path like 'sources/article-id.txt': a .txt file inside knowledge/sources/)")


def test_the_closest_passage_hint_never_quotes_the_environment(
    knowledge_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:SECRET-never-shown-to-anyone")
    overrides = with_passwd_source(knowledge_dir, "/proc/self/environ")
    overrides["allies/iran.yaml"] = overrides["allies/iran.yaml"].replace('"root:x:0:0:root:/root:/bin/bash"',
                                                                          "TELEGRAM_BOT_TOKEN=")
    report = load_knowledge(knowledge_dir, overrides)
    assert isinstance(report, ValidationReport)
    assert "SECRET" not in report.render() and "closest passage" not in report.render()


def test_a_symlinked_archive_inside_sources_leading_out_is_refused(knowledge_dir: Path) -> None:
    (knowledge_dir / "sources" / "passwd.txt").symlink_to("/etc/passwd")
    report = load_knowledge(knowledge_dir, with_passwd_source(knowledge_dir, "sources/passwd.txt"))
    assert isinstance(report, ValidationReport)
    assert report.render() == ("sources.yaml:16: archive 'sources/passwd.txt' is a symlink leading outside "
                               "knowledge/sources/ (replace the symlink with a plain copy of the file)")


def test_a_symlinked_fact_file_is_not_read(knowledge_dir: Path) -> None:
    (knowledge_dir / "allies" / "passwd.yaml").symlink_to("/etc/passwd")
    report = load_knowledge(knowledge_dir)
    assert isinstance(report, ValidationReport)
    assert report.render() == ("allies/passwd.yaml:1: the file is a symlink leading outside knowledge/ "
                               "(replace the symlink with a plain copy of the file)")


def test_an_archive_that_is_a_fifo_does_not_hang_the_check(knowledge_dir: Path) -> None:
    os.mkfifo(knowledge_dir / "sources" / "pipe.txt")
    report = load_knowledge(knowledge_dir, with_passwd_source(knowledge_dir, "sources/pipe.txt"))
    assert isinstance(report, ValidationReport)
    assert "sources.yaml:16: archive 'sources/pipe.txt' is not a plain file" in report.render()


def test_the_closest_passage_hint_is_a_short_excerpt_of_the_fact_bases_own_article(knowledge_dir: Path) -> None:
    iran = (knowledge_dir / "allies" / "iran.yaml").read_text(encoding="utf-8")
    iran = iran.replace("quote: Russland wurde vom Iran mit Drohnen", "quote: Russland bekam vom Iran Drohnen", 1)
    report = load_knowledge(knowledge_dir, {"allies/iran.yaml": iran})
    assert isinstance(report, ValidationReport)
    (error,) = report
    passage = error.hint.split('closest passage: "', 1)[1].rstrip('"')
    article = (knowledge_dir / "sources" / "dw-de-a-69442700.txt").read_text(encoding="utf-8")
    assert len(passage) <= 202 and passage.removesuffix(" …") in " ".join(article.split())


def _longest(text: str, length: int) -> str:
    """`length` characters of what costs Telegram most: emoji (two UTF-16 units) and characters HTML escapes."""
    return ("🇷🇺&<" * length)[:length]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_fact_at_every_length_limit_still_fits_one_telegram_message(lang: str) -> None:
    source = Source.model_validate({
        "id": "s", "publisher": _longest("p", MAX_LABEL_CHARS), "title": _longest("t", MAX_TITLE_CHARS),
        "url": "https://example.org/" + "a" * 400, "language": "de" if lang == "en" else "en",
        "published": "2024-06-20", "archive": "sources/s.txt", "sha256": "ab" * 32,
        "author": _longest("a", MAX_LABEL_CHARS),
        "translated_from": {"publisher": _longest("p", MAX_LABEL_CHARS), "title": _longest("t", MAX_TITLE_CHARS),
                            "author": _longest("a", MAX_LABEL_CHARS), "url": "https://example.org/" + "b" * 400,
                            "language": lang, "published": "2024-06-20"},
    })
    fact = Fact.model_validate({
        "id": "a" * 48, "topic": {"de": _longest("x", MAX_TOPIC_CHARS), "en": _longest("x", MAX_TOPIC_CHARS)},
        "questions": {"de": ["a", "b", "c", "d"], "en": ["a", "b", "c", "d"]},
        "answer": {"de": _longest("x", MAX_ANSWER_CHARS), "en": _longest("x", MAX_ANSWER_CHARS)},
        "source": "s", "quote": _longest("q", MAX_QUOTE_CHARS), "as_of": "2024-06-20", "review_after": "2024-07-01",
    })
    entry = Entry(fact, None, source, "overview.yaml", 1)
    text, _ = parse_html(fact_html(entry, lang, dt.date(2030, 1, 1)))  # type: ignore[arg-type]
    assert utf16_len(text) <= TELEGRAM_MESSAGE_CHARS


def test_the_shipped_fact_base_passes_every_limit(knowledge_dir: Path) -> None:
    assert isinstance(load_knowledge(knowledge_dir), KnowledgeBase)
