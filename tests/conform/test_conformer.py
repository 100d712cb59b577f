"""Compiled record conformance (``singer_sdk._schema.conform.build_conformer``).

Expected values were observed on singer-sdk 0.54.9 unless a comment says we differ on purpose.
"""

from __future__ import annotations

import collections
import copy
import datetime as dt
import decimal
import logging
import math
import typing as t
import uuid

import pytest

from singer_sdk._schema.conform import build_conformer, datetime_to_json
from singer_sdk.helpers.conform import TypeConformanceLevel

RECURSIVE = TypeConformanceLevel.RECURSIVE
ROOT_ONLY = TypeConformanceLevel.ROOT_ONLY
NONE = TypeConformanceLevel.NONE
LOGGER = "tests.conform"
UTC = dt.UTC
PLUS_TWO = dt.timezone(dt.timedelta(hours=2))

ORDER_SCHEMA: dict[str, t.Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "created_at": {"type": ["string", "null"], "format": "date-time"},
        "ship_date": {"type": ["string", "null"], "format": "date"},
        "total": {"type": ["number", "null"]},
        "paid": {"type": ["boolean", "null"]},
        "customer": {
            "type": ["object", "null"],
            "properties": {
                "name": {"type": "string"},
                "since": {"type": "string", "format": "date-time"},
                "vip": {"type": "boolean"},
            },
        },
        "lines": {
            "type": ["array", "null"],
            "items": {
                "type": "object",
                "properties": {
                    "sku": {"type": "string"},
                    "price": {"type": "number"},
                    "shipped_at": {"type": ["string", "null"], "format": "date-time"},
                },
            },
        },
        "tags": {"type": "array", "items": {"type": "string"}},
    },
}


def order() -> dict[str, t.Any]:
    return {
        "id": 7,
        "created_at": dt.datetime(2024, 5, 6, 7, 8, 9, 123456),
        "ship_date": dt.date(2024, 5, 8),
        "total": decimal.Decimal("19.90"),
        "paid": 1,
        "customer": {
            "name": "Ada",
            "since": dt.datetime(2020, 1, 1, tzinfo=UTC),
            "vip": 0,
            "internal_id": 99,
        },
        "lines": [
            {"sku": "A-1", "price": 9.95, "shipped_at": None, "warehouse": "X"},
            {"sku": "B-2", "price": float("nan"), "shipped_at": dt.datetime(2024, 5, 7, 12)},
        ],
        "tags": ["new", "gift"],
        "debug": True,
    }


def conform(
    schema: dict[str, t.Any], record: dict[str, t.Any], level: TypeConformanceLevel = RECURSIVE
) -> dict[str, t.Any]:
    return build_conformer(schema, level, stream_name="s", logger=logging.getLogger(LOGGER))(record)


def one(schema: dict[str, t.Any], value: t.Any) -> t.Any:
    """Conform ``{"v": value}`` against a schema with the one property ``v``."""
    return conform({"type": "object", "properties": {"v": schema}}, {"v": value})["v"]


# --- levels ---


def test_recursive_conforms_nested_objects_and_arrays() -> None:
    assert conform(ORDER_SCHEMA, order()) == {
        "id": 7,
        "created_at": "2024-05-06T07:08:09.123456+00:00",
        "ship_date": "2024-05-08",
        "total": decimal.Decimal("19.90"),
        "paid": True,
        "customer": {"name": "Ada", "since": "2020-01-01T00:00:00.000000+00:00", "vip": False},
        "lines": [
            {"sku": "A-1", "price": 9.95, "shipped_at": None},
            {"sku": "B-2", "price": None, "shipped_at": "2024-05-07T12:00:00.000000+00:00"},
        ],
        "tags": ["new", "gift"],
    }


def test_root_only_leaves_nested_values_alone() -> None:
    record = order()
    result = conform(ORDER_SCHEMA, record, ROOT_ONLY)
    assert result == {
        "id": 7,
        "created_at": "2024-05-06T07:08:09.123456+00:00",
        "ship_date": "2024-05-08",
        "total": decimal.Decimal("19.90"),
        "paid": True,
        "customer": record["customer"],
        "lines": record["lines"],
        "tags": ["new", "gift"],
    }
    assert result["customer"]["internal_id"] == 99
    assert result["customer"]["since"] == dt.datetime(2020, 1, 1, tzinfo=UTC)
    assert math.isnan(result["lines"][1]["price"])


def test_none_returns_the_record_untouched() -> None:
    record = order()
    assert conform(ORDER_SCHEMA, record, NONE) is record
    assert "debug" in record


def test_input_record_is_never_changed() -> None:
    record = order()
    before = copy.deepcopy(record)
    conform(ORDER_SCHEMA, record)
    assert repr(record) == repr(before)


def test_unchanged_record_is_returned_as_is() -> None:
    record = {"id": 1, "created_at": "2024-01-01T00:00:00+00:00", "total": 1.5, "paid": False}
    record["customer"] = {"name": "Ada", "vip": True}
    record["lines"] = [{"sku": "A", "price": 2.0}]
    record["tags"] = ["a"]
    result = conform(ORDER_SCHEMA, record)
    assert result is record
    assert result["customer"] is record["customer"]


def test_unchanged_nested_values_are_shared_with_the_result() -> None:
    record = {"id": 1, "total": float("inf"), "customer": {"name": "Ada"}, "tags": ["a"]}
    result = conform(ORDER_SCHEMA, record)
    assert result == {"id": 1, "total": None, "customer": {"name": "Ada"}, "tags": ["a"]}
    assert result is not record
    assert result["customer"] is record["customer"]
    assert result["tags"] is record["tags"]


def test_key_order_is_kept() -> None:
    record = {"tags": ["x"], "debug": 1, "created_at": dt.date(2024, 1, 1), "id": 3}
    assert list(conform(ORDER_SCHEMA, record)) == ["tags", "created_at", "id"]


# --- unknown properties ---


def test_unknown_properties_are_dropped_and_warned_once(caplog: pytest.LogCaptureFixture) -> None:
    conformer = build_conformer(
        ORDER_SCHEMA, RECURSIVE, stream_name="orders", logger=logging.getLogger(LOGGER)
    )
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        first = conformer(order())
        second = conformer(order())
        third = conformer({"id": 1, "extra": 2, "debug": 3})
    assert "debug" not in first
    assert "internal_id" not in first["customer"]
    assert "warehouse" not in first["lines"][0]
    assert second == first
    assert third == {"id": 1}
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        (
            "WARNING",
            "Properties ('customer.internal_id', 'lines.warehouse', 'debug') were present in "
            "the 'orders' stream but not found in catalog schema. Ignoring.",
        ),
        (
            "WARNING",
            "Properties ('extra',) were present in the 'orders' stream but not found in "
            "catalog schema. Ignoring.",
        ),
    ]


def test_each_conformer_warns_for_its_own_stream(caplog: pytest.LogCaptureFixture) -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    logger = logging.getLogger(LOGGER)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        for stream in ("one", "two"):
            conformer = build_conformer(schema, ROOT_ONLY, stream_name=stream, logger=logger)
            assert conformer({"a": "x", "b": 1}) == {"a": "x"}
            assert conformer({"a": "x", "b": 1}) == {"a": "x"}
    assert [r.getMessage() for r in caplog.records] == [
        "Properties ('b',) were present in the 'one' stream but not found in catalog schema. "
        "Ignoring.",
        "Properties ('b',) were present in the 'two' stream but not found in catalog schema. "
        "Ignoring.",
    ]


def test_root_only_drops_only_top_level_properties(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        result = conform(ORDER_SCHEMA, {"customer": {"zz": 1}, "debug": 1}, ROOT_ONLY)
    assert result == {"customer": {"zz": 1}}
    assert [r.getMessage() for r in caplog.records] == [
        "Properties ('debug',) were present in the 's' stream but not found in catalog schema. "
        "Ignoring."
    ]


# --- date-times, dates, times ---


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2024, 1, 2, 3, 4, 5), "2024-01-02T03:04:05.000000+00:00"),
        (dt.datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=UTC), "2024-01-02T03:04:05.000006+00:00"),
        # The reference keeps the offset ("2024-01-02T03:04:05.000000+02:00"); we emit UTC.
        (dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=PLUS_TWO), "2024-01-02T01:04:05.000000+00:00"),
        # No UTC equivalent inside datetime's range: the offset is kept.
        (dt.datetime(1, 1, 1, tzinfo=PLUS_TWO), "0001-01-01T00:00:00.000000+02:00"),
        (dt.date(2024, 1, 2), "2024-01-02"),
        (dt.time(1, 2, 3), "01:02:03"),
        (dt.time(1, 2, 3, 4, tzinfo=PLUS_TWO), "01:02:03.000004+02:00"),
        (dt.timedelta(seconds=5), "1970-01-01T00:00:05+00:00"),
        (dt.timedelta(seconds=5.5), "1970-01-01T00:00:05.500000+00:00"),
    ],
)
def test_temporal_values_become_strings(value: t.Any, expected: str) -> None:
    assert one({"type": ["string", "null"], "format": "date-time"}, value) == expected
    assert one({"type": "string"}, value) == expected  # the schema's format does not matter


def test_datetime_to_json_with_a_tzinfo_without_offset() -> None:
    class NoOffset(dt.tzinfo):
        def utcoffset(self, value: dt.datetime | None) -> dt.timedelta | None:
            return None

    value = dt.datetime(2024, 1, 2, tzinfo=NoOffset())
    assert datetime_to_json(value) == "2024-01-02T00:00:00.000000+00:00"


def test_datetime_strings_are_left_as_they_are() -> None:
    schema = {"type": "string", "format": "date-time"}
    assert one(schema, "2024-01-02 03:04:05") == "2024-01-02 03:04:05"
    assert one(schema, "not a date") == "not a date"


# --- numbers, bytes, UUIDs ---


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (float("nan"), None),
        (float("inf"), None),
        (float("-inf"), None),
        (1.5, 1.5),
        (decimal.Decimal("1.5"), decimal.Decimal("1.5")),
        (decimal.Decimal("NaN"), None),
        (decimal.Decimal("-Infinity"), None),
        # The reference raises ValueError for sNaN and nulls 1E+400 (too big for a float).
        (decimal.Decimal("sNaN"), None),
        (decimal.Decimal("1E+400"), decimal.Decimal("1E+400")),
        (3, 3),
        (True, True),
    ],
)
def test_numbers(value: t.Any, expected: t.Any) -> None:
    assert one({"type": ["number", "null"]}, value) == expected


def test_finite_decimal_is_the_same_object() -> None:
    value = decimal.Decimal("19.90")
    assert one({"type": "number"}, value) is value


def test_float_subclass_nan_becomes_none() -> None:
    class MyFloat(float):
        pass

    assert one({"type": "number"}, MyFloat("nan")) is None
    assert one({"type": "number"}, MyFloat(2.0)) == 2.0


def test_bytes_become_hex_and_uuids_strings() -> None:
    assert one({"type": "string"}, b"\x01\x02") == "0102"
    assert one({"type": "string"}, bytearray(b"ab")) == "6162"  # the reference leaves these
    # The reference leaves UUID objects for the writer to encode.
    assert one({"type": "string"}, uuid.UUID(int=1)) == "00000000-0000-0000-0000-000000000001"


# --- booleans ---


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (True, True),
        (False, False),
        (0, False),
        (1, True),
        (2, True),
        (b"\x00", False),
        (b"\x01", True),
        (float("nan"), None),
        (dt.date(2024, 1, 1), "2024-01-01"),
        # Differences from the reference, which maps every non-zero value to True and leaves
        # floats and Decimals alone:
        ("false", False),
        ("TRUE", True),
        (" 0 ", False),
        ("1", True),
        ("maybe", "maybe"),
        (0.0, False),
        (decimal.Decimal("1"), True),
        ([], []),
        ({}, {}),
    ],
)
@pytest.mark.parametrize(
    "schema",
    [
        {"type": "boolean"},
        {"type": ["boolean", "null"]},
        {"type": ["null", "boolean"]},
        # The reference does not convert anyOf booleans at all.
        {"anyOf": [{"type": "boolean"}, {"type": "null"}]},
    ],
)
def test_boolean_only_properties(schema: dict[str, t.Any], value: t.Any, expected: t.Any) -> None:
    assert one(schema, value) == expected


def test_boolean_enum_member_becomes_a_bool() -> None:
    import enum

    class Flag(enum.IntEnum):
        ON = 1

    assert one({"type": "boolean"}, Flag.ON) is True


def test_booleans_among_other_types() -> None:
    schema = {"type": ["boolean", "string"]}
    assert one(schema, b"\x00") is False
    assert one(schema, 0) == 0
    assert one(schema, "false") == "false"


def test_array_of_booleans() -> None:
    schema = {"type": "array", "items": {"type": "boolean"}}
    assert one(schema, [0, 1, True, None, "false"]) == [False, True, True, None, False]


# --- arrays, objects, anyOf, extra properties ---


def test_arrays_of_objects_and_non_objects() -> None:
    schema = {
        "type": "array",
        "items": {"type": ["object", "null"], "properties": {"x": {"type": "integer"}}},
    }
    assert one(schema, [{"x": 1, "q": 2}, 5, None, {"x": dt.date(2024, 1, 1)}]) == [
        {"x": 1},
        5,
        None,
        {"x": "2024-01-01"},
    ]


def test_array_items_are_conformed_when_recursive_only() -> None:
    schema = {"type": "array", "items": {"type": "string"}}
    values = [dt.date(2024, 1, 1), "a", float("nan"), 1.5]
    assert one(schema, values) == ["2024-01-01", "a", None, 1.5]
    record = {"v": values}
    properties = {"type": "object", "properties": {"v": schema}}
    assert conform(properties, record, ROOT_ONLY)["v"] is values


def test_list_of_plain_strings_is_the_same_object() -> None:
    values = ["a", "b"]
    assert one({"type": "array", "items": {"type": "string"}}, values) is values


def test_nested_arrays() -> None:
    # The reference leaves the inner lists alone.
    schema = {"type": "array", "items": {"type": "array", "items": {"type": "string"}}}
    assert one(schema, [[dt.date(2024, 1, 1)], ["x"]]) == [["2024-01-01"], ["x"]]


def test_tuple_arrays_are_left_alone() -> None:
    schema = {"type": "array", "items": [{"type": "string"}]}
    values = [dt.date(2024, 1, 1)]
    assert one(schema, values) is values


def test_array_of_objects_without_properties_passes_through() -> None:
    # The reference raises KeyError('properties') here.
    values = [{"x": dt.date(2024, 1, 1)}]
    assert one({"type": "array", "items": {"type": "object"}}, values) is values


def test_untyped_property_passes_containers_through() -> None:
    # The reference raises EmptySchemaTypeError for the list.
    assert one({}, [dt.datetime(2024, 1, 1)]) == [dt.datetime(2024, 1, 1)]
    assert one({}, {"k": dt.datetime(2024, 1, 1)}) == {"k": dt.datetime(2024, 1, 1)}
    assert one({}, dt.datetime(2024, 1, 1)) == "2024-01-01T00:00:00.000000+00:00"


def test_dict_subclass_is_conformed() -> None:
    schema = {"type": "object", "properties": {"d": {"type": "string"}}}
    value = collections.OrderedDict(d=dt.date(2024, 1, 1))
    assert one(schema, value) == {"d": "2024-01-01"}


def test_any_of_with_one_object_branch_is_conformed() -> None:
    # The reference neither conforms nor prunes objects and arrays inside anyOf.
    schema = {
        "anyOf": [
            {"type": "object", "properties": {"x": {"type": "string"}}},
            {"type": "null"},
        ]
    }
    assert one(schema, {"x": dt.date(2024, 1, 1), "zz": 1}) == {"x": "2024-01-01"}
    assert one(schema, None) is None
    array_schema = {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}]}
    assert one(array_schema, [dt.date(2024, 1, 1)]) == ["2024-01-01"]


def test_any_of_with_two_object_branches_is_left_alone() -> None:
    schema = {
        "anyOf": [
            {"type": "object", "properties": {"x": {"type": "string"}}},
            {"type": "object", "properties": {"y": {"type": "string"}}},
        ]
    }
    value = {"y": "a", "zz": 1}
    assert one(schema, value) is value


def test_pattern_properties_are_kept_and_conformed(caplog: pytest.LogCaptureFixture) -> None:
    # The reference drops every property that is not in "properties".
    schema = {
        "type": "object",
        "properties": {"id": {"type": "integer"}},
        "patternProperties": {
            "^flag_": {"type": "boolean"},
            "_at$": {"type": "string", "format": "date-time"},
            "(": {"type": "string"},  # not a regex Python understands: matches nothing
        },
    }
    record = {"id": 1, "flag_a": 0, "seen_at": dt.datetime(2024, 1, 1), "other": 1}
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert conform(schema, record) == {
            "id": 1,
            "flag_a": False,
            "seen_at": "2024-01-01T00:00:00.000000+00:00",
        }
    assert [r.getMessage() for r in caplog.records] == [
        "Properties ('other',) were present in the 's' stream but not found in catalog schema. "
        "Ignoring."
    ]


def test_pattern_properties_without_properties() -> None:
    schema = {"type": "object", "patternProperties": {"^x": {"type": "integer"}}}
    assert conform(schema, {"x1": 1, "y": 2}) == {"x1": 1}


@pytest.mark.parametrize(
    ("additional", "expected"),
    [
        (True, {"id": 1, "extra": "2024-01-01"}),
        ({}, {"id": 1, "extra": "2024-01-01"}),
        ({"type": "string"}, {"id": 1, "extra": "2024-01-01"}),
        (False, {"id": 1}),
    ],
)
def test_additional_properties(additional: t.Any, expected: dict[str, t.Any]) -> None:
    # The reference keeps allowed extra values unconverted and drops them for {}.
    schema = {
        "type": "object",
        "properties": {"id": {"type": "integer"}},
        "additionalProperties": additional,
    }
    assert conform(schema, {"id": 1, "extra": dt.date(2024, 1, 1)}) == expected


def test_additional_properties_with_an_object_schema(caplog: pytest.LogCaptureFixture) -> None:
    schema = {
        "type": "object",
        "properties": {},
        "additionalProperties": {
            "type": "object",
            "properties": {"at": {"type": "string", "format": "date-time"}},
        },
    }
    record = {"a": {"at": dt.datetime(2024, 1, 1), "zz": 1}, "b": {"at": None}}
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert conform(schema, record) == {
            "a": {"at": "2024-01-01T00:00:00.000000+00:00"},
            "b": {"at": None},
        }
    assert [r.getMessage() for r in caplog.records] == [
        "Properties ('a.zz',) were present in the 's' stream but not found in catalog schema. "
        "Ignoring."
    ]


def test_schema_without_properties_passes_records_through() -> None:
    # The reference raises KeyError('properties').
    record = {"x": dt.date(2024, 1, 1)}
    assert conform({"type": "object"}, record) is record


def test_object_without_properties_is_opaque() -> None:
    value = {"k": dt.datetime(2024, 1, 1)}
    assert one({"type": ["object", "null"]}, value) is value


def test_schema_that_contains_itself() -> None:
    schema: dict[str, t.Any] = {"type": "object", "properties": {"at": {"type": "string"}}}
    schema["properties"]["child"] = schema
    record = {"at": dt.date(2024, 1, 1), "child": {"at": dt.date(2024, 1, 2), "child": {"x": 1}}}
    assert conform(schema, record) == {
        "at": "2024-01-01",
        "child": {"at": dt.date(2024, 1, 2), "child": {"x": 1}},  # the cycle is left opaque
    }
