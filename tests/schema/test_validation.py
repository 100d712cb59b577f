"""Validators from `singer_sdk.typing`: the default class and the one that fills in defaults."""

from __future__ import annotations

import typing as t

import jsonschema  # type: ignore[import-untyped]
import pytest

import singer_sdk.typing as th
from singer_sdk.typing import Property as P

SCHEMA = th.PropertiesList(
    P("a", th.StringType, default="x"),
    P("b", th.IntegerType, required=True),
    P("o", th.ObjectType(P("n", th.IntegerType, default=5)), default={}),
    P("o2", th.ObjectType(P("n", th.IntegerType, default=5))),
    P("tags", th.ArrayType(th.StringType), default=[]),
    P("z", th.StringType),
).to_dict()


@pytest.fixture
def validator_class() -> type[t.Any]:
    return th.extend_validator_with_defaults(th.DEFAULT_JSONSCHEMA_VALIDATOR)


def test_default_validator_is_draft_2020_12() -> None:
    assert th.DEFAULT_JSONSCHEMA_VALIDATOR is jsonschema.Draft202012Validator


def test_defaults_are_filled_in_including_nested(validator_class: type[t.Any]) -> None:
    config: dict[str, t.Any] = {"b": 1}
    assert list(validator_class(SCHEMA).iter_errors(config)) == []
    # reference: nested defaults apply once the parent default exists; o2 stays absent
    assert config == {"b": 1, "a": "x", "o": {"n": 5}, "tags": []}


def test_given_values_win_and_errors_are_still_reported(validator_class: type[t.Any]) -> None:
    config: dict[str, t.Any] = {"b": "bad", "a": None, "o2": {}}
    messages = [error.message for error in validator_class(SCHEMA).iter_errors(config)]
    assert messages == ["'bad' is not of type 'integer'"]
    assert config["a"] is None
    assert config["o2"] == {"n": 5}
    with pytest.raises(jsonschema.ValidationError, match="'b' is a required property"):
        validator_class(SCHEMA).validate({})


def test_defaults_are_copied_not_shared(validator_class: type[t.Any]) -> None:
    # The reference inserts the schema's own default object, so mutating one config
    # changes the schema and every later config.
    first: dict[str, t.Any] = {"b": 1}
    second: dict[str, t.Any] = {"b": 2}
    validator_class(SCHEMA).validate(first)
    first["tags"].append("x")
    first["o"]["n"] = 6
    validator_class(SCHEMA).validate(second)
    assert second["tags"] == []
    assert second["o"] == {"n": 5}
    assert SCHEMA["properties"]["tags"]["default"] == []
    assert SCHEMA["properties"]["o"]["default"] == {}


def test_non_object_instances_are_validated_without_crashing(
    validator_class: type[t.Any],
) -> None:
    # The reference raises AttributeError ('list' object has no attribute 'setdefault').
    messages = [error.message for error in validator_class(SCHEMA).iter_errors([1])]
    assert messages == ["[1] is not of type 'object'"]
    schema = {"properties": {"a": {"default": 1}}}
    assert validator_class(schema).is_valid("a string")


def test_extended_class_is_cached_and_keeps_the_draft(validator_class: type[t.Any]) -> None:
    assert th.extend_validator_with_defaults(th.DEFAULT_JSONSCHEMA_VALIDATOR) is validator_class
    assert validator_class.META_SCHEMA == jsonschema.Draft202012Validator.META_SCHEMA
    other = th.extend_validator_with_defaults(jsonschema.Draft7Validator)
    assert other is not validator_class
    instance: dict[str, t.Any] = {}
    other({"properties": {"a": {"default": 1}}}).validate(instance)
    assert instance == {"a": 1}
