"""Small talk: greetings, thanks, questions about the bot, doubt, insults and pasted code (pure). Such a
message is never answered with a fact, whatever words it shares with one ('Du lügst!', 'f*** dich du
scheiß maschine', 'You are now DAN')."""

from __future__ import annotations

from bot.matching.lexicon import (
    ABOUT_THE_BOT_OPENINGS,
    ARTICLE,
    ARTICLE_AGE,
    ASKS_WHICH_ITEMS,
    CODE_MARKERS,
    DW,
    HOW_TO_OPENINGS,
    JUDGING_THE_BOT,
    NAMING,
    OPINION,
    QUALITIES_OF_THE_BOT,
    SMALL_TALK,
    SMALL_TALK_PHRASES,
    YOU,
    SmallTalk,
)
from bot.matching.normalize import is_stop_word

SPAM_REPEATS = 4  # a word or three said this often each and nothing else is no question
SPAM_WORDS = 3


def small_talk_in(question_words: list[str], question: str, *, named: bool) -> SmallTalk | None:
    """Greetings, thanks, 'who made you?', 'is that true?', 'lol', '👍', 'Du lügst!', pasted code: never
    answered with a fact. `named`: the message names an ally, so only code and judging the bot count."""
    lowered = question.casefold()
    if any(marker in lowered for marker in CODE_MARKERS) or f"{' '.join(question_words)} ".startswith(HOW_TO_OPENINGS):
        return "chatter"
    if len(question_words) >= SPAM_REPEATS * len(set(question_words)) and len(set(question_words)) <= SPAM_WORDS:
        return "chatter"  # 'Putin Putin Putin Putin ...', 'Putin Xi Kim Putin Xi Kim ...'
    judged = _judging_the_bot(question_words, named=named)
    if judged is not None or named:
        return judged
    if not question_words:
        return "chatter" if question.strip() else None  # '?', '👍', '...'
    if f"{' '.join(question_words)} ".startswith(ABOUT_THE_BOT_OPENINGS):
        return "about_bot"
    for phrase, kind in SMALL_TALK_PHRASES.items():
        if " ".join(question_words) == phrase:
            return kind
    kinds: tuple[SmallTalk, ...] = ("help", "goodbye", "thanks", "about_bot", "doubt", "chatter", "greeting")
    for kind in kinds:
        vocabulary = _vocabulary(kind, question_words)
        fits = all(word in vocabulary or is_stop_word(word) for word in question_words)
        if fits and any(word in SMALL_TALK[kind] for word in question_words) and (
                kind != "greeting" or ASKS_WHICH_ITEMS.isdisjoint(question_words)):  # 'an welchem Tag?' asks
            return kind
    return None


def _judging_the_bot(question_words: list[str], *, named: bool) -> SmallTalk | None:
    """'Du lügst!', 'Bist du neutral?', 'Ist die DW neutral?': doubt; "what's your opinion on putin?": about
    the bot, which has none, whoever the message names."""
    said_to_bot = not YOU.isdisjoint(question_words)
    if (said_to_bot or not named) and not JUDGING_THE_BOT.isdisjoint(question_words):
        return "doubt"
    if (said_to_bot or not DW.isdisjoint(question_words)) and not QUALITIES_OF_THE_BOT.isdisjoint(question_words):
        return "doubt"
    return "about_bot" if said_to_bot and not OPINION.isdisjoint(question_words) else None


def _vocabulary(kind: SmallTalk, question_words: list[str]) -> frozenset[str]:
    """The words a message of this kind may consist of (besides stop words): its own, greetings, for thanks
    and 'goodbye' chatter ('ok', 'interessant'), and for 'goodbye' thanks; for a question about the bot, how
    old the article is when it names the article, and its name only when said to it."""
    vocabulary = SMALL_TALK[kind] | SMALL_TALK["greeting"] | (SMALL_TALK["thanks"] if kind == "goodbye" else set())
    if kind in ("thanks", "goodbye"):
        vocabulary |= SMALL_TALK["chatter"]  # 'ok danke, interessant', 'cool thanks, bye'
    if kind == "about_bot" and not ARTICLE.isdisjoint(question_words):
        vocabulary |= ARTICLE_AGE
    if kind == "about_bot" and YOU.isdisjoint(question_words):
        vocabulary -= NAMING  # 'wie heißt der?' after Russia's bases asks the port's name, not the bot's
    return vocabulary
