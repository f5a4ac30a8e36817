"""What the /status chart costs: time to draw it, and peak memory (RSS) drawn in the bot or in a child.

    uv run python benchmarks/bench_chart.py

Each way runs in a fresh process that first holds what a running bot holds (fact base, index, the
Telegram side), then draws a chart of 30 busy days: "here" imports matplotlib and draws in that process
(what the bot would keep for good), "child" calls `render_png` as /status does. Prints the process's peak
RSS before and after, the child's peak, and the time of the first and of a second chart.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_MEASURE = r"""
import datetime as dt, json, resource, sys, time
def peak(kind=resource.RUSAGE_SELF): return resource.getrusage(kind).ru_maxrss / 1024
from bot.factbase.live import LiveKnowledge
from bot.knowledge import DEFAULT_KNOWLEDGE_DIR
live = LiveKnowledge.load(DEFAULT_KNOWLEDGE_DIR)
from bot.tg import app  # the Telegram side, as the bot runs it
from bot.moderation.chart import StatusFigures, draw_in_this_process, render_png
from bot.store.decisions import Day
today = dt.date(2026, 12, 1)
days = [Day(today - dt.timedelta(days=29 - n), 400 + 13 * n, 300 + 9 * n) for n in range(30)]
top = [("Kauft China russisches Öl? " * (n + 1), 40 - 5 * n) for n in range(5)]
figures = StatusFigures("de", days, top)
draw = draw_in_this_process if sys.argv[1] == "here" else render_png
before = peak()
times = []
for _ in range(2):
    started = time.perf_counter()
    png = draw(figures)
    times.append(time.perf_counter() - started)
print(json.dumps({"before": before, "after": peak(), "child": peak(resource.RUSAGE_CHILDREN),
                  "first_s": times[0], "second_s": times[1], "png_kb": len(png) / 1024}))
"""


def measure(where: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", _MEASURE, where], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> None:
    print("| drawn in | bot peak RSS before MiB | bot peak RSS after MiB | child peak MiB | first chart s | "
          "next chart s | PNG KiB |")
    print("|---|---|---|---|---|---|---|")
    for where in ("here", "child"):
        m = measure(where)
        child = f"{m['child']:.0f}" if where == "child" else "–"
        print(f"| {where} | {m['before']:.0f} | {m['after']:.0f} | {child} | {m['first_s']:.2f} | "
              f"{m['second_s']:.2f} | {m['png_kb']:.0f} |")


if __name__ == "__main__":
    main()
