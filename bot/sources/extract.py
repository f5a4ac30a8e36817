"""From a page to the article: its main text and what it says about itself (title, publisher, date, ...).

trafilatura does the work, in a child process (`python -m bot.sources.extract`, page on stdin, JSON out):
it and lxml take some 45 MB while reading a page (see benchmarks/bench_sources.py), which the bot, already
near its memory target under load, should not keep; and a page that makes them hang or crash only ends
the child.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

from bot.sources.errors import NotAnArticle, NoText

EXTRACT_SECONDS = 60
MIN_WORDS = 80  # below this it is a section page, a paywall or a cookie wall, not an article
_DE_WORDS = frozenset({"der", "die", "das", "und", "ist", "nicht", "mit", "von", "den", "sich", "auch", "ein",
                       "eine", "für", "auf", "dem", "des", "im", "zu", "es", "wird"})
_EN_WORDS = frozenset({"the", "and", "of", "to", "is", "in", "that", "it", "with", "for", "was", "on", "as",
                       "by", "has", "have", "are", "from", "this", "be"})
_HTML_LANG = re.compile(rb"<html[^>]*\slang\s*=\s*[\"']?([a-zA-Z]{2,3})", re.IGNORECASE)


@dataclass(frozen=True)
class Article:
    """What a page or text file says about itself; None where it says nothing."""

    text: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    language: str | None = None
    author: str | None = None
    url: str | None = None  # the page's own (canonical) address


def article_from_html(page: bytes) -> Article:
    """The main text and metadata of an HTML page; `NoText` when there is no article in it."""
    try:
        done = subprocess.run([sys.executable, "-m", "bot.sources.extract"], input=page, capture_output=True,
                              timeout=EXTRACT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise NoText(f"reading the page took over {EXTRACT_SECONDS} seconds; send the article's text as a .txt "
                     "file") from None
    if done.returncode != 0:
        raise NoText("the page could not be read; send the article's text as a .txt file")
    found = json.loads(done.stdout)
    if "refused" in found:
        raise NoText(found["refused"])
    return Article(**found)


def extract_in_this_process(page: bytes) -> Article:
    """What the child process does; trafilatura is imported only here."""
    import trafilatura

    document: Any = trafilatura.bare_extraction(
        page, with_metadata=True, include_comments=False, include_tables=False, favor_recall=True,
        date_extraction_params={"extensive_search": False, "original_date": True},  # a date the page states
    )
    text = _paragraphs(document.text if document is not None and document.text else "")
    _require_words(text, "on the page")
    declared = _HTML_LANG.search(page[:4096])
    return Article(
        text=text,
        title=_clean(document.title),
        publisher=_clean(document.sitename),
        published=_clean(document.date),
        language=_clean(document.language) or (declared.group(1).decode().lower() if declared else None)
        or guess_language(text),
        author=_clean(document.author),
        url=_clean(document.url),
    )


def article_from_text(content: bytes) -> Article:
    """A plain-text file is the article itself; it says nothing about title, publisher or date."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotAnArticle("the file is not UTF-8 text: save it as UTF-8 (or send the page as .html)") from None
    if "\x00" in text:
        raise NotAnArticle("the file is binary data, not text: send the article's text or its HTML page")
    text = _paragraphs(text)
    _require_words(text, "in the file")
    return Article(text=text, language=guess_language(text))


def guess_language(text: str) -> str | None:
    """German or English by their most common words, when the page does not say; None if unclear."""
    words = re.findall(r"\w+", text.casefold())[:2000]
    german = sum(word in _DE_WORDS for word in words)
    english = sum(word in _EN_WORDS for word in words)
    if max(german, english) < 10 or min(german, english) * 2 > max(german, english):
        return None
    return "de" if german > english else "en"


def _paragraphs(text: str) -> str:
    """One paragraph a line becomes one a block: the archive reads like the article, quotes match either way."""
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.replace("\r\n", "\n").split("\n"))
    return "\n\n".join(line for line in lines if line)


def _require_words(text: str, where: str) -> None:
    words = len(text.split())
    if words < MIN_WORDS:
        raise NoText(f"found no article text {where} ({words} words): it may be a section page, a paywall or "
                     "a cookie wall; send the article's own address, or its text as a .txt file")


def _clean(value: object) -> str | None:
    text = re.sub(r"\s+", " ", str(value)).strip() if value else ""
    return text or None


def _child() -> None:
    """`python -m bot.sources.extract`: a page on stdin, the article as JSON on stdout."""
    try:
        found: dict[str, Any] = dataclasses.asdict(extract_in_this_process(sys.stdin.buffer.read()))
    except NoText as exc:
        found = {"refused": exc.message}
    sys.stdout.write(json.dumps(found))


if __name__ == "__main__":
    _child()
