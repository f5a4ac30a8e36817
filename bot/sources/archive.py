"""Registering a source: its text under knowledge/sources/, its entry (with sha256) in sources.yaml.

The same path as an upload (bot.factbase.upload): one change at a time, the whole fact base checked
before anything is final, sources.yaml kept in knowledge/.history first, written atomically, reloaded.
The archive is written before sources.yaml names it: until then no fact can quote it, so readers never
see a half-added source, and a refusal deletes it again.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
import unicodedata
from collections.abc import Collection
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from bot.factbase.live import LiveKnowledge
from bot.factbase.upload import (
    CHANGE_LOCK,
    HISTORY_DIR,
    UploadResult,
    keep_copy,
    os_problem,
    shown_name,
    write_atomically,
)
from bot.knowledge import LANGS, KnowledgeBase, ValidationReport
from bot.knowledge.checksum import archive_sha256
from bot.knowledge.errors import ValidationReport as Report
from bot.knowledge.paths import SOURCES_FILE
from bot.knowledge.yamlfile import parse_yaml
from bot.sources.errors import MissingDetails, NotAnArticle, SourceError, TooLarge
from bot.sources.extract import Article, article_from_html, article_from_text
from bot.sources.fetch import MAX_BYTES, FetchLimits, fetch, parse_url
from bot.sources.request import SourceDetails, checked_details

ARCHIVE_DIR = "sources"
FILE_KINDS = {".html": "html", ".htm": "html", ".txt": "text"}
FIRST_LINES = 3
REQUIRED = ("url", "title", "publisher", "published", "language")
NO_DETAILS = SourceDetails()
DEFAULT_LIMITS = FetchLimits()


def add_source_from_url(
    live: LiveKnowledge, url: str, details: SourceDetails = NO_DETAILS, *,
    limits: FetchLimits = DEFAULT_LIMITS, reachable: Collection[tuple[str, int]] = (), now: dt.datetime | None = None,
) -> UploadResult:
    """Fetch the page at `url`, archive its article and register it; on any problem nothing changes."""
    try:
        fetched = fetch(url, limits=limits, reachable=reachable)
        article = article_from_html(fetched.body) if fetched.kind == "html" else article_from_text(fetched.body)
        return _register(live, article, details, fetched.url, now or _utc_now())
    except SourceError as exc:
        return _refused(live, exc.message)


def add_source_from_file(
    live: LiveKnowledge, file_name: str, content: bytes, details: SourceDetails = NO_DETAILS, *,
    now: dt.datetime | None = None,
) -> UploadResult:
    """A saved page (.html) or the article's text (.txt) instead of an address: for sites the bot cannot reach."""
    try:
        kind = FILE_KINDS.get(Path(file_name).suffix.lower())
        if kind is None:
            raise NotAnArticle(f"{shown_name(file_name)} is neither a saved page (.html) nor a text file (.txt)")
        if len(content) > MAX_BYTES:
            raise TooLarge(f"{shown_name(file_name)} is larger than {MAX_BYTES // (1024 * 1024)} MB; "
                           "an article is much smaller")
        article = article_from_html(content) if kind == "html" else article_from_text(content)
        return _register(live, article, details, None, now or _utc_now())
    except SourceError as exc:
        return _refused(live, exc.message)


def remove_source(live: LiveKnowledge, source_id: str, *, now: dt.datetime | None = None) -> UploadResult:
    """Take a source out again (the undo of adding it): refused while a fact still quotes it."""
    with CHANGE_LOCK:
        before = live.kb
        source = before.sources.get(source_id)
        if source is None:
            return _refused(live, f"no source with id {source_id!r}; sources.yaml lists them")
        quoting = [entry for entry in before if entry.source.id == source_id]
        if quoting:
            shown = ", ".join(f"{entry.id} ({entry.file}:{entry.line})" for entry in quoting[:5])
            more = f" and {len(quoting) - 5} more" if len(quoting) > 5 else ""
            return _refused(live, f"source {source_id} was not removed: {len(quoting)} fact(s) quote it: "
                                  f"{shown}{more}; give them another source first")
        sources_path = live.directory / SOURCES_FILE
        current = sources_path.read_bytes()
        remaining = _without_entry(current.decode("utf-8"), source_id)
        if remaining is None:
            return _refused(live, f"could not find the entry of {source_id} in {SOURCES_FILE}; remove it by hand")
        checked = live.check({SOURCES_FILE: remaining})
        if isinstance(checked, ValidationReport):
            return _refused(live, f"source {source_id} was not removed; the fact base would have {len(checked)} "
                                  f"problem(s):\n{checked.render()}")
        archive = _own_archive(live.directory, source.archive)
        now = now or _utc_now()
        try:
            saved = keep_copy(live.directory, SOURCES_FILE, current, now, undo=False)
            if archive is not None:  # kept for people, like every replaced file
                _copy_to_history(live.directory, archive, now)
            write_atomically(sources_path, remaining.encode("utf-8"))
        except OSError as exc:
            return _refused(live, f"{SOURCES_FILE} could not be saved ({os_problem(exc, live.directory)}); "
                                  "nothing changed, see the bot's log")
        if not live.reload().ok:  # the folder changed under us meanwhile: put everything back
            write_atomically(sources_path, current)
            saved.unlink(missing_ok=True)
            live.reload()
            return _refused(live, f"source {source_id} was not removed: the fact base changed meanwhile; try again")
        if archive is not None:
            archive.unlink(missing_ok=True)
        return UploadResult(True, f"Source {source_id} removed from {SOURCES_FILE}, its archive kept in "
                                  f"{HISTORY_DIR}/. Now serving {live.kb.summary()}.",
                            before.version, live.kb.version, SOURCES_FILE)


def new_source_id(publisher: str, language: str, url: str, taken: Collection[str]) -> str:
    """Like 'dw-de-a-69442700': publisher, language, the address's last part; unique, at most 48 characters."""
    last = next((part for part in reversed(urlsplit(url).path.split("/")) if part), "")
    last = re.sub(r"\.(html?|php|aspx?|txt)$", "", last)
    base = "-".join(part for part in (_slug(publisher)[:16].strip("-"), language, _slug(last)) if part)
    base = _cut(base, 44)
    candidate, counter = base, 1
    while candidate in taken:
        counter += 1
        candidate = f"{base}-{counter}"
    return candidate


# ---------------------------------------------------------------- registering


def _register(
    live: LiveKnowledge, article: Article, details: SourceDetails, fetched_url: str | None, now: dt.datetime
) -> UploadResult:
    entry = _entry(article, details, fetched_url)
    with CHANGE_LOCK:
        before = live.kb
        same = next((s.id for s in before.sources.values() if s.url == entry["url"]), None)
        if same is not None:
            return _refused(live, f"{entry['url']} is already archived as source {same}; to archive it anew, "
                                  f"remove it first with /undo {same}")
        archives = live.directory / ARCHIVE_DIR
        taken = set(before.sources) | ({p.stem for p in archives.iterdir()} if archives.is_dir() else set())
        source_id = new_source_id(entry["publisher"], entry["language"], entry["url"], taken)
        archive_rel = f"{ARCHIVE_DIR}/{source_id}.txt"
        text = article.text + "\n"
        entry = {"id": source_id, **entry, "archive": archive_rel, "sha256": archive_sha256(text)}
        sources_path = live.directory / SOURCES_FILE
        current = sources_path.read_bytes()
        updated = current.decode("utf-8").rstrip("\n") + "\n" + _entry_yaml(entry)
        archive = live.directory / archive_rel
        try:
            write_atomically(archive, text.encode("utf-8"))  # named by nothing yet: readers cannot see it
            checked = live.check({SOURCES_FILE: updated})
            if isinstance(checked, ValidationReport):
                archive.unlink(missing_ok=True)
                return _refused(live, f"the source was not added; the fact base would have {len(checked)} "
                                      f"problem(s):\n{checked.render()}")
            saved = keep_copy(live.directory, SOURCES_FILE, current, now, undo=False)
            write_atomically(sources_path, updated.encode("utf-8"))
        except OSError as exc:
            archive.unlink(missing_ok=True)
            return _refused(live, f"the source could not be saved ({os_problem(exc, live.directory)}); "
                                  "nothing changed, see the bot's log")
        if not live.reload().ok:  # the folder changed under us meanwhile: put everything back
            write_atomically(sources_path, current)
            saved.unlink(missing_ok=True)
            archive.unlink(missing_ok=True)
            live.reload()
            return _refused(live, "the source was not added: the fact base changed meanwhile; try again")
        return UploadResult(True, _added_message(entry, text, live.kb), before.version, live.kb.version,
                            SOURCES_FILE)


def _entry(article: Article, details: SourceDetails, fetched_url: str | None) -> dict[str, str]:
    """The sources.yaml fields, from the moderator's details first, then from what the page says."""
    details = checked_details(details)
    found = {"title": article.title, "publisher": article.publisher, "published": article.published,
             "language": article.language, "author": article.author, "url": _own_url(article.url, fetched_url)}
    if not _date_ok(article.published):  # a page's date we cannot read is no date: the moderator gives it
        found["published"] = None
    values = {name: value for name, value in found.items() if value} | details.given()
    missing = [name for name in REQUIRED if not values.get(name)]
    if missing:
        example = "\n".join(f"{name}: {_EXAMPLES[name]}" for name in missing)
        said = ", ".join(_MEANING[name] for name in missing)
        raise MissingDetails(f"the {'page' if fetched_url else 'file'} does not give its {said}. "
                             f"Send it again with a line for each below the link (or in the file's caption), "
                             f"e.g.\n{example}\n(in the terminal: "
                             f"{' '.join(f'--{n} {shlex.quote(_EXAMPLES[n])}' for n in missing)})")
    parse_url(values["url"])  # a file's own address must be a web address too
    language = values["language"].lower()[:2]
    if language not in LANGS:
        raise SourceError(f"the article is in '{language}'; sources can be German (de) or English (en) for now")
    values["language"] = language
    order = ("publisher", "title", "author", "url", "language", "published")
    return {name: values[name] for name in order if name in values}


_MEANING = {"url": "web address", "title": "title", "publisher": "publisher", "published": "publication date",
            "language": "language"}
_EXAMPLES = {"url": "https://www.dw.com/de/...", "title": "Wer steht noch an Russlands Seite?",
             "publisher": "DW", "published": "2024-06-20", "language": "de"}


def _date_ok(value: str | None) -> bool:
    try:
        checked_details(SourceDetails(published=value))
    except SourceError:
        return False
    return value is not None


def _own_url(canonical: str | None, fetched_url: str | None) -> str | None:
    """The page's canonical address when it is on the site we fetched (no tracking parameters), else ours.

    A page may not claim another site's address: the archive would then pass for that site's article.
    """
    if fetched_url is None:
        return canonical  # a file the moderator sends: its own address is all there is
    if canonical and _site(canonical) == _site(fetched_url) and canonical.startswith(("https://", "http://")):
        return canonical
    return fetched_url


def _site(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def _entry_yaml(entry: dict[str, str]) -> str:
    """The new list item, indented like the entries editors write."""
    dumped = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=10_000)
    return "".join(f"  {line}" for line in dumped.splitlines(keepends=True))


def _added_message(entry: dict[str, str], text: str, kb: KnowledgeBase) -> str:
    paragraphs = [line for line in text.splitlines() if line.strip()]
    first = "\n".join(f"  {line if len(line) <= 160 else line[:157] + '...'}" for line in paragraphs[:FIRST_LINES])
    by = f"by {entry['author']}, " if entry.get("author") else ""
    return (
        f"Source {entry['id']} added: {entry['archive']} and {SOURCES_FILE}.\n"
        f"  {entry['publisher']}: {entry['title']}\n"
        f"  {by}published {entry['published']}, language {entry['language']}\n"
        f"  {entry['url']}\n"
        f"  {len(text):,} characters in {len(paragraphs)} paragraphs, sha256 {entry['sha256'][:12]}…\n"
        f"First lines (check them against the article):\n{first}\n"
        f"Facts quote it with 'source: {entry['id']}'. Wrong? /undo {entry['id']} "
        f"(in the terminal: allybot source remove {entry['id']}). Now serving {kb.summary()}."
    )


# ---------------------------------------------------------------- removing


def _without_entry(text: str, source_id: str) -> str | None:
    """sources.yaml's text without the list item of `source_id` (its lines up to the next item)."""
    parsed = parse_yaml(text, SOURCES_FILE, Report())
    items = parsed.data.get("sources") if parsed is not None and isinstance(parsed.data, dict) else None
    if not isinstance(items, list):
        return None
    index = next((i for i, item in enumerate(items) if isinstance(item, dict) and item.get("id") == source_id), None)
    if index is None or parsed is None:
        return None
    lines = text.splitlines(keepends=True)
    start = parsed.lines[("sources", index)] - 1
    end = parsed.lines[("sources", index + 1)] - 1 if index + 1 < len(items) else len(lines)
    if not lines[start].lstrip().startswith("- "):  # not a block list item as editors write them
        return None
    return "".join(lines[:start] + lines[end:])


def _own_archive(directory: Path, archive: str) -> Path | None:
    """The archive file if it lies in knowledge/sources/; anything else sources.yaml names is left alone."""
    path = (directory / archive).resolve()
    own = (directory / ARCHIVE_DIR).resolve()
    return path if path.parent == own and path.suffix == ".txt" and path.is_file() else None


def _copy_to_history(directory: Path, archive: Path, now: dt.datetime) -> None:
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    history = directory / HISTORY_DIR
    history.mkdir(exist_ok=True)
    (history / f"{ARCHIVE_DIR}__{archive.name}.{stamp}.removed").write_bytes(archive.read_bytes())


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _cut(slug: str, limit: int) -> str:
    return slug if len(slug) <= limit else slug[:limit].rsplit("-", 1)[0].strip("-") or slug[:limit]


def _refused(live: LiveKnowledge, message: str) -> UploadResult:
    version = live.kb.version
    return UploadResult(False, message, version, version, SOURCES_FILE)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
