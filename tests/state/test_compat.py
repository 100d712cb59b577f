"""singer_sdk.helpers._state keeps the reference's names and signatures."""

from __future__ import annotations

import inspect

import pytest

import singer_sdk.helpers._state as compat
from singer_sdk._state.manager import StreamStateManager

# Parameter names (and kinds) observed on singer-sdk 0.54.9.
REFERENCE_FUNCTIONS = {
    "finalize_state_progress_markers": ["stream_or_partition_state"],
    "get_starting_replication_value": ["stream_or_partition_state"],
    "get_state_if_exists": ["tap_state", "tap_stream_id", "state_partition_context", "key"],
    "get_state_partitions_list": ["tap_state", "tap_stream_id"],
    "get_writeable_state_dict": ["tap_state", "tap_stream_id", "state_partition_context"],
    "increment_state": [
        "stream_or_partition_state",
        "*latest_record",
        "*replication_key",
        "*is_sorted",
        "*check_sorted",
    ],
    "is_state_non_resumable": ["stream_or_partition_state"],
    "log_sort_error": [
        "*ex",
        "*log_fn",
        "*stream_name",
        "*current_context",
        "*state_partition_context",
        "*record_count",
        "*partition_record_count",
    ],
    "reset_state_progress_markers": ["stream_or_partition_state"],
    "write_replication_key_signpost": ["stream_or_partition_state", "new_signpost_value"],
    "write_starting_replication_value": ["stream_or_partition_state", "initial_value"],
    "write_stream_state": ["tap_state", "tap_stream_id", "key", "val", "*state_partition_context"],
}

REFERENCE_MANAGER_METHODS = {
    "get_context_state": ["context"],
    "get_state_partition_context": ["context"],
    "write_starting_replication_value": [
        "context",
        "replication_method",
        "replication_key",
        "config",
        "compare_start_date_fn",
    ],
    "write_replication_key_signpost": ["value", "*context"],
    "increment_state": ["latest_record", "*context", "*replication_key"],
    "finalize_state": ["state"],
    "finalize_progress_markers": ["state", "partitions"],
    "get_state_partitions": [],
    "get_starting_replication_value": ["context", "replication_method"],
    "is_state_non_resumable": ["context"],
    "log_sort_error": ["*ex", "*current_context", "*record_count", "*partition_record_count"],
}


def _params(func, skip_self=False):
    params = list(inspect.signature(func).parameters.values())
    if skip_self:
        params = params[1:]
    return [("*" if p.kind is p.KEYWORD_ONLY else "") + p.name for p in params]


def test_all_is_sorted_and_complete():
    assert compat.__all__ == sorted(compat.__all__, key=lambda n: (not n.isupper(), n))
    for name in compat.__all__:
        assert hasattr(compat, name)
    assert {"StateWriter", "InvalidStreamSortException", "StateMessage"} <= set(compat.__all__)


def test_constants():
    assert compat.PROGRESS_MARKERS == "progress_markers"
    assert compat.PROGRESS_MARKER_NOTE == "Note"
    assert compat.SIGNPOST_MARKER == "replication_key_signpost"
    assert compat.STARTING_MARKER == "starting_replication_value"


@pytest.mark.parametrize(("name", "expected"), sorted(REFERENCE_FUNCTIONS.items()))
def test_function_signatures_extend_the_references(name, expected):
    params = _params(getattr(compat, name))
    # Same parameters in the same order; any extra ones are optional keyword-only additions.
    assert params[: len(expected)] == expected
    extra = list(inspect.signature(getattr(compat, name)).parameters.values())[len(expected) :]
    assert all(p.kind is p.KEYWORD_ONLY and p.default is not p.empty for p in extra)


@pytest.mark.parametrize(("name", "expected"), sorted(REFERENCE_MANAGER_METHODS.items()))
def test_manager_methods_match_the_reference(name, expected):
    assert _params(getattr(StreamStateManager, name), skip_self=True) == expected


def test_state_writer_takes_a_message_writer():
    assert _params(compat.StateWriter.__init__, skip_self=True) == ["message_writer"]
    assert _params(compat.StateWriter.write_state, skip_self=True) == ["state"]
