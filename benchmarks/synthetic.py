"""Synthetic fact bases and questions for bench_matching.py, grown from the shipped fact base.

Each synthetic fact is a real fact cloned with a new id: its question variants, topic, keywords, answer
and quote keep their sentence shape, stop words and ally names, but most content words are replaced by
words drawn from a German or English vocabulary of several thousand words with Zipf-like frequencies.
Each synthetic fact also has a few subject words of its own that recur across its variants, as a real
fact's do. So the vocabulary grows sublinearly with the fact base (Heaps' law) and common words get long
posting lists, as in a real fact base; the allies stay the shipped six.
"""

from __future__ import annotations

import bisect
import dataclasses
import gettext
import itertools
import random
import re
from collections import Counter
from collections.abc import Sequence

import pycountry

from bot.knowledge import LANGS, Entry, KnowledgeBase, Lang
from bot.matching.normalize import is_stop_word, words

VOCABULARY_SIZE = 8000  # words per language

# Everyday news words beyond the shipped fact base: politics, economy, military, society.
_NEWS_WORDS: dict[Lang, str] = {
    "de": """
Abgeordnete Abkommen Abrüstung Abschreckung Absprache Abstimmung Abzug Agentur Aktie Allianz Alltag Angebot
Angriff Anklage Anleihe Anschlag Ansprache Antrag Arbeit Arbeitslosigkeit Armee Armut Artillerie Asyl Atom
Aufbau Aufrüstung Aufstand Auftrag Ausbildung Ausfuhr Ausgaben Auslandsschulden Ausnahmezustand Aussage
Außenminister Austausch Autokratie Bahn Bank Basis Beamte Bedrohung Behörde Beitritt Belagerung Beobachter
Beratung Bergbau Berufung Besatzung Beschluss Besuch Bevölkerung Bewegung Bilanz Bildung Binnenmarkt Blockade
Bodenschätze Bombe Botschaft Botschafter Boykott Brücke Bündnis Bürger Bürgerkrieg Demokratie Demonstration
Devisen Diktatur Diplomatie Drohung Druck Dünger Ehrenwache Einfluss Einfuhr Einheit Einigung Einmarsch
Einnahmen Eisenbahn Eliten Embargo Energie Entscheidung Entwicklung Erdgas Erdöl Ernte Eskalation Exil
Export Fabrik Finanzen Flotte Flucht Flüchtlinge Flughafen Flugzeug Folter Forschung Fortschritt Frieden
Friedensplan Front Führung Gefangene Gefängnis Gegner Geheimdienst Gehalt Geld Gericht Gesetz Gesundheit
Getreide Gewalt Gipfel Gold Grenze Großmacht Grundlage Gutachten Hafen Handel Haushalt Hauptstadt Herrschaft
Hilfe Hochschule Holz Hunger Import Industrie Inflation Infrastruktur Investition Journalist Justiz Kabinett
Kampf Kampfjet Kanzler Kapital Kaserne Kernkraft Kirche Klima Koalition Kohle Kommission Kompromiss Konflikt
Kongress Kontrolle Konzern Korruption Kosten Kraftwerk Kredit Krise Kritik Kultur Kupfer Küste Landwirtschaft
Lebensmittel Lieferkette Lieferung Lohn Luftabwehr Luftwaffe Macht Manöver Marine Markt Medien Mehrheit
Meinung Menschenrechte Militär Minister Mission Mittel Moschee Munition Nachbar Nachfrage Nahrung Nation
Netz Neutralität Niederlage Norden Öffentlichkeit Offizier Ölpreis Opfer Opposition Ordnung Osten Panzer
Parlament Partei Partner Partnerschaft Pipeline Plan Politik Polizei Präsident Presse Preis Propaganda
Protest Provinz Prozess Rakete Rat Raumfahrt Recht Regierung Regime Region Reform Regel Reise Rente Republik
Reserve Resolution Rohstoff Rubel Rückzug Rüstung Satellit Schiff Schulden Schule Schutz Sicherheit Sieg
Sitzung Soldat Souveränität Spannung Spende Spion Staat Staatschef Stabilität Stadt Stahl Standort Stellung
Steuer Stimme Strafe Strategie Strom Studie Stützpunkt Süden Sturz Tagung Technik Technologie Terror Tourismus
Transit Treffen Truppen Uran Urteil Verband Verbot Verfassung Verhaftung Verhandlung Verlust Vermittlung
Vertrag Verteidigung Verwaltung Volk Vorwurf Wahl Wahlkampf Währung Waffe Waffenruhe Wahrheit Ware Wasser
Weizen Welt Weltbank Werft Westen Widerstand Wirtschaft Wissenschaft Wohlstand Zeitung Zensur Ziel Zoll
Zukunft Zusage Zusammenarbeit Zusammenbruch Zustimmung Zweifel
abgelehnt angekündigt beschlossen bestätigt betroffen bewaffnet billig demokratisch diplomatisch dringend
eingeschränkt entschieden erfolgreich geheim gefährlich gemeinsam geplant gescheitert gestiegen gesunken
international jährlich kritisch militärisch mächtig national neutral offiziell politisch regional schwach
stark strategisch teuer umstritten unabhängig verboten verbündet verurteilt wichtig wirtschaftlich
ablehnen anerkennen angreifen ausbauen beliefern beobachten beschließen besuchen bezahlen drohen empfangen
erhöhen erklären exportieren finanzieren fordern fördern gewinnen handeln importieren kämpfen kaufen
kritisieren leugnen liefern meiden produzieren schützen senken stärken stützen unterstützen verbieten
verhandeln verkaufen verlieren vermitteln versprechen verteidigen vertiefen wählen warnen zahlen
""",
    "en": """
accord agency agreement aid airbase airport alliance ambassador ammunition arms army arrest artillery assembly
asylum attack authority autocracy ban bank barrier base battle blockade bomb bond border boycott bridge budget
cabinet campaign capital casualty ceasefire censorship chancellor charge church city claim climate coal
coalition collapse commander commission compromise conference conflict congress consent constitution
contract control copper corruption cost council court credit crisis criticism crop currency customs damage
deal debt defeat defence delegation delivery democracy demonstration deployment deputy dictator diplomacy
diplomat dispute doctrine drill economy education election embargo embassy energy envoy escalation espionage
exile export factory fertiliser finance fleet food force freedom frontline fuel gas government grain growth
harbour health hunger import independence industry inflation influence infrastructure intelligence
interest invasion investment jet journalist judge justice labour law leader leadership legislation loan
loss majority market media merger militia minister ministry mission missile mosque movement navy negotiation
neighbour network neutrality newspaper nuclear offensive officer oil opposition order parliament partner
party peace pension pipeline plan police policy poll port poverty power president press pressure price
prison prisoner production propaganda prosecutor protest province purchase rail reactor rebel reform refugee
regime region reserve resolution revenue revolution rocket rouble rule sanction satellite school security
settlement shipment shipyard siege soldier sovereignty spy stability state steel strategy strike subsidy
summit supply support surveillance tank tariff tax technology territory terror threat trade training
transit treaty trial troops uranium verdict veto victory violence visit vote wage warship water weapon wheat
withdrawal worker
approved armed banned cheap close critical democratic diplomatic economic foreign illegal independent joint
military national neutral nuclear official political powerful regional secret strategic strong weak
announce approve arm attack back ban buy condemn confirm criticise defend deliver deny deploy discuss export
finance fund import invest meet negotiate oppose produce promise protect reject sell sign strengthen supply
support threaten trade vote warn
""",
}

# German compound tails: 'Waffen' + 'lieferung' reads like the news, and adds the long rare words a real
# German fact base has.
_DE_COMPOUND_TAILS = [
    "abkommen", "ausfuhr", "besuch", "bündnis", "exporte", "frage", "gesetz", "grenze", "handel", "hilfe",
    "industrie", "kosten", "krieg", "krise", "lieferung", "markt", "minister", "partner", "politik", "preis",
    "programm", "reform", "streit", "system", "vertrag", "verbot", "wahl",
]


def vocabulary(kb: KnowledgeBase, rng: random.Random) -> dict[Lang, list[str]]:
    """Content words per language, most frequent first: the fact base's own words by their counts in
    turns with news words and everyday words (wordfreq), then a long tail of German compounds and place
    and language names (pycountry)."""
    ally_words = {w for ally in kb.allies.values()
                  for label in (ally.names.de, ally.names.en, *ally.aliases) for w in words(label)}
    counts: dict[Lang, Counter[str]] = {lang: Counter() for lang in LANGS}
    nouns: set[str] = set()
    for entry in kb.entries:
        fact = entry.fact
        for lang in LANGS:
            for text in (*fact.questions.get(lang), fact.answer.get(lang), fact.topic.get(lang)):
                counts[lang].update(_raw_words(text))
                if lang == "de":  # capitalised inside a sentence: a noun
                    nouns.update(w for w in _raw_words(text)[1:] if w[:1].isupper() and len(w) > 3)

    def content(word: str) -> bool:
        folded = words(word)
        return len(folded) == 1 and len(folded[0]) > 2 and not is_stop_word(folded[0]) \
            and folded[0] not in ally_words and word.isalpha()

    result: dict[Lang, list[str]] = {}
    for lang in LANGS:
        head = [w for w, _ in counts[lang].most_common() if content(w)]
        news = _NEWS_WORDS[lang].split()
        rng.shuffle(news)
        general = _general_words(lang)
        # In turns: a word of the fact base, a news word, an everyday word; so the words the shipped facts
        # use are frequent but not all at the very top, where every fact would have them.
        ranked = [w for turn in itertools.zip_longest(head, news, general) for w in turn if w]
        ranked = ranked[:VOCABULARY_SIZE * 5 // 8]
        tail = _names(lang)
        if lang == "de":
            nouns.update(w for w in news if w[:1].isupper())
            stems = sorted(n for n in nouns if n.isalpha())
            tail += [a + b for a, b in itertools.product(stems, _DE_COMPOUND_TAILS)]
        rng.shuffle(tail)
        seen: set[str] = set()
        ordered = []
        for word in itertools.chain(ranked, tail):
            key = word.casefold()
            if key not in seen and content(word):
                seen.add(key)
                ordered.append(word)
        result[lang] = ordered[:VOCABULARY_SIZE]
    return result


def _general_words(lang: Lang) -> list[str]:
    """Everyday words by frequency (wordfreq, a dependency of the matcher), or none without it."""
    try:
        from wordfreq import top_n_list
    except ImportError:
        return []
    return [w for w in top_n_list(lang, 2 * VOCABULARY_SIZE) if w.isalpha()]


def _raw_words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text)


def _names(lang: Lang) -> list[str]:
    """One-word place and language names ('Bayern', 'Abchasisch'): the long tail of a news vocabulary."""
    translate = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=["de"], fallback=True).gettext
    names = [translate(language.name) if lang == "de" else language.name for language in pycountry.languages]
    names += [region.name for region in pycountry.subdivisions]
    return [name for name in names if name.isalpha() and 4 <= len(name) <= 16]


class Zipf:
    """Draws words with probability ~ 1 / (rank + 2.7), a Zipf-Mandelbrot law like word use in text."""

    def __init__(self, ordered: Sequence[str], rng: random.Random) -> None:
        self.words = list(ordered)
        self.rng = rng
        self.cumulative = list(itertools.accumulate(1 / (rank + 2.7) for rank in range(len(self.words))))

    def draw(self) -> str:
        return self.words[bisect.bisect_left(self.cumulative, self.rng.random() * self.cumulative[-1])]


class Generator:
    """Makes synthetic facts and questions from the shipped fact base's facts."""

    def __init__(self, kb: KnowledgeBase, seed: int = 7, replace_share: float = 0.6) -> None:
        self.kb = kb
        self.rng = random.Random(seed)
        self.vocabulary = vocabulary(kb, self.rng)
        self.zipf = {lang: Zipf(self.vocabulary[lang], self.rng) for lang in LANGS}
        self.replace_share = replace_share
        self.ally_words = {w for ally in kb.allies.values()
                           for label in (ally.names.de, ally.names.en, *ally.aliases) for w in words(label)}

    def rewrite(self, text: str, lang: Lang, subject: list[str]) -> str:
        """The text with most content words replaced: half by the fact's subject words, half by any."""

        def swap(found: re.Match[str]) -> str:
            word = found.group(0)
            folded = words(word)
            if (len(folded) != 1 or is_stop_word(folded[0]) or folded[0] in self.ally_words
                    or self.rng.random() >= self.replace_share):
                return word
            return self.rng.choice(subject) if self.rng.random() < 0.5 else self.zipf[lang].draw()

        return re.sub(r"[^\W\d_]+", swap, text)

    def fact(self, template: Entry, number: int) -> Entry:
        """A clone of `template` about a subject of its own, with a new id."""
        fact = template.fact
        subjects = {lang: [self.zipf[lang].draw() for _ in range(3)] for lang in LANGS}
        questions = fact.questions.model_copy(update={
            lang: [self.rewrite(q, lang, subjects[lang]) for q in fact.questions.get(lang)] for lang in LANGS})
        topic = fact.topic.model_copy(update={lang: self.rewrite(fact.topic.get(lang), lang, subjects[lang])
                                              for lang in LANGS})
        answer = fact.answer.model_copy(update={lang: self.rewrite(fact.answer.get(lang), lang, subjects[lang])
                                                for lang in LANGS})
        keywords = [*subjects["de"][:2], *subjects["en"][:2]]
        source_lang = template.source.language
        new = fact.model_copy(update={
            "id": f"{fact.id}-syn{number}", "questions": questions, "topic": topic, "answer": answer,
            "keywords": keywords, "quote": self.rewrite(fact.quote, source_lang, subjects[source_lang]),
        })
        return dataclasses.replace(template, fact=new)

    def knowledge_base(self, variants: int) -> KnowledgeBase:
        """The shipped facts plus synthetic ones, until there are at least `variants` question variants."""
        entries = list(self.kb.entries)
        total = sum(_variant_count(e) for e in entries)
        number = 0
        while total < variants:
            template = self.rng.choice(self.kb.entries)
            entry = self.fact(template, number)
            entries.append(entry)
            total += _variant_count(entry)
            number += 1
        return dataclasses.replace(self.kb, entries=tuple(entries))

    def question(self) -> str:
        """A reader's question in the synthetic vocabulary: a real variant, rewritten."""
        entry = self.rng.choice(self.kb.entries)
        lang = self.rng.choice(LANGS)
        subject = [self.zipf[lang].draw() for _ in range(3)]
        return self.rewrite(self.rng.choice(entry.fact.questions.get(lang)), lang, subject)


def _variant_count(entry: Entry) -> int:
    return sum(len(entry.fact.questions.get(lang)) for lang in LANGS)


# The key to the right on a German keyboard (to the left at a row's end): a slip of the thumb.
_KEYBOARD_NEIGHBOURS = {row[i]: row[i + 1] if i + 1 < len(row) else row[i - 1]
                        for row in ("qwertzuiop", "asdfghjkl", "yxcvbnm") for i in range(len(row))}


def typo(question: str, rng: random.Random) -> str:
    """The question with one or two phone typos in its longer words: a swap, a drop, a double, a slip."""
    tokens = question.split()
    longer = [i for i, t in enumerate(tokens) if len(t) >= 4 and t.isalpha()]
    for i in rng.sample(longer, min(len(longer), rng.choice((1, 2)))):
        word = tokens[i]
        at = rng.randrange(1, len(word) - 1)
        kind = rng.randrange(4)
        if kind == 0:
            word = word[:at] + word[at + 1] + word[at] + word[at + 2:]
        elif kind == 1:
            word = word[:at] + word[at + 1:]
        elif kind == 2:
            word = word[:at] + word[at] + word[at:]
        else:
            word = word[:at] + _KEYBOARD_NEIGHBOURS.get(word[at].lower(), word[at]) + word[at + 1:]
        tokens[i] = word
    return " ".join(tokens)
