"""StreamStateManager: one stream's state through a sync."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from singer_sdk._state.bookmarks import get_writeable_state_dict
from singer_sdk._state.manager import StreamStateManager
from singer_sdk.exceptions import InvalidStreamSortException

NOTE = "Progress is not resumable if interrupted."


def _manager(tap_state=None, **kwargs) -> StreamStateManager:
    kwargs.setdefault("tap_stream_id", "s")
    kwargs.setdefault("replication_key", "u")
    return StreamStateManager(tap_state={} if tap_state is None else tap_state, **kwargs)


# -- construction and lookup --------------------------------------------------------------------


def test_constructor_needs_one_stream_id():
    with pytest.raises(
        ValueError, match=r"^Give the stream's id as tap_stream_id \(or stream_name\), once$"
    ):
        StreamStateManager(tap_state={})
    with pytest.raises(ValueError, match="once"):
        StreamStateManager(tap_state={}, tap_stream_id="a", stream_name="b")
    manager = StreamStateManager(tap_state={}, stream_name="a")  # the reference's keyword
    assert manager.tap_stream_id == manager.stream_name == "a"


def test_stream_state_is_created_in_the_shared_tap_state():
    tap_state: dict = {"bookmarks": {"other": {"replication_key_value": 1}}}
    manager = _manager(tap_state)
    assert manager.stream_state == {}
    assert tap_state == {"bookmarks": {"other": {"replication_key_value": 1}, "s": {}}}
    assert manager.get_context_state(None) is manager.stream_state
    assert manager.get_context_state({}) is manager.stream_state
    assert manager.get_state_partitions() is None


def test_partition_states_keep_the_wire_shape():
    tap_state: dict = {}
    manager = _manager(tap_state)
    first = manager.get_context_state({"repo": "a"})
    manager.get_context_state({"repo": "b"})
    assert manager.get_context_state({"repo": "a"}) is first
    assert tap_state == {
        "bookmarks": {"s": {"partitions": [{"context": {"repo": "a"}}, {"context": {"repo": "b"}}]}}
    }
    assert manager.get_state_partitions() == [
        {"context": {"repo": "a"}},
        {"context": {"repo": "b"}},
    ]


def test_partitioning_keys_subset_and_empty():
    manager = _manager(state_partitioning_keys=["repo"])
    assert manager.get_state_partition_context(None) is None
    assert manager.get_state_partition_context({"repo": "a", "page": 2}) == {"repo": "a"}
    state = manager.get_context_state({"repo": "a", "page": 2})
    assert manager.get_context_state({"page": 3, "repo": "a"}) is state
    assert manager.tap_state == {"bookmarks": {"s": {"partitions": [{"context": {"repo": "a"}}]}}}

    flat = _manager(state_partitioning_keys=[])
    assert flat.get_context_state({"repo": "a"}) is flat.stream_state
    assert flat.tap_state == {"bookmarks": {"s": {}}}


def test_duplicate_partitions_in_input_state_raise_on_first_use():
    tap_state = {
        "bookmarks": {
            "s": {
                "partitions": [
                    {"context": {"id": 1}},
                    {"context": {"id": 2}},
                    {"context": {"id": 1}},
                ]
            }
        }
    }
    manager = _manager(tap_state)
    assert manager.stream_state is tap_state["bookmarks"]["s"]  # unpartitioned access works
    with pytest.raises(ValueError) as excinfo:
        manager.get_context_state({"id": 2})
    assert str(excinfo.value) == (
        "State of stream 's' lists the partition context {'id': 1} more than once; each context "
        "may appear only once in 'partitions'."
    )


def test_partitions_must_be_a_list():
    manager = _manager({"bookmarks": {"s": {"partitions": {}}}})
    with pytest.raises(
        ValueError, match=r"^'partitions' in the state of stream 's' must be a list$"
    ):
        manager.increment({"u": 1}, {"id": 1})


# -- increments ---------------------------------------------------------------------------------


def test_sorted_unpartitioned_increments():
    manager = _manager(is_sorted=True)
    for value in (1, 3, 3, 8):
        manager.increment({"u": value})
    assert manager.tap_state == {
        "bookmarks": {"s": {"replication_key": "u", "replication_key_value": 8}}
    }


def test_unsorted_unpartitioned_increments_keep_the_max_in_progress_markers(caplog):
    manager = _manager()
    with caplog.at_level(logging.WARNING):
        for value in (5, 2, 9, 1):
            manager.increment({"u": value})
        manager.increment({"u": 4}, {"id": 1})  # another state: no second warning
    assert manager.stream_state["progress_markers"] == {
        "Note": NOTE,
        "replication_key": "u",
        "replication_key_value": 9,
    }
    assert manager.is_state_non_resumable()
    assert [r.getMessage() for r in caplog.records] == [
        "Stream 's' is not sorted by 'u': its progress is not resumable if interrupted"
    ]


def test_partitioned_increments_and_child_contexts():
    tap_state = {
        "bookmarks": {
            "comments": {
                "partitions": [
                    {"context": {"post_id": 2}, "replication_key": "u", "replication_key_value": 7}
                ]
            }
        }
    }
    manager = _manager(tap_state, tap_stream_id="comments", is_sorted=True)
    for post_id, values in ((1, [1, 2]), (2, [7, 9]), (1, [4]), (3, [5])):
        for value in values:
            manager.increment({"u": value}, {"post_id": post_id})
    assert tap_state == {
        "bookmarks": {
            "comments": {
                "partitions": [
                    {"context": {"post_id": 2}, "replication_key": "u", "replication_key_value": 9},
                    {"context": {"post_id": 1}, "replication_key": "u", "replication_key_value": 4},
                    {"context": {"post_id": 3}, "replication_key": "u", "replication_key_value": 5},
                ]
            }
        }
    }


def test_contexts_sharing_a_state_are_treated_as_unsorted():
    # Sorted within each user, but two users' records meet in one state partition.
    manager = _manager(is_sorted=True, state_partitioning_keys=["org"])
    manager.increment({"u": 5}, {"org": "x", "user": 1})
    manager.increment({"u": 3}, {"org": "x", "user": 2})  # no sort error
    assert manager.tap_state == {
        "bookmarks": {
            "s": {
                "partitions": [
                    {
                        "context": {"org": "x"},
                        "progress_markers": {
                            "Note": NOTE,
                            "replication_key": "u",
                            "replication_key_value": 5,
                        },
                    }
                ]
            }
        }
    }
    flat = _manager(is_sorted=True, state_partitioning_keys=[])
    flat.increment({"u": 5}, {"user": 1})
    flat.increment({"u": 3}, {"user": 2})
    assert flat.stream_state == {
        "progress_markers": {"Note": NOTE, "replication_key": "u", "replication_key_value": 5}
    }


def test_partitioning_keys_covering_the_context_stay_sorted():
    manager = _manager(is_sorted=True, state_partitioning_keys=["org", "user"])
    manager.increment({"u": 5}, {"org": "x", "user": 1})
    with pytest.raises(InvalidStreamSortException):
        manager.increment({"u": 3}, {"org": "x", "user": 1})
    assert manager.get_context_state({"org": "x", "user": 1}) == {
        "context": {"org": "x", "user": 1},
        "replication_key": "u",
        "replication_key_value": 5,
    }


def test_sort_error_names_stream_previous_and_new_value():
    manager = _manager(tap_stream_id="events", is_sorted=True, is_timestamp_key=True)
    manager.increment({"u": "2024-01-01T23:00:00Z"})
    with pytest.raises(InvalidStreamSortException) as excinfo:
        manager.increment({"u": "2024-01-02T00:00:00+02:00"})
    assert str(excinfo.value) == (
        "Unsorted data detected in stream 'events': replication key 'u' value "
        "'2024-01-02T00:00:00+02:00' is smaller than the previous value '2024-01-01T23:00:00Z'."
    )


def test_sort_error_against_the_input_bookmark_and_without_check():
    tap_state = {"bookmarks": {"s": {"replication_key": "u", "replication_key_value": 10}}}
    with pytest.raises(
        InvalidStreamSortException, match="value 3 is smaller than the previous value 10"
    ):
        _manager(tap_state, is_sorted=True).increment({"u": 3})
    lenient = _manager(tap_state, is_sorted=True, check_sorted=False)
    lenient.increment({"u": 3})
    lenient.increment({"u": 11})
    lenient.increment({"u": 4})
    assert tap_state["bookmarks"]["s"] == {"replication_key": "u", "replication_key_value": 11}


def test_null_values_warn_once_per_stream(caplog):
    manager = _manager(is_sorted=True)
    with caplog.at_level(logging.WARNING):
        manager.increment({"u": 1})
        manager.increment({"u": None})
        manager.increment({"other": 1})
        manager.increment({"u": None}, {"id": 2})
    assert manager.stream_state == {"replication_key": "u", "replication_key_value": 1}
    assert [r.getMessage() for r in caplog.records] == [
        "Stream 's': ignoring null or missing values of replication key 'u' (warned once)"
    ]


def test_timestamp_keys_compare_as_datetimes():
    manager = _manager(is_sorted=False, is_timestamp_key=True)
    for value in (
        "2024-01-01T10:00:00Z",
        "2024-01-01T11:00:00+02:00",  # 09:00Z: lower, though higher as a string
        dt.datetime(2024, 1, 1, 10, 30),  # naive: UTC
        "2024-01-01T10:15:00",
    ):
        manager.increment({"u": value})
    assert manager.stream_state["progress_markers"]["replication_key_value"] == (
        "2024-01-01T10:30:00.000000+00:00"
    )


def test_non_timestamp_values_of_a_timestamp_key_fall_back_with_one_warning(caplog):
    manager = _manager(is_sorted=True, is_timestamp_key=True)
    with caplog.at_level(logging.WARNING):
        for value in (100, 200, 300):
            manager.increment({"u": value})
    assert manager.stream_state == {"replication_key": "u", "replication_key_value": 300}
    assert [r.getMessage() for r in caplog.records] == [
        "Replication key 'u' of stream 's' is a timestamp but holds 200; comparing such values "
        "as JSON strings"
    ]


def test_incomparable_values_raise_type_error_naming_the_stream():
    manager = _manager({"bookmarks": {"s": {"replication_key": "u", "replication_key_value": "x"}}})
    manager.is_sorted = True
    with pytest.raises(
        TypeError, match=r"^Stream 's': Cannot compare replication key values 1 and 'x'$"
    ):
        manager.increment({"u": 1})


def test_increment_without_replication_key_is_an_error():
    manager = _manager(replication_key=None)
    with pytest.raises(
        ValueError, match=r"^Stream 's' has no replication key to advance a bookmark$"
    ):
        manager.increment({"u": 1})


def test_compat_increment_state_takes_the_replication_key():
    manager = _manager(replication_key=None, is_sorted=True)
    manager.increment_state({"id": 4}, replication_key="id", context={"p": 1})
    assert manager.replication_key == "id"
    assert manager.get_state_partitions() == [
        {"context": {"p": 1}, "replication_key": "id", "replication_key_value": 4}
    ]


def test_sorted_bookmark_is_capped_at_the_signpost_but_sort_checks_use_real_values():
    manager = _manager(is_sorted=True, is_timestamp_key=True)
    manager.write_signpost({"id": 1}, dt.datetime(2024, 1, 2, tzinfo=dt.UTC))
    manager.increment({"u": "2024-01-01T00:00:00Z"}, {"id": 1})
    manager.increment({"u": "2024-01-03T00:00:00Z"}, {"id": 1})
    state = manager.get_context_state({"id": 1})
    assert state == {
        "context": {"id": 1},
        "replication_key_signpost": "2024-01-02T00:00:00.000000+00:00",
        "replication_key": "u",
        "replication_key_value": "2024-01-02T00:00:00.000000+00:00",
    }
    with pytest.raises(InvalidStreamSortException, match="previous value '2024-01-03T00:00:00Z'"):
        manager.increment({"u": "2024-01-02T12:00:00Z"}, {"id": 1})


def test_changes_behind_the_managers_back_are_noticed():
    tap_state: dict = {}
    manager = _manager(tap_state, is_sorted=True)
    manager.increment({"u": 5}, {"id": 1})
    # another writer appends a partition through the module functions
    other = get_writeable_state_dict(tap_state, "s", {"id": 2})
    manager.increment({"u": 6}, {"id": 2})
    assert other == {"context": {"id": 2}, "replication_key": "u", "replication_key_value": 6}
    assert len(tap_state["bookmarks"]["s"]["partitions"]) == 2
    # a rewritten bookmark is taken as the new baseline
    other["replication_key_value"] = 1
    manager.increment({"u": 2}, {"id": 2})
    assert other["replication_key_value"] == 2
    # a replaced stream state (e.g. a state reset) is used from then on
    tap_state["bookmarks"]["s"] = {}
    manager.increment({"u": 1})
    assert tap_state["bookmarks"]["s"] == {"replication_key": "u", "replication_key_value": 1}
    tap_state.clear()
    manager.increment({"u": 3}, {"id": 1})
    assert tap_state == {
        "bookmarks": {
            "s": {
                "partitions": [
                    {"context": {"id": 1}, "replication_key": "u", "replication_key_value": 3}
                ]
            }
        }
    }


def test_a_mutated_context_dict_is_looked_up_again():
    manager = _manager(is_sorted=True)
    context = {"id": 1}
    manager.increment({"u": 1}, context)
    context["id"] = 2
    manager.increment({"u": 1}, context)
    assert [p["context"] for p in manager.get_state_partitions() or []] == [{"id": 1}, {"id": 2}]


def test_many_partitions_interleaved():
    manager = _manager(is_sorted=True)
    for round_ in range(3):
        for i in range(500):
            manager.increment({"u": round_ * 1000 + i}, {"id": i})
    partitions = manager.get_state_partitions() or []
    assert len(partitions) == 500
    assert partitions[7] == {
        "context": {"id": 7},
        "replication_key": "u",
        "replication_key_value": 2007,
    }


# -- starting values --------------------------------------------------------------------------


def test_write_starting_for_timestamp_keys_takes_the_later_value():
    tap_state = {
        "bookmarks": {
            "s": {
                "partitions": [
                    {
                        "context": {"id": 1},
                        "replication_key": "u",
                        "replication_key_value": "2024-05-01T00:00:00Z",
                    },
                    {
                        "context": {"id": 2},
                        "replication_key": "u",
                        "replication_key_value": "2023-05-01T00:00:00Z",
                    },
                ]
            }
        }
    }
    manager = _manager(tap_state, is_timestamp_key=True)
    assert manager.write_starting({"id": 1}, "2024-01-01T00:00:00Z") == "2024-05-01T00:00:00Z"
    assert manager.write_starting({"id": 2}, "2024-01-01T00:00:00Z") == "2024-01-01T00:00:00Z"
    assert manager.write_starting({"id": 3}, "2024-01-01T00:00:00Z") == "2024-01-01T00:00:00Z"
    assert manager.write_starting({"id": 4}) is None
    assert [
        p.get("starting_replication_value") for p in tap_state["bookmarks"]["s"]["partitions"]
    ] == [
        "2024-05-01T00:00:00Z",
        "2024-01-01T00:00:00Z",
        "2024-01-01T00:00:00Z",
        None,
    ]
    assert "starting_replication_value" in tap_state["bookmarks"]["s"]["partitions"][3]
    assert manager.get_starting_value({"id": 1}) == "2024-05-01T00:00:00Z"


def test_write_starting_for_other_keys_prefers_the_bookmark():
    tap_state = {"bookmarks": {"s": {"replication_key": "id", "replication_key_value": 0}}}
    manager = _manager(tap_state, replication_key="id")
    assert manager.write_starting(None, 500) == 0
    assert manager.stream_state == {
        "replication_key": "id",
        "replication_key_value": 0,
        "starting_replication_value": 0,
    }


def test_write_starting_ignores_a_bookmark_of_another_key():
    tap_state = {"bookmarks": {"s": {"replication_key": "id", "replication_key_value": 9}}}
    manager = _manager(tap_state, replication_key="u")
    assert manager.write_starting(None, "2024-01-01") == "2024-01-01"
    # a hand-written bookmark without replication_key counts for the current key
    bare = _manager({"bookmarks": {"s": {"replication_key_value": 9}}}, replication_key="u")
    assert bare.write_starting(None, None) == 9


def test_write_starting_without_replication_key_writes_nothing():
    manager = _manager(replication_key=None)
    assert manager.write_starting(None, "2024-01-01") is None
    assert manager.stream_state == {}


def test_write_starting_rejects_a_non_timestamp_start_date():
    tap_state = {
        "bookmarks": {"s": {"replication_key": "u", "replication_key_value": "2024-01-01"}}
    }
    manager = _manager(tap_state, is_timestamp_key=True)
    with pytest.raises(
        ValueError, match=r"^Cannot compare bookmark '2024-01-01' with start_date 'May'"
    ):
        manager.write_starting(None, "May")


def test_compat_write_starting_replication_value():
    tap_state = {
        "bookmarks": {"s": {"replication_key": "u", "replication_key_value": "2024-01-01"}}
    }
    manager = _manager(tap_state, is_timestamp_key=True)
    manager.write_starting_replication_value(None, "FULL_TABLE", "u", {"start_date": "2025-01-01"})
    assert "starting_replication_value" not in manager.stream_state
    assert manager.get_starting_replication_value(None, "FULL_TABLE") is None

    manager.write_starting_replication_value(None, "INCREMENTAL", "u", {"start_date": "2025-01-01"})
    assert manager.get_starting_replication_value(None, "INCREMENTAL") == "2025-01-01"

    calls = []

    def pick(bookmark, start_date):
        calls.append((bookmark, start_date))
        return bookmark

    manager.write_starting_replication_value(
        None, "INCREMENTAL", "u", {"start_date": "2025-01-01"}, pick
    )
    assert calls == [("2024-01-01", "2025-01-01")]
    assert manager.get_starting_replication_value(None, "INCREMENTAL") == "2024-01-01"

    manager.write_starting_replication_value(None, "LOG_BASED", None, {})
    assert manager.stream_state["starting_replication_value"] is None


def test_signpost_none_is_not_written_but_zero_is():
    manager = _manager()
    manager.write_signpost(None, None)
    assert manager.stream_state == {}
    manager.write_replication_key_signpost(0, context={"id": 1})
    assert manager.get_context_state({"id": 1}) == {
        "context": {"id": 1},
        "replication_key_signpost": 0,
    }


# -- finalisation -------------------------------------------------------------------------------


def test_finalize_promotes_progress_markers_capped_at_the_signpost():
    manager = _manager(is_timestamp_key=True)
    manager.write_signpost(None, "2024-01-02T00:00:00+00:00")
    manager.write_starting(None, "2024-01-01T00:00:00Z")
    for value in ("2024-01-03T00:00:00Z", "2024-01-01T12:00:00Z"):
        manager.increment({"u": value})
    manager.is_flushed = True
    assert manager.finalize() is None
    assert manager.is_flushed is False
    assert manager.tap_state == {
        "bookmarks": {
            "s": {"replication_key": "u", "replication_key_value": "2024-01-02T00:00:00+00:00"}
        }
    }
    # increments after finalisation start new progress markers
    manager.increment({"u": "2024-01-01T13:00:00Z"})
    assert (
        manager.stream_state["progress_markers"]["replication_key_value"] == "2024-01-01T13:00:00Z"
    )


def test_finalize_one_context_and_all():
    manager = _manager()
    for context, value in (({"id": 1}, 3), ({"id": 2}, 4), (None, 5)):
        manager.write_signpost(context, 100)
        manager.increment({"u": value}, context)
    assert manager.finalize({"id": 1}) is None
    assert manager.tap_state["bookmarks"]["s"] == {
        "partitions": [
            {"context": {"id": 1}, "replication_key": "u", "replication_key_value": 3},
            {
                "context": {"id": 2},
                "replication_key_signpost": 100,
                "progress_markers": {
                    "Note": NOTE,
                    "replication_key": "u",
                    "replication_key_value": 4,
                },
            },
        ],
        "replication_key_signpost": 100,
        "progress_markers": {"Note": NOTE, "replication_key": "u", "replication_key_value": 5},
    }
    manager.finalize_all()
    assert manager.tap_state["bookmarks"]["s"] == {
        "partitions": [
            {"context": {"id": 1}, "replication_key": "u", "replication_key_value": 3},
            {"context": {"id": 2}, "replication_key": "u", "replication_key_value": 4},
        ],
        "replication_key": "u",
        "replication_key_value": 5,
    }


def test_finalize_returns_unpromoted_markers_and_reset():
    manager = _manager()
    manager.stream_state["progress_markers"] = {"Note": NOTE, "page": 3}
    assert manager.finalize() == {"page": 3}
    manager.stream_state["progress_markers"] = {"Note": NOTE, "page": 4}
    assert manager.reset_progress_markers() == {"page": 4}
    assert manager.stream_state == {}
    assert not manager.is_state_non_resumable()


def test_compat_finalize_methods():
    manager = _manager()
    manager.increment({"u": 1}, {"id": 1})
    manager.increment({"u": 2}, {"id": 2})
    manager.increment({"u": 3})
    manager.finalize_progress_markers(partitions=[{"id": 1}])
    assert manager.get_context_state({"id": 1}) == {
        "context": {"id": 1},
        "replication_key": "u",
        "replication_key_value": 1,
    }
    manager.finalize_progress_markers(manager.get_context_state({"id": 2}))
    assert manager.get_context_state({"id": 2})["replication_key_value"] == 2
    manager.finalize_progress_markers()
    assert manager.stream_state["replication_key_value"] == 3
    manager.stream_state["replication_key_signpost"] = 1
    manager.finalize_state()
    assert "replication_key_signpost" not in manager.stream_state


def test_log_sort_error(caplog):
    manager = _manager(tap_name="tap-x", state_partitioning_keys=["a"])
    with caplog.at_level(logging.ERROR):
        manager.log_sort_error(
            ex=InvalidStreamSortException("bad"),
            current_context={"a": 1, "b": 2},
            record_count=5,
            partition_record_count=2,
        )
    (record,) = caplog.records
    assert record.name == "tap-x.s"
    assert record.levelno == logging.ERROR
    assert record.getMessage() == (
        "Sort error in stream 's' at record #5. It was record #2 of state partition {'a': 1}. "
        "Context: {'a': 1, 'b': 2}. bad"
    )


def test_settings_changes_take_effect():
    manager = _manager()
    manager.increment({"u": 5})
    assert "progress_markers" in manager.stream_state
    manager.is_sorted = True
    manager.increment({"u": 6})
    assert manager.stream_state["replication_key_value"] == 6
    manager.check_sorted = False
    manager.increment({"u": 1})
    assert manager.stream_state["replication_key_value"] == 6
    manager.state_partitioning_keys = []
    assert manager.get_context_state({"x": 1}) is manager.stream_state
    assert manager.state_partitioning_keys == ()
