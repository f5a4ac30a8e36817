"""Downloading a page a moderator names, without letting the address reach inside our own network.

The SSRF guard: only http(s); the host is resolved once and every address it resolves to must be public
(not private, loopback, link-local, multicast, reserved or unspecified); the connection then goes to
the address that was checked (no second DNS answer can swap in 127.0.0.1); redirects are followed one
hop at a time, each checked the same way; no proxy from the environment. The body is streamed and cut
off at a size limit, and the whole download has a deadline.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Collection
from dataclasses import dataclass

import httpx

from bot.sources.errors import FetchFailed, FetchRefused, NotAnArticle, TooLarge

MAX_BYTES = 5 * 1024 * 1024
PAGE_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
USER_AGENT = "allybot (archives articles its facts quote)"
REDIRECTS = {301, 302, 303, 307, 308}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class FetchLimits:
    """How much a download may take. Tests shorten the times; production keeps the defaults."""

    max_bytes: int = MAX_BYTES
    timeout: float = 10.0  # to connect, and between two pieces of the answer
    deadline: float = 30.0  # for the whole download, redirects included
    max_redirects: int = 5


@dataclass(frozen=True)
class Fetched:
    """A downloaded page: where it ended up after redirects, its kind ('html' or 'text') and its bytes."""

    url: str
    kind: str
    body: bytes


def fetch(
    url: str, *, limits: FetchLimits = FetchLimits(), reachable: Collection[tuple[str, int]] = ()
) -> Fetched:
    """Download `url` within `limits`; raise a `SourceError` subclass saying why not.

    `reachable` lists (address, port) pairs that may be fetched although they are not public: only tests
    pass it, for their page server on 127.0.0.1. It is a parameter, never read from the environment.
    """
    deadline = time.monotonic() + limits.deadline
    current = parse_url(url)
    with httpx.Client(timeout=limits.timeout, trust_env=False, follow_redirects=False) as client:
        for hop in range(limits.max_redirects + 1):
            try:
                address = checked_address(current, reachable)
            except FetchRefused as exc:
                raise FetchRefused(f"{_shown(url)} redirects to {_shown(str(current))}, and {exc.message}"
                                   if hop else exc.message) from None
            location = _get(client, current, address, limits, deadline)
            if isinstance(location, Fetched):
                return location
            try:
                current = parse_url(str(current.join(location)))
            except FetchRefused as exc:
                raise FetchRefused(f"{_shown(url)} redirects elsewhere, and {exc.message}") from None
    raise FetchRefused(f"{_shown(url)} redirects more than {limits.max_redirects} times; "
                       "send the article's final address")


def parse_url(url: str) -> httpx.URL:
    """The address if it is a plain http(s) URL with a host, else `FetchRefused`."""
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError, ValueError):
        raise FetchRefused(f"{_shown(url)} is not a web address; send one starting with https://") from None
    if parsed.scheme not in ("http", "https"):
        raise FetchRefused(f"{_shown(url)} is not a web page address: only http:// and https:// links can be "
                           "added (for a file, send the file itself)")
    if not parsed.host:
        raise FetchRefused(f"{_shown(url)} names no host; send the full address, e.g. https://www.dw.com/...")
    if parsed.userinfo:
        raise FetchRefused(f"{_shown(url)} contains a user name or password; send the address without it")
    return parsed


def checked_address(url: httpx.URL, reachable: Collection[tuple[str, int]] = ()) -> IPAddress:
    """The address to connect to, after checking that every address the host resolves to is public."""
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(url.host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchFailed(f"the host {url.host} was not found; check the address") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not addresses:
        raise FetchFailed(f"the host {url.host} was not found; check the address")
    for address in addresses:
        if not is_public(address) and (str(address), port) not in reachable:
            raise FetchRefused(f"{url.host} is a private or local address ({address}); the bot fetches only "
                               "public web pages")
    return addresses[0]


def is_public(address: IPAddress) -> bool:
    """True for an address on the public internet; IPv6 forms that embed an IPv4 address are judged by it."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo[1] if address.teredo else None)
        if embedded is not None and not is_public(embedded):
            return False
    return address.is_global and not (address.is_multicast or address.is_reserved or address.is_loopback
                                      or address.is_link_local or address.is_private or address.is_unspecified)


def _get(
    client: httpx.Client, url: httpx.URL, address: IPAddress, limits: FetchLimits, deadline: float
) -> Fetched | str:
    """One hop: the page, or where it redirects to."""
    pinned = url.copy_with(host=str(address))  # connect to the address we checked, not a second DNS answer
    host = url.host if url.port is None else f"{url.host}:{url.port}"
    headers = {"Host": host, "User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,text/plain"}
    extensions = {"sni_hostname": url.host} if url.scheme == "https" else {}
    try:
        with client.stream("GET", pinned, headers=headers, extensions=extensions) as response:
            if response.status_code in REDIRECTS and "location" in response.headers:
                return response.headers["location"]
            if response.status_code >= 400:
                raise FetchFailed(f"{url.host} answered {response.status_code} {response.reason_phrase} "
                                  "for that address; check the link")
            kind = _page_kind(response, url)
            return Fetched(str(url), kind, _body(response, limits, deadline))
    except httpx.TimeoutException:
        raise FetchFailed(f"{url.host} did not answer in time; try again later, or send the page as a file") from None
    except httpx.HTTPError as exc:
        raise FetchFailed(f"could not fetch the page from {url.host} ({type(exc).__name__}); try again later, "
                          "or send the page as a file") from None


def _page_kind(response: httpx.Response, url: httpx.URL) -> str:
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    kind = PAGE_TYPES.get(content_type)
    if kind is None:
        shown = content_type or "of no stated type"
        raise NotAnArticle(f"{url.host} sent a file that is {shown}, not a web page; only HTML pages and plain "
                           "text can be archived (for a PDF, copy its text into a .txt file and send that)")
    return kind


def _body(response: httpx.Response, limits: FetchLimits, deadline: float) -> bytes:
    too_large = TooLarge(f"the page is larger than {limits.max_bytes // (1024 * 1024)} MB; an article is much "
                         "smaller: send the article's own address, or its text as a .txt file")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise too_large
    body = bytearray()
    for chunk in response.iter_bytes():  # decompressed: a small gzip bomb is cut off like a big page
        body += chunk
        if len(body) > limits.max_bytes:
            raise too_large
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("the download took too long")
    return bytes(body)


def _shown(url: str) -> str:
    text = url.strip()
    return repr(text if len(text) <= 80 else text[:77] + "...")
