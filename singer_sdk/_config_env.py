"""Settings from environment variables and ``.env`` files (``--config ENV``).

Each top-level setting ``name`` is read from ``<PLUGIN_NAME>_<NAME>`` and converted to the type
the settings schema declares; a ``.env`` file fills in variables the environment does not set.
"""

from __future__ import annotations

import json
import logging
import math
import os
import typing as t

from singer_sdk._config_messages import (
    _config_path,
    _describe_expected,
    _is_secret,
    _json_kind,
    _show_value,
    env_var_name,
)
from singer_sdk._exceptions import ConfigValidationError

if t.TYPE_CHECKING:
    from pathlib import Path

    from singer_sdk._types import StrPath

__all__ = ["find_dotenv", "parse_environment_config"]

logger = logging.getLogger("singer_sdk.config")

_TRUE_WORDS = frozenset({"true", "1", "yes", "on"})


_FALSE_WORDS = frozenset({"false", "0", "no", "off"})


_NULL_WORDS = frozenset({"", "null", "none"})


_CAST_ORDER = ("boolean", "integer", "number", "array", "object", "string")


def find_dotenv(start: StrPath | None = None) -> Path | None:
    """Return the nearest ``.env`` file in ``start`` (default: the working directory) or above."""
    from pathlib import Path

    directory = Path(start) if start is not None else Path.cwd()
    for candidate_dir in (directory, *directory.parents):
        candidate = candidate_dir / ".env"
        if candidate.is_file():
            return candidate
    return None


def _dotenv_values(dotenv_path: StrPath | None) -> dict[str, str]:
    from pathlib import Path

    path = Path(dotenv_path) if dotenv_path else find_dotenv()
    if path is None or not path.is_file():
        return {}
    from dotenv import dotenv_values  # only needed with --config ENV

    logger.debug("Reading settings from %s", path)
    return {key: value for key, value in dotenv_values(path).items() if value is not None}


def parse_environment_config(
    config_schema: dict[str, t.Any],
    prefix: str,
    dotenv_path: StrPath | None = None,
    *,
    environ: t.Mapping[str, str] | None = None,
) -> dict[str, t.Any]:
    """Return the settings found in environment variables, converted to their schema types.

    Each top-level property ``name`` of ``config_schema`` is read from ``<prefix><NAME>``. Values
    of a ``.env`` file (``dotenv_path``, or the nearest one found from the working directory up)
    apply when the variable is not set in the environment itself.

    Conversion by the property's type: ``integer`` -> int; ``number`` -> int or float;
    ``boolean`` -> True for ``true/1/yes/on``, False for ``false/0/no/off`` (any case); arrays
    and objects are parsed as JSON, except that an array of strings also accepts the deprecated
    ``a,b,c`` form (with a warning); a nullable non-string setting set to an empty string (or
    ``null``) becomes None; anything else stays a string.

    Args:
        config_schema: the plugin's settings schema.
        prefix: the variable prefix, e.g. ``TAP_GITHUB_`` (see :func:`env_var_prefix`).
        dotenv_path: a ``.env`` file to read instead of searching for one.
        environ: the environment to read (default: ``os.environ``); a seam for tests.

    Raises:
        ConfigValidationError: some variables cannot be converted; one error per variable.
    """
    env = os.environ if environ is None else environ
    sources: dict[str, str] = _dotenv_values(dotenv_path)
    sources.update(env)
    result: dict[str, t.Any] = {}
    errors: list[str] = []
    for setting, setting_schema in config_schema.get("properties", {}).items():
        var_name = env_var_name(prefix, setting)
        if var_name not in sources:
            continue
        raw_value = sources[var_name]
        where = f"{_config_path([setting])} (env var {var_name})"
        try:
            result[setting] = _cast_env_value(raw_value, setting_schema, var_name)
        except _CastError as exc:
            shown = _show_value(raw_value, secret=_is_secret(setting_schema))
            errors.append(f"{where}: expected {exc.expected}, got {shown}")
            continue
        logger.debug("Setting %r read from environment variable %s", setting, var_name)
    if errors:
        msg = "Invalid settings in environment variables"
        raise ConfigValidationError(msg, errors=errors, schema=config_schema)
    return result


class _CastError(ValueError):
    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


def _cast_env_value(value: str, schema: t.Mapping[str, t.Any], var_name: str) -> t.Any:
    types, nullable = _schema_types(schema)
    if not types:
        return value
    if nullable and "string" not in types and value.strip().lower() in _NULL_WORDS:
        return None
    failures: list[_CastError] = []
    for type_name in _CAST_ORDER:
        if type_name not in types:
            continue
        try:
            return _CASTERS[type_name](value, schema, var_name)
        except _CastError as exc:
            failures.append(exc)
    if len(failures) == 1:
        raise failures[0]
    raise _CastError(_describe_expected(schema))


def _cast_boolean(value: str, _schema: t.Mapping[str, t.Any], _var: str) -> bool:
    word = value.strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    expected = "a boolean (one of true, false, 1, 0, yes, no, on, off)"
    raise _CastError(expected)


def _cast_integer(value: str, _schema: t.Mapping[str, t.Any], _var: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise _CastError("an integer") from None


def _cast_number(value: str, _schema: t.Mapping[str, t.Any], _var: str) -> int | float:
    text = value.strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        raise _CastError("a number") from None
    if not math.isfinite(number):
        raise _CastError("a finite number")
    return number


def _cast_array(value: str, schema: t.Mapping[str, t.Any], var_name: str) -> list[t.Any]:
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError:
        parsed = None
    if isinstance(parsed, list):
        return parsed
    item_types, _ = _schema_types(schema.get("items", {}))
    if item_types == {"string"} and not value.lstrip().startswith("["):
        logger.warning(
            "Environment variable %s holds a comma-separated list; this form is deprecated, "
            'use a JSON array such as ["a", "b"] instead.',
            var_name,
        )
        return value.split(",")
    raise _CastError("a JSON array")


def _cast_object(value: str, _schema: t.Mapping[str, t.Any], _var: str) -> dict[str, t.Any]:
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError:
        raise _CastError("a JSON object") from None
    if not isinstance(parsed, dict):
        raise _CastError("a JSON object")
    return parsed


def _cast_string(value: str, _schema: t.Mapping[str, t.Any], _var: str) -> str:
    return value


_CASTERS: dict[str, t.Callable[[str, t.Mapping[str, t.Any], str], t.Any]] = {
    "boolean": _cast_boolean,
    "integer": _cast_integer,
    "number": _cast_number,
    "array": _cast_array,
    "object": _cast_object,
    "string": _cast_string,
}


def _schema_types(schema: t.Mapping[str, t.Any]) -> tuple[set[str], bool]:
    """Return the non-null JSON types ``schema`` allows and whether it allows null."""
    declared = schema.get("type")
    names: set[str] = set()
    if isinstance(declared, str):
        names.add(declared)
    elif isinstance(declared, list):
        names.update(name for name in declared if isinstance(name, str))
    else:
        for keyword in ("anyOf", "oneOf"):
            for branch in schema.get(keyword, ()):
                if isinstance(branch, dict):
                    branch_types, branch_nullable = _schema_types(branch)
                    names.update(branch_types)
                    if branch_nullable:
                        names.add("null")
        if not names and ("enum" in schema or "const" in schema):
            values = schema.get("enum", [schema.get("const")])
            names.update(_json_kind(item) for item in values)
    nullable = "null" in names
    names.discard("null")
    return names, nullable
