"""Plugin configuration: config files, environment variables, ``.env`` files and validation.

Sources, lowest precedence first:

1. ``--config`` files, merged left to right (a later file wins, key by key at the top level);
2. a ``.env`` file, found by walking up from the working directory (only with ``--config ENV``);
3. environment variables named ``<PLUGIN_NAME>_<SETTING>`` (only with ``--config ENV``), one per
   top-level setting, converted to the type the settings schema declares.

Validation fills in schema defaults and reports every violation at once. Each message names the
setting's config path, the environment variable that can set it, the offending value (redacted
for ``secret``/``writeOnly`` settings) and what was expected.
"""

from __future__ import annotations

import copy
import json
import logging
import math
import os
import re
import typing as t

from singer_sdk.exceptions import ConfigurationError, ConfigValidationError

if t.TYPE_CHECKING:
    from pathlib import Path

    from singer_sdk.helpers.types import StrPath

    # jsonschema ships no type information; its objects are typed loosely here.
    ValidationError: t.TypeAlias = t.Any
    Validator: t.TypeAlias = t.Any

__all__ = [
    "ENV_CONFIG_SOURCE",
    "ConfigFileError",
    "ConfigFileNotFoundError",
    "ConfigInput",
    "env_var_name",
    "env_var_prefix",
    "find_dotenv",
    "load_config_files",
    "merge_config_sources",
    "merge_missing_config_jsonschema",
    "parse_environment_config",
    "read_config_file",
    "validate_config",
]

logger = logging.getLogger("singer_sdk.config")

#: The ``--config`` value that turns on environment-variable settings.
ENV_CONFIG_SOURCE = "ENV"

_TRUE_WORDS = frozenset({"true", "1", "yes", "on"})
_FALSE_WORDS = frozenset({"false", "0", "no", "off"})
_NULL_WORDS = frozenset({"", "null", "none"})
_CAST_ORDER = ("boolean", "integer", "number", "array", "object", "string")
_MAX_VALUE_CHARS = 80


class ConfigFileError(ConfigurationError):
    """A config file cannot be used: it is unreadable, not JSON, or not a JSON object."""


class ConfigFileNotFoundError(ConfigFileError, FileNotFoundError):
    """A config file given on the command line does not exist."""


# --- names ------------------------------------------------------------------------------------


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


# --- config files -----------------------------------------------------------------------------


def read_config_file(path: StrPath, *, kind: str = "Config") -> dict[str, t.Any]:
    """Return the JSON object stored in the file at ``path``.

    Args:
        path: the file to read.
        kind: what the file is, for error messages (``Config``, ``Catalog``, ``State``).

    Raises:
        ConfigFileNotFoundError: the file does not exist.
        ConfigFileError: the file cannot be read, is not valid JSON (the message gives line and
            column) or does not hold a JSON object.
    """
    try:
        with open(path, encoding="utf-8") as file:  # not pathlib: it costs ~4 ms to import
            text = file.read()
    except FileNotFoundError:
        msg = f"{kind} file not found: '{path}'"
        raise ConfigFileNotFoundError(msg) from None
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"Cannot read {kind.lower()} file '{path}': {exc}"
        raise ConfigFileError(msg) from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = (
            f"{kind} file '{path}' is not valid JSON: {exc.msg} "
            f"(line {exc.lineno}, column {exc.colno})"
        )
        raise ConfigFileError(msg) from None
    if not isinstance(value, dict):
        msg = f"{kind} file '{path}' must hold a JSON object, not a JSON {_json_kind(value)}"
        raise ConfigFileError(msg)
    return value


def load_config_files(sources: t.Iterable[StrPath]) -> tuple[dict[str, t.Any], bool]:
    """Merge the config files named by ``--config`` options.

    Args:
        sources: file paths, in command-line order; the literal ``ENV`` is not a file but turns
            on environment-variable settings.

    Returns:
        The merged config (later files win) and whether ``ENV`` was among the sources.
    """
    config: dict[str, t.Any] = {}
    parse_env = False
    for source in sources:
        if str(source) == ENV_CONFIG_SOURCE:
            parse_env = True
            continue
        config.update(read_config_file(source))
    return config, parse_env


class ConfigInput:
    """What the ``--config`` options asked for: a config dict and whether to read the environment.

    Build it with :meth:`from_cli_args` to read the files only when :attr:`config` is first used,
    so ``--about`` works even with a config file that does not exist yet.

    Args:
        config: the config itself; if None, it is read from ``paths`` on first use.
        parse_env: whether ``ENV`` was given (read ``<PLUGIN>_<SETTING>`` variables and ``.env``).
        paths: the config files to merge (later wins) when ``config`` is None.
    """

    def __init__(
        self,
        config: dict[str, t.Any] | None = None,
        parse_env: bool = False,  # positional, as in the reference
        *,
        paths: t.Sequence[StrPath] = (),
    ) -> None:
        self._config = config
        self.parse_env = parse_env
        self.paths: tuple[str, ...] = tuple(str(path) for path in paths)

    def __repr__(self) -> str:
        return f"ConfigInput(paths={self.paths!r}, parse_env={self.parse_env!r})"

    @classmethod
    def from_cli_args(cls, *args: StrPath) -> ConfigInput:
        """Return the input described by ``--config`` values (files are read lazily)."""
        paths = [arg for arg in args if str(arg) != ENV_CONFIG_SOURCE]
        return cls(parse_env=len(paths) != len(args), paths=paths)

    @property
    def config(self) -> dict[str, t.Any]:
        """The merged content of the config files, read on first use.

        Raises:
            ConfigFileError: a file is missing or not a JSON object.
        """
        if self._config is None:
            self._config, _ = load_config_files(self.paths)
        return self._config


# --- environment variables --------------------------------------------------------------------


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


# --- merging schemas --------------------------------------------------------------------------


def merge_missing_config_jsonschema(
    source_jsonschema: dict[str, t.Any],
    target_jsonschema: dict[str, t.Any],
) -> None:
    """Copy into ``target_jsonschema`` each property of ``source_jsonschema`` it does not have.

    Properties the target already declares are left untouched; copies are deep, so the source
    (e.g. a built-in setting schema) is never shared with or changed through the target.
    """
    target_properties = target_jsonschema.setdefault("properties", {})
    for name, property_schema in source_jsonschema.get("properties", {}).items():
        if name not in target_properties:
            target_properties[name] = copy.deepcopy(property_schema)


def merge_config_sources(
    inputs: t.Iterable[StrPath],
    config_schema: dict[str, t.Any],
    env_prefix: str,
) -> dict[str, t.Any]:
    """Return the config described by ``--config`` values: files merged, then the environment.

    Args:
        inputs: file paths and/or ``ENV``, in command-line order.
        config_schema: the settings schema (for environment variable names and types).
        env_prefix: the environment variable prefix, e.g. ``TAP_GITHUB_``.
    """
    config, parse_env = load_config_files(inputs)
    if parse_env:
        config.update(parse_environment_config(config_schema, env_prefix))
    return config


# --- validation -------------------------------------------------------------------------------


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


def _config_path(path: t.Sequence[t.Any]) -> str:
    return "config" + "".join(f"[{part!r}]" for part in path)


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
