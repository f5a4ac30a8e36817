"""Why a source could not be added, each phrased so a moderator knows what to do next.

SourceError            any of these; the shells show `message` and change nothing
├── FetchRefused       the address may not be fetched (not http(s), private or local, too many redirects)
├── FetchFailed        the page could not be fetched (timeout, network error, HTTP error status)
├── TooLarge           the page or file is over the size limit
├── NotAnArticle       neither an HTML page nor UTF-8 text
├── NoText             no article text found in it
└── MissingDetails     a detail every source needs was neither found nor given
"""

from __future__ import annotations

from bot.errors import SourceError

# ---------------------------------------------------------------- fetching


class FetchRefused(SourceError):
    """The address is not one the bot may fetch: a scheme other than http(s), or a private/local host."""


class FetchFailed(SourceError):
    """The site could not be reached in time or answered with an error."""


class TooLarge(SourceError):
    """The page or file is bigger than the limit."""


# ---------------------------------------------------------------- reading


class NotAnArticle(SourceError):
    """The content is not an HTML page or UTF-8 text (a PDF, an image, binary data)."""


class NoText(SourceError):
    """The page holds no article text the extractor could find."""


class MissingDetails(SourceError):
    """The page does not say, and the moderator did not give, a detail every source needs."""
