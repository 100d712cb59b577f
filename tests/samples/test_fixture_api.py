"""The bundled fixture API itself: auth, pagination, filters, throttling, GraphQL, standalone."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import typing as t
import urllib.error
import urllib.request
from pathlib import Path

from fixture_api import DEFAULT_API_KEY, FixtureServer, generate_data, run_graphql, serve

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def get(
    url: str, key: str | None = DEFAULT_API_KEY, body: t.Any = None
) -> tuple[int, dict[str, str], t.Any]:
    headers = {"X-API-Key": key} if key else {}
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read())


def test_same_seed_same_data_other_seed_other_data() -> None:
    first, again, other = generate_data(7, 10), generate_data(7, 10), generate_data(8, 10)
    assert first.users == again.users and first.orders == again.orders
    assert first.users != other.users
    assert sorted(user["updated_at"] for user in first.users) == [
        f"2024-01-01T{hour:02d}:00:00Z" for hour in range(1, 11)
    ]


def test_serve_yields_a_base_url_that_answers() -> None:
    with serve(user_count=3) as url:
        assert url.startswith("http://127.0.0.1:")
        status, _, body = get(f"{url}/users")
    assert status == 200
    assert [user["id"] for user in body["data"]] == [1, 2, 3]
    assert body["next"] is None


def test_requests_without_the_key_get_401(api: FixtureServer) -> None:
    assert get(f"{api.url}/users", key=None)[::2] == (
        401,
        {"error": "Unauthorized", "message": "Missing API key"},
    )
    status, headers, body = get(f"{api.url}/users", key="nope")
    assert (status, body["message"]) == (401, "Invalid API key")
    assert headers["WWW-Authenticate"] == 'Bearer realm="fixture-api"'
    assert get(f"{api.url}/")[0] == 200  # the index needs no key


def test_pages_link_to_the_next_in_body_and_header(api: FixtureServer) -> None:
    status, headers, body = get(f"{api.url}/users?per_page=10&sort=updated_at")
    assert status == 200
    assert body["next"] == f"{api.url}/users?per_page=10&sort=updated_at&page=2"
    assert headers["Link"] == f'<{body["next"]}>; rel="next"'
    _, headers, last = get(f"{api.url}/users?per_page=10&sort=updated_at&page=3")
    assert (len(last["data"]), last["next"], "Link" in headers) == (5, None, False)


def test_bad_parameters_get_400_with_the_reason(api: FixtureServer) -> None:
    assert get(f"{api.url}/users?page=0")[2]["message"] == (
        "Parameter 'page' must be an integer from 1 to 1000"
    )
    assert get(f"{api.url}/users?updated_since=yesterday")[2]["message"] == (
        "Parameter 'updated_since' is not an ISO 8601 date-time: 'yesterday'"
    )
    assert get(f"{api.url}/users?sort=name")[2]["message"] == (
        "Parameter 'sort' must be 'id' or 'updated_at', got 'name'"
    )
    assert get(f"{api.url}/users/3/orders?cursor=zzz")[0] == 400
    assert get(f"{api.url}/users/99/orders")[:3:2] == (
        404,
        {"error": "Not Found", "message": "No user with id 99"},
    )
    assert get(f"{api.url}/nowhere")[0] == 404


def test_orders_are_cursor_paginated(api: FixtureServer) -> None:
    _, _, first = get(f"{api.url}/users/3/orders?limit=3")
    _, _, second = get(f"{api.url}/users/3/orders?limit=3&cursor={first['next_cursor']}")
    ids = [order["id"] for order in first["data"] + second["data"]]
    assert ids == [order["id"] for order in api.data.orders[3]]
    assert (len(first["data"]), second["next_cursor"]) == (3, None)


def test_throttle_flag_answers_429_once_with_retry_after(api: FixtureServer) -> None:
    status, headers, _ = get(f"{api.url}/users?throttle=1")
    assert (status, headers["Retry-After"]) == (429, "1")
    assert get(f"{api.url}/users?throttle=1")[0] == 200
    assert get(f"{api.url}/users")[0] == 200


def test_graphql_answers_the_selected_fields_and_reports_errors() -> None:
    data = generate_data(7, 3)
    query = "{ users(first: 2) { nodes { id address { city } } totalCount } }"
    nodes = [{"id": 1, "address": {"city": "Lyon"}}, {"id": 2, "address": {"city": "Delft"}}]
    assert run_graphql(data, query, {}) == {"data": {"users": {"nodes": nodes, "totalCount": 3}}}
    errors = {
        "{ users { nodes { id nope } } }": "Cannot query field 'nope' on type 'User'",
        "{ users { nodes { address } } }": (
            "Field 'address' of type 'User' must have a selection of subfields"
        ),
        "{ users { nodes { id { x } } } }": (
            "Field 'id' of type 'User' is a scalar and has no subfields"
        ),
        "{ orders { id } }": "Cannot query field 'orders' on type 'Query'",
        "{ users { nodes { id } }": "Syntax error: expected more input, got 'end of query'",
        "mutation { x }": "Only queries are supported (mutations and subscriptions are not)",
        '{ users(after: "bad") { totalCount } }': "Invalid cursor 'bad'",
        "{ users { nodes { id } } } #": "Syntax error: unexpected character '#'",
    }
    for query, message in errors.items():
        assert run_graphql(data, query, {}) == {"errors": [{"message": message}]}, query


def test_graphql_rejects_a_body_that_is_not_a_query(api: FixtureServer) -> None:
    assert get(f"{api.url}/graphql", body={"nope": 1})[::2] == (
        400,
        {"error": "Bad Request", "message": "The body must be a JSON object with a 'query' string"},
    )
    assert get(f"{api.url}/graphql")[0] == 405  # GET


def test_runs_standalone_printing_its_url_until_interrupted() -> None:
    with subprocess.Popen(
        [sys.executable, str(SAMPLES / "fixture_api.py"), "--port", "0", "--users", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as process:
        try:
            assert process.stdout is not None
            url = process.stdout.readline().strip()
            assert url.startswith("http://127.0.0.1:")
            assert [user["id"] for user in get(f"{url}/users")[2]["data"]] == [1, 2]
        finally:
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=10) == 0


def test_runs_a_command_with_the_taps_pointed_at_it(tmp_path: Path) -> None:
    server = [sys.executable, str(SAMPLES / "fixture_api.py"), "--users", "3", "--"]
    tap = [sys.executable, str(SAMPLES / "tap_rest_fixture.py"), "--config", "ENV"]
    result = subprocess.run(
        [*server, *tap], capture_output=True, cwd=tmp_path, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr.decode()
    records = [json.loads(line) for line in result.stdout.splitlines()]
    users = [m["record"]["id"] for m in records if m["type"] == "RECORD" and m["stream"] == "users"]
    assert sorted(users) == [1, 2, 3]
    failing = subprocess.run(
        [*server, sys.executable, "-c", "import sys; sys.exit(3)"], timeout=60, check=False
    )
    assert failing.returncode == 3  # the command's exit code
