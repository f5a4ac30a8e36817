"""Text normalization for German and English questions (pure functions, no I/O).

Both sides of a comparison go through the same steps, so a lossy fold (ä = ae = a, ß = ss) costs
nothing and makes "Weissrussland", "Weißrussland" and "weisrussland" meet.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from bot.knowledge.models import Lang
from bot.matching.folding import fold
from bot.matching.lexicon import STOP_WORDS

MAX_QUESTION_CHARS = 500
"""Questions are cut to this many characters before matching: no fact needs more, and it bounds the work."""

_TAG = re.compile(r"<[^>]{0,200}>")
_WORD = re.compile(r"[^\W_]+")  # what is left between punctuation, spaces and underscores
_STEMMERS = {"de": snowballstemmer.stemmer("german"), "en": snowballstemmer.stemmer("english")}


def clean(text: str) -> str:
    """NFKC, casefold, HTML-ish noise and punctuation removed; what a reader meant, as plain words."""
    return " ".join(_plain_words(text))


def _plain_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text[:MAX_QUESTION_CHARS])
    if "<" in text:
        text = _TAG.sub(" ", text)
    text = html.unescape(text).casefold()
    if not text.isprintable():  # printable text has no control or format characters (category C)
        text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return _WORD.findall(text)


def words(text: str) -> list[str]:
    """The folded words of a text, stop words kept (ally names like 'To Lam' need them)."""
    return [fold(word) for word in _plain_words(text)]


def is_stop_word(word: str) -> bool:
    return word in STOP_WORDS


@lru_cache(maxsize=65536)
def stem(word: str, lang: Lang) -> str:
    """Snowball stem of a folded word; cached because the same words recur in every question."""
    result: str = _STEMMERS[lang].stemWord(word)
    return fold(result)


def terms(text: str, lang: Lang) -> list[str]:
    """Content terms of a text in one language: folded, stop words removed, stemmed."""
    return [stem(word, lang) for word in words(text) if not is_stop_word(word) and len(word) > 1]
