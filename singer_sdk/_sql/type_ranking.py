"""How SQL types rank when merged: which type can hold the values of which.

A type's sort key is ``(TypeRank, size)``; merging two types picks the higher key (see
``SQLConnector.merge_sql_types``). Collations are taken off a type before it is compared and put
back on the merged type.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import typing as t

import sqlalchemy as sa

from singer_sdk._sql.sqlite import DecimalText

__all__ = ["TypeRank", "remove_collation", "type_sort_key", "update_collation"]

_TypeEngine: t.TypeAlias = sa.types.TypeEngine[t.Any]


class TypeRank(enum.IntEnum):
    """The kind of a SQL type, as merging ranks it: a higher rank holds more kinds of values.

    The first item of :func:`type_sort_key`; the gaps leave room for kinds in
    between.
    """

    OTHER = 0
    BOOLEAN = 200
    INTEGER = 300
    DECIMAL = 400  # and floats
    TIME = 500
    DATE = 550
    DATETIME = 600
    TEXT = 900


#: Ranks whose types can be widened into each other: booleans, integers and decimals; dates
#: and date-times.
_TYPE_FAMILIES: dict[int, str] = {
    TypeRank.BOOLEAN: "number",
    TypeRank.INTEGER: "number",
    TypeRank.DECIMAL: "number",
    TypeRank.DATE: "date",
    TypeRank.DATETIME: "date",
}


def type_sort_key(sql_type: _TypeEngine) -> tuple[int, float]:
    """Return ``(kind rank, size)`` of a type; higher sorts first."""
    if isinstance(sql_type, DecimalText):
        return TypeRank.TEXT, float(2**31)
    try:
        python_type: type = sql_type.python_type
    except NotImplementedError:
        python_type = object
    if issubclass(python_type, (str, bytes)):
        length = getattr(sql_type, "length", None)
        return TypeRank.TEXT, float(length) if length else float("inf")
    if issubclass(python_type, dt.datetime):
        return TypeRank.DATETIME, 0.0
    if issubclass(python_type, dt.date):
        return TypeRank.DATE, 0.0
    if issubclass(python_type, dt.time):
        return TypeRank.TIME, 0.0
    if issubclass(python_type, (float, decimal.Decimal)):
        precision = getattr(sql_type, "precision", None)
        return TypeRank.DECIMAL, float(precision) if precision else float("inf")
    if issubclass(python_type, bool):
        return TypeRank.BOOLEAN, 0.0
    if issubclass(python_type, int):
        size = (
            3
            if isinstance(sql_type, sa.BigInteger)
            else 1
            if isinstance(sql_type, sa.SmallInteger)
            else 2
        )
        return TypeRank.INTEGER, float(size)
    return TypeRank.OTHER, 0.0


def remove_collation(column_type: _TypeEngine) -> str | None:
    """Remove the collation of ``column_type`` (in place) and return it, if it has one.

    Args:
        column_type: a column type.
    """
    collation: str | None = getattr(column_type, "collation", None)
    if collation:
        column_type.collation = None  # type: ignore[attr-defined]
        return collation
    return None


def update_collation(column_type: _TypeEngine, collation: str | None) -> None:
    """Set the collation of ``column_type`` (in place) if it takes one and one is given.

    Args:
        column_type: a column type.
        collation: the collation, or None.
    """
    if collation and hasattr(column_type, "collation"):
        column_type.collation = collation
