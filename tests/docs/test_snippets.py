"""Every runnable snippet of the documentation (docs/snippets/*.py) runs and does what the
page says it does."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import typing as t

import pytest
from docs_helpers import (
    REPO,
    SNIPPETS,
    RouteServer,
    last_state,
    load_snippet,
    records,
    run_tap,
)

if t.TYPE_CHECKING:
    from pathlib import Path


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python docs/snippets/tap_shop.py ARGS`` the way the tutorial does."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, str(SNIPPETS / "tap_shop.py"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


# --- getting started ---------------------------------------------------------------------------


def test_getting_started_tap_syncs_products_and_reviews(shop_api: t.Any, tmp_path: Path) -> None:
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"api_url": shop_api.url, "api_token": "demo-token"}))

    result = run_cli("--config", str(config), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    messages = [json.loads(line) for line in result.stdout.splitlines()]

    products = records(messages, "products")
    assert [p["id"] for p in products] == [1, 2, 3, 4, 5, 6, 7]  # three pages
    assert products[0] == {
        "id": 1,
        "name": "kettle",
        "price": 24.5,
        "updated_at": "2024-01-01T12:00:00Z",
    }
    reviews = records(messages, "reviews")
    assert {(r["product_id"], r["text"]) for r in reviews} == {
        (1, "Boils fast"),
        (1, "Loud"),
        (2, "Pretty"),
        (5, "Sturdy"),
        (5, "Heavy"),
        (5, "Good value"),
    }
    state = last_state(messages)
    assert state["bookmarks"]["products"] == {
        "replication_key": "updated_at",
        "replication_key_value": "2024-01-07T12:00:00Z",
    }

    # The next run starts from the bookmark: only the product at the bookmark comes back.
    state_file = tmp_path / "state.json"
    state_file.write_text(json.dumps(state))
    again = run_cli("--config", str(config), "--state", str(state_file), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    rerun = [json.loads(line) for line in again.stdout.splitlines()]
    assert [r["id"] for r in records(rerun, "products")] == [7]


def test_getting_started_tap_names_the_missing_token(tmp_path: Path) -> None:
    config = tmp_path / "bad.json"
    config.write_text("{}")
    result = run_cli("--config", str(config), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert (
        "config['api_token'] (env var TAP_SHOP_API_TOKEN): required setting is missing "
        "(expected string)" in result.stderr
    )


def test_getting_started_start_date_limits_the_first_run(shop_api: t.Any) -> None:
    tap_shop = load_snippet("tap_shop")
    config = {
        "api_url": shop_api.url,
        "api_token": "demo-token",
        "start_date": "2024-01-05T00:00:00Z",
    }
    messages = run_tap(tap_shop.TapShop, config)
    assert [p["id"] for p in records(messages, "products")] == [5, 6, 7]


def test_getting_started_about_lists_the_settings(tmp_path: Path) -> None:
    result = run_cli("--about", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    about = json.loads(result.stdout)
    assert about["name"] == "tap-shop"
    assert about["description"] == "A tap for the demo shop API."
    assert {"api_url", "api_token", "start_date"} <= set(about["settings"]["properties"])
    assert about["settings"]["required"] == ["api_token"]


def test_shop_api_rejects_a_wrong_token(shop_api: t.Any) -> None:
    import requests

    response = requests.get(f"{shop_api.url}/products", timeout=5)
    assert response.status_code == 401
    assert response.json() == {"error": "missing or wrong bearer token"}


# --- incremental replication ------------------------------------------------------------------


def test_incremental_first_run_bookmarks_the_highest_values() -> None:
    snippet = load_snippet("incremental")
    messages = run_tap(snippet.TapIncremental, {})
    assert len(records(messages, "events")) == 3
    assert last_state(messages)["bookmarks"] == {
        "events": {
            "replication_key": "updated_at",
            "replication_key_value": "2024-03-03T17:45:00Z",
        },
        "scores": {"replication_key": "version", "replication_key_value": 7},
    }


def test_incremental_next_run_reads_from_the_bookmarks() -> None:
    snippet = load_snippet("incremental")
    state = {
        "bookmarks": {
            "events": {
                "replication_key": "updated_at",
                "replication_key_value": "2024-03-02T09:30:00Z",
            },
            "scores": {"replication_key": "version", "replication_key_value": 5},
        }
    }
    messages = run_tap(snippet.TapIncremental, {}, state=state)
    assert [r["id"] for r in records(messages, "events")] == [2, 3]
    assert records(messages, "scores") == [{"player": "ann", "version": 7}]


def test_incremental_start_date_applies_without_state() -> None:
    snippet = load_snippet("incremental")
    messages = run_tap(snippet.TapIncremental, {"start_date": "2024-03-03T00:00:00Z"})
    assert [r["id"] for r in records(messages, "events")] == [3]
    assert len(records(messages, "scores")) == 2  # start_date is not a version number


# --- partitions and parent streams ------------------------------------------------------------


def test_partitions_keep_one_bookmark_per_region() -> None:
    snippet = load_snippet("partitions")
    messages = run_tap(snippet.TapPartitions, {})
    assert [(r["region"], r["id"]) for r in records(messages, "sales")] == [
        ("eu", 1),
        ("us", 2),
        ("us", 3),
    ]
    sales_state = last_state(messages)["bookmarks"]["sales"]
    assert sales_state == {
        "partitions": [
            {
                "context": {"region": "eu"},
                "replication_key": "sold_at",
                "replication_key_value": "2024-05-01T10:00:00Z",
            },
            {
                "context": {"region": "us"},
                "replication_key": "sold_at",
                "replication_key_value": "2024-05-03T12:00:00Z",
            },
        ]
    }


def test_partitions_from_config() -> None:
    snippet = load_snippet("partitions")
    messages = run_tap(snippet.TapPartitions, {"regions": ["us"]})
    assert {r["region"] for r in records(messages, "sales")} == {"us"}


def test_child_stream_runs_once_per_parent_record() -> None:
    snippet = load_snippet("partitions")
    messages = run_tap(snippet.TapPartitions, {})
    assert records(messages, "issues") == [
        {"number": 1, "title": "Fast", "repo": "sdk"},
        {"number": 7, "title": "Typo", "repo": "docs"},
    ]
    schemas = [m["stream"] for m in messages if m["type"] == "SCHEMA"]
    assert schemas.count("issues") == 1
    contexts = last_state(messages)["bookmarks"]["issues"]["partitions"]
    assert [p["context"] for p in contexts] == [{"repo": "sdk"}, {"repo": "docs"}]


# --- pagination -------------------------------------------------------------------------------


def _one_stream_tap(stream_class: type[t.Any], url: str) -> type[t.Any]:
    from singer_sdk import Tap

    class LocalStream(stream_class):  # type: ignore[misc, valid-type]
        url_base = url

    class OneStreamTap(Tap):
        name = "tap-docs"
        config_jsonschema: t.ClassVar[dict[str, t.Any]] = {"type": "object", "properties": {}}

        def discover_streams(self) -> list[t.Any]:
            return [LocalStream(self)]

    return OneStreamTap


def test_cursor_paginator_follows_the_body(route_server: RouteServer) -> None:
    pages = {
        None: ({"data": [{"id": 1}], "meta": {"has_more": True, "cursor": "c2"}}),
        "c2": ({"data": [{"id": 2}], "meta": {"has_more": True, "cursor": "c3"}}),
        "c3": ({"data": [{"id": 3}], "meta": {"has_more": False, "cursor": "c4"}}),
    }
    route_server.routes["/orders"] = lambda hit: ({}, pages[hit.query.get("cursor")])
    snippet = load_snippet("pagination")
    messages = run_tap(_one_stream_tap(snippet.OrdersStream, route_server.url), {})
    assert [r["id"] for r in records(messages, "orders")] == [1, 2, 3]
    assert [hit.query for hit in route_server.hits] == [
        {"limit": "100"},  # a None cursor is left out of the query
        {"limit": "100", "cursor": "c2"},
        {"limit": "100", "cursor": "c3"},
    ]


def test_offset_paginator_stops_after_a_short_page(route_server: RouteServer) -> None:
    def customers(hit: t.Any) -> tuple[dict[str, str], t.Any]:
        offset = int(hit.query["offset"])
        count = 100 if offset < 200 else 5
        return {}, {"results": [{"id": offset + n} for n in range(count)]}

    route_server.routes["/customers"] = customers
    snippet = load_snippet("pagination")
    messages = run_tap(_one_stream_tap(snippet.CustomersStream, route_server.url), {})
    assert len(records(messages, "customers")) == 205
    assert [hit.query["offset"] for hit in route_server.hits] == ["0", "100", "200"]


def test_link_header_paginator_follows_rel_next(route_server: RouteServer) -> None:
    def events(hit: t.Any) -> tuple[dict[str, str], t.Any]:
        if hit.query.get("after") == "2":
            return {}, [{"id": 3}]
        link = f'<{route_server.url}/events?per_page=50&after=2>; rel="next"'
        return {"Link": link}, [{"id": 1}, {"id": 2}]

    route_server.routes["/events"] = events
    snippet = load_snippet("pagination")
    messages = run_tap(_one_stream_tap(snippet.EventsStream, route_server.url), {})
    assert [r["id"] for r in records(messages, "events")] == [1, 2, 3]
    assert route_server.hits[1].query == {"per_page": "50", "after": "2"}


# --- authentication ---------------------------------------------------------------------------


def test_api_key_and_basic_authenticators_sign_requests(route_server: RouteServer) -> None:
    route_server.routes["/items"] = lambda hit: ({}, [{"id": 1}])
    snippet = load_snippet("auth")
    config = {"api_url": route_server.url, "api_key": "k-123", "username": "u", "password": "p"}
    run_tap(_one_stream_tap(snippet.KeyStream, route_server.url), config)
    run_tap(_one_stream_tap(snippet.BasicStream, route_server.url), config)
    assert route_server.hits[0].headers["X-API-Key"] == "k-123"
    assert route_server.hits[1].headers["Authorization"] == "Basic dTpw"  # base64("u:p")


def test_oauth_stream_gets_a_token_once(shop_api: t.Any) -> None:
    snippet = load_snippet("auth")
    config = {"api_url": shop_api.url, "client_id": "demo", "client_secret": "s3cret"}
    stream_class = snippet.OAuthProductsStream
    messages = run_tap(_tap_for(stream_class), config)
    assert [r["id"] for r in records(messages, "products")] == [1, 2, 3, 4, 5, 6, 7]


def test_oauth_wrong_secret_is_an_authentication_error(shop_api: t.Any) -> None:
    from singer_sdk.exceptions import AuthenticationError

    snippet = load_snippet("auth")
    config = {"api_url": shop_api.url, "client_id": "demo", "client_secret": "wrong"}
    with pytest.raises(AuthenticationError):
        run_tap(_tap_for(snippet.OAuthProductsStream), config)


def _tap_for(stream_class: type[t.Any]) -> type[t.Any]:
    from singer_sdk import Tap

    class OneStreamTap(Tap):
        name = "tap-docs"
        config_jsonschema: t.ClassVar[dict[str, t.Any]] = {"type": "object", "properties": {}}

        def discover_streams(self) -> list[t.Any]:
            return [stream_class(self)]

    return OneStreamTap


# --- stream maps ------------------------------------------------------------------------------


def test_stream_maps_example_on_the_tutorial_tap(shop_api: t.Any) -> None:
    tap_shop = load_snippet("tap_shop")
    maps = json.loads((SNIPPETS / "stream_maps_shop.json").read_text())
    config = {"api_url": shop_api.url, "api_token": "demo-token", **maps}
    messages = run_tap(tap_shop.TapShop, config)
    products = records(messages, "products")
    assert [p["id"] for p in products] == [1, 2, 5]  # price >= 10
    assert products[0] == {
        "id": 1,
        "name": "KETTLE",
        "price": 24.5,
        "price_cents": 2450,
        "updated_at": "2024-01-01T12:00:00Z",
    }
    assert records(messages, "reviews") == []  # the stream is removed
    schema = next(m for m in messages if m["type"] == "SCHEMA" and m["stream"] == "products")
    assert schema["schema"]["properties"]["price_cents"]["type"] == ["integer", "null"]


# --- SQL, testing, BATCH --------------------------------------------------------------------


def _sql_snippet() -> t.Any:
    return load_snippet("sql_sqlite")


def test_sql_snippet_copies_a_sqlite_table(tmp_path: Path) -> None:
    import sqlite3

    source, target = tmp_path / "source.db", tmp_path / "target.db"
    with sqlite3.connect(source) as db:
        db.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(50), joined DATE)")
        db.executemany(
            "INSERT INTO customers VALUES (?, ?, ?)",
            [(1, "Ann", "2024-01-01"), (2, "Bob", "2024-02-01")],
        )
    snippet = _sql_snippet()

    catalog = snippet.TapSQLite(config={"path": str(source)}).catalog_dict
    (entry,) = catalog["streams"]
    assert entry["tap_stream_id"] == "main-customers"
    assert entry["schema"]["properties"]["name"] == {"type": ["string", "null"], "maxLength": 50}
    for metadata in entry["metadata"]:
        if metadata["breadcrumb"] == []:
            metadata["metadata"]["selected"] = True

    messages = run_tap(snippet.TapSQLite, {"path": str(source)}, catalog=catalog)
    assert records(messages, "main-customers") == [
        {"id": 1, "name": "Ann", "joined": "2024-01-01"},
        {"id": 2, "name": "Bob", "joined": "2024-02-01"},
    ]

    lines = "".join(json.dumps(m) + "\n" for m in messages)
    target_class = snippet.TargetSQLite
    target_class(config={"path": str(target)}).listen(io.StringIO(lines))
    with sqlite3.connect(target) as db:
        rows = db.execute("SELECT id, name, joined FROM customers ORDER BY id").fetchall()
    assert rows == [(1, "Ann", "2024-01-01"), (2, "Bob", "2024-02-01")]


def test_testing_snippet_passes_its_generated_tests(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(SNIPPETS)])}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(tmp_path),
            str(SNIPPETS / "test_tap_incremental.py"),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    passed = int(result.stdout.split(" passed")[0].split()[-1])
    assert passed >= 20  # tap, stream and attribute tests for two streams


def test_batch_config_snippet_is_a_valid_setting() -> None:
    from singer_sdk import typing as th
    from singer_sdk.helpers.capabilities import BATCH_CONFIG

    config = json.loads((SNIPPETS / "batch_config.json").read_text())
    th.DEFAULT_JSONSCHEMA_VALIDATOR(BATCH_CONFIG).validate(config)
    bad = {"batch_config": {**config["batch_config"], "encoding": {"format": "xml"}}}
    assert not th.DEFAULT_JSONSCHEMA_VALIDATOR(BATCH_CONFIG).is_valid(bad)
    assert config["batch_config"]["encoding"] == {"format": "jsonl", "compression": "gzip"}


def test_batch_config_makes_the_tap_write_files(tmp_path: Path) -> None:
    import gzip

    snippet = load_snippet("incremental")
    config = json.loads((SNIPPETS / "batch_config.json").read_text())
    config["batch_config"]["storage"]["root"] = tmp_path.as_uri()
    messages = run_tap(snippet.TapIncremental, config)

    assert records(messages, "events") == []  # no RECORD messages in BATCH mode
    batches = [m for m in messages if m["type"] == "BATCH" and m["stream"] == "events"]
    assert len(batches) == 1
    assert batches[0]["encoding"] == {"format": "jsonl", "compression": "gzip"}
    (url,) = batches[0]["manifest"]
    assert url.startswith(f"{tmp_path.as_uri()}/shop-")
    path = tmp_path / url.rsplit("/", 1)[1]
    lines = gzip.decompress(path.read_bytes()).decode().splitlines()
    assert [json.loads(line)["id"] for line in lines] == [1, 2, 3]
    assert last_state(messages)["bookmarks"]["events"]["replication_key_value"] == (
        "2024-03-03T17:45:00Z"
    )
