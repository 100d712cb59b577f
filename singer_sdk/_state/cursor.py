"""Advancing one bookmark record by record, with the comparisons cached.

A :class:`BookmarkCursor` stands for one stream or partition state during a sync. It remembers
the highest value seen and its parsed ordering key, so each record costs one parse (for a
timestamp key) and one comparison. It checks by identity that the bookmark in the state is still
the one it wrote, and starts over from the state if someone else changed it. The signpost's key
is cached too (while the state holds the same signpost object), and the most common case, a
sorted stream's timestamp string, takes an inlined path with no Python call but the parse.
"""

from __future__ import annotations

import datetime as dt
import typing as t
import uuid

from singer_sdk._state.bookmarks import (
    PROGRESS_MARKERS,
    REPLICATION_KEY,
    REPLICATION_KEY_VALUE,
    SIGNPOST_MARKER,
    compare_ge,
    new_progress_markers,
    parse_timestamp,
    sort_error,
    to_state_value,
)

if t.TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["BookmarkCursor", "ValueOrder"]


class _Marker:
    """A sentinel: no fast ordering key, or nothing read yet."""


_NO_KEY: t.Any = _Marker()
_UTC = dt.UTC
_fromisoformat = dt.datetime.fromisoformat
_UNSET: t.Any = _Marker()


class ValueOrder:
    """How a stream orders its replication key values.

    Values of a timestamp key, and date-time or date values of any key, are compared as
    timezone-aware date-times; other values natively. Values a timestamp key holds that are not
    date-times are compared by their JSON forms, and ``on_inexact`` is told the value.

    Args:
        is_timestamp_key: whether the replication key is a timestamp.
        on_inexact: called with a value that had to be compared by its JSON form.
    """

    __slots__ = ("_on_inexact", "is_timestamp_key")

    def __init__(
        self,
        is_timestamp_key: bool,
        on_inexact: Callable[[t.Any], None] | None = None,
    ) -> None:
        self.is_timestamp_key = is_timestamp_key
        self._on_inexact = on_inexact

    def key(self, value: t.Any) -> t.Any:
        """Return a key that orders ``value`` quickly, or a marker meaning "compare slowly"."""
        if self.is_timestamp_key or isinstance(value, dt.date):
            try:
                return parse_timestamp(value)
            except (TypeError, ValueError):
                return _NO_KEY
        if isinstance(value, uuid.UUID):
            return str(value)
        return value

    def at_least(self, new: t.Any, new_key: t.Any, old: t.Any, old_key: t.Any) -> bool:
        """Return True if ``new`` (with key ``new_key``) is not below ``old`` (``old_key``).

        Raises:
            TypeError: the values cannot be ordered.
        """
        if new_key is not _NO_KEY and old_key is not _NO_KEY:
            try:
                return bool(new_key >= old_key)
            except TypeError:
                pass
        at_least, exact = compare_ge(new, old, is_timestamp_key=self.is_timestamp_key)
        if not exact and self._on_inexact is not None:
            self._on_inexact(new)
        return at_least


class BookmarkCursor:
    """The bookmark of one stream or partition state, advanced record by record.

    Args:
        state: the stream or partition state dict.
        sorted_mode: write the bookmark itself (True) or progress markers (False).
        replication_key: the replication key.
        order: how values compare.
        check_sorted: in sorted mode, raise when a value decreases.
        stream_id: the stream, for error messages.
        on_new_markers: called when progress markers are created in ``state``.
    """

    __slots__ = (
        "_check_sorted",
        "_on_new_markers",
        "_order",
        "_replication_key",
        "_seen",
        "_seen_key",
        "_signpost",
        "_signpost_key",
        "_sorted_timestamps",
        "_stored",
        "_stream_id",
        "_target",
        "_timestamp_key",
        "sorted",
        "state",
    )

    def __init__(
        self,
        state: dict[str, t.Any],
        *,
        sorted_mode: bool,
        replication_key: str | None,
        order: ValueOrder,
        check_sorted: bool,
        stream_id: str,
        on_new_markers: Callable[[], None] | None = None,
    ) -> None:
        self.state = state
        self.sorted = sorted_mode
        self._replication_key = replication_key
        self._order = order
        self._timestamp_key = order.is_timestamp_key  # fixed for the life of ``order``
        self._sorted_timestamps = sorted_mode and self._timestamp_key
        self._check_sorted = check_sorted
        self._stream_id = stream_id
        self._on_new_markers = on_new_markers
        # The dict the bookmark goes to: the state itself, or its progress markers.
        self._target: t.Any = state if sorted_mode else _UNSET
        # The value object last read from or written to the target (compared by identity).
        self._stored: t.Any = _UNSET
        # The highest value seen (in its state form) and its ordering key.
        self._seen: t.Any = None
        self._seen_key: t.Any = _NO_KEY
        self._signpost: t.Any = _UNSET
        self._signpost_key: t.Any = _NO_KEY

    def _retarget(self, markers: dict[str, t.Any] | None) -> dict[str, t.Any]:
        """Adopt the state's progress markers (creating them if missing) as the target."""
        if markers is None:
            markers = self.state[PROGRESS_MARKERS] = new_progress_markers()
            if self._on_new_markers is not None:
                self._on_new_markers()
        self._target = markers
        self._stored = _UNSET
        return markers

    def _sync_from(self, target: dict[str, t.Any], stored: t.Any) -> None:
        """Start over from bookmark ``stored``, not the value this cursor last saw there."""
        self._stored = stored
        rk = self._replication_key
        if stored is not None and target.get(REPLICATION_KEY, rk) == rk:
            self._seen, self._seen_key = stored, self._order.key(stored)
        else:  # no bookmark, or one left by another replication key
            self._seen, self._seen_key = None, _NO_KEY

    def _at_least_slow(self, value: t.Any, key: t.Any) -> bool:
        try:
            return self._order.at_least(value, key, self._seen, self._seen_key)
        except TypeError as ex:
            msg = f"Stream '{self._stream_id}': {ex}"
            raise TypeError(msg) from None

    def _capped(self, stored: t.Any, value: t.Any, key: t.Any, signpost: t.Any) -> t.Any:
        """Return ``stored``, or ``signpost`` if ``value`` is above it."""
        if signpost is not self._signpost:
            self._signpost, self._signpost_key = signpost, self._order.key(signpost)
        try:
            within = self._order.at_least(signpost, self._signpost_key, value, key)
        except TypeError:
            return stored  # an incomparable signpost does not cap
        return stored if within else signpost

    def advance(self, value: t.Any) -> None:
        """Take ``value`` (not None) into account: move the bookmark up to it if it is higher.

        Raises:
            InvalidStreamSortException: in sorted mode with ``check_sorted``, ``value`` is below
                the highest value seen.
            TypeError: ``value`` cannot be compared with the bookmark.
        """
        # This runs once per record: the common cases are inlined (no calls but the parse),
        # everything else is in helpers.
        state = self.state
        if self._sorted_timestamps and value.__class__ is str:
            # A sorted timestamp key, its bookmark untouched since the last record: parse,
            # compare with the last value and the cached signpost, write. Anything unusual
            # (an unparsable, lower or incomparable value, a new signpost) falls through to
            # the general code below, before anything was changed.
            stored = state.get(REPLICATION_KEY_VALUE)
            seen_key = self._seen_key
            if stored is self._stored and seen_key is not _NO_KEY:
                try:
                    key = _fromisoformat(value)
                except ValueError:
                    key = None
                if key is not None:
                    if key.tzinfo is None:
                        key = key.replace(tzinfo=_UTC)
                    signpost = state.get(SIGNPOST_MARKER)
                    try:
                        higher = key >= seen_key
                        if signpost is None:
                            known, capped = True, False
                        elif signpost is self._signpost and self._signpost_key is not _NO_KEY:
                            known, capped = True, not self._signpost_key >= key
                        else:
                            known = capped = False
                    except TypeError:
                        known = capped = False
                    if known and higher:
                        self._seen = value
                        self._seen_key = key
                        stored = signpost if capped else value
                        state[REPLICATION_KEY] = self._replication_key
                        state[REPLICATION_KEY_VALUE] = stored
                        self._stored = stored
                        return
        sorted_mode = self.sorted
        target: t.Any
        if sorted_mode:
            target = state
        else:
            target = state.get(PROGRESS_MARKERS)
            if target is not self._target:
                target = self._retarget(target)
        stored = target.get(REPLICATION_KEY_VALUE)
        if stored is not self._stored:  # first use, or changed behind our back
            self._sync_from(target, stored)
        cls = value.__class__
        if self._timestamp_key:
            if cls is str:
                try:
                    key = _fromisoformat(value)
                except ValueError:
                    key = _NO_KEY
                else:
                    if key.tzinfo is None:
                        key = key.replace(tzinfo=_UTC)
                stored = value
            else:
                key, stored = self._order.key(value), to_state_value(value)
        elif cls is int or cls is str or cls is float:
            key = stored = value
        else:
            key, stored = self._order.key(value), to_state_value(value)
        if self._seen is not None:
            seen_key = self._seen_key
            if key is _NO_KEY or seen_key is _NO_KEY:
                at_least = self._at_least_slow(value, key)
            else:
                try:
                    at_least = key >= seen_key
                except TypeError:
                    at_least = self._at_least_slow(value, key)
            if not at_least:
                if sorted_mode and self._check_sorted:
                    raise sort_error(self._stream_id, self._replication_key, self._seen, value)
                return
        self._seen = stored
        self._seen_key = key
        if sorted_mode:
            signpost = state.get(SIGNPOST_MARKER)
            if signpost is not None:
                # The same signpost as before has its key cached: compare keys inline.
                signpost_key = self._signpost_key
                if signpost is not self._signpost or key is _NO_KEY or signpost_key is _NO_KEY:
                    stored = self._capped(stored, value, key, signpost)
                else:
                    try:
                        within = signpost_key >= key
                    except TypeError:
                        stored = self._capped(stored, value, key, signpost)
                    else:
                        if not within:
                            stored = signpost
        target[REPLICATION_KEY] = self._replication_key
        target[REPLICATION_KEY_VALUE] = stored
        self._stored = stored
