"""``pipeline.run``: what the target receives, errors on either side, and no global side effects."""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import logging
import signal
import sys
import threading
import typing as t

import pytest

from singer_sdk import BatchSink, Stream, Tap, Target, pipeline
from singer_sdk import typing as th
from singer_sdk._messages.io import MessageReader
from singer_sdk.exceptions import InvalidRecord
from singer_sdk.mapper_base import InlineMapper

BASE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def pipeline_threads() -> list[threading.Thread]:
    """The threads of in-process runs still alive (none once a run returned)."""
    return [thread for thread in threading.enumerate() if thread.name.startswith("pipeline-")]


class Boom(Exception):
    """The error the test plugins raise."""


class ItemsStream(Stream):
    name = "items"
    primary_keys = ("id",)
    replication_key = "updated_at"
    is_sorted = True
    schema = th.PropertiesList(
        th.Property("id", th.IntegerType, required=True),
        th.Property("amount", th.NumberType),
        th.Property("updated_at", th.DateTimeType),
        th.Property("tags", th.ArrayType(th.StringType)),
    ).to_dict()

    def get_records(self, context: t.Any) -> t.Iterable[dict[str, t.Any]]:
        count = self.config.get("count")
        fail_at = self.config.get("fail_at")
        numbers = itertools.count() if count is None else range(count)
        for i in numbers:
            if i == fail_at:
                raise Boom(f"tap failed at {i}")
            yield {
                "id": i,
                "amount": i * 1.25,
                "updated_at": BASE + dt.timedelta(seconds=i),
                "tags": ("a", str(i)),
            }


class ItemsTap(Tap):
    name = "tap-items"
    config_jsonschema = th.PropertiesList(
        th.Property("count", th.IntegerType),
        th.Property("fail_at", th.IntegerType),
    ).to_dict()

    def discover_streams(self) -> list[Stream]:
        return [ItemsStream(self)]


class KeepSink(BatchSink):
    """Keeps every record it loads in ``target.loaded``; fails on a configured batch."""

    def process_batch(self, context: dict[str, t.Any]) -> None:
        target = t.cast("KeepTarget", self._target)
        if self.config.get("fail_on_batch") == target.batches:
            raise Boom("target failed")
        target.batches += 1
        target.loaded.extend(context["records"])


class KeepTarget(Target):
    name = "target-keep"
    default_sink_class = KeepSink
    config_jsonschema = th.PropertiesList(th.Property("fail_on_batch", th.IntegerType)).to_dict()

    def __init__(self, **kwargs: t.Any) -> None:
        super().__init__(**kwargs)
        self.loaded: list[dict[str, t.Any]] = []
        self.batches = 0


def test_the_target_gets_what_a_pipe_would_give_it() -> None:
    target = KeepTarget(config={"batch_size_rows": 100})
    result = pipeline.run(ItemsTap(config={"count": 250}), target)

    assert result.counts == {"items": 250}
    first = target.loaded[1]
    assert first["amount"] == decimal.Decimal("1.25")
    assert type(first["amount"]) is decimal.Decimal  # a float arrives as the reader's Decimal
    assert first["updated_at"] == BASE + dt.timedelta(seconds=1)  # parsed, as usual
    assert first["tags"] == ["a", "1"]  # a tuple arrives as a list
    assert result.state == {
        "bookmarks": {
            "items": {
                "replication_key": "updated_at",
                "replication_key_value": "2024-01-01T00:04:09.000000+00:00",
            }
        }
    }
    assert set(result.timings) >= {"tap", "target", "total"}


def test_nothing_global_changes(capfd: pytest.CaptureFixture[str]) -> None:
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    root = logging.getLogger()
    root_state = (root.level, list(root.handlers))
    stdout = sys.stdout

    pipeline.run(ItemsTap(config={"count": 30}), KeepTarget(config={}))

    assert {sig: signal.getsignal(sig) for sig in handlers} == handlers
    assert (root.level, list(root.handlers)) == root_state
    assert sys.stdout is stdout
    assert capfd.readouterr().out == ""  # no state line printed
    assert pipeline_threads() == []


def test_a_tap_error_is_raised_after_the_target_loads_what_came_before() -> None:
    target = KeepTarget(config={"batch_size_rows": 50})
    with pytest.raises(Boom, match="tap failed at 120"):
        pipeline.run(ItemsTap(config={"count": 500, "fail_at": 120}), target)
    # As at the end of a pipe: everything the tap wrote is loaded.
    assert [record["id"] for record in target.loaded] == list(range(120))


def test_a_target_error_stops_the_tap_and_is_raised() -> None:
    # The tap never ends by itself: only the target's failure can stop it.
    target = KeepTarget(config={"batch_size_rows": 100, "fail_on_batch": 2})
    with pytest.raises(Boom, match="target failed"):
        pipeline.run(ItemsTap(config={}), target)
    assert len(target.loaded) == 200
    assert pipeline_threads() == []


class FailingMapper(InlineMapper):
    name = "mapper-fails"
    config_jsonschema = th.PropertiesList().to_dict()

    def map_record_message(self, message_dict: dict[str, t.Any]) -> t.Any:
        if message_dict["record"]["id"] == 42:
            raise Boom("mapper failed")
        return super().map_record_message(message_dict)


def test_a_mapper_error_stops_both_sides_and_is_raised() -> None:
    target = KeepTarget(config={"batch_size_rows": 10})
    with pytest.raises(Boom, match="mapper failed"):
        pipeline.run(ItemsTap(config={}), target, mappers=[FailingMapper(config={})])
    assert [record["id"] for record in target.loaded] == list(range(42))
    assert pipeline_threads() == []


def test_a_validation_error_of_the_target_is_raised_as_from_a_pipe() -> None:
    class StrictTap(ItemsTap):
        def discover_streams(self) -> list[Stream]:
            stream = ItemsStream(self)
            stream.schema = {**stream.schema, "properties": {**stream.schema["properties"]}}
            stream.schema["properties"]["amount"] = {"type": ["number"], "maximum": 10}
            return [stream]

    # The same exception and message as from a pipe, with the line number of the record.
    with pytest.raises(InvalidRecord, match=r"Record 10 of stream 'items' \(input line 11\)"):
        pipeline.run(StrictTap(config={"count": 20}), KeepTarget(config={}))


class LineReader(MessageReader):
    """A reader that parses lines its own way (so it is given lines, not dicts)."""

    lines = 0

    def deserialize_json(self, line: bytes | str) -> dict[str, t.Any]:
        LineReader.lines += 1
        return super().deserialize_json(line)


def test_a_target_whose_reader_parses_lines_gets_lines() -> None:
    class LineTarget(KeepTarget):
        message_reader_class = LineReader

    plain, lined = KeepTarget(config={}), LineTarget(config={})
    pipeline.run(ItemsTap(config={"count": 40}), plain)
    result = pipeline.run(ItemsTap(config={"count": 40}), lined)

    assert LineReader.lines >= 40
    assert lined.loaded == plain.loaded
    assert result.state is not None
    assert result.counts == {"items": 40}


def test_each_instance_runs_once() -> None:
    tap, target = ItemsTap(config={"count": 3}), KeepTarget(config={})
    pipeline.run(tap, target)
    with pytest.raises(ValueError, match="already took part"):
        pipeline.run(tap, KeepTarget(config={}))
    with pytest.raises(TypeError, match="Target instance"):
        pipeline.run(ItemsTap(config={"count": 3}), object())


def test_a_state_to_start_from_is_given_to_the_tap() -> None:
    state = {
        "bookmarks": {
            "items": {
                "replication_key": "updated_at",
                "replication_key_value": "2024-01-01T00:00:07+00:00",
            }
        }
    }
    target = KeepTarget(config={})

    class FromBookmark(ItemsStream):
        def get_records(self, context: t.Any) -> t.Iterable[dict[str, t.Any]]:
            start = self.get_starting_timestamp(context)
            for record in super().get_records(context):
                if record["updated_at"] >= start:
                    yield record

    class BookmarkTap(ItemsTap):
        def discover_streams(self) -> list[Stream]:
            return [FromBookmark(self)]

    result = pipeline.run(BookmarkTap(config={"count": 10}), target, state=state)
    assert [record["id"] for record in target.loaded] == [7, 8, 9]
    assert result.counts == {"items": 3}
