"""The /status chart: questions per day and the share answered over 30 days, and the most asked unanswered.

matplotlib draws it (Agg backend, no display), in a child process (`python -m bot.moderation.chart`,
figures as JSON on stdin, PNG on stdout), as bot.sources.extract does for trafilatura: importing
matplotlib and drawing once costs the process some 60 MB that the bot would keep for good (see
benchmarks/bench_chart.py), and the bot's memory target is 150 MB.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

from bot.errors import ChartError
from bot.knowledge import Lang
from bot.moderation.texts import mt
from bot.store import Store, StoreUnavailable
from bot.store.decisions import Day, daily_questions

CHART_DAYS = 30
TOP_UNANSWERED = 5
RENDER_SECONDS = 60
LABEL = 48


@dataclass(frozen=True)
class StatusFigures:
    """What the chart shows, as numbers: also its caption and `allybot report status`."""

    lang: Lang
    days: list[Day]
    top_unanswered: list[tuple[str, int]]  # question, how often

    @property
    def questions(self) -> int:
        return sum(day.questions for day in self.days)

    @property
    def answered(self) -> int:
        return sum(day.answered for day in self.days)

    def caption(self) -> str:
        rate = f"{self.answered / self.questions:.0%}" if self.questions else "–"
        lines = [mt(self.lang, "status_caption_30", days=len(self.days), questions=self.questions,
                    answered=self.answered, rate=rate)]
        if self.top_unanswered:
            lines.append(mt(self.lang, "status_top"))
            lines += [f"{count}× {_short(question)}" for question, count in self.top_unanswered]
        return "\n".join(lines)


def status_figures(store: Store, lang: Lang, days: int = CHART_DAYS) -> StatusFigures:
    """The last `days` days (UTC, by the store's clock) from the question log; StoreUnavailable if unreadable."""
    groups = store.unanswered(days, limit=TOP_UNANSWERED)
    today = store.clock().astimezone(dt.UTC).date()
    return StatusFigures(lang, daily_questions(store, days, today), [(g.question, g.count) for g in groups])


def render_png(figures: StatusFigures) -> bytes:
    """The chart as PNG, drawn in a child process so the bot never holds matplotlib."""
    payload = json.dumps(dataclasses.asdict(figures), default=str).encode()
    try:
        done = subprocess.run([sys.executable, "-m", "bot.moderation.chart"], input=payload, capture_output=True,
                              timeout=RENDER_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise ChartError(f"drawing the chart took over {RENDER_SECONDS} seconds") from None
    if done.returncode != 0 or not done.stdout.startswith(b"\x89PNG"):
        raise ChartError("the chart could not be drawn: " + done.stderr.decode(errors="replace")[-300:].strip())
    return done.stdout


def draw_in_this_process(figures: StatusFigures) -> bytes:
    """What the child process does; matplotlib is imported only here."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    lang = figures.lang
    figure, (daily, top) = plt.subplots(2, 1, figsize=(7, 5.2), dpi=100, height_ratios=(3, 2))
    days = [day.day for day in figures.days]
    daily.bar(days, [day.questions for day in figures.days], color="#9bb7d4", label=mt(lang, "chart_questions"))
    daily.set_title(mt(lang, "chart_title", days=len(days)), fontsize=11)
    daily.tick_params(axis="x", labelsize=8, rotation=45)
    share = daily.twinx()
    rates = [day.answered / day.questions * 100 if day.questions else float("nan") for day in figures.days]
    share.plot(days, rates, color="#1f6f3f", marker="o", markersize=3, label=f"% {mt(lang, 'chart_answered')}")
    share.set_ylim(0, 105)
    share.set_ylabel("%", fontsize=9)
    handles = daily.get_legend_handles_labels()[0] + share.get_legend_handles_labels()[0]
    daily.legend(handles, [str(h.get_label()) for h in handles], loc="upper left", fontsize=8)
    top.set_title(mt(lang, "chart_top"), fontsize=10)
    if figures.top_unanswered:
        questions = [_short(question, LABEL) for question, _ in figures.top_unanswered][::-1]
        top.barh(questions, [count for _, count in figures.top_unanswered][::-1], color="#d49b9b")
        top.tick_params(axis="y", labelsize=8)
    else:
        top.text(0.5, 0.5, mt(lang, "chart_none"), ha="center", va="center", transform=top.transAxes)
        top.set_axis_off()
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return buffer.getvalue()


def _figures_from_json(data: dict[str, Any]) -> StatusFigures:
    days = [Day(dt.date.fromisoformat(day["day"]), int(day["questions"]), int(day["answered"])) for day in data["days"]]
    lang: Lang = "de" if data["lang"] == "de" else "en"
    return StatusFigures(lang, days, [(str(q), int(n)) for q, n in data["top_unanswered"]])


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _child() -> None:
    """`python -m bot.moderation.chart`: figures as JSON on stdin, the PNG on stdout."""
    sys.stdout.buffer.write(draw_in_this_process(_figures_from_json(json.loads(sys.stdin.buffer.read()))))


__all__ = ["ChartError", "StatusFigures", "StoreUnavailable", "render_png", "status_figures"]

if __name__ == "__main__":
    _child()
