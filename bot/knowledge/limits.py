"""Every size the fact base and what feeds it are held to, in one place.

The text limits are chosen so that a fact card, rendered with the longest labels and every optional
line, always fits one Telegram message (4,096 characters, counted in UTF-16 units, where an emoji
counts twice): `tests/test_hostile_uploads.py` renders that worst case. A fact within these limits can
therefore never make a reader's answer fail; `allybot check` names the file, the line and the fix.
"""

from __future__ import annotations

from collections.abc import Sequence

# ---------------------------------------------------------------- Telegram (the one place these are written)
TELEGRAM_MESSAGE_CHARS = 4096  # Telegram's limit for one message's text
TELEGRAM_CAPTION_CHARS = 1024  # Telegram's limit for a photo's caption

# ---------------------------------------------------------------- files
MAX_FACT_FILE_BYTES = 256 * 1024  # one YAML fact file, uploaded or on disk (the shipped ones are ~10 KB)
MAX_ARCHIVE_BYTES = 2 * 1024 * 1024  # one archived article under knowledge/sources/
MAX_YAML_DEPTH = 16  # nesting of YAML collections; fact files need 5
MAX_YAML_VALUES = 5_000  # values (texts, lists, mappings) in one YAML file; the largest shipped file has ~400
MAX_FILE_NAME_CHARS = 64  # an uploaded file's name

# ---------------------------------------------------------------- texts in a fact (characters)
MAX_TOPIC_CHARS = 60  # a button label
MAX_ANSWER_CHARS = 700  # "short enough for a phone"
MAX_QUOTE_CHARS = 700  # one or two sentences
MAX_QUESTION_CHARS = 300  # a question variant
MAX_LABEL_CHARS = 60  # ally names, aliases, keywords, a source's publisher
MAX_TITLE_CHARS = 160  # a source's title
MAX_URL_CHARS = 500


# ---------------------------------------------------------------- fitting a long text into one message
def fit(head: str, blocks: Sequence[str], limit: int, more: str = "…and {} more") -> str:
    """`head`, then as many `blocks` (one per line) as fit in `limit` characters, then how many were left out.

    The cut falls between blocks, never inside one, so a moderator never reads half an entry.
    """
    text = head
    for shown, block in enumerate(blocks):
        left_after = len(blocks) - shown - 1
        reserve = len(f"\n{more.format(left_after)}") if left_after else 0
        if len(text) + 1 + len(block) + reserve > limit:
            return f"{text}\n{more.format(len(blocks) - shown)}"
        text = f"{text}\n{block}"
    return text


def clip(text: str, limit: int) -> str:
    """`text` cut at a line end to fit `limit` characters, saying how many lines were left out."""
    if len(text) <= limit:
        return text
    first, *rest = text.split("\n")
    return fit(first[:limit], rest, limit, "…and {} more line(s)")
