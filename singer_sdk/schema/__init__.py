"""Schema sources for streams: ``StreamSchema`` with a ``SchemaDirectory`` (OpenAPI comes later)."""

from __future__ import annotations

from singer_sdk.schema.source import SchemaDirectory, SchemaSource, StreamSchema

__all__ = ["SchemaDirectory", "SchemaSource", "StreamSchema"]
