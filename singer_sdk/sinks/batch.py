"""The ``BatchSink`` class: sinks that write records in batches."""

from __future__ import annotations

from singer_sdk._sinks.batch import BatchSink

__all__ = ["BatchSink"]
