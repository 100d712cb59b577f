"""The module-level state functions: shapes, increments, starting values, finalisation."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

import pytest

from singer_sdk._state.bookmarks import (
    choose_starting_value,
    compare_ge,
    finalize_state_progress_markers,
    get_starting_replication_value,
    get_state_if_exists,
    get_state_partitions_list,
    get_writeable_state_dict,
    increment_state,
    is_state_non_resumable,
    log_sort_error,
    parse_timestamp,
    reset_state_progress_markers,
    to_state_value,
    write_replication_key_signpost,
    write_starting_replication_value,
    write_stream_state,
)
from singer_sdk.exceptions import InvalidStreamSortException

NOTE = "Progress is not resumable if interrupted."


def _inc(state, value, *, is_sorted=True, check_sorted=True, ts=False, key="u", name="s"):
    increment_state(
        state,
        latest_record={key: value},
        replication_key=key,
        is_sorted=is_sorted,
        check_sorted=check_sorted,
        is_timestamp_key=ts,
        stream_name=name,
    )


# -- lookup and creation ------------------------------------------------------------------------


def test_writeable_state_dict_unpartitioned_is_created_in_place():
    tap_state: dict = {}
    stream_state = get_writeable_state_dict(tap_state, "users")
    assert tap_state == {"bookmarks": {"users": {}}}
    stream_state["replication_key"] = "id"
    assert get_writeable_state_dict(tap_state, "users") is stream_state
    assert tap_state == {"bookmarks": {"users": {"replication_key": "id"}}}


def test_writeable_state_dict_partitioned_appends_context_entries():
    tap_state: dict = {"bookmarks": {"other": {"replication_key_value": 1}}}
    first = get_writeable_state_dict(tap_state, "issues", {"repo": "a"})
    second = get_writeable_state_dict(tap_state, "issues", {"repo": "b", "org": "x"})
    assert get_writeable_state_dict(tap_state, "issues", {"repo": "a"}) is first
    assert get_writeable_state_dict(tap_state, "issues", {"org": "x", "repo": "b"}) is second
    assert tap_state == {
        "bookmarks": {
            "other": {"replication_key_value": 1},
            "issues": {
                "partitions": [
                    {"context": {"repo": "a"}},
                    {"context": {"repo": "b", "org": "x"}},
                ]
            },
        }
    }


def test_empty_context_means_the_stream_level_state():
    tap_state: dict = {}
    assert get_writeable_state_dict(tap_state, "s", {}) is get_writeable_state_dict(tap_state, "s")
    assert tap_state == {"bookmarks": {"s": {}}}


def test_context_entry_is_a_copy_of_the_given_context():
    tap_state: dict = {}
    context = {"repo": "a"}
    get_writeable_state_dict(tap_state, "s", context)
    context["repo"] = "changed"
    assert tap_state["bookmarks"]["s"]["partitions"] == [{"context": {"repo": "a"}}]


def test_writeable_state_dict_rejects_missing_state():
    with pytest.raises(ValueError, match=r"^Cannot write state to missing state dictionary\.$"):
        get_writeable_state_dict(None, "s")  # type: ignore[arg-type]


def test_duplicate_partition_contexts_are_an_error_naming_stream_and_context():
    tap_state = {
        "bookmarks": {
            "issues": {
                "partitions": [
                    {"context": {"repo": "a"}, "replication_key_value": 1},
                    {"context": {"repo": "a"}, "replication_key_value": 2},
                ]
            }
        }
    }
    expected = (
        "State of stream 'issues' lists the partition context {'repo': 'a'} more than once; "
        "each context may appear only once in 'partitions'."
    )
    with pytest.raises(ValueError) as excinfo:
        get_writeable_state_dict(tap_state, "issues", {"repo": "a"})
    assert str(excinfo.value) == expected
    with pytest.raises(ValueError, match="more than once"):
        get_state_if_exists(tap_state, "issues", {"repo": "a"})


@pytest.mark.parametrize(
    ("stream_state", "message"),
    [
        ({"partitions": {"context": {}}}, "'partitions' in the state of stream 's' must be a list"),
        (
            {"partitions": [{"replication_key_value": 1}]},
            "Partition #0 in the state of stream 's' must be an object with a 'context' object, "
            "got {'replication_key_value': 1}",
        ),
        (
            {"partitions": [{"context": {"a": 2}}, "x"]},
            "Partition #1 in the state of stream 's' must be an object with a 'context' object, "
            "got 'x'",
        ),
        ("oops", "State of stream 's' must be an object, got 'oops'"),
    ],
)
def test_malformed_partitions_are_reported(stream_state, message):
    with pytest.raises(ValueError) as excinfo:
        get_writeable_state_dict({"bookmarks": {"s": stream_state}}, "s", {"a": 1})
    assert str(excinfo.value) == message


def test_get_state_if_exists_never_creates():
    tap_state = {
        "bookmarks": {
            "s": {
                "replication_key": "u",
                "partitions": [{"context": {"a": 1}, "replication_key_value": 5}],
            },
            "flat": {"replication_key_value": 3},
        }
    }
    snapshot = repr(tap_state)
    assert get_state_if_exists(tap_state, "missing") is None
    assert get_state_if_exists({}, "s") is None
    assert get_state_if_exists(tap_state, "s", key="replication_key") == "u"
    assert get_state_if_exists(tap_state, "s", {"a": 1}) == {
        "context": {"a": 1},
        "replication_key_value": 5,
    }
    assert get_state_if_exists(tap_state, "s", {"a": 1}, "replication_key_value") == 5
    assert get_state_if_exists(tap_state, "s", {"a": 1}, "nope") is None
    assert get_state_if_exists(tap_state, "s", {"a": 2}) is None
    assert get_state_if_exists(tap_state, "flat", {"a": 1}) is None
    assert repr(tap_state) == snapshot


def test_get_state_partitions_list():
    partitions = [{"context": {"a": 1}}]
    tap_state = {"bookmarks": {"s": {"partitions": partitions}, "flat": {}}}
    assert get_state_partitions_list(tap_state, "s") is partitions
    assert get_state_partitions_list(tap_state, "flat") is None
    assert get_state_partitions_list(tap_state, "missing") is None


def test_write_stream_state():
    tap_state: dict = {}
    write_stream_state(tap_state, "s", "replication_key", "u")
    write_stream_state(tap_state, "s", "replication_key_value", 3, state_partition_context={"a": 1})
    assert tap_state == {
        "bookmarks": {
            "s": {
                "replication_key": "u",
                "partitions": [{"context": {"a": 1}, "replication_key_value": 3}],
            }
        }
    }


# -- values ---------------------------------------------------------------------------------------


def test_to_state_value():
    naive = dt.datetime(2024, 1, 2, 3, 4, 5)
    assert to_state_value(naive) == "2024-01-02T03:04:05.000000+00:00"
    aware = dt.datetime(2024, 1, 2, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert to_state_value(aware) == "2024-01-02T00:00:00.000000+02:00"
    ident = uuid.UUID(int=1)
    assert to_state_value(ident) == "00000000-0000-0000-0000-000000000001"
    assert to_state_value(dt.date(2024, 1, 2)) == dt.date(2024, 1, 2)
    assert to_state_value(7) == 7


def test_parse_timestamp():
    utc = dt.UTC
    assert parse_timestamp("2024-01-02T03:04:05Z") == dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=utc)
    assert parse_timestamp("2024-01-02T03:04:05").tzinfo is utc
    assert parse_timestamp(dt.date(2024, 1, 2)) == dt.datetime(2024, 1, 2, tzinfo=utc)
    assert parse_timestamp(dt.datetime(2024, 1, 2)) == dt.datetime(2024, 1, 2, tzinfo=utc)
    with pytest.raises(ValueError, match="Invalid isoformat string"):
        parse_timestamp("yesterday")
    with pytest.raises(TypeError, match=r"^5 is not a date-time$"):
        parse_timestamp(5)


def test_compare_ge_timestamps_by_instant_not_by_string():
    later_utc = "2024-01-01T23:00:00Z"
    earlier_with_offset = "2024-01-02T00:00:00+02:00"  # 2024-01-01T22:00Z
    assert compare_ge(earlier_with_offset, later_utc, is_timestamp_key=True) == (False, True)
    assert compare_ge(later_utc, earlier_with_offset, is_timestamp_key=True) == (True, True)
    # Compared natively (the reference's way for every key) the strings sort the other way:
    assert compare_ge(earlier_with_offset, later_utc, is_timestamp_key=False) == (True, True)
    # None: as date-times when both parse as such.
    assert compare_ge(earlier_with_offset, later_utc, is_timestamp_key=None) == (False, True)
    assert compare_ge("b", "a", is_timestamp_key=None) == (True, True)


def test_compare_ge_fallbacks():
    # A timestamp key holding numbers: compared natively, reported as inexact.
    assert compare_ge(5, 4, is_timestamp_key=True) == (True, False)
    # Date-time objects of a non-timestamp key against a stored string.
    assert compare_ge(dt.datetime(2024, 1, 2), "2024-01-01", is_timestamp_key=False) == (
        True,
        True,
    )
    # UUIDs against their stored strings, by JSON form.
    assert compare_ge(uuid.UUID(int=2), str(uuid.UUID(int=1)), is_timestamp_key=False) == (
        True,
        False,
    )
    with pytest.raises(TypeError, match=r"^Cannot compare replication key values 'a' and 1$"):
        compare_ge("a", 1, is_timestamp_key=False)


# -- increments ---------------------------------------------------------------------------------


def test_sorted_increment_writes_the_bookmark():
    state: dict = {}
    for value in (1, 2, 2, 5):
        _inc(state, value)
    assert state == {"replication_key": "u", "replication_key_value": 5}


def test_sorted_decrease_raises_naming_stream_and_values():
    state = {"replication_key": "u", "replication_key_value": 5}
    expected = (
        "Unsorted data detected in stream 'users': replication key 'u' value 3 is smaller "
        "than the previous value 5."
    )
    with pytest.raises(InvalidStreamSortException) as excinfo:
        _inc(state, 3, name="users")
    assert str(excinfo.value) == expected
    assert state == {"replication_key": "u", "replication_key_value": 5}


def test_sorted_decrease_without_check_keeps_the_higher_bookmark():
    state = {"replication_key": "u", "replication_key_value": 5}
    _inc(state, 3, check_sorted=False)
    assert state == {"replication_key": "u", "replication_key_value": 5}


def test_unsorted_increment_keeps_progress_markers(caplog):
    state = {"replication_key": "u", "replication_key_value": 1}
    with caplog.at_level(logging.WARNING):
        for value in (4, 9, 2):
            _inc(state, value, is_sorted=False)
    assert state == {
        "replication_key": "u",
        "replication_key_value": 1,
        "progress_markers": {"Note": NOTE, "replication_key": "u", "replication_key_value": 9},
    }
    assert is_state_non_resumable(state)
    assert [r.getMessage() for r in caplog.records] == [
        "The stream 's' is not sorted by 'u': its progress is not resumable if interrupted"
    ]


def test_null_and_missing_values_are_ignored_with_a_warning(caplog):
    state = {"replication_key": "u", "replication_key_value": 1}
    with caplog.at_level(logging.WARNING):
        _inc(state, None)
        increment_state(
            state, latest_record={}, replication_key="u", is_sorted=True, check_sorted=True
        )
    assert state == {"replication_key": "u", "replication_key_value": 1}
    assert [r.getMessage() for r in caplog.records] == [
        "Ignoring a null value of replication key 'u' in stream 's'",
        "Ignoring a null value of replication key 'u' in stream",
    ]


def test_timestamp_increments_compare_instants():
    state = {"replication_key": "u", "replication_key_value": "2024-01-01T23:00:00Z"}
    with pytest.raises(InvalidStreamSortException, match="smaller than the previous value"):
        _inc(state, "2024-01-02T00:00:00+02:00", ts=True)
    # Not a timestamp key: lexicographic, as the reference does for every key.
    _inc(state, "2024-01-02T00:00:00+02:00", ts=False)
    assert state["replication_key_value"] == "2024-01-02T00:00:00+02:00"


def test_naive_timestamps_count_as_utc():
    state = {"replication_key": "u", "replication_key_value": "2024-01-01T10:00:00+00:00"}
    _inc(state, "2024-01-01T10:00:00", ts=True)  # equal instant: no sort error
    assert state["replication_key_value"] == "2024-01-01T10:00:00"
    with pytest.raises(InvalidStreamSortException):
        _inc(state, "2024-01-01T11:00:00+02:00", ts=True)


def test_datetime_values_are_stored_as_iso_strings():
    state: dict = {}
    _inc(state, dt.datetime(2024, 1, 1, 12), ts=True)
    _inc(state, dt.datetime(2024, 1, 2, tzinfo=dt.UTC), ts=True)
    assert state == {
        "replication_key": "u",
        "replication_key_value": "2024-01-02T00:00:00.000000+00:00",
    }


def test_bookmark_of_another_replication_key_is_replaced():
    state = {"replication_key": "id", "replication_key_value": 1000}
    _inc(state, 3)
    assert state == {"replication_key": "u", "replication_key_value": 3}


def test_sorted_bookmark_is_capped_at_the_signpost():
    state: dict = {}
    write_replication_key_signpost(state, dt.datetime(2024, 1, 1, 12, tzinfo=dt.UTC))
    _inc(state, "2024-01-01T11:00:00Z", ts=True)
    assert state["replication_key_value"] == "2024-01-01T11:00:00Z"
    _inc(state, "2024-01-01T13:00:00Z", ts=True)
    assert state == {
        "replication_key_signpost": "2024-01-01T12:00:00.000000+00:00",
        "replication_key": "u",
        "replication_key_value": "2024-01-01T12:00:00.000000+00:00",
    }


def test_increment_of_incomparable_values_raises_type_error():
    state = {"replication_key": "u", "replication_key_value": "abc"}
    with pytest.raises(TypeError, match=r"^Cannot compare replication key values 1 and 'abc'$"):
        _inc(state, 1)


# -- starting value and finalisation --------------------------------------------------------------


def test_starting_value_markers():
    state: dict = {}
    assert get_starting_replication_value(state) is None
    write_starting_replication_value(state, dt.datetime(2024, 1, 1))
    assert state == {"starting_replication_value": "2024-01-01T00:00:00.000000+00:00"}
    assert get_starting_replication_value(state) == "2024-01-01T00:00:00.000000+00:00"


@pytest.mark.parametrize(
    ("bookmark", "start_date", "is_ts", "expected"),
    [
        ("2024-03-01T00:00:00Z", "2024-01-01", True, "2024-03-01T00:00:00Z"),
        ("2024-01-01T00:00:00Z", "2024-03-01", True, "2024-03-01"),
        # by instant: the bookmark is 2024-02-29T23:00Z, before the start date
        ("2024-03-01T00:00:00+01:00", "2024-02-29T23:30:00Z", True, "2024-02-29T23:30:00Z"),
        (None, "2024-01-01", True, "2024-01-01"),
        ("2024-01-01T00:00:00Z", None, True, "2024-01-01T00:00:00Z"),
        (None, None, True, None),
        (5, "2024-01-01", False, 5),  # not a timestamp: the bookmark wins
        (0, "2024-01-01", False, 0),  # a falsy bookmark is still a bookmark
        (None, "2024-01-01", False, "2024-01-01"),
        (dt.datetime(2024, 5, 1), "2024-01-01", True, "2024-05-01T00:00:00.000000+00:00"),
    ],
)
def test_choose_starting_value(bookmark, start_date, is_ts, expected):
    assert choose_starting_value(bookmark, start_date, is_timestamp_key=is_ts) == expected


def test_choose_starting_value_rejects_non_timestamps():
    expected = (
        "Cannot compare bookmark '2024-01-01' with start_date 'soon': both must be ISO 8601 "
        "date-times (Invalid isoformat string: 'soon')"
    )
    with pytest.raises(ValueError) as excinfo:
        choose_starting_value("2024-01-01", "soon", is_timestamp_key=True)
    assert str(excinfo.value) == expected


def test_finalize_unsorted_promotes_markers_capped_at_signpost():
    state = {
        "replication_key": "u",
        "replication_key_value": "2024-01-01T00:00:00Z",
        "starting_replication_value": "2024-01-01T00:00:00Z",
        "replication_key_signpost": "2024-01-05T00:00:00+00:00",
        "progress_markers": {
            "Note": NOTE,
            "replication_key": "u",
            "replication_key_value": "2024-01-07T00:00:00Z",
        },
    }
    assert finalize_state_progress_markers(state, is_timestamp_key=True) is None
    assert state == {"replication_key": "u", "replication_key_value": "2024-01-05T00:00:00+00:00"}


def test_finalize_caps_by_instant():
    # "2024-01-01T23:00:00Z" sorts before the signpost as a string, yet is 30 minutes after it.
    state = {
        "replication_key_signpost": "2024-01-02T00:30:00+02:00",
        "progress_markers": {
            "Note": NOTE,
            "replication_key": "u",
            "replication_key_value": "2024-01-01T23:00:00Z",
        },
    }
    finalize_state_progress_markers(state)
    assert state == {"replication_key": "u", "replication_key_value": "2024-01-02T00:30:00+02:00"}


def test_finalize_keeps_values_below_the_signpost_and_numeric_signposts():
    state = {
        "replication_key_signpost": 0,  # a falsy signpost still caps
        "progress_markers": {"Note": NOTE, "replication_key": "id", "replication_key_value": 7},
    }
    finalize_state_progress_markers(state, is_timestamp_key=False)
    assert state == {"replication_key": "id", "replication_key_value": 0}
    state = {
        "replication_key_signpost": 10,
        "progress_markers": {"Note": NOTE, "replication_key": "id", "replication_key_value": 7},
    }
    finalize_state_progress_markers(state)
    assert state == {"replication_key": "id", "replication_key_value": 7}


def test_finalize_sorted_state_drops_transient_keys():
    state = {
        "context": {"a": 1},
        "replication_key": "u",
        "replication_key_value": 3,
        "starting_replication_value": 1,
        "replication_key_signpost": 9,
    }
    assert finalize_state_progress_markers(state) is None
    assert state == {"context": {"a": 1}, "replication_key": "u", "replication_key_value": 3}


def test_finalize_returns_markers_that_were_not_promoted():
    state = {"progress_markers": {"Note": NOTE, "offset": 40}}
    assert finalize_state_progress_markers(state) == {"offset": 40}
    assert state == {}
    assert finalize_state_progress_markers(state) is None


def test_reset_progress_markers():
    state = {"progress_markers": {"Note": NOTE, "replication_key": "u"}, "x": 1}
    assert reset_state_progress_markers(state) == {"replication_key": "u"}
    assert state == {"x": 1}
    assert reset_state_progress_markers(state) is None


def test_log_sort_error_message():
    lines: list[str] = []
    log_sort_error(
        ex=InvalidStreamSortException("boom"),
        log_fn=lines.append,
        stream_name="comments",
        current_context={"post": 1, "user": 2},
        state_partition_context={"post": 1},
        record_count=10,
        partition_record_count=3,
    )
    log_sort_error(
        ex=InvalidStreamSortException("boom"),
        log_fn=lines.append,
        stream_name="comments",
        current_context=None,
        state_partition_context=None,
        record_count=3,
        partition_record_count=3,
    )
    assert lines == [
        "Sort error in stream 'comments' at record #10. It was record #3 of state partition "
        "{'post': 1}. Context: {'post': 1, 'user': 2}. boom",
        "Sort error in stream 'comments' at record #3. boom",
    ]
