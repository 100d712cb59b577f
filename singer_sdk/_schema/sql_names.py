"""The JSON Schema of a SQL type given by name (``"VARCHAR(10)"``, ``"TIMESTAMPTZ"``...).

Needs no SQLAlchemy: the legacy ``to_jsonschema_type`` of :mod:`singer_sdk.typing` and the SQL
connector's fallback for type names both use it.
"""

from __future__ import annotations

import typing as t

from singer_sdk._schema.types import (
    BooleanType,
    DateTimeType,
    DateType,
    IntegerType,
    NumberType,
    StringType,
    TimeType,
)

__all__ = ["jsonschema_for_sql_name"]


def jsonschema_for_sql_name(name: str) -> dict[str, t.Any]:
    """Map a SQL type name (e.g. ``"VARCHAR(10)"``, ``"TIMESTAMPTZ"``) to a JSON Schema."""
    upper = name.upper()
    if "TIMESTAMP" in upper or "DATETIME" in upper:
        return DateTimeType.type_dict
    if "DATE" in upper:
        return DateType.type_dict
    if upper.startswith("TIME"):
        return TimeType.type_dict
    if "BOOL" in upper:
        return BooleanType.type_dict
    if _is_integer_name(upper):
        return IntegerType.type_dict
    if any(word in upper for word in ("DECIMAL", "NUMERIC", "NUMBER", "FLOAT", "DOUBLE", "REAL")):
        return NumberType.type_dict
    return StringType.type_dict


def _is_integer_name(upper: str) -> bool:
    # INT, INTEGER, INT4, BIGINT, SMALLINT, TINYINT, MEDIUMINT; not INTERVAL or POINT.
    for prefix in ("", "BIG", "SMALL", "TINY", "MEDIUM"):
        word = f"{prefix}INT"
        start = upper.find(word)
        while start != -1:
            before = upper[start - 1] if start else " "
            rest = upper[start + len(word) :].removeprefix("EGER").lstrip("0123456789")
            if not before.isalpha() and not rest[:1].isalpha():
                return True
            start = upper.find(word, start + 1)
    return False
