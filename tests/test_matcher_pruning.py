"""The matcher scores in full only the facts that can still reach the top (`bot.matching.shortlist`).
That must rank exactly as scoring every fact does. Checked on a synthetic fact base (benchmarks/synthetic.py)
large enough for every shortcut, long posting lists included: if a change to the score lets it grow in a way
`Scorer.ceiling` does not know of, this fails.
"""

from __future__ import annotations

import heapq
import random
import sys
from pathlib import Path

import pytest
import yaml

from bot.knowledge import DEFAULT_KNOWLEDGE_DIR, KnowledgeBase, ValidationReport, load_knowledge
from bot.matching import Index, build_index, match, shortlist
from bot.matching.score import Scorer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from synthetic import Generator, typo

pytestmark = pytest.mark.slow  # whole evaluation sets or fact bases: CI runs them, the inner loop need not

EVAL_FILE = Path(__file__).resolve().parent / "eval" / "dev.yaml"


def _every_fact(
    index: Index, token_matches: list[dict[str, float]], matched_terms: dict[str, float], scorer: Scorer
) -> list[tuple[float, int]]:
    """What `shortlist.best_facts` must give: every fact that shares a term with the question, scored in full."""
    scored = []
    for fact in {fact for term in matched_terms for fact in index.postings[term]}:
        row = [
            max((similarity * index.postings[term].get(fact, 0.0) for term, similarity in matches.items()), default=0.0)
            for matches in token_matches
        ]
        reverse = max(
            (
                sum(index.idf[term] * matched_terms.get(term, 0.0) for term in phrasing)
                / sum(index.idf[term] for term in phrasing)
                for phrasing in index.variants[fact]
            ),
            default=0.0,
        )
        scored.append((scorer.score(fact, row, reverse), fact))
    return heapq.nlargest(shortlist.RANKED, scored)


@pytest.fixture(scope="module")
def synthetic() -> tuple[Index, list[str]]:
    kb = load_knowledge(DEFAULT_KNOWLEDGE_DIR)
    assert isinstance(kb, KnowledgeBase), kb.render() if isinstance(kb, ValidationReport) else kb
    generator = Generator(kb, seed=3)
    rng = random.Random(3)
    real = [str(item["q"]) for item in yaml.safe_load(EVAL_FILE.read_text(encoding="utf-8")) if "q" in item]
    questions = real + [typo(q, rng) for q in real] + [generator.question() for _ in range(150)]
    return build_index(generator.knowledge_base(2000)), questions


def _outcome(index: Index, question: str) -> tuple[object, ...]:
    found = match(index, question)
    return (found.kind, found.score, found.entry and found.entry.id, found.best and found.best.id,
            [(entry.id, score) for entry, score in found.ranked], [entry.id for entry in found.suggestions])


@pytest.mark.parametrize("long_postings", [shortlist.LONG_POSTINGS, 4])
def test_pruned_ranking_is_the_full_ranking(
    synthetic: tuple[Index, list[str]], long_postings: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    index, questions = synthetic
    assert len(index.entries) < shortlist.MAX_FAINT  # below it, nothing is cut short
    monkeypatch.setattr(shortlist, "LONG_POSTINGS", long_postings)
    pruned = [_outcome(index, q) for q in questions]
    monkeypatch.setattr(shortlist, "best_facts", _every_fact)
    full = [_outcome(index, q) for q in questions]
    differing = [(q, p, f) for q, p, f in zip(questions, pruned, full, strict=True) if p != f]
    assert not differing, differing[:3]


def test_typo_lookups_find_the_same_terms_as_comparing_a_word_with_every_term() -> None:
    """`typos.NearTerms` hands rapidfuzz only the terms whose shared letters can reach the cutoff: the best
    four terms a mistyped word is found as must be those of comparing it with the whole vocabulary."""
    from rapidfuzz import fuzz, process

    from bot.matching.typos import NearTerms

    kb = load_knowledge(DEFAULT_KNOWLEDGE_DIR)
    assert isinstance(kb, KnowledgeBase)
    vocabulary = sorted({word for entry in kb.entries for question in entry.fact.questions.de + entry.fact.questions.en
                         for word in question.casefold().replace("?", "").split()})
    near = NearTerms(vocabulary)
    rng = random.Random(11)
    for _ in range(3000):
        word = typo(rng.choice(vocabulary), rng) if rng.random() < 0.8 else "".join(
            rng.choice("abcdeilmnorstuäöüß-") for _ in range(rng.randint(1, 16)))
        everything = process.extract(word, vocabulary, scorer=fuzz.ratio, score_cutoff=80, limit=4)
        found = process.extract(word, near.candidates(word, 80), scorer=fuzz.ratio, score_cutoff=80, limit=4)
        assert [(term, score) for term, score, _ in found] == [(term, score) for term, score, _ in everything], word
