"""Capability enums, deprecated members and the built-in setting schemas."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings

import pytest
from jsonschema import Draft202012Validator

from singer_sdk.helpers import capabilities as caps
from singer_sdk.helpers._compat import SingerSDKDeprecationWarning
from singer_sdk.helpers.capabilities import (
    PluginCapabilities,
    TapCapabilities,
    TargetCapabilities,
    TargetLoadMethods,
)

SETTING_SCHEMAS = {
    "ACTIVATE_VERSION_CONFIG": ["process_activate_version_messages"],
    "ADD_RECORD_METADATA_CONFIG": ["add_record_metadata"],
    "BATCH_CONFIG": ["batch_config"],
    "EMIT_ACTIVATE_VERSION_CONFIG": ["emit_activate_version_messages"],
    "FLATTENING_CONFIG": [
        "flattening_enabled",
        "flattening_max_depth",
        "flattening_max_key_length",
        "flattening_separator",
    ],
    "SQL_TAP_USE_SINGER_DECIMAL": ["use_singer_decimal"],
    "STREAM_MAPS_CONFIG": ["stream_maps", "stream_map_config", "faker_config"],
    "TARGET_BATCH_SIZE_ROWS_CONFIG": ["batch_size_rows"],
    "TARGET_HARD_DELETE_CONFIG": ["hard_delete"],
    "TARGET_LOAD_METHOD_CONFIG": ["load_method"],
    "TARGET_SCHEMA_CONFIG": ["default_target_schema"],
    "TARGET_VALIDATE_RECORDS_CONFIG": ["validate_records"],
}


def test_all_is_complete() -> None:
    assert len(set(caps.__all__)) == len(caps.__all__)
    assert set(SETTING_SCHEMAS) <= set(caps.__all__)


@pytest.mark.parametrize("name", sorted(SETTING_SCHEMAS))
def test_setting_schema_is_valid_json_schema(name: str) -> None:
    schema = getattr(caps, name)
    Draft202012Validator.check_schema(schema)
    assert list(schema["properties"]) == SETTING_SCHEMAS[name]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def _bare_strings_in_anyof(node: object) -> list[object]:
    found: list[object] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"anyOf", "oneOf"}:
                found += [item for item in value if not isinstance(item, dict)]
            found += _bare_strings_in_anyof(value)
    elif isinstance(node, list):
        for item in node:
            found += _bare_strings_in_anyof(item)
    return found


def test_stream_maps_schema_has_no_bare_null_string() -> None:
    assert _bare_strings_in_anyof(caps.STREAM_MAPS_CONFIG) == []
    validator = Draft202012Validator(caps.STREAM_MAPS_CONFIG)
    assert validator.is_valid({"stream_maps": {"users": None, "__else__": "__NULL__"}})
    assert validator.is_valid({"stream_maps": {"users": {"id": "__NULL__", "__alias__": "u"}}})
    assert not validator.is_valid({"stream_maps": {"users": {"id": 3}}})


def test_defaults_of_target_settings() -> None:
    props = caps.TARGET_LOAD_METHOD_CONFIG["properties"]["load_method"]
    assert props["default"] == "append-only"
    assert props["enum"] == ["append-only", "upsert", "overwrite"]
    assert caps.TARGET_VALIDATE_RECORDS_CONFIG["properties"]["validate_records"]["default"] is True
    assert caps.TARGET_HARD_DELETE_CONFIG["properties"]["hard_delete"]["default"] is False


def test_capability_values_and_text() -> None:
    assert [str(c) for c in PluginCapabilities] == [
        "about",
        "stream-maps",
        "schema-flattening",
        "activate-version",
        "batch",
        "structured-logging",
    ]
    assert [c.value for c in TargetCapabilities] == [
        "soft-delete",
        "hard-delete",
        "datatype-failsafe",
        "target-schema",
        "validate-records",
    ]
    assert repr(TapCapabilities.DISCOVER) == "discover"
    assert f"{TapCapabilities.LOG_BASED}" == "log-based"
    assert TapCapabilities.DISCOVER.deprecation_message is None


def test_iterating_does_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = [c.value for c in TapCapabilities]
        assert TapCapabilities.CATALOG.value == "catalog"
    assert values == [
        "discover",
        "catalog",
        "state",
        "test",
        "log-based",
        "properties",
        "activate-version",
    ]


def test_deprecated_member_warns_on_every_lookup() -> None:
    with pytest.warns(
        SingerSDKDeprecationWarning, match="PROPERTIES is deprecated. Please use CATALOG instead."
    ) as record:
        by_attribute = TapCapabilities.PROPERTIES
        by_name = TapCapabilities["PROPERTIES"]
        by_value = TapCapabilities("properties")
    assert by_attribute is by_name is by_value
    assert len(record) == 3
    assert all(w.filename == __file__ for w in record)
    assert by_value.value == "properties"
    assert by_value.deprecation_message == "Please use CATALOG instead."


def test_deprecation_warning_is_a_deprecation_warning() -> None:
    assert issubclass(SingerSDKDeprecationWarning, DeprecationWarning)


def test_target_load_methods_are_strings() -> None:
    assert TargetLoadMethods.UPSERT == "upsert"
    assert TargetLoadMethods("overwrite") is TargetLoadMethods.OVERWRITE


def test_module_import_is_cheap() -> None:
    code = (
        "import sys, json; import singer_sdk.helpers.capabilities; "
        "print(json.dumps([m for m in ('jsonschema', 'click', 'requests') if m in sys.modules]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(result.stdout) == []
