"""The state of one stream, kept by a collaborator the stream holds.

A :class:`StreamStateManager` owns the stream's entry under ``bookmarks`` in the shared tap
state: it finds (or creates) the state of each context, records where a sync starts and the
signpost, advances the bookmark with every record, and finalises the state at the end. It keeps
the state in exactly the shape the module functions of :mod:`singer_sdk._state.bookmarks`
produce, but does the per-record work faster: partition states are found through an index, and
the parsed form of the current bookmark is cached, so advancing it parses one value per record.
Changes made to the state dict behind its back (a replaced stream state, an entry appended to the
partitions list, a rewritten bookmark) are noticed and the caches rebuilt.
"""

from __future__ import annotations

import datetime as dt
import logging
import typing as t

from singer_sdk._state.bookmarks import (
    PARTITIONS_KEY,
    PROGRESS_MARKERS,
    REPLICATION_KEY,
    REPLICATION_KEY_VALUE,
    choose_starting_value,
    finalize_state_progress_markers,
    get_starting_replication_value,
    log_sort_error,
    reset_state_progress_markers,
    write_replication_key_signpost,
    write_starting_replication_value,
)
from singer_sdk._state.cursor import BookmarkCursor, ValueOrder
from singer_sdk._state.partitions import PartitionIndex

if t.TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from singer_sdk._types import Context, TapState

__all__ = ["StreamStateManager"]

_FULL_TABLE = "FULL_TABLE"


class StreamStateManager:
    """Keeps one stream's part of the tap state.

    Args:
        tap_state: the tap state shared by all streams; updated in place.
        tap_stream_id: the stream's id, its key under ``bookmarks``.
        replication_key: the property whose value is the bookmark; None if not incremental.
        is_sorted: whether records come in replication key order (the bookmark is then written
            as records come, so an interrupted sync can resume).
        check_sorted: whether a decreasing value of a sorted stream raises.
        is_timestamp_key: whether replication key values are date-times (compared as such).
        state_partitioning_keys: the context keys a partition state is keyed by; None for all.
            A context keyed by fewer keys shares its state with other contexts.
        tap_name: the tap's name, for the logger name.
        stream_name: the reference's name for ``tap_stream_id`` (give one of the two).
        logger: where to log; by default ``<tap_name or "singer_sdk">.<tap_stream_id>``.

    Raises:
        ValueError: neither or two different ``tap_stream_id`` and ``stream_name`` were given.
    """

    def __init__(
        self,
        *,
        tap_state: TapState | dict[str, t.Any],
        tap_stream_id: str | None = None,
        replication_key: str | None = None,
        is_sorted: bool = False,
        check_sorted: bool = True,
        is_timestamp_key: bool = False,
        state_partitioning_keys: Sequence[str] | None = None,
        tap_name: str | None = None,
        stream_name: str | None = None,
        logger: logging.Logger | None = None,
    ) -> None:
        if tap_stream_id is None:
            tap_stream_id = stream_name
        if tap_stream_id is None or (stream_name is not None and stream_name != tap_stream_id):
            msg = "Give the stream's id as tap_stream_id (or stream_name), once"
            raise ValueError(msg)
        self.tap_state: dict[str, t.Any] = t.cast("dict[str, t.Any]", tap_state)
        self.tap_stream_id = tap_stream_id
        self.tap_name = tap_name
        self._check_sorted = check_sorted
        #: False when the state changed since the stream last wrote a STATE message.
        self.is_flushed = True
        self.logger = logger or logging.getLogger(tap_name or "singer_sdk").getChild(tap_stream_id)
        self._replication_key = replication_key
        self._is_sorted = is_sorted
        self._is_timestamp_key = is_timestamp_key
        self._partitioning_keys: tuple[str, ...] | None = None
        self._partitioning_key_set: frozenset[str] = frozenset()
        self.state_partitioning_keys = state_partitioning_keys
        self._warned: set[str] = set()
        self._stream_state: dict[str, t.Any] | None = None
        self._forget()

    # -- settings (changing one drops the caches) ---------------------------------------------

    @property
    def stream_name(self) -> str:
        """The stream's id (the reference's name for it)."""
        return self.tap_stream_id

    @property
    def replication_key(self) -> str | None:
        """The property whose value is the bookmark, or None."""
        return self._replication_key

    @replication_key.setter
    def replication_key(self, value: str | None) -> None:
        self._replication_key = value
        self._forget()

    @property
    def is_sorted(self) -> bool:
        """Whether records come in replication key order."""
        return self._is_sorted

    @is_sorted.setter
    def is_sorted(self, value: bool) -> None:
        self._is_sorted = value
        self._forget()

    @property
    def check_sorted(self) -> bool:
        """Whether a decreasing value of a sorted stream raises."""
        return self._check_sorted

    @check_sorted.setter
    def check_sorted(self, value: bool) -> None:
        self._check_sorted = value
        self._forget()

    @property
    def is_timestamp_key(self) -> bool:
        """Whether replication key values are date-times."""
        return self._is_timestamp_key

    @is_timestamp_key.setter
    def is_timestamp_key(self, value: bool) -> None:
        self._is_timestamp_key = value
        self._forget()

    @property
    def state_partitioning_keys(self) -> tuple[str, ...] | None:
        """The context keys partition states are keyed by, or None for all of them."""
        return self._partitioning_keys

    @state_partitioning_keys.setter
    def state_partitioning_keys(self, value: Sequence[str] | None) -> None:
        self._partitioning_keys = None if value is None else tuple(value)
        self._partitioning_key_set = frozenset(value or ())
        self._forget()

    def _forget(self) -> None:
        """Drop every cache (they are rebuilt from the state on the next access)."""
        self._stream_cursor: BookmarkCursor | None = None
        self._index: PartitionIndex | None = None
        self._last_context: dict[str, t.Any] | None = None
        self._last_cursor: BookmarkCursor | None = None
        self._order = ValueOrder(self._is_timestamp_key, self._on_inexact)

    def _new_cursor(self, state: dict[str, t.Any], sorted_mode: bool) -> BookmarkCursor:
        return BookmarkCursor(
            state,
            sorted_mode=sorted_mode,
            replication_key=self._replication_key,
            order=self._order,
            check_sorted=self._check_sorted,
            stream_id=self.tap_stream_id,
            on_new_markers=self._on_new_markers,
        )

    def _on_inexact(self, value: t.Any) -> None:
        self._warn_once(
            "inexact",
            "Replication key '%s' of stream '%s' is a timestamp but holds %r; "
            "comparing such values as JSON strings",
            self._replication_key,
            self.tap_stream_id,
            value,
        )

    def _on_new_markers(self) -> None:
        self._warn_once(
            "unsorted",
            "Stream '%s' is not sorted by '%s': its progress is not resumable if interrupted",
            self.tap_stream_id,
            self._replication_key,
        )

    # -- finding states ----------------------------------------------------------------------

    @property
    def stream_state(self) -> dict[str, t.Any]:
        """The stream's state dict in the tap state (created empty if missing)."""
        bookmarks = self.tap_state.get("bookmarks")
        if bookmarks is None:
            bookmarks = self.tap_state["bookmarks"] = {}
        stream_state = bookmarks.get(self.tap_stream_id)
        if stream_state is None:
            stream_state = bookmarks[self.tap_stream_id] = {}
        if stream_state is not self._stream_state:
            self._stream_state = stream_state
            self._forget()
        return t.cast("dict[str, t.Any]", stream_state)

    @t.overload
    def get_state_partition_context(self, context: None) -> None: ...

    @t.overload
    def get_state_partition_context(self, context: Context) -> Context: ...

    def get_state_partition_context(self, context: Context | None) -> Context | None:
        """Return the part of ``context`` that keys its partition state.

        Returns:
            None for no context; the context itself without ``state_partitioning_keys``;
            otherwise only those of its keys (in the context's order).
        """
        if context is None or self._partitioning_keys is None:
            return context
        keys = self._partitioning_key_set
        return {key: value for key, value in context.items() if key in keys}

    def get_context_state(self, context: Context | None) -> dict[str, t.Any]:
        """Return the state dict of ``context`` (created if missing).

        That is the stream-level state when ``context`` (or its partition context) is empty,
        else the partition state of its partition context.
        """
        return self._cursor(context).state

    def get_state_partitions(self) -> list[dict[str, t.Any]] | None:
        """Return the stream's list of partition states, or None if it has none."""
        return t.cast("list[dict[str, t.Any]] | None", self.stream_state.get(PARTITIONS_KEY))

    def _partition_index(self, stream_state: dict[str, t.Any]) -> PartitionIndex:
        partitions = stream_state.get(PARTITIONS_KEY)
        index = self._index
        if index is not None and index.is_current(partitions):
            return index
        if partitions is None:
            partitions = stream_state[PARTITIONS_KEY] = []
        elif not isinstance(partitions, list):
            msg = f"'partitions' in the state of stream '{self.tap_stream_id}' must be a list"
            raise ValueError(msg)
        self._forget()
        self._index = PartitionIndex(partitions, self.tap_stream_id)
        return self._index

    def _stream_level_cursor(
        self, stream_state: dict[str, t.Any], sorted_mode: bool
    ) -> BookmarkCursor:
        cursor = self._stream_cursor
        if cursor is None or cursor.state is not stream_state or cursor.sorted is not sorted_mode:
            cursor = self._stream_cursor = self._new_cursor(stream_state, sorted_mode)
        return cursor

    def _cursor(self, context: Context | None) -> BookmarkCursor:
        stream_state = self.stream_state
        if not context:
            return self._stream_level_cursor(stream_state, self._is_sorted)
        last = self._last_cursor
        if (
            last is not None
            and context == self._last_context
            and (
                last.state is stream_state
                or (
                    self._index is not None
                    and self._index.is_current(stream_state.get(PARTITIONS_KEY))
                )
            )
        ):
            return last
        partition_context = self.get_state_partition_context(context)
        # A state shared by contexts that differ in dropped keys sees their records interleaved,
        # so it can only be kept as progress markers.
        sorted_mode = self._is_sorted and len(partition_context) == len(context)
        if partition_context:
            index = self._partition_index(stream_state)
            cursor = self._new_cursor(index.get_or_create(partition_context), sorted_mode)
        else:
            cursor = self._stream_level_cursor(stream_state, sorted_mode)
        self._last_context = dict(context)
        self._last_cursor = cursor
        return cursor

    # -- starting value and signpost ----------------------------------------------------------

    def _bookmark_in(self, state: Mapping[str, t.Any], replication_key: str) -> t.Any:
        """Return the bookmark in ``state`` if it belongs to ``replication_key``, else None."""
        value = state.get(REPLICATION_KEY_VALUE)
        if value is not None and state.get(REPLICATION_KEY, replication_key) != replication_key:
            self.logger.info(
                "Ignoring the bookmark of stream '%s': it is for replication key '%s', not '%s'",
                self.tap_stream_id,
                state.get(REPLICATION_KEY),
                replication_key,
            )
            return None
        return value

    def write_starting(self, context: Context | None, start_date: t.Any = None) -> t.Any:
        """Record where the sync of ``context`` starts, and return that value.

        The bookmark in state, or ``start_date`` if there is none; for a timestamp key the later
        of the two. Nothing is recorded for a stream without a replication key.

        Raises:
            ValueError: for a timestamp key, the bookmark or ``start_date`` is not a date-time.
        """
        replication_key = self._replication_key
        if replication_key is None:
            return None
        state = self.get_context_state(context)
        value = choose_starting_value(
            self._bookmark_in(state, replication_key),
            start_date,
            is_timestamp_key=self._is_timestamp_key,
        )
        write_starting_replication_value(state, value)
        self.logger.info(
            "Starting incremental sync of '%s' from bookmark value: %s", self.tap_stream_id, value
        )
        return value

    def _check_timestamp_bookmark(self, bookmark: t.Any, replication_key: str) -> None:
        """Raise naming the state if a date-time key's bookmark is not a date-time string."""
        if isinstance(bookmark, dt.datetime):
            return
        try:
            dt.datetime.fromisoformat(bookmark)
        except (TypeError, ValueError):
            from singer_sdk._config import ConfigFileError

            msg = (
                f"State: bookmarks['{self.tap_stream_id}'] has a 'replication_key_value' that is "
                f"not a date-time string, for the date-time replication key "
                f"'{replication_key}': {bookmark!r:.100}"
            )
            raise ConfigFileError(msg) from None

    def write_starting_replication_value(
        self,
        context: Context | None,
        replication_method: str,
        replication_key: str | None,
        config: Mapping[str, t.Any],
        compare_start_date_fn: t.Callable[[t.Any, t.Any], t.Any] | None = None,
    ) -> None:
        """Record where the sync of ``context`` starts (the reference's signature).

        Nothing for a FULL_TABLE stream. The value is the bookmark, or ``config["start_date"]``
        without one; when both exist, ``compare_start_date_fn(bookmark, start_date)`` if given,
        else the later of the two for a timestamp key and the bookmark otherwise.
        """
        if replication_method == _FULL_TABLE:
            self.logger.debug("Stream '%s' is FULL_TABLE: no starting value", self.tap_stream_id)
            return
        state = self.get_context_state(context)
        value = None
        if replication_key:
            bookmark = self._bookmark_in(state, replication_key)
            if bookmark is not None and self._is_timestamp_key:
                self._check_timestamp_bookmark(bookmark, replication_key)
            start_date = config.get("start_date") or None
            if bookmark is not None and start_date is not None and compare_start_date_fn:
                value = compare_start_date_fn(bookmark, start_date)
            else:
                value = choose_starting_value(
                    bookmark, start_date, is_timestamp_key=self._is_timestamp_key
                )
            self.logger.info(
                "Starting incremental sync of '%s' from bookmark value: %s",
                self.tap_stream_id,
                value,
            )
        write_starting_replication_value(state, value)

    def get_starting_value(self, context: Context | None) -> t.Any | None:
        """Return the starting value recorded for ``context``, or None."""
        return get_starting_replication_value(self.get_context_state(context))

    def get_starting_replication_value(
        self,
        context: Context | None,
        replication_method: str,
    ) -> t.Any | None:
        """Return the starting value recorded for ``context``; None for a FULL_TABLE stream."""
        if replication_method == _FULL_TABLE:
            return None
        return self.get_starting_value(context)

    def write_signpost(self, context: Context | None, value: t.Any) -> None:
        """Record ``value`` as the highest the bookmark of ``context`` may take (None: none)."""
        if value is not None:
            write_replication_key_signpost(self.get_context_state(context), value)

    def write_replication_key_signpost(
        self,
        value: dt.datetime | str | float | None,
        *,
        context: Context | None = None,
    ) -> None:
        """Record the signpost of ``context`` (the reference's signature)."""
        self.write_signpost(context, value)

    # -- advancing the bookmark ----------------------------------------------------------------

    def _warn_once(self, topic: str, message: str, *args: t.Any) -> None:
        if topic not in self._warned:
            self._warned.add(topic)
            self.logger.warning(message, *args)

    def increment(self, record: Mapping[str, t.Any], context: Context | None = None) -> None:
        """Advance the bookmark of ``context`` with ``record``'s replication key value.

        A sorted stream (see ``is_sorted``; a context whose partition drops some of its keys
        counts as unsorted) writes the bookmark itself, never above the signpost; an unsorted one
        writes progress markers, which :meth:`finalize` promotes. The bookmark never moves
        backwards. A null or missing value is ignored (with one warning per stream).

        Raises:
            InvalidStreamSortException: a sorted stream's value decreased and ``check_sorted``.
            TypeError: the value cannot be compared with the bookmark.
            ValueError: the stream has no replication key.
        """
        replication_key = self._replication_key
        if replication_key is None:
            msg = f"Stream '{self.tap_stream_id}' has no replication key to advance a bookmark"
            raise ValueError(msg)
        value = record.get(replication_key)
        if value is None:
            self._warn_once(
                "null",
                "Stream '%s': ignoring null or missing values of replication key '%s' "
                "(warned once)",
                self.tap_stream_id,
                replication_key,
            )
            return
        # The common cases, inlined: the same state as for the previous record, unchanged.
        bookmarks = self.tap_state.get("bookmarks")
        stream_state = None if bookmarks is None else bookmarks.get(self.tap_stream_id)
        if not context:
            cursor = self._stream_cursor
            if (
                cursor is None
                or cursor.state is not stream_state
                or cursor.sorted is not self._is_sorted
            ):
                cursor = self._cursor(None)
        else:
            cursor = self._last_cursor
            if (
                cursor is None
                or stream_state is not self._stream_state
                or context != self._last_context
                or not (
                    cursor.state is stream_state
                    or (
                        self._index is not None
                        and stream_state is not None
                        and self._index.is_current(stream_state.get(PARTITIONS_KEY))
                    )
                )
            ):
                cursor = self._cursor(context)
        cursor.advance(value)

    def increment_state(
        self,
        latest_record: Mapping[str, t.Any],
        *,
        context: Context | None = None,
        replication_key: str,
    ) -> None:
        """Advance the bookmark of ``context`` (the reference's signature).

        See :meth:`increment`; ``replication_key`` replaces the manager's if it differs.
        """
        if replication_key != self._replication_key:
            self.replication_key = replication_key
        self.increment(latest_record, context)

    # -- finalisation --------------------------------------------------------------------------

    def _finalize(self, state: dict[str, t.Any]) -> dict[str, t.Any] | None:
        leftover = finalize_state_progress_markers(state, is_timestamp_key=self._is_timestamp_key)
        self.is_flushed = False
        return leftover

    def finalize(self, context: Context | None = None) -> dict[str, t.Any] | None:
        """Make the state of ``context`` (default: the stream-level state) final.

        Drops the signpost and starting value and promotes progress markers to the bookmark
        (capped at the signpost); marks the state as needing a STATE message.

        Returns:
            What the progress markers held that was not promoted, or None.
        """
        return self._finalize(self.get_context_state(context))

    def finalize_all(self) -> None:
        """Make the stream-level state and every partition state of the stream final."""
        stream_state = self.stream_state
        self._finalize(stream_state)
        for partition_state in stream_state.get(PARTITIONS_KEY) or ():
            self._finalize(partition_state)

    def finalize_state(self, state: dict[str, t.Any] | None = None) -> None:
        """Make ``state`` (default: the stream-level state) final (the reference's signature)."""
        self._finalize(self.stream_state if state is None else state)

    def finalize_progress_markers(
        self,
        state: dict[str, t.Any] | None = None,
        partitions: Sequence[Context] | None = None,
    ) -> None:
        """Make ``state`` final or, without one, the state of each context in ``partitions``.

        Without either, the stream-level state (the reference's signature).
        """
        if state:
            self._finalize(state)
            return
        for context in partitions or [{}]:
            self.finalize(context or None)

    def reset_progress_markers(self, context: Context | None = None) -> dict[str, t.Any] | None:
        """Drop the progress markers of ``context``; return what they held (without the note)."""
        return reset_state_progress_markers(self.get_context_state(context))

    def is_state_non_resumable(self, context: Context | None = None) -> bool:
        """Return True if the state of ``context`` holds progress markers."""
        return PROGRESS_MARKERS in self.get_context_state(context)

    def log_sort_error(
        self,
        *,
        ex: Exception,
        current_context: Context | None,
        record_count: int,
        partition_record_count: int,
    ) -> None:
        """Log a sort error at ERROR level, saying where in the sync it happened."""
        log_sort_error(
            ex=ex,
            log_fn=self.logger.error,
            stream_name=self.tap_stream_id,
            current_context=current_context,
            state_partition_context=self.get_state_partition_context(current_context),
            record_count=record_count,
            partition_record_count=partition_record_count,
        )
