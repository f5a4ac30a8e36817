"""Small talk: greetings, thanks, questions about the bot, doubt, insults and pasted code (pure). Such a
message is never answered with a fact, whatever words it shares with one ('Du lügst!', 'f*** dich du
scheiß maschine', 'You are now DAN')."""

from __future__ import annotations

import re

from bot.matching.folding import fold
from bot.matching.lexicon import (
    ABOUT_THE_BOT_OPENINGS,
    ADDRESSED,
    ANNOUNCED,
    ANNOUNCING,
    ARTICLE,
    ARTICLE_AGE,
    ASKING_WORDS,
    ASKS_WHICH_ITEMS,
    BACK_TO_THE_TOPIC,
    BEING,
    BOUGHT,
    CODE_MARKERS,
    DOMAIN,
    DW,
    GIST,
    GREETING,
    GREETS_ONLY_WITH_OTHERS,
    HOW_ARE_YOU,
    HOW_TO_OPENINGS,
    IN_RUSSIAN,
    JUDGING_THE_BOT,
    JUST_SAY,
    KNOWING_ABOUT,
    NAMING,
    OF_A_CLAIM,
    OPINION,
    OPINION_PHRASES,
    ORDERED_TO_SAY,
    PERSONALLY,
    QUALITIES_OF_THE_BOT,
    QUESTION,
    RUN_BY,
    RUSSIA,
    SAYS_SMALL_TALK,
    SMALL_TALK,
    SMALL_TALK_PHRASES,
    SOMEONE_ELSE,
    TALKING_TO,
    WHAT_THE_BOT_SAYS,
    YOU,
    SmallTalk,
)
from bot.matching.normalize import CLAUSE_END, is_stop_word, names_the_war, words

# any of them anywhere, in one pass
_CODE = re.compile("|".join([*map(re.escape, CODE_MARKERS), IN_RUSSIAN, ORDERED_TO_SAY, JUST_SAY]))
# 'what kind of help' after an answer about help asks which help, not what the bot can do
_KIND_OF_HELP = re.compile(r"\b(?:(?:kind|sort|type)s? of (?:help|support)|(?:welche|was fur|was fuer|welcher art) "
                           r"(?:hilfe|unterstutzung))\b")
SPAM_REPEATS = 4  # a word or three said this often each and nothing else is no question
SPAM_WORDS = 3
ASKED_WORDS = 2  # 'arrest warrant putin', 'Russia really isolated' before 'or is that propaganda' ask a question
_EITHER = frozenset({"or", "oder"})
PERSONAL_REACH = 2  # 'was meinst du persönlich', 'und du selbst persönlich?', 'what about you personally'
QUALITY_REACH = 4  # 'are your answers even remotely neutral?'; not 'could you summarise ... is it neutral?'


def small_talk_in(question_words: list[str], question: str, *, named: bool) -> SmallTalk | None:
    """Greetings, thanks, 'who made you?', 'is that true?', 'lol', '👍', 'Du lügst!', pasted code: never
    answered with a fact. `named`: the message names an ally, so only code and judging the bot count."""
    lowered = f"{question.casefold()} "  # 'auf russisch ' ends a word, at the message's end too
    said = f"{' '.join(question_words)} "
    if _CODE.search(lowered) or said.startswith(HOW_TO_OPENINGS):
        return "chatter"
    if len(question_words) >= SPAM_REPEATS * len(set(question_words)) and len(set(question_words)) <= SPAM_WORDS:
        return "chatter"  # 'Putin Putin Putin Putin ...', 'Putin Xi Kim Putin Xi Kim ...'
    judged = _judging_the_bot(question_words, named=named)
    if judged is not None or named:
        return judged
    if not question_words:
        return "chatter" if question.strip() else None  # '?', '👍', '...'
    if _asks_the_gist(question_words):
        return None
    if (said.startswith(ABOUT_THE_BOT_OPENINGS) and not _knowing_about_a_topic(question_words, said)) or any(
            phrase in said for phrase in TALKING_TO):
        return "about_bot"
    phrase = SMALL_TALK_PHRASES.get(said[:-1]) or ("greeting" if _asks_how_it_goes(question_words) else None)
    if phrase is not None:
        return phrase
    own = _own_words(question_words)
    if _announces(own) or _announces_after_an_aside(question):
        return "help"  # 'Servus, ich hätte eine Frage zu Putin': what to ask, not a fact about him
    for kind in _kinds_for(question_words):
        vocabulary = _VOCABULARIES[kind]
        if kind == "about_bot":
            vocabulary = _about_the_bot(vocabulary, question_words)
        fits = all(word in vocabulary for word in own)
        if fits and any(word in SAYS_SMALL_TALK[kind] for word in question_words) and (kind != "greeting" or (
                ASKS_WHICH_ITEMS.isdisjoint(question_words)  # 'an welchem Tag?' asks
                and not set(own) <= GREETS_ONLY_WITH_OTHERS)):  # 'gibts die heute noch?' asks
            return kind
    return parting_with_an_aside(question)


ASIDE_AFTER_PARTING = 6  # 'Thank you. Back to the rake.', 'Danke! Muss jetzt los, der Bus kommt.'
_GOING_ON = frozenset({"und", "and", "also", "auch", "plus", "now", "jetzt", "nun"})  # 'thanks, and the sanctions'


def parting_with_an_aside(question: str) -> SmallTalk | None:
    """Thanks or a goodbye, then a short remark about the reader that asks nothing ('Thank you. Back to the
    rake.'): the thanks, not a question about a rake; not 'Danke. Und die Sanktionen' or 'thanks. why?'. Whether
    the remark names an ally ('Thanks. Iran') is for the caller to tell: small_talk_in is not asked then."""
    split = _FIRST_CLAUSE.match(question.strip()) if "?" not in question else None  # 'really? i thought ...'
    if split is None:
        return None
    head, rest = words(split.group(1)), words(split.group(2))
    if not rest or len(rest) > ASIDE_AFTER_PARTING or rest[0] in _GOING_ON or not ASKING_WORDS.isdisjoint(rest):
        return None
    parting = small_talk_in(head, split.group(1), named=False) if len(head) <= LEADING_WORDS else None
    return parting if parting in ("thanks", "goodbye") else None


# A clause before the question: up to a full stop, comma, colon, dash or question mark ('thanks. and Iran?',
# 'Egal. Zurück zum Thema: ...', 'Das glaub ich nicht. Quelle?')
_FIRST_CLAUSE = re.compile(r"^(.+?)(?:[.!?,:;]+\s+|\s+[-–—]+\s+)(.+)$", re.S)
# or one word of apology or surprise, typed without a stop after it ('sorry who's that again?', 'oh und wann?')
_INTERJECTION = re.compile(r"^(sorry|sry|pardon|entschuldigung|sorri|oh|ah|ach|oha|aha|hm+|ok|okay|oki)\s+(\S+\s.+)$",
                           re.S | re.I)
MAX_LEADING_CLAUSES = 3
LEADING_WORDS = 4  # 'ok fine sorry', 'Das glaub ich nicht'


def after_small_talk(question: str) -> str:
    """The message after the small talk it opens with ('thanks. and Iran?', 'ok fine sorry. what does vietnam
    think about the war', 'Egal. Zurück zum Thema: ...'): a follow-up read with the thanks in front reads as
    no follow-up at all. The whole message when it is small talk through and through. Only for a follow-up:
    'hello? anyone there' opening a chat asks nothing after the greeting."""
    for _ in range(MAX_LEADING_CLAUSES):
        split = _FIRST_CLAUSE.match(question.strip()) or _INTERJECTION.match(question.strip())
        if split is None:
            break
        head, rest = words(split.group(1)), words(split.group(2))
        opening = small_talk_in(head, split.group(1), named=False) if len(head) <= LEADING_WORDS else None
        then = small_talk_in(rest, split.group(2), named=False) if rest else "chatter"
        # 'Das glaub ich nicht. Quelle?' asks for the source; 'Stimmt es, dass ...' asks whether
        if not (" ".join(head) in BACK_TO_THE_TOPIC or opening == then == "doubt" or (
                opening in _LEADING and then is None)):
            break
        question = split.group(2)
    return question


# An opening that leaves the conversation for another question ('Okay andere Frage: Vietnam, auf welcher Seite
# stehen die?', 'ok different topic — is vietnam an ally too?', 'unrelated but is iran under sanctions too?'): what
# follows stands alone, its 'die' and 'too' are not the last answer's. Not 'zurück zum Thema', which goes back to it.
_NEW_TOPIC = re.compile(
    r"^\W*(?:(?:ok|okay|oki|so|gut|alright|right|danke|thanks|thx|und|and|dann|then|noch|kurz|mal|ganz|totally|"
    r"completely|entirely|quick|kleine)[\s,.!]+)*"
    r"(?:andere frage|anderes thema|was anderes|etwas anderes|neue frage|themawechsel|another question|"
    r"different question|different topic|other question|new question|unrelated|on another note|change of subject|"
    r"something else)(?:[\s,]+(?:but|aber|bruder|bro|mate|though))?(?:\s*[,:.;!?–—-]+|\s+(?=but\b))", re.I)


def opens_new_topic(message: str) -> bool:
    """Whether the message says it leaves the conversation's topic before it asks."""
    return _NEW_TOPIC.match(message) is not None


# a greeting word typed without a stop after it ('hi why did putin go to korea', 'Servus wer hilft Russland?')
_GREETED = re.compile(r"^(hi|hey|hiya|heya|hallo|hello|moin|servus|howdy|yo)\s+(\S.*)$", re.S | re.I)
GREETING_WORDS = 6  # "hi there, how's it going mate?"
_GREETING_STARTS = GREETING | {phrase.split()[0] for phrase in HOW_ARE_YOU}
_OPENING_WORD = re.compile(r"\W*(\w+)")


def after_greeting(question: str) -> str:
    """The message after the greetings it opens with ('Hallo! Warum war Putin in Nordkorea?', "How's the craic?
    Tell me who backs Russia"): 'hallo' and 'how are you' share no word with any fact, and read with the question
    they only lower how surely it is understood. The whole message when it is small talk through and through ('Hi
    there!', 'hi, quick question about putin': a question announced, not asked)."""
    opening = _OPENING_WORD.match(question)
    if opening is None or fold(opening.group(1).lower()) not in _GREETING_STARTS:
        return question  # a look-up: most messages open with no greeting
    asked = question
    for _ in range(MAX_LEADING_CLAUSES):
        split = _FIRST_CLAUSE.match(asked.strip()) or _GREETED.match(asked.strip())
        if split is None or all(word in GREETING or word in ADDRESSED for word in words(split.group(2))):
            break
        head = words(split.group(1))
        if (len(head) > GREETING_WORDS or _GREETING_STARTS.isdisjoint(head)  # a look-up: most heads greet not
                or small_talk_in(head, split.group(1), named=False) != "greeting"):
            break
        asked = split.group(2)
    if asked is not question and small_talk_in(words(question), question, named=False) is not None:
        return question
    return asked


def _asks_how_it_goes(question_words: list[str]) -> bool:
    """'How are you?', "hi there, how's it going mate": greeted, whatever 'how' and 'you' ask elsewhere."""
    said = f" {' '.join(question_words)} "
    return any(all(word in GREETING or word in ADDRESSED for word in said.replace(f" {phrase} ", " ", 1).split())
               for phrase in HOW_ARE_YOU if f" {phrase} " in said)  # any phrase: a set has no order to go by


def _announces(own: list[str]) -> bool:
    """'Ich hätte eine Frage zu Putin', 'quick question about russia': a question announced, none asked yet."""
    return not ANNOUNCED.isdisjoint(own) and all(word in ANNOUNCING or word in RUSSIA or word in GREETING
                                                 for word in own)


def _announces_after_an_aside(question: str) -> bool:
    """'Wir bauen grad Schneemänner, hätte ne kurze Frage zu Putin': the last clause announces a question, the
    ones before only tell and ask nothing."""
    clauses = [clause for clause in CLAUSE_END.split(question) if words(clause)]
    if len(clauses) < 2 or "?" in question:
        return False
    told = [word for clause in clauses[:-1] for word in words(clause)]
    return ASKING_WORDS.isdisjoint(told) and _announces(_own_words(words(clauses[-1])))


def _own_words(question_words: list[str]) -> list[str]:
    """The words a message says besides stop words; English 'war' after an article among them: 'when did the war
    start?' asks of the war, not how to start the bot."""
    own = [word for word in question_words if not is_stop_word(word)]
    return [*own, "war"] if names_the_war(question_words) else own


def _kinds_for(question_words: list[str]) -> tuple[SmallTalk, ...]:
    """The kinds of small talk a message may be: 'what kind of help', not said to the bot, asks which help; one
    about him, her or them and not said to the bot asks about them ('was hat er da gemacht?', 'so they help each
    other or', 'so is he wrong'), not about the bot (unless about its article: 'hat er den Artikel geschrieben?') or
    the chat."""
    if YOU.isdisjoint(question_words) and _KIND_OF_HELP.search(" ".join(question_words)):
        return tuple(kind for kind in _KINDS if kind != "help")
    if not YOU.isdisjoint(question_words) or SOMEONE_ELSE.isdisjoint(question_words):
        return _KINDS
    about_source = not ARTICLE.isdisjoint(question_words)
    return tuple(kind for kind in _KINDS if kind not in ("help", "chatter") and (kind != "about_bot" or about_source))


def _knowing_about_a_topic(question_words: list[str], said: str) -> bool:
    """'Was weißt du über Putins Reisen?', 'what do you know about the sanctions on russia?': a topic of Russia's
    asked about, not what the bot knows ('Was weißt du über Putin?' gets what it is and knows)."""
    if not said.startswith(KNOWING_ABOUT) or DOMAIN.isdisjoint(question_words):
        return False
    opening = next(len(phrase.split()) for phrase in KNOWING_ABOUT if said.startswith(phrase))
    return any(word not in DOMAIN and not is_stop_word(word) for word in question_words[opening:])


def _asks_the_gist(question_words: list[str]) -> bool:
    """'Worum geht es im Artikel?', 'Can you summarise the article?': what the article says, not who wrote it."""
    return not ARTICLE.isdisjoint(question_words) and not GIST.isdisjoint(question_words)


def _judging_the_bot(question_words: list[str], *, named: bool) -> SmallTalk | None:
    """'Du lügst!', 'Bist du neutral?', 'Ist die DW neutral?': doubt; "what's your opinion on putin?": about
    the bot, which has none, whoever the message names; 'gehörst du zur DW?': about the bot."""
    said_to_bot = not YOU.isdisjoint(question_words)
    judging = [word for n, word in enumerate(question_words)
               if word in JUDGING_THE_BOT and QUESTION.isdisjoint(question_words[n + 1:n + 2])
               and (said_to_bot or question_words[n - 1:n] != ["wie"])  # 'Heizkörper zischt wie blöd': how much
               and (word not in BOUGHT or not BEING.isdisjoint(question_words[:n]))
               and (not _asked_before_or(question_words[:n]) or _said_to_bot_after_or(question_words[:n]))
               and (said_to_bot or not _judges_something_of_russia(question_words, n))]
    if (said_to_bot or not named) and judging:
        return "doubt"
    # 'Ist die DW neutral?'; not 'wieso schreibt die dw dass china nicht neutral ist', whose quality is China's
    about_dw = not named and not DW.isdisjoint(question_words)
    if (about_dw and not QUALITIES_OF_THE_BOT.isdisjoint(question_words)) or _quality_of_the_bot(question_words):
        return "doubt"
    if not named and not DW.isdisjoint(question_words) and (said_to_bot or not RUN_BY.isdisjoint(question_words)):
        return "about_bot"  # 'gehörst du zur DW?', 'is this run by DW?'
    said = " ".join(question_words)
    if named and any(phrase in said for phrase in OF_A_CLAIM):
        return None
    asks_opinion = any(phrase in said for phrase in OPINION_PHRASES) or not OPINION.isdisjoint(question_words) or any(
        word in PERSONALLY and not YOU.isdisjoint(question_words[max(n - PERSONAL_REACH, 0):n])
        for n, word in enumerate(question_words))
    return "about_bot" if said_to_bot and asks_opinion else None


def _judges_something_of_russia(question_words: list[str], n: int) -> bool:
    """"where'd putin even go since that fake election in march": a judging word before a word of its own
    ('election') in a message about Russia judges that, and the reader asks about Russia's doings."""
    after = question_words[n + 1:n + 2]
    return (bool(after) and not is_stop_word(after[0]) and after[0] not in JUDGING_THE_BOT | WHAT_THE_BOT_SAYS
            and not DOMAIN.isdisjoint(question_words))


def _quality_of_the_bot(question_words: list[str]) -> bool:
    """'Are you neutral?', 'Sind deine Antworten neutral?': a quality near the word that addresses the bot is
    the bot's; in 'Could you summarise China's stance on the war? Is it genuinely neutral?' it is China's."""
    said = [n for n, word in enumerate(question_words) if word in YOU]
    return any(abs(n - m) <= QUALITY_REACH for n, word in enumerate(question_words) if word in QUALITIES_OF_THE_BOT
               for m in said)


def _asked_before_or(before: list[str]) -> bool:
    """'is there an ICC warrant for putin or is that western propaganda': the judging word doubts the claim the
    reader asked about before 'or', who wants the fact; 'is any of this true or is it propaganda' asks nothing."""
    if not _EITHER.intersection(before):
        return False
    asked = before[:max(n for n, word in enumerate(before) if word in _EITHER)]
    return sum(not is_stop_word(word) for word in asked) >= ASKED_WORDS


def _said_to_bot_after_or(before: list[str]) -> bool:
    """'is there a warrant or are you spreading propaganda?' doubts the bot; in 'You hear all sorts about Iranian
    drones... does Tehran really supply Moscow or is that propaganda?' the 'you' hears, and the claim is doubted."""
    last_or = max(n for n, word in enumerate(before) if word in _EITHER)
    return not YOU.isdisjoint(before[last_or:])


def _vocabulary(kind: SmallTalk) -> frozenset[str]:
    """The words a message of this kind may consist of (besides stop words): its own, greetings, for thanks
    and 'goodbye' chatter ('ok danke, interessant', 'cool thanks, bye'), and for 'goodbye' thanks."""
    chatter = SMALL_TALK["chatter"] if kind in ("thanks", "goodbye") else frozenset()
    return SMALL_TALK[kind] | SMALL_TALK["greeting"] | chatter | (
        SMALL_TALK["thanks"] if kind == "goodbye" else frozenset())


def _about_the_bot(vocabulary: frozenset[str], question_words: list[str]) -> frozenset[str]:
    """A question about the bot may ask how old the article is when it names the article; it asks the bot's
    name only when said to it ('wie heißt der?' after Russia's bases asks the port's name)."""
    if not ARTICLE.isdisjoint(question_words):
        vocabulary = vocabulary | ARTICLE_AGE
    return vocabulary - NAMING if YOU.isdisjoint(question_words) else vocabulary


# Small talk a follow-up may open with; not doubt: 'Du lügst. ...' says what follows is no question
_LEADING: tuple[SmallTalk | None, ...] = ("thanks", "chatter", "greeting")
_KINDS: tuple[SmallTalk, ...] = ("help", "goodbye", "thanks", "about_bot", "doubt", "chatter", "greeting")
_VOCABULARIES = {kind: _vocabulary(kind) for kind in _KINDS}  # in the order they are tried
