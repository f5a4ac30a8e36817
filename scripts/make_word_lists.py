"""Regenerate the word lists the matcher ships (bot/matching/data/), from wordfreq and pycountry.

    uv run python scripts/make_word_lists.py

The bot reads the small lists instead of the packages: wordfreq's German and English tables alone take
~95 MB of memory, of which the matcher needs only the ~14,000 words common enough to be discounted.
tests/test_word_lists_in_sync.py fails when a list differs from what this script writes.
"""

from __future__ import annotations

import gettext
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "bot" / "matching" / "data"
sys.path.insert(0, str(DATA.parents[2]))

from bot.matching.commonness import COMMON_WORDS_FILE, RARE_ZIPF  # noqa: E402
from bot.matching.countries import COUNTRIES_FILE, EXTRA_COUNTRIES  # noqa: E402
from bot.matching.normalize import words  # noqa: E402

LANGS = ("de", "en")


def common_words() -> str:
    """'word<TAB>zipf' for every word whose Zipf frequency in German or English is above RARE_ZIPF
    (rarer words are not discounted), numbers up to 9999 included (wordfreq estimates those)."""
    from wordfreq import get_frequency_dict, zipf_frequency

    candidates = {word for lang in LANGS for word in get_frequency_dict(lang, "best")}
    candidates |= {str(number) for number in range(10000)}
    rows = []
    for word in sorted(candidates):
        zipf = max(zipf_frequency(word, lang) for lang in LANGS)
        if zipf > RARE_ZIPF and word.isalnum():
            rows.append(f"{word}\t{zipf:.2f}\n")
    return "".join(rows)


def countries() -> str:
    """Every country's name in English and German, folded and joined without spaces, one a line."""
    import pycountry

    german = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"], fallback=True)
    names: set[str] = set(EXTRA_COUNTRIES.split())
    for country in pycountry.countries:
        for label in (country.name, getattr(country, "common_name", None), german.gettext(country.name)):
            if label:
                names.add("".join(words(label.split(",")[0])))
    return "".join(f"{name}\n" for name in sorted(names) if len(name) >= 4)


def main() -> None:
    for path, text in ((COMMON_WORDS_FILE, common_words()), (COUNTRIES_FILE, countries())):
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path} ({text.count(chr(10))} lines)")


if __name__ == "__main__":
    main()
