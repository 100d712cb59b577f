"""The ``BatchSink`` class: sinks that write records in batches."""

from __future__ import annotations

from singer_sdk._sinks.batch import BatchSink
from singer_sdk.helpers._compat import aliases_getattr

__all__ = ["BatchSink"]

# Names the reference's module also offers (imported on first use), so connectors that
# import them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "Sink": "singer_sdk.sinks.core",
    },
)
