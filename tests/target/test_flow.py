"""The target's message flow: sinks, drains and the state written after them."""

from __future__ import annotations

import decimal
import threading
import typing as t

import pytest

from singer_sdk import BatchSink, Target


def test_records_reach_the_batch_and_state_follows(
    tk: t.Any, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tk.MemoryTarget(config={})
    tk.feed(
        target,
        [
            tk.schema(),
            tk.record(id=1, name="a", age=3),
            tk.record(id=2, name="b", age=None),
            tk.state({"bookmarks": {"users": {"id": 2}}}),
        ],
    )
    assert target.records_of("users") == [
        {"id": 1, "name": "a", "age": 3},
        {"id": 2, "name": "b", "age": None},
    ]
    out = capsys.readouterr().out
    assert out == '{"bookmarks":{"users":{"id":2}}}\n'
    sink = target._sinks_active["users"]
    assert (sink._total_records_read, sink._total_records_written) == (2, 2)


def test_state_waits_for_every_earlier_record(
    tk: t.Any, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tk.MemoryTarget(config={"batch_size_rows": 2})
    tk.feed(
        target,
        [
            tk.schema("a"),
            tk.schema("b"),
            tk.record("a", id=1),
            tk.state({"s": 1}),
            tk.record("a", id=2),  # a is full: drained, s1 is covered
            tk.record("b", id=1),
            tk.state({"s": 2}),
            tk.record("a", id=3),
            tk.record("a", id=4),  # a drained again, but b still holds a record before s2
            tk.state({"s": 3}),
        ],
    )
    assert tk.state_lines(capsys.readouterr().out) == [{"s": 1}, {"s": 3}]
    assert [name for name, _ in target.batches] == ["a", "a", "b"]


def test_state_is_deduplicated_and_empty_state_never_written(
    tk: t.Any, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tk.MemoryTarget(config={"batch_size_rows": 1})
    tk.feed(
        target,
        [
            tk.schema(),
            tk.state({}),
            tk.record(id=1),
            tk.state({"s": 1}),
            tk.record(id=2),
            tk.state({"s": 1}),
            tk.record(id=3),
        ],
    )
    assert tk.state_lines(capsys.readouterr().out) == [{"s": 1}]


def test_no_state_no_output(tk: t.Any, capsys: pytest.CaptureFixture[str]) -> None:
    target = tk.MemoryTarget(config={})
    tk.feed(target, [tk.schema(), tk.record(id=1)])
    assert capsys.readouterr().out == ""
    assert target.records_of("users") == [{"id": 1}]


def test_old_records_are_drained_after_the_wait_limit(
    tk: t.Any, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tk.MemoryTarget(config={"batch_wait_limit_seconds": 0})
    tk.feed(
        target,
        [tk.schema(), tk.record(id=1), tk.state({"s": 1}), tk.record(id=2), tk.record(id=3)],
    )
    # The STATE finds record 1 past its limit; record 3 finds record 2 past it (and goes along).
    assert [len(batch) for _, batch in target.batches] == [1, 2]
    assert tk.state_lines(capsys.readouterr().out) == [{"s": 1}]


def test_default_wait_limit_is_the_max_record_age(tk: t.Any) -> None:
    assert tk.MemoryTarget(config={})._wait_limit == 300

    class Quick(tk.MemoryTarget):
        _MAX_RECORD_AGE_IN_MINUTES = 0.5

    assert Quick(config={})._wait_limit == 30
    assert Quick(config={"batch_wait_limit_seconds": 7})._wait_limit == 7


def test_record_sink_writes_each_record_and_state_at_end(
    tk: t.Any, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tk.MemoryRecordTarget(config={})
    tk.feed(target, [tk.schema(), tk.record(id=1), tk.state({"s": 1}), tk.record(id=2)])
    assert [r["id"] for _, r in target.written] == [1, 2]
    sink = target._sinks_active["users"]
    assert sink.current_size == 0
    assert sink.is_full is False
    assert (sink._total_records_read, sink._total_records_written) == (2, 2)
    assert tk.state_lines(capsys.readouterr().out) == [{"s": 1}]


def test_schema_change_drains_old_sink_first(tk: t.Any) -> None:
    target = tk.MemoryTarget(config={})
    wide = {"id": {"type": "integer"}, "email": {"type": "string"}}
    tk.feed(
        target,
        [
            tk.schema(),
            tk.record(id=1),
            tk.schema(),  # unchanged: same sink
            tk.record(id=2),
            tk.schema("users", wide),
            tk.record(id=3, email="x@y"),
        ],
    )
    assert target.batches == [
        ("users", [{"id": 1}, {"id": 2}]),
        ("users", [{"id": 3, "email": "x@y"}]),
    ]
    assert len(target._sinks_to_clear) == 0  # cleaned up at the end


def test_schema_change_keeps_counting_records_for_errors(tk: t.Any) -> None:
    from singer_sdk.exceptions import InvalidRecord

    target = tk.MemoryTarget(config={})
    wide = {"id": {"type": "integer"}, "age": {"type": "integer"}}
    with pytest.raises(InvalidRecord, match=r"Record 3 of stream 'users' \(input line 5\)"):
        tk.feed(
            target,
            [tk.schema(), tk.record(id=1), tk.record(id=2), tk.schema("users", wide),
             tk.record(id=3, age="x")],
        )  # fmt: skip


def test_key_properties_change_makes_a_new_sink(tk: t.Any) -> None:
    target = tk.MemoryTarget(config={})
    tk.feed(target, [tk.schema(keys=None)])
    first = target._sinks_active["users"]
    tk.feed(target, [tk.schema(keys=[])])
    assert target._sinks_active["users"] is first  # None and [] are the same key
    tk.feed(target, [tk.schema(keys=["id", "name"])])
    assert target._sinks_active["users"] is not first
    assert target._sinks_active["users"].key_properties == ["id", "name"]


def test_sinks_drain_in_parallel(tk: t.Any) -> None:
    barrier = threading.Barrier(3, timeout=10)
    threads: set[str] = set()

    class WaitingSink(BatchSink):
        def process_batch(self, context: dict[str, t.Any]) -> None:
            threads.add(threading.current_thread().name)
            barrier.wait()  # only passes if three drains run at the same time

    class ParallelTarget(tk.MemoryTarget):
        default_sink_class = WaitingSink

    target = ParallelTarget(config={})
    assert target.max_parallelism == 8
    lines = [tk.schema(name) for name in "abc"] + [tk.record(name, id=1) for name in "abc"]
    tk.feed(target, lines)
    assert len(threads) == 3
    assert threading.current_thread().name not in threads


def test_max_parallelism_one_drains_in_this_thread(tk: t.Any) -> None:
    threads: list[str] = []

    class SerialSink(BatchSink):
        def process_batch(self, context: dict[str, t.Any]) -> None:
            threads.append(threading.current_thread().name)

    class SerialTarget(tk.MemoryTarget):
        default_sink_class = SerialSink

    target = SerialTarget(config={})
    target.max_parallelism = 1
    tk.feed(target, [tk.schema("a"), tk.schema("b"), tk.record("a", id=1), tk.record("b", id=1)])
    assert threads == [threading.current_thread().name] * 2


def test_a_failing_drain_writes_no_state(tk: t.Any, capsys: pytest.CaptureFixture[str]) -> None:
    class Boom(BatchSink):
        def process_batch(self, context: dict[str, t.Any]) -> None:
            if self.stream_name == "b":
                raise OSError("disk full")

    class BoomTarget(tk.MemoryTarget):
        default_sink_class = Boom

    target = BoomTarget(config={})
    with pytest.raises(OSError, match="disk full"):
        tk.feed(
            target,
            [tk.schema("a"), tk.schema("b"), tk.record("a", id=1), tk.record("b", id=1),
             tk.state({"s": 1})],
        )  # fmt: skip
    assert capsys.readouterr().out == ""


def test_decimal_precision_is_kept(tk: t.Any, capsys: pytest.CaptureFixture[str]) -> None:
    target = tk.MemoryTarget(config={})
    props = {"id": {"type": "integer"}, "n": {"type": "number"}}
    line = '{"type":"RECORD","stream":"p","record":{"id":1,"n":1.10000000000000000000000000001}}'
    state = '{"type":"STATE","value":{"v":0.30000000000000000000000000001}}'
    tk.feed(target, [tk.schema("p", props), line, state])
    value = target.records_of("p")[0]["n"]
    assert value == decimal.Decimal("1.10000000000000000000000000001")
    assert capsys.readouterr().out == '{"v":0.30000000000000000000000000001}\n'


def test_one_megabyte_record(tk: t.Any) -> None:
    target = tk.MemoryTarget(config={})
    big = "x" * (1 << 20)
    tk.feed(target, [tk.schema(), tk.record(id=1, name=big)])
    assert target.records_of("users")[0]["name"] == big


def test_get_sink_class_needs_a_default(tk: t.Any) -> None:
    class NoSink(Target):
        name = "target-none"

    target = NoSink(config={})
    with pytest.raises(ValueError, match="No sink class defined for 'users'"):
        tk.feed(target, [tk.schema()])


def test_create_sink_controls_construction(tk: t.Any) -> None:
    made: list[str] = []

    class Custom(tk.MemoryTarget):
        def create_sink(self, *, stream_name: str, schema: t.Any, key_properties: t.Any) -> t.Any:
            made.append(stream_name)
            return super().create_sink(
                stream_name=stream_name, schema=schema, key_properties=key_properties
            )

    target = Custom(config={})
    tk.feed(target, [tk.schema("a")])
    assert made == ["a"]
    assert target.sink_exists("a")
    assert not target.sink_exists("b")
    assert target.get_sink("a") is target._sinks_active["a"]


def test_unknown_message_type_is_skipped(tk: t.Any, caplog: pytest.LogCaptureFixture) -> None:
    target = tk.MemoryTarget(config={})
    tk.feed(target, [tk.schema(), '{"type":"NEWFANGLED","x":1}', tk.record(id=1)])
    assert target.records_of("users") == [{"id": 1}]
    assert "Skipping message of unknown type 'NEWFANGLED' (line 2)" in caplog.text
