"""The Stream base class (the reference's ``singer_sdk.streams.core`` path)."""

from __future__ import annotations

from singer_sdk._catalog.metadata import (
    REPLICATION_FULL_TABLE,
    REPLICATION_INCREMENTAL,
    REPLICATION_LOG_BASED,
)
from singer_sdk._stream import Stream
from singer_sdk.helpers._compat import aliases_getattr

__all__ = [
    "REPLICATION_FULL_TABLE",
    "REPLICATION_INCREMENTAL",
    "REPLICATION_LOG_BASED",
    "Stream",
]

# Names the reference's module also offers (imported on first use), so connectors that
# import them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "AbortedSyncFailedException": "singer_sdk.exceptions",
        "AbortedSyncPausedException": "singer_sdk.exceptions",
        "BatchConfig": "singer_sdk.helpers._batch",
        "Batcher": "singer_sdk.batch",
        "DiscoveryError": "singer_sdk.exceptions",
        "InvalidReplicationKeyException": "singer_sdk.exceptions",
        "InvalidStreamSortException": "singer_sdk.exceptions",
        "MaxRecordsLimitException": "singer_sdk.exceptions",
        "RemoveRecordTransform": "singer_sdk.mapper",
        "SDKBatchMessage": "singer_sdk.helpers._batch",
        "SameRecordTransform": "singer_sdk.mapper",
        "SingerSDKDeprecationWarning": "singer_sdk.helpers._compat",
        "StreamStateManager": "singer_sdk._state.manager",
        "TypeConformanceLevel": "singer_sdk.helpers.conform",
        "conform_record_data_types": "singer_sdk.helpers._typing",
        "get_flattening_options": "singer_sdk.helpers._flattening",
        "is_datetime_type": "singer_sdk.helpers._typing",
        "pop_deselected_record_properties": "singer_sdk.helpers._catalog",
        "utc_now": "singer_sdk.helpers._util",
    },
)
