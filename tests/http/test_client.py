"""RESTStream delegates to its HTTP client, and the client calls back into the stream's hooks.

Each hook a connector may override is overridden here on a stream run against the real local
server, and must be called where the reference calls it; the client class is swappable with
``http_client_class``.
"""

from __future__ import annotations

import typing as t

import requests

from singer_sdk._http.client import HTTPClient
from singer_sdk.streams import RESTStream

Hit = Server = t.Any
SCHEMA = {"type": "object", "properties": {"id": {"type": "integer"}}}


def make_stream(server: Server, **attrs: t.Any) -> type[RESTStream[t.Any]]:
    base = {"name": "items", "path": "/items", "schema": SCHEMA, "url_base": server.url}
    return type("Items", (RESTStream,), {**base, **attrs})


def ids(messages: list[dict[str, t.Any]]) -> list[int]:
    return [m["record"]["id"] for m in messages if m["type"] == "RECORD"]


def test_client_calls_the_overridden_hooks(server: Server, run_tap: t.Any) -> None:
    server.routes["/items"] = lambda hit: (200, {}, [{"id": 1}, {"id": 2}])
    calls: list[str] = []

    def hook(name: str) -> t.Callable[..., t.Any]:
        def call(self: t.Any, *args: t.Any, **kwargs: t.Any) -> t.Any:
            calls.append(name)
            return getattr(RESTStream, name)(self, *args, **kwargs)

        return call

    names = [
        "get_url",
        "get_url_params",
        "prepare_request_payload",
        "get_http_request",
        "build_prepared_request",
        "request_decorator",
        "_request",
        "validate_response",
        "update_sync_costs",
        "calculate_sync_cost",
        "parse_response",
        "get_new_paginator",
        "_write_request_duration_log",
    ]
    stream = make_stream(server, **{name: hook(name) for name in names})
    _, messages = run_tap(stream)
    assert ids(messages) == [1, 2]
    assert set(calls) == set(names)
    assert calls.index("get_new_paginator") < calls.index("request_decorator")
    assert calls.index("request_decorator") < calls.index("get_http_request")
    assert calls.index("_request") < calls.index("validate_response")


def test_overridden_session_authenticator_and_headers_are_used(
    server: Server, run_tap: t.Any
) -> None:
    server.routes["/items"] = lambda hit: (200, {}, [{"id": 1}])
    session = requests.Session()
    session.headers["X-Session"] = "mine"

    class Auth:
        def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
            request.headers["Authorization"] = "Token abc"
            return request

    stream = make_stream(
        server,
        requests_session=property(lambda self: session),
        authenticator=property(lambda self: Auth()),
        http_headers=property(lambda self: {"X-Stream": "yes"}),
    )
    run_tap(stream)
    headers = server.hits[0].headers
    assert headers["X-Session"] == "mine"
    assert headers["X-Stream"] == "yes"
    assert headers["Authorization"] == "Token abc"


def test_http_client_class_is_swappable(server: Server, run_tap: t.Any) -> None:
    server.routes["/items"] = lambda hit: (200, {}, [{"id": 1}, {"id": 2}])
    sent: list[str] = []

    class CountingClient(HTTPClient):
        def send(self, stream: t.Any, prepared_request: t.Any, context: t.Any) -> t.Any:
            sent.append(prepared_request.url)
            return super().send(stream, prepared_request, context)

    tap, messages = run_tap(make_stream(server, http_client_class=CountingClient))
    assert ids(messages) == [1, 2]
    assert sent == [f"{server.url}/items"]
    assert isinstance(tap.streams["items"]._http_client, CountingClient)


def test_one_client_serves_several_streams(server: Server, run_tap: t.Any) -> None:
    """The client keeps no per-stream state: one instance can send for any stream."""
    server.routes["/a"] = lambda hit: (200, {}, [{"id": 1}])
    server.routes["/b"] = lambda hit: (200, {}, [{"id": 2}])
    shared = HTTPClient()
    tap, _ = run_tap(make_stream(server, path="/a", name="a"))
    other, _ = run_tap(make_stream(server, path="/b", name="b"))
    records = [
        list(shared.request_records(stream, None, legacy_prepare=False))
        for stream in (tap.streams["a"], other.streams["b"])
    ]
    assert records == [[{"id": 1}], [{"id": 2}]]
