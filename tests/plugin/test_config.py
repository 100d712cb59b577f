"""Config files, environment variables, .env files, schema merging and validation messages."""

from __future__ import annotations

import json
import logging
import os
import typing as t

import pytest

from singer_sdk._config import (
    ConfigFileError,
    ConfigFileNotFoundError,
    ConfigInput,
    env_var_name,
    env_var_prefix,
    find_dotenv,
    load_config_files,
    merge_config_sources,
    merge_missing_config_jsonschema,
    parse_environment_config,
    read_config_file,
    validate_config,
)
from singer_sdk.configuration import _dict_config
from singer_sdk.exceptions import ConfigurationError, ConfigValidationError

if t.TYPE_CHECKING:
    from pathlib import Path

SCHEMA: dict[str, t.Any] = {
    "type": "object",
    "properties": {
        "count": {"type": ["integer", "null"]},
        "ratio": {"type": "number"},
        "flag": {"type": ["boolean", "null"]},
        "name": {"type": ["string", "null"]},
        "names": {"type": ["array", "null"], "items": {"type": ["string"]}},
        "ids": {"type": "array", "items": {"type": "integer"}},
        "opts": {"type": ["object", "null"]},
        "either": {"anyOf": [{"type": "integer"}, {"type": "string"}]},
        "token": {"type": "integer", "secret": True},
        "setting-with.dash": {"type": "string"},
    },
}
PREFIX = "TAP_X_"


def env_config(**values: str) -> dict[str, t.Any]:
    return parse_environment_config(
        SCHEMA, PREFIX, environ={f"TAP_X_{k.upper()}": v for k, v in values.items()}
    )


# --- names ------------------------------------------------------------------------------------


def test_env_var_names() -> None:
    assert env_var_prefix("tap-my.source") == "TAP_MY_SOURCE_"
    assert env_var_name("TAP_X_", "api_key") == "TAP_X_API_KEY"
    assert env_var_name("TAP_X_", "setting-with.dash") == "TAP_X_SETTING_WITH_DASH"


# --- files ------------------------------------------------------------------------------------


def test_read_config_file(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text('{"a": 1}')
    assert read_config_file(path) == {"a": 1}


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigFileNotFoundError) as excinfo:
        read_config_file(tmp_path / "absent.json")
    assert str(excinfo.value) == f"Config file not found: '{tmp_path / 'absent.json'}'"
    assert isinstance(excinfo.value, FileNotFoundError)
    assert isinstance(excinfo.value, ConfigurationError)


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text('{\n  "a": 1,\n  "b": }\n')
    with pytest.raises(ConfigFileError) as excinfo:
        read_config_file(path)
    assert str(excinfo.value) == (
        f"Config file '{path}' is not valid JSON: Expecting value (line 3, column 8)"
    )


def test_config_file_must_hold_an_object(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text("[1, 2]")
    with pytest.raises(ConfigFileError, match="must hold a JSON object, not a JSON array"):
        read_config_file(path)


def test_load_config_files_merges_left_to_right(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"a": 1, "b": {"x": 1}}')
    (tmp_path / "b.json").write_text('{"b": {"y": 2}, "c": 3}')
    config, parse_env = load_config_files([tmp_path / "a.json", "ENV", tmp_path / "b.json"])
    assert config == {"a": 1, "b": {"y": 2}, "c": 3}
    assert parse_env is True
    assert load_config_files([tmp_path / "a.json"])[1] is False


def test_config_input_reads_files_lazily(tmp_path: Path) -> None:
    config_input = ConfigInput.from_cli_args(str(tmp_path / "missing.json"), "ENV")
    assert config_input.parse_env is True
    with pytest.raises(ConfigFileNotFoundError):
        _ = config_input.config
    assert ConfigInput({"a": 1}).config == {"a": 1}
    assert ConfigInput().config == {}


# --- environment variables --------------------------------------------------------------------


def test_env_integer_and_nullable() -> None:
    assert env_config(count="42") == {"count": 42}
    assert env_config(count="") == {"count": None}
    assert env_config(count="null") == {"count": None}


@pytest.mark.parametrize(("raw", "expected"), [("3", 3), ("2.5", 2.5), ("-1e3", -1000.0)])
def test_env_number(raw: str, expected: float) -> None:
    value = env_config(ratio=raw)["ratio"]
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize("raw", ["true", "TRUE", "1", "yes", "On"])
def test_env_boolean_true(raw: str) -> None:
    assert env_config(flag=raw) == {"flag": True}


@pytest.mark.parametrize("raw", ["false", "False", "0", "no", "OFF"])
def test_env_boolean_false(raw: str) -> None:
    assert env_config(flag=raw) == {"flag": False}


def test_env_bad_values_are_all_reported() -> None:
    with pytest.raises(ConfigValidationError) as excinfo:
        env_config(flag="maybe", ratio="abc", ids="1,2", opts="[1]", count="1.5")
    assert excinfo.value.errors == [
        "config['count'] (env var TAP_X_COUNT): expected an integer, got '1.5'",
        "config['ratio'] (env var TAP_X_RATIO): expected a number, got 'abc'",
        "config['flag'] (env var TAP_X_FLAG): expected a boolean (one of true, false, 1, 0, "
        "yes, no, on, off), got 'maybe'",
        "config['ids'] (env var TAP_X_IDS): expected a JSON array, got '1,2'",
        "config['opts'] (env var TAP_X_OPTS): expected a JSON object, got '[1]'",
    ]


def test_env_bad_secret_is_redacted() -> None:
    with pytest.raises(ConfigValidationError) as excinfo:
        env_config(token="hunter2")
    assert excinfo.value.errors == [
        "config['token'] (env var TAP_X_TOKEN): expected an integer, got <redacted string>"
    ]
    assert "hunter2" not in str(excinfo.value)


def test_env_non_finite_number_is_rejected() -> None:
    with pytest.raises(ConfigValidationError, match="expected a finite number"):
        env_config(ratio="nan")


def test_env_arrays_and_objects(caplog: pytest.LogCaptureFixture) -> None:
    assert env_config(names='["a", "b,c"]') == {"names": ["a", "b,c"]}
    assert env_config(ids="[1, 2]") == {"ids": [1, 2]}
    assert env_config(opts='{"k": [1]}') == {"opts": {"k": [1]}}
    with caplog.at_level(logging.WARNING, logger="singer_sdk.config"):
        assert env_config(names="a,b") == {"names": ["a", "b"]}
    assert "TAP_X_NAMES holds a comma-separated list; this form is deprecated" in caplog.text


def test_env_multiple_types_and_strings() -> None:
    assert env_config(either="7") == {"either": 7}
    assert env_config(either="seven") == {"either": "seven"}
    assert env_config(name="") == {"name": ""}
    assert env_config(name="007") == {"name": "007"}
    assert env_config(setting_with_dash="v") == {"setting-with.dash": "v"}


def test_env_ignores_unrelated_variables() -> None:
    environ = {"TAP_X_UNKNOWN": "1", "TAP_Y_COUNT": "2"}
    assert parse_environment_config(SCHEMA, PREFIX, environ=environ) == {}


def test_dotenv_found_upwards_and_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("TAP_X_COUNT=5\nTAP_X_NAME=from-dotenv\nTAP_X_FLAG\n")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    assert find_dotenv() == tmp_path / ".env"
    config = parse_environment_config(SCHEMA, PREFIX, environ={"TAP_X_NAME": "from-env"})
    assert config == {"count": 5, "name": "from-env"}


def test_explicit_dotenv_path(tmp_path: Path) -> None:
    path = tmp_path / "custom.env"
    path.write_text("TAP_X_RATIO=0.25\n")
    assert parse_environment_config(SCHEMA, PREFIX, path, environ={}) == {"ratio": 0.25}


def test_dotenv_does_not_change_os_environ(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("TAP_X_COUNT=5\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TAP_X_COUNT", raising=False)
    assert parse_environment_config(SCHEMA, PREFIX) == {"count": 5}
    assert "TAP_X_COUNT" not in os.environ


def test_merge_config_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.json").write_text('{"count": 1, "name": "a"}')
    monkeypatch.setenv("TAP_X_COUNT", "9")
    assert merge_config_sources([tmp_path / "a.json"], SCHEMA, PREFIX) == {"count": 1, "name": "a"}
    assert merge_config_sources([tmp_path / "a.json", "ENV"], SCHEMA, PREFIX) == {
        "count": 9,
        "name": "a",
    }


def test_compat_module_exports() -> None:
    assert _dict_config.parse_environment_config is parse_environment_config
    assert _dict_config.merge_missing_config_jsonschema is merge_missing_config_jsonschema


# --- schema merging ---------------------------------------------------------------------------


def test_merge_missing_config_jsonschema_adds_only_absent_copies() -> None:
    source = {"properties": {"a": {"type": "string", "enum": ["x"]}, "b": {"type": "integer"}}}
    target: dict[str, t.Any] = {"properties": {"b": {"type": "string"}}}
    merge_missing_config_jsonschema(source, target)
    assert target == {
        "properties": {"b": {"type": "string"}, "a": {"type": "string", "enum": ["x"]}}
    }
    target["properties"]["a"]["enum"].append("y")
    assert source["properties"]["a"]["enum"] == ["x"]
    empty: dict[str, t.Any] = {}
    merge_missing_config_jsonschema(source, empty)
    assert list(empty["properties"]) == ["a", "b"]


# --- validation -------------------------------------------------------------------------------

VALIDATION_SCHEMA: dict[str, t.Any] = {
    "type": "object",
    "properties": {
        "password": {"type": "string", "writeOnly": True, "minLength": 8},
        "port": {"type": "integer", "minimum": 1, "default": 5432},
        "db": {
            "type": "object",
            "properties": {"host": {"type": "string"}, "pool": {"type": "integer", "default": 4}},
            "required": ["host"],
            "additionalProperties": False,
        },
        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 2},
        "start": {"type": "string", "pattern": "^[0-9]{4}$"},
    },
    "required": ["password"],
}


def test_validation_fills_defaults_in_place() -> None:
    config: dict[str, t.Any] = {"password": "long-enough", "db": {"host": "h"}}
    assert validate_config(config, VALIDATION_SCHEMA) == []
    assert config == {"password": "long-enough", "db": {"host": "h", "pool": 4}, "port": 5432}


def test_validation_reports_everything() -> None:
    config = {
        "password": "short",
        "port": 0,
        "db": {"pool": "x", "extra": 1},
        "tags": ["a", 1, "c"],
        "start": "20x",
    }
    errors = validate_config(config, VALIDATION_SCHEMA, env_prefix="TAP_V_")
    assert errors == [
        "config['password'] (env var TAP_V_PASSWORD): expected at least 8 character(s), "
        "got <redacted string>",
        "config['port'] (env var TAP_V_PORT): expected >= 1, got 0",
        "config['db']['pool'] (env var TAP_V_DB): expected integer, got 'x'",
        "config['db']['host'] (env var TAP_V_DB): required setting is missing (expected string)",
        "config['db'] (env var TAP_V_DB): Additional properties are not allowed "
        "('extra' was unexpected)",
        "config['tags'][1] (env var TAP_V_TAGS): expected string, got 1",
        "config['tags'] (env var TAP_V_TAGS): expected at most 2 item(s), got ['a', 1, 'c']",
        "config['start'] (env var TAP_V_START): expected a string matching '^[0-9]{4}$', got '20x'",
    ]
    assert "short" not in "\n".join(errors)


def test_validation_without_prefix_and_at_root() -> None:
    assert validate_config({}, VALIDATION_SCHEMA) == [
        "config['password']: required setting is missing (expected string)"
    ]
    assert validate_config([], {"type": "object"}) == ["config: expected object, got []"]  # type: ignore[arg-type]


def test_validation_of_non_object_with_nested_defaults_does_not_crash() -> None:
    errors = validate_config({"password": "long-enough", "db": "oops"}, VALIDATION_SCHEMA)
    assert errors == ["config['db']: expected object, got 'oops'"]


def test_secret_inside_secret_object_is_redacted() -> None:
    schema = {
        "type": "object",
        "properties": {
            "creds": {"type": "object", "secret": True, "properties": {"key": {"type": "integer"}}}
        },
    }
    errors = validate_config({"creds": {"key": "topsecret"}}, schema)
    assert errors == ["config['creds']['key']: expected integer, got <redacted string>"]


def test_long_values_are_shortened() -> None:
    errors = validate_config({"port": "x" * 200, "password": "long-enough"}, VALIDATION_SCHEMA)
    assert len(errors) == 1
    assert errors[0].endswith("...")
    assert len(errors[0]) < 150


def test_config_validation_error_renders_its_errors() -> None:
    error = ConfigValidationError("Config validation failed", errors=["a", "b"], schema={})
    assert json.dumps(error.errors) == '["a", "b"]'
    assert str(error) == "Config validation failed\n  - a\n  - b"
