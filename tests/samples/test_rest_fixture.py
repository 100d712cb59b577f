"""The REST sample tap, run as a real process against the fixture API on 127.0.0.1."""

from __future__ import annotations

import json
import re
import typing as t

from fixture_api import FixtureServer, generate_data

TAP = "tap_rest_fixture.py"
#: User ids by update time in the seed-7, 25-user data set.
IDS_BY_UPDATE = [12, 21, 20, 18, 24, 3, 10, 7, 14, 9, 25, 17, 23, 1, 15, 11, 6, 19, 13, 2, 22,
                 16, 4, 5, 8]  # fmt: skip


def config_for(api: FixtureServer, **extra: t.Any) -> dict[str, t.Any]:
    return {"api_url": api.url, "api_key": api.api_key, **extra}


def api_hits(api: FixtureServer, path: str) -> list[t.Any]:
    return [hit for hit in api.hits if hit.path == path]


def test_full_sync_follows_pages_and_reads_each_users_orders(
    api: FixtureServer, run: t.Any
) -> None:
    result = run(TAP, config=config_for(api, page_size=3))
    assert result.returncode == 0, result.stderr
    data = generate_data(7, 25)

    users = result.records("users")
    assert [user["id"] for user in users] == IDS_BY_UPDATE
    assert users[0] == {
        "id": 12,
        "name": "Claude Wirth",
        "email": "claude.wirth.12@example.com",
        "is_active": True,
        "score": 48.27,
        "created_at": "2023-12-20T00:00:00Z",
        "updated_at": "2024-01-01T01:00:00Z",
        "address": {"street": "12 Main Street", "city": "Leeds", "country": "GB"},
        "tags": ["beta", "trial"],
    }
    assert users == sorted(data.users, key=lambda user: user["updated_at"])
    # 25 users, 3 a page: 9 pages, each asked for by the Link header of the one before.
    pages = api_hits(api, "/users")
    assert [hit.query.get("page", ["1"]) for hit in pages] == [[str(n)] for n in range(1, 10)]
    assert all(hit.query["sort"] == ["updated_at"] and hit.status == 200 for hit in pages)

    orders = result.records("orders")
    assert len(orders) == 50
    assert sorted(order["id"] for order in orders) == list(range(1, 51))
    by_user = {user_id: [order["id"] for order in rows] for user_id, rows in data.orders.items()}
    for order in orders:  # every child record carries its parent's id
        assert order["id"] in by_user[order["user_id"]]
    # Users with 4 orders need a second page, asked for with the cursor of the first.
    user_3 = api_hits(api, "/users/3/orders")
    assert [("cursor" in hit.query) for hit in user_3] == [False, True]
    assert len(api_hits(api, "/users/1/orders")) == 1  # no orders: one empty page

    state = result.last_state()["bookmarks"]
    assert state["users"] == {
        "replication_key": "updated_at",
        "replication_key_value": "2024-01-02T01:00:00Z",
    }
    partitions = {p["context"]["user_id"]: p for p in state["orders"]["partitions"]}
    assert set(partitions) == set(range(1, 26))
    assert partitions[3]["replication_key_value"] == max(
        order["updated_at"] for order in data.orders[3]
    )
    assert "replication_key" not in partitions[1]  # no orders, no bookmark


def test_second_run_from_state_reads_only_what_changed(
    api: FixtureServer, run: t.Any, tmp_path: t.Any
) -> None:
    first = run(TAP, config=config_for(api))
    assert first.returncode == 0, first.stderr
    state_file = tmp_path / "state.json"
    state_file.write_text(json.dumps(first.last_state()))
    renamed = api.touch_user(3, name="Renamed User")
    added = api.add_user("New Person")
    api.hits.clear()

    second = run(TAP, "--state", str(state_file), config=config_for(api))
    assert second.returncode == 0, second.stderr
    users = second.records("users")
    # The bookmark is inclusive: the last user of the first run comes again, then the changes.
    assert [user["id"] for user in users] == [8, 3, 26]
    assert users[1]["name"] == "Renamed User"
    assert users[1]["updated_at"] == renamed["updated_at"] == "2024-01-02T02:00:00Z"
    assert users[2] == added
    assert api_hits(api, "/users")[0].query["updated_since"] == ["2024-01-02T01:00:00+00:00"]

    # Orders of the synced users only, each from its own user's bookmark (inclusive).
    data = generate_data(7, 25)
    orders = second.records("orders")
    latest = {uid: max(o["updated_at"] for o in data.orders[uid]) for uid in (3, 8)}
    assert sorted(order["id"] for order in orders) == sorted(
        order["id"]
        for uid in (3, 8)
        for order in data.orders[uid]
        if order["updated_at"] >= latest[uid]
    )
    assert {hit.path for hit in api.hits} == {
        "/users",
        "/users/8/orders",
        "/users/3/orders",
        "/users/26/orders",
    }
    assert second.last_state()["bookmarks"]["users"]["replication_key_value"] == (
        "2024-01-02T03:00:00Z"
    )


def test_start_date_is_sent_as_the_updated_since_filter(api: FixtureServer, run: t.Any) -> None:
    result = run(TAP, config=config_for(api, start_date="2024-01-01T20:00:00Z"))
    assert result.returncode == 0, result.stderr
    assert [user["id"] for user in result.records("users")] == IDS_BY_UPDATE[19:]
    assert api_hits(api, "/users")[0].query["updated_since"] == ["2024-01-01T20:00:00+00:00"]


def test_a_wrong_api_key_fails_with_the_401_and_exit_code_1(api: FixtureServer, run: t.Any) -> None:
    result = run(TAP, config={"api_url": api.url, "api_key": "not-the-key"})
    assert result.returncode == 1
    assert result.records("users") == []
    assert "401 Client Error: Unauthorized for path: /users (GET)" in result.stderr
    assert "Invalid API key" in result.stderr
    assert "not-the-key" not in result.stderr  # the secret is masked
    assert [hit.status for hit in api.hits] == [401]  # a 401 is not retried


def test_429_waits_what_retry_after_asks_then_goes_on(run: t.Any) -> None:
    with FixtureServer(user_count=4, throttle_first=1, retry_after=1) as api:
        result = run(TAP, config=config_for(api))
        hits = list(api.hits)
    assert result.returncode == 0, result.stderr
    assert [user["id"] for user in result.records("users")] == [3, 2, 4, 1]
    assert [(hit.path, hit.status) for hit in hits[:2]] == [("/users", 429), ("/users", 200)]
    assert hits[1].at - hits[0].at >= 1.0
    # The wait is Retry-After (1 s) plus jitter (< 1 s), not the default backoff (2 s and up).
    # The log prints two decimals, so a jitter of 0.995 s or more shows as "2.00".
    waits = re.findall(r"Backing off (\d+\.\d+) seconds", result.stderr)
    assert len(waits) == 1
    assert 1.0 <= float(waits[0]) <= 2.0


def test_missing_settings_are_named_and_exit_1(run: t.Any) -> None:
    result = run(TAP, config={"api_key": "x"})
    assert result.returncode == 1
    assert "api_url" in result.stderr
    assert "Config validation failed" in result.stderr


def test_discover_lists_both_streams_with_their_keys(run: t.Any) -> None:
    result = run(TAP, "--discover", config={"api_url": "http://127.0.0.1:9", "api_key": "k"})
    assert result.returncode == 0, result.stderr
    catalog = json.loads(result.stdout)
    streams = {entry["tap_stream_id"]: entry for entry in catalog["streams"]}
    assert set(streams) == {"users", "orders"}
    assert streams["orders"]["replication_key"] == "updated_at"
    assert streams["orders"]["key_properties"] == ["id"]
    assert "user_id" in streams["orders"]["schema"]["properties"]
