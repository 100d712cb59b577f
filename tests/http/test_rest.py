"""RESTStream against a real local HTTP server: pages, retries, errors, metrics, secrets."""

from __future__ import annotations

import logging
import sys
import time
import typing as t

import pytest
import requests

from singer_sdk.authenticators import APIKeyAuthenticator, BearerTokenAuthenticator
from singer_sdk.exceptions import FatalAPIError, RetriableAPIError
from singer_sdk.pagination import (
    BaseAPIPaginator,
    HeaderLinkPaginator,
    JSONPathPaginator,
    OffsetPaginator,
    PageNumberPaginator,
)
from singer_sdk.streams import RESTStream

Hit = Server = t.Any
SCHEMA = {"type": "object", "properties": {"id": {"type": "integer"}}}


def make_stream(server: Server, **attrs: t.Any) -> type[RESTStream[t.Any]]:
    base = {"name": "items", "path": "/items", "schema": SCHEMA, "url_base": server.url}
    return type("Items", (RESTStream,), {**base, **attrs})


def ids(messages: list[dict[str, t.Any]]) -> list[int]:
    return [m["record"]["id"] for m in messages if m["type"] == "RECORD"]


def test_single_page_with_records_jsonpath_and_placeholders(server: Server, run_tap: t.Any) -> None:
    server.routes["/orgs/a%2Fb/items"] = lambda hit: (200, {}, {"data": [{"id": 1}, {"id": 2}]})
    stream = make_stream(server, path="/orgs/{org}/items", records_jsonpath="$.data[*]")
    _, messages = run_tap(stream, {"org": "a/b"})
    assert ids(messages) == [1, 2]
    user_agent = server.hits[0].headers["User-Agent"]
    assert user_agent.startswith("tap-http-test/")
    assert " singer-sdk/" in user_agent


def test_jsonpath_paginator_over_three_pages(server: Server, run_tap: t.Any) -> None:
    pages = {None: ("p2", [1, 2]), "p2": ("p3", [3]), "p3": (None, [4])}

    def route(hit: Hit) -> t.Any:
        token = hit.query.get("cursor", [None])[0]
        nxt, rows = pages[token]
        return 200, {}, {"next": nxt, "rows": [{"id": i} for i in rows]}

    server.routes["/items"] = route
    stream = make_stream(
        server,
        records_jsonpath="$.rows[*]",
        next_page_token_jsonpath="$.next",
        get_url_params=lambda self, context, token: {"cursor": token},
    )
    _, messages = run_tap(stream)
    assert ids(messages) == [1, 2, 3, 4]
    assert [hit.query.get("cursor") for hit in server.hits] == [None, ["p2"], ["p3"]]


def test_header_link_paginator(server: Server, run_tap: t.Any) -> None:
    def route(hit: Hit) -> t.Any:
        page = int(hit.query.get("page", ["1"])[0])
        headers = {"Link": f'<{server.url}/items?page={page + 1}>; rel="next"'} if page < 3 else {}
        return 200, headers, [{"id": page}]

    server.routes["/items"] = route

    def params(self: t.Any, context: t.Any, token: t.Any) -> dict[str, t.Any]:
        from urllib.parse import parse_qsl

        return dict(parse_qsl(token.query)) if token else {}

    stream = make_stream(
        server, get_new_paginator=lambda self: HeaderLinkPaginator(), get_url_params=params
    )
    _, messages = run_tap(stream)
    assert ids(messages) == [1, 2, 3]


def test_x_next_page_header_is_the_default_paginator(server: Server, run_tap: t.Any) -> None:
    def route(hit: Hit) -> t.Any:
        page = hit.query.get("page", ["a"])[0]
        return 200, ({"X-Next-Page": "b"} if page == "a" else {}), [{"id": ord(page)}]

    server.routes["/items"] = route
    stream = make_stream(server, get_url_params=lambda s, c, token: {"page": token})
    _, messages = run_tap(stream)
    assert ids(messages) == [97, 98]


@pytest.mark.parametrize("kind", ["page", "offset"])
def test_page_number_and_offset_paginators_stop_at_the_empty_page(
    server: Server, kind: str, run_tap: t.Any
) -> None:
    data = [{"id": i} for i in range(5)]

    def route(hit: Hit) -> t.Any:
        if kind == "page":
            page = int(hit.query["page"][0])
            return 200, {}, data[(page - 1) * 2 : page * 2]
        offset = int(hit.query["offset"][0])
        return 200, {}, data[offset : offset + 2]

    server.routes["/items"] = route

    def paginator(self: t.Any) -> BaseAPIPaginator[int]:
        return PageNumberPaginator(1) if kind == "page" else OffsetPaginator(0, 2)

    stream = make_stream(
        server,
        get_new_paginator=paginator,
        get_url_params=lambda s, c, token: {kind: token},
    )
    _, messages = run_tap(stream)
    assert ids(messages) == [0, 1, 2, 3, 4]
    assert len(server.hits) == 4  # three pages with records, one empty


def test_repeated_token_is_a_loop_error(server: Server, run_tap: t.Any) -> None:
    server.routes["/items"] = lambda hit: (200, {}, {"next": "same", "rows": [{"id": 1}]})
    stream = make_stream(server, records_jsonpath="$.rows[*]", next_page_token_jsonpath="$.next")
    with pytest.raises(RuntimeError, match=r"Loop detected in pagination\. Pagination token same"):
        run_tap(stream)


def test_cycle_of_tokens_is_a_loop_error() -> None:
    class Cycle(BaseAPIPaginator[str]):
        tokens = iter(["a", "b", "a"])

        def get_next(self, response: t.Any) -> str:
            return next(self.tokens)

    paginator = Cycle(None)  # type: ignore[arg-type]
    paginator.advance(None)  # type: ignore[arg-type]
    paginator.advance(None)  # type: ignore[arg-type]
    with pytest.raises(RuntimeError, match="Loop detected"):
        paginator.advance(None)  # type: ignore[arg-type]


def test_500_then_success_is_retried(
    server: Server, fast_retries: dict[str, t.Any], run_tap: t.Any
) -> None:
    calls = iter([(500, {}, {"oops": 1}), (503, {}, b""), (200, {}, [{"id": 7}])])
    server.routes["/items"] = lambda hit: next(calls)
    _, messages = run_tap(make_stream(server, **fast_retries))
    assert ids(messages) == [7]
    assert len(server.hits) == 3


def test_429_retry_after_seconds_is_honoured(
    server: Server, fast_retries: dict[str, t.Any], run_tap: t.Any
) -> None:
    calls = iter([(429, {"Retry-After": "1"}, {}), (200, {}, [{"id": 1}])])
    server.routes["/items"] = lambda hit: next(calls)
    started = time.monotonic()
    _, messages = run_tap(make_stream(server, **fast_retries))
    assert ids(messages) == [1]
    assert time.monotonic() - started >= 1.0


def test_retries_give_up_after_max_tries(
    server: Server, fast_retries: dict[str, t.Any], run_tap: t.Any
) -> None:
    server.routes["/items"] = lambda hit: (502, {}, {"error": "bad gateway"})
    stream = make_stream(server, backoff_max_tries=lambda self: 3, **fast_retries)
    with pytest.raises(RetriableAPIError, match=r"502 Server Error: Bad Gateway for path: /items"):
        run_tap(stream)
    assert len(server.hits) == 3


def test_dropped_connection_is_retried(
    server: Server, fast_retries: dict[str, t.Any], run_tap: t.Any
) -> None:
    calls = iter([(0, {}, b""), (200, {}, [{"id": 3}])])
    server.routes["/items"] = lambda hit: next(calls)
    _, messages = run_tap(make_stream(server, **fast_retries))
    assert ids(messages) == [3]


def test_timeout_is_retried(server: Server, fast_retries: dict[str, t.Any], run_tap: t.Any) -> None:
    def route(hit: Hit) -> t.Any:
        if len(server.hits) == 1:
            time.sleep(3.0)
        return 200, {}, [{"id": len(server.hits)}]

    server.routes["/items"] = route
    # A wide margin both ways: the first answer comes 2 s after the timeout, and the retry has
    # a whole second to be answered on a busy machine.
    stream = make_stream(server, timeout=1.0, **fast_retries)
    _, messages = run_tap(stream)
    assert ids(messages) == [2]


def test_timeout_gives_up_with_the_requests_error(
    server: Server, fast_retries: dict[str, t.Any], run_tap: t.Any
) -> None:
    def route(hit: Hit) -> t.Any:
        time.sleep(0.3)
        return 200, {}, []

    server.routes["/items"] = route
    stream = make_stream(server, timeout=0.05, backoff_max_tries=lambda s: 2, **fast_retries)
    with pytest.raises(requests.exceptions.Timeout):
        run_tap(stream)


@pytest.mark.parametrize(
    ("status", "reason"), [(401, "Unauthorized"), (404, "Not Found"), (403, "Forbidden")]
)
def test_client_errors_are_fatal_with_a_clear_message(
    server: Server, status: int, reason: str, run_tap: t.Any
) -> None:
    server.routes["/items"] = lambda hit: (status, {}, {"message": "nope", "token": "s3cr3t-value"})
    with pytest.raises(FatalAPIError) as info:
        run_tap(make_stream(server))
    text = str(info.value)
    assert text.startswith(f"{status} Client Error: {reason} for path: /items (GET), content is ")
    assert "nope" in text
    assert "s3cr3t-value" not in text
    assert len(server.hits) == 1


def test_secrets_absent_from_errors_and_logs(
    server: Server, fast_retries: dict[str, t.Any], caplog: pytest.LogCaptureFixture, run_tap: t.Any
) -> None:
    caplog.set_level(logging.DEBUG)
    key = "K3Y-abcdef-123456"
    calls = iter(
        [
            (500, {}, {"echo": f"you sent api_key={key}"}),
            (400, {}, {"echo": f"Authorization: Bearer {key}", "raw": key}),
        ]
    )
    server.routes["/items"] = lambda hit: next(calls)
    stream = make_stream(
        server,
        authenticator=property(
            lambda self: APIKeyAuthenticator(key="api_key", value=key, location="params")
        ),
        **fast_retries,
    )
    with pytest.raises(FatalAPIError) as info:
        run_tap(stream, {"api_key": key})
    assert server.hits[0].query["api_key"] == [key]  # it was sent
    assert key not in str(info.value)
    assert "REDACTED" in str(info.value)
    assert key not in caplog.text
    assert "Backing off" in caplog.text


def test_bearer_auth_header_sent(server: Server, run_tap: t.Any) -> None:
    server.routes["/items"] = lambda hit: (200, {}, [{"id": 1}])
    stream = make_stream(
        server, authenticator=property(lambda self: BearerTokenAuthenticator(token="tok"))
    )
    run_tap(stream)
    assert server.hits[0].headers["Authorization"] == "Bearer tok"


def test_non_json_body_is_a_fatal_error(server: Server, run_tap: t.Any) -> None:
    server.routes["/items"] = lambda hit: (200, {}, b"<html>oops</html>")
    with pytest.raises(FatalAPIError, match=r"Response of GET /items is not valid JSON"):
        run_tap(make_stream(server))


def test_post_payload_and_decimal_numbers(server: Server, run_tap: t.Any) -> None:
    server.routes["/items"] = lambda hit: (200, {}, b'[{"id": 1, "price": 0.1}]')
    schema = {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "price": {"type": "number"}},
    }
    seen: list[t.Any] = []

    def post_process(self: t.Any, row: dict[str, t.Any], context: t.Any = None) -> t.Any:
        seen.append(row["price"])
        return row

    stream = make_stream(
        server,
        schema=schema,
        http_method="POST",
        prepare_request_payload=lambda s, c, tok: {"q": 1},
        post_process=post_process,
    )
    _, messages = run_tap(stream)
    assert server.hits[0].method == "POST"
    assert server.hits[0].body == b'{"q": 1}'
    from decimal import Decimal

    assert seen == [Decimal("0.1")]
    assert ids(messages) == [1]


def test_metrics_lines(server: Server, caplog: pytest.LogCaptureFixture, run_tap: t.Any) -> None:
    caplog.set_level(logging.INFO, logger="singer_sdk.metrics")
    server.routes["/items"] = lambda hit: (200, {}, [{"id": 1}])
    run_tap(make_stream(server))
    lines = [r.getMessage() for r in caplog.records if r.name == "singer_sdk.metrics"]
    assert any(
        '"metric":"http_request_duration"' in line and '"http_status_code":200' in line
        for line in lines
    )
    assert any('"metric":"http_request_count","value":1' in line for line in lines)


def test_legacy_get_next_page_token_warns_and_works(server: Server, run_tap: t.Any) -> None:
    def route(hit: Hit) -> t.Any:
        page = int(hit.query.get("p", ["1"])[0])
        return 200, {}, [{"id": page}]

    server.routes["/items"] = route

    def get_next_page_token(self: t.Any, response: t.Any, previous: t.Any) -> t.Any:
        return (previous or 1) + 1 if (previous or 1) < 2 else None

    stream = make_stream(
        server,
        get_next_page_token=get_next_page_token,
        get_url_params=lambda s, c, token: {"p": token},
    )
    with pytest.warns(DeprecationWarning, match="get_next_page_token is deprecated"):
        _, messages = run_tap(stream)
    assert ids(messages) == [1, 2]


def test_importing_streams_does_not_import_requests() -> None:
    import subprocess

    code = "import sys, singer_sdk, singer_sdk.streams; print('requests' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_jsonpath_paginator_on_missing_key_stops() -> None:
    class Resp:
        def json(self) -> t.Any:
            return {"other": 1}

    paginator = JSONPathPaginator("$.next")
    paginator.advance(Resp())  # type: ignore[arg-type]
    assert paginator.finished


def test_http_request_encodes_params() -> None:
    from singer_sdk.streams.rest import HTTPRequest

    request = HTTPRequest(url="http://h/p", params={"a": None, "b": [1, 2], "c": "x:y"})
    assert request.encode_params() == "b=1&b=2&c=x%3Ay"
    request.safe_query_chars = ":"
    assert request.encode_params() == "b=1&b=2&c=x:y"
    assert HTTPRequest(url="http://h", params="raw=1&x").encode_params() == "raw=1&x"


def test_string_url_params_are_sent_as_is(server: Server, run_tap: t.Any) -> None:
    server.routes["/items"] = lambda hit: (200, {}, [{"id": 1}])
    run_tap(make_stream(server, get_url_params=lambda s, c, tok: "filter=a:b&x=1"))
    assert server.hits[0].query == {"filter": ["a:b"], "x": ["1"]}


def test_backoff_runtime_derives_waits_from_the_failure(server: Server, run_tap: t.Any) -> None:
    waits: list[float] = []
    calls = iter([(503, {}, {}), (200, {}, [{"id": 1}])])
    server.routes["/items"] = lambda hit: next(calls)

    def wait_generator(self: t.Any) -> t.Any:
        return self.backoff_runtime(
            value=lambda exc: 0.01 if exc.response.status_code == 503 else 9
        )

    def jitter(self: t.Any, value: float) -> float:
        waits.append(value)
        return value

    _, messages = run_tap(
        make_stream(server, backoff_wait_generator=wait_generator, backoff_jitter=jitter)
    )
    assert ids(messages) == [1]
    assert waits == [0.01]


def test_overridden_prepare_request_still_used_with_a_warning(
    server: Server, run_tap: t.Any
) -> None:
    server.routes["/other"] = lambda hit: (200, {}, [{"id": 4}])

    def prepare_request(self: t.Any, context: t.Any, token: t.Any) -> t.Any:
        return self.build_prepared_request(method="GET", url=f"{server.url}/other")

    with pytest.warns(DeprecationWarning, match="Overriding prepare_request is deprecated"):
        _, messages = run_tap(make_stream(server, prepare_request=prepare_request))
    assert ids(messages) == [4]
