"""Spelling folds shared by questions, the fact base and the word lists, so all compare alike."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_UMLAUT_SPELLED = re.compile(r"(?<=[a-z])(ae|oe|ue)")


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """ä = ae = a, ß = ss, accents dropped: the spelling variants readers type for the same word."""
    word = word.replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", word)
    word = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _UMLAUT_SPELLED.sub(lambda m: m.group(1)[0], word)
