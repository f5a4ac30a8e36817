"""A moderator adds an article as a source from its web address or a saved file; hostile ones change nothing.

Pages are served from tests/page_server.py on 127.0.0.1, which the SSRF guard lets through only because
each test passes that one (address, port) as `reachable`.
"""

from __future__ import annotations

import ipaddress
import sqlite3
from pathlib import Path

import pytest

from bot.cli import main
from bot.factbase.live import LiveKnowledge
from bot.factbase.upload import UploadResult
from bot.knowledge import KnowledgeBase, ValidationReport, load_knowledge
from bot.knowledge.checksum import archive_sha256
from bot.matching import Index
from bot.sources import (
    FetchLimits,
    SourceDetails,
    SourceError,
    add_source_from_file,
    add_source_from_url,
    remove_source,
)
from bot.sources.fetch import is_public
from bot.sources.request import checked_details
from tests.page_server import PAGES, PageServer

EN_PAGE = "dw-en-stand-by-me.html"
DE_PAGE = "dw-de-wer-steht-noch.html"  # gives no publication date, as DW's German adaptation does not
EN_ID = "dw-en-dw-en-stand-by-me"  # named after the address it was fetched from
SAVED_EN_ID = "dw-en-a-69428963"  # a saved page: named after the address it gives itself


@pytest.fixture
def live(knowledge_dir: Path, shipped_index: Index) -> LiveKnowledge:
    return LiveKnowledge(knowledge_dir, shipped_index)  # the copy holds the shipped files


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def add(live: LiveKnowledge, pages: PageServer, path: str, details: SourceDetails | None = None,
        limits: FetchLimits | None = None) -> UploadResult:
    return add_source_from_url(live, pages.url(path), details or SourceDetails(), reachable=pages.reachable,
                               limits=limits or FetchLimits())


# ---------------------------------------------------------------- adding


@pytest.mark.slow
def test_an_article_page_becomes_an_archived_source_with_its_metadata(live: LiveKnowledge, pages: PageServer) -> None:
    result = add(live, pages, EN_PAGE)
    assert result.ok, result.message
    assert result.message.startswith(f"Source {EN_ID} added: sources/{EN_ID}.txt and sources.yaml.\n"
                                     "  DW: Stand by me? Vladimir Putin's remaining allies\n"
                                     "  by Henry-Laur Allik, published 2024-06-20, language en\n")
    assert "First lines (check them against the article):\n  Because of the war against Ukraine" in result.message
    source = live.kb.sources[EN_ID]
    assert (source.publisher, source.language, source.published, source.author) == (
        "DW", "en", "2024-06-20", "Henry-Laur Allik")
    archive = (live.directory / source.archive).read_text(encoding="utf-8")
    assert "China's stance on the war in Ukraine is anything but neutral" in archive
    assert "We use cookies" not in archive and "Privacy Policy" not in archive
    assert source.sha256 == archive_sha256(archive)
    assert result.version_after != result.version_before
    assert isinstance(load_knowledge(live.directory), KnowledgeBase)  # `allybot check` agrees


@pytest.mark.slow
def test_a_page_without_a_date_asks_for_it_and_takes_it_from_the_moderator(
    live: LiveKnowledge, pages: PageServer
) -> None:
    before = snapshot(live.directory)
    asked = add(live, pages, DE_PAGE)
    assert not asked.ok
    assert asked.message.startswith("the page does not give its publication date. Send it again with a line")
    assert "published: 2024-06-20" in asked.message and "--published 2024-06-20" in asked.message
    assert snapshot(live.directory) == before

    added = add(live, pages, DE_PAGE, SourceDetails(published="2024-06"))
    assert added.ok, added.message
    (source,) = [s for s in live.kb.sources.values() if s.published == "2024-06" and s.id != "dw-de-a-69442700"]
    assert source.url == pages.url(DE_PAGE)  # the page's canonical dw.com address is another site's: not taken
    archive = (live.directory / source.archive).read_text(encoding="utf-8")
    assert "Russland wurde vom Iran mit Drohnen und Munition beliefert" in archive
    assert "Wir verwenden Cookies" not in archive and "Mehr zum Thema" not in archive


@pytest.mark.slow
def test_a_saved_page_or_text_file_can_be_added_without_fetching(live: LiveKnowledge) -> None:
    page = (PAGES / EN_PAGE).read_bytes()
    shipped = set(live.kb.sources)
    result = add_source_from_file(live, "saved.html", page)
    assert result.ok, result.message
    (source,) = [s for s in live.kb.sources.values() if s.id not in shipped]
    assert source.author
    assert source.url == "https://www.dw.com/en/stand-by-me-vladimir-putins-remaining-allies/a-69428963"

    text = (PAGES / "dw-de-wer-steht-noch.expected.txt").read_bytes()
    missing = add_source_from_file(live, "artikel.txt", text)
    assert "does not give its web address, title, publisher, publication date" in missing.message
    details = SourceDetails(url="https://www.dw.com/de/a-1", title="T", publisher="DW", published="2024-06")
    added = add_source_from_file(live, "artikel.txt", text, details)
    assert added.ok and live.kb.sources["dw-de-a-1"].language == "de"  # told by its words


@pytest.mark.slow
def test_adding_and_undoing_a_source_through_the_terminal(
    knowledge_dir: Path, data_dir: Path, pages: PageServer, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KNOWLEDGE_DIR", str(knowledge_dir))
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    before = snapshot(knowledge_dir)
    assert main(["source", "add", str(PAGES / EN_PAGE)]) == 0
    assert capsys.readouterr().out.startswith(f"Source {SAVED_EN_ID} added")
    assert main(["check"]) == 0
    assert main(["source", "hash", f"sources/{SAVED_EN_ID}.txt"]) == 0
    assert capsys.readouterr().out.split()[-1] == archive_sha256(
        (knowledge_dir / "sources" / f"{SAVED_EN_ID}.txt").read_text(encoding="utf-8"))
    assert main(["source", "remove", SAVED_EN_ID]) == 0
    after = {name: content for name, content in snapshot(knowledge_dir).items() if not name.startswith(".history")}
    assert after == before
    assert main(["source", "add", "http://127.0.0.1:9/x"]) == 1
    assert "is a private or local address" in capsys.readouterr().err
    with sqlite3.connect(data_dir / "allybot.sqlite3") as conn:  # audited as the terminal, as Telegram changes are
        rows = conn.execute("SELECT moderator, action, detail FROM audit ORDER BY id").fetchall()
    assert rows == [(0, "source", f"{EN_PAGE} (sources.yaml)"), (0, "undo", f"{SAVED_EN_ID} (sources.yaml)")]


@pytest.mark.slow
def test_a_disk_error_while_adding_a_source_does_not_show_the_machines_path(live: LiveKnowledge) -> None:
    (live.directory / ".history").write_bytes(b"")  # a file where the history folder belongs
    result = add_source_from_file(live, "saved.html", (PAGES / EN_PAGE).read_bytes())
    assert not result.ok
    assert "the source could not be saved (.history: EEXIST)" in result.message
    assert str(live.directory) not in result.message


def test_a_source_a_fact_quotes_cannot_be_removed(live: LiveKnowledge) -> None:
    result = remove_source(live, "dw-de-a-69442700")
    assert not result.ok
    assert result.message.startswith("source dw-de-a-69442700 was not removed: 41 fact(s) quote it: ")
    assert "give them another source first" in result.message


# ---------------------------------------------------------------- hostile and broken sources


@pytest.mark.parametrize(("path", "expected"), [
    pytest.param("dw-de-section-page.html", "found no article text on the page", marks=pytest.mark.slow),
    ("huge", "the page is larger than 5 MB"),
    ("pdf", "sent a file that is application/pdf, not a web page"),
    ("redirect?to=http://127.0.0.1:9/admin", "redirects to 'http://127.0.0.1:9/admin', and 127.0.0.1 is a private"),
    ("redirect?to=http://127.0.0.1:9/" + "a" * 200, "redirects to 'http://127.0.0.1:9/aaa"),
    ("redirect?to=http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a private or local address"),
    ("redirect?to=file:///etc/passwd", "only http:// and https:// links can be added"),
    ("missing.html", "answered 404 Not Found"),
])
def test_a_hostile_or_broken_page_gets_a_clear_message_and_changes_nothing(
    live: LiveKnowledge, pages: PageServer, path: str, expected: str
) -> None:
    before, version = snapshot(live.directory), live.kb.version
    result = add(live, pages, path)
    assert not result.ok and expected in result.message, result.message
    assert snapshot(live.directory) == before and live.kb.version == version


def test_details_and_file_names_are_repeated_short_and_escaped(live: LiveKnowledge) -> None:
    before = snapshot(live.directory)
    with pytest.raises(SourceError, match=f"^published: '{'x' * 29}…' is not a date"):
        checked_details(SourceDetails(published="x" * 5000))
    hostile = add_source_from_file(live, "bad\u202ename\n.pdf", b"%PDF")
    assert hostile.message.startswith("'bad?name?.pdf' is neither a saved page")
    assert snapshot(live.directory) == before


def test_a_page_that_never_answers_times_out(live: LiveKnowledge, pages: PageServer) -> None:
    result = add(live, pages, "silent", limits=FetchLimits(timeout=0.3, deadline=2))
    assert not result.ok and "did not answer in time" in result.message


@pytest.mark.parametrize("url", ["ftp://example.org/a.txt", "file:///etc/passwd", "gopher://example.org/",
                                 "http://localhost:8080/", "http://10.0.0.1/", "http://[::1]/",
                                 "http://[::ffff:127.0.0.1]/", "http://user:pw@example.org/", "https://"])
def test_the_guard_refuses_other_schemes_and_private_addresses_without_connecting(
    live: LiveKnowledge, url: str
) -> None:
    before = snapshot(live.directory)
    result = add_source_from_url(live, url)  # no `reachable`: production rules
    assert not result.ok
    assert any(words in result.message for words in ("only http:// and https://", "private or local", "user name",
                                                     "names no host", "not a web address")), result.message
    assert snapshot(live.directory) == before


def test_the_page_server_itself_is_out_of_reach_without_the_test_allowance(
    live: LiveKnowledge, pages: PageServer
) -> None:
    result = add_source_from_url(live, pages.url(EN_PAGE))
    assert "127.0.0.1 is a private or local address" in result.message
    assert pages.requests == []


@pytest.mark.parametrize(("address", "public"), [
    ("8.8.8.8", True), ("2a00:1450:4001::1", True), ("127.0.0.1", False), ("10.1.2.3", False),
    ("172.16.0.1", False), ("192.168.1.1", False), ("169.254.169.254", False), ("100.64.0.1", False),
    ("224.0.0.1", False), ("240.0.0.1", False), ("0.0.0.0", False), ("::1", False), ("fe80::1", False),
    ("fc00::1", False), ("ff02::1", False), ("::ffff:10.0.0.1", False), ("2002:7f00:1::1", False),
])
def test_only_public_addresses_count_as_public(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


# ---------------------------------------------------------------- checksums


def test_an_archive_edited_after_it_was_recorded_fails_the_check(knowledge_dir: Path) -> None:
    archive = knowledge_dir / "sources" / "dw-de-a-69442700.txt"
    archive.write_text(archive.read_text(encoding="utf-8") + "\nEin erfundener Satz.\n", encoding="utf-8")
    report = load_knowledge(knowledge_dir)
    assert isinstance(report, ValidationReport)
    assert report.render() == (
        "sources.yaml:21: archived text 'sources/dw-de-a-69442700.txt' of source 'dw-de-a-69442700' has changed "
        "since its sha256 was recorded (if the change is meant, run `allybot source hash "
        "sources/dw-de-a-69442700.txt` and write what it prints as sha256; if not, restore the archive from git)")


def test_line_ends_changed_by_a_checkout_do_not_count_as_an_edit(knowledge_dir: Path) -> None:
    archive = knowledge_dir / "sources" / "dw-de-a-69442700.txt"
    archive.write_bytes(archive.read_bytes().replace(b"\n", b"\r\n"))
    assert isinstance(load_knowledge(knowledge_dir), KnowledgeBase)
