"""The sorted timestamp fast path of ``BookmarkCursor.advance`` against its general code.

A cursor of a sorted stream with a timestamp key handles a string value whose bookmark is the one
it wrote last, with the signpost it has seen before, in a few inlined steps. Every other case
must fall through to the general code before anything is changed. These tests run the same
values through a cursor with the fast path and one with it switched off and compare the states,
the errors and the values reported as compared inexactly, step by step.
"""

from __future__ import annotations

import datetime as dt
import random
import typing as t

import pytest

from singer_sdk._state.cursor import BookmarkCursor, ValueOrder
from singer_sdk._state.manager import StreamStateManager
from singer_sdk.exceptions import InvalidStreamSortException

UTC = dt.UTC
SIGNPOST = "replication_key_signpost"
VALUE = "replication_key_value"


def cursor(
    state: dict[str, t.Any], *, fast: bool, check_sorted: bool = True
) -> tuple[BookmarkCursor, list[t.Any]]:
    inexact: list[t.Any] = []
    result = BookmarkCursor(
        state,
        sorted_mode=True,
        replication_key="u",
        order=ValueOrder(True, inexact.append),
        check_sorted=check_sorted,
        stream_id="s",
    )
    assert result._sorted_timestamps
    result._sorted_timestamps = fast
    return result, inexact


#: A value to advance with, or ``("signpost" | "bookmark", value)``.
Step = t.Any


def run(steps: list[Step], *, fast: bool, check_sorted: bool = True, **state: t.Any) -> list[t.Any]:
    """Advance through ``steps`` and return what happened after each one.

    A step is a value, or ``("signpost", value)`` / ``("bookmark", value)`` to change the state
    behind the cursor's back.
    """
    state = dict(state)
    advancing, inexact = cursor(state, fast=fast, check_sorted=check_sorted)
    trace: list[t.Any] = []
    for step in steps:
        if isinstance(step, tuple) and step[0] == "signpost":
            state[SIGNPOST] = step[1]
            continue
        if isinstance(step, tuple) and step[0] == "bookmark":
            state[VALUE] = step[1]
            continue
        try:
            advancing.advance(step)
        except (InvalidStreamSortException, TypeError) as ex:
            trace.append((type(ex).__name__, str(ex)))
        trace.append((dict(state), list(inexact)))
    return trace


def assert_same(steps: list[Step], **kwargs: t.Any) -> list[t.Any]:
    fast = run(steps, fast=True, **kwargs)
    assert fast == run(steps, fast=False, **kwargs)
    return fast


def last_state(trace: list[t.Any]) -> dict[str, t.Any]:
    return t.cast("dict[str, t.Any]", trace[-1][0])


# --- the common case ---


def test_increasing_values_move_the_bookmark_up_to_the_signpost() -> None:
    steps = [f"2024-01-01T00:00:0{i}+00:00" for i in range(6)]
    trace = assert_same(steps, **{SIGNPOST: "2024-01-01T00:00:03.000000+00:00"})
    assert [state[VALUE] for state, _ in trace] == [
        "2024-01-01T00:00:00+00:00",
        "2024-01-01T00:00:01+00:00",
        "2024-01-01T00:00:02+00:00",
        "2024-01-01T00:00:03+00:00",
        "2024-01-01T00:00:03.000000+00:00",
        "2024-01-01T00:00:03.000000+00:00",
    ]


def test_a_lower_value_raises_unless_sort_checks_are_off() -> None:
    steps = ["2024-01-01T00:00:05+00:00", "2024-01-01T00:00:04+00:00"]
    trace = assert_same(steps)
    assert trace[1] == (
        "InvalidStreamSortException",
        "Unsorted data detected in stream 's': replication key 'u' value "
        "'2024-01-01T00:00:04+00:00' is smaller than the previous value "
        "'2024-01-01T00:00:05+00:00'.",
    )
    unchecked = assert_same([*steps, "2024-01-01T00:00:06+00:00"], check_sorted=False)
    assert [state[VALUE] for state, _ in unchecked] == [
        "2024-01-01T00:00:05+00:00",
        "2024-01-01T00:00:05+00:00",
        "2024-01-01T00:00:06+00:00",
    ]


def test_an_equal_value_in_another_form_is_kept() -> None:
    steps = ["2024-01-01T00:00:05+00:00", "2024-01-01T00:00:05Z", "2024-01-01T02:00:05+02:00"]
    trace = assert_same(steps)
    assert last_state(trace)[VALUE] == "2024-01-01T02:00:05+02:00"


# --- compared as instants, never as text ---


@pytest.mark.parametrize(
    ("first", "second", "second_is_lower"),
    [
        # different offsets: the text order is the opposite of the time order
        ("2024-01-01T00:30:00Z", "2024-01-01T01:00:00+02:00", True),
        ("2024-01-01T01:00:00+02:00", "2024-01-01T00:30:00Z", False),
        ("2024-01-01T00:30:00+00:00", "2024-01-01T00:00:00-01:00", False),
        # different lengths: fractional seconds present or absent
        ("2024-01-01T00:00:05.500000+00:00", "2024-01-01T00:00:05+00:00", True),
        ("2024-01-01T00:00:05+00:00", "2024-01-01T00:00:05.5+00:00", False),
        ("2024-01-01T00:00:05.9+00:00", "2024-01-01T00:00:05.10+00:00", True),
        # naive values count as UTC
        ("2024-01-01T00:00:05", "2024-01-01T01:00:04+01:00", True),
        ("2024-01-01T00:00:05+00:00", "2024-01-01T00:00:06", False),
        # other ISO shapes
        ("2024-01-01", "2024-01-01T00:00:00+00:00", False),
        ("2024-01-01 00:00:05+00:00", "2024-01-01T00:00:04+00:00", True),
        ("20240101T000005Z", "2024-01-01T00:00:06+00:00", False),
    ],
)
def test_values_compare_as_instants(first: str, second: str, second_is_lower: bool) -> None:
    trace = assert_same([first, second])
    raised = trace[1][0] == "InvalidStreamSortException"
    assert raised is second_is_lower
    assert last_state(trace)[VALUE] == (first if second_is_lower else second)


def test_the_signpost_caps_by_instant_not_text() -> None:
    # "+02:00" sorts after "Z" as text but is an hour earlier
    trace = assert_same(
        ["2024-01-01T00:30:00+02:00", "2024-01-01T01:30:00+02:00", "2024-01-01T02:30:00+02:00"],
        **{SIGNPOST: "2024-01-01T00:00:00.000000Z"},
    )
    assert [state[VALUE] for state, _ in trace] == [
        "2024-01-01T00:30:00+02:00",
        "2024-01-01T01:30:00+02:00",
        "2024-01-01T00:00:00.000000Z",
    ]


# --- cases the fast path must leave to the general code ---


def test_unparsable_values_are_compared_as_text_and_reported() -> None:
    steps = ["2024-01-01T00:00:05+00:00", "2024-01-01T00:00:0x+00:00", "2024-01-01T00:00:06+00:00"]
    trace = assert_same(steps, check_sorted=False)
    assert last_state(trace)[VALUE] == "2024-01-01T00:00:0x+00:00"
    assert trace[-1][1] == ["2024-01-01T00:00:0x+00:00", "2024-01-01T00:00:06+00:00"]


def test_a_new_or_removed_signpost_is_read_again() -> None:
    steps = [
        "2024-01-01T00:00:01+00:00",
        ("signpost", "2024-01-01T00:00:02+00:00"),
        "2024-01-01T00:00:03+00:00",
        ("signpost", "2024-01-01T00:00:05+00:00"),
        "2024-01-01T00:00:04+00:00",
        ("signpost", "not a date"),
        "2024-01-01T00:00:06+00:00",
        ("signpost", None),
        "2024-01-01T00:00:07+00:00",
    ]
    trace = assert_same(steps)
    assert [state[VALUE] for state, _ in trace] == [
        "2024-01-01T00:00:01+00:00",
        "2024-01-01T00:00:02+00:00",
        "2024-01-01T00:00:04+00:00",
        "2024-01-01T00:00:06+00:00",  # compared as text, "2024..." < "not a date"
        "2024-01-01T00:00:07+00:00",
    ]


def test_a_bookmark_changed_behind_the_cursor_is_read_again() -> None:
    steps = [
        "2024-01-01T00:00:05+00:00",
        ("bookmark", "2024-01-01T00:00:09+00:00"),
        "2024-01-01T00:00:06+00:00",
        ("bookmark", "2024-01-01T00:00:01+00:00"),
        "2024-01-01T00:00:02+00:00",
    ]
    trace = assert_same(steps)
    assert trace[1][0] == "InvalidStreamSortException"
    assert last_state(trace)[VALUE] == "2024-01-01T00:00:02+00:00"


def test_non_string_values_and_a_first_value_take_the_general_code() -> None:
    steps = [
        dt.datetime(2024, 1, 1, 0, 0, 5, tzinfo=UTC),
        "2024-01-01T00:00:06+00:00",
        dt.date(2024, 1, 2),
        "2024-01-02T00:00:01+00:00",
        5,
    ]
    trace = assert_same(steps, **{VALUE: "2023-12-31T00:00:00+00:00"})
    assert trace[0][0][VALUE] == "2024-01-01T00:00:05.000000+00:00"
    assert trace[2][0][VALUE] == dt.date(2024, 1, 2)
    assert trace[-2][0] == "TypeError"


def test_an_incomparable_signpost_does_not_cap() -> None:
    steps = ["2024-01-01T00:00:05+00:00", "2024-01-01T00:00:06+00:00"]
    trace = assert_same(steps, **{SIGNPOST: 3})
    assert last_state(trace)[VALUE] == "2024-01-01T00:00:06+00:00"


def test_random_sequences() -> None:
    rng = random.Random(7)
    offsets = ["+00:00", "Z", "+02:00", "-05:30", ""]
    for _ in range(200):
        steps: list[Step] = []
        moment = dt.datetime(2024, 1, 1, tzinfo=UTC)
        for _ in range(rng.randrange(1, 12)):
            roll = rng.random()
            if roll < 0.1:
                steps.append(
                    ("signpost", (moment + dt.timedelta(seconds=rng.randrange(-5, 20))).isoformat())
                )
                continue
            if roll < 0.15:
                steps.append("garbage")
                continue
            moment += dt.timedelta(seconds=rng.randrange(-2, 5), microseconds=rng.choice([0, 5]))
            offset = rng.choice(offsets)
            local = (
                moment.astimezone(dt.timezone(dt.timedelta(hours=2)))
                if offset == "+02:00"
                else moment
            )
            text = local.replace(tzinfo=None).isoformat() + offset
            if offset == "-05:30":
                text = moment.astimezone(
                    dt.timezone(-dt.timedelta(hours=5, minutes=30))
                ).isoformat()
            steps.append(text)
        assert_same(steps, check_sorted=rng.random() < 0.5)


# --- through the manager ---


def test_manager_increments_match_the_general_code() -> None:
    def final_state(fast: bool) -> dict[str, t.Any]:
        manager = StreamStateManager(
            tap_state={},
            tap_stream_id="s",
            replication_key="u",
            is_sorted=True,
            is_timestamp_key=True,
        )
        manager.write_starting(None, "2024-01-01T00:00:00+00:00")
        manager.write_signpost(None, dt.datetime(2024, 1, 1, 0, 0, 10, tzinfo=UTC))
        for second in range(20):
            manager.increment({"u": f"2024-01-01T00:00:{second:02d}+00:00"})
            cursor = manager._stream_cursor
            assert cursor is not None
            cursor._sorted_timestamps = fast
        return manager.tap_state

    assert (
        final_state(True)
        == final_state(False)
        == {
            "bookmarks": {
                "s": {
                    "starting_replication_value": "2024-01-01T00:00:00+00:00",
                    "replication_key_signpost": "2024-01-01T00:00:10.000000+00:00",
                    "replication_key": "u",
                    "replication_key_value": "2024-01-01T00:00:10.000000+00:00",
                }
            }
        }
    )


def test_naive_values_are_cached_as_utc() -> None:
    for fast in (True, False):
        advancing, _ = cursor({}, fast=fast)
        advancing.advance("2024-01-01T00:00:05")
        advancing.advance("2024-01-01T00:00:06")
        assert advancing._seen_key == dt.datetime(2024, 1, 1, 0, 0, 6, tzinfo=UTC)
        assert advancing._seen_key.tzinfo is UTC
