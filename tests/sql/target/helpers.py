"""Build SQL targets from the public API and feed them Singer lines, as users do."""

from __future__ import annotations

import io
import json
import typing as t

import sqlalchemy as sa

from singer_sdk.sql import SQLConnector, SQLSink, SQLTarget


def make_target(
    url: str,
    *,
    flags: dict[str, t.Any] | None = None,
    sink_attrs: dict[str, t.Any] | None = None,
    **config: t.Any,
) -> SQLTarget:
    """A ``SQLTarget`` writing to ``url``; ``flags`` set connector class attributes."""
    connector_class = type(
        "TestConnector",
        (SQLConnector,),
        {"allow_merge_upsert": True, "allow_overwrite": True, **(flags or {})},
    )
    sink_class = type(
        "TestSink", (SQLSink,), {"connector_class": connector_class, **(sink_attrs or {})}
    )
    target_class = type(
        "TestTarget",
        (SQLTarget,),
        {
            "name": "target-test-sql",
            "default_sink_class": sink_class,
            "config_jsonschema": {"type": "object", "properties": {}},
        },
    )
    return t.cast("SQLTarget", target_class(config={"sqlalchemy_url": url, **config}))


def lines(*messages: dict[str, t.Any]) -> io.StringIO:
    return io.StringIO("".join(json.dumps(message) + "\n" for message in messages))


def schema_message(
    stream: str, properties: dict[str, t.Any], keys: list[str] | None = None
) -> dict[str, t.Any]:
    return {
        "type": "SCHEMA",
        "stream": stream,
        "schema": {"type": "object", "properties": properties},
        "key_properties": keys or [],
    }


def record(stream: str, data: dict[str, t.Any], version: int | None = None) -> dict[str, t.Any]:
    message: dict[str, t.Any] = {"type": "RECORD", "stream": stream, "record": data}
    if version is not None:
        message["version"] = version
    return message


def run(
    url: str,
    *messages: dict[str, t.Any],
    flags: dict[str, t.Any] | None = None,
    sink_attrs: dict[str, t.Any] | None = None,
    **config: t.Any,
) -> None:
    make_target(url, flags=flags, sink_attrs=sink_attrs, **config).listen(lines(*messages))


def rows(url: str, table: str, schema: str | None, order_by: str = "id") -> list[dict[str, t.Any]]:
    engine = sa.create_engine(url)
    try:
        reflected = sa.Table(table, sa.MetaData(), schema=schema, autoload_with=engine)
        with engine.connect() as conn:
            result = conn.execute(sa.select(reflected).order_by(reflected.c[order_by]))
            return [dict(row._mapping) for row in result]
    finally:
        engine.dispose()


def columns(url: str, table: str, schema: str | None) -> dict[str, t.Any]:
    engine = sa.create_engine(url)
    try:
        return {c["name"]: c["type"] for c in sa.inspect(engine).get_columns(table, schema)}
    finally:
        engine.dispose()


def table_names(url: str, schema: str | None) -> list[str]:
    engine = sa.create_engine(url)
    try:
        return sorted(sa.inspect(engine).get_table_names(schema))
    finally:
        engine.dispose()
