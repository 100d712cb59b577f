"""SQLTap/SQLStream on SQLite: discovery, selection, incremental resume, limits, identifiers."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import typing as t
from pathlib import Path

import pytest
import sqlalchemy as sa

from singer_sdk.exceptions import ConfigValidationError

SAMPLE = Path(__file__).resolve().parent / "sample_sqlite_tap.py"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def orders_db(sqlite_url: str) -> str:
    """A SQLite database with an ``orders`` table (5 rows), a keyless table and a view."""
    engine = sa.create_engine(sqlite_url)
    meta = sa.MetaData()
    orders = sa.Table(
        "orders",
        meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(20), nullable=False),
        sa.Column("amount", sa.Numeric(10, 2)),
        sa.Column("updated_at", sa.DateTime),
        sa.Column("day", sa.Date),
        sa.Column("flag", sa.Boolean),
        sa.Column("payload", sa.JSON),
    )
    keyless = sa.Table("events", meta, sa.Column("code", sa.String(8)), sa.Column("n", sa.Integer))
    sa.Index("events_code", keyless.c.code, unique=True)
    meta.create_all(engine)
    base = dt.datetime(2024, 1, 1)
    with engine.begin() as conn:
        conn.execute(
            orders.insert(),
            [
                {
                    "id": i,
                    "name": f"n{i}",
                    "amount": f"{i}.10",
                    "updated_at": base + dt.timedelta(days=i),
                    "day": (base + dt.timedelta(days=i)).date(),
                    "flag": i % 2 == 0,
                    "payload": {"i": i, "tags": ["a"]},
                }
                for i in range(1, 6)
            ],
        )
        conn.execute(sa.text("CREATE VIEW big_orders AS SELECT id, name FROM orders WHERE id > 2"))
    engine.dispose()
    return sqlite_url


def _discover(tap_class: type[t.Any], url: str) -> dict[str, t.Any]:
    tap = tap_class(config={"sqlalchemy_url": url})
    return t.cast("dict[str, t.Any]", tap.catalog_dict)


def _entry(catalog: dict[str, t.Any], stream_id: str) -> dict[str, t.Any]:
    return next(e for e in catalog["streams"] if e["tap_stream_id"] == stream_id)


def test_discovery(sqlite_tap_class: type[t.Any], orders_db: str) -> None:
    catalog = _discover(sqlite_tap_class, orders_db)
    ids = sorted(e["tap_stream_id"] for e in catalog["streams"])
    assert ids == ["main-big_orders", "main-events", "main-orders"]
    orders = _entry(catalog, "main-orders")
    assert orders["table_name"] == "orders"
    assert orders["key_properties"] == ["id"]
    assert orders["is_view"] is False
    # Not forced, but present (as ""): connectors such as tap-postgres index the key.
    assert orders["replication_method"] == ""
    assert orders["schema"]["properties"] == {
        "id": {"type": ["integer"]},
        "name": {"type": ["string"], "maxLength": 20},
        "amount": {"type": ["number", "null"]},
        "updated_at": {"type": ["string", "null"], "format": "date-time"},
        "day": {"type": ["string", "null"], "format": "date"},
        "flag": {"type": ["boolean", "null"]},
        "payload": {"type": ["string", "number", "integer", "boolean", "object", "array", "null"]},
    }
    root = next(m["metadata"] for m in orders["metadata"] if m["breadcrumb"] == [])
    assert root["schema-name"] == "main"
    assert root["table-key-properties"] == ["id"]
    # A table without primary key is keyed by its unique index.
    assert _entry(catalog, "main-events")["key_properties"] == ["code"]
    assert _entry(catalog, "main-big_orders")["is_view"] is True


def test_use_singer_decimal_writes_exact_strings(
    sqlite_tap_class: type[t.Any], orders_db: str, sql_helpers: t.Any
) -> None:
    config = {"sqlalchemy_url": orders_db, "use_singer_decimal": True}
    catalog = sql_helpers.select_all(sqlite_tap_class(config=config).catalog_dict)
    messages = sql_helpers.run_tap(sqlite_tap_class, config, catalog=catalog)
    schema = next(m for m in messages if m["type"] == "SCHEMA" and m["stream"] == "main-orders")
    assert schema["schema"]["properties"]["amount"] == {
        "type": ["string", "null"],
        "format": "x-singer.decimal",
        "precision": 10,
        "scale": 2,
    }
    amounts = [r["amount"] for r in sql_helpers.records_of(messages, "main-orders")]
    assert amounts == ["1.10", "2.10", "3.10", "4.10", "5.10"]


def test_use_singer_decimal_is_a_builtin_setting(
    sqlite_tap_class: type[t.Any], orders_db: str
) -> None:
    tap = sqlite_tap_class(config={"sqlalchemy_url": orders_db})
    assert tap.config_jsonschema["properties"]["use_singer_decimal"]["type"] == [
        "boolean",
        "null",
    ]


def test_full_sync_values(
    sqlite_tap_class: type[t.Any], orders_db: str, sql_helpers: t.Any
) -> None:
    config = {"sqlalchemy_url": orders_db}
    catalog = sql_helpers.select_all(_discover(sqlite_tap_class, orders_db))
    messages = sql_helpers.run_tap(sqlite_tap_class, config, catalog=catalog)
    records = sql_helpers.records_of(messages, "main-orders")
    assert records[0] == {
        "id": 1,
        "name": "n1",
        "amount": 1.1,
        "updated_at": "2024-01-02T00:00:00.000000+00:00",
        "day": "2024-01-02",
        "flag": False,
        "payload": {"i": 1, "tags": ["a"]},
    }
    assert len(records) == 5
    assert [r["id"] for r in sql_helpers.records_of(messages, "main-big_orders")] == [3, 4, 5]


def test_exclude_schemas(sqlite_tap_class: type[t.Any], orders_db: str) -> None:
    class Excluding(sqlite_tap_class):  # type: ignore[misc,valid-type]
        exclude_schemas = ["main"]

    assert Excluding(config={"sqlalchemy_url": orders_db}).catalog_dict == {"streams": []}
    connector = sqlite_tap_class(config={"sqlalchemy_url": orders_db}).tap_connector
    assert connector.discover_catalog_entries(exclude_schemas=["main"]) == []
    assert len(connector.discover_catalog_entries(exclude_schemas=["other"])) == 3


def test_selected_columns_only(
    sqlite_tap_class: type[t.Any], orders_db: str, sql_helpers: t.Any
) -> None:
    catalog = sql_helpers.incremental_catalog(
        _discover(sqlite_tap_class, orders_db),
        "main-orders",
        "updated_at",
        properties=["name"],  # the replication key is deselected: it is read all the same
    )
    tap = sqlite_tap_class(config={"sqlalchemy_url": orders_db}, catalog=catalog)
    stream = tap.streams["main-orders"]
    sql = str(stream.build_query().compile(dialect=stream.connector._dialect))
    # The key is automatic and the replication key is always read; deselected columns are not.
    assert sql.split("\nFROM ")[0].strip() == (
        "SELECT main.orders.id, main.orders.name, main.orders.updated_at"
    )
    # On SQLite, date-times are ordered as instants (julianday), their text breaking ties.
    assert sql.endswith(
        "ORDER BY julianday(main.orders.updated_at) ASC, main.orders.updated_at ASC"
    )
    messages = sql_helpers.run_tap(sqlite_tap_class, {"sqlalchemy_url": orders_db}, catalog=catalog)
    records = sql_helpers.records_of(messages, "main-orders")
    assert [sorted(r) for r in records] == [["id", "name", "updated_at"]] * 5
    assert (
        sql_helpers.final_state(messages)["bookmarks"]["main-orders"]["replication_key_value"]
        == "2024-01-06T00:00:00.000000+00:00"
    )
    assert {m["stream"] for m in messages if m["type"] == "RECORD"} == {"main-orders"}


def test_incremental_sync_resumes_from_state(
    sqlite_tap_class: type[t.Any], orders_db: str, sql_helpers: t.Any
) -> None:
    config = {"sqlalchemy_url": orders_db}
    catalog = sql_helpers.incremental_catalog(
        _discover(sqlite_tap_class, orders_db), "main-orders", "updated_at"
    )
    first = sql_helpers.run_tap(sqlite_tap_class, config, catalog=catalog)
    assert [r["id"] for r in sql_helpers.records_of(first, "main-orders")] == [1, 2, 3, 4, 5]
    state = sql_helpers.final_state(first)
    bookmark = state["bookmarks"]["main-orders"]
    assert bookmark == {
        "replication_key": "updated_at",
        "replication_key_value": "2024-01-06T00:00:00.000000+00:00",
    }

    engine = sa.create_engine(orders_db)
    with engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO orders (id, name, updated_at) VALUES (6, 'n6', :ts)"),
            {"ts": dt.datetime(2024, 1, 9)},
        )
        # A row changed in the past is not read again.
        conn.execute(sa.text("UPDATE orders SET name = 'old' WHERE id = 1"))
    engine.dispose()

    second = sql_helpers.run_tap(sqlite_tap_class, config, catalog=catalog, state=state)
    # The bookmarked row itself is read again (>=), then only newer rows.
    assert [r["id"] for r in sql_helpers.records_of(second, "main-orders")] == [5, 6]
    assert (
        sql_helpers.final_state(second)["bookmarks"]["main-orders"]["replication_key_value"]
        == "2024-01-09T00:00:00.000000+00:00"
    )


def test_sqlite_bookmarks_compare_instants_not_text(
    sqlite_tap_class: type[t.Any], orders_db: str, sql_helpers: t.Any
) -> None:
    """A row written by another program without fractions ("2024-01-07 00:00:00") is at the
    bookmark's instant, not before it: text comparison would skip it."""
    engine = sa.create_engine(orders_db)
    with engine.begin() as conn:
        for row_id, text in [(7, "2024-01-07 00:00:00"), (8, "2024-01-06T12:00:00")]:
            conn.execute(
                sa.text("INSERT INTO orders (id, name, updated_at) VALUES (:id, 'x', :ts)"),
                {"id": row_id, "ts": text},
            )
    engine.dispose()
    config = {"sqlalchemy_url": orders_db}
    catalog = sql_helpers.incremental_catalog(
        _discover(sqlite_tap_class, orders_db), "main-orders", "updated_at"
    )
    state = {
        "bookmarks": {
            "main-orders": {
                "replication_key": "updated_at",
                "replication_key_value": "2024-01-07T00:00:00.000000+00:00",
            }
        }
    }
    messages = sql_helpers.run_tap(sqlite_tap_class, config, catalog=catalog, state=state)
    assert [r["id"] for r in sql_helpers.records_of(messages, "main-orders")] == [7]
    # Without a bookmark the rows come in instant order, whatever their spelling.
    first = sql_helpers.run_tap(sqlite_tap_class, config, catalog=catalog)
    assert [r["id"] for r in sql_helpers.records_of(first, "main-orders")] == [1, 2, 3, 4, 5, 8, 7]


def test_discovered_entry_has_an_unforced_replication_method(
    sqlite_tap_class: type[t.Any], orders_db: str, sql_helpers: t.Any
) -> None:
    # Regression: tap-postgres 0.10.0 reads ``catalog_entry["replication_method"]`` of every
    # discovered entry (KeyError when the key was left out). The value is "" (not forced), so
    # a replication key picked in the metadata alone still makes the stream INCREMENTAL.
    tap = sqlite_tap_class(config={"sqlalchemy_url": orders_db})
    assert {e["replication_method"] for e in tap.catalog_dict["streams"]} == {""}
    orders = _entry(tap.catalog_dict, "main-orders")
    root = next(m["metadata"] for m in orders["metadata"] if m["breadcrumb"] == [])
    assert root["forced-replication-method"] == ""
    root["selected"] = True
    root["replication-key"] = "updated_at"
    catalog = {"streams": [orders]}
    messages = sql_helpers.run_tap(sqlite_tap_class, {"sqlalchemy_url": orders_db}, catalog=catalog)
    assert sql_helpers.final_state(messages)["bookmarks"]["main-orders"] == {
        "replication_key": "updated_at",
        "replication_key_value": "2024-01-06T00:00:00.000000+00:00",
    }


def test_start_date_filters_first_sync(
    sqlite_tap_class: type[t.Any], orders_db: str, sql_helpers: t.Any
) -> None:
    catalog = sql_helpers.incremental_catalog(
        _discover(sqlite_tap_class, orders_db), "main-orders", "updated_at"
    )
    config = {"sqlalchemy_url": orders_db, "start_date": "2024-01-04T00:00:00Z"}
    messages = sql_helpers.run_tap(sqlite_tap_class, config, catalog=catalog)
    assert [r["id"] for r in sql_helpers.records_of(messages, "main-orders")] == [3, 4, 5]


def test_record_limit_applies_sql_limit(sqlite_tap_class: type[t.Any], orders_db: str) -> None:
    tap = sqlite_tap_class(config={"sqlalchemy_url": orders_db})
    stream = tap.streams["main-orders"]
    stream.ABORT_AT_RECORD_COUNT = 2
    sql = str(
        stream.build_query().compile(
            dialect=stream.connector._dialect, compile_kwargs={"literal_binds": True}
        )
    )
    assert sql.endswith("LIMIT 3 OFFSET 0")
    assert tap.run_sync_dry_run(dry_run_record_limit=2) is True


def test_partition_context_is_rejected(sqlite_tap_class: type[t.Any], orders_db: str) -> None:
    stream = sqlite_tap_class(config={"sqlalchemy_url": orders_db}).streams["main-orders"]
    with pytest.raises(NotImplementedError, match=r"^Stream 'main-orders' does not support"):
        list(stream.get_records({"p": 1}))


NASTY_TABLE = 'select "x"; DROP TABLE orders; --'
NASTY_COLUMNS = ["from", 'we"ird', "with space", "Robert'); DROP TABLE orders;--"]


def test_identifiers_with_quotes_spaces_and_keywords(
    sqlite_tap_class: type[t.Any], orders_db: str, sql_helpers: t.Any
) -> None:
    engine = sa.create_engine(orders_db)
    meta = sa.MetaData()
    table = sa.Table(
        NASTY_TABLE,
        meta,
        sa.Column("order", sa.Integer, primary_key=True),
        *(sa.Column(name, sa.String(30)) for name in NASTY_COLUMNS),
        sa.Column("group", sa.Integer),
    )
    meta.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            table.insert(),
            [
                {"order": i, "group": i * 10, **{n: f"{n}-{i}" for n in NASTY_COLUMNS}}
                for i in (1, 2, 3)
            ],
        )
    engine.dispose()
    stream_id = f"main-{NASTY_TABLE}"
    catalog = sql_helpers.incremental_catalog(
        _discover(sqlite_tap_class, orders_db),
        stream_id,
        "group",
        properties=["from", "with space"],
    )
    state = {"bookmarks": {stream_id: {"replication_key": "group", "replication_key_value": 20}}}
    messages = sql_helpers.run_tap(
        sqlite_tap_class, {"sqlalchemy_url": orders_db}, catalog=catalog, state=state
    )
    assert sql_helpers.records_of(messages, stream_id) == [
        {"order": 2, "from": "from-2", "with space": "with space-2", "group": 20},
        {"order": 3, "from": "from-3", "with space": "with space-3", "group": 30},
    ]
    # Nothing was executed from the names: the other table is intact.
    check = sa.create_engine(orders_db)
    with check.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM orders")).scalar() == 5
    check.dispose()


def test_cli_runs_twice_from_state(orders_db: str, tmp_path: Path, sql_helpers: t.Any) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"sqlalchemy_url": orders_db}))

    def run(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, str(SAMPLE), "--config", str(config), *args],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            timeout=60,
        )
        return result.stdout

    discovered = json.loads(run("--discover"))
    catalog_file = tmp_path / "catalog.json"
    catalog_file.write_text(
        json.dumps(sql_helpers.incremental_catalog(discovered, "main-orders", "updated_at"))
    )
    first = [json.loads(line) for line in run("--catalog", str(catalog_file)).splitlines()]
    assert len(sql_helpers.records_of(first, "main-orders")) == 5
    state_file = tmp_path / "state.json"
    state_file.write_text(json.dumps(sql_helpers.final_state(first)))
    second = [
        json.loads(line)
        for line in run("--catalog", str(catalog_file), "--state", str(state_file)).splitlines()
    ]
    assert [r["id"] for r in sql_helpers.records_of(second, "main-orders")] == [5]


def test_bad_url_via_cli(tmp_path: Path) -> None:
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"sqlalchemy_url": "definitely not a url"}))
    result = subprocess.run(
        [sys.executable, str(SAMPLE), "--config", str(config), "--discover"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert (
        "Invalid 'sqlalchemy_url': cannot parse 'definitely not a url' as a database URL."
        in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_bad_url_in_process(sqlite_tap_class: type[t.Any]) -> None:
    config = {"sqlalchemy_url": "postgresql+nodriver://u@h/d"}
    with pytest.raises(ConfigValidationError, match="unknown database dialect or driver"):
        sqlite_tap_class(config=config)  # the constructor discovers the streams
    tap = sqlite_tap_class(config=config, setup_mapper=False)
    with pytest.raises(ConfigValidationError, match="unknown database dialect or driver"):
        _ = tap.catalog_dict
