"""Slips of one letter in the words the rules read by are respelt; rare words spelt right stay; shorthand and
an opening that only announces a question are written out or left out before the rules read it."""

from __future__ import annotations

import pytest

from bot.matching import Index, match
from bot.matching.spelling import respelt, spelt_out


@pytest.mark.parametrize(("typed", "meant"), [
    ("pasiert", "passiert"), ("zuletz", "zuletzt"), ("exacty", "exactly"), ("rusland", "russland"),
    ("putn", "putin"), ("imer", "immer"), ("waht", "what"),
])
def test_a_slip_in_a_rule_word_is_respelt(typed: str, meant: str) -> None:
    assert respelt(typed) == meant


@pytest.mark.parametrize("word", ["orban", "serbien", "asdfghjkl", "passiert", "hmeimim", "laos", "ruble", "lorem"])
def test_common_rare_and_foreign_words_stay_as_typed(word: str) -> None:
    assert respelt(word) == word


def test_chat_shorthand_is_written_out_before_the_rules_read_it() -> None:
    assert spelt_out("seit wan das? abt the war, bzw. China") == "seit wann das? about the war, beziehungsweise. China"
    assert spelt_out("Wanted: Grad, Abteilung") == "Wanted: Grad, Abteilung"  # whole words only
    assert spelt_out("Und wer hod den ausgstellt? Derf er ned reisn?") == (
        "Und wer hat den ausgestellt? darf er nicht reisen?")  # Bavarian forms no other word has
    assert spelt_out("And what about the North Koreans, if I may?") == "And what about the North Koreans?"


def test_a_year_written_out_is_read_as_its_digits_and_other_numbers_stay_words() -> None:
    assert spelt_out("im Mai zweitausendvierundzwanzig") == "im Mai 2024"
    assert spelt_out("in May twenty twenty-four, right?") == "in May 2024, right?"
    assert spelt_out("seit zwanzig-zweiundzwanzig") == "seit 2022"
    assert spelt_out("in two thousand and twenty-three") == "in 2023"
    assert spelt_out("Zwanzig Länder, twenty-one countries") == "Zwanzig Länder, twenty-one countries"


def test_a_last_sentence_saying_only_that_the_reader_does_not_understand_is_left_out() -> None:
    assert spelt_out("Warum ist China so eng mit Russland? Ich verstehe das nicht.") == (
        "Warum ist China so eng mit Russland?")
    assert spelt_out("why is china so close to russia? i dont get it") == "why is china so close to russia?"
    assert spelt_out("Ich verstehe das nicht.") == "Ich verstehe das nicht."  # nothing else asked: kept


def test_in_plain_words_is_left_out_of_a_question_and_kept_as_simpler_in_a_request_alone() -> None:
    assert spelt_out("What's the North Korea pact about, in plain English?") == "What's the North Korea pact about,?"
    assert spelt_out("Sag das mal in einfachen Worten") == "Sag das mal einfacher"
    assert spelt_out("can you put that in plain words") == "can you put that simpler"
    # a clause that asks nothing else, after one about the reader
    assert spelt_out("Versteh ich nicht ganz, nochmal in einfachen Worten?") == (
        "Versteh ich nicht ganz, nochmal einfacher?")


def test_country_codes_in_capitals_are_written_out_unless_the_message_shouts() -> None:
    assert spelt_out("BY abhängig von RU – in welchen Bereichen?") == (
        "Belarus abhängig von Russland – in welchen Bereichen?")
    assert spelt_out("Iran/RU Koop seit 2022?") == "Iran/Russland Kooperation seit 2022?"
    assert spelt_out("WHAT IS SUPPLIED BY IRAN") == "WHAT IS SUPPLIED BY IRAN"  # 'by', shouted
    assert spelt_out("sent by Iran") == "sent by Iran"


def test_a_pasted_link_leaves_the_words_of_its_path() -> None:
    # the site's name ('dw') would read as a question about DW; the path's words say what the reader read
    assert spelt_out("https://www.dw.com/de/wer-steht-noch-an-russlands-seite/a-69442700 welche Länder stehen da "
                     "drin?") == "wer steht noch russlands seite  welche Länder stehen da drin?"
    assert spelt_out("www.dw.com") == "www.dw.com"  # a link alone stays as it is


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("btw wer ist aktuell präsident in syrien", "wer ist aktuell präsident in syrien"),
        ("Kurze Frage: who runs Belarus?", "who runs Belarus?"),
        ("übrigens, liefert der Iran Drohnen?", "liefert der Iran Drohnen?"),
        ("ok danke", "ok danke"),  # nothing but a reply would be left: it stays
        ("okayama", "okayama"),  # whole words only
        ("Opa fragt: weswegen eigentlich?", "weswegen eigentlich?"),
        ("grandma asks: is china russia's biggest trading partner", "is china russia's biggest trading partner"),
        ("Grüezi mitenand, wer hät dä Haftbefehl usgstellt?", "wer hat der Haftbefehl ausgestellt?"),
        ("Servus! Wie eng sind Belarus und Russland?", "Wie eng sind Belarus und Russland?"),
        ("Servus", "Servus"),  # a greeting alone stays small talk
        ("Opa fragt, ob das stimmt", "Opa fragt, ob das stimmt"),  # no colon: the asking is the question
        ("Steh am Crêpes-Stand und mein Bub fragt, warum China und Russland so dicke sind",
         "warum China und Russland so dicke sind"),  # whose question it is, up to eight words before 'fragt'
        ("Wat hätt dä Putin 2024 in Vietnam jemacht?", "was hätt der Putin 2024 in Vietnam gemacht?"),  # Kölsch
        ("Un warum grade dorthin?", "und warum grade dorthin?"),  # Saxon 'un'
        ("Ich möchte gerne wissen, wann", "Ich möchte gerne wissen, wann"),  # too little after it: it stays
        ("Ich möchte gerne wissen, von welchem Land aus Russland einmarschiert ist",
         "von welchem Land aus Russland einmarschiert ist"),
        ("Grüß Gott, wie eng sind Belarus und Russland?", "wie eng sind Belarus und Russland?"),
        ("Papa will wissen ob China jetzt auch Waffen schickt", "ob China jetzt auch Waffen schickt"),
        ("mum wants to know if belarus is actually in the war", "if belarus is actually in the war"),
        ("I'd like to know whether Iran sends drones", "whether Iran sends drones"),
        ("Ich will wissen", "Ich will wissen"),  # nothing asked after it: it stays
        ("Ich will wissen, dass du lügst", "Ich will wissen, dass du lügst"),  # no question follows
        ("Sehr geehrte Damen und Herren, ich wüsste gern, welche Staaten Putin besucht hat",
         "welche Staaten Putin besucht hat"),  # two openings
        ("Guten Tag, ich hätte gern gewusst, mit welchen Ländern Russland befreundet ist",
         "mit welchen Ländern Russland befreundet ist"),
        ("Gestatten Sie mir die Frage, ob Herr Xi in Moskau war", "ob Herr Xi in Moskau war"),
        ("Would you ever tell me which countries Putin visited", "which countries Putin visited"),
        ("Ope, sorry to bother ya, where's Putin been traveling lately?", "where's Putin been traveling lately?"),
        ("Entschuldigung für die Störung, wer hilft Russland?", "wer hilft Russland?"),  # an apology for asking
        ("Guten Morgen, wie geht es Ihnen?", "Guten Morgen, wie geht es Ihnen?"),  # a greeting and small talk
    ],
)
def test_an_opening_that_only_announces_a_question_is_left_out(typed: str, read: str) -> None:
    assert spelt_out(typed) == read


def test_who_leads_asked_after_btw_is_read_as_without_it(shipped_index: Index) -> None:
    for question in ("btw wer ist aktuell präsident in syrien", "by the way, who is the president of syria now?"):
        found = match(shipped_index, question)
        assert found.kind == "answer" and found.entry is not None and found.entry.id == "syria-sharaa-first-visit"


def test_shorthand_is_written_out_wherever_it_stands_and_a_phrase_only_whole() -> None:
    """The shorthand's patterns are only tried on a message holding one of their first words: these must still
    be found mid-sentence, after punctuation and in capitals, and a first word alone changes nothing."""
    assert spelt_out("Was sagt der KREMLCHEF, bzw. Rocket Man?") == "Was sagt der Putin, beziehungsweise. Kim Jong Un?"
    assert spelt_out("Die russischen Soldaten, wat nu?") == "Die russischen Soldaten, was nun?"
    assert spelt_out("is china lowkey helping, if you don't mind?") == "is china helping?"


def test_scots_and_swabian_forms_are_written_out() -> None:
    assert spelt_out("is north korea really the maist loyal one, mair than belarus even?") == (
        "is north korea really the most loyal one, more than belarus even?")
    assert spelt_out("hend die Iraner au Raketa gschickt?") == "haben die Iraner auch Raketen geschickt?"
    assert spelt_out("Is China actually helpin Russia wi the war?") == "Is China actually helping Russia with the war?"


def test_swiss_swabian_bavarian_and_berlin_forms_are_written_out() -> None:
    assert spelt_out("und Nordkorea ou?") == "und Nordkorea auch?"
    assert spelt_out("was hond d Chinesa in dr Schwiz gmacht?") == "was haben d Chinesen in der Schweiz gemacht?"
    assert spelt_out("Isch Russland an die Konferenz in dr Schwiiz iiglade gsi?") == (
        "ist Russland an die Konferenz in der Schweiz eingeladen gewesen?")
    assert spelt_out("mir hunn geheert vietnam hätt ebbes unnerschriwwe") == (
        "mir haben gehört vietnam hätt etwas unterschrieben")
    assert spelt_out("woa da Xi in Moskau?") == "war da Xi in Moskau?"
    assert spelt_out("warum machen die dit?") == "warum machen die das?"
    assert spelt_out("how d'ye knaa that?") == "how do you know that?"
    assert spelt_out("unn wo hoscht des her?") == "und wo hast des her?"
    assert spelt_out("hän d Chinese inzwische au Waffe gliefert?") == "haben d Chinese inzwischen auch Waffe geliefert?"
    assert spelt_out("Wann war des nomoi?") == "Wann war des nochmal?"
    assert spelt_out("how bout belarus") == "how about belarus"


def test_hessian_forms_and_un_before_a_question_word_are_written_out() -> None:
    assert spelt_out("Ei, fer was braucht de Kim eischentlich de Putin?") == (
        "Ei, wofür braucht de Kim eigentlich de Putin?")
    assert spelt_out("woher hosde dess?") == "woher hast du das?"
    assert spelt_out("hawwe die Waffe kaaft?") == "haben die Waffe gekauft?"
    assert spelt_out("un weshalb?") == "und weshalb?"  # not the UN
    assert spelt_out("Und isch er au im Iran gwäa?") == "Und ist er auch im Iran gewesen?"
    assert spelt_out("Und d Russa, waret die do eiglada?") == "Und d Russa, waren die do eingeladen?"
    assert spelt_out("Warum es Vietnam su wichtisch? halten die zu Putin oda nich?") == (
        "Warum es Vietnam su wichtig? halten die zu Putin oder nicht?")


def test_an_opening_that_only_asks_lightly_or_for_an_opinion_on_a_question_is_left_out() -> None:
    assert spelt_out("Was denkst du, warum Kim so treu zu Putin steht?") == "warum Kim so treu zu Putin steht?"
    assert spelt_out("What do you think, why is Kim loyal?") == "why is Kim loyal?"
    assert spelt_out("Was denkst du über Putin?") == "Was denkst du über Putin?"  # his opinion: about the bot
    assert spelt_out("bloß mal so gefragt, wie hat putin reagiert?") == "wie hat putin reagiert?"
    assert spelt_out("Just wondering: does Iran send drones?") == "does Iran send drones?"
    assert spelt_out("Between you and me, is Iran helping?") == "is Iran helping?"
    assert spelt_out("Between us and China, who trusts whom?") == "Between us and China, who trusts whom?"


def test_a_participle_said_with_je_or_g_is_written_out_when_only_the_written_form_is_a_word() -> None:
    assert spelt_out("Hamse wat jefunden? Wer hot des ghört?") == "Hamse was gefunden? wer hat des gehört?"
    assert spelt_out("Hat er Waffen jeliefert?") == "Hat er Waffen geliefert?"
    assert spelt_out("jemand jetzt glauben Gdansk") == "jemand jetzt glauben Gdansk"  # words as they are


def test_a_trip_said_as_driven_or_flown_to_a_place_is_a_trip() -> None:
    assert spelt_out("Ist Putin 2025 nochmal nach China gefahren?") == "Ist Putin 2025 nochmal nach China gereist?"
    assert spelt_out("Isch de Putin nach China gfahre?") == "ist de Putin nach China gereist?"
    assert spelt_out("Ist er nach Nordkorea geflogen?") == "Ist er nach Nordkorea gereist?"
    assert spelt_out("Ist der Panzer gefahren?") == "Ist der Panzer gefahren?"  # no destination: not a trip
    assert spelt_out("Warum ist er nach Nordkorea gefahren?") == "Warum ist er nach Nordkorea gefahren?"  # what for
    assert spelt_out("could he be arrested if he flew to France?") == "could he be arrested if he flew to France?"


def test_tyrolean_woll_and_amol_are_written_out() -> None:
    assert spelt_out("War der Putin woll amol im Iran?") == "War der Putin wohl mal im Iran?"


def test_low_german_and_geordie_forms_are_written_out() -> None:
    assert spelt_out("un wat heet dat för sien Reisen?") == "und was heißt das für sien Reisen?"
    assert spelt_out("did putin gan to north korea? did they sign owt?") == (
        "did putin go to north korea? did they sign anything?")


def test_bavarian_eahna_aa_and_amal_are_written_out() -> None:
    assert spelt_out("Helfen de eahna aa bei de Sanktionen?") == "Helfen de ihnen auch bei de Sanktionen?"
    assert spelt_out("War der Putin amal im Iran?") == "War der Putin mal im Iran?"


def test_bavarian_umanand_sog_hald_and_gwesn_are_written_out() -> None:
    assert spelt_out("Steht russisches Militär umanand?") == "Steht russisches Militär herum?"
    assert spelt_out("Sog's a bissl einfacher") == "sag's a bissl einfacher"
    assert spelt_out("kürzer bitte, hald in zwei sätz") == "kürzer bitte, halt in zwei sätz"
    assert spelt_out("San Soldaten in Kursk gwesn?") == "sind Soldaten in Kursk gewesen?"


def test_scots_mony_and_sodgers_are_written_out() -> None:
    assert spelt_out("North Korean sodgers in Kursk? how mony?") == "North Korean soldiers in Kursk? how many?"


def test_the_yanks_are_the_americans() -> None:
    assert spelt_out("does china reckon russia's a mate against the yanks?") == (
        "does china reckon russia's a mate against the Americans?")


def test_a_parenthesis_after_the_question_is_an_aside() -> None:
    assert spelt_out("Welche Rolle spielt Vietnam für Russland? (frage aus der opernpause)") == (
        "Welche Rolle spielt Vietnam für Russland?")


def test_a_dialect_ending_said_not_written_is_read_as_the_written_word() -> None:
    """-en said -n, -er or -en said -a, ie said ia: words no list held before a new dialect writer used them."""
    assert spelt_out("kürza bitte") == "kürzer bitte"
    assert spelt_out("und schickt Russland a Soldatn hin?") == "und schickt Russland a Soldaten hin?"
    assert spelt_out("liefern d Chinesa Waffa?") == "liefern d Chinesen Waffen?"


@pytest.mark.parametrize("question", ["Hola, wie gehts?", "tell me about iran and russa", "Was ist mit Meta?"])
def test_a_short_word_a_name_or_a_slip_of_a_countrys_name_keeps_its_ending(question: str) -> None:
    assert spelt_out(question) == question


@pytest.mark.parametrize(("question", "read"), [
    ("Welches Land steht am bedingungslosesten hinter Russland? Ich tippe uff Belarus",
     "Welches Land steht am bedingungslosesten hinter Russland?"),
    ("which country support Russia war pass everybody? i think na China abi", "which country support Russia war pass "
     "everybody?"),
    ("Which country backs Russia the most, no questions asked? I'd have said Belarus tbh",
     "Which country backs Russia the most, no questions asked?"),
])
def test_the_readers_guess_after_a_question_is_read_past(question: str, read: str) -> None:
    assert spelt_out(question) == read


def test_an_answer_the_reader_half_believes_is_no_guess_at_an_ally() -> None:
    assert spelt_out("Hat Iran Drohnen geschickt? Ich glaube ja") == "Hat Iran Drohnen geschickt? Ich glaube ja"
