"""Date-time parsing for target sinks, compiled once per schema.

:func:`compile_datetime_parser` returns a function that turns the ``date-time``, ``date`` and
``time`` strings of a record's top-level properties into :mod:`datetime` objects: one generated
block per such property (written through :class:`~singer_sdk._codegen.CodeWriter`), each
remembering the last string it parsed.
"""

from __future__ import annotations

import datetime as dt
import logging
import typing as t

from singer_sdk._codegen import CodeWriter, indent
from singer_sdk._schema.options import DatetimeErrorTreatmentEnum
from singer_sdk._schema.predicates import datelike_format
from singer_sdk._sinks.validation.values import RecordValidationError, show

__all__ = ["compile_datetime_parser", "parse_date_time"]

_LOGGER = logging.getLogger("singer_sdk.sinks")
_UTC = dt.UTC
#: The file name of generated date-time parsers in tracebacks and profiles.
_GENERATED_FILENAME = "<singer_sdk date-time parser>"


def parse_date_time(value: str) -> dt.datetime:
    """Parse an ISO 8601 date-time; one without an offset is taken as UTC."""
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=_UTC)


_PARSERS: dict[str, t.Callable[[str], t.Any]] = {
    "date-time": parse_date_time,
    "date": dt.date.fromisoformat,
    "time": dt.time.fromisoformat,
}
_MAX_VALUES: dict[str, t.Any] = {
    "date-time": dt.datetime.max.replace(tzinfo=_UTC),
    "date": dt.date.max,
    "time": dt.time.max,
}


def compile_datetime_parser(
    schema: dict[str, t.Any],
    treatment: DatetimeErrorTreatmentEnum | str | None,
    *,
    logger: logging.Logger | None = None,
) -> t.Callable[[dict[str, t.Any]], dict[str, t.Any]]:
    """Compile the function that parses a record's date-like strings in place.

    Top-level properties declared as strings with ``format`` ``date-time``, ``date`` or ``time``
    (directly or in an ``anyOf`` branch) are parsed, like Meltano's SDK does; nested values stay
    strings. ``date-time`` values become aware :class:`~datetime.datetime` objects (a value
    without an offset is taken as UTC), ``date`` values :class:`~datetime.date`, ``time`` values
    :class:`~datetime.time`. Values that are not strings (null, already parsed) are left alone.

    Args:
        schema: The stream's JSON Schema.
        treatment: What to do with a string that does not parse: ``ERROR`` (also for None)
            raises, ``MAX`` stores the largest value of the type (an aware ``datetime.max`` for
            date-times), ``NULL`` stores None. MAX and NULL log a warning per value.
        logger: Where MAX and NULL warnings go; the ``singer_sdk.sinks`` logger if not given.

    Returns:
        A function that takes a record, parses it in place and returns it. When the schema has no
        date-like property it returns the record untouched.

    Raises:
        ValueError: ``treatment`` is not a :class:`DatetimeErrorTreatmentEnum` value.
    """
    mode = DatetimeErrorTreatmentEnum(treatment or DatetimeErrorTreatmentEnum.ERROR)
    properties = schema.get("properties") if isinstance(schema, dict) else None
    fields = [
        (name, fmt, _PARSERS[fmt])
        for name, prop in (properties or {}).items()
        if (fmt := datelike_format(prop)) is not None
    ]
    if not fields:
        return _identity
    log = logger or _LOGGER

    def repair(record: dict[str, t.Any], name: str, fmt: str, ex: ValueError) -> None:
        value = record[name]
        if mode is DatetimeErrorTreatmentEnum.ERROR:
            reason = f"could not parse {show(value)} as {fmt}: {ex}"
            raise RecordValidationError(name, reason) from ex
        replacement = _MAX_VALUES[fmt] if mode is DatetimeErrorTreatmentEnum.MAX else None
        log.warning(
            "Could not parse value %r for field '%s' as %s (%s); replacing with %s.",
            value,
            name,
            fmt,
            ex,
            "the maximum value" if replacement is not None else "null",
        )
        record[name] = replacement

    # Per field: the last string parsed and its value. Runs of equal strings (the ``_sdc_*``
    # times of one batch, a sync's ``time_extracted``) are parsed once; the parsed values are
    # immutable, so sharing them between records is safe. The function is generated as
    # straight-line code, one block per field (this runs for every record).
    code = CodeWriter(
        _GENERATED_FILENAME,
        {"_repair": repair, "_fromisoformat": dt.datetime.fromisoformat, "_UTC": _UTC},
    )
    body: list[str] = []
    for name, fmt, parser in fields:
        memo = code.constant([None, None], "memo")
        if parser is parse_date_time:  # its two lines inlined: saves a call per value
            convert = [
                "_value = _fromisoformat(_text)",
                "if _value.tzinfo is None:",
                "    _value = _value.replace(tzinfo=_UTC)",
            ]
        else:
            convert = [f"_value = {code.constant(parser, 'parse')}(_text)"]
        body += [
            f"_text = record.get({name!r})",
            "if _text.__class__ is str:",
            f"    if _text == {memo}[0]:",
            f"        record[{name!r}] = {memo}[1]",
            "    else:",
            "        try:",
            *indent(convert, 3),
            "        except ValueError as _ex:",
            f"            _repair(record, {name!r}, {fmt!r}, _ex)",
            "        else:",
            f"            record[{name!r}] = _value",
            f"            {memo}[0] = _text",
            f"            {memo}[1] = _value",
        ]
    body.append("return record")
    return t.cast(
        "t.Callable[[dict[str, t.Any]], dict[str, t.Any]]", code.compile("parse", "record", body)
    )


def _identity(record: dict[str, t.Any]) -> dict[str, t.Any]:
    return record
