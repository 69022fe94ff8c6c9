"""Serve stage: a read-only SPARQL 1.1 Protocol endpoint over the build's store, bounded in time and memory.

Any web page can make the browser send a GET to 127.0.0.1, so the endpoint assumes hostile queries: each runs in
a query worker (``graph.workers``) with a deadline and a memory cap, its whole result is made before the status
line is sent (a cut-off query gets an error status, never 200 with half a body), updates are refused, SERVICE
is refused unless federation is enabled, and no CORS header lets another origin read an answer. The HTTP part
is the standard library's threading server: one thread per connection, at most ``pending`` requests waiting for
a worker.
"""

from __future__ import annotations

import queue
import signal
import threading
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from graph.errors import BilatError
from graph.workers import Limits, QueryCutOff, QueryWorker, StoreSource

QUERY_PATH, UPDATE_PATH = "/query", "/update"
MAX_QUERY_BYTES = 1 << 20
# Media types by kind of result, the first of each the default.
SOLUTION_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                  "text/tab-separated-values")
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")


class _Stop(Exception):
    """Raised in the main thread by SIGTERM or SIGHUP, so the endpoint stops as it does on Ctrl-C."""


def evaluate(store, text: str, accept: str) -> tuple[str, bytes]:
    """The media type and bytes of one query's whole result (run inside a query worker)."""
    import pyoxigraph as ox

    from graph.query import execute

    results = execute(store, text, "the query")
    if isinstance(results, ox.QueryTriples):
        media_type = negotiate(accept, GRAPH_TYPES)
        return media_type, results.serialize(format=ox.RdfFormat.from_media_type(media_type))
    media_type = negotiate(accept, SOLUTION_TYPES)
    return media_type, results.serialize(format=ox.QueryResultsFormat.from_media_type(media_type))


def negotiate(accept: str, offered: tuple[str, ...]) -> str:
    """The offered media type the client prefers (HTTP ``Accept`` with q-values); the first offered type for
    ``*/*``, a missing header or one that names nothing offered."""
    best, best_q = offered[0], -1.0
    for part in accept.split(","):
        media_type, *params = (piece.strip() for piece in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        media_type = media_type.lower()
        for candidate in offered:
            matches = media_type in (candidate, "*/*", candidate.split("/")[0] + "/*")
            if matches and q > best_q and q > 0:
                best, best_q = candidate, q
    return best


class Endpoint:
    """The pool of query workers behind the HTTP handler, and the answer to one protocol request."""

    def __init__(self, out: Path, limits: Limits, workers: int, pending: int):
        self.limits = limits
        self._idle: queue.Queue[QueryWorker] = queue.LifoQueue()
        self._admitted = threading.BoundedSemaphore(pending)
        self._all = [QueryWorker(StoreSource(out=out), limits) for _ in range(workers)]

    def start(self) -> None:
        for worker in self._all:
            worker.start()
            self._idle.put(worker)

    def stop(self) -> None:
        for worker in self._all:
            worker.stop()

    def answer(self, text: str, accept: str) -> tuple[int, str, bytes]:
        """(HTTP status, media type, body) for one query."""
        from graph.query import UpdateRefused, guard

        try:
            guard(text, "the query", self.limits.federation)
        except BilatError as error:
            status = HTTPStatus.FORBIDDEN if isinstance(error, UpdateRefused) else HTTPStatus.BAD_REQUEST
            return status, "text/plain; charset=utf-8", f"{error.message}\n".encode()
        if not self._admitted.acquire(blocking=False):
            return HTTPStatus.SERVICE_UNAVAILABLE, "text/plain; charset=utf-8", b"too many queries waiting\n"
        try:
            worker = self._idle.get(timeout=self.limits.timeout)
        except queue.Empty:
            self._admitted.release()
            return HTTPStatus.SERVICE_UNAVAILABLE, "text/plain; charset=utf-8", b"every query worker is busy\n"
        try:
            media_type, body = worker.call(evaluate, text, accept)
            return HTTPStatus.OK, media_type, body
        except QueryCutOff as error:
            return HTTPStatus.SERVICE_UNAVAILABLE, "text/plain; charset=utf-8", f"{error.message}\n".encode()
        except BilatError as error:
            return HTTPStatus.BAD_REQUEST, "text/plain; charset=utf-8", f"{error.message}\n".encode()
        finally:
            self._idle.put(worker)
            self._admitted.release()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64  # connections the kernel holds while every thread is busy (the default is 5)


class _Handler(BaseHTTPRequestHandler):
    server_version = "bilat"
    protocol_version = "HTTP/1.1"  # keep-alive: every reply has a Content-Length
    timeout = 60  # seconds an idle keep-alive connection may hold its thread
    endpoint: Endpoint  # set on the subclass made by ``serve``

    def do_GET(self) -> None:  # noqa: N802 - the standard library's naming
        path, _, query_string = self.path.partition("?")
        fields = urllib.parse.parse_qs(query_string)
        self._dispatch(path, fields.get("query", [None])[0], "update" in fields)

    do_HEAD = do_GET  # noqa: N815

    def do_POST(self) -> None:  # noqa: N802
        path = self.path.partition("?")[0]
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            return self._reply(HTTPStatus.LENGTH_REQUIRED, b"a POST needs a Content-Length\n")
        if int(length) > MAX_QUERY_BYTES:
            return self._reply(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, b"the query is larger than 1 MiB\n")
        body = self.rfile.read(int(length)).decode("utf-8", errors="replace")
        content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type == "application/sparql-query":
            return self._dispatch(path, body, False)
        if content_type == "application/sparql-update":
            return self._dispatch(path, None, True)
        fields = urllib.parse.parse_qs(body)
        return self._dispatch(path, fields.get("query", [None])[0], "update" in fields)

    def _dispatch(self, path: str, text: str | None, is_update: bool) -> None:
        if path == UPDATE_PATH or is_update:
            return self._reply(HTTPStatus.FORBIDDEN, b"updates are not accepted: this endpoint is read-only\n")
        if path != QUERY_PATH:
            return self._reply(HTTPStatus.NOT_FOUND, f"the SPARQL endpoint is at {QUERY_PATH}\n".encode())
        if not text:
            return self._reply(HTTPStatus.BAD_REQUEST, b"no query: send ?query=... or a POST body\n")
        status, media_type, body = self.endpoint.answer(text, self.headers.get("Accept", ""))
        self._reply(status, body, media_type)

    def _reply(self, status: int, body: bytes, media_type: str = "text/plain; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the standard library's signature
        # The request line is the client's text: shown escaped, never as raw control characters.
        import sys

        from graph.terminal import printable

        sys.stderr.write(printable(f"{self.address_string()} {format % args}") + "\n")


def serve(out: Path, host: str = "127.0.0.1", port: int = 7878, limits: Limits | None = None, workers: int = 2,
          pending: int = 32, announce=print) -> None:
    """Run the read-only endpoint over ``out/store`` until Ctrl-C, SIGTERM or SIGHUP. The URL is announced only
    once the port is bound and every worker has opened the store; the workers are stopped however it ends."""
    from graph.store import STORE_DIR

    limits = limits or Limits()
    location = out / STORE_DIR
    if not location.is_dir():
        raise BilatError("no store here: run `bilat build` first", location)
    if workers < 1:
        raise BilatError(f"--workers must be at least 1, not {workers}")
    endpoint = Endpoint(out, limits, workers, max(pending, workers))
    handler = type("Handler", (_Handler,), {"endpoint": endpoint})
    try:
        server = _Server((host, port), handler)
    except OSError as error:
        raise BilatError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    previous = {}
    try:
        if threading.current_thread() is threading.main_thread():
            for number in (signal.SIGTERM, signal.SIGHUP):
                previous[number] = signal.signal(number, _raise_stop)
        endpoint.start()
        federation = "SERVICE allowed" if limits.federation else "no SERVICE"
        announce(f"SPARQL endpoint (read-only; {limits.timeout:g} s and {limits.memory_mib} MiB per query, "
                 f"{workers} worker{'s' if workers != 1 else ''}, {federation}): "
                 f"http://{host}:{server.server_address[1]}{QUERY_PATH} — Ctrl-C stops it")
        server.serve_forever(poll_interval=0.2)
    except (KeyboardInterrupt, _Stop):
        pass
    finally:
        server.server_close()
        endpoint.stop()
        for number, handler_before in previous.items():
            signal.signal(number, handler_before)


def _raise_stop(signum, frame) -> None:
    raise _Stop(signal.Signals(signum).name)
