"""A reader in December 2026 gets the newest fact first, with its date and source, can ask how it was in June
2024 (button, follow-up or a question naming the time), and never reads an overtaken claim as the present."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.conversation import Reply, answer_question, fact_reply
from bot.knowledge import LANGS
from bot.matching import Index
from bot.timeline import read_time

TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def index(shipped_index: Index) -> Index:
    return shipped_index


def labels(reply: Reply) -> list[str]:
    return [button.label for row in reply.buttons for button in row]


def press(index: Index, reply: Reply, label: str) -> Reply:
    """What pressing a fact button shows (bot/tg/buttons.py renders the same `fact_reply`)."""
    (action,) = [button.action for row in reply.buttons for button in row if button.label == label]
    assert action.kind == "fact"
    entry = index.kb.get(action.target)
    assert entry is not None
    return fact_reply(index, entry, action.lang, TODAY)


# ---------------------------------------------------------------- the newest fact first


def test_is_syria_still_russias_ally_gets_assads_fall_with_date_and_source(index: Index) -> None:
    reply = answer_question(index, "Ist Syrien noch Russlands Verbündeter?", None, TODAY)
    assert reply.entry is not None and reply.entry.id == "syria-assad-asylum-moscow"
    assert "Assad ist gestürzt." in reply.text
    assert "Stand: Dezember 2024" in reply.text
    assert "Quelle: ZDFheute: Nach Umsturz in Syrien: Assad und Familie offenbar in Moskau (09.12.2024)" in reply.text
    assert "Wie war es im Juni 2024?" in labels(reply)
    assert "geändert" not in reply.text  # before its review date: no "may have changed" notice


def test_has_north_korea_sent_soldiers_gets_the_2025_confirmation_and_says_the_quote_is_german(index: Index) -> None:
    reply = answer_question(index, "Has North Korea sent soldiers to Russia?", None, TODAY)
    assert reply.entry is not None and reply.entry.id == "north-korea-troops-confirmed"
    assert reply.text.splitlines()[1].startswith("Yes. In April 2025 North Korea confirmed")
    assert "As of April 2025" in reply.text
    assert "Quote from the German article:\n“Nordkorea hat erstmals bestätigt" in reply.text  # verbatim, not translated
    assert "Source: BR24 (Bayerischer Rundfunk): Nordkorea bestätigt Einsatz von Soldaten" in reply.text


def test_treaty_with_iran_gets_the_2025_partnership_treaty(index: Index) -> None:
    reply = answer_question(index, "Hat Russland einen Vertrag mit dem Iran?", None, TODAY)
    assert reply.entry is not None and reply.entry.id == "iran-partnership-treaty"
    assert "Im Januar 2025 unterzeichneten Putin und Irans Präsident Peseschkian" in reply.text
    assert "Stand: Januar 2025" in reply.text
    assert "Quelle: Deutschlandfunk: Russland und Iran besiegeln Kooperation für zwei Jahrzehnte (17.01.2025)" in (
        reply.text
    )
    assert "Zitat aus" not in reply.text  # a German quote for a German reader needs no note


def test_a_comparison_with_earlier_times_gets_the_newest_fact(index: Index) -> None:
    # 'wie früher' compares today with then: not the question 'Wie war es früher?', which asks for the older fact
    reply = answer_question(index, "Warum kann Putin nicht einfach überall hinfliegen wie früher?", None, TODAY)
    assert reply.entry is not None and reply.entry.id == "overview-icc-limits-trips"
    assert "Stand: Oktober 2025" in reply.text


def test_english_quote_for_a_german_reader_is_marked_and_kept_verbatim(index: Index) -> None:
    reply = answer_question(index, "Hat Russland noch Stützpunkte in Syrien?", None, TODAY)
    assert reply.entry is not None and reply.entry.id == "syria-russian-bases-2026"
    assert "Zitat aus dem englischen Artikel:\n„Russia has two remaining military bases in Syria" in reply.text
    assert "(AFP, 28.01.2026)" in reply.text  # the byline the source gives


def test_question_about_an_overtaken_fact_gets_its_newer_version(index: Index) -> None:
    reply = answer_question(index, "Braucht Assad Russlands Hilfe?", None, TODAY)  # a variant of the June 2024 fact
    assert reply.entry is not None and reply.entry.id == "syria-assad-asylum-moscow"


# ---------------------------------------------------------------- how it was in June 2024


def test_button_how_was_it_in_june_2024_shows_the_old_fact_as_history(index: Index) -> None:
    newest = answer_question(index, "Ist Syrien noch Russlands Verbündeter?", None, TODAY)
    old = press(index, newest, "Wie war es im Juni 2024?")
    assert old.entry is not None and old.entry.id == "syria-assad-dependence"
    lines = old.text.splitlines()
    assert lines[1] == "🕰 Das war der Stand im Juni 2024. Neuer ist: Assad im Exil in Moskau (Dezember 2024)"
    assert lines[2].startswith("Syriens Präsident Baschar al-Assad")  # the old answer only after the history note
    assert "Stand: Juni 2024" in old.text and "Quelle: DW: Wer steht noch an Russlands Seite?" in old.text
    assert "Neuerer Stand: Dezember 2024" in labels(old)
    assert press(index, old, "Neuerer Stand: Dezember 2024").entry == newest.entry


def test_english_button_what_was_it_in_june_2024(index: Index) -> None:
    newest = answer_question(index, "Is Syria still Russia's ally?", None, TODAY)
    old = press(index, newest, "What was it in June 2024?")
    assert old.text.splitlines()[1] == (
        "🕰 This was the state of things in June 2024. Newer: Assad in exile in Moscow (December 2024)"
    )


@pytest.mark.parametrize(
    ("follow_up", "lang"), [("Wie war es im Juni 2024?", "de"), ("What was it in June 2024?", "en")]
)
def test_typed_follow_up_naming_june_2024_gets_the_old_fact(index: Index, follow_up: str, lang: str) -> None:
    first = answer_question(index, "Ist Syrien noch Russlands Verbündeter?", None, TODAY)
    assert first.entry is not None
    reply = answer_question(index, follow_up, None, TODAY, context=first.context, now=60.0)
    assert reply.lang == lang
    assert reply.entry is not None and reply.entry.id == "syria-assad-dependence"
    lines = reply.text.splitlines()
    if lines[0] == {"de": "Zu Syrien:", "en": "About Syria:"}[lang]:  # read in context, like other follow-ups
        lines = lines[1:]
    assert lines[0] == {"de": "ASSAD BRAUCHT RUSSLAND", "en": "ASSAD NEEDS RUSSIA"}[lang]
    assert lines[1].startswith("🕰")


def test_time_alone_without_an_earlier_answer_is_not_guessed(index: Index) -> None:
    reply = answer_question(index, "Wie war es im Juni 2024?", None, TODAY)
    assert reply.entry is None and reply.text.startswith("Zu „Wie war es im Juni 2024?“ habe ich leider keinen Fakt.")


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("Wie abhängig war Assad im Juni 2024 von Russland?", "syria-assad-dependence"),
        ("Wie abhängig war Assad vor dem Sturz Assads von Russland?", "syria-assad-dependence"),
        ("Was Assad dependent on Russian military aid before Assad fell?", "syria-assad-dependence"),
        ("Wie abhängig war Assad damals von Russland?", "syria-assad-dependence"),
        ("Hatte Russland im Juni 2024 Militär in Syrien?", "syria-military-presence"),
        ("Wie eng war das Verteidigungsabkommen mit Nordkorea im Juni 2024?", "north-korea-defense-pact"),
        ("Ist China 2025 Russlands wichtigster Handelspartner?", "china-trade-sanctions-2025"),
        ("russische stützpunkte syrien 2026", "syria-russian-bases-2026"),
    ],
)
def test_question_naming_a_time_gets_the_fact_of_that_time(index: Index, question: str, fact_id: str) -> None:
    reply = answer_question(index, question, None, TODAY)
    assert reply.entry is not None and reply.entry.id == fact_id


def test_time_before_anything_known_says_so_and_shows_the_earliest(index: Index) -> None:
    reply = answer_question(index, "Hatte Russland 2023 Militär in Syrien?", None, TODAY)
    assert reply.entry is not None and reply.entry.id == "syria-military-presence"
    assert "Aus 2023 habe ich dazu nichts; das ist der früheste Stand (Juni 2024)." in reply.text


def test_a_year_before_an_event_the_only_fact_tells_gets_it_offered_not_answered(index: Index) -> None:
    reply = answer_question(index, "Worüber haben Xi und Putin 2023 in Moskau gesprochen?", None, TODAY)
    assert reply.entry is None and reply.match is not None and reply.match.kind == "none"
    assert [entry.id for entry in reply.match.suggestions][:1] == ["china-xi-moscow-2025"]


def test_time_after_the_newest_fact_says_nothing_newer_is_known(index: Index) -> None:
    reply = answer_question(index, "Was sagt Assad 2025 über den Krieg in der Ukraine?", None, TODAY)
    assert reply.entry is not None and reply.entry.id == "syria-assad-on-war"
    assert "Für 2025 habe ich dazu nichts Neueres als Juni 2024." in reply.text


# ---------------------------------------------------------------- never an overtaken claim as the present


@pytest.mark.slow
def test_no_question_variant_shows_an_overtaken_fact_as_if_it_were_current(index: Index) -> None:
    """Every way an editor expects readers to ask: an overtaken fact appears only under its history note."""
    shown_as_current = []
    for entry in index.kb:
        for lang in LANGS:
            for question in entry.fact.questions.get(lang):
                if read_time(question).when is not None:
                    continue  # the question names a time: the fact of that time is right, with its note
                reply = answer_question(index, question, lang, TODAY)
                if reply.entry is not None and reply.entry.fact.superseded_by:
                    shown_as_current.append(f"{question!r} -> {reply.entry.id}")
    assert not shown_as_current, shown_as_current


def test_topic_buttons_show_only_current_facts(index: Index) -> None:
    reply = answer_question(index, "Syrien", None, TODAY)
    topics = labels(reply)
    assert "Assad im Exil in Moskau" in topics and "Russlands letzte Stützpunkte" in topics
    assert "Assad braucht Russland" not in topics and "Russische Militärpräsenz" not in topics
    assert "Assad im Exil" not in reply.text  # the topics are buttons only


def test_allies_list_from_june_2024_says_which_allies_changed_since(index: Index) -> None:
    reply = answer_question(index, "Wer sind Russlands Verbündete?", None, TODAY)
    assert reply.entry is not None and reply.entry.id == "overview-allies-list"
    assert "Im Juni 2024 zählte die DW China, Nordkorea, Belarus, Iran, Syrien und Vietnam" in reply.text
    assert "Neuere Fakten seit Juni 2024:" in reply.text
    assert "• Syrien: " in reply.text and "Assad im Exil in Moskau (Dezember 2024)" in reply.text
    assert "• Nordkorea: " in reply.text and "Vertrag in Kraft (Dezember 2024)" in reply.text
    changes = reply.text.split("Neuere Fakten seit Juni 2024:")[1].split("\n\n")[0]
    for line in changes.strip().splitlines():  # every change named is a fact readers can open, with a source
        ally_name, topics = line.removeprefix("• ").split(": ", 1)
        ally = next(a for a in index.kb.allies.values() if a.names.de == ally_name)
        assert any(e.fact.topic.de in topics for e in index.kb.of_ally(ally.slug) if e.fact.as_of.year >= 2024)


def test_several_older_facts_of_the_same_month_get_buttons_that_say_which(index: Index) -> None:
    reply = answer_question(index, "Schränkt der Haftbefehl Putins Reisen ein?", None, TODAY)
    assert reply.entry is not None and reply.entry.id == "overview-icc-limits-trips"
    assert {"Juni 2024: Putins Reisefreiheit", "Juni 2024: Haftbefehl des IStGH"} <= set(labels(reply))
