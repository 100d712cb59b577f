"""Schema object model and $ref resolution."""

from __future__ import annotations

import copy
import subprocess
import sys
import typing as t
from pathlib import Path

import pytest

from singer_sdk.singerlib.schema import (
    Schema,
    UnresolvableReferenceError,
    resolve_schema_references,
)

PERSON: dict[str, t.Any] = {
    "$id": "https://example.com/person.schema.json",
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Person",
    "type": "object",
    "properties": {
        "firstName": {"type": "string", "description": "First name.", "minLength": 1},
        "age": {"type": "integer", "minimum": 0, "x-sql-datatype": "smallint"},
        "legacy": {"type": "string", "deprecated": True},
        "price": {"oneOf": [{"type": "number", "deprecated": True}, {"type": "null"}]},
        "amount": {
            "type": "string",
            "format": "decimal",
            "x-sql-datatype-properties": {"precision": 10},
        },
        "attrs": {"type": "object", "patternProperties": {"^x_": {"type": "string"}}},
        "tags": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}, "minItems": 1},
        "pair": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}]},
        "anything": True,
        "kind": {"const": "person", "default": None},
        "nested": {"allOf": [{"type": "object"}], "anyOf": [{"required": ["a"]}]},
        "bytes": {"type": "string", "contentEncoding": "base64", "contentMediaType": "image/png"},
        "ratio": {
            "type": "number",
            "exclusiveMinimum": 0,
            "exclusiveMaximum": 1,
            "multipleOf": 0.01,
            "maximum": 1,
        },
        "code": {"type": "string", "pattern": "^[A-Z]+$", "maxLength": 5},
    },
    "required": ["firstName"],
    "additionalProperties": False,
    "$defs": {"unused": {"type": "string"}},
    "x-vendor": {"a": 1},
}


def test_round_trip_keeps_every_keyword() -> None:
    original = copy.deepcopy(PERSON)
    schema = Schema.from_dict(PERSON)
    assert schema.to_dict() == original
    assert original == PERSON


def test_named_attributes() -> None:
    schema = Schema.from_dict(PERSON)
    assert schema.id == "https://example.com/person.schema.json"
    assert schema.schema == "https://json-schema.org/draft/2020-12/schema"
    assert schema.title == "Person"
    assert schema.additionalProperties is False
    assert schema.extras == {"$defs": {"unused": {"type": "string"}}, "x-vendor": {"a": 1}}
    assert schema.properties is not None
    age = schema.properties["age"]
    assert isinstance(age, Schema)
    assert (age.minimum, age.x_sql_datatype) == (0, "smallint")
    assert schema.properties["legacy"].deprecated is True
    assert schema.properties["price"].oneOf[0]["deprecated"] is True
    assert schema.properties["amount"].x_sql_datatype_properties == {"precision": 10}
    assert schema.properties["tags"].items == Schema(type="string", enum=["a", "b"])
    assert schema.properties["pair"].items == [{"type": "string"}, {"type": "integer"}]
    assert schema.properties["anything"] is True
    kind = schema.properties["kind"]
    assert kind.default is None
    assert kind.extras == {"const": "person", "default": None}


def test_reference_field_order_for_positional_construction() -> None:
    assert Schema("i", "s", "string") == Schema(id="i", schema="s", type="string")
    assert Schema(type="string").to_dict() == {"type": "string"}


def test_to_dict_of_attribute_wins_over_extras() -> None:
    schema = Schema.from_dict({"default": None})
    schema.default = 5
    assert schema.to_dict() == {"default": 5}


def test_schema_defaults_apply_to_nested_schemas() -> None:
    schema = Schema.from_dict(
        {"properties": {"a": {"type": "string"}, "b": {"type": "integer", "description": "B"}}},
        description="default",
    )
    assert schema.description == "default"
    assert schema.properties is not None
    assert schema.properties["a"].description == "default"
    assert schema.properties["b"].description == "B"


def test_from_dict_rejects_non_objects() -> None:
    with pytest.raises(TypeError, match=r"^a JSON Schema must be an object, got list: \[\]$"):
        Schema.from_dict([])  # type: ignore[arg-type]


# --- $ref resolution ---------------------------------------------------------------------------


def test_resolves_local_definitions_and_defs() -> None:
    schema = {
        "type": "object",
        "definitions": {"name": {"type": "string", "description": "from definitions"}},
        "$defs": {"count": {"type": "integer"}},
        "properties": {
            "a": {"$ref": "#/definitions/name"},
            "b": {"$ref": "#/$defs/count"},
            "c": {"type": "array", "items": {"$ref": "#/$defs/count"}},
            "d": {"anyOf": [{"$ref": "#/definitions/name"}, {"type": "null"}]},
            "e": {"type": "object", "additionalProperties": {"$ref": "#/$defs/count"}},
        },
    }
    result = resolve_schema_references(schema)
    assert result is schema
    assert result["properties"] == {
        "a": {"type": "string", "description": "from definitions"},
        "b": {"type": "integer"},
        "c": {"type": "array", "items": {"type": "integer"}},
        "d": {"anyOf": [{"type": "string", "description": "from definitions"}, {"type": "null"}]},
        "e": {"type": "object", "additionalProperties": {"type": "integer"}},
    }
    # Definitions are left in place and unchanged.
    assert result["definitions"] == {"name": {"type": "string", "description": "from definitions"}}


def test_keywords_next_to_ref_win() -> None:
    schema = {
        "definitions": {"name": {"type": "string", "description": "generic"}},
        "properties": {"a": {"$ref": "#/definitions/name", "description": "specific"}},
    }
    assert resolve_schema_references(schema)["properties"]["a"] == {
        "type": "string",
        "description": "specific",
    }


def test_resolved_copies_are_independent() -> None:
    schema: dict[str, t.Any] = {
        "definitions": {"obj": {"type": "object", "properties": {"x": {"type": "string"}}}},
        "properties": {"a": {"$ref": "#/definitions/obj"}, "b": {"$ref": "#/definitions/obj"}},
    }
    result = resolve_schema_references(schema)
    result["properties"]["a"]["properties"]["x"]["type"] = "integer"
    assert result["properties"]["b"]["properties"]["x"] == {"type": "string"}
    assert schema["definitions"]["obj"]["properties"]["x"] == {"type": "string"}


def test_resolves_refs_to_other_documents() -> None:
    other = {
        "type": "object",
        "definitions": {
            "inner": {"type": "number"},
            "uses_inner": {"type": "object", "properties": {"n": {"$ref": "#/definitions/inner"}}},
        },
    }
    schema = {
        "properties": {
            "whole": {"$ref": "other.json"},
            "part": {"$ref": "other.json#/definitions/uses_inner"},
        }
    }
    result = resolve_schema_references(schema, {"other.json": other})
    assert result["properties"]["whole"] == other
    # The "#/..." inside other.json resolves against other.json, not the root schema.
    assert result["properties"]["part"] == {
        "type": "object",
        "properties": {"n": {"type": "number"}},
    }


def test_ref_chains() -> None:
    schema = {
        "definitions": {"alias": {"$ref": "#/definitions/real"}, "real": {"type": "boolean"}},
        "properties": {"a": {"$ref": "#/definitions/alias"}},
    }
    assert resolve_schema_references(schema)["properties"]["a"] == {"type": "boolean"}


def test_recursive_ref_is_expanded_once() -> None:
    schema = {
        "type": "object",
        "properties": {"root": {"$ref": "#/definitions/node"}},
        "definitions": {
            "node": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "child": {"$ref": "#/definitions/node"}},
            }
        },
    }
    assert resolve_schema_references(schema)["properties"]["root"] == {
        "type": "object",
        "properties": {"name": {"type": "string"}, "child": {}},
    }


def test_root_with_id_resolves_absolute_refs() -> None:
    schema = {
        "$id": "https://example.com/s.json",
        "definitions": {"x": {"type": "string"}},
        "properties": {"a": {"$ref": "https://example.com/s.json#/definitions/x"}},
    }
    assert resolve_schema_references(schema)["properties"]["a"] == {"type": "string"}


def test_boolean_subschemas_are_tolerated() -> None:
    schema = {"properties": {"a": True, "b": {"items": False}}, "additionalProperties": True}
    assert resolve_schema_references(copy.deepcopy(schema)) == schema


@pytest.mark.parametrize(
    ("schema", "refs", "ref", "location"),
    [
        (
            {"properties": {"a": {"$ref": "#/definitions/nope"}}},
            None,
            "#/definitions/nope",
            "properties/a",
        ),
        (
            {"properties": {"a": {"type": "array", "items": {"$ref": "missing.json"}}}},
            None,
            "missing.json",
            "properties/a/items",
        ),
        (
            {"anyOf": [{"type": "null"}, {"$ref": "o.json#/x"}]},
            {"o.json": {}},
            "o.json#/x",
            "anyOf/1",
        ),
        ({"$ref": "#/nowhere"}, None, "#/nowhere", ""),
    ],
)
def test_unresolvable_ref_error(
    schema: dict[str, t.Any], refs: dict[str, t.Any] | None, ref: str, location: str
) -> None:
    before = copy.deepcopy(schema)
    with pytest.raises(UnresolvableReferenceError) as info:
        resolve_schema_references(schema, refs)
    error = info.value
    assert isinstance(error, ValueError)
    assert (error.ref, error.location) == (ref, location)
    where = f"at '{location}'" if location else "at the schema root"
    assert str(error).startswith(f"Cannot resolve $ref {ref!r} {where}: ")
    assert schema == before  # the failing $ref is left in place


def test_referencing_is_not_imported_with_the_module() -> None:
    code = (
        "import sys, singer_sdk.singerlib.schema, singer_sdk.singerlib.catalog;"
        "print('referencing' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert result.stdout.strip() == "False"
