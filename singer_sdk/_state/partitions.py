"""Constant-time lookup of partition states by context.

On the wire a partitioned stream keeps its partition states in a list, each entry tagged with
its ``context``; finding a context's entry means comparing contexts one by one. A
:class:`PartitionIndex` maps a hashable form of each context (:func:`freeze_context`) to its
entry, so the lookup done for every record costs the same for ten partitions as for a million.
The list itself stays the one in the state, in the same order, with entries appended to it.
"""

from __future__ import annotations

import typing as t
from collections.abc import Hashable, Mapping

from singer_sdk._state.bookmarks import (
    CONTEXT_KEY,
    check_partition_entry,
    duplicate_partition_error,
)

__all__ = ["PartitionIndex", "freeze_context"]


def _freeze(value: t.Any) -> Hashable:
    if isinstance(value, Mapping):
        return frozenset((key, _freeze(item)) for key, item in value.items())
    if isinstance(value, list | tuple):
        return tuple(_freeze(item) for item in value)
    try:
        hash(value)
    except TypeError:
        return ("<unhashable>", type(value).__name__, repr(value))
    return t.cast(Hashable, value)


def freeze_context(context: Mapping[str, t.Any]) -> Hashable:
    """Return a hashable key for ``context``, equal for contexts that compare equal.

    Key order does not matter and ``1 == 1.0 == True`` as in dict comparison; nested objects and
    arrays are frozen recursively (a list and a tuple with equal items give the same key).
    """
    try:
        return frozenset(context.items())
    except TypeError:  # a value is a dict, list or other unhashable object
        return _freeze(context)


class PartitionIndex:
    """An index over one stream's ``partitions`` list in the tap state.

    Args:
        partitions: the list in the state; the index adds new entries to it.
        tap_stream_id: the stream, named in error messages.

    Raises:
        ValueError: an entry has no ``context`` object, or two entries have equal contexts.
    """

    __slots__ = ("_by_key", "partitions", "size", "tap_stream_id")

    def __init__(self, partitions: list[dict[str, t.Any]], tap_stream_id: str) -> None:
        self.partitions = partitions
        self.tap_stream_id = tap_stream_id
        by_key: dict[Hashable, dict[str, t.Any]] = {}
        for position, entry in enumerate(partitions):
            context = check_partition_entry(entry, position, tap_stream_id)
            key = freeze_context(context)
            if key in by_key:
                raise duplicate_partition_error(tap_stream_id, context)
            by_key[key] = entry
        self._by_key = by_key
        self.size = len(partitions)

    def __len__(self) -> int:
        """Return the number of partitions indexed."""
        return self.size

    def is_current(self, partitions: t.Any) -> bool:
        """Return True if ``partitions`` is the indexed list and nothing else added to it."""
        return partitions is self.partitions and len(partitions) == self.size

    def get(self, context: Mapping[str, t.Any]) -> dict[str, t.Any] | None:
        """Return the partition state of ``context``, or None if the list has none."""
        return self._by_key.get(freeze_context(context))

    def get_or_create(
        self,
        context: Mapping[str, t.Any],
        key: Hashable | None = None,
    ) -> dict[str, t.Any]:
        """Return the partition state of ``context``, appending a new one if there is none.

        Args:
            context: the state partition context.
            key: ``freeze_context(context)``, if the caller has it already.
        """
        if key is None:
            key = freeze_context(context)
        entry = self._by_key.get(key)
        if entry is None:
            entry = {CONTEXT_KEY: dict(context)}
            self.partitions.append(entry)
            self._by_key[key] = entry
            self.size += 1
        return entry
