"""The stream map used when no stream maps are configured: records pass through unchanged.

It has the interface every stream map offers to the sync loop, so a stream always holds a list
of maps and the loop needs no special case.
"""

from __future__ import annotations

import typing as t

__all__ = ["IdentityStreamMap"]


class IdentityStreamMap:
    """Writes the stream as it is: same name, schema, keys and records.

    Args:
        stream_alias: the stream name in the output.
        raw_schema: the stream's (selected) schema.
        key_properties: the stream's primary key.
    """

    #: Records and schema leave this map exactly as they came in (the sync loop's fast path).
    passes_through = True
    #: This map writes its stream.
    drops_stream = False

    def __init__(
        self,
        stream_alias: str,
        raw_schema: dict[str, t.Any],
        key_properties: t.Sequence[str] | None,
    ) -> None:
        self.stream_alias = stream_alias
        self.raw_schema = raw_schema
        self.transformed_schema = raw_schema
        self.transformed_key_properties: t.Sequence[str] | None = list(key_properties or [])

    def transform(self, record: dict[str, t.Any]) -> dict[str, t.Any] | None:
        """Return ``record`` unchanged."""
        return record

    def get_filter_result(self, record: dict[str, t.Any]) -> bool:
        """Return True: no record is filtered out."""
        return True
