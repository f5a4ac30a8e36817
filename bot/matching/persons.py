"""The persons a question names: 'Wer war Raisi?', 'and Assad?' ask about them, not about whoever leads the
country now (pure)."""

from __future__ import annotations

import re

from bot.knowledge.base import Entry
from bot.knowledge.models import Lang
from bot.matching.allies import Mention
from bot.matching.decision import Match
from bot.matching.index import Index
from bot.matching.lexicon import ASKS_LEADER, ASKS_WHO, HOLDS_POWER, LEADER_WORDS, NOW, STILL
from bot.matching.normalize import is_stop_word, words


def persons_named(index: Index, question_words: list[str], mentions: list[Mention], ally: str, lang: Lang
                  ) -> frozenset[str]:
    """The words of the ally's names that name a person, not the country: 'raisi' of 'Ebrahim Raisi', 'lam'
    of 'To Lam'; not 'Chinas' nor 'North Korean'."""
    known = index.kb.allies[ally]
    country = {word[:4] for name in (known.slug, known.names.de, known.names.en) for word in words(name)}
    return frozenset(word for m in mentions if m.ally == ally for word in question_words[m.start:m.end]
                     if len(word) > 2 and not is_stop_word(word, lang) and word[:4] not in country)


def person_in_topic(index: Index, entry: Entry, lang: Lang) -> frozenset[str]:
    """The person a fact's topic names ('Assad on the war', 'No qualms about Kim'): 'who is he?' after it
    asks about them, though the question named nobody ('who called the war a correction of history?')."""
    if entry.ally is None:
        return frozenset()
    topic = words(entry.fact.topic.get(lang))
    mentions = [m for m in index.allies.find(topic) if m.ally == entry.ally]
    return persons_named(index, topic, mentions, entry.ally, lang) if mentions else frozenset()


def he_meant(index: Index, person: frozenset[str], asked: str | None, last: Entry | None, ally: str | None,
             lang: Lang) -> frozenset[str]:
    """Whom 'he' means in a follow-up: the person the last answer's topic names when the reader's last question
    did not name another ('did that guy go to Moscow?' after 'who runs Iran now?' answered with 'Pezeshkian in
    Moscow', two turns after Raisi; 'and how does he get on with putin?' after Lukashenko's fact: Lukashenko, though
    the reader names Putin), else the person last named, else, unless the reader's words or the last
    answer speak of Putin, the one person the ally's current facts are about, if there is only one ('kim' for
    North Korea): 'what does he get out of it?' after a fact on North Korea asks about Kim."""
    in_topic = person_in_topic(index, last, lang) if last is not None and last.ally == ally else frozenset()
    if len(in_topic) == 1 and in_topic.isdisjoint(person) and person.isdisjoint(words(asked or "")):
        return in_topic  # the answer named him after the reader named the other
    if person or ally is None or "putin" in words(f"{asked or ''} {last.fact.answer.en if last else ''}"):
        return person
    found = frozenset().union(*(person_in_topic(index, entry, lang) for entry in index.kb.of_ally(ally)
                                if entry.fact.superseded_by is None))
    return found if len(found) == 1 else frozenset()


def about_person(index: Index, question: str, lang: Lang, names: frozenset[str], ally: str) -> Match | None:
    """'Wer war Raisi?', 'Ist Assad noch an der Macht?': the ally's current facts whose topic names the
    person answer it (the closest in meaning), not the fact about whoever leads the country now; 'is to lam
    still president?' asks about today, which the oldest of them cannot tell when newer ones exist."""
    about = [entry for entry in index.kb.of_ally(ally) if entry.fact.superseded_by is None
             and not names.isdisjoint(words(f"{entry.fact.topic.de} {entry.fact.topic.en}"))]
    if about and not (STILL | NOW).isdisjoint(words(question)):
        oldest = min(entry.fact.as_of for entry in about)
        about = [entry for entry in about if entry.fact.as_of > oldest] or about
    facts = [index.positions[entry.id] for entry in about]
    return closest(index, question, lang, facts, ally) if facts else None


def person_asked(index: Index, question: str, lang: Lang, question_words: list[str], mentions: list[Mention],
                 ally: str) -> Match | None:
    """'What happened to Raisi?', 'and Assad?' after Lukashenko: the question is about the person it names,
    so the ally's fact about that person answers (the closest in meaning of several), none when no fact's
    topic names them."""
    names = persons_named(index, question_words, mentions, ally, lang)
    return about_person(index, question, lang, names, ally) if names else None


def closest(index: Index, question: str, lang: Lang, facts: list[int], ally: str) -> Match:
    """The answer with the one of `facts` closest to the question in meaning, its cosine as the score."""
    closeness, position = max(zip(index.meaning.similarity(question, facts), facts, strict=True))
    entry = index.entries[position]
    score = round(100 * closeness, 1)
    return Match(question, lang, "answer", score=score, entry=entry, ally=ally, best=entry, ranked=((entry, score),))


def person_meant(index: Index, alone: Match, last: Entry | None, last_ally: str | None, question_words: list[str],
                 mentions: list[Mention]) -> Match | None:
    """'and Assad?' after Lukashenko, 'and Raisi?' after Iran's topics: that person's own fact. Not 'und was
    hat Kim davon?' after North Korea's supplies, which say what Kim gets, nor a question its own words answer
    with a fact of that ally ('was hat Kim davon?': the supplies): those ask on about that answer."""
    ally = mentions[0].ally
    if ally == last_ally and _names_person(last, index, question_words, mentions, alone.lang):
        return None
    if alone.kind == "answer" and alone.entry is not None and alone.entry.ally == ally and ASKS_WHO.isdisjoint(
            question_words[:1]):
        return None
    return person_asked(index, alone.query, alone.lang, question_words, mentions, ally)


def _names_person(last: Entry | None, index: Index, question_words: list[str], mentions: list[Mention], lang: Lang
                  ) -> bool:
    """Whether the last answer speaks of the person the question names."""
    if last is None or last.ally is None:
        return False
    persons = persons_named(index, question_words, mentions, last.ally, lang)
    return bool(persons) and not persons.isdisjoint(words(f"{last.fact.answer.de} {last.fact.answer.en}"))


def he_named(question: str, person: frozenset[str]) -> str:
    """'whats he get out of it?' after "who's kim": 'he' is Kim, whom the phrasings name ('What does Kim get
    out of it?'), read so by words and meaning alike; 'wer kam danach?' after Raisi asks who came after Raisi.
    ('dort' read as the ally was measured: it lost more follow-ups than it won.)"""
    if len(person) != 1:
        return question
    (name,) = person
    named = _HE.sub(name.title(), question)
    if _ASKS_WHO_CAME.match(named):  # 'und wer kam danach?' after Raisi: who came after Raisi
        named = _AFTER_THAT.sub(lambda found: f"{_AFTER_HIM[found.group().lower()]} {name.title()}", named)
    return named


_HE = re.compile(r"\b(?:he|him|er|ihn|ihm)\b|\bder(?=\s+(?:heute|jetzt|gerade|noch|eigentlich|denn|mit|dann)\b|\W*$)"
                 r"|\b(?:that|this|the)\s+(?:guy|dude)\b|\b(?:der|dieser|den|diesen|dem|diesem)\s+(?:typ|typen|kerl)\b",
                 re.IGNORECASE)  # 'wo ist der heute?', 'redet der mit Moskau?': 'der' standing for a man; 'that guy'
_ASKS_WHO_CAME = re.compile(r"^\W*(?:(?:und|and|ok|okay|so|also)\W+)*(?:wer|who)\b", re.IGNORECASE)
_AFTER_HIM = {"danach": "nach", "after that": "after", "afterwards": "after"}
_AFTER_THAT = re.compile(r"\b(?:danach|after that|afterwards)\b", re.IGNORECASE)


def says_he(question: str) -> bool:
    """Whether the question points at a man it does not name ('is he still in power?')."""
    return _HE.search(question) is not None


def asks_for_leader(question_words: list[str], content: list[str]) -> bool:
    """'Wer ist Lukaschenko?', 'Who's in charge in Minsk?', 'Wie heißt der Chef dort?', 'Ist Assad noch an
    der Macht?': a who-question, or one about holding power, whose only content words say 'leader'."""
    opening = question_words[:2]
    asks_who = not ASKS_WHO.isdisjoint(opening) or opening == ["wie", "heisst"]
    return (asks_who or holds_power(question_words)) and all(
        word in ASKS_LEADER or word in NOW or word in STILL for word in content)


def holds_power(question_words: list[str]) -> bool:
    """'an der Macht', 'in charge', 'who runs', 'das Sagen', 'Präsident': the question is about who leads; the
    verb 'macht' ('warum macht es das?') is no power, the noun comes after its article ('an der Macht')."""
    verb = [n for n, word in enumerate(question_words) if word == "macht" and question_words[n - 1:n] not in (
        ["der"], ["die"])]
    spoken = [word for n, word in enumerate(question_words) if n not in verb]
    return (not HOLDS_POWER.isdisjoint(spoken) or not set(LEADER_WORDS).isdisjoint(spoken)
            or "das sagen" in " ".join(spoken))
