"""Catalog and CatalogEntry: round trips and bad catalogs."""

from __future__ import annotations

import copy
import json
import typing as t

import pytest

from singer_sdk.singerlib.catalog import (
    Catalog,
    CatalogEntry,
    InvalidCatalogError,
    MetadataMapping,
    StreamMetadata,
)
from singer_sdk.singerlib.exceptions import SingerError
from singer_sdk.singerlib.schema import Schema

# A catalog as an SDK SQL tap discovers it, after a user selected some fields, plus the keys
# other tools add (Meltano's replication-method, sql-datatype, an unknown entry key).
DISCOVERED: dict[str, t.Any] = {
    "streams": [
        {
            "tap_stream_id": "public-users",
            "table_name": "users",
            "replication_method": "INCREMENTAL",
            "replication_key": "updated_at",
            "key_properties": ["id"],
            "schema": {
                "type": "object",
                "properties": {
                    "id": {"type": ["integer"], "x-sql-datatype": "int4"},
                    "email": {"type": ["string", "null"], "maxLength": 255},
                    "updated_at": {"type": ["string", "null"], "format": "date-time"},
                    "profile": {
                        "type": ["object", "null"],
                        "properties": {
                            "bio": {"type": ["string", "null"]},
                            "age": {"type": ["integer", "null"], "minimum": 0},
                        },
                        "additionalProperties": False,
                    },
                    "score": {"anyOf": [{"type": "number"}, {"type": "null"}]},
                    "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                },
                "required": ["id"],
                "$schema": "http://json-schema.org/draft-07/schema#",
            },
            "is_view": False,
            "stream": "public-users",
            "row_count": 1200,
            "metadata": [
                {"breadcrumb": ["properties", "id"], "metadata": {"inclusion": "automatic"}},
                {
                    "breadcrumb": ["properties", "email"],
                    "metadata": {
                        "inclusion": "available",
                        "selected": False,
                        "sql-datatype": "text",
                    },
                },
                {
                    "breadcrumb": ["properties", "updated_at"],
                    "metadata": {"inclusion": "automatic"},
                },
                {"breadcrumb": ["properties", "profile"], "metadata": {"inclusion": "available"}},
                {
                    "breadcrumb": ["properties", "profile", "properties", "bio"],
                    "metadata": {"inclusion": "available"},
                },
                {
                    "breadcrumb": ["properties", "profile", "properties", "age"],
                    "metadata": {"inclusion": "available"},
                },
                {"breadcrumb": ["properties", "score"], "metadata": {"inclusion": "available"}},
                {"breadcrumb": ["properties", "tags"], "metadata": {"inclusion": "available"}},
                {
                    "breadcrumb": [],
                    "metadata": {
                        "inclusion": "available",
                        "selected": True,
                        "selected-by-default": True,
                        "table-key-properties": ["id"],
                        "replication-key": "updated_at",
                        "forced-replication-method": "INCREMENTAL",
                        "valid-replication-keys": ["updated_at"],
                        "schema-name": "public",
                        "replication-method": "INCREMENTAL",
                    },
                },
            ],
            "x-custom": {"owner": "data-team"},
        },
        {
            "tap_stream_id": "orders",
            "database_name": "shop",
            "stream_alias": "orders_v2",
            "schema": {"type": "object", "properties": {"id": {"type": "string"}}},
            "stream": "orders",
            "metadata": [{"breadcrumb": [], "metadata": {"selected": False}}],
        },
    ]
}


def test_round_trip_equals_input() -> None:
    original = copy.deepcopy(DISCOVERED)
    catalog = Catalog.from_dict(DISCOVERED)
    assert catalog.to_dict() == original
    assert original == DISCOVERED  # input not modified
    # And through JSON text, as a tap would write it with --discover.
    assert json.loads(json.dumps(catalog.to_dict())) == original


def test_catalog_is_a_mapping_by_tap_stream_id() -> None:
    catalog = Catalog.from_dict(DISCOVERED)
    assert list(catalog) == ["public-users", "orders"]
    entry = catalog["public-users"]
    assert catalog.get_stream("public-users") is entry
    assert catalog.get_stream("missing") is None
    assert catalog.streams == [entry, catalog["orders"]]
    assert entry.table == "users"
    assert entry.database is None
    assert catalog["orders"].database == "shop"
    assert entry.metadata.root.schema_name == "public"
    assert entry.metadata.root.extras == {"replication-method": "INCREMENTAL"}
    assert entry.extras == {"x-custom": {"owner": "data-team"}}
    assert isinstance(entry.schema, Schema)
    assert entry.schema.properties is not None
    assert entry.schema.properties["id"].x_sql_datatype == "int4"


def test_add_stream_and_from_entries() -> None:
    first = CatalogEntry(
        tap_stream_id="a", metadata=MetadataMapping(), schema=Schema(type="object")
    )
    second = CatalogEntry(tap_stream_id="b", metadata=MetadataMapping(), schema=Schema())
    catalog = Catalog.from_entries([first, second])
    assert list(catalog.items()) == [("a", first), ("b", second)]
    replacement = CatalogEntry(tap_stream_id="a", metadata=MetadataMapping(), schema=Schema())
    catalog.add_stream(replacement)
    assert catalog["a"] is replacement
    assert Catalog([("a", first)]) == {"a": first}


def test_entry_to_dict_field_names_and_omissions() -> None:
    metadata = MetadataMapping()
    metadata[()] = StreamMetadata(selected=True)
    entry = CatalogEntry(
        tap_stream_id="t",
        metadata=metadata,
        schema=Schema(type="object"),
        stream="s",
        key_properties=("id",),
        database="db",
        table="tbl",
        is_view=False,
        row_count=0,
    )
    assert entry.to_dict() == {
        "tap_stream_id": "t",
        "database_name": "db",
        "table_name": "tbl",
        "key_properties": ["id"],
        "schema": {"type": "object"},
        "is_view": False,
        "stream": "s",
        "row_count": 0,
        "metadata": [{"breadcrumb": [], "metadata": {"selected": True}}],
    }
    entry.database = ""
    assert "database_name" not in entry.to_dict()


def test_entry_defaults_for_missing_parts() -> None:
    catalog = Catalog.from_dict({"streams": [{"tap_stream_id": "x", "metadata": None}]})
    assert catalog["x"].to_dict() == {"tap_stream_id": "x", "schema": {}, "metadata": []}
    assert catalog["x"].metadata.resolve_selection()[()] is True


def test_entry_key_properties_string_becomes_list() -> None:
    entry = CatalogEntry.from_dict({"tap_stream_id": "x", "key_properties": "id"})
    assert entry.key_properties == ["id"]


def test_empty_catalogs() -> None:
    assert Catalog.from_dict({}) == {}
    assert Catalog.from_dict({"streams": []}).to_dict() == {"streams": []}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], 'a catalog must be a JSON object like {"streams": [...]}, got list: []'),
        ("x", "a catalog must be a JSON object like {\"streams\": [...]}, got str: 'x'"),
        (
            {"metadata": []},
            "a catalog must have a 'streams' list, it has no 'streams' key (top-level keys: "
            "'metadata')",
        ),
        (
            {"streams": {"a": {}}},
            "a catalog must have a 'streams' list, got {'a': {}} (top-level keys: 'streams')",
        ),
        ({"streams": [5]}, "streams[0]: a catalog entry must be an object, got int: 5"),
        (
            {"streams": [{"tap_stream_id": "a"}, {"stream": "b", "schema": {}}]},
            "streams[1]: 'tap_stream_id' must be a non-empty string, it is missing (stream 'b')",
        ),
        (
            {"streams": [{"tap_stream_id": ""}]},
            "streams[0]: 'tap_stream_id' must be a non-empty string, got ''",
        ),
        (
            {"streams": [{"tap_stream_id": 7}]},
            "streams[0]: 'tap_stream_id' must be a non-empty string, got 7",
        ),
        (
            {"streams": [{"tap_stream_id": "a", "schema": []}]},
            "streams[0]: stream 'a': 'schema' must be an object, got list: []",
        ),
        (
            {"streams": [{"tap_stream_id": "a", "metadata": {"breadcrumb": []}}]},
            "streams[0]: stream 'a': 'metadata' must be a list of "
            "{'breadcrumb': [...], 'metadata': {...}} objects, got dict: {'breadcrumb': []}",
        ),
        (
            {"streams": [{"tap_stream_id": "a", "metadata": [{"breadcrumb": None}]}]},
            "streams[0]: stream 'a': metadata[0]: 'breadcrumb' must be a list of strings, got None",
        ),
        (
            {
                "streams": [
                    {
                        "tap_stream_id": "a",
                        "metadata": [{"breadcrumb": [], "metadata": {"inclusion": "maybe"}}],
                    }
                ]
            },
            "streams[0]: stream 'a': metadata for breadcrumb []: 'inclusion' must be one of "
            "'available', 'automatic', 'unsupported', got 'maybe'",
        ),
        (
            {"streams": [{"tap_stream_id": "a", "key_properties": 3}]},
            "streams[0]: stream 'a': 'key_properties' must be a list of strings, got 3",
        ),
        (
            {"streams": [{"tap_stream_id": "a"}, {"tap_stream_id": "b"}, {"tap_stream_id": "a"}]},
            "streams[2]: tap_stream_id 'a' is already used by streams[0]; ids must be unique",
        ),
    ],
)
def test_bad_catalogs(document: t.Any, message: str) -> None:
    with pytest.raises(InvalidCatalogError) as info:
        Catalog.from_dict(document)
    assert str(info.value) == message
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, SingerError)
