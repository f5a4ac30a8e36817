"""Which vocabulary terms a mistyped word may be, found without comparing it with every term (pure).

rapidfuzz compares a word with a few thousand terms in tens of microseconds, mostly spent handing it
each term; a typo lookup runs for every word of a question the fact base does not know. A term can
reach a fuzz.ratio cutoff only when it shares enough of the word's letters: ratio = 200 * LCS / (m + n),
and the longest common subsequence holds no more of a letter than the word has, nor more letters than
the term. The letters each term has are one bit each of an integer, so that bound is counted for all
terms at once, and only the terms that pass it go to rapidfuzz: the same terms, found the same way.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

_BITS = 64


def _bit(letter: str) -> int:
    """Each letter its own bit ('a'-'z' and the first others), the rest sharing bits: a shared bit can
    only loosen the bound, never drop a term that passes."""
    return 1 << (ord(letter) % _BITS)


def _letters(term: str) -> int:
    bits = 0
    for letter in term:
        bits |= _bit(letter)
    return bits


class NearTerms:
    """The terms of a vocabulary, with the letters each has, to bound a word's fuzz.ratio to all at once."""

    def __init__(self, terms: list[str]) -> None:
        self._terms = terms
        self._lengths = np.array([len(term) for term in terms], dtype=np.float64)
        self._letters = np.array([_letters(term) for term in terms], dtype=np.uint64)

    def candidates(self, word: str, cutoff: float) -> list[str]:
        """The terms that may reach `cutoff` (0 to 100) on fuzz.ratio with `word`, in vocabulary order."""
        by_count: dict[int, int] = {}
        for bit, count in Counter(map(_bit, word)).items():
            by_count[count] = by_count.get(count, 0) | bit
        shared = np.zeros(len(self._terms), dtype=np.float64)
        for count, bits in by_count.items():
            shared += np.bitwise_count(self._letters & np.uint64(bits)) * float(count)  # uint8 counts
        common = np.minimum(shared, self._lengths)  # at most the term's own length
        passing = np.flatnonzero(200 * common >= cutoff * (len(word) + self._lengths) - 1e-6)
        return [self._terms[position] for position in passing.tolist()]
