""":class:`RecordSink`: a sink that writes each record as it arrives."""

from __future__ import annotations

import abc
import typing as t

from singer_sdk._sinks.core import Sink

__all__ = ["RecordSink"]


class RecordSink(Sink):
    """Base class of sinks that load one record at a time: implement :meth:`process_record`.

    Such a sink never holds records, so it is never full and draining it does nothing; each
    record counts as written once :meth:`process_record` returns.
    """

    #: Records are written at once: nothing is ever waiting to be drained.
    current_size = 0

    def __init__(
        self,
        target: t.Any,
        stream_name: str,
        schema: dict[str, t.Any],
        key_properties: t.Sequence[str] | None,
    ) -> None:
        super().__init__(target, stream_name, schema, key_properties)
        self._record_context: dict[str, t.Any] = {}

    def _get_context(self, record: dict[str, t.Any]) -> dict[str, t.Any]:
        """Return the sink's context (one dict, reused for every record)."""
        return self._record_context

    def _after_process_record(self, context: dict[str, t.Any]) -> None:
        """Count the record as written."""
        self.tally_record_written()

    @t.final
    def start_batch(self, context: dict[str, t.Any]) -> None:
        """Record sinks have no batches: does nothing."""

    @t.final
    def process_batch(self, context: dict[str, t.Any]) -> None:
        """Record sinks have no batches: does nothing."""

    @abc.abstractmethod
    def process_record(self, record: dict[str, t.Any], context: dict[str, t.Any]) -> None:
        """Write ``record`` to the destination for good before returning; called per record.

        Tally records merged or skipped as duplicates with :meth:`tally_duplicate_merged`.
        """
