"""Schema predicates: what a JSON Schema says about the values it describes, in one place.

"Is this property a date-time?", "is it a string?", "which types does it name?": every part of the
library that reads a schema asks here. Two families live side by side on purpose:

- The reference-compatible predicates (``is_datetime_type``, ``is_string_type``,
  ``get_datelike_property_type``, ...) keep the names, signatures and quirks of Meltano's
  ``singer_sdk.helpers._typing`` (``None`` for a schema that states no type, ``ValueError`` where
  the reference raises one); ``singer_sdk.helpers._typing`` re-exports them for connectors.
- The predicates the library's own compilers use (:func:`types_of`, :func:`datelike_format`,
  :func:`declares_datetime`, ...) answer the same questions without raising, for any schema a
  tap or target may be given.
"""

from __future__ import annotations

import typing as t

from singer_sdk._exceptions import EmptySchemaTypeError
from singer_sdk._schema.types import (
    JSONSCHEMA_ANNOTATION_SECRET,
    JSONSCHEMA_ANNOTATION_WRITEONLY,
)

__all__ = [
    "DATELIKE_FORMATS",
    "datelike_format",
    "declared_types",
    "declares_datetime",
    "get_datelike_property_type",
    "is_array_type",
    "is_boolean_only",
    "is_boolean_type",
    "is_date_or_datetime_type",
    "is_datetime_type",
    "is_integer_type",
    "is_null_type",
    "is_number_type",
    "is_object_type",
    "is_secret_type",
    "is_string_array_type",
    "is_string_type",
    "is_structured_object",
    "is_uniform_array",
    "is_uniform_list",
    "jsonschema_type_check",
    "mentions_boolean",
    "names_type",
    "single_branch",
    "types_of",
    "uniform_items",
]

#: The string formats a sink parses into :mod:`datetime` objects.
DATELIKE_FORMATS = frozenset({"date-time", "date", "time"})
_DATETIME_FORMATS = frozenset({"date-time"})
_DATE_OR_DATETIME_FORMATS = frozenset({"date", "date-time"})


# --- reference-compatible predicates (Meltano's helpers._typing) ---------------------------------


def _type_entries(property_schema: dict[str, t.Any]) -> list[t.Any]:
    """Return the ``type`` values to inspect: one per ``anyOf`` branch, else the schema's own."""
    if "anyOf" in property_schema:
        return [
            branch.get("type", []) if isinstance(branch, dict) else branch
            for branch in property_schema["anyOf"]
        ]
    return [property_schema.get("type")]


def _has_type(property_schema: dict[str, t.Any], name: str) -> bool | None:
    if "anyOf" not in property_schema and "type" not in property_schema:
        return None
    return any(
        entry == name or (isinstance(entry, (list, tuple, str)) and name in entry)
        for entry in _type_entries(property_schema)
    )


def is_object_type(property_schema: dict[str, t.Any]) -> bool | None:
    """Return whether a schema (or one of its ``anyOf`` branches) is of type ``object``.

    Args:
        property_schema: A JSON Schema.

    Returns:
        ``None`` if the schema has neither ``type`` nor ``anyOf``, else a bool.
    """
    return _has_type(property_schema, "object")


def is_boolean_type(property_schema: dict[str, t.Any]) -> bool | None:
    """Return whether a schema (or one of its ``anyOf`` branches) is of type ``boolean``.

    Args:
        property_schema: A JSON Schema.

    Returns:
        ``None`` if the schema has neither ``type`` nor ``anyOf``, else a bool.
    """
    return _has_type(property_schema, "boolean")


def is_integer_type(property_schema: dict[str, t.Any]) -> bool | None:
    """Return whether a schema (or one of its ``anyOf`` branches) is of type ``integer``.

    Args:
        property_schema: A JSON Schema.

    Returns:
        ``None`` if the schema has neither ``type`` nor ``anyOf``, else a bool.
    """
    return _has_type(property_schema, "integer")


def is_number_type(property_schema: dict[str, t.Any]) -> bool | None:
    """Return whether a schema (or one of its ``anyOf`` branches) is of type ``number``.

    ``integer`` does not count as ``number`` here.

    Args:
        property_schema: A JSON Schema.

    Returns:
        ``None`` if the schema has neither ``type`` nor ``anyOf``, else a bool.
    """
    return _has_type(property_schema, "number")


def is_string_type(property_schema: dict[str, t.Any]) -> bool | None:
    """Return whether a schema (or one of its ``anyOf`` branches) is of type ``string``.

    Args:
        property_schema: A JSON Schema.

    Returns:
        ``None`` if the schema has neither ``type`` nor ``anyOf``, else a bool.
    """
    return _has_type(property_schema, "string")


def is_null_type(property_schema: dict[str, t.Any]) -> bool | None:
    """Return whether a schema (or one of its ``anyOf`` branches) accepts ``null``.

    Args:
        property_schema: A JSON Schema.

    Returns:
        ``None`` if the schema has neither ``type`` nor ``anyOf``, else a bool.
    """
    return _has_type(property_schema, "null")


def _is_format_type(
    type_dict: dict[str, t.Any], formats: frozenset[str], *, reject_empty: bool
) -> bool:
    """Shared walk of :func:`is_datetime_type` and :func:`is_date_or_datetime_type`."""
    if reject_empty and not type_dict:
        raise EmptySchemaTypeError
    for keyword, combine in (("anyOf", any), ("allOf", all), ("oneOf", any)):
        if keyword in type_dict:
            return combine(
                _is_format_type(branch, formats, reject_empty=reject_empty)
                for branch in type_dict[keyword]
            )
    if "type" in type_dict:
        return type_dict.get("format") in formats
    msg = f"Could not detect type of replication key using schema '{type_dict}'"
    raise ValueError(msg)


def is_datetime_type(type_dict: dict[str, t.Any]) -> bool:
    """Return whether a schema is a ``date-time`` string (directly or via anyOf/oneOf/allOf).

    Args:
        type_dict: A JSON Schema, typically of a replication key.

    Returns:
        True if the schema (any ``anyOf``/``oneOf`` branch, every ``allOf`` branch) has
        ``format: date-time``.

    Raises:
        EmptySchemaTypeError: If the schema is empty.
        ValueError: If no ``type`` is found where one is expected.
    """
    return _is_format_type(type_dict, _DATETIME_FORMATS, reject_empty=True)


def is_date_or_datetime_type(type_dict: dict[str, t.Any]) -> bool:
    """Return whether a schema is a ``date`` or ``date-time`` string.

    Args:
        type_dict: A JSON Schema, typically of a replication key.

    Returns:
        True if the schema (any ``anyOf``/``oneOf`` branch, every ``allOf`` branch) has
        ``format`` ``date`` or ``date-time``.

    Raises:
        ValueError: If no ``type`` is found where one is expected (an empty schema included).
    """
    return _is_format_type(type_dict, _DATE_OR_DATETIME_FORMATS, reject_empty=False)


def _is_string_with_datelike_format(type_dict: t.Any) -> bool:
    return (
        isinstance(type_dict, dict)
        and "string" in type_dict.get("type", [])
        and type_dict.get("format") in {"date-time", "date", "time"}
    )


def get_datelike_property_type(property_schema: dict[str, t.Any]) -> str | None:
    """Return the date-like format of a string schema, looking into ``anyOf`` branches.

    Args:
        property_schema: A JSON Schema.

    Returns:
        ``"date-time"``, ``"date"`` or ``"time"``, or ``None`` if the schema is not a string
        with one of these formats.
    """
    if _is_string_with_datelike_format(property_schema):
        return t.cast("str", property_schema["format"])
    for branch in property_schema.get("anyOf", []):
        if _is_string_with_datelike_format(branch):
            return t.cast("str", branch["format"])
    return None


def _require_type(type_dict: dict[str, t.Any]) -> None:
    if not type_dict:
        raise EmptySchemaTypeError
    if "type" not in type_dict:
        msg = f"Could not detect type from schema '{type_dict}'"
        raise ValueError(msg)


def is_array_type(type_dict: dict[str, t.Any]) -> bool:
    """Return whether a schema is of type ``array`` (any ``anyOf``, every ``allOf`` branch).

    Args:
        type_dict: A JSON Schema.

    Returns:
        True if the schema's ``type`` includes ``array``.

    Raises:
        EmptySchemaTypeError: If the schema (or a branch) is empty.
        ValueError: If the schema (or a branch) has no ``type``.
    """
    if type_dict and "anyOf" in type_dict:
        return any(is_array_type(branch) for branch in type_dict["anyOf"])
    if type_dict and "allOf" in type_dict:
        return all(is_array_type(branch) for branch in type_dict["allOf"])
    _require_type(type_dict)
    return "array" in type_dict["type"]


def is_string_array_type(type_dict: dict[str, t.Any]) -> bool:
    """Return whether a schema is an array of strings (any ``anyOf``, every ``allOf`` branch).

    Args:
        type_dict: A JSON Schema.

    Returns:
        True if the schema's ``type`` includes ``array`` and its ``items`` are strings.

    Raises:
        EmptySchemaTypeError: If the schema (or a branch) is empty.
        ValueError: If the schema (or a branch) has no ``type``.
    """
    if type_dict and "anyOf" in type_dict:
        return any(is_string_array_type(branch) for branch in type_dict["anyOf"])
    if type_dict and "allOf" in type_dict:
        return all(is_string_array_type(branch) for branch in type_dict["allOf"])
    _require_type(type_dict)
    items = type_dict.get("items")
    return "array" in type_dict["type"] and isinstance(items, dict) and bool(is_string_type(items))


def is_uniform_list(property_schema: dict[str, t.Any]) -> bool | None:
    """Return whether a schema is an array whose items all follow one schema (not a tuple).

    Args:
        property_schema: A JSON Schema.

    Returns:
        True for an array schema with a dict ``items`` and no ``prefixItems``.

    Raises:
        EmptySchemaTypeError: If the schema is empty.
        ValueError: If the schema has no ``type``.
    """
    return (
        is_array_type(property_schema) is True
        and "items" in property_schema
        and "prefixItems" not in property_schema
        and isinstance(property_schema["items"], dict)
    )


def is_secret_type(type_dict: dict[str, t.Any]) -> bool:
    """Return whether a schema, or anything nested in it, is marked secret or write-only.

    Args:
        type_dict: A JSON Schema, typically of a setting.

    Returns:
        True if ``secret`` or ``writeOnly`` is true on the schema, on one of its ``properties``,
        ``items`` or ``anyOf``/``oneOf``/``allOf`` branches, at any depth.
    """
    if type_dict.get(JSONSCHEMA_ANNOTATION_WRITEONLY) or type_dict.get(
        JSONSCHEMA_ANNOTATION_SECRET
    ):
        return True
    nested: list[t.Any] = []
    properties = type_dict.get("properties")
    if isinstance(properties, dict):
        nested.extend(properties.values())
    nested.append(type_dict.get("items"))
    for keyword in ("anyOf", "oneOf", "allOf"):
        branches = type_dict.get(keyword)
        if isinstance(branches, list):
            nested.extend(branches)
    return any(isinstance(sub, dict) and is_secret_type(sub) for sub in nested)


# --- predicates of the compilers (never raise) ---------------------------------------------------


def types_of(schema: dict[str, t.Any]) -> set[str] | None:
    """Return the JSON types a schema names (through ``anyOf`` too), or None if it names none."""
    declared = schema.get("type")
    if isinstance(declared, str):
        return {declared}
    if isinstance(declared, list):
        return {name for name in declared if isinstance(name, str)}
    branches = schema.get("anyOf")
    if not isinstance(branches, list) or not branches:
        return None
    names: set[str] = set()
    for branch in branches:
        branch_types = types_of(branch) if isinstance(branch, dict) else None
        if branch_types is None:
            return None
        names |= branch_types
    return names


def names_type(schema: dict[str, t.Any], name: str) -> bool:
    declared = schema.get("type")
    return declared == name or (isinstance(declared, list) and name in declared)


def is_boolean_only(schema: dict[str, t.Any]) -> bool:
    types = types_of(schema)
    return types is not None and "boolean" in types and types <= {"boolean", "null"}


def mentions_boolean(schema: dict[str, t.Any]) -> bool:
    if names_type(schema, "boolean"):
        return True
    branches = schema.get("anyOf")
    return isinstance(branches, list) and any(
        branch == "boolean" or (isinstance(branch, dict) and names_type(branch, "boolean"))
        for branch in branches
    )


def single_branch(
    schema: dict[str, t.Any], accept: t.Callable[[dict[str, t.Any]], bool]
) -> dict[str, t.Any] | None:
    """Return the schema itself if accepted, else its only accepted ``anyOf`` branch."""
    if accept(schema):
        return schema
    branches = schema.get("anyOf")
    if not isinstance(branches, list):
        return None
    accepted = [branch for branch in branches if isinstance(branch, dict) and accept(branch)]
    return accepted[0] if len(accepted) == 1 else None


def is_structured_object(schema: dict[str, t.Any]) -> bool:
    return names_type(schema, "object") and (
        isinstance(schema.get("properties"), dict)
        or isinstance(schema.get("patternProperties"), dict)
    )


def is_uniform_array(schema: dict[str, t.Any]) -> bool:
    return (
        names_type(schema, "array")
        and isinstance(schema.get("items"), dict)
        and "prefixItems" not in schema
    )


def uniform_items(schema: dict[str, t.Any]) -> dict[str, t.Any] | None:
    branch = single_branch(schema, is_uniform_array)
    if branch is not None:
        return t.cast("dict[str, t.Any]", branch["items"])
    items = schema.get("items")
    branches = schema.get("anyOf")
    if (
        isinstance(items, dict)
        and isinstance(branches, list)
        and "prefixItems" not in schema
        and any(isinstance(b, dict) and names_type(b, "array") for b in branches)
    ):
        return items
    return None


def declared_types(schema: dict[str, t.Any]) -> list[str]:
    """Return the ``type`` of a schema that has one, as a list (``"string"`` -> ``["string"]``)."""
    declared = schema["type"]
    return [declared] if isinstance(declared, str) else list(declared)


def datelike_format(prop: t.Any) -> str | None:
    """Return the date-like format of a property schema (or of its first string anyOf branch).

    Stricter than :func:`get_datelike_property_type`: the ``type`` must be ``"string"`` or a list
    naming it, and any value is accepted (a non-schema has no format).
    """
    for candidate in [prop, *(prop.get("anyOf", ()) if isinstance(prop, dict) else ())]:
        if not isinstance(candidate, dict):
            continue
        declared = candidate.get("type")
        is_string = declared == "string" or (isinstance(declared, list) and "string" in declared)
        if is_string and candidate.get("format") in DATELIKE_FORMATS:
            return t.cast("str", candidate["format"])
    return None


def declares_datetime(property_schema: t.Mapping[str, t.Any]) -> bool:
    """Return True if a property schema declares a date-time (directly or in an ``anyOf``).

    Only ``format`` counts (the ``type`` is not looked at), in the schema or in any ``anyOf``
    branch at any depth: how a stream tells whether its replication key is a timestamp.
    """
    if property_schema.get("format") == "date-time":
        return True
    return any(
        isinstance(option, t.Mapping) and declares_datetime(option)
        for option in property_schema.get("anyOf", ())
    )


def jsonschema_type_check(jsonschema_type: dict[str, t.Any], type_check: tuple[str, ...]) -> bool:
    """Return whether a schema, or one of its ``anyOf`` branches, allows one of ``type_check``.

    ``singer_sdk.typing._jsonschema_type_check`` of the reference, which SQL connectors call.
    """
    declared = jsonschema_type.get("type")
    names = declared if isinstance(declared, list | tuple) else (declared,)
    if any(name in type_check for name in names):
        return True
    return any(
        isinstance(branch, dict) and jsonschema_type_check(branch, type_check)
        for branch in jsonschema_type.get("anyOf", ())
    )
