"""Compiled record validation and date-time parsing for sinks."""

from __future__ import annotations

import datetime as dt
import logging
import pickle
import random
import typing as t
from decimal import Decimal

import jsonschema  # type: ignore[import-untyped]
import pytest
from jsonschema import validators

from singer_sdk._messages import codec
from singer_sdk._sinks.validation import (
    RecordValidationError,
    _compile_fast_check,
    compile_datetime_parser,
    compile_validator,
)
from singer_sdk.exceptions import InvalidJSONSchema
from singer_sdk.helpers.conform import DatetimeErrorTreatmentEnum

# The benchmark's stream schema (shared/bench/synth_data.py), as a tap sends it.
SCHEMA: dict[str, t.Any] = {
    "type": "object",
    "properties": {
        "id": {"type": ["integer"]},
        "name": {"type": ["string", "null"]},
        "amount": {"type": ["number", "null"]},
        "quantity": {"type": ["integer", "null"]},
        "is_active": {"type": ["boolean", "null"]},
        "created_at": {"type": ["string", "null"], "format": "date-time"},
        "address": {
            "type": ["object", "null"],
            "properties": {
                "city": {"type": ["string", "null"]},
                "geo": {
                    "type": ["object", "null"],
                    "properties": {"lat": {"type": ["number", "null"]}},
                },
            },
        },
        "tags": {"type": ["array", "null"], "items": {"type": ["string"]}},
    },
    "required": ["id"],
}


def as_target_sees_it(record: dict[str, t.Any]) -> t.Any:
    return codec.decode(codec.encode(record))


def good_record() -> t.Any:
    return as_target_sees_it(
        {
            "id": 1,
            "name": "Ada",
            "amount": 12.5,
            "quantity": 3,
            "is_active": True,
            "created_at": "2024-01-01T00:00:00+00:00",
            "address": {"city": "Oslo", "geo": {"lat": -89.5}},
            "tags": ["alpha", "beta"],
        }
    )


def error_of(schema: dict[str, t.Any], record: t.Any, **kwargs: t.Any) -> tuple[str, str]:
    with pytest.raises(RecordValidationError) as info:
        compile_validator(schema, **kwargs)(record)
    return info.value.path, info.value.reason


# -- the error type ------------------------------------------------------------------------------


def test_error_carries_path_and_reason() -> None:
    error = RecordValidationError("address.geo.lat", "expected number or null, got 'x'")
    assert isinstance(error, ValueError)
    assert (error.path, error.reason) == ("address.geo.lat", "expected number or null, got 'x'")
    assert str(error) == "address.geo.lat: expected number or null, got 'x'"
    assert str(RecordValidationError("", "expected object, got 3")) == "expected object, got 3"
    copied = pickle.loads(pickle.dumps(error))
    assert (copied.path, copied.reason, str(copied)) == (error.path, error.reason, str(error))


# -- the benchmark shape -------------------------------------------------------------------------


def test_valid_record_passes_and_is_not_changed() -> None:
    record = good_record()
    before = as_target_sees_it(record)
    assert compile_validator(SCHEMA)(record) is None
    assert record == before


@pytest.mark.parametrize(
    ("change", "path", "reason"),
    [
        ({"id": "abc"}, "id", "expected integer, got 'abc'"),
        ({"id": True}, "id", "expected integer, got True"),
        ({"id": Decimal("1.5")}, "id", "expected integer, got 1.5"),
        ({"quantity": "3"}, "quantity", "expected integer or null, got '3'"),
        ({"amount": False}, "amount", "expected number or null, got False"),
        ({"is_active": 1}, "is_active", "expected boolean or null, got 1"),
        ({"name": 5}, "name", "expected string or null, got 5"),
        ({"address": []}, "address", "expected object or null, got []"),
        ({"address": {"geo": {"lat": "x"}}}, "address.geo.lat", "expected number or null, got 'x'"),
        ({"tags": ["a", 5]}, "tags[1]", "expected string, got 5"),
        ({"tags": ["a", None]}, "tags[1]", "expected string, got None"),
        ({"tags": "a"}, "tags", "expected array or null, got 'a'"),
    ],
)
def test_first_violation_names_field_and_reason(
    change: dict[str, t.Any], path: str, reason: str
) -> None:
    record = {**good_record(), **change}
    assert error_of(SCHEMA, record) == (path, reason)


def test_missing_required_field_is_named() -> None:
    record = good_record()
    del record["id"]
    assert error_of(SCHEMA, record) == ("id", "required field is missing")


def test_record_that_is_not_an_object() -> None:
    assert error_of(SCHEMA, [1]) == ("", "expected object, got [1]")


def test_numbers_as_a_target_sees_them() -> None:
    validate = compile_validator({"type": "object", "properties": {"n": {"type": "integer"}}})
    for ok in (3, Decimal("3.0"), 3.0, Decimal("1E+3"), 10**30):
        validate({"n": ok})
    for bad in (Decimal("3.1"), 3.5, Decimal("Infinity"), Decimal("NaN"), False):
        with pytest.raises(RecordValidationError):
            validate({"n": bad})
    number = compile_validator({"properties": {"n": {"type": "number"}}})
    for ok in (3, Decimal("3.25"), 3.25):
        number({"n": ok})
    with pytest.raises(RecordValidationError, match=r"^n: expected number, got True$"):
        number({"n": True})


def test_subclasses_of_json_types_count_as_those_types() -> None:
    class Text(str):
        pass

    class Mapping(dict):  # type: ignore[type-arg]
        pass

    validate = compile_validator(
        {"type": "object", "properties": {"s": {"type": "string", "minLength": 2}}}
    )
    validate(Mapping(s=Text("ab")))
    assert error_of({"properties": {"s": {"type": "string"}}}, {"s": dt.date(2024, 1, 1)}) == (
        "s",
        "expected string, got datetime.date(2024, 1, 1)",
    )


def test_long_values_are_shortened_in_the_reason() -> None:
    path, reason = error_of({"properties": {"s": {"type": "integer"}}}, {"s": "x" * 500})
    assert path == "s"
    assert reason == "expected integer, got '" + "x" * 76 + "..."


# -- keyword by keyword --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "value", "reason"),
    [
        ({"minimum": 3}, 2, "expected a number >= 3, got 2"),
        ({"maximum": 3}, Decimal("3.5"), "expected a number <= 3, got 3.5"),
        ({"exclusiveMinimum": 3}, 3, "expected a number > 3, got 3"),
        ({"exclusiveMaximum": Decimal("2.5")}, 2.5, "expected a number < 2.5, got 2.5"),
        ({"minimum": 0}, Decimal("NaN"), "expected a number >= 0, got NaN"),
        ({"multipleOf": 3}, 7, "expected a multiple of 3, got 7"),
        ({"multipleOf": 0.1}, Decimal("0.35"), "expected a multiple of 0.1, got 0.35"),
        ({"minLength": 2}, "a", "expected at least 2 characters, got 'a'"),
        ({"maxLength": 2}, "abc", "expected at most 2 characters, got 'abc'"),
        ({"pattern": "^[0-9]+$"}, "12a", "expected a string matching '^[0-9]+$', got '12a'"),
        ({"minItems": 2}, [1], "expected at least 2 items, got 1"),
        ({"maxItems": 1}, [1, 2], "expected at most 1 items, got 2"),
        ({"items": False}, [1], "no value is allowed here, got 1"),
        ({"enum": ["a", 1, None]}, True, "expected one of ['a', 1, None], got True"),
        ({"enum": ["a", "b"]}, "c", "expected one of ['a', 'b'], got 'c'"),
        ({"const": 1}, True, "expected 1, got True"),
        ({"const": {"a": [1]}}, {"a": [2]}, "expected {'a': [1]}, got {'a': [2]}"),
        (
            {"anyOf": [{"type": "string"}, {"minimum": 5}]},
            4,
            "expected a value matching one of the anyOf schemas, got 4",
        ),
        (
            {"oneOf": [{"type": "integer"}, {"minimum": 5}]},
            6,
            "expected exactly one oneOf schema to match 6, got more",
        ),
        (
            {"oneOf": [{"type": "string"}, {"type": "null"}]},
            6,
            "expected a value matching one of the oneOf schemas, got 6",
        ),
        ({"allOf": [{"type": "integer"}, {"minimum": 5}]}, 4, "expected a number >= 5, got 4"),
        ({"not": {"type": "integer"}}, 4, "expected a value the 'not' schema rejects, got 4"),
    ],
)
def test_keyword_reasons(schema: dict[str, t.Any], value: t.Any, reason: str) -> None:
    path = "v[0]" if schema == {"items": False} else "v"
    assert error_of({"properties": {"v": schema}}, {"v": value}) == (path, reason)


def test_keywords_apply_only_to_their_kind_of_value() -> None:
    validate = compile_validator(
        {"properties": {"v": {"minimum": 5, "minLength": 3, "minItems": 2, "required": ["x"]}}}
    )
    for value in (7, "abcd", [1, 2], {"x": 1}, None, True):
        validate({"v": value})


def test_additional_properties_false_names_the_extra_field() -> None:
    schema = {"properties": {"a": {"type": "integer"}}, "additionalProperties": False}
    compile_validator(schema)({"a": 1})
    assert error_of(schema, {"a": 1, "b": 2}) == (
        "b",
        "unexpected field (additionalProperties is false)",
    )


def test_additional_and_pattern_properties() -> None:
    schema = {
        "properties": {"a": {"type": "integer"}},
        "patternProperties": {"^x_": {"type": "string"}},
        "additionalProperties": {"type": "boolean"},
    }
    compile_validator(schema)({"a": 1, "x_1": "s", "other": True})
    assert error_of(schema, {"x_1": 3}) == ("x_1", "expected string, got 3")
    assert error_of(schema, {"other": 3}) == ("other", "expected boolean, got 3")
    both = {"properties": {"x_a": {"minLength": 2}}, "patternProperties": {"^x_": {"maxLength": 2}}}
    compile_validator(both)({"x_a": "ab"})
    assert error_of(both, {"x_a": "abc"}) == ("x_a", "expected at most 2 characters, got 'abc'")


def test_unknown_keywords_and_annotations_are_ignored() -> None:
    schema = {
        "properties": {"v": {"type": "string", "x-sql-datatype": "text", "title": "V"}},
        "inclusion": "available",
        "selected": True,
    }
    compile_validator(schema)({"v": "s"})


def test_boolean_subschemas() -> None:
    schema = {"properties": {"yes": True, "no": False}}
    compile_validator(schema)({"yes": object()})
    assert error_of(schema, {"no": 1}) == ("no", "no value is allowed here, got 1")


# -- formats -------------------------------------------------------------------------------------


def test_formats_are_not_checked_by_default() -> None:
    schema = {"properties": {"d": {"type": "string", "format": "date"}}}
    compile_validator(schema)({"d": "not a date"})


def test_formats_checked_when_asked() -> None:
    schema = {"properties": {"d": {"type": "string", "format": "date"}}}
    compile_validator(schema, validate_formats=True)({"d": "2024-02-29"})
    assert error_of(schema, {"d": "2024-02-30"}, validate_formats=True) == (
        "d",
        "expected a date string, got '2024-02-30'",
    )
    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date")(lambda value: value == "ok")
    assert error_of(schema, {"d": "2024-02-29"}, format_checker=checker) == (
        "d",
        "expected a date string, got '2024-02-29'",
    )


# -- what is handed to jsonschema ----------------------------------------------------------------


def test_refs_are_resolved_by_jsonschema_with_the_record_path() -> None:
    schema = {
        "$defs": {"geo": {"type": "object", "properties": {"lat": {"type": "number"}}}},
        "properties": {"places": {"type": "array", "items": {"$ref": "#/$defs/geo"}}},
    }
    compile_validator(schema)({"places": [{"lat": Decimal("1.5")}, {"lat": 2}]})
    assert error_of(schema, {"places": [{"lat": 1}, {"lat": "x"}]}) == (
        "places[1].lat",
        "'x' is not of type 'number'",
    )
    # The integer rule is the same on both paths.
    integer_ref = {"$defs": {"i": {"type": "integer"}}, "properties": {"n": {"$ref": "#/$defs/i"}}}
    compile_validator(integer_ref)({"n": Decimal("2.0")})


@pytest.mark.parametrize(
    ("schema", "value", "path", "reason"),
    [
        ({"uniqueItems": True}, [1, 1], "v", "[1, 1] has non-unique elements"),
        ({"dependentRequired": {"a": ["b"]}}, {"a": 1}, "v", "'b' is a dependency of 'a'"),
        (
            {"if": {"minimum": 5}, "then": {"multipleOf": 2}},
            {"x": 7},
            "v.x",
            "7 is not a multiple of 2",
        ),
    ],
)
def test_delegated_keywords(schema: dict[str, t.Any], value: t.Any, path: str, reason: str) -> None:
    if "if" in schema:
        schema = {"properties": {"x": schema}}
    assert error_of({"properties": {"v": schema}}, {"v": value}) == (path, reason)


# -- schemas that cannot be compiled -------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"type": "strin"}, "Schema at '#' has an unknown type: 'strin'"),
        (
            {"properties": {"a": {"type": ["string", 5]}}},
            "Schema at '/properties/a' has an unknown type: ['string', 5]",
        ),
        (
            {"properties": {"a": 3}},
            "Schema at '/properties/a' must be an object or a boolean, got 3",
        ),
        ({"properties": []}, "Schema at '#': 'properties' must be an object"),
        ({"required": "a"}, "Schema at '#': 'required' must be a list of strings"),
        ({"minimum": "1"}, "Schema at '#': 'minimum' must be a number, got '1'"),
        (
            {"exclusiveMinimum": True},
            "Schema at '#': 'exclusiveMinimum' must be a number, got True",
        ),
        ({"multipleOf": 0}, "Schema at '#': 'multipleOf' must be > 0, got 0"),
        ({"enum": "a"}, "Schema at '#': 'enum' must be a list, got 'a'"),
        ({"anyOf": {}}, "Schema at '#': 'anyOf' must be a list of schemas"),
        (
            {"pattern": "("},
            "Schema at '#' has an invalid pattern '(': missing ), "
            "unterminated subpattern at position 0",
        ),
    ],
)
def test_uncompilable_schemas(schema: dict[str, t.Any], message: str) -> None:
    with pytest.raises(InvalidJSONSchema) as info:
        compile_validator(schema)
    assert str(info.value) == message


# -- property test: the same verdicts as jsonschema ----------------------------------------------

_KEYS = ["a", "b", "x_1", "y"]
_STRINGS = ["", "a", "ab", "abc", "b", "12", "x_9", "2024-01-01", "2024-13-01"]
_NUMBERS: list[t.Any] = [0, 1, 2, 3, -4, 10, Decimal("2.5"), Decimal("4.0"), Decimal("-1.5")]
_NUMBERS += [Decimal("0.3"), 2.0, 0.5]
_TYPES = ["string", "integer", "number", "boolean", "null", "object", "array"]
_DELEGATED: list[dict[str, t.Any]] = [
    {"uniqueItems": True},
    {"minProperties": 1},
    {"dependentRequired": {"a": ["b"]}},
    {"if": {"type": "integer"}, "then": {"minimum": 2}, "else": {"type": "string"}},
    {"prefixItems": [{"type": "string"}]},
    {"propertyNames": {"maxLength": 1}},
]


def random_schema(rng: random.Random, depth: int) -> t.Any:
    if rng.random() < 0.05:
        return rng.random() < 0.7
    schema: dict[str, t.Any] = {}
    roll = rng.random()
    if roll < 0.45:
        schema["type"] = rng.choice(_TYPES)
    elif roll < 0.85:
        schema["type"] = rng.sample(_TYPES, rng.randint(1, 3))
    types = schema.get("type", _TYPES)
    types = [types] if isinstance(types, str) else types

    def maybe(p: float) -> bool:
        return rng.random() < p

    if {"integer", "number"} & set(types) or maybe(0.1):
        for keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if maybe(0.2):
                schema[keyword] = rng.choice([0, 2, 3, Decimal("2.5"), 2.5])
        if maybe(0.15):
            schema["multipleOf"] = rng.choice([2, 3, Decimal("0.5"), Decimal("0.1")])
    if "string" in types or maybe(0.1):
        if maybe(0.3):
            schema["minLength"] = rng.randint(0, 3)
        if maybe(0.3):
            schema["maxLength"] = rng.randint(0, 3)
        if maybe(0.3):
            schema["pattern"] = rng.choice(["^a", "b$", "[0-9]", "^$", "^x_"])
        if maybe(0.2):
            schema["format"] = rng.choice(["date", "date-time", "email"])
    if depth > 0 and ("object" in types or maybe(0.1)):
        if maybe(0.8):
            names = rng.sample(_KEYS, rng.randint(0, 3))
            schema["properties"] = {n: random_schema(rng, depth - 1) for n in names}
        if maybe(0.4):
            schema["required"] = rng.sample(_KEYS, rng.randint(0, 2))
        if maybe(0.2):
            schema["patternProperties"] = {"^x_": random_schema(rng, depth - 1)}
        if maybe(0.3):
            schema["additionalProperties"] = False if maybe(0.5) else random_schema(rng, depth - 1)
    if depth > 0 and ("array" in types or maybe(0.1)):
        if maybe(0.8):
            schema["items"] = random_schema(rng, depth - 1)
        if maybe(0.3):
            schema["minItems"] = rng.randint(0, 2)
        if maybe(0.3):
            schema["maxItems"] = rng.randint(0, 3)
    if maybe(0.1):
        schema["enum"] = [random_value(rng, 0) for _ in range(rng.randint(1, 4))]
    if maybe(0.05):
        schema["const"] = random_value(rng, 1)
    if depth > 0:
        for keyword in ("anyOf", "oneOf", "allOf"):
            if maybe(0.1):
                schema[keyword] = [random_schema(rng, depth - 1) for _ in range(rng.randint(1, 3))]
        if maybe(0.05):
            schema["not"] = random_schema(rng, depth - 1)
        if maybe(0.05):
            schema.update(rng.choice(_DELEGATED))
    if maybe(0.05):
        schema["x-unknown"] = {"type": "string"}
    return schema


def random_value(rng: random.Random, depth: int) -> t.Any:
    roll = rng.random()
    if roll < 0.1:
        return None
    if roll < 0.2:
        return rng.random() < 0.5
    if roll < 0.45:
        return rng.choice(_NUMBERS)
    if roll < 0.7 or depth <= 0:
        return rng.choice(_STRINGS)
    if roll < 0.85:
        return [random_value(rng, depth - 1) for _ in range(rng.randint(0, 3))]
    return {k: random_value(rng, depth - 1) for k in rng.sample(_KEYS, rng.randint(0, 3))}


def value_for(rng: random.Random, schema: t.Any, depth: int) -> t.Any:
    """A value shaped after the schema (so that many cases are valid), with random noise."""
    if not isinstance(schema, dict) or rng.random() < 0.1:
        return random_value(rng, depth)
    for keyword in ("anyOf", "oneOf", "allOf"):
        if keyword in schema and rng.random() < 0.5:
            return value_for(rng, rng.choice(schema[keyword]), depth)
    declared = schema.get("type", rng.choice(_TYPES))
    kind = rng.choice(declared) if isinstance(declared, list) else declared
    if kind == "object" and depth > 0:
        names = {*schema.get("properties", {}), *schema.get("required", [])}
        names |= set(rng.sample(_KEYS, rng.randint(0, 1)))
        props = schema.get("properties", {})
        return {n: value_for(rng, props.get(n, True), depth - 1) for n in names}
    if kind == "array" and depth > 0:
        return [
            value_for(rng, schema.get("items", True), depth - 1) for _ in range(rng.randint(0, 3))
        ]
    if kind in ("integer", "number"):
        return rng.choice(_NUMBERS)
    if kind == "string":
        return rng.choice(_STRINGS)
    if kind == "boolean":
        return rng.random() < 0.5
    return random_value(rng, depth) if kind in ("object", "array") else None


def _integral(value: t.Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value()


# jsonschema's draft 2020-12 validator, with JSON Schema's own rule that 4.0 is an integer also
# applied to Decimal (jsonschema applies it to float only).
Oracle = validators.extend(
    jsonschema.Draft202012Validator,
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: _integral(value)
    ),
)


@pytest.mark.parametrize("validate_formats", [False, True])
def test_same_verdicts_as_jsonschema(validate_formats: bool) -> None:
    rng = random.Random(20240601 + validate_formats)
    formats = (
        jsonschema.Draft202012Validator.FORMAT_CHECKER
        if validate_formats
        else jsonschema.FormatChecker(formats=())
    )
    compared = accepted = 0
    for case in range(3000):
        schema = random_schema(rng, 3)
        if isinstance(schema, dict) and rng.random() < 0.05:
            schema["$defs"] = {"d": random_schema(rng, 2)}
            schema["properties"] = {**schema.get("properties", {}), "a": {"$ref": "#/$defs/d"}}
        oracle = Oracle(schema, format_checker=formats)
        ours = compile_validator(schema, validate_formats=validate_formats)
        for _ in range(4):
            value = value_for(rng, schema, 3)
            try:
                expected = oracle.is_valid(value)
            except TypeError:  # jsonschema cannot divide a Decimal by a float (multipleOf)
                continue
            try:
                ours(value)
            except RecordValidationError as error:
                got, detail = False, str(error)
            else:
                got, detail = True, ""
            assert got == expected, (case, schema, value, detail)
            compared += 1
            accepted += got
    assert compared > 10_000
    assert 0.2 < accepted / compared < 0.8


# -- date-time parsing ---------------------------------------------------------------------------

ERROR = DatetimeErrorTreatmentEnum.ERROR
DT_SCHEMA: dict[str, t.Any] = {
    "properties": {
        "at": {"type": ["string", "null"], "format": "date-time"},
        "on": {"type": "string", "format": "date"},
        "time": {"type": ["null", "string"], "format": "time"},
        "either": {"anyOf": [{"type": "integer"}, {"type": "string", "format": "date-time"}]},
        "nested": {
            "type": "object",
            "properties": {"at": {"type": "string", "format": "date-time"}},
        },
        "not_a_string": {"type": "integer", "format": "date-time"},
        "plain": {"type": "string"},
    }
}


def test_date_like_strings_become_python_objects() -> None:
    record = {
        "at": "2024-01-02T03:04:05.123456Z",
        "on": "2024-02-29",
        "time": "10:11:12",
        "either": "2024-01-02T03:04:05+02:00",
        "nested": {"at": "2024-01-02T03:04:05Z"},
        "not_a_string": "2024-01-02T03:04:05Z",
        "plain": "2024-01-02",
        "unknown": "2024-01-02",
    }
    parsed = compile_datetime_parser(DT_SCHEMA, ERROR)(record)
    assert parsed is record
    assert record == {
        "at": dt.datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=dt.UTC),
        "on": dt.date(2024, 2, 29),
        "time": dt.time(10, 11, 12),
        "either": dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        "nested": {"at": "2024-01-02T03:04:05Z"},
        "not_a_string": "2024-01-02T03:04:05Z",
        "plain": "2024-01-02",
        "unknown": "2024-01-02",
    }


def test_naive_date_times_are_taken_as_utc() -> None:
    record = compile_datetime_parser(DT_SCHEMA, ERROR)({"at": "2024-01-02 03:04:05"})
    assert record["at"] == dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def test_nulls_missing_fields_and_parsed_values_are_left_alone() -> None:
    already = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    record = {"at": None, "either": 5, "on": already}
    assert compile_datetime_parser(DT_SCHEMA, ERROR)(record) == {
        "at": None,
        "either": 5,
        "on": already,
    }


def test_field_names_of_any_spelling_are_parsed() -> None:
    odd = ['it\'s "quoted"', "new\nline", "back\\slash", "{braces}", "ünïcode 日付", ""]
    schema = {"properties": {name: {"type": "string", "format": "date-time"} for name in odd}}
    parse = compile_datetime_parser(schema, ERROR)
    record = parse(dict.fromkeys(odd, "2024-01-02T03:04:05Z"))
    assert record == dict.fromkeys(odd, dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC))
    with pytest.raises(RecordValidationError) as info:
        parse({"new\nline": "garbage"})
    assert info.value.path == "new\nline"


def test_a_repeated_string_is_parsed_once_and_a_new_one_again() -> None:
    parse = compile_datetime_parser(DT_SCHEMA, ERROR)
    first = parse({"at": "2024-01-02T03:04:05Z", "on": "2024-02-29"})
    again = parse({"at": "2024-01-02T03:04:05Z", "on": "2024-02-29"})
    assert again["at"] is first["at"]
    assert again["on"] is first["on"]
    other = parse({"at": "2024-01-02T03:04:06Z", "on": "2024-03-01"})
    assert other == {
        "at": dt.datetime(2024, 1, 2, 3, 4, 6, tzinfo=dt.UTC),
        "on": dt.date(2024, 3, 1),
    }
    # A value that failed is not remembered as parsed.
    with pytest.raises(RecordValidationError):
        parse({"at": "garbage"})
    with pytest.raises(RecordValidationError):
        parse({"at": "garbage"})


def test_schema_without_date_like_fields_returns_records_untouched() -> None:
    parse = compile_datetime_parser({"properties": {"plain": {"type": "string"}}}, ERROR)
    record = {"plain": "2024-01-02T03:04:05Z"}
    assert parse(record) is record
    assert record == {"plain": "2024-01-02T03:04:05Z"}
    assert compile_datetime_parser({"type": "object"}, ERROR) is parse


def test_error_treatment_raises_naming_the_field() -> None:
    for treatment in (ERROR, None, "error"):
        with pytest.raises(RecordValidationError) as info:
            compile_datetime_parser(DT_SCHEMA, treatment)({"at": "garbage"})
        assert info.value.path == "at"
        assert info.value.reason == (
            "could not parse 'garbage' as date-time: Invalid isoformat string: 'garbage'"
        )
    with pytest.raises(RecordValidationError, match=r"^on: could not parse '2024-02-30' as date:"):
        compile_datetime_parser(DT_SCHEMA, ERROR)({"on": "2024-02-30"})


def test_max_treatment_stores_the_largest_value(caplog: pytest.LogCaptureFixture) -> None:
    parse = compile_datetime_parser(DT_SCHEMA, DatetimeErrorTreatmentEnum.MAX)
    with caplog.at_level(logging.WARNING, logger="singer_sdk.sinks"):
        record = parse({"at": "garbage", "on": "nope", "time": "25:00", "plain": "x"})
    assert record == {
        "at": dt.datetime.max.replace(tzinfo=dt.UTC),
        "on": dt.date.max,
        "time": dt.time.max,
        "plain": "x",
    }
    assert caplog.records[0].getMessage() == (
        "Could not parse value 'garbage' for field 'at' as date-time "
        "(Invalid isoformat string: 'garbage'); replacing with the maximum value."
    )
    assert len(caplog.records) == 3


def test_null_treatment_stores_none_and_logs_to_given_logger(
    caplog: pytest.LogCaptureFixture,
) -> None:
    logger = logging.getLogger("target-x.sink")
    parse = compile_datetime_parser(DT_SCHEMA, "null", logger=logger)
    with caplog.at_level(logging.WARNING, logger="target-x.sink"):
        assert parse({"at": "garbage", "on": "2024-01-01"}) == {
            "at": None,
            "on": dt.date(2024, 1, 1),
        }
    assert [(r.name, r.getMessage()) for r in caplog.records] == [
        (
            "target-x.sink",
            "Could not parse value 'garbage' for field 'at' as date-time "
            "(Invalid isoformat string: 'garbage'); replacing with null.",
        )
    ]


def test_unknown_treatment_is_rejected() -> None:
    with pytest.raises(ValueError, match="'sometimes' is not a valid DatetimeErrorTreatmentEnum"):
        compile_datetime_parser(DT_SCHEMA, "sometimes")


# -- the generated fast path ---------------------------------------------------------------------


def fast_verdict(schema: t.Any, value: t.Any) -> bool:
    check = _compile_fast_check(schema)
    assert check is not None
    return check(value)


def test_fast_path_proves_the_benchmark_record_valid() -> None:
    assert fast_verdict(SCHEMA, good_record()) is True
    nulls = {**good_record(), "address": None, "tags": None, "name": None}
    assert fast_verdict(SCHEMA, nulls) is True
    assert fast_verdict(SCHEMA, {"id": 1}) is True


@pytest.mark.parametrize(
    ("change", "path", "reason"),
    [
        ({"id": True}, "id", "expected integer, got True"),
        ({"quantity": False}, "quantity", "expected integer or null, got False"),
        ({"address": {"geo": {"lat": "x"}}}, "address.geo.lat", "expected number or null, got 'x'"),
        ({"address": {"city": 1}}, "address.city", "expected string or null, got 1"),
        ({"tags": ["a", None]}, "tags[1]", "expected string, got None"),
    ],
)
def test_fast_path_rejects_and_full_path_reports(
    change: dict[str, t.Any], path: str, reason: str
) -> None:
    record = {**good_record(), **change}
    assert fast_verdict(SCHEMA, record) is False
    assert error_of(SCHEMA, record) == (path, reason)


def test_fast_path_leaves_integral_decimals_to_the_full_path() -> None:
    schema = {"type": "object", "properties": {"n": {"type": ["integer", "null"]}}}
    assert fast_verdict(schema, {"n": 3}) is True
    assert fast_verdict(schema, {"n": Decimal("3.0")}) is False
    compile_validator(schema)({"n": Decimal("3.0")})
    assert error_of(schema, {"n": Decimal("3.5")}) == ("n", "expected integer or null, got 3.5")


def test_fast_path_required_and_additional_properties() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"type": "integer"}, "b": {"type": ["string", "null"]}},
        "required": ["a", "c"],
        "additionalProperties": False,
    }
    assert fast_verdict(schema, {"a": 1, "c": 2}) is False  # c is not a declared property
    schema["properties"]["c"] = True
    assert fast_verdict(schema, {"a": 1, "c": 2}) is True
    assert fast_verdict(schema, {"a": 1}) is False
    assert error_of(schema, {"a": 1}) == ("c", "required field is missing")
    assert fast_verdict(schema, {"c": 1}) is False
    assert error_of(schema, {"c": 1}) == ("a", "required field is missing")
    assert fast_verdict(schema, {"a": 1, "c": 1, "d": 1}) is False
    assert error_of(schema, {"a": 1, "c": 1, "d": 1}) == (
        "d",
        "unexpected field (additionalProperties is false)",
    )


def test_fast_path_nested_violations_and_anyof() -> None:
    schema = {
        "type": "object",
        "properties": {
            "when": {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]},
            "items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"n": {"type": "number", "minimum": 0, "maximum": 10}},
                    "required": ["n"],
                },
            },
            "code": {"type": "string", "minLength": 2, "maxLength": 3, "pattern": "^[A-Z]+$"},
        },
    }
    good = {"when": None, "items": [{"n": 1}, {"n": Decimal("9.5")}], "code": "AB"}
    assert fast_verdict(schema, good) is True
    compile_validator(schema)(good)
    for change, path, reason in [
        ({"when": 5}, "when", "expected a value matching one of the anyOf schemas, got 5"),
        ({"items": [{"n": 1}, {"n": 11}]}, "items[1].n", "expected a number <= 10, got 11"),
        ({"items": [{"n": Decimal("NaN")}]}, "items[0].n", "expected a number >= 0, got NaN"),
        ({"items": [{}]}, "items[0].n", "required field is missing"),
        ({"code": "A"}, "code", "expected at least 2 characters, got 'A'"),
        ({"code": "ABCD"}, "code", "expected at most 3 characters, got 'ABCD'"),
        ({"code": "ab"}, "code", "expected a string matching '^[A-Z]+$', got 'ab'"),
    ]:
        record = {**good, **change}
        assert fast_verdict(schema, record) is False, change
        assert error_of(schema, record) == (path, reason)


def test_fast_path_calls_compiled_checks_for_other_keywords() -> None:
    schema = {
        "properties": {
            "e": {"enum": ["a", 1]},
            "m": {"type": "integer", "multipleOf": 3},
            "p": {"type": "object", "patternProperties": {"^x": {"type": "string"}}},
        }
    }
    assert fast_verdict(schema, {"e": "a", "m": 9, "p": {"x1": "s"}}) is True
    assert fast_verdict(schema, {"e": True}) is False
    assert fast_verdict(schema, {"m": 10}) is False
    assert fast_verdict(schema, {"p": {"x1": 1}}) is False
    assert error_of(schema, {"p": {"x1": 1}}) == ("p.x1", "expected string, got 1")
    assert _compile_fast_check({"$defs": {}, "properties": {"a": {"$ref": "#/$defs"}}}) is None


@pytest.mark.parametrize("validate_formats", [False, True])
def test_fast_path_only_accepts_what_jsonschema_accepts(validate_formats: bool) -> None:
    rng = random.Random(20240602 + validate_formats)
    formats = (
        jsonschema.Draft202012Validator.FORMAT_CHECKER
        if validate_formats
        else jsonschema.FormatChecker(formats=())
    )
    valid = proven = 0
    for case in range(3000):
        schema = random_schema(rng, 3)
        oracle = Oracle(schema, format_checker=formats)
        fast = _compile_fast_check(schema, validate_formats=validate_formats)
        assert fast is not None
        for _ in range(4):
            value = value_for(rng, schema, 3)
            try:
                expected = oracle.is_valid(value)
            except TypeError:  # jsonschema cannot divide a Decimal by a float (multipleOf)
                continue
            got = fast(value)
            assert not got or expected, (case, schema, value)
            valid += expected
            proven += got
    # The fast path proves most valid values valid on its own.
    assert valid > 3000
    assert proven > 0.8 * valid
