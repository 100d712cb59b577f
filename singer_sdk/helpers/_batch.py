"""BATCH settings and message types at the path connectors import them from.

Their home is ``singer_sdk._batch.config``.
"""

from __future__ import annotations

from singer_sdk._batch.config import (
    DEFAULT_BATCH_SIZE,
    BaseBatchFileEncoding,
    BatchConfig,
    BatchFileFormat,
    JSONLinesEncoding,
    ParquetEncoding,
    SDKBatchMessage,
    StorageTarget,
)

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "BaseBatchFileEncoding",
    "BatchConfig",
    "BatchFileFormat",
    "JSONLinesEncoding",
    "ParquetEncoding",
    "SDKBatchMessage",
    "StorageTarget",
]
