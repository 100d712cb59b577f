"""The sync loop: record limits and dry runs, STATE cadence, ACTIVATE_VERSION, writer paths."""

from __future__ import annotations

import datetime as dt
import io
import json
import typing as t

import pytest

from singer_sdk import Stream, Tap
from singer_sdk._messages.io import GenericSingerWriter, MessageWriter
from singer_sdk.exceptions import (
    AbortedSyncFailedException,
    AbortedSyncPausedException,
    MaxRecordsLimitException,
)

SCHEMA: dict[str, t.Any] = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "seq": {"type": "integer"}},
}


class Numbers(Stream):
    """Ten records; ``seq`` ascending unless ``order`` says otherwise."""

    name = "numbers"
    primary_keys = ("id",)
    schema = SCHEMA
    order: t.ClassVar[list[int]] = list(range(1, 11))

    def get_records(self, context):
        for seq in self.order:
            yield {"id": seq, "seq": seq}


def make_tap(**attrs: t.Any) -> type[Tap]:
    stream_class = type("N", (Numbers,), attrs)

    class NumbersTap(Tap):
        name = "tap-numbers"

        def discover_streams(self):
            return [stream_class(self)]

    return NumbersTap


def _capture(tap_class: type[Tap], **kwargs: t.Any) -> tuple[Tap, io.BytesIO, MessageWriter]:
    output = io.BytesIO()
    writer = MessageWriter(output, flush_interval=0)
    return tap_class(message_writer=writer, **kwargs), output, writer


def _decode(output: io.BytesIO) -> list[dict[str, t.Any]]:
    return [json.loads(line) for line in output.getvalue().splitlines() if line]


# -- record limits -------------------------------------------------------------------------------


def test_record_limit_on_full_table_stream_fails_the_sync() -> None:
    tap, output, writer = _capture(make_tap(ABORT_AT_RECORD_COUNT=3), config={})
    with pytest.raises(AbortedSyncFailedException) as excinfo:
        tap.sync_all()
    assert isinstance(excinfo.value.__cause__, MaxRecordsLimitException)
    writer.flush()
    messages = _decode(output)
    assert [m["record"]["id"] for m in messages if m["type"] == "RECORD"] == [1, 2, 3]
    assert messages[-1]["type"] == "STATE"  # pending state written before stopping


def test_record_limit_on_sorted_incremental_stream_pauses_resumably() -> None:
    tap_class = make_tap(ABORT_AT_RECORD_COUNT=3, replication_key="seq", is_sorted=True)
    tap, output, writer = _capture(tap_class, config={})
    with pytest.raises(AbortedSyncPausedException) as excinfo:
        tap.sync_all()
    assert isinstance(excinfo.value.__cause__, MaxRecordsLimitException)
    writer.flush()
    messages = _decode(output)
    last_state = messages[-1]
    assert last_state["type"] == "STATE"
    assert last_state["value"]["bookmarks"]["numbers"]["replication_key_value"] == 3


def test_record_limit_on_unsorted_incremental_stream_fails() -> None:
    tap_class = make_tap(
        ABORT_AT_RECORD_COUNT=3, replication_key="seq", is_sorted=False, order=[3, 1, 2, 5, 4]
    )
    tap, output, writer = _capture(tap_class, config={})
    with pytest.raises(AbortedSyncFailedException, match="not resumable"):
        tap.sync_all()
    writer.flush()
    states = [m["value"] for m in _decode(output) if m["type"] == "STATE"]
    # No resumable bookmark went out: only progress markers.
    assert "replication_key_value" not in states[-1]["bookmarks"]["numbers"]


def test_limit_equal_to_the_record_count_does_not_abort(run_tap) -> None:
    run = run_tap(make_tap(ABORT_AT_RECORD_COUNT=10))
    assert len(run.records("numbers")) == 10


def test_dry_run_limits_every_stream_and_swallows_the_aborts(run_tap, tap_demo) -> None:
    tap, output, writer = _capture(tap_demo.TapDemo, config={})
    assert tap.run_sync_dry_run(dry_run_record_limit=2) is True
    writer.flush()
    records = [m for m in _decode(output) if m["type"] == "RECORD"]
    per_stream: dict[str, int] = {}
    for message in records:
        per_stream[message["stream"]] = per_stream.get(message["stream"], 0) + 1
    # Books stop after 2; each book's reviews (2 each) fit the limit.
    assert per_stream == {"authors": 2, "books": 2, "reviews": 4}


def test_dry_run_of_chosen_streams_only(tap_demo) -> None:
    tap, output, writer = _capture(tap_demo.TapDemo, config={})
    tap.run_sync_dry_run(dry_run_record_limit=1, streams=[tap.streams["authors"]])
    writer.flush()
    assert {m["stream"] for m in _decode(output) if m["type"] != "STATE"} == {"authors"}


def test_connection_test_syncs_one_record_of_each_stream(run_tap, tap_demo) -> None:
    run = run_tap(tap_demo.TapDemo, action="test")
    assert [len(run.records(name)) for name in ("authors", "books", "reviews")] == [1, 1, 1]


def test_write_schemas_writes_every_schema_and_nothing_else(run_tap, tap_demo) -> None:
    run = run_tap(tap_demo.TapDemo, action="schema")
    assert run.kinds() == ["SCHEMA:authors", "SCHEMA:books", "SCHEMA:reviews"]


# -- STATE cadence --------------------------------------------------------------------------------


def test_state_every_state_msg_frequency_records_and_at_the_end(run_tap) -> None:
    run = run_tap(make_tap(STATE_MSG_FREQUENCY=3, replication_key="seq", is_sorted=True))
    kinds = run.kinds()
    assert kinds == [
        "SCHEMA:numbers",
        *["RECORD:numbers"] * 3,
        "STATE",
        *["RECORD:numbers"] * 3,
        "STATE",
        *["RECORD:numbers"] * 3,
        "STATE",
        "RECORD:numbers",
        "STATE",
    ]
    values = [state["bookmarks"]["numbers"]["replication_key_value"] for state in run.states]
    assert values == [3, 6, 9, 10]


def test_state_never_goes_out_before_the_records_it_covers(run_tap) -> None:
    run = run_tap(
        make_tap(STATE_MSG_FREQUENCY=2, replication_key="seq", is_sorted=False,
                 order=[4, 2, 9, 1, 3, 10, 5, 6, 8, 7])
    )  # fmt: skip
    written: list[int] = []
    for message in run.messages:
        if message["type"] == "RECORD":
            written.append(message["record"]["seq"])
        elif message["type"] == "STATE":
            stream_state = message["value"]["bookmarks"]["numbers"]
            value = stream_state.get("replication_key_value")
            if value is None:
                value = stream_state.get("progress_markers", {}).get("replication_key_value")
            if value is not None:
                assert value in written
                assert value == max(written)
    assert run.final_state["bookmarks"]["numbers"]["replication_key_value"] == 10


def test_state_frequency_counts_across_partitions(run_tap) -> None:
    class Parted(Numbers):
        name = "numbers"
        replication_key = "seq"
        is_sorted = True
        STATE_MSG_FREQUENCY = 4
        partitions: t.ClassVar[list[dict[str, t.Any]]] = [{"part": 1}, {"part": 2}]
        order: t.ClassVar[list[int]] = [1, 2, 3]

    class PartedTap(Tap):
        name = "tap-parted"

        def discover_streams(self):
            return [Parted(self)]

    run = run_tap(PartedTap)
    # 3 records, partition end (STATE), 1 record (4th overall: STATE), 2 records, end (STATE).
    assert run.kinds() == [
        "SCHEMA:numbers",
        *["RECORD:numbers"] * 3,
        "STATE",
        "RECORD:numbers",
        "STATE",
        *["RECORD:numbers"] * 2,
        "STATE",
    ]


def test_input_state_is_written_first_and_not_repeated_unchanged(run_tap) -> None:
    state = {"bookmarks": {"other": {"replication_key_value": 1}}}
    run = run_tap(make_tap(STATE_MSG_FREQUENCY=1), state=state)
    assert run.messages[0] == {"type": "STATE", "value": state}
    # A full-table stream adds its empty entry once; unchanged states are not repeated.
    assert run.states == [state, {"bookmarks": {"other": {"replication_key_value": 1},
                                                "numbers": {}}}]  # fmt: skip


def test_tap_state_is_the_same_dict_streams_update(tap_demo) -> None:
    tap, _, _ = _capture(tap_demo.TapDemo, config={"book_count": 2})
    tap.sync_all()
    assert tap.streams["books"].tap_state is tap.state
    assert tap.state["bookmarks"]["books"]["replication_key_value"] == (
        "2024-01-01T02:00:00.000000+00:00"
    )
    assert tap.state_writer.last_state == tap.state


# -- ACTIVATE_VERSION ------------------------------------------------------------------------------


def test_activate_version_after_schema_of_full_table_streams_only(run_tap, tap_demo) -> None:
    run = run_tap(
        tap_demo.TapDemo, config={"book_count": 2, "emit_activate_version_messages": True}
    )
    version = run.tap.initialized_at // 1000
    kinds = run.kinds()
    assert kinds[:2] == ["SCHEMA:authors", "ACTIVATE_VERSION:authors"]
    assert run.of_type("ACTIVATE_VERSION") == [
        {"type": "ACTIVATE_VERSION", "stream": "authors", "version": version}
    ]
    assert all(message["version"] == version for message in run.of_type("RECORD", "authors"))
    for stream in ("books", "reviews"):
        assert all("version" not in message for message in run.of_type("RECORD", stream))


def test_activate_version_once_for_a_full_table_child(run_tap, tap_demo) -> None:
    class FullReviews(tap_demo.ReviewsStream):
        replication_key = None

    class FullReviewsTap(tap_demo.TapDemo):
        def discover_streams(self):
            return [tap_demo.BooksStream(self), FullReviews(self)]

    run = run_tap(FullReviewsTap, config={"book_count": 3, "emit_activate_version_messages": True})
    assert [m["stream"] for m in run.of_type("ACTIVATE_VERSION")] == ["reviews"]
    assert len(run.records("reviews")) == 6
    assert all("version" in message for message in run.of_type("RECORD", "reviews"))


def test_no_activate_version_by_default(run_tap, tap_demo) -> None:
    run = run_tap(tap_demo.TapDemo, config={"book_count": 1})
    assert run.of_type("ACTIVATE_VERSION") == []
    assert all("version" not in message for message in run.of_type("RECORD"))


# -- writer paths ----------------------------------------------------------------------------------


class CollectingWriter(GenericSingerWriter[str, t.Any]):
    """A custom writer (not the built-in one): messages go through their objects."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def serialize_message(self, message: t.Any) -> str:
        from singer_sdk._messages import codec

        return codec.encode_str(message.to_dict())

    def write_message(self, message: t.Any) -> None:
        self.lines.append(self.serialize_message(message))


def test_custom_writer_gets_the_same_messages_as_the_fast_path(run_tap, tap_demo) -> None:
    config = {"book_count": 3, "emit_activate_version_messages": True}
    fast = run_tap(tap_demo.TapDemo, config=config)
    custom_writer = CollectingWriter()
    tap = tap_demo.TapDemo(config=config, message_writer=custom_writer)
    tap.sync_all()
    slow = [json.loads(line) for line in custom_writer.lines]

    def normalised(messages: list[dict[str, t.Any]]) -> list[dict[str, t.Any]]:
        result = []
        for message in messages:
            message = {k: v for k, v in message.items() if k not in {"time_extracted", "version"}}
            text = json.dumps(message)
            for signpost in {
                s.get("replication_key_signpost")
                for s in message.get("value", {}).get("bookmarks", {}).values()
            } - {None}:
                text = text.replace(signpost, "SIGNPOST")
            result.append(json.loads(text))
        return result

    assert normalised(slow) == normalised(fast.messages)
    # time_extracted is an aware UTC timestamp on both paths.
    for messages in (slow, fast.messages):
        for message in messages:
            if message["type"] == "RECORD":
                extracted = dt.datetime.fromisoformat(message["time_extracted"])
                assert extracted.utcoffset() == dt.timedelta(0)


def test_overridden_write_message_sees_every_message(tap_demo) -> None:
    seen: list[str] = []

    class SpyTap(tap_demo.TapDemo):
        def write_message(self, message):
            seen.append(message.type if hasattr(message, "type") else message["type"])
            super().write_message(message)

    output = io.BytesIO()
    writer = MessageWriter(output, flush_interval=0)
    SpyTap(config={"book_count": 1}, message_writer=writer).sync_all()
    writer.flush()
    written = [json.loads(line)["type"] for line in output.getvalue().splitlines()]
    records_seen = [kind for kind in seen if str(kind).upper().endswith("RECORD")]
    assert len(records_seen) == written.count("RECORD") == 5 + 1 + 2
