"""The tap state shape, and the functions that read and update it.

A tap's state is ``{"bookmarks": {<tap_stream_id>: <stream state>}}``. A stream state is either
one bookmark::

    {"replication_key": "updated_at", "replication_key_value": "2024-01-02T00:00:00+00:00"}

or, for a stream synced per context, a list of bookmarks each tagged with its context::

    {"partitions": [{"context": {"repo": "a"}, "replication_key": ..., ...}, ...]}

During a sync a stream or partition state also carries transient keys, removed again by
:func:`finalize_state_progress_markers`: ``starting_replication_value`` (where this sync started),
``replication_key_signpost`` (the highest value a bookmark may take in this sync) and, for a
stream whose records are not sorted by the replication key, ``progress_markers`` (the highest
value seen so far, promoted to the bookmark only when the stream or partition completes, since an
interrupted unsorted sync cannot be resumed from it).

Replication key values are compared as date-times when the key is a timestamp (ISO 8601 strings
are parsed; a value without an offset counts as UTC), and natively otherwise. The reference
implementation compares the JSON strings, so ``"2024-01-02T00:00:00+02:00"`` sorted after
``"2024-01-01T23:00:00Z"`` there; here it sorts before, as the instants it names do.
"""

from __future__ import annotations

import datetime as dt
import logging
import typing as t
import uuid

from singer_sdk._exceptions import InvalidStreamSortException

if t.TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from singer_sdk._types import Context, TapState

__all__ = [
    "CONTEXT_KEY",
    "PARTITIONS_KEY",
    "PROGRESS_MARKERS",
    "PROGRESS_MARKER_NOTE",
    "PROGRESS_NOTE_TEXT",
    "REPLICATION_KEY",
    "REPLICATION_KEY_VALUE",
    "SIGNPOST_MARKER",
    "STARTING_MARKER",
    "check_partition_entry",
    "choose_starting_value",
    "compare_ge",
    "duplicate_partition_error",
    "exceeds_signpost",
    "finalize_state_progress_markers",
    "get_starting_replication_value",
    "get_state_if_exists",
    "get_state_partitions_list",
    "get_writeable_state_dict",
    "increment_state",
    "is_state_non_resumable",
    "log_sort_error",
    "new_progress_markers",
    "parse_timestamp",
    "reset_state_progress_markers",
    "sort_error",
    "to_state_value",
    "write_replication_key_signpost",
    "write_starting_replication_value",
    "write_stream_state",
]

#: Key of the non-resumable progress markers of an unsorted stream or partition.
PROGRESS_MARKERS = "progress_markers"
#: Key of the human-readable note inside the progress markers.
PROGRESS_MARKER_NOTE = "Note"
#: The note itself.
PROGRESS_NOTE_TEXT = "Progress is not resumable if interrupted."
#: Key of the highest value a bookmark may take during the current sync.
SIGNPOST_MARKER = "replication_key_signpost"
#: Key of the value the current sync started from.
STARTING_MARKER = "starting_replication_value"
#: Key naming the replication key a bookmark belongs to.
REPLICATION_KEY = "replication_key"
#: Key of the bookmark value.
REPLICATION_KEY_VALUE = "replication_key_value"
#: Key of a partitioned stream's list of partition states.
PARTITIONS_KEY = "partitions"
#: Key of a partition state's context.
CONTEXT_KEY = "context"

logger = logging.getLogger("singer_sdk")

_UTC = dt.UTC
_fromisoformat = dt.datetime.fromisoformat
# Replication keys already warned about (non-timestamp values of a timestamp key), so that the
# module-level functions warn once per key instead of once per record.
_warned_inexact: set[str] = set()


# -- values --------------------------------------------------------------------------------------


def to_state_value(value: t.Any) -> t.Any:
    """Return ``value`` as it is stored in state.

    Date-times become ISO 8601 strings with microseconds and an offset (a naive date-time is
    taken as UTC), UUIDs become strings; every other value is returned unchanged.
    """
    if value.__class__ is str:
        return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_UTC)
        return value.isoformat("T", timespec="microseconds")
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def parse_timestamp(value: t.Any) -> dt.datetime:
    """Return ``value`` (ISO 8601 string, date-time or date) as a timezone-aware date-time.

    A value without an offset, and a date (taken as midnight), count as UTC.

    Raises:
        ValueError: ``value`` is a string that is not an ISO 8601 date or date-time.
        TypeError: ``value`` is neither a string, a date-time nor a date.
    """
    if isinstance(value, str):
        parsed = dt.datetime.fromisoformat(value)
    elif isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime(value.year, value.month, value.day)
    else:
        msg = f"{value!r} is not a date-time"
        raise TypeError(msg)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=_UTC)


# The value parsed last, kept by identity: the bookmark a call compares with is usually the very
# object the previous call stored, so each call parses only its new value.
_last_parsed: tuple[t.Any, dt.datetime | None] = (None, None)


def _recent_timestamp(value: t.Any) -> dt.datetime:
    global _last_parsed
    last, parsed = _last_parsed
    if value is last and parsed is not None:
        return parsed
    if value.__class__ is str:  # the common case, without parse_timestamp's type checks
        parsed = _fromisoformat(value)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=_UTC)
    else:
        parsed = parse_timestamp(value)
    _last_parsed = (value, parsed)
    return parsed


def compare_ge(new: t.Any, old: t.Any, *, is_timestamp_key: bool | None) -> tuple[bool, bool]:
    """Return whether replication key value ``new`` is at least ``old``, and how exactly.

    Args:
        new: the value being considered.
        old: the value it is compared with.
        is_timestamp_key: True to compare as date-times, False to compare natively, None to
            compare as date-times when both values parse as such and natively otherwise.

    Returns:
        ``(new >= old, exact)``; ``exact`` is False when a timestamp key held values that are not
        date-times and the JSON forms of the values were compared instead.

    Raises:
        TypeError: the two values cannot be ordered (e.g. a string and a number).
    """
    if is_timestamp_key is not False:
        try:
            return _recent_timestamp(new) >= _recent_timestamp(old), True
        except (TypeError, ValueError):
            pass
    try:
        return bool(new >= old), not is_timestamp_key
    except TypeError:
        pass
    if is_timestamp_key is False:  # date-time objects against stored strings
        try:
            return parse_timestamp(new) >= parse_timestamp(old), True
        except (TypeError, ValueError):
            pass
    try:
        return bool(to_state_value(new) >= to_state_value(old)), False
    except TypeError:
        msg = f"Cannot compare replication key values {new!r} and {old!r}"
        raise TypeError(msg) from None


def choose_starting_value(
    bookmark: t.Any,
    start_date: t.Any,
    *,
    is_timestamp_key: bool,
) -> t.Any:
    """Return the value a sync starts from, given the bookmark in state and ``start_date``.

    Without a bookmark the sync starts at ``start_date`` (which may be None). For a timestamp
    key the later of the two wins (so raising ``start_date`` skips older data even when state
    exists); for any other key the bookmark wins. The chosen value is returned as stored in
    state (see :func:`to_state_value`).

    Raises:
        ValueError: for a timestamp key, either value is not an ISO 8601 date-time.
    """
    if bookmark is None:
        return to_state_value(start_date)
    if start_date is None or not is_timestamp_key:
        return to_state_value(bookmark)
    try:
        bookmark_time, start_time = parse_timestamp(bookmark), parse_timestamp(start_date)
    except (TypeError, ValueError) as ex:
        msg = (
            f"Cannot compare bookmark {bookmark!r} with start_date {start_date!r}: "
            f"both must be ISO 8601 date-times ({ex})"
        )
        raise ValueError(msg) from None
    return to_state_value(start_date if start_time > bookmark_time else bookmark)


def _label(stream_name: str | None) -> str:
    return f"stream '{stream_name}'" if stream_name else "stream"


def sort_error(
    stream_name: str | None,
    replication_key: str | None,
    previous: t.Any,
    new: t.Any,
) -> InvalidStreamSortException:
    """Return the error raised when a sorted stream's replication key value decreases."""
    msg = (
        f"Unsorted data detected in {_label(stream_name)}: replication key "
        f"'{replication_key}' value {new!r} is smaller than the previous value {previous!r}."
    )
    return InvalidStreamSortException(msg)


def duplicate_partition_error(tap_stream_id: str, context: Mapping[str, t.Any]) -> ValueError:
    """Return the error for a state listing the same partition context more than once."""
    msg = (
        f"State of stream '{tap_stream_id}' lists the partition context {dict(context)!r} more "
        f"than once; each context may appear only once in 'partitions'."
    )
    return ValueError(msg)


# -- lookup and creation ------------------------------------------------------------------------


def _partitions_list(stream_state: t.Any, tap_stream_id: str) -> list[dict[str, t.Any]] | None:
    if not isinstance(stream_state, dict):
        msg = f"State of stream '{tap_stream_id}' must be an object, got {stream_state!r}"
        raise ValueError(msg)
    partitions = stream_state.get(PARTITIONS_KEY)
    if partitions is not None and not isinstance(partitions, list):
        msg = f"'partitions' in the state of stream '{tap_stream_id}' must be a list"
        raise ValueError(msg)
    return partitions


def check_partition_entry(entry: t.Any, index: int, tap_stream_id: str) -> Mapping[str, t.Any]:
    """Return the context of partition state ``entry``, checking that it has one.

    Raises:
        ValueError: ``entry`` is not an object with a ``context`` object.
    """
    context = entry.get(CONTEXT_KEY) if isinstance(entry, dict) else None
    if not isinstance(context, dict):
        msg = (
            f"Partition #{index} in the state of stream '{tap_stream_id}' must be an object "
            f"with a 'context' object, got {entry!r}"
        )
        raise ValueError(msg)
    return context


def _find_partition(
    partitions: list[dict[str, t.Any]],
    context: Context,
    tap_stream_id: str,
) -> dict[str, t.Any] | None:
    found: dict[str, t.Any] | None = None
    for index, entry in enumerate(partitions):
        if check_partition_entry(entry, index, tap_stream_id) == context:
            if found is not None:
                raise duplicate_partition_error(tap_stream_id, context)
            found = entry
    return found


def get_state_if_exists(
    tap_state: TapState,
    tap_stream_id: str,
    state_partition_context: Context | None = None,
    key: str | None = None,
) -> t.Any | None:
    """Return a stream's (or one of its partitions') state, or one key of it, without creating.

    Args:
        tap_state: the whole tap state.
        tap_stream_id: the stream.
        state_partition_context: the partition; None or empty for the stream-level state.
        key: the key to return; None for the whole state dict.

    Returns:
        The state dict (or the value under ``key``), or None if there is none.

    Raises:
        ValueError: the stream's partitions list is malformed or repeats the context.
    """
    stream_state = tap_state.get("bookmarks", {}).get(tap_stream_id)
    if stream_state is None:
        return None
    found: dict[str, t.Any] | None = stream_state
    if state_partition_context:
        partitions = _partitions_list(stream_state, tap_stream_id)
        found = (
            _find_partition(partitions, state_partition_context, tap_stream_id)
            if partitions is not None
            else None
        )
    if found is None or key is None:
        return found
    return found.get(key)


def get_state_partitions_list(
    tap_state: TapState,
    tap_stream_id: str,
) -> list[dict[str, t.Any]] | None:
    """Return the ``partitions`` list of a stream's state, or None if it has none."""
    stream_state = get_state_if_exists(tap_state, tap_stream_id)
    return None if stream_state is None else _partitions_list(stream_state, tap_stream_id)


def get_writeable_state_dict(
    tap_state: TapState,
    tap_stream_id: str,
    state_partition_context: Context | None = None,
) -> dict[str, t.Any]:
    """Return the state dict of a stream or partition, creating it (empty) if missing.

    The stream's partitions list is scanned; a stream holding many partitions should use a
    :class:`~singer_sdk._state.manager.StreamStateManager`, which finds them in constant time.

    Args:
        tap_state: the whole tap state; updated in place.
        tap_stream_id: the stream.
        state_partition_context: the partition; None or empty for the stream-level state.

    Returns:
        The dict inside ``tap_state`` to read and update.

    Raises:
        ValueError: ``tap_state`` is None, or the partitions list is malformed or repeats the
            context.
    """
    if tap_state is None:
        msg = "Cannot write state to missing state dictionary."  # type: ignore[unreachable]
        raise ValueError(msg)
    state = t.cast("dict[str, t.Any]", tap_state)
    stream_state: dict[str, t.Any] = state.setdefault("bookmarks", {}).setdefault(tap_stream_id, {})
    if not state_partition_context:
        return stream_state
    partitions = _partitions_list(stream_state, tap_stream_id)
    if partitions is None:
        partitions = stream_state[PARTITIONS_KEY] = []
    found = _find_partition(partitions, state_partition_context, tap_stream_id)
    if found is None:
        found = {CONTEXT_KEY: dict(state_partition_context)}
        partitions.append(found)
    return found


def write_stream_state(
    tap_state: TapState,
    tap_stream_id: str,
    key: str,
    val: t.Any,
    *,
    state_partition_context: Context | None = None,
) -> None:
    """Set ``key`` to ``val`` in the state of a stream or partition (created if missing)."""
    get_writeable_state_dict(tap_state, tap_stream_id, state_partition_context)[key] = val


# -- transient markers --------------------------------------------------------------------------


def write_replication_key_signpost(
    stream_or_partition_state: dict[str, t.Any],
    new_signpost_value: t.Any,
) -> None:
    """Record the highest value the bookmark may take during this sync."""
    stream_or_partition_state[SIGNPOST_MARKER] = to_state_value(new_signpost_value)


def write_starting_replication_value(
    stream_or_partition_state: dict[str, t.Any],
    initial_value: t.Any,
) -> None:
    """Record the value this sync starts from."""
    stream_or_partition_state[STARTING_MARKER] = to_state_value(initial_value)


def get_starting_replication_value(stream_or_partition_state: dict[str, t.Any]) -> t.Any | None:
    """Return the value this sync started from, or None if none was recorded."""
    if not stream_or_partition_state:
        return None
    return stream_or_partition_state.get(STARTING_MARKER)


def is_state_non_resumable(stream_or_partition_state: dict[str, t.Any]) -> bool:
    """Return True if the state holds progress markers (a sync could not resume from it)."""
    return PROGRESS_MARKERS in stream_or_partition_state


def reset_state_progress_markers(
    stream_or_partition_state: dict[str, t.Any],
) -> dict[str, t.Any] | None:
    """Remove the progress markers; return what they held besides the note, or None."""
    markers = stream_or_partition_state.pop(PROGRESS_MARKERS, None) or {}
    leftover = {k: v for k, v in markers.items() if k != PROGRESS_MARKER_NOTE}
    return leftover or None


def new_progress_markers() -> dict[str, t.Any]:
    """Return fresh progress markers (holding only the note)."""
    return {PROGRESS_MARKER_NOTE: PROGRESS_NOTE_TEXT}


def exceeds_signpost(value: t.Any, signpost: t.Any, *, is_timestamp_key: bool | None) -> bool:
    """Return True if ``value`` is above ``signpost`` (False if they cannot be compared)."""
    try:
        at_least, _ = compare_ge(signpost, value, is_timestamp_key=is_timestamp_key)
    except TypeError:
        logger.warning("Cannot compare bookmark %r with signpost %r; not capped", value, signpost)
        return False
    return not at_least


def finalize_state_progress_markers(
    stream_or_partition_state: dict[str, t.Any],
    *,
    is_timestamp_key: bool | None = None,
) -> dict[str, t.Any] | None:
    """Close the sync of a stream or partition: make its state final.

    Removes the signpost and the starting value; if the progress markers hold a replication key
    value, it becomes the bookmark (``replication_key``/``replication_key_value``), lowered to
    the signpost if above it; then removes the progress markers.

    Args:
        stream_or_partition_state: the state dict; updated in place.
        is_timestamp_key: how to compare the value with the signpost (see :func:`compare_ge`);
            None compares as date-times when both parse as such.

    Returns:
        What the progress markers held that was not promoted (without the note), or None.
    """
    state = stream_or_partition_state
    signpost = state.pop(SIGNPOST_MARKER, None)
    state.pop(STARTING_MARKER, None)
    markers = state.get(PROGRESS_MARKERS)
    if isinstance(markers, dict) and REPLICATION_KEY in markers:
        value = markers.pop(REPLICATION_KEY_VALUE, None)
        state[REPLICATION_KEY] = markers.pop(REPLICATION_KEY)
        if (
            value is not None
            and signpost is not None
            and exceeds_signpost(value, signpost, is_timestamp_key=is_timestamp_key)
        ):
            value = signpost
        state[REPLICATION_KEY_VALUE] = value
    return reset_state_progress_markers(state)


# -- advancing the bookmark ---------------------------------------------------------------------


def increment_state(
    stream_or_partition_state: dict[str, t.Any],
    *,
    latest_record: Mapping[str, t.Any],
    replication_key: str,
    is_sorted: bool,
    check_sorted: bool,
    is_timestamp_key: bool = False,
    stream_name: str | None = None,
) -> None:
    """Advance a stream or partition bookmark with one record's replication key value.

    A sorted stream writes the bookmark itself (a sync interrupted later can resume from it),
    never above the signpost; an unsorted one writes its progress markers, promoted by
    :func:`finalize_state_progress_markers`. The bookmark never moves backwards: a value below
    the current one is ignored, or raises if the stream is sorted and ``check_sorted`` is set.
    A null or missing value is ignored with a warning. A bookmark left by a different
    replication key is replaced.

    Args:
        stream_or_partition_state: the state dict; updated in place.
        latest_record: the record.
        replication_key: the record's replication key property.
        is_sorted: whether records come in replication key order.
        check_sorted: whether to raise when a sorted stream's value decreases.
        is_timestamp_key: compare values as date-times.
        stream_name: the stream's name, for messages.

    Raises:
        InvalidStreamSortException: a sorted stream's value decreased and ``check_sorted``.
        TypeError: the new value cannot be compared with the current one.
    """
    state = stream_or_partition_state
    new_value = latest_record.get(replication_key)
    if new_value is None:
        logger.warning(
            "Ignoring a null value of replication key '%s' in %s",
            replication_key,
            _label(stream_name),
        )
        return
    target = state
    if not is_sorted:
        markers: dict[str, t.Any] | None = state.get(PROGRESS_MARKERS)
        if markers is None:
            markers = state[PROGRESS_MARKERS] = new_progress_markers()
            logger.warning(
                "The %s is not sorted by '%s': its progress is not resumable if interrupted",
                _label(stream_name),
                replication_key,
            )
        target = markers
    old_value = target.get(REPLICATION_KEY_VALUE)
    if old_value is not None and target.get(REPLICATION_KEY, replication_key) == replication_key:
        cls = new_value.__class__
        if is_timestamp_key and cls is str and old_value.__class__ is str:
            try:  # the common case first: two ISO strings
                at_least, exact = _recent_timestamp(new_value) >= _recent_timestamp(old_value), True
            except ValueError:
                at_least, exact = compare_ge(new_value, old_value, is_timestamp_key=True)
        elif not is_timestamp_key and cls is old_value.__class__ and (cls is int or cls is str):
            at_least, exact = new_value >= old_value, True
        else:
            at_least, exact = compare_ge(new_value, old_value, is_timestamp_key=is_timestamp_key)
        if not exact and replication_key not in _warned_inexact:
            _warned_inexact.add(replication_key)
            logger.warning(
                "Replication key '%s' of the %s is a timestamp but holds %r; "
                "comparing such values as JSON strings",
                replication_key,
                _label(stream_name),
                new_value,
            )
        if not at_least:
            if is_sorted and check_sorted:
                raise sort_error(stream_name, replication_key, old_value, new_value)
            return
    stored = to_state_value(new_value)
    if is_sorted:
        signpost = state.get(SIGNPOST_MARKER)
        if signpost is not None and exceeds_signpost(
            new_value, signpost, is_timestamp_key=is_timestamp_key
        ):
            stored = signpost
    target[REPLICATION_KEY] = replication_key
    target[REPLICATION_KEY_VALUE] = stored


def log_sort_error(
    *,
    ex: Exception,
    log_fn: Callable[[str], t.Any],
    stream_name: str,
    current_context: Context | None,
    state_partition_context: Context | None,
    record_count: int,
    partition_record_count: int,
) -> None:
    """Report a sort error through ``log_fn``, saying where in the sync it happened."""
    parts = [f"Sort error in stream '{stream_name}' at record #{record_count}."]
    if partition_record_count != record_count:
        parts.append(
            f"It was record #{partition_record_count} of state partition {state_partition_context}."
        )
    if current_context:
        parts.append(f"Context: {dict(current_context)}.")
    parts.append(str(ex))
    log_fn(" ".join(parts))
