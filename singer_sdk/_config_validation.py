"""Config validation: schema defaults filled in, every violation reported in one message each.

A fast path answers "valid" for the common flat settings schemas without importing
``jsonschema``; anything else, and every invalid config, goes to the ``jsonschema`` validator that
also fills in defaults. Each message names the setting's config path, the environment variable
that can set it, the offending value (redacted for secret settings) and what was expected.
"""

from __future__ import annotations

import copy
import typing as t

from singer_sdk._config_messages import (
    _config_path,
    _describe_expected,
    _is_secret,
    _show_value,
    env_var_name,
)

if t.TYPE_CHECKING:
    # jsonschema ships no type information; its objects are typed loosely here.
    ValidationError: t.TypeAlias = t.Any
    Validator: t.TypeAlias = t.Any

__all__ = ["validate_config"]


def _validator_class() -> type[Validator]:
    """Return the Draft 2020-12 validator class that also fills in defaults (imports jsonschema)."""
    from singer_sdk._schema.validation import (
        DEFAULT_JSONSCHEMA_VALIDATOR,
        extend_validator_with_defaults,
    )

    return extend_validator_with_defaults(DEFAULT_JSONSCHEMA_VALIDATOR)


def validate_config(
    config: dict[str, t.Any],
    schema: dict[str, t.Any],
    *,
    env_prefix: str | None = None,
) -> list[str]:
    """Fill in schema defaults in ``config`` (in place) and return every violation found.

    Args:
        config: the plugin config; missing settings that have a default get it.
        schema: the settings schema (Draft 2020-12).
        env_prefix: the plugin's environment variable prefix, named in the messages.

    Returns:
        One message per violation, in schema order, e.g. ``config['port'] (env var TAP_X_PORT):
        expected integer or null, got 'abc'``. Values of secret settings show only their type.
    """
    if _passes_fast(config, schema):
        return []
    validator = _validator_class()(schema)
    return [_format_error(error, schema, env_prefix) for error in validator.iter_errors(config)]


#: Keywords that resolve against the whole document: such schemas go to ``jsonschema`` alone.
_REFERENCE_KEYWORDS = frozenset({"$ref", "$dynamicRef", "$recursiveRef"})


#: Keywords holding one subschema, a list of them, or a mapping of names to them, that the
#: validator filling defaults may or may not visit (so a default below them is left to it).
_CONDITIONAL_SUBSCHEMA = frozenset(
    {"anyOf", "oneOf", "allOf", "not", "if", "then", "else", "additionalProperties"}
    | {"patternProperties", "dependentSchemas", "contains", "propertyNames", "prefixItems"}
    | {"unevaluatedProperties", "unevaluatedItems"}
)


def _passes_fast(config: dict[str, t.Any], schema: dict[str, t.Any]) -> bool:
    """Fill in defaults and return True if ``config`` is valid, without importing jsonschema.

    Only for schemas without references whose ``default`` values all sit below plain
    ``properties``/``items`` paths: there, filling the defaults by walking ``properties`` and
    ``items`` is exactly what the validator that fills defaults does. False means "let
    ``jsonschema`` decide and explain".
    """
    if not _fillable(schema, conditional=False):
        return False
    _fill_defaults(config, schema)
    from singer_sdk._sinks.validation import _compile_fast_check

    try:
        check = _compile_fast_check(schema)
    except Exception:
        return False
    return check is not None and check(config)


def _fillable(schema: t.Any, *, conditional: bool) -> bool:
    """Whether ``schema`` has no references, and no ``default`` below a conditional keyword."""
    if not isinstance(schema, dict):
        return True
    if not schema.keys().isdisjoint(_REFERENCE_KEYWORDS) or (conditional and "default" in schema):
        return False
    for key, value in schema.items():
        if key == "properties" and isinstance(value, dict):
            subschemas: t.Iterable[t.Any] = value.values()
            below = conditional
        elif key == "items":
            subschemas = value if isinstance(value, list) else [value]
            below = conditional or isinstance(value, list)
        elif key in _CONDITIONAL_SUBSCHEMA:
            if isinstance(value, list):
                subschemas = value
            elif isinstance(value, dict) and key in {"patternProperties", "dependentSchemas"}:
                subschemas = value.values()
            else:
                subschemas = [value]
            below = True
        else:
            continue
        if not all(_fillable(sub, conditional=below) for sub in subschemas):
            return False
    return True


def _fill_defaults(instance: t.Any, schema: t.Any) -> None:
    """Store deep copies of the schema's ``default`` values for missing object properties."""
    if not isinstance(schema, dict):
        return
    if isinstance(instance, dict):
        properties = schema.get("properties", {})
        for name, subschema in properties.items():
            if name not in instance and isinstance(subschema, dict) and "default" in subschema:
                instance[name] = copy.deepcopy(subschema["default"])
        for name, subschema in properties.items():
            if name in instance:
                _fill_defaults(instance[name], subschema)
    elif isinstance(instance, list):
        items = schema.get("items")
        if isinstance(items, dict):
            for item in instance:
                _fill_defaults(item, items)


def _format_error(error: ValidationError, schema: dict[str, t.Any], prefix: str | None) -> str:
    path = list(error.absolute_path)
    keyword = str(error.validator)
    if keyword == "required":
        missing = _missing_required(error)
        if missing is not None:
            path.append(missing)
            expected = _describe_expected(_subschema_at(schema, path) or {})
            return f"{_where(path, prefix)}: required setting is missing (expected {expected})"
    secret = _is_secret(error.schema) or _path_is_secret(schema, path)
    got = _show_value(error.instance, secret=secret)
    value = error.validator_value
    problem: str
    if keyword in {"type", "anyOf", "oneOf", "enum", "const"}:
        schema_here = error.schema if isinstance(error.schema, dict) else {}
        problem = f"expected {_describe_expected(schema_here)}, got {got}"
    elif keyword in _BOUNDS:
        problem = f"expected {_BOUNDS[keyword]} {value!r}, got {got}"
    elif keyword in _EXPECTATIONS:
        problem = f"expected {_EXPECTATIONS[keyword](value)}, got {got}"
    elif keyword == "additionalProperties":
        problem = error.message
    elif secret:
        problem = f"value does not satisfy {keyword!r} ({value!r}), got {got}"
    else:
        problem = error.message
    return f"{_where(path, prefix)}: {problem}"


_BOUNDS = {
    "minimum": ">=",
    "maximum": "<=",
    "exclusiveMinimum": ">",
    "exclusiveMaximum": "<",
}


_EXPECTATIONS: dict[str, t.Callable[[t.Any], str]] = {
    "minLength": lambda n: f"at least {n} character(s)",
    "maxLength": lambda n: f"at most {n} character(s)",
    "pattern": lambda p: f"a string matching {p!r}",
    "format": lambda f: f"a valid {f}",
    "minItems": lambda n: f"at least {n} item(s)",
    "maxItems": lambda n: f"at most {n} item(s)",
    "uniqueItems": lambda _: "unique items",
    "multipleOf": lambda n: f"a multiple of {n!r}",
    "minProperties": lambda n: f"at least {n} key(s)",
    "maxProperties": lambda n: f"at most {n} key(s)",
}


def _missing_required(error: ValidationError) -> str | None:
    instance = error.instance
    if not isinstance(instance, dict):
        return None
    for name in error.validator_value:
        if name not in instance and repr(name) in error.message:
            return str(name)
    return None


def _where(path: t.Sequence[t.Any], prefix: str | None) -> str:
    location = _config_path(path)
    if prefix is None or not path or not isinstance(path[0], str):
        return location
    return f"{location} (env var {env_var_name(prefix, path[0])})"


def _subschema_at(
    schema: t.Mapping[str, t.Any], path: t.Sequence[t.Any]
) -> dict[str, t.Any] | None:
    """Return the schema of the value at ``path`` (following properties and items), if known."""
    node: t.Any = schema
    for part in path:
        if not isinstance(node, dict):
            return None
        if isinstance(part, int):
            node = node.get("items")
        else:
            properties = node.get("properties", {})
            node = properties.get(part) if isinstance(properties, dict) else None
    return node if isinstance(node, dict) else None


def _path_is_secret(schema: t.Mapping[str, t.Any], path: t.Sequence[t.Any]) -> bool:
    """Tell whether the value at ``path``, or any setting that contains it, is secret."""
    node: t.Any = schema
    for part in path:
        if not isinstance(node, dict):
            return False
        if isinstance(part, int):
            node = node.get("items")
        else:
            properties = node.get("properties", {})
            node = properties.get(part) if isinstance(properties, dict) else None
        if isinstance(node, dict) and _is_secret(node):
            return True
    return False
