"""BATCH encoders: classes that write a stream's records to files for BATCH messages.

Subclass :class:`BaseBatcher` and register it under a format name in the
``singer_sdk.batch_encoders`` entry-point group to add a format; :class:`Batcher` dispatches to
the encoder of the configured format. The built-in formats are ``jsonl``
(:class:`~singer_sdk.contrib.batch_encoder_jsonl.JSONLinesBatcher`) and ``parquet``
(:class:`~singer_sdk.contrib.batch_encoder_parquet.ParquetBatcher`). A BATCH file a target
cannot read raises :class:`BatchFileError`.
"""

from __future__ import annotations

from singer_sdk._batch.batchers import BaseBatcher, Batcher, lazy_chunked_generator
from singer_sdk._batch.errors import BatchFileError
from singer_sdk.helpers._compat import moved_names_getattr

__all__ = ["BaseBatcher", "BatchFileError", "Batcher", "lazy_chunked_generator"]

__getattr__ = moved_names_getattr(
    __name__,
    {"JSONLinesBatcher": "singer_sdk.contrib.batch_encoder_jsonl:JSONLinesBatcher"},
)
