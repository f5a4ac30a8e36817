"""Ranking: the facts that share a term with a question, scored (`score.py`) and best first.

Two views of the same evidence: how much of the question the fact explains (forward), and how much of
one of the fact's phrasings the question covers (reverse). A lone common word explains the question
but covers little of any phrasing; an unknown country explains nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge.models import LANGS
from bot.matching import shortlist
from bot.matching.commonness import everyday_word, generality_discount
from bot.matching.countries import EVERYDAY_SUBJECTS, country_names
from bot.matching.index import Index
from bot.matching.lexicon import (
    AGO,
    ASKS_COUNT,
    ASKS_DAY,
    ASKS_DURATION,
    ASKS_HOW_MUCH,
    ASKS_QUANTITY,
    ASKS_TIME,
    ASKS_WHAT_KIND,
    ASKS_WHICH_ITEMS,
    BY_DEGREE,
    ENGLISH_QUESTION_WORDS,
    EXACTLY,
    FUTURE,
    IF,
    ONE_ROLE,
    PERCENT_ASKED,
    QUANTITY_ASKED,
    SO_FAR,
)
from bot.matching.normalize import is_stop_word, stem
from bot.matching.score import MIN_EVIDENCE, OTHER_COUNTRY, Scorer, ally_factor

UNKNOWN_WORD_SHARE = 0.6  # weight of a word the fact base has never seen, relative to the rarest term
TELLING_WORDS = 8  # a message with more content words than this tells a story around its question
TOLD_WORD_SHARE = 0.2  # in such a message, an unknown word is the story's, not what is asked about
FOREIGN_COUNTRY_SHARE = 1.5  # a country the fact base does not know: the question is about something else
DOMAIN_COUNTRY_SHARE = 0.2
SEMANTIC_WEIGHT = 170.0  # score added per unit of cosine above SEMANTIC_BASE (chosen on the development sets)
SEMANTIC_BASE = 0.68  # cosines below this say nothing: unrelated texts of this domain reach it
IMPORTANT_SHARE = 0.5  # a question word weighing this share of the rarest term's idf is what it is about
NOT_ANSWERED_CLOSENESS = 0.8  # cosine at which a question reads as one its fact does not answer
MAX_ALLY_CANDIDATES = 64  # the named ally's facts are re-ranked by meaning too, when it has no more


@dataclass(frozen=True)
class WordEvidence:
    """Per question word: how much it matters (idf), which terms it matched; and which words are countries."""

    weights: list[float]
    token_matches: list[dict[str, float]]
    countries: list[int]


def rank(
    index: Index, content: list[str], typed: list[str], allies: list[str], asks: str | None, *, story: bool = False
) -> list[tuple[int, float]]:
    """Score the facts that share a term with the question's content words (`typed`: as the reader typed
    them): (position in index.entries, score), best first, at most shortlist.RANKED. `story`: the message
    has more than TELLING_WORDS content words, so the words no fact knows are the story's."""
    evidence = weigh_words(index, content, story=story)
    weights = [w * generality_discount(word) for w, word in zip(evidence.weights, typed, strict=True)]
    total = sum(weights)
    matched_terms: dict[str, float] = {}
    for matches in evidence.token_matches:
        for term, similarity in matches.items():
            matched_terms[term] = max(matched_terms.get(term, 0.0), similarity)
    if total <= 0 or not matched_terms:
        return []
    # A rare word no fact ever uses ('casualties', 'Atomprogramm') is what the question is about: every
    # fact leaves it unexplained, and its score says so beyond the word's share of the question.
    important = tuple(i for i, weight in enumerate(weights) if weight >= IMPORTANT_SHARE * index.max_idf
                      and not evidence.token_matches[i] and i not in evidence.countries)
    scorer = Scorer(index.entries, index.states, index.speaks_of, weights, evidence.countries, asks, allies,
                    full_evidence=MIN_EVIDENCE * index.max_idf, total=total, important=important)
    return [(fact, score) for score, fact in shortlist.best_facts(index, evidence.token_matches, matched_terms, scorer)]


def add_meaning(
    index: Index, question: str, ranked: list[tuple[int, float]], allies: list[str],
    speaking: frozenset[int] | None = None,
) -> list[tuple[int, float]]:
    """The ranking with meaning added (`semantic.py`): the lexical candidates and the named ally's facts
    gain by how close the question is to their phrasings in the embedding; best first. `speaking`: the facts
    that speak of the other countries the question names (`speaking_of_subjects`); the others gain less."""
    scores = {fact: score for fact, score in ranked}
    for ally in allies:
        facts = index.ally_facts.get(ally, [])
        if len(facts) <= MAX_ALLY_CANDIDATES:
            scores.update((fact, scores.get(fact, 0.0)) for fact in facts)
    candidates = list(scores)
    cosines = dict(zip(candidates, index.meaning.similarity(question, candidates), strict=True))
    for fact, cosine in cosines.items():
        if cosine > SEMANTIC_BASE:  # else it adds nothing, whatever the fact's ally
            closeness = SEMANTIC_WEIGHT * (cosine - SEMANTIC_BASE)
            elsewhere = OTHER_COUNTRY if speaking is not None and fact not in speaking else 1.0
            scores[fact] += ally_factor(index.entries[fact].ally, allies, index.speaks_of[fact]) * closeness * elsewhere
    # Ordered before capping: two facts that both reach 100 are told apart by how far past it they went, and
    # two that tie by how close they are in meaning ('who is russias closest ally': Belarus, not Vietnam)
    best = sorted(scores.items(), key=lambda item: (item[1], cosines[item[0]], item[0]), reverse=True)
    best = best[:shortlist.RANKED]
    return [(fact, round(min(100.0, score), 1)) for fact, score in best]


def asks_beside(index: Index, question: str, ranked: list[tuple[int, float]]) -> bool:
    """'Did Belarusian soldiers fight in Ukraine?' beside Russia's troops in Belarus: the top fact lists the
    question among those it does not answer, so neither it nor a sibling further down answers it."""
    if not ranked:
        return False
    fact, seen, near = ranked[0][0], set(), 0.0
    while True:  # readers get a superseded fact's newest version: what that one does not answer counts too
        if index.meaning.asks_beside(question, fact, NOT_ANSWERED_CLOSENESS, near):
            return True
        newer = index.entries[fact].fact.superseded_by
        if newer is None or newer not in index.positions or fact in seen:
            return False
        seen.add(fact)
        near = max(near, index.meaning.similarity(question, [fact])[0])
        fact = index.positions[newer]


def weigh_words(index: Index, content: list[str], *, story: bool = False) -> WordEvidence:
    """Countries that most facts speak of (Russia, Ukraine) are the domain itself, not a subject."""
    countries = country_names()
    weights: list[float] = []
    token_matches: list[dict[str, float]] = []
    subjects: list[int] = []
    for position, word in enumerate(content):
        stems = {stem(word, lang) for lang in LANGS}
        known = [s for s in stems if s in index.postings]
        if _is_subject(index, content, position, known, countries):
            subjects.append(position)
            if not known:
                weights.append(index.max_idf * FOREIGN_COUNTRY_SHARE)
                token_matches.append({})
                continue
        matches: dict[str, float] = {}
        typos = not known and not everyday_word(word)  # nor is a word every reader spells right ('recht')
        for word_stem in known or stems:  # a word the fact base knows is no typo in the other language
            for found in index.lookup(word_stem, typos=typos):
                matches[found.term] = max(matches.get(found.term, 0.0), found.similarity)
        token_matches.append(matches)
        if matches:
            weights.append(max(index.idf[term] * sim for term, sim in matches.items()))
        else:
            share = TOLD_WORD_SHARE if story else UNKNOWN_WORD_SHARE
            weights.append(index.max_idf * share)
    return WordEvidence(weights, token_matches, subjects)


def _is_subject(index: Index, content: list[str], position: int, known: list[str], countries: frozenset[str]) -> bool:
    """Whether the word names another country or an everyday subject ('Indien', 'weather'), not one that
    most facts speak of (Russia, Ukraine: the domain itself)."""
    word, pair = content[position], "".join(content[position:position + 2])
    if word not in countries and pair not in countries and word not in EVERYDAY_SUBJECTS:
        return False
    return not known or max(len(index.postings[s]) for s in known) < DOMAIN_COUNTRY_SHARE * len(index.entries)


def speaking_of_subjects(index: Index, content: list[str]) -> frozenset[int] | None:
    """The facts that speak of every other country or everyday subject the question names ('Wie stehen
    Indien und Russland zueinander?': none); None when it names none. Meaning must not answer for a fact
    what its words were penalised for (`score.OTHER_COUNTRY`)."""
    countries = country_names()
    found: frozenset[int] | None = None
    for position, word in enumerate(content):
        known = [s for s in {stem(word, lang) for lang in LANGS} if s in index.postings]
        if _is_subject(index, content, position, known, countries):
            facts = frozenset(fact for s in known for fact in index.postings[s])
            found = facts if found is None else found & facts
    return found


# Never answered by a fact that does not state it
OFFERED_UNLESS_STATED = ("count", "quantity", "percent", "future", "items", "day", "duration", "so far")


def asks_which(question_words: list[str], nouns: frozenset[str]) -> bool:
    """Whether 'which' is followed by one of `nouns` anywhere: 'welche Länder ...' asks for several countries,
    'welcher davon ...' for one of the allies named before."""
    return any(word in ASKS_WHICH_ITEMS and question_words[n + 1:n + 2] and question_words[n + 1] in nouns
               for n, word in enumerate(question_words))


def asks_for(question_words: list[str]) -> str | None:
    """'day' for 'An welchem Tag...?', 'time' for 'Wann...?'/'Since when...?' (by the opening words),
    'quantity' for 'How many...?' or
    'in Euro' anywhere: a fact that states no number cannot answer it; 'future' for 'Will...?' or
    'irgendwann': a fact tells what is or was, not what will be."""
    opening = question_words[:3]
    conditional = not IF.isdisjoint(question_words)  # 'Will North Korea defend Russia if it is attacked?': a pledge
    # 'Welcher Verbündete ist Russland am nächsten?' asks who is closest, 'nukes right next door?' where: not
    # what comes next
    future = {word for n, word in enumerate(question_words) if word in FUTURE and question_words[n - 1:n] != ["am"]
              and question_words[n + 1:n + 2] not in (["door"], ["to"])}
    if (_asks_what_will_be(opening) and not conditional) or future:
        return "future"
    pairs = {" ".join(opening[i:i + 2]) for i in range(len(opening) - 1)}
    anywhere = {" ".join(question_words[i:i + 2]) for i in range(len(question_words) - 1)}
    if anywhere & ASKS_DAY:
        return "day"
    if anywhere & ASKS_DURATION and not AGO.isdisjoint(question_words):
        return "time"  # 'wie lange ist das her?', 'how long ago was that?' ask when
    if anywhere & ASKS_DURATION:
        return "so far" if not SO_FAR.isdisjoint(question_words) else "duration"  # 'since when' / 'how long'?
    if (opening[:1] and opening[0] in ASKS_TIME) or pairs & ASKS_TIME:
        return "time"
    # a number is asked for wherever 'how many' stands: 'Soldaten in Kursk - wie viele waren das?'
    if not PERCENT_ASKED.isdisjoint(question_words):
        return "percent"  # 'Mit wie viel Prozent...?': a count of visits does not answer it
    if anywhere & ASKS_COUNT or "wieviele" in question_words:
        return "count"  # 'how many allies': a list of them counts too
    degree = anywhere & ASKS_QUANTITY <= ASKS_HOW_MUCH and not BY_DEGREE.isdisjoint(question_words)
    if (anywhere & ASKS_QUANTITY and not degree) or not QUANTITY_ASKED.isdisjoint(question_words):
        return "quantity"  # not 'how much does Belarus depend on Russia?', which asks how far
    what_things = opening[:1] == ["what"] and len(opening) > 1 and opening[1].endswith("s") and not is_stop_word(
        opening[1]) and opening[1] not in EXACTLY  # 'what weapons exactly...?', not 'what exactly did he say?'
    which_things = opening[:1] and opening[0] in ASKS_WHICH_ITEMS and ONE_ROLE.isdisjoint(opening[1:2])
    if not EXACTLY.isdisjoint(question_words) and (anywhere & ASKS_WHAT_KIND or what_things or which_things):
        return "items"  # 'Welche Drohnen genau?': only a fact that lists them answers it
    return None


def _asks_what_will_be(opening: list[str]) -> bool:
    """'Will China...?', 'When will the war end?', 'Wann wird...?'; not 'Will you...?' nor German 'Was will
    China?'."""
    if opening[:1] == ["will"]:
        return opening[1:2] != ["you"]
    if opening[:2] in (["wann", "wird"], ["wann", "werden"]):  # 'Wann wird das Kraftwerk fertig?'
        return True
    return opening[1:2] == ["will"] and opening[0] in ENGLISH_QUESTION_WORDS
