"""A real HTTP server on 127.0.0.1 whose answers each test scripts, and a tap runner."""

from __future__ import annotations

import http.server
import io
import json
import logging
import threading
import typing as t
from urllib.parse import parse_qs, urlsplit

import pytest

from singer_sdk import Tap
from singer_sdk._messages.io import MessageWriter


class Hit(t.NamedTuple):
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


Answer = tuple[int, dict[str, str], t.Any]  # status, headers, body (JSON-able or bytes)


class Server:
    """Routes ``path`` -> handler(hit) -> answer; every request is recorded in ``hits``."""

    def __init__(self) -> None:
        self.routes: dict[str, t.Callable[[Hit], Answer]] = {}
        self.hits: list[Hit] = []
        handler_class = self._handler_class()
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def _handler_class(self) -> type[http.server.BaseHTTPRequestHandler]:
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # no 40 ms stalls on keep-alive responses

            def log_message(self, *args: t.Any) -> None:
                pass

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                hit = Hit(
                    self.command,
                    parts.path,
                    parse_qs(parts.query),
                    dict(self.headers.items()),
                    self.rfile.read(length) if length else b"",
                )
                server.hits.append(hit)
                route = server.routes.get(parts.path)
                if route is None:
                    status, headers, body = 404, {}, {"error": "no route"}
                else:
                    status, headers, body = route(hit)
                if status == 0:  # drop the connection without an answer
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _serve

        return Handler


@pytest.fixture
def server() -> t.Iterator[Server]:
    srv = Server()
    srv.thread.start()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


def _run_tap(
    stream_class: type[t.Any], config: dict[str, t.Any] | None = None
) -> tuple[Tap, list[dict[str, t.Any]]]:
    """Run a tap with one stream of ``stream_class``; return it and its decoded messages."""

    class HTTPTap(Tap):
        name = "tap-http-test"
        config_jsonschema: t.ClassVar[dict[str, t.Any]] = {"type": "object", "properties": {}}

        def discover_streams(self) -> list[t.Any]:
            return [stream_class(self)]

    out = io.BytesIO()
    writer = MessageWriter(out, flush_interval=0)
    tap = HTTPTap(config=config or {}, validate_config=False, message_writer=writer)
    tap.sync_all()
    writer.flush()
    return tap, [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


@pytest.fixture
def fast_retries() -> dict[str, t.Any]:
    """Class attributes/hooks that make retries instant (for stream subclasses)."""
    import backoff

    return {
        "backoff_wait_generator": lambda self: backoff.constant(interval=0),
        "backoff_jitter": lambda self, value: value,
    }


@pytest.fixture
def log_text(caplog: pytest.LogCaptureFixture) -> t.Callable[[], str]:
    caplog.set_level(logging.DEBUG)
    return lambda: caplog.text


@pytest.fixture
def run_tap() -> t.Callable[..., tuple[Tap, list[dict[str, t.Any]]]]:
    """Return the function that runs a one-stream tap and decodes its messages."""
    return _run_tap
