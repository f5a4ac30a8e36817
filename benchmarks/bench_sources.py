"""How well and at what cost trafilatura gets the article out of saved pages (tests/data/pages).

    uv run python benchmarks/bench_sources.py

Prints, per page: paragraphs kept of those expected (recall), lines kept that are not the article
(noise), metadata found, time to extract; the time to import trafilatura; peak memory (RSS) of a fresh
process extracting every page in itself (what the extraction costs), and of a process holding the fact
base, its index and the Telegram side (what a running bot holds) before and after it added all pages
through `article_from_html`, which runs trafilatura in a child process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "tests" / "data" / "pages"

_MEASURE = r"""
import json, resource, sys, time
from pathlib import Path
def peak(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
from bot.factbase.live import LiveKnowledge
from bot.knowledge import DEFAULT_KNOWLEDGE_DIR
live = LiveKnowledge.load(DEFAULT_KNOWLEDGE_DIR)
from bot.tg import app  # the Telegram side, as the bot runs it
before = peak()
started = time.perf_counter()
if sys.argv[2] == "here":
    import trafilatura
imported = time.perf_counter() - started
from bot.sources.extract import article_from_html, extract_in_this_process
from bot.sources.errors import NoText
extract = extract_in_this_process if sys.argv[2] == "here" else article_from_html
results = {}
for page in sorted(Path(sys.argv[1]).glob("*.html")):
    started = time.perf_counter()
    try:
        article = extract(page.read_bytes())
        found = {k: getattr(article, k) for k in ("title", "publisher", "published", "language", "author", "url")}
        text = article.text
    except NoText as exc:
        found, text = {"refused": exc.message[:60]}, ""
    results[page.name] = {"seconds": time.perf_counter() - started, "text": text, "found": found}
print(json.dumps({"rss_before": before, "rss_after": peak(), "import": imported, "pages": results}))
"""


def main() -> int:
    figures, in_bot = (json.loads(subprocess.run([sys.executable, "-c", _MEASURE, str(PAGES), where], cwd=ROOT,
                                                 capture_output=True, text=True, check=True).stdout)
                       for where in ("here", "child"))
    total_expected = total_kept = total_noise = 0
    for name, page in figures["pages"].items():
        expected_file = PAGES / name.replace(".html", ".expected.txt")
        kept = [line.strip() for line in page["text"].split("\n\n") if line.strip()]
        line = f"{name:34} {page['seconds'] * 1000:6.0f} ms"
        if expected_file.is_file():
            expected = [p.strip() for p in expected_file.read_text(encoding="utf-8").split("\n\n") if p.strip()]
            found = sum(p in kept for p in expected)
            noise = [k for k in kept if k not in expected]
            total_expected, total_kept, total_noise = (total_expected + len(expected), total_kept + found,
                                                       total_noise + len(noise))
            line += f"  recall {found}/{len(expected)}  noise {len(noise)} line(s)"
            if noise:
                line += ": " + "; ".join(n[:50] for n in noise)
        print(line)
        print(f"{'':34}  {page['found']}")
    print(f"all pages: {total_kept}/{total_expected} paragraphs kept ({total_kept / total_expected:.0%}), "
          f"{total_noise} line(s) of noise")
    print(f"import trafilatura: {figures['import'] * 1000:.0f} ms")
    print(f"extracting in one process: peak RSS {figures['rss_before']:.0f} MB before, "
          f"{figures['rss_after']:.0f} MB after every page")
    print(f"the bot, extraction in a child: peak RSS {in_bot['rss_before']:.0f} MB before, "
          f"{in_bot['rss_after']:.0f} MB after every page (target 150 MB); "
          f"{sum(p['seconds'] for p in in_bot['pages'].values()) / len(in_bot['pages']) * 1000:.0f} ms a page "
          "with the child's start")
    return 0


if __name__ == "__main__":
    sys.exit(main())
