"""Infer a stream's JSON Schema from sample records.

Every sample is folded into a :class:`_Node` per position (the root, each property, each
array's items) that only records facts (which JSON types were seen, whether every string was a
date-time, the digits of decimals); the schema is built from those facts at the end. Each fact
is a union or a conjunction, so the result does not depend on the order of the records.

Rules:

- every property is nullable, except key and replication-key properties that are never missing
  or null in the samples;
- integers and numbers together are ``number``; other mixes become a list of types;
- objects merge as the union of their properties, arrays merge their items' schemas;
- a property seen only as null gets a permissive schema (``{}``) and a warning;
- ``format: date-time`` (``date``) only when every non-null string sample is a strict RFC 3339
  date-time (full-date);
- with ``decimal=True``, numbers with more digits than a float keeps get the
  ``x-singer.decimal`` annotation with ``precision`` and ``scale``.
"""

from __future__ import annotations

import datetime as dt
import decimal
import logging
import re
import typing as t

__all__ = ["infer_schema", "is_rfc3339_date", "is_rfc3339_datetime"]

_LOGGER = logging.getLogger("singer_sdk.schema")

#: The JSON types in the order a ``type`` list names them; ``null`` always comes last.
_TYPE_ORDER = ("object", "array", "boolean", "integer", "number", "string")

_DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})",
    re.ASCII,
)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)

#: Digits a float64 keeps exactly in every case.
_FLOAT_DIGITS = 15


def is_rfc3339_datetime(value: str) -> bool:
    """Return whether ``value`` is a strict RFC 3339 ``date-time`` (with a zone, valid fields)."""
    match = _DATE_TIME.fullmatch(value)
    if match is None:
        return False
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    zone = match.group(8)
    if zone not in {"Z", "z"} and (int(zone[1:3]) > 23 or int(zone[4:6]) > 59):
        return False
    try:
        dt.datetime(year, month, day, hour, minute, min(second, 59))
    except ValueError:
        return False
    return second <= 60  # a leap second is valid RFC 3339


def is_rfc3339_date(value: str) -> bool:
    """Return whether ``value`` is a strict RFC 3339 ``full-date`` (``YYYY-MM-DD``)."""
    match = _DATE.fullmatch(value)
    if match is None:
        return False
    try:
        dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return False
    return True


def _decimal_digits(value: decimal.Decimal) -> tuple[int, int] | None:
    """(precision, scale) of a finite decimal, or None for NaN and infinities."""
    if not value.is_finite():
        return None
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    scale = max(0, -exponent)
    whole = max(0, len(digits) + exponent)
    return max(whole + scale, 1), scale


class _Node:
    """The facts gathered about one position of the samples."""

    __slots__ = (
        "all_dates",
        "all_datetimes",
        "items",
        "max_scale",
        "max_whole",
        "present",
        "properties",
        "seen",
        "wide_decimal",
    )

    def __init__(self) -> None:
        self.seen: set[str] = set()  # JSON type names, "null" included
        self.present = 0  # times a value (null included) was seen here
        self.all_datetimes = True  # every string so far was an RFC 3339 date-time
        self.all_dates = True  # every string so far was an RFC 3339 full-date
        self.properties: dict[str, _Node] = {}
        self.items: _Node | None = None
        self.wide_decimal = False  # a number had more digits than a float keeps
        self.max_whole = 0
        self.max_scale = 0

    def add(self, value: t.Any) -> None:
        self.present += 1
        if value is None:
            self.seen.add("null")
        elif isinstance(value, bool):
            self.seen.add("boolean")
        elif isinstance(value, int):
            self.seen.add("integer")
        elif isinstance(value, float):
            self.seen.add("number")
        elif isinstance(value, decimal.Decimal):
            self._add_decimal(value)
        elif isinstance(value, str):
            self.seen.add("string")
            if self.all_datetimes and not is_rfc3339_datetime(value):
                self.all_datetimes = False
            if self.all_dates and not is_rfc3339_date(value):
                self.all_dates = False
        elif isinstance(value, t.Mapping):
            self.seen.add("object")
            for key, child in value.items():
                node = self.properties.get(key)
                if node is None:
                    node = self.properties[key] = _Node()
                node.add(child)
        elif isinstance(value, list | tuple):
            self.seen.add("array")
            if self.items is None:
                self.items = _Node()
            for item in value:
                self.items.add(item)
        else:
            msg = f"Cannot infer a JSON Schema type for a {type(value).__name__} value"
            raise TypeError(msg)

    def _add_decimal(self, value: decimal.Decimal) -> None:
        self.seen.add("number")  # a Decimal is never an integer to a JSON Schema validator
        digits = _decimal_digits(value)
        if digits is None:
            return
        precision, scale = digits
        self.max_whole = max(self.max_whole, precision - scale)
        self.max_scale = max(self.max_scale, scale)
        if precision > _FLOAT_DIGITS:
            self.wide_decimal = True

    def schema(
        self,
        path: str,
        *,
        nullable: bool,
        decimal_annotation: bool,
        warnings: list[str],
    ) -> dict[str, t.Any]:
        """Return the JSON Schema of this position (``path`` names it in warnings)."""
        kinds = self.seen - {"null"}
        if not kinds:
            warnings.append(path)
            return {}
        if {"integer", "number"} <= kinds:
            kinds.discard("integer")
        names = [name for name in _TYPE_ORDER if name in kinds]
        if nullable or "null" in self.seen:
            names.append("null")
        schema: dict[str, t.Any] = {"type": names}
        if "object" in kinds:
            schema["properties"] = {
                key: node.schema(
                    f"{path}.{key}",
                    nullable=True,
                    decimal_annotation=decimal_annotation,
                    warnings=warnings,
                )
                for key, node in sorted(self.properties.items())
            }
        if "array" in kinds:
            items = self.items
            schema["items"] = (
                items.schema(
                    f"{path}[]",
                    nullable=False,
                    decimal_annotation=decimal_annotation,
                    warnings=warnings,
                )
                if items is not None and items.present
                else {}
            )
        if kinds == {"string"}:
            if self.all_datetimes:
                schema["format"] = "date-time"
            elif self.all_dates:
                schema["format"] = "date"
        if decimal_annotation and self.wide_decimal and kinds <= {"integer", "number"}:
            schema["format"] = "x-singer.decimal"
            schema["precision"] = self.max_whole + self.max_scale
            schema["scale"] = self.max_scale
        return schema


def infer_schema(
    records: t.Iterable[t.Mapping[str, t.Any]],
    *,
    key_properties: t.Iterable[str] = (),
    replication_key: str | None = None,
    decimal: bool = False,
) -> dict[str, t.Any]:
    """Return a JSON Schema that every one of ``records`` validates against.

    The result is the same for the records in any order; its keys are sorted.

    Args:
        records: the sample records (JSON objects, as ``json.loads`` gives them; parse with
            ``parse_float=decimal.Decimal`` to keep the digits of numbers for ``decimal``).
        key_properties: the stream's primary key properties: not nullable when no sample
            lacks them or has them null.
        replication_key: the replication key property: not nullable in the same way.
        decimal: annotate numbers that have more digits than a float keeps with
            ``format: x-singer.decimal``, ``precision`` and ``scale``.

    Raises:
        TypeError: a record is not a mapping, or holds a value that is not JSON.
    """
    root = _Node()
    count = 0
    for record in records:
        if not isinstance(t.cast("object", record), t.Mapping):
            msg = f"A sample record must be a JSON object, not a {type(record).__name__}"
            raise TypeError(msg)
        root.add(record)
        count += 1
    required = {*key_properties, *([replication_key] if replication_key else [])}
    warnings: list[str] = []
    properties: dict[str, t.Any] = {}
    for name, node in sorted(root.properties.items()):
        always_there = node.present == count and "null" not in node.seen
        properties[name] = node.schema(
            name,
            nullable=name not in required or not always_there,
            decimal_annotation=decimal,
            warnings=warnings,
        )
        if name in required and not always_there:
            _LOGGER.warning(
                "Key or replication key property '%s' is missing or null in some samples; "
                "it is inferred as nullable",
                name,
            )
    for name in sorted(required - set(properties)):
        _LOGGER.warning("Key or replication key property '%s' is in no sample", name)
    for path in warnings:
        _LOGGER.warning(
            "Property '%s' is null in every sample; it gets a schema that accepts any value",
            path,
        )
    return t.cast("dict[str, t.Any]", _sorted_keys({"properties": properties, "type": "object"}))


def _sorted_keys(value: t.Any) -> t.Any:
    """Return ``value`` with the keys of every object in sorted order."""
    if isinstance(value, dict):
        return {key: _sorted_keys(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted_keys(item) for item in value]
    return value
