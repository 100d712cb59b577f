"""Flattening of schemas and records, and the property that no leaf value is lost."""

from __future__ import annotations

import json
import random
import typing as t

import pytest

from singer_sdk._mapping.flattening import FlatteningOptions, compile_flattener
from singer_sdk.exceptions import ConfigValidationError
from singer_sdk.helpers._flattening import (
    flatten_key,
    flatten_record,
    flatten_schema,
    get_flattening_options,
)

SCHEMA: dict[str, t.Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "a": {
            "type": "object",
            "properties": {
                "b": {"type": ["object", "null"], "properties": {"c": {"type": "integer"}}},
                "s": {"type": "string"},
            },
        },
        "l": {"type": ["array", "null"], "items": {"type": "integer"}},
        "any": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "untyped": {},
    },
}


def test_flatten_schema_depth_one() -> None:
    assert flatten_schema(SCHEMA, max_level=1) == {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "a__b": {"type": ["string", "null"]},
            "a__s": {"type": "string"},
            "l": {"type": ["string", "null"]},
            "any": {"type": ["null", "string"]},
            "untyped": {"type": ["null", "string"]},
        },
    }


def test_flatten_schema_depth_two_and_separator() -> None:
    flat = flatten_schema(SCHEMA, separator=".", max_level=2)
    assert list(flat["properties"]) == ["id", "a.b.c", "a.s", "l", "any", "untyped"]


def test_flatten_record_matches_compiled() -> None:
    record = {"id": 1, "a": {"b": {"c": 2}, "s": "é"}, "l": [1, 2], "extra": {"x": [1]}}
    flat_schema = flatten_schema(SCHEMA, max_level=1)
    expected = {
        "id": 1,
        "a__b": '{"c":2}',
        "a__s": "é",
        "l": "[1,2]",
        "extra__x": "[1]",
    }
    assert flatten_record(record, flat_schema, max_level=1) == expected
    options = FlatteningOptions(enabled=True, max_level=1)
    assert compile_flattener(SCHEMA, options)[1](record) == expected


def test_nested_decimals_stay_json_numbers() -> None:
    """Regression (meltano-map-transform 0.12.3's ``flatten`` mapping on its people fixture):
    decimals left nested were written as quoted strings (``{"lat":"40.7"}``)."""
    import datetime as dt
    from decimal import Decimal

    record = {
        "id": 1,
        "a": {"b": {"c": Decimal("40.758896")}, "s": "x"},
        "l": [Decimal("-73.98513"), 2],
        "extra": {"at": dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)},
    }
    flat_schema = flatten_schema(SCHEMA, max_level=1)
    expected = {
        "id": 1,
        "a__b": '{"c":40.758896}',
        "a__s": "x",
        "l": "[-73.98513,2]",
        "extra__at": dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
    }
    assert flatten_record(record, flat_schema, max_level=1) == expected
    options = FlatteningOptions(enabled=True, max_level=1)
    assert compile_flattener(SCHEMA, options)[1](record) == expected
    deeper = flatten_record({"a": {"b": {"at": record["extra"]["at"]}}}, flat_schema, max_level=1)
    assert deeper == {"a__b": '{"at":"2024-01-02T03:04:05Z"}'}


def test_flatten_key_abbreviates_long_keys() -> None:
    assert flatten_key("foo", ["bar", "baz"]) == "bar__baz__foo"
    assert flatten_key(
        "someVeryLongName", ["parentObjectName", "otherThing"], max_key_length=20
    ) == ("pon__ot__svln")


def test_duplicate_columns_are_refused() -> None:
    schema = {
        "properties": {
            "a__b": {"type": "string"},
            "a": {"type": "object", "properties": {"b": {"type": "string"}}},
        }
    }
    with pytest.raises(ValueError, match="Duplicate column name produced in schema: a__b"):
        flatten_schema(schema, max_level=1)


def test_options_from_config() -> None:
    options = get_flattening_options(
        {
            "flattening_enabled": True,
            "flattening_max_depth": 3,
            "flattening_separator": ".",
            "flattening_max_key_length": 10,
        }
    )
    assert options == FlatteningOptions(enabled=True, max_level=3, separator=".", max_key_length=10)
    assert get_flattening_options({}).enabled is False
    with pytest.raises(ConfigValidationError) as excinfo:
        get_flattening_options({"flattening_enabled": True})
    assert str(excinfo.value) == (
        "Flattening is misconfigured\n  - flattening_max_depth is required when flattening is "
        "enabled"
    )
    assert excinfo.value.errors == ["flattening_max_depth is required when flattening is enabled"]


# -- property test: flattening then reading back keeps every leaf -----------------------------

KEYS = ["a", "b", "c", "dd", "e_f", "G"]


def random_value(rng: random.Random, depth: int) -> t.Any:
    kind = rng.randrange(8 if depth < 4 else 5)
    if kind == 0:
        return rng.randint(-(10**6), 10**6)
    if kind == 1:
        return rng.random()
    if kind == 2:
        return rng.choice(["", "x", "héllo", "a__b", '{"not": "json"}'])
    if kind == 3:
        return rng.choice([None, True, False])
    if kind == 4:
        return [rng.randint(0, 9) for _ in range(rng.randrange(3))]
    if kind == 5:
        return [random_object(rng, depth + 1)]
    return random_object(rng, depth + 1)


def random_object(rng: random.Random, depth: int) -> dict[str, t.Any]:
    keys = rng.sample(KEYS, rng.randint(1, 4))
    return {key: random_value(rng, depth) for key in keys}


def schema_of(value: t.Any) -> dict[str, t.Any]:
    if isinstance(value, dict):
        return {"type": "object", "properties": {k: schema_of(v) for k, v in value.items()}}
    if isinstance(value, list):
        return {"type": "array"}
    return {"type": ["string", "integer", "number", "boolean", "null"]}


def leaves(value: t.Any, path: tuple[str, ...] = ()) -> t.Iterator[tuple[tuple[str, ...], t.Any]]:
    if isinstance(value, dict) and value:
        for key, sub in value.items():
            yield from leaves(sub, (*path, key))
    else:
        yield path, value


def read_back(flat: dict[str, t.Any], path: tuple[str, ...], max_level: int, leaf: t.Any) -> t.Any:
    column = "__".join(path[: max_level + 1])
    value = flat[column]
    rest = path[max_level + 1 :]
    if rest or isinstance(leaf, dict | list):
        value = json.loads(value)
        for key in rest:
            value = value[key]
    return value


@pytest.mark.parametrize("max_level", [1, 2, 3, 10])
@pytest.mark.parametrize("with_schema", [True, False])
def test_flattening_keeps_every_leaf(max_level: int, with_schema: bool) -> None:
    rng = random.Random(max_level * 2 + with_schema)
    options = FlatteningOptions(enabled=True, max_level=max_level)
    for _ in range(200):
        record = random_object(rng, 0)
        schema = schema_of(record) if with_schema else {"type": "object", "properties": {}}
        flat_schema, flatten = compile_flattener(schema, options)
        flat = flatten(record)
        expected_columns = set()
        for path, leaf in leaves(record):
            assert read_back(flat, path, max_level, leaf) == leaf, (record, flat, path)
            expected_columns.add("__".join(path[: max_level + 1]))
        assert set(flat) == expected_columns
        if with_schema:
            assert set(flat) <= set(flat_schema["properties"])
        assert all(not isinstance(v, dict | list) for v in flat.values())
