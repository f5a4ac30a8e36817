"""Pure question matching: text in, a ranked and calibrated decision out. No I/O, no Telegram."""

from bot.matching.decide import ANSWER_THRESHOLD, Match, match
from bot.matching.index import Index, build_index
from bot.matching.normalize import MAX_MESSAGE_CHARS, MAX_QUESTION_CHARS

__all__ = ["ANSWER_THRESHOLD", "MAX_MESSAGE_CHARS", "MAX_QUESTION_CHARS", "Index", "Match", "build_index", "match"]
