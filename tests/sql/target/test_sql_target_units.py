"""JSONSchemaToSQL mappings, type merging, naming rules, import paths and a real pipe."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import typing as t

import pytest
import sqlalchemy as sa

from singer_sdk.helpers._compat import SingerSDKDeprecationWarning
from singer_sdk.sql import SQLConnector, SQLSink, SQLTarget
from singer_sdk.sql.connector import JSONSchemaToSQL

from .helpers import make_target, rows

if t.TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "string"}, "VARCHAR"),
        ({"type": ["string", "null"], "maxLength": 500}, "VARCHAR(100)"),
        ({"type": "integer"}, "INTEGER"),
        ({"type": "integer", "maximum": 2**40}, "BIGINT"),
        ({"type": "number"}, "DECIMAL"),
        ({"type": "boolean"}, "BOOLEAN"),
        ({"type": "object"}, "VARCHAR"),
        ({"type": "array"}, "VARCHAR"),
        ({"type": "string", "format": "date-time"}, "DATETIME"),
        ({"type": "string", "format": "date"}, "DATE"),
        ({"type": "string", "format": "time"}, "TIME"),
        ({"type": "string", "format": "uuid"}, "UUID"),
        ({"type": "string", "format": "email"}, "VARCHAR(254)"),
        (
            {"type": "string", "format": "x-singer.decimal", "precision": 38, "scale": 9},
            "DECIMAL(38, 9)",
        ),
        ({"type": ["string"], "format": "singer.decimal"}, "DECIMAL"),
        ({"type": ["string", "integer"]}, "VARCHAR"),
        ({"anyOf": [{"type": "null"}, {"type": "integer"}]}, "INTEGER"),
        ({}, "VARCHAR"),
    ],
)
def test_jsonschema_to_sql(schema: dict[str, t.Any], expected: str) -> None:
    assert str(JSONSchemaToSQL(max_varchar_length=100).to_sql_type(schema)) == expected


def test_registration_hooks_and_unknown_sql_datatype() -> None:
    converter = JSONSchemaToSQL()
    converter.register_sql_datatype_handler("smallint", sa.types.SMALLINT)
    converter.register_format_handler("ip", lambda _schema: sa.types.VARCHAR(39))
    converter.register_type_handler("boolean", sa.types.INTEGER)
    assert (
        str(converter.to_sql_type({"type": "string", "x-sql-datatype": "smallint"})) == "SMALLINT"
    )
    assert str(converter.to_sql_type({"type": "string", "format": "ip"})) == "VARCHAR(39)"
    assert str(converter.to_sql_type({"type": "boolean"})) == "INTEGER"
    with pytest.warns(UserWarning, match="This target does not support the x-sql-datatype 'money'"):
        assert (
            str(converter.to_sql_type({"type": "string", "x-sql-datatype": "money"})) == "VARCHAR"
        )


def test_merge_sql_types_widens_and_keeps_current_when_wide_enough() -> None:
    connector = SQLConnector(config={"sqlalchemy_url": "sqlite://"})
    current = sa.VARCHAR(10)
    assert str(connector.merge_sql_types([current, sa.VARCHAR(50)])) == "VARCHAR(50)"
    assert connector.merge_sql_types([sa.VARCHAR(), sa.VARCHAR(50)]) is not None
    assert str(connector.merge_sql_types([sa.INTEGER(), sa.DECIMAL()])) == "DECIMAL"
    assert str(connector.merge_sql_types([sa.INTEGER(), sa.VARCHAR()])) == "VARCHAR"
    kept = sa.NUMERIC(38, 9)
    assert connector.merge_sql_types([kept, sa.DECIMAL(38, 9)]) is kept
    with pytest.raises(ValueError, match=r"Expected at least one member in `sql_types` argument\."):
        connector.merge_sql_types([])


def test_merge_sql_types_keeps_current_across_families_and_prefers_text() -> None:
    """Regression (meltanolabs-target-postgres 0.8.1's test_type_hierarchy): an integer and a
    date-time cannot hold each other's values, and a ``TypeDecorator`` over TEXT that reports
    no Python type still stores text."""

    class NoType(sa.types.TypeDecorator[t.Any]):  # as target-postgres's NOTYPE
        impl = sa.TEXT
        cache_ok = True

        @property
        def python_type(self) -> type:
            return object

        def as_generic(self, *args: t.Any, **kwargs: t.Any) -> sa.TEXT:
            return sa.TEXT()

    class Bare(sa.types.TypeDecorator[t.Any]):  # SQLAlchemy's as_generic() fails on it
        impl = sa.TEXT
        cache_ok = True

    connector = SQLConnector(config={"sqlalchemy_url": "sqlite://"})
    merge = connector.merge_sql_types
    assert type(merge([sa.Integer(), sa.DateTime()])) is sa.Integer
    assert type(merge([sa.DateTime(), sa.Integer()])) is sa.DateTime
    assert type(merge([sa.Time(), sa.DateTime()])) is sa.Time
    assert type(merge([sa.Date(), sa.DateTime()])) is sa.DateTime
    assert type(merge([sa.Boolean(), sa.Integer(), sa.Numeric()])) is sa.Numeric
    assert type(merge([sa.Boolean(), sa.String()])) is sa.String
    assert type(merge([NoType(), sa.Integer()])) is NoType
    assert type(merge([NoType(), sa.String()])) is sa.String
    assert type(merge([Bare(), sa.Integer()])) is Bare
    json_type = sa.JSON()
    assert merge([json_type, sa.Integer()]) is json_type


def test_conform_name_rules(sqlite_url: str) -> None:
    sink = make_target(sqlite_url).default_sink_class  # type: ignore[attr-defined]
    conform = sink.conform_name
    assert conform(None, "Name Here") == "name_here"
    assert conform(None, "1abc") == "babc"
    assert conform(None, "a.b-c d") == "a_b_c_d"
    assert conform(None, 'x"; DROP TABLE t; --') == "x_drop_table_t___"
    with pytest.raises(
        ValueError, match=r"Cannot conform column name '\*\*\*': nothing is left of it."
    ):
        conform(None, "***")


def test_stream_name_gives_schema_and_table(sqlite_url: str) -> None:
    target = make_target(sqlite_url)
    sink_class = target.default_sink_class
    sink = sink_class(
        target, "db-My Schema-Some Table", {"properties": {}}, [], connector=target.target_connector
    )
    assert (sink.schema_name, sink.table_name) == ("my_schema", "some_table")
    assert sink.connector is target.target_connector


def test_public_and_deprecated_import_paths() -> None:
    from singer_sdk.sql.sink import SQLSink as FacadeSink
    from singer_sdk.sql.target import SQLTarget as FacadeTarget

    assert (FacadeSink, FacadeTarget) == (SQLSink, SQLTarget)
    import singer_sdk.sinks.sql as old

    with pytest.warns(
        SingerSDKDeprecationWarning, match="singer_sdk.sinks.sql.SQLSink is deprecated"
    ):
        assert old.SQLSink is SQLSink


def test_about_lists_sql_target_settings(sqlite_url: str) -> None:
    target = make_target(sqlite_url)
    properties = target.config_jsonschema["properties"]
    assert {
        "default_target_schema",
        "hard_delete",
        "process_activate_version_messages",
        "load_method",
    } <= set(properties)
    assert {"activate-version", "target-schema", "hard-delete"} <= {
        str(c) for c in target.capabilities
    }


def test_import_singer_sdk_does_not_import_sqlalchemy() -> None:
    code = "import sys, singer_sdk, singer_sdk.sql; print('sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_target_in_a_subprocess_pipe(tmp_path: Path, sqlite_url: str) -> None:
    script = tmp_path / "target_pipe.py"
    script.write_text(
        textwrap.dedent("""
        from singer_sdk.sql import SQLConnector, SQLSink, SQLTarget

        class Connector(SQLConnector):
            allow_merge_upsert = True

        class Sink(SQLSink):
            connector_class = Connector

        class PipeTarget(SQLTarget):
            name = "target-pipe"
            default_sink_class = Sink
            config_jsonschema = {
                "type": "object", "properties": {"sqlalchemy_url": {"type": "string"}}
            }

        if __name__ == "__main__":
            PipeTarget.cli()
    """)
    )
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"sqlalchemy_url": sqlite_url, "load_method": "upsert"}))
    messages = [
        {
            "type": "SCHEMA",
            "stream": "people",
            "schema": {"properties": {"id": {"type": "integer"}, "name": {"type": "string"}}},
            "key_properties": ["id"],
        },
        *[
            {"type": "RECORD", "stream": "people", "record": {"id": i % 3, "name": f"n{i}"}}
            for i in range(6)
        ],
        {"type": "STATE", "value": {"done": True}},
    ]
    result = subprocess.run(
        [sys.executable, str(script), "--config", str(config)],
        input="".join(json.dumps(m) + "\n" for m in messages),
        capture_output=True,
        text=True,
        check=False,
        cwd=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == '{"done":true}'
    assert [(r["id"], r["name"]) for r in rows(sqlite_url, "people", None)] == [
        (0, "n3"),
        (1, "n4"),
        (2, "n5"),
    ]


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ('CREATE INDEX "a b" ON t (v)', 'CREATE INDEX "s"."a b" ON t (v)'),
        (
            "create unique index if not exists ix ON t (v)",
            'create unique index if not exists "s".ix ON t (v)',
        ),
        (
            "CREATE  UNIQUE\nINDEX ix ON t (v) WHERE v > 0",
            'CREATE  UNIQUE\nINDEX "s".ix ON t (v) WHERE v > 0',
        ),
    ],
)
def test_sqlite_index_sql_gets_the_schema_of_an_attached_database(
    stored: str, expected: str
) -> None:
    from singer_sdk._sql.sqlite import _SQLITE_CREATE_INDEX

    rewritten = _SQLITE_CREATE_INDEX.sub(lambda m: m.group(0) + '"s".', stored, count=1)
    assert rewritten == expected
