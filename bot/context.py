"""Follow-up questions: what a reader's next message means after the last answer (pure).

"Liefert der Iran Drohnen?" then "und Nordkorea?" asks the same about North Korea; "Hat es auch Waffen
geliefert?" or "Does it send weapons?" asks about the ally just talked about. A chat remembers its last
ally and fact for `REMEMBER_SECONDS` (in memory only, at most `MAX_CHATS` chats: bot/memory.py); Telegram and the
terminal chat only hold a `Context` or a `ConversationMemory`, the reading of it lives here.

The rules, in order: a question naming an ally and a topic stands on its own; a bare ally name gets the
last topic for that ally when it has a fact on it (found by the last fact's phrasings, else by the
reader's own last question), else its topic list; a question naming no ally is about the last ally when
it points back ("dort", "it", "that country") or cannot be answered alone ("wer ist das?" asks for its
leader, "how do we know?" for the fact that shows it, "since when?" is offered, not repeated, when the
last fact gives no time, "und umgekehrt?" the last question the other way round), and a complete question
that can be answered alone is. Context never turns an answer into no answer, but neither a pointing question
nor a short one ('liefern die auch Waffen?' after China) is answered with another ally's fact: the
conversation's ally's facts are offered.
The words these rules read by are in bot/follow_up_words.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.follow_up_words import (
    ASKS_WHICH_OR_WHERE,
    DOING,
    HELPING,
    POINTING_BACK,
    REPHRASED,
    SAYING,
    THE_SAME,
    THEM,
    WENT_TO,
    WHY,
    asks_evidence,
    asks_for_others,
    asks_for_source,
    asks_if_putin_went_there,
    asks_if_putin_went_to,
    asks_nothing_new,
    asks_the_reverse,
    asks_to_rephrase,
    asks_to_rephrase_aside,
    asks_what_it_brings,
    asks_what_it_meant,
    asks_what_no_fact_lists,
    asks_which_ally,
    asks_which_countries,
    asks_who_else,
    asks_who_that_is,
    asks_why_not,
    asks_why_said,
    language_asked,
    likens,
    only_compares,
    points_back,
)
from bot.knowledge.base import Entry
from bot.knowledge.models import LANGS, Lang
from bot.matching import ANSWER_THRESHOLD, Index, Match, match
from bot.matching import learned as from_readers
from bot.matching.allies import Mention, allies_set_aside
from bot.matching.decide import (
    MAX_SUGGESTIONS,
    STORY_WORDS,
    asking_sentences,
    learned_reading,
    sentences_of,
    written_down_for,
)
from bot.matching.language import language_of
from bot.matching.learned import NO_FACT, follow_up_signs
from bot.matching.lexicon import (
    AGO,
    ASKS_WHICH_ITEMS,
    ASKS_WHO,
    DOMAIN,
    EXACTLY,
    LATEST,
    LEADS,
    NOW,
    STOP_WORDS,
    THE_COUNTRY,
    YEAR_ASKED,
    word_set,
)
from bot.matching.normalize import excerpt, stem, words
from bot.matching.persons import (
    about_person,
    asks_for_leader,
    he_meant,
    he_named,
    holds_power,
    person_in_topic,
    person_meant,
    persons_named,
    says_he,
)
from bot.matching.rank import OFFERED_UNLESS_STATED, asks_beside, asks_for
from bot.matching.small_talk import after_greeting, after_small_talk, opens_new_topic, parting_with_an_aside
from bot.matching.spelling import spelt_out
from bot.reasons import gives_reason, reason_of, shown_or_explained, stating
from bot.same_topic import other_country_question_for, same_topic_for
from bot.timeline import Question, TimeAsked, at_time, in_time, read_time

REMEMBER_SECONDS = 15 * 60
GOING_ON = 25.0  # a follow-up whose best fact is the last one, this close, asks on about it
ECHOED_FACTS = 2  # a word of the last answer found in no more facts than this is taken up from it (`_echoes`)
REASON_GAP = 0.03  # a why-question's answer gives way to the fact that says why when this close (`_about_as_close`)
SHORT_WORDS = 2  # a follow-up with no more words than this besides stop words cannot stand alone
KEYWORD_AGAIN = word_set("und and oder or")  # what else a keyword asked again may say (not 'troops too?')
MAX_KEYWORDS_ASKED = 3  # a bare follow-up of at most this many of the last answer's keywords asks for it again
WHO_IS = {"de": "Wer ist", "en": "Who is"}  # 'who's he?' after To Lam asks what 'Who is To Lam?' asks
BRINGS_QUESTION = {"de": "Was hat {} davon?", "en": "What does {} get out of it?"}  # "what's in it for them?"
VISIT_QUESTION = "Ist Putin dorthin gereist?"  # 'War Putin da mal?', 'Has Putin been there?', about the ally
WHICH_COUNTRIES = {"de": "Welche Länder hat Putin besucht?", "en": "Which countries did Putin visit?"}
TRIP = word_set("trip trips visit visits")  # a fact about one of Putin's trips, by its topic's words
# 'can he still go to china then?' after the ICC warrant: whether the warrant still lets him travel
WARRANT = word_set("warrant haftbefehl haftbefehls")
TRAVELS = word_set("go fly flies travel travels visit come reisen reist fliegen fliegt hinfliegen einreisen besuchen "
                   "kommen kommt")
WENT = TRAVELS | word_set("went flew visited gone gereist geflogen gefahren fahrt fahren besucht war")  # 'why ... go'
THERE = word_set("da dort there")
DONE = word_set("gemacht getan did do done")  # what someone did there: what the last answer says happened
CAN = word_set("can could still kann konnte konnen darf durfte noch trotzdem")
PUTIN = frozenset({"putin"})  # 'er' after Putin's visit to an ally: Putin, read with his name (`_he_is_putin`)
# 'und wieso nimmt ihn dann keiner fest wenn er nach china fliegt?': whether he is arrested where he travels
ARRESTED = word_set("fest festnehmen festgenommen verhaften verhaftet arrest arrested arrests")
# 'then how did he go to China and Korea?', 'wie ist er dann nach Vietnam gekommen?': how, if the warrant stops him
HOW_THEN = (word_set("how wie wieso"), word_set("then dann anyway trotzdem"))
CAME = WENT | word_set("came gekommen hingekommen")
STILL_TRAVEL = {"de": "Kann Putin trotz Haftbefehl noch reisen?",
                "en": "Can Putin still travel despite the arrest warrant?"}
WHERE = word_set("wo wohin where")  # 'where exactly?': a place, which another fact of the ally may name
SINCE_ASKED = word_set("seit since")  # 'seit wann?': a fact that says since when answers it without a date
# 'where did he travel after that?': after the last answer's topic
_SINCE_THEN = re.compile(r"\b(?:danach|seitdem|seither|since then|after that|afterwards)\b", re.IGNORECASE)
SINCE = {"de": "seit", "en": "since"}
WHY_HELP = "Warum hilft {} Russland?"  # 'Warum liefert Teheran Drohnen an Moskau?': why the ally helps at all
VISIT_TO = "Ist Putin nach {} gereist?"  # 'War Putin echt in Nordkorea?', 'did putin actually go to pyongyang'


# 'back to the first one – any Russian nukes there?', 'zurück zum ersten: wie stimmen die in der UNO ab?', 'when did
# Putin last visit the first one?': the first ally the chat talked about, whose name the phrase stands for
_THE_FIRST = re.compile(r"\b(?:(?:going |go |let'?s go )?back to the (?:very )?first(?: one| country| guy| ally)?"
                        r"|(?:zurück )?zu(?:m| dem) (?:aller)?ersten(?! mal)(?: land)?|the first (?:one|country|guy)"
                        r"|das erste land)\b", re.IGNORECASE)

# 'gleiche Frage für Syrien', 'same question for Iran', 'dasselbe für Belarus': the last topic for another ally
_SAME_QUESTION = re.compile(r"\b(?:gleiche frage|selbe frage|same question|same for|dasselbe|das gleiche|same thing)\b")


@dataclass(frozen=True)
class Context:
    """What a chat talked about last: the ally (None: the general background), the fact answered, and the
    last topic, which outlives a turn that showed an ally's topics ('Waffen aus China?', 'und Vietnam?'
    with no such fact, 'und Nordkorea?' asks about weapons still)."""

    ally: str | None
    fact_id: str | None
    at: float  # time.monotonic() of the turn
    topic_id: str | None = None  # the last fact answered, even when a later turn answered none
    asked: str | None = None  # the reader's own words for that topic: 'Hat Russland Soldaten in Belarus?'
    person: frozenset[str] = frozenset()  # the person of the ally last named: 'assad' ('Ist der noch Präsident?')
    lang: Lang | None = None  # the language the reader last wrote in: 'ok thanks' after English is English
    first_ally: str | None = None  # the first ally the chat talked about: 'back to the first one'
    chatted: bool = False  # the chat began with a question about the bot or its article: 'wer hat den geschrieben?'

    def fresh(self, now: float) -> bool:
        return now - self.at <= REMEMBER_SECONDS


@dataclass(frozen=True)
class Understood:
    """A question read in context: the match to reply with and the ally it assumed (None: none assumed)."""

    match: Match
    assumed_ally: str | None = None
    named_ally: str | None = None  # the ally the question named, answered or not
    own_topic: bool = True  # False: the answer came from the conversation ('und Nordkorea?', 'Wann war das?')
    persons: frozenset[str] = frozenset()  # the persons the question named ('Was sagt Assad zum Krieg?')
    written: Lang | None = None  # the language the question's own words speak, if they tell
    elsewhere: bool = False  # unanswered, about a country that is no ally ('Ist Kasachstan ein Verbündeter?')


def understand(index: Index, question: str, lang: Lang | None, context: Context | None, now: float, *,
               threshold: float = ANSWER_THRESHOLD, meaning: bool = True, learned: bool = True,
               when: TimeAsked | None = None) -> Understood:
    """The reply decision for `question` after `context` (None or stale: the question alone); `threshold`
    and `meaning` as for `match` (`allybot eval`'s sweep and ablations read the question alone so), `learned`
    whether the models learned from readers revise the rules' readings of a question alone and of a follow-up
    (they read the embedding too, so `meaning=False` leaves them out as well). `when`: the time the reader named,
    which the question no longer holds (bot/timeline.py); a follow-up that asks nothing else ('What was it in June
    2024?' read 'What was it?') after an answer that stood otherwise then asks for the answer as it stood, which the
    follow-up model, never shown the time, must not revise (it may after 'and before that?': the trip before)."""
    understood = _in_conversation(index, question, lang, context, now, threshold=threshold, meaning=meaning,
                                  learned=learned, when=when)
    if understood.match.kind == "none" and context is not None and context.fresh(now) and opens_new_topic(question):
        # 'Okay andere Frage: Vietnam, auf welcher Seite stehen die?' after Assad: the conversation's ally is not
        # 'die'; read alone, as the reader said. Only when the conversation finds nothing: the follow-up model,
        # trained on such turns, reads most of them right ('different question: what did iran deliver?')
        return _in_conversation(index, question, lang, None, now, threshold=threshold, meaning=meaning,
                                learned=learned, when=when)
    return understood


def understand_in_time(index: Index, question: str, lang: Lang | None, context: Context | None, now: float, *,
                       threshold: float = ANSWER_THRESHOLD, meaning: bool = True, learned: bool = True
                       ) -> tuple[Understood, Question]:
    """`understand` with the time a question names (bot/timeline.py): the question is read without it, then each
    fact found is swapped for its version of that time (the newest when none is named). The reply and `allybot
    eval` both read a question so; also returns the question split into its time and the rest."""
    asked = read_time(question)
    understood = understand(index, asked.rest, lang, context, now, threshold=threshold, meaning=meaning,
                            learned=learned, when=asked.when)
    return replace(understood, match=in_time(index.kb, understood.match, asked, last_answered(context, now))), asked


def last_answered(context: Context | None, now: float) -> str | None:
    """The fact the chat answered last while the chat is remembered: 'Und im Juni 2024?' and 'Quelle?' ask of it."""
    return context.fact_id if context is not None and context.fresh(now) else None


def _others_asked(index: Index, question: str, going_on: Context | None) -> str:
    """A first question without the allies it sets aside (bot/matching/allies.py); in a chat, 'who else
    congratulated him besides vietnam' is of the chat's ally, which the follow-up reading needs named."""
    return allies_set_aside(index.allies, question) if going_on is None else question


def _in_conversation(index: Index, question: str, lang: Lang | None, context: Context | None, now: float, *,
                     threshold: float, meaning: bool, learned: bool, when: TimeAsked | None) -> Understood:
    written, question = question, spelt_out(question)
    folded = said = words(question)
    going_on = context if context is not None and context.fresh(now) else None
    written_in = language_of(folded, index, going_on.lang if going_on is not None else None)
    if written_in is None and going_on is not None and going_on.lang is not None:
        lang = going_on.lang  # 'ok thanks', 'lol', 'und Iran?' say no language of their own
    first = _the_first_ally(index, question, going_on, lang or written_in)
    if first is not None:
        question = first[1]
    greeted, question = question, after_greeting(question)  # 'Hallo! Warum war Putin in Nordkorea?': its
    question = _others_asked(index, question, going_on)  # language is told already
    folded = folded if question is greeted else words(question)
    parting = parting_with_an_aside(question) is not None and not index.allies.find(folded)
    if going_on is not None and not parting and not _asks_to_rephrase(index, question):
        question = after_small_talk(question)  # 'thanks. and Iran?'; not 'Say that simpler, for my kids.'
        folded = words(question)  # nor 'Thank you. Back to the rake.': thanks, and nothing asked after them
    understood = in_language = _in_language(index, question, going_on, folded) if going_on is not None else None
    switched = _language_then_question(question) if understood is None else None
    if switched is not None:
        lang, question = switched
        folded = words(question)
    if understood is None:
        reading = Reading(threshold, meaning, learned and meaning)
        understood = _understand(index, question, lang, context, now, reading)
        if going_on is not None and understood.match.kind == "none":  # not 'Du lügst, das war kein Einmarsch'
            # in the whole message's language: 'Proper job,' alone tells none ('Proper job, cheers')
            understood = _in_one_sentence(index, question, lang or written_in, context, now, reading) or understood
        if going_on is not None and reading.learned and not _as_it_stood(index, understood.match, going_on, folded,
                                                                         when):
            understood = _learned_follow_up(index, question, understood, going_on)
    told = switched[0] if switched is not None else (
        _told_language(index, said, folded, written_in, going_on) if in_language is None else None)
    if told is not None and told != understood.match.lang:
        understood = replace(understood, match=replace(understood.match, lang=told))
    understood = replace(understood, written=written_in, match=replace(understood.match, query=excerpt(written)))
    if first is not None and understood.match.ally == first[0]:
        understood = replace(understood, assumed_ally=first[0], named_ally=None)  # 'Zu Belarus: ...'
    if understood.match.kind == "none" and index.allies.other_countries(words(question)):
        understood = replace(understood, elsewhere=True)
    named = index.allies.find(folded)
    if len({m.ally for m in named}) != 1:
        return understood
    return replace(understood, persons=persons_named(index, folded, named, named[0].ally, understood.match.lang))


def _as_it_stood(index: Index, found: Match, context: Context, folded: list[str], when: TimeAsked | None) -> bool:
    """'What was it in June 2024?' after Syria's ally fact: the rules read the last answer again, which at the time
    named was an older fact of its chain."""
    if when is None or found.kind != "answer" or found.entry is None or found.entry.id != context.fact_id:
        return False
    return asks_nothing_new(folded, frozenset()) and at_time(index.kb, found.entry, when) is not found.entry


def _told_language(index: Index, said: list[str], asked: list[str], written_in: Lang | None, going_on: Context | None
                   ) -> Lang | None:
    """The language a reply must be in whatever the words read as the question speak: the conversation's, when the
    message tells another only faintly ('Meister ruft, Auto is fertig. Ciao' in a German chat); the message's own,
    when what is left after its thanks or greeting (`asked`) tells none ("Thanks, bike's ready"); `said`: the whole
    message's words. None: the question's."""
    if going_on is not None and written_in is None and language_of(said, index) is not None:
        return going_on.lang
    return written_in if language_of(asked, index) is None else None


def _the_first_ally(index: Index, question: str, context: Context | None, lang: Lang | None
                    ) -> tuple[str, str] | None:
    """'ok back to the first one, what did they ship to the russian army': the chat's first ally, and the question
    with its name for the phrase, when the chat has since moved on to another."""
    found = _THE_FIRST.search(question)
    if found is None or context is None or context.first_ally is None or context.first_ally == context.ally:
        return None
    country = index.kb.allies.get(context.first_ally)  # None: an editor removed it since (the chat outlives a reload)
    if country is None:
        return None
    return context.first_ally, f"{question[:found.start()]}{country.names.get(lang or 'de')}{question[found.end():]}"


@dataclass(frozen=True)
class Reading:
    """How a question alone is read: at what threshold, with the semantic signal or by words alone, and whether
    the model learned from readers' questions may revise it."""

    threshold: float = ANSWER_THRESHOLD
    meaning: bool = True
    learned: bool = True


def _understand(index: Index, question: str, lang: Lang | None, context: Context | None, now: float,
                reading: Reading) -> Understood:
    folded = words(question)
    named = index.allies.find(folded)
    fresh = context is not None and context.fresh(now)
    alone = _alone(index, question, lang, named, reading, learned=not fresh)
    topic = context.fact_id or context.topic_id if context is not None else None
    if fresh and context and len({m.ally for m in named}) == 1 and alone.kind != "small_talk":
        unnamed = [word for n, word in enumerate(folded) if not any(m.start <= n < m.end for m in named)]
        # 'Und China macht das nicht?', 'and north korea in one sentence?', 'belarus same format'
        same = alone.kind == "ally" or asks_nothing_new(unnamed, (THE_SAME | REPHRASED) if named[0].ally == context.ally
                                                         else THE_SAME | REPHRASED | DOING)
        last = index.kb.get(context.fact_id) if context.fact_id else None
        other = _another_or_a_person(index, alone, last, context, folded, named, same=same)
        if other is not None:
            return Understood(other, assumed_ally=other.ally, own_topic=False)
        if topic and named[0].ally == context.ally and context.fact_id and asks_nothing_new(unnamed, DOMAIN):
            if alone.kind == "ally" and last is not None and last.ally == context.ally:
                # 'and North Korea?' after North Korea's votes answered a question about China, 'und Xi in
                # Russland?' after Putin's state visit to China, whose fact says when Xi came: that answer
                return _again(index, alone, last, folded, context)
            # 'und was hat Kim davon?' in a conversation about North Korea: about the last answer
            return _about_last_ally(index, question, lang, alone, context)
        compared_or_why = _compared_or_why(index, alone, last, context, named[0].ally, unnamed, folded,
                                           named[0].start)
        if compared_or_why is not None:
            return compared_or_why
        also = not THE_SAME.isdisjoint(unnamed) and asks_nothing_new(unnamed, THE_SAME | DOMAIN)
        # 'Hat Russland sowas auch mit Vietnam?'; not 'Wann war Xi zuletzt in Russland?' after Xi, which answers itself
        if topic and (same or also) and not (named[0].ally == context.ally and alone.kind == "answer"):
            bare = Match(alone.query, alone.lang, "ally", score=100.0, ally=named[0].ally,
                         suggestions=tuple(index.kb.of_ally(named[0].ally)[:MAX_SUGGESTIONS]))
            found = same_topic_for(index, bare, topic, context.asked)
            return Understood(found, assumed_ally=found.ally if found.kind == "answer" else None, own_topic=False)
    if fresh and context and not topic and context.asked and alone.kind == "ally" and len(named) == 1:
        found = other_country_question_for(index, context.asked, alone)  # 'Und Belarus?' after Kazakhstan
        return Understood(found, assumed_ally=found.ally if found.kind == "answer" else None, own_topic=False)
    asked_plainly = _despite_the_warrant(index, alone, folded, named, context if fresh else None) or (
        _visit_or_reason(index, question, alone, folded, named, reading) if named else None)
    if asked_plainly is not None:
        return asked_plainly
    if named:
        return Understood(alone, named_ally=named[0].ally)  # a complete question, or no context to build on
    last = index.kb.get(context.fact_id) if fresh and context and context.fact_id else None
    if context and last is not None and (
            again_or_other := _again_or_who_else(index, question, alone, last, folded, context)) is not None:
        return again_or_other
    # 'how do you know?' asks the bot, but after an answer it asks what shows that answer
    talk = alone.kind == "small_talk" and not (last is not None and (asks_evidence(folded) or asks_why_said(folded)))
    if context is None or not fresh or talk or (context.ally is None and not context.fact_id):
        return Understood(alone)
    return _about_last_ally(index, question, lang, alone, context)


def _another_or_a_person(index: Index, alone: Match, last: Entry | None, context: Context, folded: list[str],
                         named: list[Mention], *, same: bool) -> Match | None:
    """'anyone else vote like pyongyang?' after North Korea's UN votes: another ally's fact on them (`_who_else`);
    'and Assad?' after Lukashenko, 'and Raisi?' after Iran's topics: that person (`person_meant`)."""
    if last is not None and named[0].ally == last.ally and (other := _who_else(index, last, folded, alone)):
        return other
    return person_meant(index, alone, last, context.ally, folded, named) if same else None


def _again_or_who_else(index: Index, question: str, alone: Match, last: Entry, folded: list[str], context: Context
                       ) -> Understood | None:
    """'quelle?' or 'kürzer bitte': the last answer again; 'wer noch?': another ally's fact on it (`_who_else`)."""
    if _asks_for_the_last_answer(index, question, folded):
        return _again(index, alone, last, folded, context)
    other = _who_else(index, last, folded, alone)
    return Understood(other, assumed_ally=other.ally, own_topic=False) if other is not None else None


WHO_ELSE_CLOSENESS = 0.5  # another ally's fact that says the last ally does the same is this close to the last answer


def _who_else(index: Index, last: Entry, folded: list[str], alone: Match) -> Match | None:
    """'wer noch?', 'who else votes with em' after North Korea's UN votes: the fact of another ally on the same
    topic (a keyword in common) that says it does the same and names the last one ('Like North Korea and Syria
    under Assad, Belarus voted ...'); None when no such fact is about the same thing."""
    if last.ally is None or not asks_for_others(folded):
        return None
    position = index.positions[last.id]  # the last fact's own words: the index holds their stems
    said = frozenset(word for word in folded if any(position in index.postings.get(stem(word, lang), ())
                                                    for lang in LANGS))
    said |= {word for mention in index.allies.find(folded) if mention.ally == last.ally
             for word in folded[mention.start:mention.end]}  # 'anyone else vote like pyongyang?'
    if not asks_who_else(folded, said):
        return None
    keywords = {keyword.casefold() for keyword in last.fact.keywords}
    others = [n for n, entry in enumerate(index.entries) if entry.ally not in (None, last.ally)
              and entry.fact.superseded_by is None and index.says_of(entry, last.ally)
              and not keywords.isdisjoint(keyword.casefold() for keyword in entry.fact.keywords)]
    if not others:
        return None
    closeness, chosen = max(zip(index.meaning.similarity(last.fact.answer.get(alone.lang), others), others,
                                strict=True))
    if closeness < WHO_ELSE_CLOSENESS:
        return None
    entry = index.entries[chosen]
    return Match(alone.query, alone.lang, "answer", score=ANSWER_THRESHOLD, entry=entry, ally=entry.ally, best=entry,
                 ranked=((entry, ANSWER_THRESHOLD),))


def _in_one_sentence(index: Index, question: str, lang: Lang | None, context: Context | None, now: float,
                     reading: Reading) -> Understood | None:
    """'Kannst du das nochmal kürzer sagen? Bin grad am Fahren', 'sag das mal einfacher bitte, bin müde': a short
    follow-up of two sentences or clauses asks in the one that asks; the other only says how the reader is."""
    if len(question.split()) >= STORY_WORDS:
        return None  # a story: `match` finds its closing question
    for sentence in asking_sentences(index, question, clauses=True):
        understood = _understand(index, sentence, lang, context, now, reading)
        if understood.match.answered:
            return understood
    return None


def _alone(index: Index, question: str, lang: Lang | None, named: list[Mention], reading: Reading, *,
           learned: bool) -> Match:
    """The question read on its own: by the rules, then, for a first message (`learned`), revised by the model
    learned from readers' questions (bot/matching/learned.py), which was trained on questions read alone; a
    follow-up is revised by the follow-up model once the conversation rules have read it (`_learned_follow_up`)."""
    alone = match(index, question, lang, reading.threshold, meaning=reading.meaning)
    if not (learned and reading.learned):
        return alone
    return learned_reading(index, question, alone, {mention.ally for mention in named}, reading.threshold)


def _asks_for_the_last_answer(index: Index, question: str, folded: list[str]) -> bool:
    """'quelle?', 'What is the source of that assessment?': the card names it; 'versteh ich nicht': it says it
    once more; 'kürzer bitte': `_asks_to_rephrase`."""
    return asks_for_source(folded) or asks_what_it_meant(folded) or _asks_to_rephrase(index, question)


def _asks_to_rephrase(index: Index, question: str) -> bool:
    """'kürzer bitte', 'explain it like she's 9', 'shorter pls, battery dying': the card is as short as the bot
    says it. Readers' sets label a bare 'quelle?' now the last fact, now none, so only this protects the rules'
    reading from the follow-up model. The whole message counts too: 'Erklär das so, dass es ein Kind versteht' asks
    in two clauses."""
    return asks_to_rephrase_aside(question) or any(
        asks_to_rephrase(words(asked))
        for asked in [question, *asking_sentences(index, question, clauses=True)])


def said(found: Match) -> str:
    """What a reply gave, as the models learned from readers name it: a fact id, 'ally:<slug>' or 'none'."""
    if found.kind == "answer" and found.entry is not None:
        return found.entry.id
    return f"ally:{found.ally}" if found.kind == "ally" and found.ally else NO_FACT


def follow_up_signs_of(index: Index, question: str, context: Context, rules: Match) -> list[str]:
    """`follow_up_signs` of a follow-up after `context` that the rules read as `rules` (training reads them so)."""
    folded = words(question)
    named = sorted({mention.ally for mention in index.allies.find(folded)})
    return follow_up_signs(folded, named, (context.fact_id, context.ally, context.topic_id), said(rules))


def _learned_follow_up(index: Index, question: str, understood: Understood, context: Context) -> Understood:
    """The rules' reading of a follow-up, or the follow-up model's where it is sure (`SURE_FOLLOW_UP`) and
    disagrees: trained on the development sets' conversations, it knows how readers' follow-ups were labeled
    after each fact ('und was bekommt Kim dafür?' after the treaty, 'woran sieht man das?' after China's stance).
    An answer of the rules is overruled only as surely as `SURE_FOLLOW_UP_AGAINST` asks; small talk stays
    small talk; a fact an editor lists the follow-up as not answered by, or of an ally other than the one the
    follow-up names (or, naming none, the conversation's), is not taken; an answer with a fact the model never saw
    (added since it was trained) stays, and so does an ally's topic list for its name asked again and the last
    answer asked for again in other words ('say it more simply')."""
    model, rules = index.follow_ups, understood.match
    # the facts there were when the models were trained: each has variants, so the first model knows them all
    trained_on = index.readers.known if index.readers is not None else frozenset()
    if model is None or rules.kind == "small_talk" or (rules.kind == "answer" and said(rules) not in trained_on):
        return understood
    folded = words(question)
    named = {mention.ally for mention in index.allies.find(folded)}
    if _asked_for_as_read(index, question, folded, named, rules, context):
        return understood
    signs = follow_up_signs_of(index, question, context, rules)
    guessed, sure = model.guess(question, index.meaning.vector(question), signs)
    overruled = from_readers.SURE_FOLLOW_UP_AGAINST if rules.kind == "answer" else 0.0
    if sure < max(from_readers.SURE_FOLLOW_UP, overruled) or guessed == said(rules) or (
            guessed == NO_FACT and _shows_its_source_again(rules, context, folded)):
        return understood
    if guessed == NO_FACT:
        offered = (rules.entry,) if rules.entry is not None else rules.suggestions
        return Understood(replace(rules, kind="none", entry=None, ally=None, suggestions=offered))
    if guessed.startswith("ally:"):
        ally = guessed.removeprefix("ally:")
        if ally not in index.kb.allies:
            return understood
        topics = tuple(index.kb.of_ally(ally)[:MAX_SUGGESTIONS])
        return Understood(replace(rules, kind="ally", entry=None, ally=ally, score=100.0, suggestions=topics),
                          assumed_ally=ally, own_topic=False)
    position = index.positions.get(guessed)
    if position is None or asks_beside(index, question, [(position, rules.score)]):
        return understood
    entry = index.entries[position]
    if rules.kind == "none" and not named and context.chatted:
        return understood  # 'von wann ist der?' after asking who wrote the article: of it, no fact
    if asks_for_source(folded) and (entry.ally is None or entry.ally != context.ally):
        # 'who says so?' after Iran's drones may be its fact that names US intelligence; 'quelle?' after the
        # background (Putin's visits) is that answer's source, never another answer of the background's
        return understood
    if _moves_to_an_ally_unnamed(index, question, named, rules, context, entry):
        return understood
    if entry.ally is None and entry.id != context.fact_id and rules.entry is not None and rules.entry.ally in named:
        return understood  # 'Und in den Iran ist er auch mal gereist?' after the visits: Iran's, not other travels
    answer = replace(rules, kind="answer", entry=entry, ally=entry.ally, best=entry, suggestions=(),
                     score=max(rules.score, ANSWER_THRESHOLD))
    return Understood(answer, assumed_ally=entry.ally if entry.ally not in named else None, own_topic=False)


def _shows_its_source_again(rules: Match, context: Context, folded: list[str]) -> bool:
    """'Woher weiß man das?' when no other fact shows it: the last answer again, whose card quotes and links its
    source, rather than "no fact" (as most readers' labels answer it; a fact that shows it the model may still take)."""
    return rules.entry is not None and rules.entry.id == context.fact_id and asks_evidence(folded)


def _moves_to_an_ally_unnamed(index: Index, question: str, named: set[str], rules: Match, context: Context,
                              entry: Entry) -> bool:
    """Whether the follow-up model's `entry` takes the conversation to an ally nobody named: a conversation moves to
    another ally only when the reader names it ('more than China?' may stay with North Korea), and one about no ally
    does not leave the last answer, when the follow-up only asks when it was, for an ally that answer does not name
    ('wann war das?' after the warrant: its date, not the date of a visit to China). A fact of another ally that
    speaks of the one named is the named one's ('What about China?' after Belarus's UN votes: North Korea's, 'unlike
    China')."""
    if entry.ally is None:
        return False
    allowed = named | ({context.ally} if context.ally else set())
    if allowed:
        return entry.ally not in allowed and not any(index.says_of(entry, ally) for ally in named)
    last = rules.entry if rules.entry is not None and rules.entry.id == context.fact_id else None
    folded = words(question)
    if last is None or not asks_nothing_new(folded, frozenset()) or asks_for(folded) not in ("time", "day"):
        return False  # 'which leaders congratulated him?' asks something new, 'and before that?' another time
    told = words(f"{last.fact.answer.de} {last.fact.answer.en}")
    return all(mention.ally != entry.ally for mention in index.allies.find(told))


def _asked_for_as_read(index: Index, question: str, folded: list[str], named: set[str], rules: Match,
                       context: Context) -> bool:
    """What the rules read is what the reader asked for, whatever readers' labels taught the follow-up model:
    'Nordkorea' again after North Korea's topics (or a miss about it): its topics again; 'explain it like I'm five':
    the last answer again; 'gleiche Frage für Syrien': the last topic for the ally named; a question an editor wrote
    down as the fact's variant (taught on /unanswered after the reader asked it); 'an welchem tag genau?' after the
    treaty's entry into force, 'wie lange ist das her?' after Putin's visits, 'welches jahr war das?' after his state
    visit to China: that answer, which gives the day, the month or the year (the rules read no other so); 'anyone
    else vote like pyongyang?' after North Korea's votes: Belarus's; 'wie ist er dann nach Vietnam gekommen?' after
    the warrant: how he still travels; 'who heads the country?' after Vietnam's nuclear deal: its leader now, not what
    its leader said in 2024 (who is 'president there' readers' labels answer now with the leader of 2024, now with
    today's, which the model learned better than any rule)."""
    return ((rules.kind == "ally" and context.fact_id is None and named == {rules.ally} == {context.ally})
            or (rules.answered and _asks_to_rephrase(index, question))
            or (rules.kind == "answer" and rules.entry is not None and written_down_for(index, question, rules.entry))
            or (rules.kind == "answer" and rules.entry is not None and rules.entry.id == context.fact_id
                and (asks_for(folded) == "day"
                     or (asks_for(folded) == "time" and not (AGO | YEAR_ASKED).isdisjoint(folded))))
            or (rules.kind == "answer" and bool(named) and _SAME_QUESTION.search(" ".join(folded)) is not None)
            or _listed_there_too(index, question, rules, context) or _its_keyword_again(folded, rules, context)
            or _another_does_the_same(index, folded, rules, context)
            or (rules.kind == "answer" and context.fact_id is not None and _how_then(folded)
                and _despite_the_warrant(index, rules, folded, [], context) is not None)
            or (rules.kind == "answer" and rules.entry is not None and rules.entry.ally == context.ally
                and not LEADS.isdisjoint(folded) and _leader_asked(index, question, folded, context, rules.lang)
                is not None))


def _another_does_the_same(index: Index, folded: list[str], rules: Match, context: Context) -> bool:
    """'anyone else vote like pyongyang?' after North Korea's UN votes: naming the last ally, the ally whose fact says
    it voted alike (`_who_else`), which the follow-up model, never taught the name there, refuses."""
    last = index.kb.get(context.fact_id) if context.fact_id else None
    if rules.kind != "answer" or rules.entry is None or last is None or not asks_for_others(folded) or all(
            mention.ally != last.ally for mention in index.allies.find(folded)):
        return False  # 'who else votes like that?' the model may read as Syria's votes, as most readers' labels do
    other = _who_else(index, last, folded, rules)
    return other is not None and other.entry == rules.entry


def _its_keyword_again(folded: list[str], rules: Match, context: Context) -> bool:
    """'Munition?', 'und Munition?' after North Korea's supplies: a topic word the editors listed for the last
    answer (its keywords, which readers type alone), asked with nothing else, asks for that answer again; readers'
    labels of bare words after other answers taught the follow-up model to refuse it."""
    last = rules.entry
    if rules.kind != "answer" or last is None or last.id != context.fact_id:
        return False
    asked = [word for word in folded if word not in KEYWORD_AGAIN]  # not 'warum Usbekistan?', which asks why
    keywords = {word for keyword in last.fact.keywords for word in words(keyword)}
    return 0 < len(asked) <= MAX_KEYWORDS_ASKED and all(word in keywords for word in asked)


def _listed_there_too(index: Index, question: str, rules: Match, context: Context) -> bool:
    """'Usbekistan auch?? hätt ich nicht gedacht', 'uzbekistan too??' after Putin's visits: a country that is no ally,
    which the last answer names, asked about with 'too' and nothing else, is that answer again (readers' labels of
    'why uzbekistan?' taught the follow-up model to refuse the country)."""
    last = rules.entry
    if rules.kind != "answer" or last is None or last.id != context.fact_id:
        return False
    said_words = set(words(f"{last.fact.answer.de} {last.fact.answer.en}"))
    for asked in asking_sentences(index, question) or [question]:
        folded = words(asked)
        countries = index.allies.other_countries(folded)
        rest = [word for word in folded if word not in countries]
        if countries and countries <= said_words and not THE_SAME.isdisjoint(rest) and asks_nothing_new(
                rest, THE_SAME | WENT_TO[0]):
            return True
    return False


def next_context(understood: Understood, previous: Context | None, now: float) -> Context | None:
    """What to remember after this turn: the ally and fact answered; small talk and misses change nothing."""
    remembered = _next_context(understood, previous, now)
    if understood.written is not None:  # even a miss or small talk says which language the reader writes in
        chatted = understood.match.small_talk == "about_bot"
        remembered = replace(remembered or Context(None, None, now, chatted=chatted), lang=understood.written)
    if remembered is None or remembered is previous:
        return remembered
    first = previous.first_ally if previous is not None and previous.fresh(now) else None
    if (first or remembered.ally) != remembered.first_ally:
        remembered = replace(remembered, first_ally=first or remembered.ally)
    if understood.persons:
        return replace(remembered, person=understood.persons)
    if previous is not None and previous.ally == remembered.ally:
        return replace(remembered, person=previous.person)  # 'Ist der noch Präsident?' two turns after Assad
    return remembered


def _next_context(understood: Understood, previous: Context | None, now: float) -> Context | None:
    result = understood.match
    topic = previous.fact_id or previous.topic_id if previous is not None else None
    if result.kind == "answer" and result.entry is not None:
        # 'Was hat Putin in Vietnam gemacht?' answered with a general fact is still about Vietnam; 'und China?'
        # answered with North Korea's vote fact, which speaks of China, is about China
        ally = understood.assumed_ally or result.entry.ally or understood.named_ally
        # the words that asked for the topic: a follow-up answered from the conversation asked none of its own
        asked = result.query if understood.own_topic or previous is None else previous.asked
        return Context(ally, result.entry.id, now, result.entry.id, asked)
    asked = previous.asked if previous is not None else None
    if understood.elsewhere:
        return Context(None, None, now, None, result.query)  # 'Ist Kasachstan ein Verbündeter?', then 'und Belarus?'
    if result.kind == "ally" and result.ally:
        return Context(result.ally, None, now, topic, asked)
    if understood.named_ally is not None:
        # 'Schickt China Munition an Russland?' unanswered, then 'Und Nordkorea auch?': the same words of it
        unanswered = result.kind == "none" and understood.own_topic
        return Context(understood.named_ally, None, now, topic, result.query if unanswered else asked)
    if previous is not None and understood.assumed_ally is not None:
        return Context(previous.ally, previous.fact_id, now, previous.topic_id, asked)
    return previous


def _compared_or_why(index: Index, alone: Match, last: Entry | None, context: Context, ally: str, unnamed: list[str],
                     folded: list[str], named_at: int) -> Understood | None:
    """'more than belarus?' after North Korea's loyalty: another ally named only to compare, so the last answer
    again; 'so wie mit Nordkorea?' after Vietnam's pact: likened to what no fact compares, no fact; 'why
    belarus?' after Belarus's nuclear weapons: why that holds. `named_at`: where the ally's name starts."""
    if last is not None and last.ally == context.ally != ally and only_compares(unnamed):
        return _again(index, alone, last, folded, context)
    if last is not None and last.ally == context.ally != ally and likens(folded, named_at):
        # 'is it the same as with north korea?' after Vietnam's pact: how the two compare, which no fact says;
        # the conversation stays with Vietnam ('wer hat das unterschrieben?')
        return Understood(Match(alone.query, alone.lang, "none", score=alone.score, best=last,
                                suggestions=(last,), ranked=((last, alone.score),)), own_topic=False)
    if ally == context.ally and not WHY.isdisjoint(unnamed):
        return _shows_or_explains(index, alone, last, context, unnamed)
    return None


def _about_last_ally(index: Index, question: str, lang: Lang | None, alone: Match, context: Context) -> Understood:
    """A question naming no ally: about the last one when it points back or cannot stand alone."""
    pointing = points_back(question)
    last = index.kb.get(context.fact_id) if context.fact_id else None
    folded = words(question)
    news = (last is None or not LATEST.isdisjoint(folded)) and asks_nothing_new(folded, LATEST)
    # "what's the latest?", 'mehr dazu?': its topics; not 'wer ist das eigentlich?' after a bare 'Assad'
    if context.ally and news and asks_for(folded) is None and not (context.person and asks_who_that_is(folded)):
        topics = Match(alone.query, alone.lang, "ally", score=100.0, ally=context.ally,
                       suggestions=tuple(index.kb.of_ally(context.ally)[:MAX_SUGGESTIONS]))
        return Understood(topics, assumed_ally=context.ally, own_topic=False)
    found = (_what_it_brings(index, alone, folded, context) or _which_countries(index, alone, last, folded)
             or _since_then(index, question, lang, alone, context, last)
             or _reversed_or_rested_on(index, alone, last, folded, context)
             or _person_or_leader(index, question, lang, alone, context)
             or _shows_or_explains(index, alone, last, context)
             or (_why_after_topics(index, question, alone, context) if last is None else None))
    if found is not None:
        return found
    if context.ally and asks_if_putin_went_there(folded):  # asked as the fact base's phrasings would ask it
        visit = match(index, VISIT_QUESTION, alone.lang, assume_ally=context.ally)
        if visit.entry is None or visit.entry.ally != context.ally:
            visit = replace(visit, kind="none", entry=None, ally=None,
                            suggestions=tuple(index.kb.of_ally(context.ally)[:MAX_SUGGESTIONS]))
        # the visit asked as the German phrasing asks it, answered in the reader's language
        return Understood(replace(visit, query=alone.query, lang=alone.lang), assumed_ally=context.ally,
                          own_topic=False)
    # the question about the conversation's ally, 'he' read as the person it means ('where is he now?' after Assad
    # on the war: 'where is Assad now?')
    person = _person_meant(index, question, context, last, alone.lang)
    assumed = replace(match(index, he_named(question, person), lang, assume_ally=context.ally), query=alone.query)
    assumed = _he_is_putin(index, question, lang, assumed, person, context, last)
    ours = assumed.answered and assumed.entry is not None and assumed.entry.ally == context.ally
    done_there = DONE if not THERE.isdisjoint(folded) else frozenset()  # 'was hat er da gemacht?': what it says
    if last is not None and asks_nothing_new(folded, done_there) and not holds_power(folded):  # 'Wann war das?'
        # asked with his name, a fact answers it ('where is he now?': his asylum); what he said is the last answer's
        if ours and says_he(question) and len(person) == 1 and SAYING.isdisjoint(folded):
            return Understood(assumed, assumed_ally=context.ally)
        return _again(index, alone, last, folded, context)
    if last is not None and asks_what_no_fact_lists(folded) and (
            pointing or (alone.entry is not None and alone.entry.id == last.id)):
        return _again(index, alone, last, folded, context)  # 'welche Drohnen?', 'where was it signed?': offered
    # 'Aber Waffen?' after North Korea: a short question means the conversation's ally, not another's; so does
    # one that names none ('echte Freunde oder Zweckehe?') when a fact of the conversation's ally answers it,
    # unless it asks which ally ('und wer stimmt in der UNO immer mit Russland?')
    short = len([word for word in folded if word not in STOP_WORDS]) <= SHORT_WORDS
    stray = alone.entry is not None and alone.entry.ally not in (None, context.ally)
    which = not (ASKS_WHO | ASKS_WHICH_ITEMS).isdisjoint(folded)
    if alone.answered and not pointing and not (stray and (short or (ours and not which))) and not (
            short and not which and _general_where_the_ally_has_one(index, alone, assumed, context)):
        return Understood(alone)  # a complete question, answered on its own
    if assumed.answered and (assumed.entry is None or assumed.entry.ally in (context.ally, None)
                             or index.says_of(assumed.entry, context.ally)):
        # 'stimmen die bei der UNO auch mit Russland?' after China: North Korea's votes, whose fact says how China voted
        return Understood(assumed, assumed_ally=context.ally)
    if last is not None and _goes_on(index, question, folded, last, assumed):
        return _again(index, alone, last, folded, context)
    if (not pointing and not (short and stray)) or (alone.answered and (
            context.ally is None or not stray or asks_which_ally(folded))):
        # 'Wer hat ihm gratuliert?' after the election: context never turns an answer into no answer, but
        # 'Hat Putin dort Truppen?' or 'liefern die auch Waffen?' after China is not answered about another ally
        return Understood(alone)
    own = tuple(entry for entry, _ in assumed.ranked if entry.ally == context.ally)[:MAX_SUGGESTIONS]
    fallback = tuple(index.kb.of_ally(context.ally)[:MAX_SUGGESTIONS])
    return Understood(Match(alone.query, alone.lang, "none", score=assumed.score, best=assumed.best,
                            suggestions=own or fallback, ranked=assumed.ranked), assumed_ally=context.ally)


def _general_where_the_ally_has_one(index: Index, alone: Match, assumed: Match, context: Context) -> bool:
    """'what about at the UN?' after China's state visits: the general fact on the UN votes answers it alone, but a
    fact that speaks of China on it (North Korea's: 'Unlike China, ...') answers what the chat asks."""
    return (alone.entry is not None and alone.entry.ally is None and context.ally is not None
            and assumed.answered and assumed.entry is not None and assumed.entry is not alone.entry
            and (assumed.entry.ally == context.ally or index.says_of(assumed.entry, context.ally)))


def _what_it_brings(index: Index, alone: Match, folded: list[str], context: Context) -> Understood | None:
    """"what's in it for them?" after North Korea: what the ally gets, asked with its name as the fact base's
    phrasings ask it ('What does North Korea get out of it?'), when a fact of that ally answers."""
    country = index.kb.allies.get(context.ally) if context.ally is not None else None
    if country is None or not asks_what_it_brings(folded):
        return None
    gains = match(index, BRINGS_QUESTION[alone.lang].format(country.names.get(alone.lang)), alone.lang,
                  assume_ally=context.ally)
    if not gains.answered or gains.entry is None or gains.entry.ally != context.ally:
        return None
    return Understood(replace(gains, query=alone.query), assumed_ally=context.ally, own_topic=False)


def _he_is_putin(index: Index, question: str, lang: Lang | None, assumed: Match, person: frozenset[str],
                 context: Context, last: Entry | None) -> Match:
    """'mit wem hat er sich da getroffen?' after Putin's visit to Vietnam: 'er' is Putin, whom the reader's last
    question or the last answer named, when no other person is meant and a fact of the conversation's ally answers
    it so, or, in a conversation about no ally, the last answer itself ('and he's still president now?' after his
    re-election; not 'did he go to the US?' after his travels); not 'war er schon mal in Russland?' (Putin is at
    home there). Else `assumed`, the question as asked."""
    spoken = words(f"{context.asked or ''} {last.fact.answer.en if last is not None else ''}")
    ours = assumed.answered and assumed.entry is not None and assumed.entry.ally == context.ally
    if ours or person or "putin" not in spoken or not says_he(question) or not DOMAIN.isdisjoint(words(question)):
        return assumed
    with_putin = match(index, he_named(question, PUTIN), lang, assume_ally=context.ally)
    if not with_putin.answered or with_putin.entry is None or with_putin.entry.ally != context.ally:
        return assumed
    return replace(with_putin, query=assumed.query) if context.ally or with_putin.entry is last else assumed


def _since_then(index: Index, question: str, lang: Lang | None, alone: Match, context: Context, last: Entry | None
                ) -> Understood | None:
    """'where did he travel after that?' after Putin's re-election: 'after that' is after the last answer's
    topic ('since Putin's re-election'); answered by another fact that holds for no earlier date."""
    if last is None or not _SINCE_THEN.search(question):
        return None
    topic = last.fact.topic.get(alone.lang)
    since = _SINCE_THEN.sub(f"{SINCE[alone.lang]} {topic}", question)
    found = match(index, he_named(since, _person_meant(index, question, context, last, alone.lang)), lang,
                  assume_ally=context.ally)
    if not found.answered or found.entry is None or found.entry.id == last.id:
        return None
    if found.entry.fact.as_of < last.fact.as_of:
        return None  # what came before, not after
    return Understood(replace(found, query=alone.query), assumed_ally=context.ally)


def _which_countries(index: Index, alone: Match, last: Entry | None, folded: list[str]) -> Understood | None:
    """'which countries?' after Putin's Asia trip: the countries he visited, which that fact does not list."""
    if last is None or not asks_which_countries(folded) or TRIP.isdisjoint(words(last.fact.topic.en)):
        return None
    visits = match(index, WHICH_COUNTRIES[alone.lang], alone.lang)
    return Understood(replace(visits, query=alone.query), own_topic=False) if visits.answered else None


def _goes_on(index: Index, question: str, folded: list[str], last: Entry, assumed: Match) -> bool:
    """Whether a follow-up asks on about the last answer: it asks nothing new ('Was hat Putin dazu gesagt?'),
    takes up a rare word of it to ask when (`_echoes`), or finds that fact itself, close enough ('who gave
    permission?' after Belarus's nukes; not 'was wollte er in usbekistan?' after his visits, which that fact
    lists as a question it does not answer)."""
    if asks_nothing_new(folded, DOMAIN | DOING) and not holds_power(folded):  # 'machen die das noch?'
        return True
    if not assumed.answered and asks_for(folded) in ("time", "day", "so far") and _echoes(index, folded, last):
        return True
    return (assumed.best is not None and assumed.best.id == last.id and assumed.score >= GOING_ON
            and not asks_beside(index, question, [(index.positions[last.id], assumed.score)]))


def _echoes(index: Index, folded: list[str], last: Entry) -> bool:
    """Whether the question takes up a rare word of the last answer ('verkündet' of 'verkündete China eine
    grenzenlose Partnerschaft'), which its phrasings need not hold: 'Wann wurde die verkündet?' asks when that
    happened. Only for when-questions: 'why uzbekistan?' after Putin's visits takes up a word too, and asks
    what the answer does not say."""
    position = index.positions[last.id]
    for word in folded:
        if word in STOP_WORDS:
            continue
        for lang in LANGS:
            facts = index.postings.get(stem(word, lang))
            if facts is not None and position in facts and len(facts) <= ECHOED_FACTS:
                return True
    return False


def _reversed_or_rested_on(index: Index, alone: Match, last: Entry | None, folded: list[str], context: Context
                           ) -> Understood | None:
    """'und umgekehrt?' after 'Was hat Russland von Syrien?' (`_the_reverse`); 'why do you say that?' after an
    answer: what it rests on, its card again."""
    if asks_the_reverse(folded):
        return _the_reverse(index, alone, context)
    if last is not None and asks_why_said(folded):
        return _again(index, alone, last, folded, context)
    return None


def _the_reverse(index: Index, alone: Match, context: Context) -> Understood | None:
    """'und umgekehrt?' after 'Was hat Russland von Syrien?': the reader's last question with the ally and
    Russia (or Putin) in each other's place, 'Was hat Syrien von Russland?', or its leader and Moscow ('Wann war
    Xi in Moskau?': when Putin was in China), when a fact of the ally answers it; 'von denen' in the last question
    is the ally the conversation is about."""
    if context.asked is None or context.ally is None:
        return None
    known = index.kb.allies[context.ally]
    folded = words(context.asked)
    named = [m for m in index.allies.find(folded) if m.ally == context.ally]
    them = next((n for n, word in enumerate(folded) if word in THEM), None)
    if not named and them is not None:  # 'was bekommt russland von denen?' asked 'von Nordkorea'
        folded = [*folded[:them], *words(known.names.get(alone.lang)), *folded[them + 1:]]
        named = [m for m in index.allies.find(folded) if m.ally == context.ally]
    russia = next((n for n, word in enumerate(folded) if word in DOMAIN), None)
    if len(named) != 1 or russia is None:
        return None
    mention = named[0]
    stems = {word[:4] for name in (known.slug, known.names.de, known.names.en) for word in words(name)}
    person = all(word[:4] not in stems for word in folded[mention.start:mention.end])  # 'Xi', not 'Chinas'
    # 'Was hat Russland von Syrien?' swaps the two; 'wann war Xi zuletzt in Moskau?' (the same again, swapped so)
    # puts Putin in the ally's country
    swaps = [(folded[mention.start:mention.end], [folded[russia]])]
    if person:
        swaps.append((["putin"], words(known.names.get(alone.lang))))
    answers: list[Match] = []
    for ally_words, russia_words in swaps:
        swapped: list[str] = []
        for n, word in enumerate(folded):
            if n == mention.start:
                swapped += russia_words
            elif n == russia:
                swapped += ally_words
            elif not mention.start < n < mention.end:
                swapped.append(word)
        found = replace(match(index, " ".join(swapped), alone.lang, assume_ally=context.ally), query=alone.query)
        if found.kind == "answer" and found.entry is not None and found.entry.ally in (context.ally, None):
            answers.append(found)
            if found.entry.id != context.fact_id:
                break
    return Understood(answers[-1], assumed_ally=context.ally, own_topic=False) if answers else None


def _why_after_topics(index: Index, question: str, alone: Match, context: Context) -> Understood | None:
    """'warum?' after an ally's topics (the list of allies, then 'und China?'): why that ally stands by
    Russia, the fact closest to the question that led there; not 'wieso nicht?'."""
    folded = words(question)
    if context.ally is None or WHY.isdisjoint(folded) or asks_why_not(folded) or not all(
            word in WHY or word in STOP_WORDS or word in POINTING_BACK for word in folded):
        return None
    reason = reason_of(index, context.ally, f"{context.asked or ''} {question}")
    if reason is None:
        return None
    return Understood(Match(alone.query, alone.lang, "answer", score=alone.score, entry=reason, ally=reason.ally,
                            best=reason, ranked=((reason, alone.score),)), assumed_ally=context.ally, own_topic=False)


def _person_meant(index: Index, question: str, context: Context, last: Entry | None, lang: Lang) -> frozenset[str]:
    """Whom a follow-up means: 'he' the person last named, else the one person the ally's facts are about ('is
    he still in power?' after Belarus's nuclear weapons, which named nobody: Lukashenko; `he_meant`); without
    'he', the person last named."""
    if not says_he(question):
        return context.person
    return he_meant(index, context.person, context.asked, last, context.ally, lang)


def _person_or_leader(index: Index, question: str, lang: Lang | None, alone: Match, context: Context
                      ) -> Understood | None:
    """'Ist der heute noch Präsident?' after Assad on the war: Assad's own fact, not Syria's leader now (a
    yes-or-no question about the person last named, or the one the last fact is about; 'wer ist jetzt Präsident
    dort?' asks who leads now); 'ist er das heute noch?' after To Lam as president: the newest fact about him;
    'wer ist das überhaupt?', 'who's he?' after To Lam's praise, "whos the leader there" after Belarus: the
    ally's fact about its leader."""
    folded = words(question)
    if context.ally is None:
        return None
    last = index.kb.get(context.fact_id) if context.fact_id else None
    person = _person_meant(index, question, context, last, alone.lang)
    if not person and last is not None and holds_power(folded):  # 'ist der immer noch Präsident?' after To Lam
        person = person_in_topic(index, last, alone.lang)
    if last is not None and says_he(question) and not NOW.isdisjoint(folded) and asks_nothing_new(folded, frozenset()):
        # 'ist er das heute noch?' after To Lam as president: what the newest fact about him says
        named = person or person_in_topic(index, last, alone.lang)
        newest = about_person(index, he_named(question, named), alone.lang, named, context.ally) if named else None
        if newest is not None and newest.entry is not None and newest.entry.id != last.id:
            return _again(index, alone, newest.entry, folded, context)
    if person and holds_power(folded) and ASKS_WHO.isdisjoint(folded[:2]):  # 'und wer ist jetzt...?' asks who
        # read with his name, as the phrasings ask it: 'regiert der noch?' after Assad's words: 'regiert Assad noch?'
        found = about_person(index, he_named(question, person), alone.lang, person, context.ally)
        if found is not None and found.entry is not None:  # 'seit wann ist der an der Macht?': offered unless said
            return _again(index, alone, found.entry, folded, context)
    if asks_who_that_is(folded):  # 'wer ist das eigentlich?' after Assad on the war: who Assad is
        person = context.person or (person_in_topic(index, last, alone.lang) if last else frozenset())
        return _asked_of_the_ally(index, f"{WHO_IS[alone.lang]} {' '.join(sorted(person))}?" if person else question,
                                  lang, alone, context)
    asked = _leader_asked(index, question, folded, context, alone.lang)
    return _asked_of_the_ally(index, asked, lang, alone, context) if asked is not None else None


def _leader_asked(index: Index, question: str, folded: list[str], context: Context, lang: Lang) -> str | None:
    """"whos the leader there", 'Wer führt das Land?' after an answer about an ally: who leads that ally, asked
    with its name; None when the question asks anything else."""
    ally = index.kb.allies.get(context.ally) if context.ally else None
    if ally is None:
        return None
    content = [word for word in folded if word not in STOP_WORDS and word not in POINTING_BACK and word not in ASKS_WHO]
    if holds_power(folded) and asks_for_leader(folded, content):
        # "whos the leader there" after Belarus's closeness: asked of Belarus, whose leader it names
        return f"{question} {ally.names.get(lang)}"
    country = [word for word in content if word not in THE_COUNTRY]
    leads = not ASKS_WHO.isdisjoint(folded[:2]) and not LEADS.isdisjoint(folded)
    if leads and country != content and asks_for_leader(folded, country):
        # 'Wer führt das Land?', 'who heads the country?' after Belarus's closeness: asked with its name for 'Land'
        return " ".join(ally.names.get(lang) if word in THE_COUNTRY else word for word in folded)
    return None


def _despite_the_warrant(index: Index, alone: Match, folded: list[str], named: list[Mention],
                         context: Context | None) -> Understood | None:
    """'can he still go to china then?' after the ICC warrant: whether the warrant still lets him travel, not
    China's facts (which no such question finds)."""
    last = index.kb.get(context.fact_id) if context is not None and context.fact_id else None
    # answered on its own only by a fact about an ally the question does not name ('where can he still go then?':
    # Putin's visit to Iran), it is asked of the warrant all the same
    stray = alone.entry is not None and alone.entry.ally is not None and not named
    asks_if_he_can = not TRAVELS.isdisjoint(folded) and not (CAN | ARRESTED).isdisjoint(folded)
    # 'So why can he still go to China and North Korea?': why the warrant lets him, whichever allies he named
    how_then = _how_then(folded) or (asks_if_he_can and not WHY.isdisjoint(folded))
    if last is None or last.ally is not None or (alone.answered and not (stray or how_then)) or (
            len({m.ally for m in named}) > 1 and not how_then):
        return None
    topic = words(f"{last.fact.topic.de} {last.fact.topic.en}")
    if WARRANT.isdisjoint(topic) or not (how_then or asks_if_he_can):
        return None
    found = match(index, STILL_TRAVEL[alone.lang], alone.lang)
    return Understood(replace(found, query=alone.query), own_topic=False) if found.answered else None


def _how_then(folded: list[str]) -> bool:
    """'then how did he go to China?', 'wie ist er dann nach Vietnam gekommen?': how a trip was made at all."""
    return all(not words_of.isdisjoint(folded) for words_of in HOW_THEN) and not CAME.isdisjoint(folded)


def _asks_if_putin_went(index: Index, sentence: str, ally: str) -> bool:
    """'Moin aus'm Gartencenter. Kurze Frage: war Putin echt bei Kim in Pjöngjang?': the sentence that asks, about
    the same ally, asks whether Putin went there (what the reader says around it asks nothing)."""
    folded = words(sentence)
    named = index.allies.find(folded)
    return {m.ally for m in named} == {ally} and asks_if_putin_went_to(
        [word for n, word in enumerate(folded) if not any(m.start <= n < m.end for m in named)])


def _visit_or_reason(index: Index, question: str, alone: Match, folded: list[str], named: list[Mention],
                     reading: Reading) -> Understood | None:
    """Two questions about one ally named that the matcher alone reads poorly: 'War Putin echt in Nordkorea?',
    asked as the fact base's phrasings ask it ('Ist Putin nach Nordkorea gereist?') and answered in the
    reader's language; a why-question, which wants the ally's fact that says why: 'warum hält Belarus so zu
    Russland?' (nothing else asked: the closest such fact, not the ally's topics) or 'Warum ist Nordkorea so
    ein praktischer Partner?' (no fact answers outright: the ally's closest fact, when it says why; answered
    by a fact that says no reason: the fact that does, when about as close). None for any other question, or
    when no fact answers it."""
    allies = {m.ally for m in named}
    ally = named[0].ally
    country = index.kb.allies.get(ally)
    if len(allies) != 1 or country is None or alone.kind == "small_talk":
        return None
    unnamed = [word for n, word in enumerate(folded) if not any(m.start <= n < m.end for m in named)]
    if asks_if_putin_went_to(unnamed) or any(_asks_if_putin_went(index, asked, ally)
                                             for asked in asking_sentences(index, question)):
        visit = match(index, VISIT_TO.format(country.names.de), alone.lang, reading.threshold,
                      meaning=reading.meaning)
        return Understood(replace(visit, query=alone.query, lang=alone.lang), named_ally=ally) \
            if visit.kind == "answer" else None
    reason = None
    if alone.kind == "ally" and not WHY.isdisjoint(folded):
        reason = reason_of(index, ally, question, meaning=reading.meaning)
    elif (alone.kind == "answer" and alone.entry is not None and alone.entry.ally == ally and reading.meaning
          and not gives_reason(alone.entry) and not WHY.isdisjoint(folded[:2]) and _ally_helps(folded, named)):
        # 'Warum liefert der Iran Drohnen an Russland?' answered with the drones: why Iran helps Russia at all,
        # which readers ask in those words too and the fact on the two sanctioned states' ties answers
        helping = match(index, WHY_HELP.format(country.names.de), "de", reading.threshold, meaning=reading.meaning)
        reason = helping.entry if helping.kind == "answer" and helping.entry is not None \
            and helping.entry.ally == ally else None
    elif (alone.kind == "answer" and alone.entry is not None and alone.entry.ally == ally and reading.meaning
          and not gives_reason(alone.entry) and not WHY.isdisjoint(folded[:2]) and not asks_why_not(folded)):
        # 'Why would China risk its image for Russia?' answered with the partnership that risks it: the fact
        # that says why, when it is about as close in meaning
        reason = reason_of(index, ally, question)
        if reason is not None and not _about_as_close(index, question, reason, alone.entry):
            reason = None
    elif (alone.kind == "answer" and alone.entry is not None and alone.entry.ally is None and reading.meaning
          and not WHY.isdisjoint(folded[:2]) and not WENT.isdisjoint(folded) and CAN.isdisjoint(folded)):
        # 'Why did Putin go to North Korea?' answered with the list of his trips: why, which the ally's fact says;
        # not why he can still go there ('Warum kann Putin noch nach Nordkorea fliegen?': the warrant's limits)
        reason = reason_of(index, ally, question)
    elif alone.kind == "none" and not WHY.isdisjoint(folded) and not asks_why_not(folded):
        # 'Warum ist Nordkorea so ein praktischer Partner?': its closest fact, when that one says why
        closest = next((entry for entry, _ in alone.ranked if entry.ally == ally), None)
        reason = closest if closest is not None and gives_reason(closest) else None
    if reason is None:
        return None
    return Understood(Match(alone.query, alone.lang, "answer", score=alone.score, entry=reason, ally=ally,
                            best=reason, ranked=((reason, alone.score),)), named_ally=ally)


def _ally_helps(folded: list[str], named: list[Mention]) -> bool:
    """Whether the question says the ally helps Russia ('Warum schickt der Iran Drohnen nach Russland?'): a
    word of helping, and the ally named before Russia (not 'Warum unterstützt Russland Assad so stark?')."""
    if HELPING.isdisjoint(folded):
        return False
    russia = next((n for n, word in enumerate(folded) if word in DOMAIN), len(folded))
    return named[0].start < russia


def _about_as_close(index: Index, question: str, reason: Entry, answer: Entry) -> bool:
    """Whether the fact that says why is at most REASON_GAP further from the question in meaning than the
    answer found: 'Why did China skip the peace summit?' stays with the summit, which is far closer."""
    reason_cosine, answer_cosine = index.meaning.similarity(
        question, [index.positions[reason.id], index.positions[answer.id]])
    return reason_cosine >= answer_cosine - REASON_GAP


def _asked_of_the_ally(index: Index, asked: str, lang: Lang | None, alone: Match, context: Context
                       ) -> Understood | None:
    """`asked`: the reader's question in the fact base's words, answered when a fact of the conversation's ally
    answers it."""
    found = replace(match(index, asked, lang, assume_ally=context.ally), query=alone.query, lang=alone.lang)
    if found.kind == "answer" and found.entry is not None and found.entry.ally == context.ally:
        return Understood(found, assumed_ally=context.ally, own_topic=False)
    return None


def _shows_or_explains(index: Index, alone: Match, last: Entry | None, context: Context,
                       folded: list[str] | None = None) -> Understood | None:
    """'how do we know?' or 'why?' after an answer (`shown_or_explained`); `folded`: the words that ask it
    ('why' of 'why belarus?' about Belarus's last fact), else the whole question's."""
    if last is None or (context.ally is None and last.ally is not None):
        return None
    found = shown_or_explained(index, last, context.ally, words(alone.query) if folded is None else folded)
    if found is None:
        return None
    return Understood(Match(alone.query, alone.lang, "answer", score=alone.score, entry=found, ally=found.ally,
                            best=found, ranked=((found, alone.score),)), assumed_ally=context.ally, own_topic=False)


def _in_language(index: Index, question: str, context: Context, folded: list[str]) -> Understood | None:
    """'can you say that in english please?': the last answer (a fact, or an ally's topics) again in the
    language the reader asks for; nothing to repeat after small talk or a miss. None when the message asks
    anything else; a clause told after it ('in German please, it's for my mother-in-law') asks nothing more."""
    lang = language_asked(folded) or next(
        (asked for sentence in asking_sentences(index, question, clauses=True)
         if (asked := language_asked(words(sentence))) is not None), None)
    if lang is None:
        return None
    last = index.kb.get(context.fact_id) if context.fact_id else None
    if last is not None:
        return Understood(Match(question, lang, "answer", entry=last, ally=last.ally, best=last, ranked=((last, 0.0),)),
                          assumed_ally=context.ally, own_topic=False)
    if context.ally is not None:
        return Understood(Match(question, lang, "ally", score=100.0, ally=context.ally,
                                suggestions=tuple(index.kb.of_ally(context.ally)[:MAX_SUGGESTIONS])),
                          assumed_ally=context.ally, own_topic=False)
    return Understood(Match(question, lang, "none"))


def _language_then_question(question: str) -> tuple[Lang, str] | None:
    """'können wir auf englisch weitermachen? my prof wants english sources. what exactly does belarus depend on
    russia for?': the language asked for, then what the rest of the message asks, to be answered in it."""
    first, *rest = sentences_of(question) or [""]
    lang = language_asked(words(first)) if rest else None
    return (lang, " ".join(rest)) if lang is not None else None


def _again(index: Index, alone: Match, last: Entry, folded: list[str], context: Context) -> Understood:
    """The last fact again, for a question that asks nothing new about it; 'how many?' after a fact that
    gives no number, 'since when?' after one that gives no time, 'when exactly?' after one that gives no day
    or 'which ones?' after one that lists none cannot be answered by it, so it is offered, not repeated."""
    asks = asks_for(folded)
    stated = index.states[index.positions[last.id]]
    if asks == "time" and not EXACTLY.isdisjoint(folded):
        asks = "day"  # 'when exactly?' after 'in July 2022': the day is not given
    elif asks == "time" and not SINCE_ASKED.isdisjoint(folded) and "so far" in stated:
        asks = None  # 'since when?' after 'even before the war': since then
    listed = folded[:1] and ((folded[0] in ASKS_WHICH_ITEMS and "items" in stated) or (
        folded[0] in ASKS_WHICH_OR_WHERE and "place" in stated))  # 'wo genau?' after Russia's bases: named
    # 'where exactly?' after North Korea's troops: the fact that names the Kursk region ('seit wann?' after Iran's
    # drones read so, the fact that says since when, was measured: Iran's facts are all about as close)
    untold = not WHERE.isdisjoint(folded[:1]) and "site" not in stated
    told = stating(index, last, last.ally, "site") if last.ally and untold else None
    if told is not None:
        return Understood(Match(alone.query, alone.lang, "answer", score=alone.score, entry=told, ally=told.ally,
                                best=told, ranked=((told, alone.score),)), assumed_ally=context.ally, own_topic=False)
    if (asks in (*OFFERED_UNLESS_STATED, "time") and asks not in stated) or (
            asks_what_no_fact_lists(folded) and not listed):
        return Understood(Match(alone.query, alone.lang, "none", score=alone.score, best=last,
                                suggestions=(last,), ranked=((last, alone.score),)), assumed_ally=context.ally,
                          own_topic=False)
    return Understood(Match(alone.query, alone.lang, "answer", score=alone.score, entry=last, ally=last.ally,
                            best=last, ranked=((last, alone.score),)), assumed_ally=context.ally, own_topic=False)
