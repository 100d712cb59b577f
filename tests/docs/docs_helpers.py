"""Helpers for the documentation tests: snippet loading, in-process tap runs, a scripted
HTTP server. (Imported by name: ``tests/docs/conftest.py`` puts this folder on ``sys.path``.)"""

from __future__ import annotations

import http.server
import importlib.util
import io
import json
import sys
import threading
import types
import typing as t
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from singer_sdk._messages.io import MessageWriter

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
SNIPPETS = DOCS / "snippets"


def load_snippet(name: str) -> types.ModuleType:
    """Import ``docs/snippets/<name>.py`` as a fresh module named ``docs_snippet_<name>``."""
    module_name = f"docs_snippet_{name}"
    spec = importlib.util.spec_from_file_location(module_name, SNIPPETS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses and typing look modules up by name
    spec.loader.exec_module(module)
    return module


def run_tap(
    tap_class: type[t.Any],
    config: dict[str, t.Any],
    state: dict[str, t.Any] | None = None,
    catalog: dict[str, t.Any] | None = None,
) -> list[dict[str, t.Any]]:
    """Sync every stream of ``tap_class`` in-process; return the decoded messages."""
    out = io.BytesIO()
    writer = MessageWriter(out, flush_interval=0)
    tap = tap_class(config=config, state=state, catalog=catalog, message_writer=writer)
    tap.sync_all()
    writer.flush()
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def records(messages: list[dict[str, t.Any]], stream: str) -> list[dict[str, t.Any]]:
    return [m["record"] for m in messages if m["type"] == "RECORD" and m["stream"] == stream]


def last_state(messages: list[dict[str, t.Any]]) -> dict[str, t.Any]:
    states = [m["value"] for m in messages if m["type"] == "STATE"]
    assert states, "no STATE message"
    return states[-1]


class Hit(t.NamedTuple):
    path: str
    query: dict[str, str]
    headers: dict[str, str]


Route = t.Callable[[Hit], tuple[dict[str, str], t.Any]]  # -> (headers, JSON body)


class RouteServer:
    """A real HTTP server on 127.0.0.1: ``routes[path](hit)`` answers; ``hits`` records."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args: t.Any) -> None:
                pass

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(url.query).items()}
                hit = Hit(url.path, query, dict(self.headers.items()))
                server.hits.append(hit)
                headers, body = server.routes[url.path](hit)
                data = json.dumps(body).encode()
                self.send_response(200)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
