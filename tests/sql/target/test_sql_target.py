"""SQLTarget end to end on SQLite and PostgreSQL: tables, evolution, load methods, versions."""

from __future__ import annotations

import datetime as dt
import decimal
import typing as t

import pytest
import sqlalchemy as sa

from singer_sdk.exceptions import ConformedNameClashException, InvalidRecord

from .helpers import columns, lines, make_target, record, rows, run, schema_message, table_names

if t.TYPE_CHECKING:
    from .conftest import Database

PROPS = {
    "id": {"type": "integer"},
    "Name": {"type": ["string", "null"]},
    "amount": {"type": ["number", "null"]},
    "price": {
        "type": ["string", "null"],
        "format": "x-singer.decimal",
        "precision": 38,
        "scale": 9,
    },
    "cost": {"type": ["string", "null"], "format": "singer.decimal"},
    "seen_at": {"type": ["string", "null"], "format": "date-time"},
    "day": {"type": ["string", "null"], "format": "date"},
    "active": {"type": ["boolean", "null"]},
    "meta": {"type": ["object", "null"]},
    "tags": {"type": ["array", "null"]},
}
BIG = "12345678901234567890.123456789"


def test_creates_table_and_loads_values_exactly(db: Database) -> None:
    run(
        db.url,
        schema_message("items", PROPS, ["id"]),
        record(
            "items",
            {
                "id": 1,
                "Name": "a",
                "amount": 1.5,
                "price": BIG,
                "cost": BIG,
                "seen_at": "2024-01-02T03:04:05.123456+02:00",
                "day": "2024-01-02",
                "active": True,
                "meta": {"k": [1, 2]},
                "tags": ["x"],
            },
        ),
        record("items", {"id": 2}),
        **db.config(),
    )
    got = rows(db.url, "items", db.schema)
    assert [row["id"] for row in got] == [1, 2]
    first = got[0]
    assert first["name"] == "a"
    assert decimal.Decimal(str(first["price"])) == decimal.Decimal(BIG)
    assert decimal.Decimal(str(first["cost"])) == decimal.Decimal(BIG)
    assert str(first["price"]).rstrip("0") == BIG.rstrip("0")
    assert first["seen_at"] == dt.datetime(2024, 1, 2, 1, 4, 5, 123456)  # stored in UTC
    assert first["day"] == dt.date(2024, 1, 2)
    assert bool(first["active"]) is True
    assert first["meta"] == '{"k":[1,2]}'
    assert first["tags"] == '["x"]'
    assert float(first["amount"]) == 1.5
    assert got[1] == {**dict.fromkeys(got[1]), "id": 2}


def test_new_column_is_added_on_schema_change(db: Database) -> None:
    run(
        db.url,
        schema_message("items", {"id": {"type": "integer"}}, ["id"]),
        record("items", {"id": 1}),
        **db.config(),
    )
    run(
        db.url,
        schema_message("items", {"id": {"type": "integer"}}, ["id"]),
        record("items", {"id": 2}),
        schema_message(
            "items", {"id": {"type": "integer"}, "Extra Col": {"type": "string"}}, ["id"]
        ),
        record("items", {"id": 3, "Extra Col": "x"}),
        **db.config(),
    )
    assert [(r["id"], r["extra_col"]) for r in rows(db.url, "items", db.schema)] == [
        (1, None),
        (2, None),
        (3, "x"),
    ]


def test_type_is_widened_when_allowed(db: Database) -> None:
    run(
        db.url,
        schema_message("items", {"id": {"type": "integer"}, "v": {"type": "integer"}}, ["id"]),
        record("items", {"id": 1, "v": 7}),
        **db.config(),
    )
    run(
        db.url,
        schema_message("items", {"id": {"type": "integer"}, "v": {"type": "string"}}, ["id"]),
        record("items", {"id": 2, "v": "seven"}),
        flags={"allow_column_alter": True},
        **db.config(),
    )
    assert isinstance(columns(db.url, "items", db.schema)["v"], sa.String)
    assert [(r["id"], r["v"]) for r in rows(db.url, "items", db.schema)] == [(1, "7"), (2, "seven")]


def test_type_change_not_allowed_is_a_clear_error(db: Database) -> None:
    run(
        db.url,
        schema_message("items", {"id": {"type": "integer"}, "v": {"type": "integer"}}, ["id"]),
        record("items", {"id": 1, "v": 7}),
        **db.config(),
    )
    target = make_target(db.url, **db.config())
    with pytest.raises(NotImplementedError) as info:
        target.listen(
            lines(schema_message("items", {"id": {"type": "integer"}, "v": {"type": "string"}}))
        )
    table = f"{db.schema}.items" if db.schema else "items"
    assert str(info.value) == (
        f"Altering columns is not supported. Could not convert column '{table}.v' from "
        "'INTEGER' to 'VARCHAR' (the connector's allow_column_alter flag is False)."
    )


def test_upsert_twice_leaves_no_duplicates_and_newest_wins(db: Database) -> None:
    props = {"id": {"type": "integer"}, "v": {"type": ["string", "null"]}}
    config = {"load_method": "upsert", **db.config()}
    run(
        db.url,
        schema_message("items", props, ["id"]),
        record("items", {"id": 1, "v": "a"}),
        record("items", {"id": 2, "v": "b"}),
        **config,
    )
    run(
        db.url,
        schema_message("items", props, ["id"]),
        record("items", {"id": 2, "v": "b2"}),
        record("items", {"id": 3, "v": "c"}),
        record("items", {"id": 3, "v": "c2"}),  # same key in one batch: the last one wins
        **config,
    )
    assert [(r["id"], r["v"]) for r in rows(db.url, "items", db.schema)] == [
        (1, "a"),
        (2, "b2"),
        (3, "c2"),
    ]


@pytest.mark.parametrize("temp_tables", [True, False], ids=["staging-table", "delete-insert"])
def test_upsert_without_unique_key_in_table(db: Database, temp_tables: bool) -> None:
    props = {"id": {"type": "integer"}, "k2": {"type": "string"}, "v": {"type": ["string", "null"]}}
    # Created without key properties: the table has no primary key to conflict on.
    run(
        db.url,
        schema_message("items", props),
        record("items", {"id": 1, "k2": "x", "v": "old"}),
        record("items", {"id": 1, "k2": "y", "v": "other"}),
        **db.config(),
    )
    run(
        db.url,
        schema_message("items", props, ["id", "k2"]),
        record("items", {"id": 1, "k2": "x", "v": "new"}),
        record("items", {"id": 2, "k2": "x", "v": "two"}),
        flags={"allow_temp_tables": temp_tables},
        load_method="upsert",
        **db.config(),
    )
    got = sorted((r["id"], r["k2"], r["v"]) for r in rows(db.url, "items", db.schema))
    assert got == [(1, "x", "new"), (1, "y", "other"), (2, "x", "two")]


def test_upsert_needs_allow_merge_upsert(db: Database) -> None:
    target = make_target(
        db.url, flags={"allow_merge_upsert": False}, load_method="upsert", **db.config()
    )
    with pytest.raises(NotImplementedError) as info:
        target.listen(lines(schema_message("items", {"id": {"type": "integer"}}, ["id"])))
    assert str(info.value) == (
        "load_method 'upsert' is not supported by TestConnector "
        "(its allow_merge_upsert flag is False)."
    )


def test_overwrite_replaces_contents_once_per_run(db: Database) -> None:
    props = {"id": {"type": "integer"}}
    run(
        db.url,
        schema_message("items", props, ["id"]),
        *[record("items", {"id": i}) for i in range(3)],
        **db.config(),
    )
    run(
        db.url,
        schema_message("items", props, ["id"]),
        record("items", {"id": 10}),
        record("items", {"id": 11}),  # second batch of the same run: kept
        load_method="overwrite",
        batch_size_rows=1,
        **db.config(),
    )
    assert [r["id"] for r in rows(db.url, "items", db.schema)] == [10, 11]


def test_overwrite_needs_allow_overwrite(db: Database) -> None:
    target = make_target(
        db.url, flags={"allow_overwrite": False}, load_method="overwrite", **db.config()
    )
    with pytest.raises(NotImplementedError) as info:
        target.listen(lines(schema_message("items", {"id": {"type": "integer"}}, ["id"])))
    assert str(info.value) == (
        "load_method 'overwrite' is not supported by TestConnector "
        "(its allow_overwrite flag is False)."
    )


def _versioned_run(db: Database, **config: t.Any) -> None:
    props = {"id": {"type": "integer"}}
    v1, v2 = 1_700_000_000_000, 1_700_000_000_001  # epoch milliseconds, as taps send them
    run(
        db.url,
        schema_message("items", props, ["id"]),
        record("items", {"id": 1}, v1),
        record("items", {"id": 2}, v1),
        {"type": "ACTIVATE_VERSION", "stream": "items", "version": v1},
        add_record_metadata=True,
        **config,
        **db.config(),
    )
    run(
        db.url,
        schema_message("items", props, ["id"]),
        record("items", {"id": 3}, v2),
        {"type": "ACTIVATE_VERSION", "stream": "items", "version": v2},
        add_record_metadata=True,
        **config,
        **db.config(),
    )


def test_activate_version_soft_deletes_older_rows(db: Database) -> None:
    _versioned_run(db)
    got = {r["id"]: r["_sdc_deleted_at"] for r in rows(db.url, "items", db.schema)}
    assert set(got) == {1, 2, 3}
    assert got[3] is None
    assert got[1] is not None
    assert got[2] is not None


def test_activate_version_hard_deletes_older_rows(db: Database) -> None:
    _versioned_run(db, hard_delete=True)
    assert [r["id"] for r in rows(db.url, "items", db.schema)] == [3]


def test_identifiers_with_quotes_spaces_and_keywords(db: Database) -> None:
    evil = 'x"; DROP TABLE victim; --'
    props = {
        "id": {"type": "integer"},
        evil: {"type": "string"},
        "select": {"type": "string"},
        "Group By": {"type": "string"},
    }
    run(db.url, schema_message("victim", {"id": {"type": "integer"}}, ["id"]), **db.config())
    # Identity naming: the names reach the database unchanged, so only quoting protects it.
    run(
        db.url,
        schema_message("Order", props, ["id"]),
        record("Order", {"id": 1, evil: "e", "select": "s", "Group By": "g"}),
        sink_attrs={"conform_name": lambda self, name, object_type=None: name},
        **db.config(),
    )
    assert table_names(db.url, db.schema) == ["Order", "victim"]
    assert rows(db.url, "Order", db.schema) == [
        {"id": 1, evil: "e", "select": "s", "Group By": "g"}
    ]
    # Default naming conforms them.
    run(
        db.url,
        schema_message("Where Table", props, ["id"]),
        record("Where Table", {"id": 1, evil: "e", "select": "s", "Group By": "g"}),
        **db.config(),
    )
    assert set(columns(db.url, "where_table", db.schema)) == {
        "id",
        "x_drop_table_victim___",
        "select",
        "group_by",
    }
    assert table_names(db.url, db.schema) == ["Order", "victim", "where_table"]


def test_clashing_conformed_names_are_an_error(db: Database) -> None:
    target = make_target(db.url, **db.config())
    props = {"id": {"type": "integer"}, "Name": {"type": "string"}, "name": {"type": "string"}}
    with pytest.raises(ConformedNameClashException) as info:
        target.listen(lines(schema_message("items", props, ["id"])))
    assert str(info.value) == (
        "Stream 'items': properties conform to the same column name: 'Name', 'name' -> 'name'. "
        "Rename them in the tap or with a stream map."
    )


def test_record_breaking_the_schema_is_an_error_and_earlier_records_are_kept(db: Database) -> None:
    target = make_target(db.url, **db.config())
    with pytest.raises(InvalidRecord) as info:
        target.listen(
            lines(
                schema_message("items", {"id": {"type": "integer"}}, ["id"]),
                record("items", {"id": 1}),
                record("items", {"id": "one"}),
            )
        )
    assert "Record 2 of stream 'items' (input line 3) is invalid" in str(info.value)
    assert [r["id"] for r in rows(db.url, "items", db.schema)] == [1]


def test_sqlite_rebuild_for_a_new_type_keeps_indexes_constraints_and_defaults(
    sqlite_url: str,
) -> None:
    props = {"id": {"type": "integer"}, "v": {"type": "integer"}, "code": {"type": "string"}}
    run(sqlite_url, schema_message("items", props, ["id"]), record("items", {"id": 1, "v": 7}))
    engine = sa.create_engine(sqlite_url)
    with engine.begin() as conn:  # what a user added to the table the target made
        conn.exec_driver_sql('CREATE INDEX "items by v" ON items (v)')
        conn.exec_driver_sql(
            "CREATE UNIQUE INDEX items_code ON items (code) WHERE code IS NOT NULL"
        )
        conn.exec_driver_sql("ALTER TABLE items ADD COLUMN note VARCHAR DEFAULT 'none'")
    run(
        sqlite_url,
        schema_message("items", {**props, "v": {"type": "string"}}, ["id"]),
        record("items", {"id": 2, "v": "seven", "code": "x"}),
        flags={"allow_column_alter": True},
    )
    inspector = sa.inspect(engine)
    assert isinstance(columns(sqlite_url, "items", None)["v"], sa.String)
    indexes = {index["name"]: index for index in inspector.get_indexes("items")}
    assert indexes["items by v"]["column_names"] == ["v"]
    assert indexes["items_code"]["unique"]
    assert inspector.get_pk_constraint("items")["constrained_columns"] == ["id"]
    assert [(r["id"], r["v"], r["note"]) for r in rows(sqlite_url, "items", None)] == [
        (1, "7", "none"),
        (2, "seven", "none"),
    ]
    with engine.begin() as conn, pytest.raises(sa.exc.IntegrityError):  # still unique
        conn.exec_driver_sql("INSERT INTO items (id, v, code) VALUES (3, 'z', 'x')")
    engine.dispose()
