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
from bot.matching.lexicon import STOP_WORDS, STOP_WORDS_IN

# A clause ends at a comma or a stop and the space after it; its question mark stays with it: 'Hallo! Wir bauen
# grad Schneemänner, hätte ne Frage zu Putin', 'Simpler please, my eyes aren't what they were.'
CLAUSE_END = re.compile(r"(?<=[,.;:!])\s+")
MAX_QUESTION_CHARS = 500
"""The matcher reads at most this many characters of a message: no fact needs more, and it bounds the work."""
MAX_MESSAGE_CHARS = 3000
"""Longer messages are refused politely; up to this, a rambling message is read by its opening and its close."""
OPENING_CHARS = 150  # of a message over MAX_QUESTION_CHARS, read with its last characters: readers ask at the end

_TAG = re.compile(r"<[^>]{0,200}>")
# "<script>alert('x')</script> who is kim": what a script or style element holds is code, not the reader's words
_CODE = re.compile(r"<(script|style)\b[^>]{0,200}>.{0,500}?</\1\s*>", re.IGNORECASE | re.DOTALL)
_WORD = re.compile(r"[^\W_]+")  # what is left between punctuation, spaces and underscores
_STEMMERS = {"de": snowballstemmer.stemmer("german"), "en": snowballstemmer.stemmer("english")}


def without_code(text: str) -> str:
    """The text without the script and style elements pasted into it: code, never the reader's question. A message
    of code alone stays as it is, to be read (and refused) as what it is."""
    if "<" not in text:
        return text
    plain = _CODE.sub(" ", text)
    return plain if _WORD.search(plain) else text


def excerpt(text: str) -> str:
    """What the matcher reads of a message: all of it, or of a long one its opening and its last
    characters, where a reader who first tells a story puts the question."""
    if len(text) <= MAX_QUESTION_CHARS:
        return text
    closing = text[-(MAX_QUESTION_CHARS - OPENING_CHARS):]
    return text[:OPENING_CHARS] + " … " + closing.split(" ", 1)[-1]


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


def is_stop_word(word: str, lang: Lang | None = None) -> bool:
    """`lang`: the text's language, when known ('die' is a word in English); None: a stop word in either."""
    return word in (STOP_WORDS if lang is None else STOP_WORDS_IN[lang])


# English verbs whose past the stemmer does not bring home: 'has Pezeshkian met Putin?' meets 'Did he meet Putin?'
_PRESENT_OF = {"met": "meet", "went": "go", "gone": "go", "sent": "send", "gave": "give", "given": "give",
               "sold": "sell", "bought": "buy", "told": "tell", "fought": "fight", "paid": "pay", "flew": "fly",
               "flown": "fly", "began": "begin", "begun": "begin", "spoke": "speak", "spoken": "speak",
               "brought": "bring", "held": "hold", "took": "take", "taken": "take", "made": "make",
               "thought": "think", "sought": "seek", "kept": "keep", "won": "win", "lost": "lose", "chose": "choose",
               "chosen": "choose", "broke": "break", "broken": "break", "led": "lead", "wrote": "write",
               "written": "write", "came": "come", "became": "become", "got": "get", "gotten": "get"}


@lru_cache(maxsize=65536)
def stem(word: str, lang: Lang) -> str:
    """Snowball stem of a folded word, an irregular English past first read as its present; cached because the
    same words recur in every question."""
    if lang == "en":
        word = _PRESENT_OF.get(word, word)
    result: str = _STEMMERS[lang].stemWord(word)
    return fold(result)


def terms(text: str, lang: Lang) -> list[str]:
    """Content terms of a text in one language: folded, stop words removed, stemmed."""
    return [stem(word, lang) for word in words(text) if not is_stop_word(word, lang) and len(word) > 1]


def names_the_war(folded: list[str]) -> bool:
    """'what did he say about the war', 'when did the war start?': English 'war' after an article asks about the
    war; German 'war' (was), a stop word, asks nothing ('Wann war das?')."""
    return any(word == "war" and folded[n - 1:n] in (["the"], ["this"], ["that"], ["a"])
               for n, word in enumerate(folded))
