"""Hostile input, fuzzed: whatever a reader types, the core answers with valid Telegram HTML in the limits."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.conversation import Action, answer_question
from bot.factbase.upload import target_path, upload_refusal
from bot.knowledge.limits import TELEGRAM_MESSAGE_CHARS
from bot.matching import Index, match
from bot.tg.keyboards import CallbackCodec

ALLOWED_TAGS = {"b", "i", "a", "blockquote", "code", "pre", "u", "s"}
METACHARACTERS = st.sampled_from([*"<>&\"'*_`[]()~#+-=|{}.!\\/\x00\x1b\u200b\u202e", "<b>", "</i>", "&amp;",
                                  "<a href='x'>", "**", "__"])
QUESTIONS = st.one_of(
    st.text(max_size=300),
    st.lists(METACHARACTERS, max_size=80).map("".join),
    st.lists(st.sampled_from(["Iran", "Drohnen", "China", "Nordkorea", "UN", "Putin", "<b>", "&", "🙂", "wann"]),
             max_size=30).map(" ".join),
    st.text(min_size=4_000, max_size=12_000),
)
TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def index(shipped_index: Index) -> Index:
    return shipped_index


class _TelegramHTML(HTMLParser):
    """Checks what Telegram checks: only its tags, properly nested and closed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in ALLOWED_TAGS, tag
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag, tag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_valid_telegram_html(html: str) -> None:
    assert not re.search(r"&(?!(amp|lt|gt|quot|#\d+|#x[0-9a-f]+);)", html), "unescaped &"
    parser = _TelegramHTML()
    parser.feed(html)
    parser.close()
    assert not parser.stack, parser.stack
    assert 0 < len("".join(parser.text).strip()) <= TELEGRAM_MESSAGE_CHARS


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=QUESTIONS, lang=st.sampled_from([None, "de", "en"]))
def test_any_question_gets_valid_html_within_limits_and_small_buttons(index: Index, question: str, lang: str) -> None:
    reply = answer_question(index, question, lang, TODAY)  # type: ignore[arg-type]
    assert_valid_telegram_html(reply.html)
    assert reply.text.strip()
    for row in reply.buttons:
        for button in row:
            assert button.label.strip()
            assert 1 <= len(button.action.encode().encode()) <= 64


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=QUESTIONS)
def test_matcher_never_raises_and_scores_stay_in_range(index: Index, question: str) -> None:
    result = match(index, question)
    assert 0 <= result.score <= 100
    assert result.kind in ("answer", "ally", "small_talk", "none")
    assert len(result.suggestions) <= 3


@given(data=st.one_of(st.text(max_size=100), st.binary(max_size=64).map(lambda b: b.decode("latin-1"))))
def test_forged_callback_data_decodes_to_nothing_or_a_known_action(data: str) -> None:
    action = Action.decode(data)
    if action is not None:
        assert action.kind in ("fact", "ally", "allies", "vote") and action.lang in ("de", "en")


def test_every_fact_card_is_valid_html_in_both_languages(index: Index) -> None:
    from bot.answers import fact_html

    for entry in index.kb.entries:
        for lang in ("de", "en"):
            assert_valid_telegram_html(fact_html(entry, lang, TODAY))  # type: ignore[arg-type]


# ---------------------------------------------------------------- signed button data and upload names

CODEC = CallbackCodec(b"k" * 32)
ACTIONS = st.builds(
    Action, st.sampled_from(["fact", "ally", "allies", "vote"]), st.sampled_from(["de", "en"]),
    st.from_regex(r"[+-]?[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True).filter(lambda target: len(target) <= 49),
)
OWNERS = st.integers(min_value=-(2**52), max_value=2**52)


@given(data=st.one_of(st.text(max_size=64), st.binary(max_size=64).map(lambda b: b.decode("latin-1"))), owner=OWNERS)
def test_button_data_nobody_was_given_is_never_accepted(data: str, owner: int) -> None:
    assert CODEC.decode(data, owner) is None  # 48 bits of signature: a random guess never passes


def test_button_data_with_a_lone_surrogate_is_refused_not_a_crash() -> None:
    signed = CODEC.encode(Action("fact", "iran-drones-ammunition"), 1)
    assert CODEC.decode("\ud800" + signed[1:], 1) is None  # JSON may carry "\ud800"; UTF-8 cannot
    assert CODEC.decode(signed[:-1] + "\udfff", 1) is None


@given(action=ACTIONS, owner=OWNERS, other=OWNERS, position=st.integers(min_value=0), char=st.characters())
def test_signed_button_data_reads_back_only_for_its_reader_and_unaltered(
    action: Action, owner: int, other: int, position: int, char: str
) -> None:
    data = CODEC.encode(action, owner)
    assert len(data.encode()) <= 64
    assert CODEC.decode(data, owner) == action
    if other != owner:
        assert CODEC.decode(data, other) is None
    altered = data[: position % len(data)] + char + data[position % len(data) + 1:]
    if altered != data:
        assert CODEC.decode(altered, owner) is None


FILE_NAMES = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(["..", ".", "/", "\\", "\x00", "\n", "\u202e", "\u200b", "а", "iran", "yaml", "yml",
                              "-", "sources", "overview", "allies", " ", "%2e", "~", "ｙａｍｌ"]),
             max_size=8).map("".join),
)


@given(name=FILE_NAMES)
def test_an_upload_name_is_a_fact_file_in_its_place_or_refused_politely(name: str) -> None:
    rel = target_path(name)
    refusal = upload_refusal(name, 100)
    assert (rel is None) == (refusal is not None)
    if rel is not None:
        assert rel in ("sources.yaml", "overview.yaml") or re.fullmatch(r"allies/[a-z0-9]+(-[a-z0-9]+)*\.yaml", rel)
    else:
        assert refusal is not None and refusal.isprintable() and len(refusal) < 400
