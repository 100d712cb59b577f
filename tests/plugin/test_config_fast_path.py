"""The config check that skips jsonschema agrees with jsonschema, defaults included."""

from __future__ import annotations

import copy
import subprocess
import sys
import typing as t

import pytest

from singer_sdk import typing as th
from singer_sdk._config_validation import _passes_fast, _validator_class, validate_config

NESTED = th.PropertiesList(
    th.Property("api_url", th.StringType, default="https://example.com"),
    th.Property("page_size", th.IntegerType, default=100, minimum=1),
    th.Property("token", th.StringType, secret=True, required=True),
    th.Property(
        "options",
        th.ObjectType(
            th.Property("retries", th.IntegerType, default=3),
            th.Property("mode", th.StringType, default="fast", allowed_values=["fast", "slow"]),
        ),
        default={},
    ),
    th.Property(
        "filters",
        th.ArrayType(
            th.ObjectType(
                th.Property("field", th.StringType, required=True),
                th.Property("op", th.StringType, default="eq"),
            )
        ),
    ),
).to_dict()

CONFIGS = [
    {"token": "x"},
    {"token": "x", "options": {"mode": "slow"}},
    {"token": "x", "filters": [{"field": "a"}, {"field": "b", "op": "gt"}]},
    {"token": "x", "page_size": 0},
    {"token": "x", "options": {"mode": "medium"}},
    {"page_size": "ten"},
    {"token": "x", "filters": [{"op": "gt"}]},
    {"token": 5, "api_url": None},
]


@pytest.mark.parametrize("config", CONFIGS)
def test_fast_path_matches_jsonschema(config: dict[str, t.Any]) -> None:
    ours = copy.deepcopy(config)
    errors = validate_config(ours, NESTED)
    theirs = copy.deepcopy(config)
    reference_errors = list(_validator_class()(NESTED).iter_errors(theirs))
    assert ours == theirs  # the same defaults filled in, nested ones included
    assert bool(errors) == bool(reference_errors)


def test_valid_config_takes_the_fast_path_and_fills_defaults() -> None:
    config: dict[str, t.Any] = {"token": "x"}
    assert _passes_fast(config, NESTED)
    assert config["options"] == {"retries": 3, "mode": "fast"}
    assert config["page_size"] == 100


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "properties": {"a": {"$ref": "#/$defs/x"}}, "$defs": {"x": {}}},
        {"type": "object", "properties": {"a": {"anyOf": [{"type": "string", "default": "x"}]}}},
    ],
)
def test_schemas_with_other_keywords_are_left_to_jsonschema(schema: dict[str, t.Any]) -> None:
    assert not _passes_fast({"a": "b"}, schema)
    assert validate_config({"a": "b"}, schema) == []


def test_combinators_without_defaults_stay_on_the_fast_path() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"anyOf": [{"type": "string"}, {"type": "null"}]}},
        "additionalProperties": {"type": "string"},
    }
    assert _passes_fast({"a": None, "b": "c"}, schema)
    assert not _passes_fast({"a": 5}, schema)
    assert validate_config({"a": 5}, schema)  # jsonschema explains the failure


def test_a_valid_config_does_not_import_jsonschema() -> None:
    code = (
        "import sys\n"
        "from singer_sdk._config import validate_config\n"
        "schema = {'type': 'object', 'properties': {'n': {'type': 'integer', 'default': 1}}}\n"
        "config = {}\n"
        "assert validate_config(config, schema) == [] and config == {'n': 1}\n"
        "print('jsonschema' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
