"""The ``RecordSink`` class: sinks that write one record at a time."""

from __future__ import annotations

from singer_sdk._sinks.record import RecordSink
from singer_sdk.helpers._compat import aliases_getattr

__all__ = ["RecordSink"]

# Names the reference's module also offers (imported on first use), so connectors that
# import them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "Sink": "singer_sdk.sinks.core",
    },
)
