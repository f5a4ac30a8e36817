"""How good the matcher is, measured on an evaluation set written independently of the fact base.

`allybot eval` prints accuracy per category, out-of-scope rejection and reply-language accuracy, and
with `--baselines` the same figures for plain rapidfuzz WRatio and BM25 on the same fact base.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from bot.knowledge.models import LANGS, Lang
from bot.matching import ANSWER_THRESHOLD, Index, match
from bot.timeline import in_time, read_time

IN_SCOPE = ("paraphrase", "typo", "keywords", "alias", "bare_ally", "context")
OUT_OF_SCOPE = ("out_of_scope_country", "out_of_scope_aspect", "out_of_scope_everyday", "chitchat", "hostile")


@dataclass(frozen=True)
class Case:
    question: str
    expect: str  # fact id, 'ally:<slug>' or 'none'
    lang: Lang
    category: str


@dataclass(frozen=True)
class Outcome:
    """What a system did with a case: the fact or ally it answered with (None = no answer)."""

    fact_id: str | None
    ally: str | None  # for a bare-ally overview
    lang: Lang


System = Callable[[str], Outcome]


@dataclass(frozen=True)
class Figures:
    per_category: dict[str, float]
    in_scope: float
    out_of_scope: float
    language: float
    errors: list[tuple[Case, Outcome]]


def default_eval_file() -> Path:
    return Path(__file__).resolve().parents[1] / "tests" / "eval" / "questions.yaml"


def load_cases(path: Path) -> list[Case]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Case(str(item["q"]), str(item["expect"]), item["lang"], item["category"]) for item in raw]


def is_correct(case: Case, outcome: Outcome, fact_ally: dict[str, str | None]) -> bool:
    if case.expect == "none":
        return outcome.fact_id is None and outcome.ally is None
    if case.expect.startswith("ally:"):
        slug = case.expect.removeprefix("ally:")
        return outcome.ally == slug or (outcome.fact_id is not None and fact_ally.get(outcome.fact_id) == slug)
    return outcome.fact_id == case.expect


def measure(system: System, cases: list[Case], fact_ally: dict[str, str | None]) -> Figures:
    hits: dict[str, list[bool]] = defaultdict(list)
    language_hits: list[bool] = []
    errors = []
    for case in cases:
        outcome = system(case.question)
        ok = is_correct(case, outcome, fact_ally)
        hits[case.category].append(ok)
        if not ok:
            errors.append((case, outcome))
        if case.expect != "none" and case.category != "bare_ally":
            language_hits.append(outcome.lang == case.lang)

    def share(categories: tuple[str, ...]) -> float:
        values = [v for c in categories for v in hits.get(c, [])]
        return 100 * sum(values) / max(len(values), 1)

    return Figures(
        per_category={c: share((c,)) for c in (*IN_SCOPE, *OUT_OF_SCOPE) if c in hits},
        in_scope=share(IN_SCOPE),
        out_of_scope=share(OUT_OF_SCOPE),
        language=100 * sum(language_hits) / max(len(language_hits), 1),
        errors=errors,
    )


def ours(index: Index, threshold: float = ANSWER_THRESHOLD) -> System:
    """The matcher as readers meet it: through the time-awareness hook, so a question about a fact a newer
    one overtook counts the newer fact as the answer (see bot/timeline.py)."""

    def system(question: str) -> Outcome:
        asked = read_time(question)
        result = in_time(index.kb, match(index, asked.rest, None, threshold=threshold), asked)
        if result.kind == "answer" and result.entry:
            return Outcome(result.entry.id, None, result.lang)
        if result.kind == "ally":
            return Outcome(None, result.ally, result.lang)
        return Outcome(None, None, result.lang)

    return system


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

    def at(cutoff: float) -> System:
        def system(question: str) -> Outcome:
            found = best(question)
            if found is None or found[0] < cutoff:
                return Outcome(None, None, "de")
            _, fact_id, lang = variants[found[1]]
            return Outcome(fact_id, None, lang)

        return system

    return at


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

    def at(cutoff: float) -> System:
        def system(question: str) -> Outcome:
            found = best(question)
            if found is None or found[0] <= 0 or found[0] < cutoff:
                return Outcome(None, None, "de")
            _, fact_id, lang = variants[found[1]]
            return Outcome(fact_id, None, lang)

        return system

    return at


def best_cutoff(make: Callable[[float], System], cutoffs: list[float], cases: list[Case],
                 fact_ally: dict[str, str | None]) -> tuple[float, Figures]:
    results = [(c, measure(make(c), cases, fact_ally)) for c in cutoffs]
    return max(results, key=lambda pair: (pair[1].in_scope + pair[1].out_of_scope, -pair[0]))


def run_evaluation(index: Index, path: Path, *, baselines: bool = False, show_errors: int = 15) -> str:
    cases = load_cases(path)
    fact_ally = {e.id: e.ally for e in index.entries}
    systems: list[tuple[str, Figures]] = [(f"allybot (threshold {ANSWER_THRESHOLD:g})",
                                           measure(ours(index), cases, fact_ally))]
    if baselines:
        cutoff, figures = best_cutoff(wratio_baseline(index), [float(c) for c in range(0, 101, 2)], cases, fact_ally)
        systems.append((f"WRatio (best cutoff {cutoff:g})", figures))
        cutoff, figures = best_cutoff(bm25_baseline(index), [c / 2 for c in range(0, 41)], cases, fact_ally)
        systems.append((f"BM25 (best cutoff {cutoff:g})", figures))
    lines = [f"{len(cases)} questions from {path.name}", ""]
    categories = list(systems[0][1].per_category)
    header = f"{'':24}" + "".join(f"{name:>28}" for name, _ in systems)
    lines.append(header)
    for category in categories:
        lines.append(f"{category:24}" + "".join(f"{f.per_category.get(category, 0):27.1f}%" for _, f in systems))
    lines.append("")
    for label, attr in (("IN-SCOPE TOP-1", "in_scope"), ("OUT-OF-SCOPE REJECTION", "out_of_scope"),
                        ("ANSWER LANGUAGE", "language")):
        lines.append(f"{label:24}" + "".join(f"{getattr(f, attr):27.1f}%" for _, f in systems))
    lines.append("")
    lines.append("threshold sweep (ours): threshold -> in-scope / out-of-scope")
    for threshold in range(30, 81, 5):
        f = measure(ours(index, float(threshold)), cases, fact_ally)
        mark = "  <- chosen" if threshold == ANSWER_THRESHOLD else ""
        lines.append(f"  {threshold:3d} -> {f.in_scope:5.1f}% / {f.out_of_scope:5.1f}%{mark}")
    errors = systems[0][1].errors
    if errors and show_errors:
        lines.append("")
        lines.append(f"first {min(show_errors, len(errors))} of {len(errors)} misses (ours):")
        for case, outcome in errors[:show_errors]:
            got = outcome.fact_id or (f"ally:{outcome.ally}" if outcome.ally else "none")
            lines.append(f"  [{case.category}] {case.question[:70]!r}: expected {case.expect}, got {got}")
    return "\n".join(lines)
