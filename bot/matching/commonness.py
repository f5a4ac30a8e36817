"""How common a word is in German or English: everyday words say little about a topic.

The frequencies are wordfreq's, shipped as a small list (scripts/make_word_lists.py): only words common
enough to be discounted are in it, so the bot does not hold wordfreq's full tables (~95 MB).
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

COMMON_WORDS_FILE = Path(__file__).with_name("data") / "common_words.tsv"

# Word frequency on the Zipf scale (wordfreq): 3 is a specialist word, 6 an everyday one.
RARE_ZIPF = 4.0
COMMON_ZIPF = 7.0
GENERAL_WORD_FLOOR = 0.25
NO_TYPO_ZIPF = 5.0


@cache
def _zipf() -> dict[str, float]:
    zipf: dict[str, float] = {}
    with COMMON_WORDS_FILE.open(encoding="utf-8") as lines:
        for line in lines:
            word, _, value = line.rstrip("\n").partition("\t")
            zipf[word] = float(value)
    return zipf


@lru_cache(maxsize=65536)
def generality_discount(word: str) -> float:
    """Everyday words ('time', 'next', 'end') say little about a topic even when the fact base
    rarely uses them; weigh a word down by how common it is in German or English."""
    zipf = _zipf().get(word, 0.0)
    return min(1.0, max(GENERAL_WORD_FLOOR, (COMMON_ZIPF - zipf) / (COMMON_ZIPF - RARE_ZIPF)))


def everyday_word(word: str) -> bool:
    """A word this common ('recht', 'gesagt') is spelt as meant: it is no typo of a fact's rarer word
    ('Wer hat recht?' is not 'echt')."""
    return _zipf().get(word, 0.0) >= NO_TYPO_ZIPF


def zipf_of(word: str) -> float:
    """The word's Zipf frequency; 0 when it is rarer than the list holds."""
    return _zipf().get(word, 0.0)

