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
        self._lengths = np.array([len(term) for term in terms], dtype=np.intp)
        self._letters = np.array([_letters(term) for term in terms], dtype=np.uint64)
        # Per word length and cutoff: the letters each term must share with such a word (see `_needs`).
        self._needs: dict[tuple[int, float], np.ndarray] = {}

    def candidates(self, word: str, cutoff: float) -> list[str]:
        """The terms that may reach `cutoff` (0 to 100) on fuzz.ratio with `word`, in vocabulary order."""
        by_count: dict[int, int] = {}
        for bit, count in Counter(map(_bit, word)).items():
            by_count[count] = by_count.get(count, 0) | bit
        shared: np.ndarray | None = None
        for count, bits in by_count.items():
            found = np.bitwise_count(self._letters & np.uint64(bits))  # uint8 counts
            found = found * np.uint16(count) if count > 1 else found
            shared = found if shared is None else shared + found
        if shared is None:
            return []
        passing = np.flatnonzero(shared >= self._needs_of(len(word), cutoff))
        return [self._terms[position] for position in passing.tolist()]

    def _needs_of(self, length: int, cutoff: float) -> np.ndarray:
        """Per term, the fewest letters it must share with a word of this length to reach `cutoff`:
        200 * min(shared, term length) >= cutoff * (length + term length), reckoned once per length;
        more than any word shares when its own length is too short. Remembered for a few lengths."""
        key = (length, cutoff)
        needs = self._needs.get(key)
        if needs is None:
            longest = int(self._lengths.max(initial=0))
            least = np.array([_least_shared(length, size, cutoff) for size in range(longest + 1)], dtype=np.uint16)
            needs = least[self._lengths]
            if len(self._needs) >= _NEEDS_KEPT:
                self._needs.clear()
            self._needs[key] = needs
        return needs


_NEEDS_KEPT = 64
_NEVER = 0xFFFF  # more letters than a word of up to 4,000 letters shares: uint16 counts cannot reach it


def _least_shared(length: int, size: int, cutoff: float) -> int:
    """The fewest shared letters that pass with a term of `size` letters (the test as it was counted per
    term: 200 * common >= cutoff * (length + size) - 1e-6, common at most `size`), or _NEVER."""
    bar = cutoff * (length + size) - 1e-6
    for common in range(size + 1):
        if 200 * common >= bar:
            return common
    return _NEVER
