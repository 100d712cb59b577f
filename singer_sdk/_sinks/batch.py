""":class:`BatchSink`: a sink that collects records and loads them a batch at a time."""

from __future__ import annotations

import abc
import datetime as dt
import typing as t
import uuid

from singer_sdk._sinks.core import Sink

__all__ = ["BatchSink"]


class BatchSink(Sink):
    """Base class of sinks that load records in batches: implement :meth:`process_batch`.

    Each batch has a context dict, created when its first record arrives, holding ``batch_id``
    (a UUID string) and ``batch_start_time`` (an aware UTC datetime). By default
    :meth:`process_record` appends each record to ``context["records"]``, and the target calls
    :meth:`process_batch` with that context when it drains the sink: when it is full, when its
    oldest record has waited long enough, before a schema change, and at the end of the input.
    """

    def _get_context(self, record: dict[str, t.Any]) -> dict[str, t.Any]:
        """Return the context of the current batch, starting a new batch if there is none."""
        context = self._pending_batch
        if context is None:
            context = {
                "batch_id": str(uuid.uuid4()),
                "batch_start_time": dt.datetime.now(tz=dt.UTC),
            }
            self.start_batch(context)
            self._pending_batch = context
        return context

    def start_batch(self, context: dict[str, t.Any]) -> None:
        """Prepare a new batch (e.g. open a temporary file); called when it starts.

        ``context`` holds ``batch_id`` and ``batch_start_time``; add what your batch needs.
        The default does nothing.
        """

    def process_record(self, record: dict[str, t.Any], context: dict[str, t.Any]) -> None:
        """Stage ``record`` in the batch; called per record.

        The default appends it to ``context["records"]``.
        """
        records = context.get("records")
        if records is None:
            context["records"] = [record]
        else:
            records.append(record)

    @abc.abstractmethod
    def process_batch(self, context: dict[str, t.Any]) -> None:
        """Load the batch for good; called when the sink is drained.

        With the default :meth:`process_record`, ``context["records"]`` holds the batch's
        records. Tally merged duplicates with :meth:`tally_duplicate_merged`.
        """
