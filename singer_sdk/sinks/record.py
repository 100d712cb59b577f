"""The ``RecordSink`` class: sinks that write one record at a time."""

from __future__ import annotations

from singer_sdk._sinks.record import RecordSink

__all__ = ["RecordSink"]
