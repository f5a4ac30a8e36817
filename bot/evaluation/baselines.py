"""What allybot must beat: plain rapidfuzz WRatio and BM25 over every question variant, at their best cutoff."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from bot.evaluation.cases import Case
from bot.evaluation.measure import Figures, Outcome, System, measure
from bot.knowledge.models import LANGS, Lang
from bot.matching import Index

WRATIO_CUTOFFS = [float(c) for c in range(0, 101, 2)]
BM25_CUTOFFS = [c / 2 for c in range(0, 41)]


def _variants(index: Index) -> list[tuple[str, str, Lang]]:
    return [(q, e.id, lang) for e in index.entries for lang in LANGS for q in e.fact.questions.get(lang)]


def wratio_baseline(index: Index) -> Callable[[float], System]:
    """Plain `process.extractOne` with `fuzz.WRatio` over every question variant."""
    from rapidfuzz import fuzz, process, utils

    variants = _variants(index)
    choices = [v[0] for v in variants]

    @cache
    def best(question: str) -> tuple[float, int] | None:  # scored once, whatever the cutoff
        found = process.extractOne(question, choices, scorer=fuzz.WRatio, processor=utils.default_process)
        return (found[1], found[2]) if found else None

    return _at_cutoff(best, variants)


def bm25_baseline(index: Index) -> Callable[[float], System]:
    """BM25 (bm25s) over every question variant, one document each."""
    import bm25s

    variants = _variants(index)
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize([v[0] for v in variants], stopwords=None, show_progress=False),
                    show_progress=False)

    @cache
    def best(question: str) -> tuple[float, int] | None:  # retrieved once, whatever the cutoff
        tokens = bm25s.tokenize([question or "-"], stopwords=None, show_progress=False)
        if not tokens.vocab:
            return None
        docs, scores = retriever.retrieve(tokens, k=1, show_progress=False)
        return float(scores[0][0]), int(docs[0][0])

    return _at_cutoff(best, variants)


def _at_cutoff(best: Callable[[str], tuple[float, int] | None],
               variants: list[tuple[str, str, Lang]]) -> Callable[[float], System]:
    def at(cutoff: float) -> System:
        def system(question: str) -> Outcome:
            found = best(question)
            if found is None or found[0] <= 0 or found[0] < cutoff:
                return Outcome(None, None, "de")
            _, fact_id, lang = variants[found[1]]
            return Outcome(fact_id, None, lang)

        return system

    return at


def best_cutoff(make: Callable[[float], System], cutoffs: list[float], cases: tuple[Case, ...] | list[Case],
                fact_ally: dict[str, str | None]) -> tuple[float, Figures]:
    """The cutoff that serves the baseline best on these cases (in-scope plus out-of-scope)."""
    results = [(c, measure(make(c), cases, fact_ally)) for c in cutoffs]
    return max(results, key=lambda pair: (pair[1].in_scope + pair[1].out_of_scope, -pair[0]))
