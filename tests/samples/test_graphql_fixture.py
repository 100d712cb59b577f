"""The GraphQL sample tap, run as a real process against the fixture API's /graphql."""

from __future__ import annotations

import json
import typing as t

from fixture_api import FixtureServer, generate_data

TAP = "tap_graphql_fixture.py"
FIELDS = ["id", "name", "email", "is_active", "score", "updated_at", "address", "tags"]


def test_sync_pages_through_the_connection_by_end_cursor(api: FixtureServer, run: t.Any) -> None:
    result = run(TAP, config={"api_url": api.url, "api_key": api.api_key, "page_size": 10})
    assert result.returncode == 0, result.stderr
    users = result.records("users")
    assert [user["id"] for user in users] == list(range(1, 26))
    expected = generate_data(7, 25).users[0]
    assert users[0] == {
        **{name: expected[name] for name in FIELDS if name != "address"},
        "address": {"city": "Turin", "country": "IT"},  # only the selected subfields
    }
    assert users[0]["name"] == "Claude Hopper"
    # 25 users, 10 a page: 3 POSTs; the last page says hasNextPage false, so no 4th.
    assert [(hit.method, hit.path, hit.status) for hit in api.hits] == [
        ("POST", "/graphql", 200)
    ] * 3


def test_each_page_continues_after_the_previous_end_cursor(api: FixtureServer) -> None:
    import requests

    query = (
        "query Users($first: Int, $after: String) { users(first: $first, after: $after) "
        "{ nodes { id } pageInfo { hasNextPage endCursor } } }"
    )
    headers = {"Authorization": f"Bearer {api.api_key}"}
    after = None
    pages = []
    while True:
        body = requests.post(
            f"{api.url}/graphql",
            json={"query": query, "variables": {"first": 10, "after": after}},
            headers=headers,
            timeout=10,
        ).json()["data"]["users"]
        pages.append([node["id"] for node in body["nodes"]])
        if not body["pageInfo"]["hasNextPage"]:
            break
        after = body["pageInfo"]["endCursor"]
    assert pages == [list(range(1, 11)), list(range(11, 21)), list(range(21, 26))]


def test_a_graphql_error_stops_the_tap_with_its_message(api: FixtureServer, run: t.Any) -> None:
    result = run(TAP, config={"api_url": api.url, "api_key": api.api_key, "page_size": 500})
    assert result.returncode == 1
    assert (
        "GraphQL errors in response of 'users': Argument 'first' must be an integer from 1 to "
        "100, got 500"
    ) in result.stderr


def test_a_wrong_token_fails_with_the_401(api: FixtureServer, run: t.Any) -> None:
    result = run(TAP, config={"api_url": api.url, "api_key": "wrong-token"})
    assert result.returncode == 1
    assert "401 Client Error: Unauthorized for path: /graphql (POST)" in result.stderr
    assert "wrong-token" not in result.stderr


def test_discover_describes_the_one_stream(run: t.Any) -> None:
    result = run(TAP, "--discover", config={"api_url": "http://127.0.0.1:9", "api_key": "k"})
    assert result.returncode == 0, result.stderr
    (stream,) = json.loads(result.stdout)["streams"]
    assert stream["tap_stream_id"] == "users"
    assert list(stream["schema"]["properties"]) == FIELDS
