"""Record validation and date-time parsing for target sinks, compiled once per schema.

A sink receives one SCHEMA and then many RECORDs. Walking the JSON Schema for every record (what
``jsonschema`` does) costs far more than the record is worth, so this package turns a schema into
a tree of small closures once, and each record then only pays for the checks its schema asks for:

- :func:`compile_validator` (:mod:`.validator`) returns a function that checks a record against a
  JSON Schema (draft 2020-12 semantics) and raises :class:`RecordValidationError` on the first
  violation. The closures are built by :mod:`.closures` on the value semantics of :mod:`.values`;
  keywords they do not compile (``$ref``, ``if``/``then``/``else``, ``uniqueItems``, ...) are
  handed to ``jsonschema``, imported only when such a schema shows up. In front of those closures
  sits one generated function per schema (:mod:`.fast_path`, written once, like the tap's
  conformer) that proves the common valid record valid with flat class and key checks; only a
  record it cannot prove valid goes through the closures, which find and report the violation.
- :func:`compile_datetime_parser` (:mod:`.datetimes`) returns a function that turns the
  ``date-time``, ``date`` and ``time`` strings of a record's top-level properties into
  :mod:`datetime` objects.
"""

from __future__ import annotations

from singer_sdk._sinks.validation.datetimes import compile_datetime_parser
from singer_sdk._sinks.validation.datetimes import parse_date_time as _parse_date_time
from singer_sdk._sinks.validation.validator import compile_fast_check as _compile_fast_check
from singer_sdk._sinks.validation.validator import compile_validator
from singer_sdk._sinks.validation.values import RecordValidationError

__all__ = [
    "RecordValidationError",
    "_compile_fast_check",
    "_parse_date_time",
    "compile_datetime_parser",
    "compile_validator",
]
