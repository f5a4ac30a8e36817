"""What a fact's answer states, so that a question asking for something it does not state is offered the fact,
not answered with it: 'Wie viele Soldaten...?' to a fact that gives no number, 'An welchem Tag...?' to one
that gives only the year, 'Will North Korea...?' to one that tells only what was (pure)."""

from __future__ import annotations

import re

from bot.matching.lexicon import DURATION_STATED, QUANTITY_WORDS, SINCE, TIME_WORDS, word_set
from bot.matching.normalize import words

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NUMBER = re.compile(r"\d+")
_MONTHS = ("Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|January|February|"
           "March|May|June|July|October|December")
_DAY = re.compile(rf"\b\d{{1,2}}\.? (?:{_MONTHS})\b|\b(?:{_MONTHS}) \d{{1,2}}\b")  # '4. Dezember', 'December 4'
_LIST = re.compile(r"(?:\w+(?: \w+){0,2}, ){2}\w+(?: \w+){0,2},? (?:and|und)\b")  # 'Belarus, North Korea, China and
_FIRST_TIME = re.compile(r"\b(?:(?:for\s+)?the\s+first\s+time|erstmals|zum\s+ersten\s+mal)\b", re.IGNORECASE)
# '(as of October 2025)', 'Stand Januar 2026': when the fact held, not when what it tells happened
_AS_OF = re.compile(r"\(?\b(?:as of|stand)\b[^().,:;]*?\d{4}\)?", re.IGNORECASE)
_BOTH = re.compile(r"\bthe two\b", re.IGNORECASE)  # 'relations between the two countries': both, no count
PERCENT_STATED = word_set("prozent percent")
# 'Hmeimim airbase and Tartus naval base', 'in the Kursk border region', 'the peace conference in Switzerland': a
# named place, for 'where exactly?' (not a month, nor the war 'in Ukraine' most answers name)
_SITE = (r"\b[A-Z][a-z]+ (?:air ?base|naval base|base|region|border region|port)\b"
         r"|\b(?:in|at|near) the [A-Z][a-z]+ (?:region|border region|area)\b")  # a place within a country
_PLACE = re.compile(_SITE + rf"|\b(?:in|at) (?!Ukraine\b|(?:{_MONTHS})\b)[A-Z][a-z]+\b")


def stated_by(answer: str, english: str) -> frozenset[str]:
    """Whether an answer states a time (a year, a month, "since..."), the day ("4 December"), a quantity (a
    count, "five times"), a share ("80%"), a list of items ("China, North Korea, Belarus and..."), a duration,
    a named place ("Tartus naval base"; a "site" when it lies within a country), or what will be ('North Korea will
    supply it without asking questions'; both read in `english`, the answer in English)."""
    answer = _FIRST_TIME.sub(" ", _AS_OF.sub(" ", _BOTH.sub(" ", answer)))  # 'for the first time' says when
    answer_words = set(words(answer))
    years = _YEAR.findall(answer)
    counts = _NUMBER.findall(_YEAR.sub(" ", _DAY.sub(" ", answer)))  # "4 December" is a day, no count
    found = {"time"} if years or answer_words & TIME_WORDS else set()
    if counts or answer_words & QUANTITY_WORDS:
        found |= {"quantity", "count"}
    if _DAY.search(answer):
        found.add("day")  # 'wann genau?' needs the day, not the year
    if "%" in answer or answer_words & PERCENT_STATED:
        found.add("percent")
    if _LIST.search(answer):  # 'Belarus, Uzbekistan, China and North Korea': which ones exactly, and how many
        found |= {"items", "count"}
    lasting = answer_words & DURATION_STATED  # 'for decades': how long; 'since 2022', 'even before the war': so far
    found |= ({"duration", "so far"} if lasting else set()) | ({"so far"} if answer_words & SINCE else set())
    if _PLACE.search(english):
        found.add("place")
    if re.search(_SITE, english):
        found.add("site")  # 'in the Kursk border region': where within the country, for 'where exactly?'
    return frozenset(found | ({"future"} if "will" in words(english) else set()))
