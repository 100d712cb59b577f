"""State and bookmark helpers at their historical import path.

The code lives in :mod:`singer_sdk._state`; this module keeps the names connectors and tests
import from ``singer_sdk.helpers._state``.
"""

from __future__ import annotations

from singer_sdk._messages.models import StateMessage
from singer_sdk._state.bookmarks import (
    PROGRESS_MARKER_NOTE,
    PROGRESS_MARKERS,
    SIGNPOST_MARKER,
    STARTING_MARKER,
    finalize_state_progress_markers,
    get_starting_replication_value,
    get_state_if_exists,
    get_state_partitions_list,
    get_writeable_state_dict,
    increment_state,
    is_state_non_resumable,
    log_sort_error,
    reset_state_progress_markers,
    write_replication_key_signpost,
    write_starting_replication_value,
    write_stream_state,
)
from singer_sdk._state.writer import StateWriter
from singer_sdk.exceptions import InvalidStreamSortException

__all__ = [
    "PROGRESS_MARKERS",
    "PROGRESS_MARKER_NOTE",
    "SIGNPOST_MARKER",
    "STARTING_MARKER",
    "InvalidStreamSortException",
    "StateMessage",
    "StateWriter",
    "finalize_state_progress_markers",
    "get_starting_replication_value",
    "get_state_if_exists",
    "get_state_partitions_list",
    "get_writeable_state_dict",
    "increment_state",
    "is_state_non_resumable",
    "log_sort_error",
    "reset_state_progress_markers",
    "write_replication_key_signpost",
    "write_starting_replication_value",
    "write_stream_state",
]
