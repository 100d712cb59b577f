"""The base stream class of {{ cookiecutter.tap_id }}: how records are read from the source."""

from __future__ import annotations

import typing as t

from singer_sdk import Stream

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context, Record


class {{ cookiecutter.source_name }}Stream(Stream):
    """Base class of the streams: each stream reads its rows with :meth:`read_rows`.

    Replace :meth:`read_rows` with calls to the source (a Python client, files, ...).
    """

    def read_rows(self, context: Context | None) -> t.Iterable[Record]:
        """Return the stream's rows for ``context``, in any order.

        Args:
            context: the stream partition (None: the stream has no partitions).

        Raises:
            NotImplementedError: the stream class does not say where its rows come from.
        """
        msg = f"Stream {self.name!r} does not implement read_rows()."
        raise NotImplementedError(msg)

    def get_records(self, context: Context | None) -> t.Iterable[Record]:
        """Yield the records for ``context``, skipping those older than the bookmark.

        Args:
            context: the stream partition (None: the stream has no partitions).

        Yields:
            One dict per record.
        """
        start = self.get_starting_timestamp(context) if self.replication_key else None
        for row in self.read_rows(context):
            if start is not None and self.replication_key:
                value = row.get(self.replication_key)
                if value is not None and value < start:
                    continue
            yield row
