"""A local web server for source tests: the saved pages under tests/data/pages, and hostile ones.

Runs in a thread on 127.0.0.1 so both the terminal code (synchronous) and the bot (asyncio) can fetch
from it. The SSRF guard lets tests reach it only through `reachable`, the (address, port) it serves on.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

PAGES = Path(__file__).parent / "data" / "pages"
HUGE_BYTES = 50 * 1024 * 1024


class _Handler(BaseHTTPRequestHandler):
    server: _PageServer

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        self.server.requests.append(self.path)
        route = getattr(self, f"_route_{parts.path.strip('/').replace('-', '_')}", None)
        if route is not None:
            route(query)
            return
        page = PAGES / parts.path.lstrip("/")
        if page.parent != PAGES or not page.is_file():
            self._send(404, "text/html", b"<h1>Not found</h1>")
            return
        kind = "text/plain; charset=utf-8" if page.suffix == ".txt" else "text/html; charset=utf-8"
        self._send(200, kind, page.read_bytes())

    def _route_redirect(self, query: dict[str, str]) -> None:
        """/redirect?to=URL: a 302 to anywhere, as a hostile page would send."""
        self.send_response(302)
        self.send_header("Location", query["to"])
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _route_huge(self, query: dict[str, str]) -> None:
        """/huge: 50 MB of HTML, streamed without a Content-Length (so only counting can stop it)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        chunk = b"<p>" + b"x" * 65_530 + b"</p>"
        try:
            for _ in range(HUGE_BYTES // len(chunk)):
                self.wfile.write(chunk)
        except OSError:  # the client hung up, as it should
            pass

    def _route_pdf(self, query: dict[str, str]) -> None:
        self._send(200, "application/pdf", b"%PDF-1.7\n" + b"\x00" * 2000)

    def _route_silent(self, query: dict[str, str]) -> None:
        """/silent: accepts and never answers, until the test ends."""
        self.server.stopping.wait(30)

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


class _PageServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[str] = []
        self.stopping = threading.Event()


class PageServer:
    """What a test uses: addresses of pages, and the one (address, port) the guard should let through."""

    def __init__(self, server: _PageServer) -> None:
        self._server = server

    @property
    def reachable(self) -> frozenset[tuple[str, int]]:
        return frozenset({("127.0.0.1", self._server.server_address[1])})

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/{path.lstrip('/')}"

    @property
    def requests(self) -> list[str]:
        return self._server.requests


@contextmanager
def serving_pages() -> Iterator[PageServer]:
    server = _PageServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield PageServer(server)
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
