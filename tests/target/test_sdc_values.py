"""The ``_sdc_*`` metadata is the same whether the sink stores its own times as datetimes or not.

With the default hooks a sink stores ``_sdc_received_at`` and ``_sdc_batched_at`` as datetimes
directly (and skips checking what it made itself); a sink whose hooks could see the metadata
gets ISO strings first, parsed by the validation step, as in Meltano's SDK.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import typing as t

import pytest

from singer_sdk import RecordSink
from singer_sdk._sinks.core import BaseJSONSchemaValidator
from singer_sdk.exceptions import InvalidRecord


def _record_line(**extra: t.Any) -> str:
    message = {"type": "RECORD", "stream": "users", "record": {"id": 1}, **extra}
    return json.dumps(message)


def _check_times(rec: dict[str, t.Any], before: float, batch_start: dt.datetime) -> None:
    received = rec["_sdc_received_at"]
    assert isinstance(received, dt.datetime)
    assert received.tzinfo is not None
    assert before - 0.001 <= received.timestamp() <= time.time()
    assert rec["_sdc_batched_at"] == batch_start
    assert rec["_sdc_batched_at"].tzinfo is not None
    assert abs(rec["_sdc_sequence"] - received.timestamp() * 1000) <= 2


def test_default_sink_stores_final_values_and_they_match_the_parsed_ones(tk: t.Any) -> None:
    starts: list[dt.datetime] = []

    class Sink(tk.MemoryBatchSink):
        def start_batch(self, context: dict[str, t.Any]) -> None:
            starts.append(context["batch_start_time"])

    class Target(tk.MemoryTarget):
        default_sink_class = Sink

    class Hooked(Sink):
        def _add_sdc_metadata_to_record(
            self, record: dict[str, t.Any], message: dict[str, t.Any], context: dict[str, t.Any]
        ) -> None:
            super()._add_sdc_metadata_to_record(record, message, context)
            # Like the reference, a hook sees ISO strings here.
            assert isinstance(record["_sdc_received_at"], str)
            assert isinstance(record["_sdc_batched_at"], str)

    class HookedTarget(tk.MemoryTarget):
        default_sink_class = Hooked

    results = []
    for cls, final in ((Target, True), (HookedTarget, False)):
        starts.clear()
        target = cls(config={"add_record_metadata": True})
        before = time.time()
        tk.feed(target, [tk.schema(), _record_line(version=3)])
        assert target._sinks_active["users"]._sdc_final is final
        (rec,) = target.records_of("users")
        _check_times(rec, before, starts[0])
        results.append({k: type(v) for k, v in rec.items()})
    assert results[0] == results[1]


def test_record_sinks_batch_time_is_the_receive_time(tk: t.Any) -> None:
    target = tk.MemoryRecordTarget(config={"add_record_metadata": True})
    tk.feed(target, [tk.schema(), _record_line()])
    ((_, rec),) = target.written
    assert rec["_sdc_batched_at"] is rec["_sdc_received_at"]
    assert isinstance(rec["_sdc_received_at"], dt.datetime)


def test_a_string_batch_start_time_is_parsed_and_a_bad_one_named(tk: t.Any) -> None:
    class Sink(tk.MemoryBatchSink):
        start_text = "2024-05-06T07:08:09"

        def start_batch(self, context: dict[str, t.Any]) -> None:
            context["batch_start_time"] = self.start_text

    class Target(tk.MemoryTarget):
        default_sink_class = Sink

    target = Target(config={"add_record_metadata": True})
    tk.feed(target, [tk.schema(), _record_line()])
    (rec,) = target.records_of("users")
    assert rec["_sdc_batched_at"] == dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC)

    Sink.start_text = "yesterday"
    target = Target(config={"add_record_metadata": True})
    with pytest.raises(InvalidRecord, match=r"'batch_start_time' of stream 'users' is not a date"):
        tk.feed(target, [tk.schema(), _record_line()])


def test_metadata_from_the_input_is_still_checked(tk: t.Any) -> None:
    target = tk.MemoryTarget(config={"add_record_metadata": True})
    with pytest.raises(InvalidRecord, match="_sdc_table_version"):
        tk.feed(target, [tk.schema(), _record_line(version="seven")])
    target = tk.MemoryTarget(config={"add_record_metadata": True})
    with pytest.raises(InvalidRecord, match="_sdc_deleted_at"):
        line = json.dumps(
            {"type": "RECORD", "stream": "users", "record": {"id": 1, "_sdc_deleted_at": 5}}
        )
        tk.feed(target, [tk.schema(), line])
    target = tk.MemoryTarget(config={"add_record_metadata": True})
    with pytest.raises(InvalidRecord, match="_sdc_extracted_at"):
        tk.feed(target, [tk.schema(), _record_line(time_extracted="not a time")])


def test_a_sink_with_its_own_validator_checks_the_metadata_as_strings(tk: t.Any) -> None:
    seen: list[t.Any] = []

    class Validator(BaseJSONSchemaValidator):
        def validate(self, record: dict[str, t.Any]) -> None:
            seen.append(record["_sdc_received_at"])

    class Sink(RecordSink):
        def get_validator(self) -> BaseJSONSchemaValidator:
            return Validator(self.schema)

        def process_record(self, record: dict[str, t.Any], context: dict[str, t.Any]) -> None:
            seen.append(record["_sdc_received_at"])

    class Target(tk.MemoryTarget):
        default_sink_class = Sink

    target = Target(config={"add_record_metadata": True})
    tk.feed(target, [tk.schema(), _record_line()])
    assert target._sinks_active["users"]._sdc_final is False
    assert isinstance(seen[0], str)
    assert seen[1] == dt.datetime.fromisoformat(seen[0])


def test_a_closed_schema_still_knows_the_metadata_properties(tk: t.Any) -> None:
    # The validator skips checking the times it made, but they stay declared properties:
    # a schema with additionalProperties false must not call them unexpected.
    props = {"id": {"type": "integer"}}
    closed = json.dumps(
        {
            "type": "SCHEMA",
            "stream": "users",
            "schema": {"type": "object", "properties": props, "additionalProperties": False},
            "key_properties": ["id"],
        }
    )
    target = tk.MemoryTarget(config={"add_record_metadata": True})
    tk.feed(target, [closed, _record_line()])
    assert target._sinks_active["users"]._sdc_final is True
    (rec,) = target.records_of("users")
    assert isinstance(rec["_sdc_received_at"], dt.datetime)
    target = tk.MemoryTarget(config={"add_record_metadata": True})
    with pytest.raises(InvalidRecord, match="extra: unexpected field"):
        tk.feed(target, [closed, _record_line(record={"id": 1, "extra": 2})])
