"""Where the bot's memory goes while it loads the fact base and answers: resident memory by kind, per stage.

    uv run python benchmarks/bench_memory_stages.py [--questions 300]

In this process, as the bot does it: imports (the Telegram library included), the fact base loaded as the bot
serves it (`LiveKnowledge.load`, which builds the index and embeds every phrasing), then the questions of
tests/eval/dev84.yaml read one by one. Prints per stage the resident memory (VmRSS), the peak so far (VmHWM), and
of the resident memory what is the process's own (RssAnon) and what is mapped from files (RssFile: libraries,
and any weights read through a memory map), and whether the embedding's weights file is mapped at all. The
fact base's load peaks above what it keeps by the difference of the two 'loaded' figures.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def status() -> dict[str, float]:
    """The process's memory figures in MiB, from /proc/self/status (Linux)."""
    figures = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
            figures[name] = int(value.split()[0]) / 1024
    return figures


def report(stage: str) -> None:
    from bot.matching.semantic import WEIGHTS_FILE

    now = status()
    mapped = Path(WEIGHTS_FILE).name in Path("/proc/self/maps").read_text()
    print(f"{stage:34} RSS {now['VmRSS']:6.1f}  peak {now['VmHWM']:6.1f}  own {now['RssAnon']:6.1f}  "
          f"files {now['RssFile']:5.1f} MiB  weights mapped: {'yes' if mapped else 'no'}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=300, help="questions of dev84.yaml to answer (300)")
    args = parser.parse_args()
    report("start")
    import telegram.ext  # noqa: F401  (the bot imports it; its memory counts)

    import bot.tg  # noqa: F401
    from bot.context import understand
    from bot.evaluation.cases import load_eval_set
    from bot.factbase.live import LiveKnowledge
    from bot.knowledge import DEFAULT_KNOWLEDGE_DIR

    report("imports")
    live = LiveKnowledge.load(DEFAULT_KNOWLEDGE_DIR)
    if not isinstance(live, LiveKnowledge):
        raise SystemExit(f"the fact base has problems:\n{live.render()}")
    report("fact base loaded (RSS kept, peak)")
    questions = [case.question for case in load_eval_set(ROOT / "tests/eval/dev84.yaml").questions]
    for number, question in enumerate(questions[:args.questions], start=1):
        understand(live.index, question, None, None, 0.0)
        if number in (1, 10, 100, args.questions):
            report(f"after {number} questions")


if __name__ == "__main__":
    main()
