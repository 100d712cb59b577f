"""Message models: wire shapes and round trips for every message type."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest

from singer_sdk._messages import codec
from singer_sdk.singerlib import (
    ActivateVersionMessage,
    Message,
    RecordMessage,
    SchemaMessage,
    SingerMessageType,
    StateMessage,
    exclude_null_dict,
    format_message,
    write_message,
)
from singer_sdk.singerlib.messages import BatchMessage

UTC = dt.UTC


def round_trip(message: Message) -> Message:
    return Message.from_dict(codec.decode(format_message(message)))


def test_record_wire_shape_and_round_trip() -> None:
    extracted = dt.datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)
    message = RecordMessage(
        stream="users",
        record={"id": 1, "amount": decimal.Decimal("1.50"), "name": None},
        version=7,
        time_extracted=extracted,
    )
    assert format_message(message) == (
        '{"type":"RECORD","stream":"users","record":{"id":1,"amount":1.50,"name":null},'
        '"version":7,"time_extracted":"2024-05-06T07:08:09.123456Z"}'
    )
    assert round_trip(message) == message


def test_record_optional_keys_dropped() -> None:
    assert (
        format_message(RecordMessage("s", {"a": 1}))
        == '{"type":"RECORD","stream":"s","record":{"a":1}}'
    )


def test_record_time_extracted_normalised_to_utc() -> None:
    local = dt.datetime(2024, 1, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    message = RecordMessage("s", {}, time_extracted=local)
    assert message.time_extracted == dt.datetime(2024, 1, 1, 10, tzinfo=UTC)
    assert message.time_extracted.tzinfo is UTC


def test_record_rejects_naive_time_extracted() -> None:
    with pytest.raises(ValueError, match="aware datetime"):
        RecordMessage("s", {}, time_extracted=dt.datetime(2024, 1, 1))


def test_record_from_dict_parses_time_extracted_string() -> None:
    message = RecordMessage.from_dict(
        {
            "type": "RECORD",
            "stream": "s",
            "record": {},
            "time_extracted": "2024-01-01T00:00:00+01:00",
        }
    )
    assert message.time_extracted == dt.datetime(2023, 12, 31, 23, tzinfo=UTC)


def test_schema_wire_shape_and_round_trip() -> None:
    message = SchemaMessage(
        stream="users",
        schema={"type": "object", "properties": {"id": {"type": "integer"}}},
        key_properties=["id"],
        bookmark_properties=["updated_at"],
    )
    assert format_message(message) == (
        '{"type":"SCHEMA","stream":"users","schema":{"type":"object","properties":'
        '{"id":{"type":"integer"}}},"key_properties":["id"],"bookmark_properties":["updated_at"]}'
    )
    assert round_trip(message) == message


def test_schema_string_keys_become_lists_and_keys_always_written() -> None:
    message = SchemaMessage("s", {}, key_properties="id", bookmark_properties="ts")
    assert message.key_properties == ["id"]
    assert message.bookmark_properties == ["ts"]
    assert SchemaMessage("s", {}).to_dict() == {
        "type": "SCHEMA",
        "stream": "s",
        "schema": {},
        "key_properties": [],
    }


def test_state_and_activate_version_round_trip() -> None:
    state = StateMessage(value={"bookmarks": {"s": {"replication_key_value": "2024-01-01"}}})
    assert format_message(state) == (
        '{"type":"STATE","value":{"bookmarks":{"s":{"replication_key_value":"2024-01-01"}}}}'
    )
    assert round_trip(state) == state
    version = ActivateVersionMessage(stream="s", version=1700000000)
    assert (
        format_message(version) == '{"type":"ACTIVATE_VERSION","stream":"s","version":1700000000}'
    )
    assert round_trip(version) == version


def test_batch_round_trip() -> None:
    message = BatchMessage(
        stream="s",
        encoding={"format": "jsonl", "compression": "gzip"},
        manifest=["file:///tmp/a.json.gz"],
    )
    assert format_message(message) == (
        '{"type":"BATCH","stream":"s","encoding":{"format":"jsonl","compression":"gzip"},'
        '"manifest":["file:///tmp/a.json.gz"]}'
    )
    assert round_trip(message) == message


def test_type_is_first_and_an_enum() -> None:
    for message in (
        RecordMessage("s", {}),
        SchemaMessage("s", {}),
        StateMessage({}),
        ActivateVersionMessage("s", 1),
    ):
        assert next(iter(message.to_dict())) == "type"
        assert isinstance(message.type, SingerMessageType)
        assert message.to_dict()["type"] == message.type.value


def test_from_dict_is_case_insensitive_and_checks_keys() -> None:
    assert isinstance(Message.from_dict({"type": "state", "value": {}}), StateMessage)
    with pytest.raises(ValueError, match="Unknown Singer message type 'NOPE'"):
        Message.from_dict({"type": "NOPE"})
    with pytest.raises(ValueError, match="RECORD message is missing required key\\(s\\) 'record'"):
        Message.from_dict({"type": "RECORD", "stream": "s"})
    with pytest.raises(ValueError, match="Cannot build a RecordMessage from a STATE message"):
        RecordMessage.from_dict({"type": "STATE", "value": {}})


def test_exclude_null_dict() -> None:
    assert exclude_null_dict([("a", 1), ("b", None), ("c", 0)]) == {"a": 1, "c": 0}


def test_write_message_writes_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    write_message(StateMessage({"x": 1}))
    assert capsys.readouterr().out == '{"type":"STATE","value":{"x":1}}\n'
