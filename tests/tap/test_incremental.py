"""Incremental replication: resuming from state, sort checks, signposts, start_date."""

from __future__ import annotations

import datetime as dt
import io
import json
import typing as t

import pytest

from singer_sdk import Stream, Tap
from singer_sdk._messages.io import MessageWriter
from singer_sdk.exceptions import InvalidStreamSortException


def decode_lines(data: bytes) -> list[dict[str, t.Any]]:
    return [json.loads(line) for line in data.splitlines() if line.strip()]


SCHEMA: dict[str, t.Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "updated_at": {"type": ["string", "null"], "format": "date-time"},
    },
}


def _at(day: int) -> str:
    return f"2024-01-{day:02d}T00:00:00+00:00"


class EventsStream(Stream):
    """Events with ``updated_at``; filters with get_starting_timestamp like a real source."""

    name = "events"
    primary_keys = ("id",)
    replication_key = "updated_at"
    schema = SCHEMA

    #: (id, day) pairs, in the order the source returns them; set per test subclass.
    rows: t.ClassVar[list[tuple[int, int]]] = []
    #: The starting timestamps get_records saw, one per call.
    starts: t.ClassVar[list[dt.datetime | None]]

    def get_records(self, context):
        start = self.get_starting_timestamp(context)
        type(self).starts.append(start)
        for row_id, day in self.rows:
            value = dt.datetime.fromisoformat(_at(day))
            if start is None or value >= start:
                yield {"id": row_id, "updated_at": _at(day)}


def make_tap(rows: list[tuple[int, int]], **stream_attrs: t.Any) -> type[Tap]:
    """Return a tap class with one ``events`` stream over ``rows``."""
    stream_class = type("Events", (EventsStream,), {"rows": rows, "starts": [], **stream_attrs})

    class EventsTap(Tap):
        name = "tap-events"
        config_jsonschema: t.ClassVar[dict[str, t.Any]] = {
            "type": "object",
            "properties": {"start_date": {"type": "string", "format": "date-time"}},
        }
        events = stream_class

        def discover_streams(self):
            return [stream_class(self)]

    return EventsTap


def _bookmark(state: dict[str, t.Any]) -> t.Any:
    return state["bookmarks"]["events"].get("replication_key_value")


@pytest.mark.parametrize("is_sorted", [True, False])
def test_second_run_from_final_state_yields_only_newer_records(run_tap, is_sorted) -> None:
    rows = [(1, 1), (2, 2), (3, 3)] if is_sorted else [(2, 2), (3, 3), (1, 1)]
    first = run_tap(make_tap(rows, is_sorted=is_sorted))
    assert [record["id"] for record in first.records("events")] == [row[0] for row in rows]
    final = first.final_state
    assert final == {
        "bookmarks": {"events": {"replication_key": "updated_at", "replication_key_value": _at(3)}}
    }

    more_rows = [*rows, (4, 4), (5, 5)]
    second = run_tap(make_tap(more_rows, is_sorted=is_sorted), state=final)
    # Inclusive start: the record at the bookmark comes again, older ones do not.
    assert [record["id"] for record in second.records("events")] == [3, 4, 5]
    assert second.tap.streams["events"].starts == [dt.datetime(2024, 1, 3, tzinfo=dt.UTC)]
    assert second.states[0] == final  # the input state goes out first
    assert _bookmark(second.final_state) == _at(5)


def test_state_file_resume_through_the_demo_tap(run_tap, tap_demo) -> None:
    first = run_tap(tap_demo.TapDemo, config={"book_count": 5})
    assert len(first.records("books")) == 5
    second = run_tap(tap_demo.TapDemo, config={"book_count": 8}, state=first.final_state)
    assert [record["id"] for record in second.records("books")] == [5, 6, 7, 8]
    # Reviews are children of the books synced now; their partitions carry on.
    assert {record["book_id"] for record in second.records("reviews")} == {5, 6, 7, 8}
    partitions = second.final_state["bookmarks"]["reviews"]["partitions"]
    assert [partition["context"] for partition in partitions] == [
        {"book_id": book_id} for book_id in range(1, 9)
    ]


def test_unsorted_stream_keeps_progress_markers_until_the_end(run_tap) -> None:
    run = run_tap(make_tap([(2, 2), (3, 3), (1, 1)], is_sorted=False, STATE_MSG_FREQUENCY=1))
    middle = [state["bookmarks"]["events"] for state in run.states[:-1]]
    assert middle, "a STATE is written after every record"
    for stream_state in middle:
        # Never a resumable bookmark while the sync goes: only progress markers.
        assert "replication_key_value" not in stream_state
        assert stream_state["progress_markers"]["Note"] == (
            "Progress is not resumable if interrupted."
        )
    assert run.final_state["bookmarks"]["events"] == {
        "replication_key": "updated_at",
        "replication_key_value": _at(3),
    }


def test_sorted_stream_bookmark_advances_with_every_state(run_tap) -> None:
    run = run_tap(make_tap([(1, 1), (2, 2), (3, 3)], is_sorted=True, STATE_MSG_FREQUENCY=1))
    values = [_bookmark(state) for state in run.states]
    # The last STATE only drops the transient keys (signpost, starting value).
    assert values == [_at(1), _at(2), _at(3), _at(3)]
    assert "replication_key_signpost" in run.states[0]["bookmarks"]["events"]
    assert "replication_key_signpost" not in run.final_state["bookmarks"]["events"]


def test_sorted_stream_with_decreasing_values_raises(run_tap) -> None:
    tap_class = make_tap([(1, 1), (3, 3), (2, 2), (4, 4)], is_sorted=True)
    with pytest.raises(InvalidStreamSortException) as excinfo:
        run_tap(tap_class)
    message = str(excinfo.value)
    assert _at(2) in message
    assert _at(3) in message


def test_sorted_stream_error_is_logged_and_state_stops_before_it(caplog) -> None:
    output = io.BytesIO()
    writer = MessageWriter(output, flush_interval=0)
    tap_class = make_tap([(1, 1), (3, 3), (2, 2), (4, 4)], is_sorted=True, STATE_MSG_FREQUENCY=1)
    tap = tap_class(config={}, message_writer=writer)
    with pytest.raises(InvalidStreamSortException):
        tap.sync_all()
    writer.flush()
    messages = decode_lines(output.getvalue())
    states = [message["value"] for message in messages if message["type"] == "STATE"]
    assert _bookmark(states[-1]) == _at(3)  # never the unsorted value
    assert all(_bookmark(state) != _at(2) for state in states)
    assert '"id":4' not in output.getvalue().decode()  # the sync stopped there
    errors = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert any(
        message.startswith("Sort error in stream 'events' at record #3.") for message in errors
    ), errors


def test_check_sorted_false_accepts_decreasing_values(run_tap) -> None:
    run = run_tap(make_tap([(1, 1), (3, 3), (2, 2), (4, 4)], is_sorted=True, check_sorted=False))
    assert [record["id"] for record in run.records("events")] == [1, 3, 2, 4]
    assert _bookmark(run.final_state) == _at(4)


def test_check_sorted_false_never_moves_the_bookmark_back(run_tap) -> None:
    # The reference ends at the last value seen (2024-01-02 here), below a value written.
    run = run_tap(make_tap([(1, 1), (3, 3), (2, 2)], is_sorted=True, check_sorted=False))
    assert _bookmark(run.final_state) == _at(3)


def test_null_replication_values_are_ignored(run_tap, caplog) -> None:
    class NullsTap(Tap):
        name = "tap-nulls"

        def discover_streams(self):
            stream = make_tap([], is_sorted=True).events(self)
            stream.get_records = lambda context: iter(  # type: ignore[method-assign]
                [
                    {"id": 1, "updated_at": _at(1)},
                    {"id": 2, "updated_at": None},
                    {"id": 3, "updated_at": _at(2)},
                ]
            )
            return [stream]

    run = run_tap(NullsTap)
    assert len(run.records("events")) == 3
    assert _bookmark(run.final_state) == _at(2)


# -- signposts -----------------------------------------------------------------------------------


@pytest.mark.parametrize("is_sorted", [True, False])
def test_bookmark_never_passes_the_tap_start_time(run_tap, is_sorted) -> None:
    future = [(1, 1), (2, 2), (3, 3)]
    tap_class = make_tap([], is_sorted=is_sorted, STATE_MSG_FREQUENCY=1)

    class FutureTap(tap_class):  # type: ignore[valid-type,misc]
        def discover_streams(self):
            (stream,) = super().discover_streams()
            stream.get_records = lambda context: iter(  # type: ignore[method-assign]
                [
                    {"id": 1, "updated_at": "2024-01-01T00:00:00+00:00"},
                    {"id": 2, "updated_at": "2999-01-01T00:00:00+00:00"},
                    {"id": 3, "updated_at": "2999-06-01T00:00:00+00:00"},
                ]
            )
            return [stream]

    assert future
    run = run_tap(FutureTap)
    # Records newer than the signpost are still written ...
    assert [record["updated_at"] for record in run.records("events")] == [
        "2024-01-01T00:00:00+00:00",
        "2999-01-01T00:00:00+00:00",
        "2999-06-01T00:00:00+00:00",
    ]
    started = dt.datetime.fromtimestamp(run.tap.initialized_at / 1000, tz=dt.UTC)
    signpost = started.isoformat(timespec="microseconds")
    # ... but no STATE carries a bookmark past the tap start time.
    for state in run.states:
        value = _bookmark(state)
        if value is not None:
            assert dt.datetime.fromisoformat(value) <= started
    assert run.final_state["bookmarks"]["events"] == {
        "replication_key": "updated_at",
        "replication_key_value": signpost,
    }


def test_signpost_is_the_tap_start_time_for_timestamp_keys(tap_demo) -> None:
    tap = tap_demo.TapDemo(config={})
    started = dt.datetime.fromtimestamp(tap.initialized_at / 1000, tz=dt.UTC)
    assert tap.streams["books"].get_replication_key_signpost(None) == started
    assert tap.streams["authors"].get_replication_key_signpost(None) is None


def test_integer_replication_key_has_no_signpost(run_tap) -> None:
    class Numbers(Stream):
        name = "numbers"
        replication_key = "seq"
        is_sorted = True
        schema: t.ClassVar[dict[str, t.Any]] = {
            "type": "object",
            "properties": {"seq": {"type": "integer"}},
        }
        seen: t.ClassVar[list[t.Any]] = []

        def get_records(self, context):
            type(self).seen.append(self.get_starting_replication_key_value(context))
            if type(self).seen[-1] is not None:
                with pytest.raises(ValueError, match="'seq' of 'numbers' is not a timestamp"):
                    self.get_starting_timestamp(context)
            start = type(self).seen[-1] or 0
            yield from ({"seq": n} for n in (5, 10, 10**12) if n >= start)

    class NumbersTap(Tap):
        name = "tap-numbers"

        def discover_streams(self):
            return [Numbers(self)]

    run = run_tap(NumbersTap)
    assert run.tap.streams["numbers"].get_replication_key_signpost(None) is None
    assert run.final_state["bookmarks"]["numbers"] == {
        "replication_key": "seq",
        "replication_key_value": 10**12,
    }
    second = run_tap(NumbersTap, state=run.final_state)
    assert Numbers.seen == [None, 10**12]
    assert second.records("numbers") == [{"seq": 10**12}]


# -- start_date vs bookmark ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start_date", "bookmark", "expected"),
    [
        pytest.param("2024-01-04T00:00:00Z", _at(2), dt.datetime(2024, 1, 4, tzinfo=dt.UTC),
                     id="start_date-later"),
        pytest.param("2024-01-01T00:00:00Z", _at(2), dt.datetime(2024, 1, 2, tzinfo=dt.UTC),
                     id="bookmark-later"),
        pytest.param("2024-01-02T00:00:00Z", None, dt.datetime(2024, 1, 2, tzinfo=dt.UTC),
                     id="no-bookmark"),
        pytest.param(None, _at(2), dt.datetime(2024, 1, 2, tzinfo=dt.UTC), id="no-start_date"),
        pytest.param(None, None, None, id="neither"),
    ],
)  # fmt: skip
def test_later_of_start_date_and_bookmark_wins(run_tap, start_date, bookmark, expected) -> None:
    tap_class = make_tap([(1, 1), (2, 2), (3, 3), (4, 4), (5, 5)], is_sorted=True)
    config = {} if start_date is None else {"start_date": start_date}
    state = (
        {}
        if bookmark is None
        else {
            "bookmarks": {
                "events": {"replication_key": "updated_at", "replication_key_value": bookmark}
            }
        }
    )
    run = run_tap(tap_class, config=config, state=state)
    assert tap_class.events.starts == [expected]
    first_day = 1 if expected is None else expected.day
    assert [record["id"] for record in run.records("events")] == list(range(first_day, 6))


def test_start_date_with_naive_timestamp_is_utc(run_tap) -> None:
    tap_class = make_tap([(1, 1), (2, 2)], is_sorted=True)
    run_tap(tap_class, config={"start_date": "2024-01-02T00:00:00"})
    assert tap_class.events.starts == [dt.datetime(2024, 1, 2, tzinfo=dt.UTC)]


def test_forced_full_table_ignores_bookmarks(run_tap) -> None:
    tap_class = make_tap([(1, 1), (2, 2)], is_sorted=True, forced_replication_method="FULL_TABLE")
    state = {
        "bookmarks": {"events": {"replication_key": "updated_at", "replication_key_value": _at(2)}}
    }
    run = run_tap(tap_class, state=state, config={"start_date": "2024-01-02T00:00:00Z"})
    assert tap_class.events.starts == [None]
    assert len(run.records("events")) == 2


def test_catalog_forcing_full_table_rereads_everything_despite_old_bookmark(
    run_tap, tap_demo, set_metadata
) -> None:
    # The reference raises InvalidStreamSortException here: it still advances the old bookmark.
    catalog = tap_demo.TapDemo(config={}).catalog_dict
    set_metadata(catalog, "books", [], forced_replication_method="FULL_TABLE")
    for entry in catalog["streams"]:
        if entry["tap_stream_id"] == "books":
            entry["replication_method"] = "FULL_TABLE"
    old = {
        "bookmarks": {
            "books": {
                "replication_key": "updated_at",
                "replication_key_value": "2024-01-01T03:00:00.000000+00:00",
            }
        }
    }
    run = run_tap(tap_demo.TapDemo, config={"book_count": 5}, catalog=catalog, state=old)
    books = run.tap.streams["books"]
    assert books.replication_method == "FULL_TABLE"
    assert books.get_starting_replication_key_value(None) is None
    assert [record["id"] for record in run.records("books")] == [1, 2, 3, 4, 5]


def test_catalog_overrides_keys_and_replication_key(run_tap, tap_demo) -> None:
    catalog = tap_demo.TapDemo(config={}).catalog_dict
    for entry in catalog["streams"]:
        if entry["tap_stream_id"] == "authors":
            entry["key_properties"] = ["name"]
            entry["replication_key"] = "id"
            entry["replication_method"] = "INCREMENTAL"
    run = run_tap(tap_demo.TapDemo, config={"book_count": 1}, catalog=catalog)
    (schema,) = run.schemas("authors")
    assert schema["key_properties"] == ["name"]
    assert schema["bookmark_properties"] == ["id"]
    assert run.final_state["bookmarks"]["authors"] == {
        "replication_key": "id",
        "replication_key_value": 5,
    }
