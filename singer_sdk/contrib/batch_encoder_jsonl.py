"""The built-in ``jsonl`` BATCH encoder (entry point ``jsonl`` of ``singer_sdk.batch_encoders``)."""

from __future__ import annotations

from singer_sdk._batch.batchers import BaseBatcher, JSONLinesBatcher, lazy_chunked_generator
from singer_sdk.singerlib.json import serialize_json

__all__ = ["JSONLinesBatcher"]

# Importable from here as in earlier releases.
_REEXPORTED = (BaseBatcher, lazy_chunked_generator, serialize_json)
