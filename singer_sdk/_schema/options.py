"""Enumerations that control how values are conformed to their schema.

Their public path is :mod:`singer_sdk.helpers.conform` (reprs and pickles name it); the library
imports them from here.
"""

from __future__ import annotations

import enum

__all__ = ["DatetimeErrorTreatmentEnum", "TypeConformanceLevel"]


class TypeConformanceLevel(enum.Enum):
    """How deeply a tap conforms record values to the stream schema's types."""

    #: Conform every value, nested objects and arrays included.
    RECURSIVE = enum.auto()
    #: Conform top-level properties only; nested values pass through as they are.
    ROOT_ONLY = enum.auto()
    #: Pass records through unchanged.
    NONE = enum.auto()


class DatetimeErrorTreatmentEnum(enum.StrEnum):
    """What a sink does with a date-time string it cannot parse."""

    #: Raise an error naming the stream, record and field.
    ERROR = "error"
    #: Replace the value with the largest date-time Python can represent.
    MAX = "max"
    #: Replace the value with null.
    NULL = "null"


# Reprs, pickles and docs name the public path, as before the classes moved here.
TypeConformanceLevel.__module__ = "singer_sdk.helpers.conform"
DatetimeErrorTreatmentEnum.__module__ = "singer_sdk.helpers.conform"
