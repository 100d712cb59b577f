"""The Stream base class (the reference's ``singer_sdk.streams.core`` path)."""

from __future__ import annotations

from singer_sdk._catalog.metadata import (
    REPLICATION_FULL_TABLE,
    REPLICATION_INCREMENTAL,
    REPLICATION_LOG_BASED,
)
from singer_sdk._stream import Stream

__all__ = [
    "REPLICATION_FULL_TABLE",
    "REPLICATION_INCREMENTAL",
    "REPLICATION_LOG_BASED",
    "Stream",
]
