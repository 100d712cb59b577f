"""Parsing and formatting of Singer date-times (RFC 3339, UTC)."""

from __future__ import annotations

import datetime as dt

__all__ = [
    "DATETIME_FMT",
    "DATETIME_FMT_SAFE",
    "NonUTCDatetimeError",
    "strftime",
    "strptime_to_utc",
]

#: Default output format: four-digit year, microseconds, ``Z``.
DATETIME_FMT = "%04Y-%m-%dT%H:%M:%S.%fZ"
#: The same without the ``%04Y`` padding directive that some C libraries lack.
DATETIME_FMT_SAFE = "%Y-%m-%dT%H:%M:%S.%fZ"

_ZERO = dt.timedelta(0)


class NonUTCDatetimeError(ValueError):
    """A datetime that is naive or not at UTC was given where a UTC one is required."""

    def __init__(self, value: dt.datetime | None = None) -> None:
        detail = "" if value is None else f", got {value.isoformat()!r}"
        super().__init__(f"datetime must be timezone-aware at UTC (offset 0){detail}")


def strptime_to_utc(dtimestr: str) -> dt.datetime:
    """Parse an ISO 8601 / RFC 3339 date or date-time into an aware UTC datetime.

    Accepted: ``2021-01-02``, ``2021-01-02T03:04:05Z``, a space instead of ``T``, lower-case
    ``t``/``z``, any UTC offset (``+02:00``, ``+0200``), fractions of a second of any length
    (truncated to microseconds), basic format (``20210102T030405Z``). A value without an
    offset is taken to be UTC.

    Args:
        dtimestr: the text to parse.

    Returns:
        The instant as a datetime with ``tzinfo=datetime.timezone.utc``.

    Raises:
        ValueError: the text is not an ISO 8601 date or date-time (the message quotes it).
        TypeError: ``dtimestr`` is not a string.
    """
    try:
        text = dtimestr.strip().upper()
    except AttributeError:
        msg = f"expected an ISO 8601 date-time string, got {type(dtimestr).__name__}"
        raise TypeError(msg) from None
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        msg = f"not an ISO 8601 date-time: {dtimestr!r}"
        raise ValueError(msg) from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def strftime(dtime: dt.datetime, format_str: str = DATETIME_FMT) -> str:
    """Format a UTC datetime; by default as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``.

    Args:
        dtime: an aware datetime whose UTC offset is zero.
        format_str: a :meth:`datetime.strftime` format; ``%04Y`` gives a zero-padded
            four-digit year on every platform.

    Returns:
        The formatted text.

    Raises:
        NonUTCDatetimeError: ``dtime`` is naive or has a non-zero UTC offset.
    """
    if dtime.utcoffset() != _ZERO:
        raise NonUTCDatetimeError(dtime)
    if format_str == DATETIME_FMT:
        return (
            f"{dtime.year:04d}-{dtime.month:02d}-{dtime.day:02d}T"
            f"{dtime.hour:02d}:{dtime.minute:02d}:{dtime.second:02d}.{dtime.microsecond:06d}Z"
        )
    if "%04Y" in format_str:
        format_str = format_str.replace("%04Y", f"{dtime.year:04d}")
    return dtime.strftime(format_str)
