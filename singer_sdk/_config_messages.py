"""How settings, their environment variables and their values are named in config messages.

Shared by environment-variable parsing (:mod:`singer_sdk._config_env`) and validation
(:mod:`singer_sdk._config_validation`): config paths like ``config['port']``, variable names like
``TAP_X_PORT``, values shown shortened or redacted (``secret``/``writeOnly`` settings), and short
descriptions of what a schema accepts.
"""

from __future__ import annotations

import re
import typing as t

__all__ = [
    "_config_path",
    "_describe_expected",
    "_is_secret",
    "_json_kind",
    "_show_value",
    "env_var_name",
    "env_var_prefix",
]


_MAX_VALUE_CHARS = 80


def env_var_prefix(plugin_name: str) -> str:
    """Return the prefix of a plugin's setting variables, e.g. ``TAP_GITHUB_`` for tap-github."""
    return re.sub(r"[^A-Z0-9_]", "_", plugin_name.upper()) + "_"


def env_var_name(prefix: str, setting: str) -> str:
    """Return the environment variable that sets ``setting``, e.g. ``TAP_GITHUB_API_KEY``.

    Args:
        prefix: the plugin's prefix (see :func:`env_var_prefix`).
        setting: a top-level setting name.
    """
    return prefix + re.sub(r"[^A-Z0-9_]", "_", setting.upper())


def _config_path(path: t.Sequence[t.Any]) -> str:
    return "config" + "".join(f"[{part!r}]" for part in path)


def _is_secret(schema: t.Any) -> bool:
    if not isinstance(schema, dict):
        return False
    if schema.get("secret") is True or schema.get("writeOnly") is True:
        return True
    return any(
        _is_secret(branch)
        for keyword in ("anyOf", "oneOf", "allOf")
        for branch in schema.get(keyword, ())
    )


def _show_value(value: t.Any, *, secret: bool) -> str:
    if secret:
        return f"<redacted {_json_kind(value)}>"
    text = repr(value)
    if len(text) > _MAX_VALUE_CHARS:
        text = text[: _MAX_VALUE_CHARS - 3] + "..."
    return text


def _describe_expected(schema: t.Mapping[str, t.Any]) -> str:
    """Return a short description of the values ``schema`` accepts, e.g. ``integer or null``."""
    if "const" in schema:
        return repr(schema["const"])
    if "enum" in schema and isinstance(schema["enum"], list):
        return "one of " + ", ".join(repr(item) for item in schema["enum"])
    declared = schema.get("type")
    if isinstance(declared, str):
        return declared
    if isinstance(declared, list) and declared:
        return " or ".join(str(name) for name in declared)
    for keyword in ("anyOf", "oneOf"):
        branches = [b for b in schema.get(keyword, ()) if isinstance(b, dict)]
        if branches:
            return " or ".join(_describe_expected(branch) for branch in branches)
    return "a value matching the schema"


def _json_kind(value: t.Any) -> str:
    """Return the JSON type name of a Python value (``string``, ``integer``, ``object``, ...)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__
