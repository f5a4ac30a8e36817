"""A quote must carry a claim on its own: at least a clause, not a word picked out of a sentence.

"quote: Russland" is verbatim in almost any article and proves nothing; a reader shown it as the source's
words is misled. So a quote has at least `MIN_QUOTE_WORDS` words, or is the whole sentence it sits in
(a short sentence, or a headline, says something by itself).
"""

from __future__ import annotations

import re
from collections.abc import Callable

MIN_QUOTE_WORDS = 6
SENTENCE_LIMIT = 200  # characters of the suggested sentence shown to the editor
_WORD = re.compile(r"\w+")
_CLOSERS = "\"'”“»«’)"
_SENTENCE_END = re.compile(rf"[.!?…][{re.escape(_CLOSERS)}]*$")
_BOUNDARY = re.compile(rf"[.!?…][{re.escape(_CLOSERS)}]*\s")


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def fragment_problem(quote: str, archive: str, normalize: Callable[[str], str]) -> str | None:
    """None if `quote` is a clause; else the sentence of `archive` it was cut from, for the editor to copy.

    `quote` is already normalized; `archive` is the raw archived text, taken a paragraph (line) at a time,
    so a headline without a full stop still counts as a sentence of its own.
    """
    if word_count(quote) >= MIN_QUOTE_WORDS:
        return None
    sentence = ""
    for paragraph in (normalize(line) for line in archive.splitlines()):
        start = paragraph.find(quote)
        while start >= 0:
            if _whole_sentences(paragraph, start, start + len(quote)):
                return None
            sentence = sentence or _sentence_around(paragraph, start, start + len(quote))
            start = paragraph.find(quote, start + 1)
    return sentence if len(sentence) <= SENTENCE_LIMIT else sentence[:SENTENCE_LIMIT].rsplit(" ", 1)[0] + " …"


def _whole_sentences(paragraph: str, start: int, end: int) -> bool:
    before = paragraph[:start].rstrip()
    begins = not before or bool(_SENTENCE_END.search(before))
    ends = end >= len(paragraph.rstrip()) or bool(_SENTENCE_END.search(paragraph[:end]))
    return begins and ends


def _sentence_around(paragraph: str, start: int, end: int) -> str:
    begin = 0
    for boundary in _BOUNDARY.finditer(paragraph, 0, start + 1):
        begin = boundary.end()
    after = _BOUNDARY.search(paragraph, max(end - 1, begin))
    return paragraph[begin:after.end() if after else len(paragraph)].strip()
