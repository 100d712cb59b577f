"""Value rules shared by the checker and ``singer_sdk.testing``: dates, bookmarks, ordering."""

from __future__ import annotations

import datetime as dt
import re
import typing as t

__all__ = [
    "bookmark_for",
    "compare_values",
    "is_rfc3339_date",
    "is_rfc3339_datetime",
    "parse_rfc3339",
    "property_formats",
]

# RFC 3339 section 5.6 "date-time": full-date "T" full-time, offset required ("Z" or +hh:mm).
# The "T" and "Z" may be lower case (5.6 note); a space separator is NOT RFC 3339.
_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})\Z"
)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")


def parse_rfc3339(value: t.Any) -> dt.datetime | None:
    """Parse an RFC 3339 date-time string.

    Args:
        value: Any value.

    Returns:
        An aware datetime, or None when ``value`` is not an RFC 3339 date-time (naive times,
        a space instead of ``T``, impossible dates and non-strings included).
    """
    if not isinstance(value, str) or _DATETIME.match(value) is None:
        return None
    text = value.upper().replace("Z", "+00:00")
    try:
        parsed = dt.datetime.fromisoformat(_trim_fraction(text))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _trim_fraction(text: str) -> str:
    """Cut a fraction of a second to 6 digits (``fromisoformat`` rejects more)."""
    match = re.match(r"(.{19})\.(\d+)(.*)\Z", text)
    if match is None:
        return text
    return f"{match[1]}.{match[2][:6].ljust(6, '0')}{match[3]}"


def is_rfc3339_datetime(value: t.Any) -> bool:
    """Whether ``value`` is an RFC 3339 date-time string (with a time zone offset).

    Returns:
        True for e.g. ``2024-01-01T10:00:00Z`` or ``2024-01-01T10:00:00.5+02:00``; False for
        ``2024-01-01 10:00:00``, ``2024-01-01T10:00:00`` (no offset) or ``2024-02-30T00:00:00Z``.
    """
    return parse_rfc3339(value) is not None


def is_rfc3339_date(value: t.Any) -> bool:
    """Whether ``value`` is an RFC 3339 full-date string (``YYYY-MM-DD``, a real date).

    Returns:
        True or False.
    """
    if not isinstance(value, str) or _DATE.match(value) is None:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def property_formats(schema: t.Mapping[str, t.Any]) -> dict[str, str]:
    """The top-level properties of a stream schema that declare a date format.

    Returns:
        ``{property: "date-time" | "date"}``, looking through ``anyOf``/``oneOf`` branches.
    """
    found: dict[str, str] = {}
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return found
    for name, subschema in properties.items():
        fmt = _date_format(subschema)
        if fmt:
            found[name] = fmt
    return found


def _date_format(schema: t.Any) -> str | None:
    if not isinstance(schema, dict):
        return None
    if schema.get("format") in {"date-time", "date"}:
        return str(schema["format"])
    for keyword in ("anyOf", "oneOf"):
        for branch in schema.get(keyword) or []:
            fmt = _date_format(branch)
            if fmt:
                return fmt
    return None


def compare_values(old: t.Any, new: t.Any) -> int | None:
    """Compare two bookmark values the way a replication key orders them.

    Date-times are compared as instants, numbers as numbers, other strings as strings.

    Returns:
        -1, 0 or 1 as ``new`` is before, equal to or after ``old``; None when the two
        cannot be ordered (different kinds, or not bookmark-like values).
    """
    if isinstance(old, bool) or isinstance(new, bool):
        return None
    if isinstance(old, int | float) and isinstance(new, int | float):
        return (new > old) - (new < old)
    if isinstance(old, str) and isinstance(new, str):
        old_time, new_time = _as_instant(old), _as_instant(new)
        if old_time is not None and new_time is not None:
            return (new_time > old_time) - (new_time < old_time)
        if (old_time is None) != (new_time is None):
            return None
        return (new > old) - (new < old)
    return None


def _as_instant(value: str) -> dt.datetime | None:
    parsed = parse_rfc3339(value)
    if parsed is not None:
        return parsed
    try:
        loose = dt.datetime.fromisoformat(_trim_fraction(value))
    except ValueError:
        return None
    return loose if loose.tzinfo is not None else loose.replace(tzinfo=dt.UTC)


def bookmark_for(
    state: t.Any,
    stream: str,
    replication_key: str | None,
    record: t.Mapping[str, t.Any] | None = None,
) -> tuple[bool, t.Any]:
    """Find a stream's bookmark in a Singer state value.

    Understands the Meltano SDK layout (``replication_key_value``, ``partitions`` matched by
    context against the record's values) and the singer-python convention
    (``bookmarks.<stream>.<replication key>``).

    Args:
        state: A STATE message's value.
        stream: The stream (tap stream id).
        replication_key: The stream's replication key, if known.
        record: A record, to pick the partition it belongs to.

    Returns:
        ``(True, value)`` when a bookmark was found, else ``(False, None)``.
    """
    if not isinstance(state, dict):
        return False, None
    bookmarks = state.get("bookmarks")
    if not isinstance(bookmarks, dict):
        return False, None
    entry = bookmarks.get(stream)
    if not isinstance(entry, dict):
        return False, None
    partitions = entry.get("partitions")
    if isinstance(partitions, list) and record is not None:
        for partition in partitions:
            context = partition.get("context") if isinstance(partition, dict) else None
            if isinstance(context, dict) and all(
                record.get(key) == value for key, value in context.items()
            ):
                return _entry_value(partition, replication_key)
    return _entry_value(entry, replication_key)


def _entry_value(entry: dict[str, t.Any], replication_key: str | None) -> tuple[bool, t.Any]:
    if "replication_key_value" in entry and (
        replication_key is None or entry.get("replication_key") in {None, replication_key}
    ):
        return True, entry["replication_key_value"]
    if replication_key is not None and replication_key in entry:
        return True, entry[replication_key]
    return False, None
