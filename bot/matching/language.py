"""Which language a question is written in, from its words alone (pure): the reply's language unless the
reader chose one (/lang)."""

from __future__ import annotations

from bot.knowledge.models import LANGS, Lang
from bot.matching.index import Index
from bot.matching.lexicon import EITHER_LANGUAGE, LANGUAGE_CUES


def detect_language(question_words: list[str], index: Index, fallback: Lang | None) -> Lang:
    """The question's language from function words and the fact base's own vocabulary."""
    return language_of(question_words, index) or fallback or "de"


def language_of(question_words: list[str], index: Index) -> Lang | None:
    """The language the words speak, None when they do not tell ('ok', 'lol', '👍', 'China')."""
    votes = dict.fromkeys(LANGS, 0.0)
    for word in question_words:
        if word in EITHER_LANGUAGE:
            continue
        for lang in LANGS:
            if word in LANGUAGE_CUES[lang]:
                votes[lang] += 1.0
            elif word in index.language_words[lang]:
                votes[lang] += 0.5
    if votes["de"] != votes["en"]:
        return "de" if votes["de"] > votes["en"] else "en"
    return None
