"""Type predicates of ``singer_sdk.helpers._typing`` (expected values observed on 0.54.9)."""

from __future__ import annotations

import typing as t
import warnings

import pytest

from singer_sdk.exceptions import EmptySchemaTypeError
from singer_sdk.helpers import _typing
from singer_sdk.helpers._compat import SingerSDKDeprecationWarning
from singer_sdk.helpers.conform import DatetimeErrorTreatmentEnum, TypeConformanceLevel

PREDICATES = (
    "is_datetime_type",
    "is_date_or_datetime_type",
    "is_object_type",
    "is_array_type",
    "is_boolean_type",
    "is_integer_type",
    "is_number_type",
    "is_string_type",
    "is_null_type",
    "is_string_array_type",
    "is_uniform_list",
    "is_secret_type",
    "get_datelike_property_type",
)

#: schema -> one result per name in PREDICATES ("ValueError": the predicate raises it).
TABLE: list[tuple[dict[str, t.Any], tuple[t.Any, ...]]] = [
    (
        {"type": "string"},
        (False, False, False, False, False, False, False, True, False, False, False, False, None),
    ),
    (
        {"type": ["string", "null"]},
        (False, False, False, False, False, False, False, True, True, False, False, False, None),
    ),
    (
        {"type": "string", "format": "date-time"},
        (
            True,
            True,
            False,
            False,
            False,
            False,
            False,
            True,
            False,
            False,
            False,
            False,
            "date-time",
        ),
    ),
    (
        {"type": ["string", "null"], "format": "date-time"},
        (
            True,
            True,
            False,
            False,
            False,
            False,
            False,
            True,
            True,
            False,
            False,
            False,
            "date-time",
        ),
    ),
    (
        {"type": ["null", "string"], "format": "date"},
        (False, True, False, False, False, False, False, True, True, False, False, False, "date"),
    ),
    (
        {"type": "string", "format": "time"},
        (False, False, False, False, False, False, False, True, False, False, False, False, "time"),
    ),
    (
        {"type": "string", "format": "email"},
        (False, False, False, False, False, False, False, True, False, False, False, False, None),
    ),
    (
        {"type": "integer"},
        (False, False, False, False, False, True, False, False, False, False, False, False, None),
    ),
    (
        {"type": ["integer", "null"]},
        (False, False, False, False, False, True, False, False, True, False, False, False, None),
    ),
    (
        {"type": "number"},
        (False, False, False, False, False, False, True, False, False, False, False, False, None),
    ),
    (
        {"type": ["number", "null"]},
        (False, False, False, False, False, False, True, False, True, False, False, False, None),
    ),
    (
        {"type": "boolean"},
        (False, False, False, False, True, False, False, False, False, False, False, False, None),
    ),
    (
        {"type": ["boolean", "null"]},
        (False, False, False, False, True, False, False, False, True, False, False, False, None),
    ),
    (
        {"type": "null"},
        (False, False, False, False, False, False, False, False, True, False, False, False, None),
    ),
    (
        {"type": "object", "properties": {"a": {"type": "string"}}},
        (False, False, True, False, False, False, False, False, False, False, False, False, None),
    ),
    (
        {"type": ["object", "null"]},
        (False, False, True, False, False, False, False, False, True, False, False, False, None),
    ),
    (
        {"type": "array", "items": {"type": "string"}},
        (False, False, False, True, False, False, False, False, False, True, True, False, None),
    ),
    (
        {"type": ["array", "null"], "items": {"type": ["string", "null"]}},
        (False, False, False, True, False, False, False, False, True, True, True, False, None),
    ),
    (
        {"type": "array", "items": {"type": "integer"}},
        (False, False, False, True, False, False, False, False, False, False, True, False, None),
    ),
    (
        {"type": "array", "items": [{"type": "string"}]},
        (False, False, False, True, False, False, False, False, False, False, False, False, None),
    ),
    (
        {"type": "array", "prefixItems": [{"type": "string"}], "items": {"type": "string"}},
        (False, False, False, True, False, False, False, False, False, True, False, False, None),
    ),
    (
        {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]},
        (
            True,
            True,
            False,
            False,
            False,
            False,
            False,
            True,
            True,
            False,
            False,
            False,
            "date-time",
        ),
    ),
    (
        {"anyOf": [{"type": "string"}, {"type": "integer"}]},
        (False, False, False, False, False, True, False, True, False, False, False, False, None),
    ),
    (
        {"anyOf": [{"type": "boolean"}, {"type": "null"}]},
        (False, False, False, False, True, False, False, False, True, False, False, False, None),
    ),
    (
        {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}]},
        (False, False, False, True, False, False, False, False, True, True, False, False, None),
    ),
    (
        {"anyOf": [{"type": "number"}, {"type": "null"}]},
        (False, False, False, False, False, False, True, False, True, False, False, False, None),
    ),
    (
        {"anyOf": [{"type": ["integer", "null"]}, {"type": "string", "format": "date"}]},
        (False, True, False, False, False, True, False, True, True, False, False, False, "date"),
    ),
    (
        {
            "allOf": [
                {"type": "string", "format": "date-time"},
                {"type": "string", "format": "date-time"},
            ]
        },
        (True, True, None, False, None, None, None, None, None, False, False, False, None),
    ),
    (
        {"allOf": [{"type": "string", "format": "date-time"}, {"type": "string"}]},
        (False, False, None, False, None, None, None, None, None, False, False, False, None),
    ),
    (
        {"oneOf": [{"type": "string", "format": "date"}, {"type": "null"}]},
        (
            False,
            True,
            None,
            "ValueError",
            None,
            None,
            None,
            None,
            None,
            "ValueError",
            "ValueError",
            False,
            None,
        ),
    ),
    (
        {"type": "string", "secret": True},
        (False, False, False, False, False, False, False, True, False, False, False, True, None),
    ),
    (
        {"type": "string", "writeOnly": True},
        (False, False, False, False, False, False, False, True, False, False, False, True, None),
    ),
    (
        {"type": "object", "properties": {"a": {"type": "string", "secret": True}}},
        (False, False, True, False, False, False, False, False, False, False, False, True, None),
    ),
    (
        {
            "type": "object",
            "properties": {
                "a": {"type": "object", "properties": {"b": {"type": "string", "writeOnly": True}}}
            },
        },
        (False, False, True, False, False, False, False, False, False, False, False, True, None),
    ),
    (
        {"type": "string", "secret": False},
        (False, False, False, False, False, False, False, True, False, False, False, False, None),
    ),
]


@pytest.mark.parametrize(("schema", "expected"), TABLE, ids=[str(s) for s, _ in TABLE])
def test_predicates_match_reference(schema: dict[str, t.Any], expected: tuple[t.Any, ...]) -> None:
    results: list[t.Any] = []
    for name in PREDICATES:
        try:
            results.append(getattr(_typing, name)(schema))
        except ValueError:
            results.append("ValueError")
    assert dict(zip(PREDICATES, results, strict=True)) == dict(
        zip(PREDICATES, expected, strict=True)
    )


EMPTY_MESSAGE = (
    "Could not detect type from empty type_dict. Did you forget to define a property in the "
    "stream schema?"
)


@pytest.mark.parametrize(
    "name", ["is_datetime_type", "is_array_type", "is_string_array_type", "is_uniform_list"]
)
@pytest.mark.parametrize("schema", [{}, {"anyOf": [{"type": "string"}, {}]}])
def test_empty_schema_is_rejected(name: str, schema: dict[str, t.Any]) -> None:
    with pytest.raises(EmptySchemaTypeError) as excinfo:
        getattr(_typing, name)(schema)
    assert str(excinfo.value) == EMPTY_MESSAGE


@pytest.mark.parametrize(
    ("name", "schema", "message"),
    [
        (
            "is_datetime_type",
            {"description": "x"},
            "Could not detect type of replication key using schema '{'description': 'x'}'",
        ),
        (
            "is_date_or_datetime_type",
            {},
            "Could not detect type of replication key using schema '{}'",
        ),
        (
            "is_date_or_datetime_type",
            {"anyOf": [{"type": "string"}, {}]},
            "Could not detect type of replication key using schema '{}'",
        ),
        (
            "is_array_type",
            {"description": "x"},
            "Could not detect type from schema '{'description': 'x'}'",
        ),
        (
            "is_string_array_type",
            {"description": "x"},
            "Could not detect type from schema '{'description': 'x'}'",
        ),
        (
            "is_uniform_list",
            {"description": "x"},
            "Could not detect type from schema '{'description': 'x'}'",
        ),
    ],
)
def test_schema_without_type_is_rejected(name: str, schema: dict[str, t.Any], message: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        getattr(_typing, name)(schema)
    assert str(excinfo.value) == message


def test_object_type_in_any_of_branches() -> None:
    # The reference answers False here: it looks for "object" among the branch's keys.
    schema = {"anyOf": [{"type": "object", "properties": {}}, {"type": "null"}]}
    assert _typing.is_object_type(schema) is True
    assert _typing.is_object_type({"anyOf": [{"type": "string"}, {"type": "null"}]}) is False
    assert _typing.is_object_type({"anyOf": ["object", "null"]}) is True


def test_string_array_without_items_is_not_a_string_array() -> None:
    # The reference raises KeyError('items').
    assert _typing.is_string_array_type({"type": "array"}) is False
    assert _typing.is_uniform_list({"type": "array"}) is False


def test_secret_nested_in_branches_and_items() -> None:
    # The reference only looks into "properties".
    assert _typing.is_secret_type({"anyOf": [{"type": "string", "secret": True}, {"type": "null"}]})
    assert _typing.is_secret_type({"type": "array", "items": {"type": "string", "writeOnly": True}})
    assert not _typing.is_secret_type({"anyOf": [{"type": "string"}, {"type": "null"}]})


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "string"}, {"type": ["string", "null"]}),
        ({"type": ["string"]}, {"type": ["string", "null"]}),
        ({"type": ["string", "null"]}, {"type": ["string", "null"]}),
        ({"oneOf": [{"type": "string"}]}, {"oneOf": [{"type": "string"}, {"type": "null"}]}),
        ({"description": "x"}, {"description": "x"}),
        # The reference appends the bare string "null" to anyOf (not a valid JSON Schema).
        ({"anyOf": [{"type": "string"}]}, {"anyOf": [{"type": "string"}, {"type": "null"}]}),
        ({"anyOf": {"type": "string"}}, {"anyOf": [{"type": "string"}, {"type": "null"}]}),
        (
            {"anyOf": [{"type": "string"}, {"type": "null"}]},
            {"anyOf": [{"type": "string"}, {"type": "null"}]},
        ),
    ],
)
def test_append_type(schema: dict[str, t.Any], expected: dict[str, t.Any]) -> None:
    original = repr(schema)
    assert _typing.append_type(schema, "null") == expected
    assert repr(schema) == original  # the argument is not changed


def test_append_type_returns_a_deep_copy() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    result = _typing.append_type(schema, "null")
    result["properties"]["a"]["type"] = "integer"
    assert schema["properties"]["a"] == {"type": "string"}


@pytest.mark.parametrize("name", ["DatetimeErrorTreatmentEnum", "TypeConformanceLevel"])
def test_moved_enums_still_import_with_a_warning(name: str) -> None:
    with pytest.warns(SingerSDKDeprecationWarning, match=f"import {name} from singer_sdk"):
        value = getattr(_typing, name)
    assert (
        value
        is {
            "DatetimeErrorTreatmentEnum": DatetimeErrorTreatmentEnum,
            "TypeConformanceLevel": TypeConformanceLevel,
        }[name]
    )


def test_unknown_attribute() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(AttributeError) as excinfo:
            _typing.nope  # noqa: B018
    assert str(excinfo.value) == "module 'singer_sdk.helpers._typing' has no attribute 'nope'"


def test_public_names() -> None:
    assert _typing.__all__ == sorted(_typing.__all__)
    for name in _typing.__all__:
        assert hasattr(_typing, name)
    assert _typing.JSONSCHEMA_ANNOTATION_SECRET == "secret"
    assert _typing.JSONSCHEMA_ANNOTATION_WRITEONLY == "writeOnly"


def test_jsonschema_type_check_of_the_reference_typing_module() -> None:
    """``singer_sdk.typing._jsonschema_type_check``: target-db2 imports and calls it."""
    from singer_sdk.typing import _jsonschema_type_check as check

    assert check({"type": ["string", "null"]}, ("string",))
    assert check({"type": "number"}, ("integer", "number"))
    assert check({"anyOf": [{"type": "null"}, {"type": "object"}]}, ("object",))
    assert not check({"type": "integer"}, ("number",))
    assert not check({}, ("string",))
