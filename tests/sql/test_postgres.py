"""SQLTap/SQLStream on a real PostgreSQL server: types, decimals, JSON, arrays, resume, names."""

from __future__ import annotations

import datetime as dt
import decimal
import typing as t

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg


@pytest.fixture
def pg_table(pg_url: str, pg_schema: str) -> str:
    """A table ``items`` with many column types and three rows, in a fresh schema."""
    engine = sa.create_engine(pg_url)
    meta = sa.MetaData(schema=pg_schema)
    items = sa.Table(
        "items",
        meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("big", sa.BigInteger),
        sa.Column("price", sa.Numeric(12, 4)),
        sa.Column("huge", sa.Numeric),
        sa.Column("ratio", pg.DOUBLE_PRECISION),
        sa.Column("day", sa.Date),
        sa.Column("at", sa.DateTime),
        sa.Column("at_tz", sa.DateTime(timezone=True)),
        sa.Column("clock", sa.Time),
        sa.Column("doc", pg.JSONB),
        sa.Column("raw", pg.JSON),
        sa.Column("tags", pg.ARRAY(sa.Text)),
        sa.Column("scores", pg.ARRAY(sa.Integer)),
        sa.Column("ok", sa.Boolean, nullable=False),
        sa.Column("code", sa.String(8), comment="short code"),
        sa.Column("uid", pg.UUID),
    )
    meta.create_all(engine)
    base = dt.datetime(2024, 5, 1, 12, 0, 0)
    with engine.begin() as conn:
        conn.execute(
            items.insert(),
            [
                {
                    "id": i,
                    "big": 2**40 + i,
                    "price": decimal.Decimal(f"{i}1234567.1234"),
                    "huge": decimal.Decimal("12345678901234567890.123456789"),
                    "ratio": i / 4,
                    "day": (base + dt.timedelta(days=i)).date(),
                    "at": base + dt.timedelta(days=i),
                    "at_tz": (base + dt.timedelta(days=i)).replace(tzinfo=dt.UTC),
                    "clock": dt.time(8, 30, i),
                    "doc": {"k": i, "nested": {"list": [1, 2]}},
                    "raw": [i, "x"],
                    "tags": ["a", f"t{i}"],
                    "scores": [i, None],
                    "ok": i != 2,
                    "code": f"c{i}",
                    "uid": f"00000000-0000-0000-0000-00000000000{i}",
                }
                for i in (1, 2, 3)
            ],
        )
    engine.dispose()
    return pg_schema


def _catalog(tap_class: type[t.Any], config: dict[str, t.Any]) -> dict[str, t.Any]:
    return t.cast("dict[str, t.Any]", tap_class(config=config).catalog_dict)


def test_discovery_types(sqlite_tap_class: type[t.Any], pg_url: str, pg_table: str) -> None:
    catalog = _catalog(sqlite_tap_class, {"sqlalchemy_url": pg_url, "schemas": [pg_table]})
    (entry,) = catalog["streams"]
    assert entry["tap_stream_id"] == f"{pg_table}-items"
    assert entry["key_properties"] == ["id"]
    props = entry["schema"]["properties"]
    assert props == {
        "id": {"type": ["integer"]},
        "big": {"type": ["integer", "null"]},
        "price": {"type": ["number", "null"]},
        "huge": {"type": ["number", "null"]},
        "ratio": {"type": ["number", "null"]},
        "day": {"type": ["string", "null"], "format": "date"},
        "at": {"type": ["string", "null"], "format": "date-time"},
        "at_tz": {"type": ["string", "null"], "format": "date-time"},
        "clock": {"type": ["string", "null"], "format": "time"},
        "doc": {"type": ["string", "number", "integer", "boolean", "object", "array", "null"]},
        "raw": {"type": ["string", "number", "integer", "boolean", "object", "array", "null"]},
        "tags": {"type": ["array", "null"], "items": {"type": ["string", "null"]}},
        "scores": {"type": ["array", "null"], "items": {"type": ["integer", "null"]}},
        "ok": {"type": ["boolean"]},
        "code": {"type": ["string", "null"], "maxLength": 8, "description": "short code"},
        "uid": {"type": ["string", "null"]},
    }


def test_discovery_with_singer_decimal(
    sqlite_tap_class: type[t.Any], pg_url: str, pg_table: str
) -> None:
    config = {"sqlalchemy_url": pg_url, "schemas": [pg_table], "use_singer_decimal": True}
    props = _catalog(sqlite_tap_class, config)["streams"][0]["schema"]["properties"]
    assert props["price"] == {
        "type": ["string", "null"],
        "format": "x-singer.decimal",
        "precision": 12,
        "scale": 4,
    }
    assert props["huge"] == {"type": ["string", "null"], "format": "x-singer.decimal"}
    assert props["ratio"] == {"type": ["number", "null"]}


@pytest.mark.parametrize("singer_decimal", [False, True])
def test_sync_values(
    sqlite_tap_class: type[t.Any],
    pg_url: str,
    pg_table: str,
    sql_helpers: t.Any,
    singer_decimal: bool,
) -> None:
    config = {"sqlalchemy_url": pg_url, "schemas": [pg_table], "use_singer_decimal": singer_decimal}
    catalog = sql_helpers.select_all(_catalog(sqlite_tap_class, config))
    messages = sql_helpers.run_tap(sqlite_tap_class, config, catalog=catalog)
    records = sql_helpers.records_of(messages, f"{pg_table}-items")
    assert len(records) == 3
    first = records[0]
    assert first["big"] == 2**40 + 1
    assert first["day"] == "2024-05-02"
    assert first["at"] == "2024-05-02T12:00:00.000000+00:00"
    assert first["at_tz"] == "2024-05-02T12:00:00.000000+00:00"
    assert first["clock"] == "08:30:01"
    assert first["doc"] == {"k": 1, "nested": {"list": [1, 2]}}
    assert first["raw"] == [1, "x"]
    assert first["tags"] == ["a", "t1"]
    assert first["scores"] == [1, None]
    assert first["ok"] is True
    assert first["uid"] == "00000000-0000-0000-0000-000000000001"
    if singer_decimal:
        assert first["price"] == "11234567.1234"
        assert first["huge"] == "12345678901234567890.123456789"
    else:
        assert first["price"] == 11234567.1234
        assert first["ratio"] == 0.25


def test_incremental_resume(
    sqlite_tap_class: type[t.Any], pg_url: str, pg_table: str, sql_helpers: t.Any
) -> None:
    config = {"sqlalchemy_url": pg_url, "schemas": [pg_table]}
    stream_id = f"{pg_table}-items"
    catalog = sql_helpers.incremental_catalog(
        _catalog(sqlite_tap_class, config), stream_id, "at_tz", properties=["id"]
    )
    first = sql_helpers.run_tap(sqlite_tap_class, config, catalog=catalog)
    assert [r["id"] for r in sql_helpers.records_of(first, stream_id)] == [1, 2, 3]
    state = sql_helpers.final_state(first)
    assert state["bookmarks"][stream_id]["replication_key_value"] == (
        "2024-05-04T12:00:00.000000+00:00"
    )
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                f'INSERT INTO "{pg_table}".items (id, ok, at_tz) VALUES '
                "(4, true, '2024-06-01T00:00:00+00'), (5, true, '2024-04-01T00:00:00+00')"
            )
        )
    engine.dispose()
    second = sql_helpers.run_tap(sqlite_tap_class, config, catalog=catalog, state=state)
    # Row 3 is the bookmark (>=); row 5 is older than the bookmark and is not read.
    assert [r["id"] for r in sql_helpers.records_of(second, stream_id)] == [3, 4]


def test_exclude_schemas_and_nasty_names(
    sqlite_tap_class: type[t.Any], pg_url: str, pg_schema: str, sql_helpers: t.Any
) -> None:
    engine = sa.create_engine(pg_url)
    meta = sa.MetaData(schema=pg_schema)
    table = sa.Table(
        'user"; DROP SCHEMA public; --',
        meta,
        sa.Column("select", sa.Integer, primary_key=True),
        sa.Column("Mixed Case", sa.Text),
        sa.Column("it's", sa.Text),
    )
    meta.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            table.insert(), [{"select": i, "Mixed Case": "m", "it's": "q"} for i in (1, 2)]
        )
    engine.dispose()

    class Tap(sqlite_tap_class):  # type: ignore[misc,valid-type]
        exclude_schemas = ["information_schema", "public"]

    config = {"sqlalchemy_url": pg_url}
    discovered = Tap(config=config).catalog_dict
    schemas = {e["tap_stream_id"].split("-", 1)[0] for e in discovered["streams"]}
    assert "public" not in schemas
    assert "information_schema" not in schemas
    assert pg_schema in schemas
    stream_id = f"{pg_schema}-{table.name}"
    catalog = sql_helpers.incremental_catalog(discovered, stream_id, "select")
    state = {"bookmarks": {stream_id: {"replication_key": "select", "replication_key_value": 2}}}
    messages = sql_helpers.run_tap(Tap, config, catalog=catalog, state=state)
    assert sql_helpers.records_of(messages, stream_id) == [
        {"select": 2, "Mixed Case": "m", "it's": "q"}
    ]
