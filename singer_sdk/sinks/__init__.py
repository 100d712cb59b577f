"""Sink classes for targets: ``RecordSink`` (one record at a time) and ``BatchSink``.

``SQLSink`` moved to :mod:`singer_sdk.sql`; the old name here still works, with a warning.
"""

from __future__ import annotations

from singer_sdk._sinks.batch import BatchSink
from singer_sdk._sinks.core import Sink
from singer_sdk._sinks.record import RecordSink
from singer_sdk.helpers._compat import aliases_getattr

__all__ = ["BatchSink", "RecordSink", "Sink"]

# Names the reference's module also offers (imported on first use), so connectors that
# import them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "SingerSDKDeprecationWarning": "singer_sdk.helpers._compat",
    },
    moved={
        "SQLSink": "singer_sdk.sql",
    },
)
