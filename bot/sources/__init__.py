"""New sources from the web or a file: fetched safely, reduced to the article's text, archived and registered.

`add_source_from_url` / `add_source_from_file` run the whole way (fetch, extract, archive) and return the
same `UploadResult` an upload does, so the shells report and audit both alike.
"""

from bot.sources.archive import add_source_from_file, add_source_from_url, remove_source
from bot.sources.errors import SourceError
from bot.sources.fetch import FetchLimits
from bot.sources.request import SourceDetails, parse_request

__all__ = [
    "FetchLimits",
    "SourceDetails",
    "SourceError",
    "add_source_from_file",
    "add_source_from_url",
    "parse_request",
    "remove_source",
]
