"""Python values JSON has no type for, and the JSON-compatible values a tap writes instead.

Date-times become RFC 3339 strings in UTC, dates, times and durations ISO strings, bytes hex
strings, UUIDs strings; NaN and infinities become ``None``; the values of boolean-only properties
become booleans where the intent is clear. :mod:`singer_sdk._schema.conform` applies these
converters to the values a record's schema says may need one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import math
import sys
import typing as t

__all__ = [
    "BOOLEAN_CONVERTED",
    "PLAIN",
    "UNCONVERTED",
    "Convert",
    "conform_boolean",
    "conform_boolean_or_other",
    "conform_primitive_property",
    "conform_scalar",
    "datetime_to_json",
    "is_uuid",
]

#: Converts one value to its JSON-compatible stand-in.
Convert: t.TypeAlias = t.Callable[[t.Any], t.Any]

_UTC = dt.UTC
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=_UTC)
#: Classes whose values are already JSON-compatible (except in boolean-only properties).
PLAIN: frozenset[type] = frozenset({str, int, bool, type(None)})
#: Classes the first pass over an object's values lets by: plain values and containers.
UNCONVERTED: frozenset[type] = PLAIN | {dict, list}
#: Strings a boolean-only property accepts, lower-cased and stripped.
_BOOLEAN_STRINGS: dict[str, bool] = {"true": True, "false": False, "1": True, "0": False}
#: Value classes a boolean-only property converts even when they are plain.
BOOLEAN_CONVERTED: frozenset[type] = frozenset({int, str, float})


def datetime_to_json(value: dt.datetime) -> str:
    """Return a date-time as an RFC 3339 string in UTC, always with microseconds.

    Naive date-times are taken to be in UTC; aware ones are converted to UTC (one that cannot be
    converted without leaving the representable range keeps its own offset).

    Args:
        value: The date-time to format.

    Returns:
        A string like ``2024-01-02T03:04:05.000000+00:00``.
    """
    tzinfo = value.tzinfo
    if value.__class__ is dt.datetime and (tzinfo is None or tzinfo is _UTC):
        # The common cases, formatted without replace() and timespec (each costs as much).
        text = value.isoformat()
        if tzinfo is None:
            return f"{text}+00:00" if value.microsecond else f"{text}.000000+00:00"
        return text if value.microsecond else f"{text[:-6]}.000000+00:00"
    offset = None if tzinfo is None else value.utcoffset()
    if offset is None:
        value = value.replace(tzinfo=_UTC)
    else:
        with contextlib.suppress(OverflowError):  # keeps its offset if UTC is out of range
            value = value.astimezone(_UTC)
    return value.isoformat(timespec="microseconds")


def conform_scalar(value: t.Any) -> t.Any:
    """Return a JSON-compatible stand-in for a value that is not conformed as a container."""
    cls = value.__class__
    if cls in PLAIN or cls is dict or cls is list:
        return value
    if cls is float:
        return value if value - value == 0.0 else None
    convert = _CONVERT_BY_CLASS.get(cls)
    if convert is not None:
        return convert(value)
    # Subclasses (and UUIDs) take the longer way.
    if isinstance(value, dt.datetime):
        return datetime_to_json(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return _timedelta_to_json(value)
    if isinstance(value, decimal.Decimal):
        return _finite_decimal(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    if is_uuid(value):
        return str(value)
    return value


def _finite_decimal(value: decimal.Decimal) -> decimal.Decimal | None:
    return value if value.is_finite() else None


def _timedelta_to_json(value: dt.timedelta) -> str:
    return (_EPOCH + value).isoformat()


#: Converters of the exact classes that need one, looked up before any isinstance() check.
_CONVERT_BY_CLASS: dict[type, Convert] = {
    dt.datetime: datetime_to_json,
    dt.date: dt.date.isoformat,
    dt.time: dt.time.isoformat,
    dt.timedelta: _timedelta_to_json,
    decimal.Decimal: _finite_decimal,
    bytes: bytes.hex,
    bytearray: bytearray.hex,
}


def is_uuid(value: object) -> bool:
    """Return whether a value is a UUID (without importing ``uuid``: none exist before it is)."""
    module = sys.modules.get("uuid")
    return module is not None and isinstance(value, module.UUID)


def conform_boolean_or_other(value: t.Any) -> t.Any:
    """Like :func:`conform_scalar`, but bytes become a bit: ``b"\\x00"`` is false."""
    if isinstance(value, (bytes, bytearray)):
        return value != b"\x00"
    return conform_scalar(value)


def conform_boolean(value: t.Any) -> t.Any:
    """Return the value of a boolean-only property as a boolean where the intent is clear."""
    cls = value.__class__
    if cls is bool or value is None:
        return value
    if cls is int:
        return value != 0
    if cls is str:
        return _BOOLEAN_STRINGS.get(value.strip().lower(), value)
    if cls is float:
        return value != 0.0 if value - value == 0.0 else None
    converted = conform_boolean_or_other(value)
    if converted is not value:
        return converted
    if isinstance(value, (int, float, decimal.Decimal)):
        return value != 0
    if isinstance(value, str):
        return _BOOLEAN_STRINGS.get(value.strip().lower(), value)
    return value


def conform_primitive_property(elem: t.Any, property_schema: dict[str, t.Any]) -> t.Any:
    """Return a JSON-compatible stand-in for one value that is not an object or array.

    The per-value function of Meltano's SDK (``helpers._typing._conform_primitive_property``),
    kept for connectors that call or wrap it: date-times, dates, times and durations become
    strings, bytes a hex string (or, in a boolean property, a bit), NaN and infinities None, and
    values of a boolean-only property booleans (non-zero is true).
    """
    if isinstance(elem, (bytes, bytearray)):
        return elem != b"\x00" if _names_boolean(property_schema) else elem.hex()
    if isinstance(elem, (dt.date, dt.time, dt.timedelta, float, decimal.Decimal)):
        return conform_scalar(elem)
    if _only_boolean(property_schema):
        return None if elem is None else elem != 0
    return elem


def _names_boolean(schema: dict[str, t.Any]) -> bool:
    """Whether the schema's type, or one of its ``anyOf`` branches' types, is boolean."""
    kinds = schema.get("type")
    if kinds == "boolean" or (isinstance(kinds, list) and "boolean" in kinds):
        return True
    branches = schema.get("anyOf")
    return isinstance(branches, list) and any(
        isinstance(branch, dict) and _names_boolean(branch) for branch in branches
    )


def _only_boolean(schema: dict[str, t.Any]) -> bool:
    """Whether the schema's type is boolean alone, or boolean and null."""
    kinds = schema.get("type")
    if kinds == "boolean":
        return True
    return (
        isinstance(kinds, list)
        and bool(kinds)
        and set(kinds) <= {"boolean", "null"}
        and ("boolean" in kinds)
    )
