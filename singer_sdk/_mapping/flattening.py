"""Schema and record flattening: nested objects become ``parent__child`` columns.

Objects are expanded into their properties down to ``max_level`` levels; deeper objects and
all arrays are written as JSON strings (and typed ``string`` in the schema). The work of
deciding what happens to each key is done once per schema by :func:`compile_flattener`; the
function it returns only walks the record.
"""

from __future__ import annotations

import re
import typing as t
from dataclasses import KW_ONLY, dataclass

from singer_sdk._exceptions import ConfigValidationError
from singer_sdk._messages import codec

__all__ = [
    "DEFAULT_FLATTENING_SEPARATOR",
    "DEFAULT_MAX_KEY_LENGTH",
    "FlatteningOptions",
    "PluginFlatteningConfig",
    "compile_flattener",
    "flatten_key",
    "flatten_record",
    "flatten_schema",
    "get_flattening_options",
]

DEFAULT_FLATTENING_SEPARATOR = "__"
DEFAULT_MAX_KEY_LENGTH = 255

_LOWERCASE = re.compile(r"[a-z]")
#: Objects and lists left nested become compact JSON text: decimals stay JSON numbers (as the
#: reference writes them), date-times RFC 3339 strings, other objects ``str()``.
_dumps = codec.encode_str


class PluginFlatteningConfig(t.TypedDict, total=False):
    """The flattening settings of a plugin's config."""

    flattening_enabled: bool
    flattening_max_depth: int
    flattening_max_key_length: int
    flattening_separator: str


@dataclass
class FlatteningOptions:
    """How to flatten: whether at all, how deep, the key separator and the longest key.

    Raises:
        ConfigValidationError: flattening is enabled without a ``max_level`` of at least 1.
    """

    _: KW_ONLY
    enabled: bool
    max_level: int = -1
    separator: str = DEFAULT_FLATTENING_SEPARATOR
    max_key_length: int = DEFAULT_MAX_KEY_LENGTH

    def __post_init__(self) -> None:
        """Check that an enabled flattening has a depth."""
        if self.enabled and self.max_level < 0:
            msg = "Flattening is misconfigured"
            raise ConfigValidationError(
                msg, errors=["flattening_max_depth is required when flattening is enabled"]
            )

    @classmethod
    def from_dict(cls, data: PluginFlatteningConfig | t.Mapping[str, t.Any]) -> FlatteningOptions:
        """Return the options described by a plugin config's ``flattening_*`` settings."""
        kwargs: dict[str, t.Any] = {}
        if (max_depth := data.get("flattening_max_depth")) is not None:
            kwargs["max_level"] = int(max_depth)
        if (max_key_length := data.get("flattening_max_key_length")) is not None:
            kwargs["max_key_length"] = int(max_key_length)
        if (separator := data.get("flattening_separator")) is not None:
            kwargs["separator"] = str(separator)
        return cls(enabled=bool(data.get("flattening_enabled", False)), **kwargs)


def get_flattening_options(
    plugin_config: PluginFlatteningConfig | t.Mapping[str, t.Any],
) -> FlatteningOptions:
    """Return the flattening options of a plugin config (``enabled`` False when not asked)."""
    return FlatteningOptions.from_dict(plugin_config)


def flatten_key(
    key_name: str,
    parent_keys: t.Sequence[str],
    separator: str = DEFAULT_FLATTENING_SEPARATOR,
    *,
    max_key_length: int = DEFAULT_MAX_KEY_LENGTH,
) -> str:
    """Return the flat column name of ``key_name`` nested under ``parent_keys``.

    While the joined name is ``max_key_length`` characters or longer, the segments are
    abbreviated from the outermost in: each is camel-cased and stripped of its lower-case
    letters (``parent_object`` becomes ``po``); a segment that would shrink to one character
    keeps its first three.

    >>> flatten_key("foo", ["bar", "baz"])
    'bar__baz__foo'
    """
    parts = [*parent_keys, key_name]
    index = 0
    while len(separator.join(parts)) >= max_key_length and index < len(parts):
        part = parts[index]
        camel = "".join(word[:1].upper() + word[1:] for word in part.split("_"))
        short = _LOWERCASE.sub("", camel)
        parts[index] = (short if len(short) > 1 else part[:3]).lower()
        index += 1
    return separator.join(parts)


def _types(node: t.Mapping[str, t.Any]) -> list[str]:
    raw = node.get("type")
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, list):
        return [str(x) for x in raw]
    return []


def _first_composite(node: t.Mapping[str, t.Any]) -> dict[str, t.Any] | None:
    for key in ("anyOf", "oneOf", "allOf"):
        options = node.get(key)
        if isinstance(options, list):
            for option in options:
                if isinstance(option, dict) and option.get("type") not in (None, "null"):
                    return option
    return None


class _Plan:
    """What to do with each known key of one object level (see :func:`compile_flattener`)."""

    __slots__ = ("children", "names")

    def __init__(self) -> None:
        #: key -> flat column name (for keys written as they are, or as JSON).
        self.names: dict[str, str] = {}
        #: key -> plan of the nested object that is expanded into columns.
        self.children: dict[str, _Plan] = {}


def _flatten_node(
    node: t.Mapping[str, t.Any],
    parents: list[str],
    level: int,
    options: FlatteningOptions,
    out: dict[str, t.Any],
    plan: _Plan,
) -> None:
    for name, prop in (node.get("properties") or {}).items():
        column = flatten_key(
            name, parents, options.separator, max_key_length=options.max_key_length
        )
        prop = prop if isinstance(prop, dict) else {}
        types = _types(prop)
        if (
            "object" in types
            and isinstance(prop.get("properties"), dict)
            and (level < options.max_level)
        ):
            child = _Plan()
            plan.children[name] = child
            _flatten_node(prop, [*parents, name], level + 1, options, out, child)
            continue
        plan.names[name] = column
        if types:
            if "array" in types or ("object" in types and options.max_level > 0):
                schema: dict[str, t.Any] = {
                    "type": ["string", "null"] if "null" in types else "string"
                }
            else:
                schema = dict(prop)
        elif (composite := _first_composite(prop)) is not None:
            kind = composite.get("type")
            schema = dict(composite)
            if kind in ("string", "array", "object"):
                schema["type"] = ["null", kind]
        else:
            schema = {"type": ["null", "string"]}
        if column in out:
            msg = f"Duplicate column name produced in schema: {column}"
            raise ValueError(msg)
        out[column] = schema


def compile_flattener(
    schema: t.Mapping[str, t.Any], options: FlatteningOptions
) -> tuple[dict[str, t.Any], t.Callable[[t.Mapping[str, t.Any]], dict[str, t.Any]]]:
    """Flatten ``schema`` once and return it with a function that flattens its records.

    Args:
        schema: the stream's JSON schema (an object schema with ``properties``).
        options: the flattening options (``max_level`` levels are expanded).

    Returns:
        The flattened schema (other top-level keywords kept) and a function that returns the
        flat copy of a record: known nested objects are expanded into columns, values that
        are dicts or lists at the deepest level become compact JSON strings. Keys the schema
        does not know are flattened the same way, by their shape.

    Raises:
        ValueError: two properties flatten to the same column name.
    """
    properties: dict[str, t.Any] = {}
    plan = _Plan()
    _flatten_node(schema, [], 0, options, properties, plan)
    flat_schema = {key: value for key, value in schema.items() if key != "properties"}
    flat_schema["properties"] = properties
    separator = options.separator
    max_key_length = options.max_key_length
    max_level = options.max_level

    def unknown(
        key: str, value: t.Any, parents: list[str], level: int, out: dict[str, t.Any]
    ) -> None:
        column = flatten_key(key, parents, separator, max_key_length=max_key_length)
        if isinstance(value, dict) and level < max_level and column not in properties:
            for sub_key, sub_value in value.items():
                unknown(sub_key, sub_value, [*parents, key], level + 1, out)
        elif isinstance(value, dict | list):
            out[column] = _dumps(value)
        else:
            out[column] = value

    def walk(
        node: t.Mapping[str, t.Any],
        level_plan: _Plan,
        parents: list[str],
        level: int,
        out: dict[str, t.Any],
    ) -> None:
        names = level_plan.names
        children = level_plan.children
        for key, value in node.items():
            column = names.get(key)
            if column is not None:
                out[column] = _dumps(value) if isinstance(value, dict | list) else value
            elif key in children and isinstance(value, dict):
                walk(value, children[key], [*parents, key], level + 1, out)
            else:
                unknown(key, value, parents, level, out)

    def flatten(record: t.Mapping[str, t.Any]) -> dict[str, t.Any]:
        out: dict[str, t.Any] = {}
        walk(record, plan, [], 0, out)
        return out

    return flat_schema, flatten


def flatten_schema(
    schema: dict[str, t.Any],
    separator: str = DEFAULT_FLATTENING_SEPARATOR,
    max_level: int = 0,
    *,
    max_key_length: int = DEFAULT_MAX_KEY_LENGTH,
) -> dict[str, t.Any]:
    """Return ``schema`` with nested object properties flattened ``max_level`` levels deep."""
    options = FlatteningOptions(
        enabled=True, max_level=max_level, separator=separator, max_key_length=max_key_length
    )
    return compile_flattener(schema, options)[0]


def flatten_record(
    record: dict[str, t.Any],
    flattened_schema: dict[str, t.Any],
    max_level: int,
    separator: str = DEFAULT_FLATTENING_SEPARATOR,
    *,
    max_key_length: int = DEFAULT_MAX_KEY_LENGTH,
) -> dict[str, t.Any]:
    """Return the flat copy of ``record`` (one-off use; streams compile a flattener once).

    A nested object is expanded when its flat name is not itself a column of
    ``flattened_schema``; values left as dicts or lists become compact JSON strings.
    """
    columns = flattened_schema.get("properties") or {}

    def walk(
        node: t.Mapping[str, t.Any], parents: list[str], level: int, out: dict[str, t.Any]
    ) -> None:
        for key, value in node.items():
            column = flatten_key(key, parents, separator, max_key_length=max_key_length)
            if isinstance(value, dict) and column not in columns and level < max_level:
                walk(value, [*parents, key], level + 1, out)
            elif isinstance(value, dict | list):
                out[column] = _dumps(value)
            else:
                out[column] = value

    result: dict[str, t.Any] = {}
    walk(record, [], 0, result)
    return result
