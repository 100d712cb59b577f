"""The built-in ``parquet`` BATCH encoder (needs the ``parquet`` extra: pyarrow).

Entry point ``parquet`` of ``singer_sdk.batch_encoders``; pyarrow is imported only when a file
is written or read.
"""

from __future__ import annotations

from singer_sdk._batch.batchers import BaseBatcher, ParquetBatcher, lazy_chunked_generator

__all__ = ["ParquetBatcher"]

# Importable from here as in earlier releases.
_REEXPORTED = (BaseBatcher, lazy_chunked_generator)
