"""Catalog discovery for SQL taps: each schema reflected in a few bulk queries, one entry per
table or view.

``SQLConnector.discover_catalog_entries`` and ``discover_catalog_entry`` delegate here; the
connector's hooks (``get_schema_names``, ``discover_catalog_entry``, ``to_jsonschema_type``) are
called back, so a connector overriding them changes what is discovered.
"""

from __future__ import annotations

import typing as t

import sqlalchemy as sa
from sqlalchemy.engine import reflection

from singer_sdk._catalog.catalog import CatalogEntry
from singer_sdk._catalog.metadata import MetadataMapping
from singer_sdk._schema.model import Schema

if t.TYPE_CHECKING:
    from sqlalchemy.engine.interfaces import (
        ReflectedColumn,
        ReflectedIndex,
        ReflectedPrimaryKeyConstraint,
    )

__all__ = ["catalog_entries", "catalog_entry"]

_JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class _Connector(t.Protocol):
    """What discovery uses of its connector (a ``SQLConnector``)."""

    @property
    def _engine(self) -> sa.Engine: ...
    def to_jsonschema_type(self, sql_type: t.Any) -> dict[str, t.Any]: ...
    def get_schema_names(self, engine: sa.Engine, inspected: reflection.Inspector) -> list[str]: ...
    def discover_catalog_entry(
        self,
        engine: sa.Engine,
        inspected: reflection.Inspector,
        schema_name: str | None,
        table_name: str,
        is_view: bool,
        *,
        reflected_columns: list[ReflectedColumn] | None = None,
        reflected_pk: ReflectedPrimaryKeyConstraint | None = None,
        reflected_indices: list[ReflectedIndex] | None = None,
    ) -> CatalogEntry: ...


def catalog_entry(
    connector: _Connector,
    schema_name: str | None,
    table_name: str,
    is_view: bool,
    *,
    reflected_columns: list[ReflectedColumn],
    reflected_pk: ReflectedPrimaryKeyConstraint | None,
    reflected_indices: list[ReflectedIndex] | None,
) -> CatalogEntry:
    """Return the catalog entry of one reflected table or view.

    See ``SQLConnector.discover_catalog_entry`` for what the entry holds.
    """

    stream_id = f"{schema_name}-{table_name}" if schema_name else table_name

    key_properties: list[str] = list(
        (reflected_pk.get("constrained_columns") if reflected_pk else None) or []
    )
    if not key_properties:
        for index in reflected_indices or ():
            names = index.get("column_names") or []
            # An expression index has None among its column names: not usable as a key.
            if index.get("unique") and names and all(names):
                key_properties = [t.cast("str", name) for name in names]
                break

    properties: dict[str, t.Any] = {}
    required: list[str] = []
    for column in reflected_columns:
        name = column["name"]
        column_schema = dict(connector.to_jsonschema_type(column["type"]))
        if column.get("nullable", False):
            column_schema = _make_nullable(column_schema)
        comment = column.get("comment")
        if comment:
            column_schema["description"] = comment
        properties[name] = column_schema
        if name in key_properties:
            required.append(name)
    schema: dict[str, t.Any] = {
        "$schema": _JSON_SCHEMA_DIALECT,
        "type": "object",
        "properties": properties,
    }
    if required:
        schema["required"] = required

    # No replication method is forced: the user may pick a replication key (INCREMENTAL).
    # The empty string (falsy, so not forced) keeps the ``replication_method`` key in the
    # entry, as the reference writes it: connectors such as tap-postgres index it directly.
    replication_method = ""
    return CatalogEntry(
        tap_stream_id=stream_id,
        stream=stream_id,
        table=table_name,
        key_properties=key_properties,
        schema=Schema.from_dict(schema),
        is_view=is_view,
        replication_method=replication_method,
        metadata=MetadataMapping.get_standard_metadata(
            schema_name=schema_name,
            schema=schema,
            replication_method=replication_method,
            key_properties=key_properties,
            valid_replication_keys=None,
        ),
        database=None,
        row_count=None,
        stream_alias=None,
        replication_key=None,
    )


def catalog_entries(
    connector: _Connector,
    *,
    exclude_schemas: t.Sequence[str] = (),
    reflect_indices: bool = True,
) -> list[dict[str, t.Any]]:
    """Return the catalog entries (as dicts) of every table and view in the database.

    See ``SQLConnector.discover_catalog_entries``.
    """

    engine = connector._engine
    inspected = sa.inspect(engine)
    excluded = set(exclude_schemas)
    entries: list[dict[str, t.Any]] = []
    for schema_name in connector.get_schema_names(engine, inspected):
        if schema_name in excluded:
            continue
        primary_keys = inspected.get_multi_pk_constraint(schema=schema_name)
        indices: dict[tuple[str | None, str], list[ReflectedIndex]] = {}
        if reflect_indices:
            # Unique indexes only matter for tables without a primary key.
            keyless = [
                key[1]
                for key, pk in primary_keys.items()
                if not (pk and pk.get("constrained_columns"))
            ]
            if keyless:
                indices = dict(
                    inspected.get_multi_indexes(schema=schema_name, filter_names=keyless)
                )
        for kind, is_view in (
            (reflection.ObjectKind.TABLE, False),
            (reflection.ObjectKind.ANY_VIEW, True),
        ):
            columns = inspected.get_multi_columns(schema=schema_name, kind=kind)
            for key, table_columns in columns.items():
                entry = connector.discover_catalog_entry(
                    engine,
                    inspected,
                    schema_name,
                    key[1],
                    is_view,
                    reflected_columns=table_columns,
                    reflected_pk=primary_keys.get(key),
                    reflected_indices=indices.get(key, []),
                )
                entries.append(entry.to_dict())
    return entries


def _make_nullable(schema: dict[str, t.Any]) -> dict[str, t.Any]:
    """Return ``schema`` with ``null`` allowed (added to ``type`` or as an ``anyOf`` member)."""
    json_type = schema.get("type")
    if isinstance(json_type, str):
        if json_type != "null":
            schema["type"] = [json_type, "null"]
    elif isinstance(json_type, list):
        if "null" not in json_type:
            schema["type"] = [*json_type, "null"]
    elif "anyOf" in schema and {"type": "null"} not in schema["anyOf"]:
        schema["anyOf"] = [*schema["anyOf"], {"type": "null"}]
    return schema
