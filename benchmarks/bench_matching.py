"""How fast the matcher is, on the shipped fact base and on synthetic ones of growing size.

    uv run python benchmarks/bench_matching.py [--sizes 1000,10000,100000] [--questions N]

For each fact base it prints the index build time, the median and p99 latency of a chat's first message as the
bot reads it (`bot.context.understand`: the matcher, then the model learned from readers' questions; until the
twentieth round `bot.matching.match` alone was timed) over a fixed mixed question set (the evaluation questions,
typo'd copies of them and questions in the synthetic vocabulary), the same for a plain rapidfuzz WRatio
`extractOne` over every question variant, and peak memory. See benchmarks/README.md for the targets and the last
measured figures.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import math
import os
import pstats
import random
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process, utils

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

from synthetic import Generator, typo

from bot.context import understand
from bot.knowledge import DEFAULT_KNOWLEDGE_DIR, LANGS, KnowledgeBase, ValidationReport, load_knowledge
from bot.matching import Index, build_index
from bot.matching.folding import fold
from bot.matching.normalize import stem

EVAL_FILE = Path(__file__).resolve().parents[1] / "tests" / "eval" / "dev.yaml"
MIB = 1024 * 1024


@dataclass
class Row:
    name: str
    facts: int
    variants: int
    terms: int
    longest_posting: int
    build_s: float
    median_ms: float
    p99_ms: float
    max_ms: float
    cpu_p99_ms: float
    best_cpu_p99_ms: float  # each question's least CPU time over `repeats` cold rounds
    base_median_ms: float
    base_p99_ms: float
    build_peak_mib: float
    index_mib: float
    max_rss_mib: float


def pin_to_one_core() -> str:
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        return f"pinned to core {sorted(os.sched_getaffinity(0))[0]}"
    except (AttributeError, OSError) as exc:
        return f"not pinned ({exc})"


def question_set(gen: Generator, count: int, seed: int) -> list[str]:
    """The evaluation questions, each once more with typos, and questions in the synthetic vocabulary."""
    rng = random.Random(seed)
    items = yaml.safe_load(EVAL_FILE.read_text(encoding="utf-8"))
    real = [str(item["q"]).replace("\n", " ") for item in items if "q" in item]
    share = min(len(real), math.ceil(count * 0.35))
    chosen = rng.sample(real, share) if share < len(real) else real
    typos = [typo(q, rng) for q in chosen]
    synthetic = [gen.question() for _ in range(max(0, count - 2 * share))]
    questions = chosen + typos + synthetic
    rng.shuffle(questions)
    return questions


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def timed(run: Callable[[str], object], questions: list[str]) -> tuple[list[float], list[float]]:
    """Milliseconds per question: wall clock, and this thread's CPU time (what other processes on a
    shared machine do not add to)."""
    wall, cpu = [], []
    clock, cpu_clock = time.perf_counter_ns, time.thread_time_ns
    for question in questions:
        start, cpu_start = clock(), cpu_clock()
        run(question)
        cpu.append((cpu_clock() - cpu_start) / 1e6)
        wall.append((clock() - start) / 1e6)
    return wall, cpu


def variants_of(kb: KnowledgeBase) -> list[str]:
    return [q for e in kb.entries for lang in LANGS for q in e.fact.questions.get(lang)]


LEARNED = True
"""Whether a first message is revised by the model learned from readers (`--rules-only`: not, to time what it adds)."""


def first_message(index: Index, question: str) -> object:
    """A question as a chat's first message is read: the rules, then the learned model (bot/context.py)."""
    return understand(index, question, None, None, 0.0, learned=LEARNED).match


def measure(
    name: str, kb: KnowledgeBase, questions: list[str], warmup: list[str], baseline_count: int, repeats: int = 1
) -> Row:
    stem.cache_clear()  # a cold start: no word stemmed yet, as in a fresh process
    fold.cache_clear()
    gc.collect()
    start = time.perf_counter()
    index = build_index(kb)
    build_s = time.perf_counter() - start
    del index
    gc.collect()

    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    index = build_index(kb)
    after, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    for question in warmup:  # caches of words every reader uses, as in a running bot
        first_message(index, question)
    ours, ours_cpu = timed(partial(first_message, index), questions)
    rounds = [ours_cpu]
    for _ in range(repeats - 1):  # each round as cold as the first: a new index, no word stemmed yet
        stem.cache_clear()
        fold.cache_clear()
        index = build_index(kb)
        for question in warmup:
            first_message(index, question)
        rounds.append(timed(partial(first_message, index), questions)[1])
    best_cpu = [min(times) for times in zip(*rounds, strict=True)]

    variants = variants_of(kb)
    choices = [utils.default_process(v) for v in variants]

    def baseline(question: str) -> object:
        return process.extractOne(utils.default_process(question), choices, scorer=fuzz.WRatio, processor=None)

    base, _ = timed(baseline, questions[:baseline_count])
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return Row(
        name=name, facts=len(kb.entries), variants=len(variants), terms=len(index.vocabulary),
        longest_posting=max(len(p) for p in index.postings.values()), build_s=build_s,
        median_ms=statistics.median(ours), p99_ms=percentile(ours, 0.99), max_ms=max(ours),
        cpu_p99_ms=percentile(ours_cpu, 0.99), best_cpu_p99_ms=percentile(best_cpu, 0.99),
        base_median_ms=statistics.median(base), base_p99_ms=percentile(base, 0.99),
        build_peak_mib=(peak - before) / MIB, index_mib=(after - before) / MIB, max_rss_mib=max_rss,
    )


def render(rows: list[Row], questions: int, baseline_count: int) -> str:
    header = (f"{'fact base':>10} {'facts':>6} {'variants':>8} {'terms':>6} {'longest':>7} {'build s':>7} "
              f"{'median ms':>9} {'p99 ms':>7} {'max ms':>7} {'p99 CPU':>7} {'p99 best':>8} {'WRatio med':>10} "
              f"{'WRatio p99':>10} "
              f"{'build peak MiB':>14} {'index MiB':>9} {'max RSS MiB':>11}")
    lines = [header, "-" * len(header)]
    for r in rows:
        lines.append(
            f"{r.name:>10} {r.facts:>6} {r.variants:>8} {r.terms:>6} {r.longest_posting:>7} {r.build_s:>7.2f} "
            f"{r.median_ms:>9.3f} {r.p99_ms:>7.3f} {r.max_ms:>7.2f} {r.cpu_p99_ms:>7.3f} {r.best_cpu_p99_ms:>8.3f} "
            f"{r.base_median_ms:>10.3f} "
            f"{r.base_p99_ms:>10.3f} {r.build_peak_mib:>14.1f} {r.index_mib:>9.1f} {r.max_rss_mib:>11.0f}"
        )
    lines.append("")
    lines.append(f"latency over {questions} questions (WRatio baseline over the first {baseline_count}), wall clock "
                 "but 'p99 CPU' (this thread's CPU time);")
    lines.append("'p99 best' = p99 of each question's least CPU time over the rounds (each round cold: a new index, "
                 "no word stemmed), what the question itself costs without other processes' interference;")
    lines.append("'longest' = facts in the longest posting list; 'build' = cold (no word stemmed yet); 'build peak' = "
                 "tracemalloc peak while building;")
    lines.append("'index' = memory the built index keeps; 'max RSS' = the process's peak so far (ru_maxrss).")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="question variants of the synthetic fact bases (default 1000,10000,100000)")
    parser.add_argument("--questions", type=int, default=1000, help="questions timed per fact base (default 1000)")
    parser.add_argument("--baseline-questions", type=int,
                        help="questions timed for the WRatio baseline (default: all)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=5,
                        help="cold rounds per fact base for 'p99 best' (default 5; the other columns: the first)")
    parser.add_argument("--profile", type=int, metavar="VARIANTS",
                        help="instead of the table: cProfile a first message on a fact base of this many variants "
                             "(0 = the shipped one)")
    parser.add_argument("--rules-only", action="store_true",
                        help="time a first message without the model learned from readers (what it adds)")
    args = parser.parse_args(argv)
    global LEARNED
    LEARNED = not args.rules_only

    print(pin_to_one_core(), f"| Python {sys.version.split()[0]}", flush=True)
    kb = load_knowledge(DEFAULT_KNOWLEDGE_DIR)
    if isinstance(kb, ValidationReport):
        print(kb.render(), file=sys.stderr)
        return 1
    gen = Generator(kb, seed=args.seed)
    print(f"synthetic vocabulary: {len(gen.vocabulary['de'])} German and {len(gen.vocabulary['en'])} English "
          "words, Zipf-distributed", flush=True)
    questions = question_set(gen, args.questions, args.seed)
    warmup = question_set(Generator(kb, seed=args.seed + 1), 100, args.seed + 1)
    baseline_count = min(args.baseline_questions or len(questions), len(questions))

    if args.profile is not None:
        return profile(gen.knowledge_base(args.profile) if args.profile else kb, questions, warmup)

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    rows = [measure("shipped", kb, questions, warmup, baseline_count, args.repeats)]
    print(render(rows, len(questions), baseline_count), flush=True)
    for size in sizes:
        rows.append(measure(f"{size:,}", gen.knowledge_base(size), questions, warmup, baseline_count, args.repeats))
        print(f"\n{render(rows, len(questions), baseline_count)}", flush=True)
    return 0


def profile(kb: KnowledgeBase, questions: list[str], warmup: list[str]) -> int:
    start = time.perf_counter()
    index: Index = build_index(kb)
    print(f"{len(kb.entries)} facts, built in {time.perf_counter() - start:.2f} s", flush=True)
    for question in warmup:
        first_message(index, question)
    profiler = cProfile.Profile()
    profiler.enable()
    for question in questions:
        first_message(index, question)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
