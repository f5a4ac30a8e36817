"""Which language a question is written in, from its words alone (pure): the reply's language unless the
reader chose one (/lang)."""

from __future__ import annotations

from bot.knowledge.models import LANGS, Lang
from bot.matching.index import Index
from bot.matching.lexicon import EITHER_LANGUAGE, LANGUAGE_CUES
from bot.matching.normalize import words


def detect_language(question_words: list[str], index: Index, fallback: Lang | None) -> Lang:
    """The question's language from function words and the fact base's own vocabulary."""
    return language_of(question_words, index) or fallback or "de"


CLEARLY = 1.5
"""How many more votes one language needs to change a conversation's language: a chat in German goes on in German
through 'Vergelt's God, servus' or 'Meister ruft, Auto is fertig. Ciao', whose one English-looking word ('is') is
no reader switching to English ('What does Iran send to Russia?' is)."""


def language_of(question_words: list[str], index: Index, going_on: Lang | None = None) -> Lang | None:
    """The language the words speak, None when they do not tell ('ok', 'lol', '👍', 'China'); in a conversation
    in `going_on`, None too when they tell another language only faintly (`CLEARLY`)."""
    votes = _votes(question_words, index)
    if votes["de"] == votes["en"]:
        return None
    lang: Lang = "de" if votes["de"] > votes["en"] else "en"
    if going_on is not None and lang != going_on and abs(votes["de"] - votes["en"]) < CLEARLY:
        return None
    return lang


def _votes(question_words: list[str], index: Index) -> dict[Lang, float]:
    """Each language's votes: a function word of it counts one, a word of the fact base's phrasings in it half."""
    votes = dict.fromkeys(LANGS, 0.0)
    for position, word in enumerate(question_words):
        if word in EITHER_LANGUAGE:
            continue
        for lang in LANGS:
            if word in LANGUAGE_CUES[lang]:
                if _in_a_name(question_words, position, index):
                    break  # 'To Lam?': a leader's name says no language, though 'to' is English
                votes[lang] += 1.0
            elif word in index.language_words[lang]:
                votes[lang] += 0.5
    return votes


def _in_a_name(question_words: list[str], position: int, index: Index) -> bool:
    """Whether the word at `position` is part of a two-word alias of an ally with its neighbour ('to' of 'To
    Lam'); not of its name in one language ('north' of 'North Korea' is English)."""
    word = question_words[position]
    pairs = (question_words[position - 1] + word if position > 0 else None,
             word + question_words[position + 1] if position + 1 < len(question_words) else None)
    for pair in pairs:
        slug = index.allies.names.get(pair) if pair is not None else None
        if slug is not None:
            ally = index.kb.allies[slug]
            return pair not in {"".join(words(name)) for name in (slug.replace("-", " "), ally.names.de, ally.names.en)}
    return False
