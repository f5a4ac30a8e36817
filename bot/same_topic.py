"""'und Nordkorea?' after a fact about Iran's drones: the same topic, asked about another ally (pure).

The last fact's own question variants are asked about the new ally, then the reader's own last question;
when neither finds a fact of that ally, a fact of another ally that says it of the new one ('und China?' after
Syria's UN votes: North Korea's, 'anders als China'), after an overview that names the ally how it stands with
Russia ('and Syria?' after the list of allies), else the ally's topic list (bot/context.py reads the
rest of a conversation)."""

from __future__ import annotations

from dataclasses import replace

from bot.knowledge.base import Entry
from bot.knowledge.models import LANGS, Lang
from bot.matching import ANSWER_THRESHOLD, Index, Match, match
from bot.matching.decide import relationship_question
from bot.matching.normalize import words
from bot.timeline import versions

SAME_TOPIC_SHARE = 0.3  # of the last fact's question variants that must find one fact of the new ally


def same_topic_for(index: Index, bare: Match, fact_id: str, asked: str | None = None) -> Match:
    """'und Nordkorea?' after a fact: the new ally's fact that the last topic's question variants would be
    answered with when asked about that ally, or the ally's topic list when too few would be. Each version
    of the topic (an older fact a newer one overtook) is asked on its own, so that a newer fact's topic is
    also what the older one asked.

    A variant supports every fact of the new ally it would answer with, not only its first: with many
    facts on neighbouring topics (troops, arms, treaties) the first place often goes to a neighbour."""
    last = index.kb.get(fact_id)
    ally = bare.ally
    if last is None or ally is None or last.ally == ally:
        return bare
    best: tuple[float, float, Entry] | None = None
    for version in versions(index.kb, last):
        votes = _votes(index, version, ally)
        variants = sum(len(version.fact.questions.get(lang)) for lang in LANGS)
        for count, total, entry in votes.values():
            share = count / variants
            if share >= SAME_TOPIC_SHARE and (best is None or (share, total) > best[:2]):
                best = (share, total, entry)
    if best is None:
        reworded = _asked_of(index, asked, ally, bare.lang) if asked else None
        if reworded is not None:
            return reworded
        said = _said_by_another(index, last, ally, bare.lang)
        if said is not None:
            return replace(said, query=bare.query, score=bare.score)
        if last.ally is not None and any(m.ally == ally for lang in LANGS
                                         for m in index.allies.find(words(last.fact.answer.get(lang)))):
            # 'Unlike China, North Korea voted against...', then 'and China?': the last answer says it (not an
            # overview that names every ally: after the list of allies, 'und Belarus?' asks how Belarus stands, below)
            return Match(bare.query, bare.lang, "answer", score=bare.score, entry=last, ally=ally, best=last,
                         ranked=((last, bare.score),))
        if last.ally is None and any(m.ally == ally for m in index.allies.find(words(last.fact.answer.get(bare.lang)))):
            # 'and Syria?' after the list of Russia's allies: whether Syria stands with Russia
            found = match(index, relationship_question(index, ally, bare.lang), bare.lang)
            if found.kind == "answer" and found.entry is not None and found.entry.ally == ally:
                return replace(found, query=bare.query)
        return bare  # the ally has no fact on that topic: its topic list
    entry = best[2]
    return Match(bare.query, bare.lang, "answer", score=bare.score, entry=entry, ally=ally, best=entry,
                 ranked=((entry, bare.score),))


def _asked_of(index: Index, asked: str, ally: str, lang: Lang) -> Match | None:
    """The reader's own last question asked again about `ally` ('Hat Russland Soldaten in Belarus?', then
    'Und in Syrien?'), when it finds a fact of that ally; else asked with the ally in the named one's place, when
    it finds another ally's fact that speaks of this one."""
    folded = words(asked)
    named = index.allies.find(folded)
    rest = " ".join(word for n, word in enumerate(folded) if not any(m.start <= n < m.end for m in named))
    found = match(index, rest, lang, assume_ally=ally)
    if found.kind == "answer" and found.entry is not None and found.entry.ally == ally:
        return found
    if (not named and found.kind == "answer" and found.entry is not None and found.entry.ally is not None
            and index.says_of(found.entry, ally)):
        # 'Welche Staaten stimmen in der UN gegen die Resolutionen?', then 'und China?': North Korea's votes,
        # about China, which they say voted otherwise
        return replace(found, ally=ally)
    # 'Wie stimmt Syrien in der UN ab?', then 'und China?': no fact of China's own, but North Korea's votes
    # say how China voted ('anders als China')
    country = index.kb.allies.get(ally)
    if len({m.ally for m in named}) != 1 or country is None:
        return None
    starts = {m.start for m in named}
    swapped = " ".join(country.names.get(lang) if n in starts else word
                       for n, word in enumerate(folded) if not any(m.start < n < m.end for m in named))
    found = match(index, swapped, lang)
    if found.kind == "answer" and found.entry is not None and index.says_of(found.entry, ally):
        return replace(found, ally=ally)  # about the ally asked of, though another's fact says it
    return None


def _said_by_another(index: Index, last: Entry, ally: str, lang: Lang) -> Match | None:
    """'und China?' after Belarus's or Syria's UN votes, when the reader's own last question was only 'and
    Syria?': the last topic's question variants that name its ally, asked with `ally` in its place, mostly find a
    fact of a third ally that says it of this one (North Korea's votes, 'anders als China')."""
    found: dict[str, tuple[int, Match]] = {}
    naming = 0
    for version in versions(index.kb, last):
        for variant in version.fact.questions.get(lang):
            folded = words(variant)
            if {m.ally for m in index.allies.find(folded)} != {version.ally}:
                continue
            naming += 1
            said = _asked_of(index, variant, ally, lang)
            if said is not None and said.entry is not None and said.entry.ally not in (ally, version.ally):
                count, _ = found.get(said.entry.id, (0, said))
                found[said.entry.id] = (count + 1, said)
    if not found:
        return None
    count, said = max(found.values(), key=lambda pair: pair[0])
    return said if count >= SAME_TOPIC_SHARE * naming else None


def _votes(index: Index, last: Entry, ally: str) -> dict[str, tuple[int, float, Entry]]:
    """Per fact of `ally`: how many of `last`'s question variants, asked about `ally`, it would answer, and
    their summed scores."""
    votes: dict[str, tuple[int, float, Entry]] = {}
    for lang in LANGS:
        for variant in last.fact.questions.get(lang):
            for entry, score in match(index, variant, lang, assume_ally=ally).ranked:
                if entry.ally == ally and score >= ANSWER_THRESHOLD:
                    count, total, _ = votes.get(entry.id, (0, 0.0, entry))
                    votes[entry.id] = (count + 1, total + score, entry)
    return votes


def other_country_question_for(index: Index, asked: str, bare: Match) -> Match:
    """'Ist Kasachstan auch ein Verbündeter Russlands?' (no fact), then 'und Belarus?': the reader's question
    with the ally in the other country's place ('does hungary support russia?' asks 'does belarus support
    russia?': the question alone often says too little without a country), else with it left out; the ally's
    topic list when no fact of it answers. So too after a question about another ally that no fact answered
    ('Schickt China Munition an Russland?', then 'Und Nordkorea auch?')."""
    ally = bare.ally
    if ally is None:
        return bare
    others = index.allies.other_countries(words(asked))
    folded = words(bare.query)
    name = next((" ".join(folded[m.start:m.end]) for m in index.allies.find(folded)), ally)
    kept, put = [], False
    for word in asked.split():
        if not _names_another(index, word, others, ally):
            kept.append(word)
        elif not put:  # 'Saudi-Arabien', 'the United Arab Emirates': one name however many words
            kept.append(name)
            put = True
    for reworded in (" ".join(kept), " ".join(word for word in kept if word != name)):
        found = match(index, reworded, bare.lang, assume_ally=ally)
        if found.kind == "answer" and found.entry is not None and found.entry.ally == ally:
            return replace(found, query=bare.query, lang=bare.lang)
    return bare


def _names_another(index: Index, word: str, others: frozenset[str], ally: str) -> bool:
    """Whether a word of the reader's question names another country or another ally than `ally`."""
    folded = words(word)
    return bool(others.intersection(folded)) or any(mention.ally != ally for mention in index.allies.find(folded))
