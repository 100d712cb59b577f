"""Bad input: each problem is a specific error naming the line and stream, and nothing
accepted before it is lost (those records are drained and their state written)."""

from __future__ import annotations

import logging
import typing as t

import pytest

from singer_sdk.exceptions import (
    InvalidRecord,
    MissingKeyPropertiesError,
    RecordsWithoutSchemaException,
)
from singer_sdk.singerlib.exceptions import InvalidInputLine

GOOD_START = 4  # schema, record, record, state: the bad line is line 5


def _run_bad(tk: t.Any, bad: str, **config: t.Any) -> tuple[t.Any, BaseException]:
    target = tk.MemoryTarget(config=config)
    lines = [tk.schema(), tk.record(id=1, age=1), tk.record(id=2), tk.state({"s": 2}), bad,
             tk.record(id=9)]  # fmt: skip
    with pytest.raises(Exception) as info:
        tk.feed(target, lines)
    return target, info.value


def _assert_salvaged(tk: t.Any, target: t.Any, out: str) -> None:
    assert [r["id"] for r in target.records_of("users")] == [1, 2]
    assert tk.state_lines(out) == [{"s": 2}]


def test_invalid_record(tk: t.Any, capsys: pytest.CaptureFixture[str]) -> None:
    target, exc = _run_bad(tk, tk.record(id=3, age="x"))
    assert isinstance(exc, InvalidRecord)
    assert exc.error_message == (
        "Record 3 of stream 'users' (input line 5) is invalid: age: expected integer or null, "
        "got 'x'"
    )
    _assert_salvaged(tk, target, capsys.readouterr().out)


def test_malformed_json(tk: t.Any, capsys: pytest.CaptureFixture[str]) -> None:
    target, exc = _run_bad(tk, '{"type":"RECORD","stream":"users","record":{"id":')
    assert isinstance(exc, InvalidInputLine)
    assert str(exc).startswith("Line 5 is not valid JSON (")
    _assert_salvaged(tk, target, capsys.readouterr().out)


def test_record_before_schema(tk: t.Any, capsys: pytest.CaptureFixture[str]) -> None:
    target, exc = _run_bad(tk, tk.record("orders", id=1))
    assert isinstance(exc, RecordsWithoutSchemaException)
    assert str(exc) == (
        "Line 5: a RECORD for stream 'orders' arrived before its SCHEMA. Check that the tap "
        "writes a SCHEMA message before the stream's records."
    )
    _assert_salvaged(tk, target, capsys.readouterr().out)


def test_missing_key_property(tk: t.Any, capsys: pytest.CaptureFixture[str]) -> None:
    target, exc = _run_bad(tk, tk.record(name="no id"))
    assert isinstance(exc, MissingKeyPropertiesError)
    # The first sentence is the reference's: connectors' own tests look for it
    # (meltanolabs-target-postgres 0.8.1, test_record_missing_key_property).
    assert str(exc) == (
        "Record is missing one or more key_properties. "
        "Record 3 of stream 'users' (input line 5) lacks 'id'"
    )
    _assert_salvaged(tk, target, capsys.readouterr().out)


def test_schema_without_properties(tk: t.Any, capsys: pytest.CaptureFixture[str]) -> None:
    bad = '{"type":"SCHEMA","stream":"orders","schema":{"type":"object"}}'
    target, exc = _run_bad(tk, bad)
    assert isinstance(exc, InvalidInputLine)
    # The message is the reference's word for word (meltanolabs-target-postgres 0.8.1's
    # test_invalid_schema compares it); the line and stream are in a note.
    assert str(exc) == "Line is missing required properties key(s): {'type': 'object'}"
    assert exc.__notes__ == ["Line 5: SCHEMA of stream 'orders' has no 'properties' object"]
    _assert_salvaged(tk, target, capsys.readouterr().out)


def test_schema_properties_not_an_object(tk: t.Any, capsys: pytest.CaptureFixture[str]) -> None:
    target, exc = _run_bad(tk, '{"type":"SCHEMA","stream":"orders","schema":{"properties":[]}}')
    assert isinstance(exc, InvalidInputLine)
    assert str(exc) == "Line 5: SCHEMA of stream 'orders' has a 'properties' that is not an object"
    _assert_salvaged(tk, target, capsys.readouterr().out)


def test_bad_key_properties(tk: t.Any, capsys: pytest.CaptureFixture[str]) -> None:
    bad = '{"type":"SCHEMA","stream":"o","schema":{"properties":{}},"key_properties":"id"}'
    target, exc = _run_bad(tk, bad)
    assert isinstance(exc, InvalidInputLine)
    assert str(exc) == (
        "Line 5: SCHEMA of stream 'o' has 'key_properties' that are not a list of strings: 'id'"
    )
    _assert_salvaged(tk, target, capsys.readouterr().out)


def test_message_missing_a_required_key(tk: t.Any, capsys: pytest.CaptureFixture[str]) -> None:
    target, exc = _run_bad(tk, '{"type":"RECORD","stream":"users"}')
    assert isinstance(exc, InvalidInputLine)
    assert str(exc).startswith("Line 5: RECORD message is missing required key(s) 'record'")
    _assert_salvaged(tk, target, capsys.readouterr().out)


def test_unparsable_date_time(tk: t.Any) -> None:
    target = tk.MemoryTarget(config={})
    props = {"id": {"type": "integer"}, "at": {"type": "string", "format": "date-time"}}
    with pytest.raises(InvalidRecord) as info:
        tk.feed(target, [tk.schema("e", props), tk.record("e", id=1, at="yesterday")])
    assert info.value.error_message.startswith(
        "Record 1 of stream 'e' (input line 2) is invalid: at: could not parse 'yesterday' as "
        "date-time"
    )


def test_validation_can_be_turned_off(tk: t.Any) -> None:
    target = tk.MemoryTarget(config={"validate_records": False})
    tk.feed(target, [tk.schema(), tk.record(id=1, age="x")])
    assert target.records_of("users") == [{"id": 1, "age": "x"}]
    assert target._sinks_active["users"]._validator is None


def test_lenient_sink_logs_invalid_records(tk: t.Any, caplog: pytest.LogCaptureFixture) -> None:
    class Lenient(tk.MemoryBatchSink):
        fail_on_record_validation_exception = False

    class LenientTarget(tk.MemoryTarget):
        default_sink_class = Lenient

    target = LenientTarget(config={})
    with caplog.at_level(logging.WARNING):
        tk.feed(target, [tk.schema(), tk.record(id=1, age="x")])
    assert target.records_of("users") == [{"id": 1, "age": "x"}]
    assert (
        "Record 1 of stream 'users' (input line 2) is invalid: age: expected integer or null, "
        "got 'x'" in caplog.text
    )


def test_failing_sink_code_is_not_drained_twice(
    tk: t.Any, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[int] = []

    class Flaky(tk.MemoryBatchSink):
        def process_batch(self, context: dict[str, t.Any]) -> None:
            calls.append(len(context["records"]))
            raise RuntimeError("destination down")

    class FlakyTarget(tk.MemoryTarget):
        default_sink_class = Flaky

    target = FlakyTarget(config={"batch_size_rows": 1})
    with pytest.raises(RuntimeError, match="destination down"):
        tk.feed(target, [tk.schema(), tk.state({"s": 0}), tk.record(id=1), tk.record(id=2)])
    assert calls == [1]
    assert capsys.readouterr().out == ""


# Issue 18: hostile input that used to escape as a bare Python exception or a false message.


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (
            '{"type":"RECORD","stream":"users","record":null}',
            "Line 5: RECORD message of stream 'users' has a 'record' that is null, not a JSON "
            "object",
        ),
        (
            '{"type":"RECORD","stream":"users","record":[1]}',
            "Line 5: RECORD message of stream 'users' has a 'record' that is an array, not a "
            "JSON object",
        ),
        (
            '{"type":"RECORD","stream":["users"],"record":{"id":3}}',
            "Line 5: RECORD message has a 'stream' that is an array, not a string",
        ),
        (
            '{"type":"RECORD","stream":"users","record":' + "[" * 10_000 + "]" * 10_000 + "}",
            "Line 5 cannot be read: JSON nested too deeply to parse",
        ),
        (
            '{"type":"RECORD","stream":"users","record":{"id":3,"name":"\\ud800"}}',
            "Line 5 cannot be read: the string at record.name has a \\ud800 escape, which is "
            "not a Unicode character (a lone UTF-16 surrogate)",
        ),
    ],
    ids=["record-null", "record-array", "stream-array", "deep", "lone-surrogate"],
)
def test_hostile_lines_are_named_and_lose_nothing(
    tk: t.Any, capsys: pytest.CaptureFixture[str], bad: str, expected: str
) -> None:
    target, exc = _run_bad(tk, bad)
    assert isinstance(exc, InvalidInputLine)
    assert str(exc).startswith(expected), str(exc)
    _assert_salvaged(tk, target, capsys.readouterr().out)


def test_nan_and_huge_numbers_are_accepted_as_the_reference_does(
    tk: t.Any, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tk.MemoryTarget(config={})
    props = {"id": {"type": "integer"}, "x": {"type": ["number", "null"]}}
    big = 123456789012345678901234567890
    head = '{"type":"RECORD","stream":"users","record":'
    lines = [tk.schema(props=props), head + '{"id":1,"x":NaN}}', head + '{"id":2,"x":1e400}}',
             head + f'{{"id":{big}}}}}']  # fmt: skip
    tk.feed(target, lines)
    assert [r["id"] for r in target.records_of("users")] == [1, 2, big]
