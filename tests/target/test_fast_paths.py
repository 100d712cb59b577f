"""The target's per-record fast paths behave as the hooks they stand in for."""

from __future__ import annotations

import gc
import typing as t

import pytest

from singer_sdk import BatchSink, metrics
from singer_sdk._gc import _LISTEN_GC_THRESHOLD


def test_listen_collects_garbage_less_often_and_restores_the_collector(tk: t.Any) -> None:
    seen: list[tuple[int, ...]] = []

    class Sink(tk.MemoryBatchSink):
        def process_batch(self, context: dict[str, t.Any]) -> None:
            seen.append(gc.get_threshold())
            super().process_batch(context)

    class Target(tk.MemoryTarget):
        default_sink_class = Sink

    before = gc.get_threshold()
    target = Target(config={})
    tk.feed(target, [tk.schema(), tk.record(id=1, name="a", age=1)])
    assert seen and seen[0][0] == _LISTEN_GC_THRESHOLD > before[0]
    assert seen[0][1:] == before[1:]
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    assert target.records_of("users") == [{"id": 1, "name": "a", "age": 1}]


def test_listen_leaves_a_disabled_threshold_alone_and_restores_it_after_an_error(
    tk: t.Any,
) -> None:
    before = gc.get_threshold()
    gc.set_threshold(0)
    try:
        target = tk.MemoryTarget(config={})
        with pytest.raises(Exception, match="not valid JSON"):
            tk.feed(target, [tk.schema(), "{not json"])
        assert gc.get_threshold()[0] == 0
        assert gc.get_freeze_count() == 0
    finally:
        gc.set_threshold(*before)


def test_a_batch_sink_with_its_own_process_record_and_context_gets_them_called(
    tk: t.Any,
) -> None:
    calls: list[str] = []

    class Sink(BatchSink):
        def _get_context(self, record: dict[str, t.Any]) -> dict[str, t.Any]:
            calls.append("context")
            return super()._get_context(record)

        def process_record(self, record: dict[str, t.Any], context: dict[str, t.Any]) -> None:
            calls.append(f"record {record['id']}")
            context.setdefault("mine", []).append(record["id"])

        def process_batch(self, context: dict[str, t.Any]) -> None:
            calls.append(f"batch {context['mine']} {context.get('records')}")

    class Target(tk.MemoryTarget):
        default_sink_class = Sink

    tk.feed(Target(config={}), [tk.schema(), tk.record(id=1), tk.record(id=2)])
    assert calls == ["context", "record 1", "context", "record 2", "batch [1, 2] None"]


def test_a_counter_with_its_own_increment_is_called_per_record(tk: t.Any) -> None:
    counted: list[int] = []

    class Counter(metrics.Counter):
        def increment(self, value: int = 1) -> None:
            counted.append(value)
            super().increment(value)

    class Sink(tk.MemoryBatchSink):
        def get_sink_record_counter(self) -> metrics.Counter:
            return Counter(metrics.Metric.RECORD_COUNT, {"stream": self.stream_name})

    class Target(tk.MemoryTarget):
        default_sink_class = Sink

    target = Target(config={})
    tk.feed(target, [tk.schema(), tk.record(id=1), tk.record(id=2), tk.record(id=3)])
    assert counted == [1, 1, 1]
    assert len(target.records_of("users")) == 3


def test_the_inlined_counter_reports_on_its_interval_and_loses_no_count(tk: t.Any) -> None:
    now = [0.0]
    reported: list[int] = []

    class Counter(metrics.Counter):  # increment itself is the default, so it runs inline
        def _report(self, value: t.Any) -> None:
            reported.append(value)

    class Sink(tk.MemoryBatchSink):
        def get_sink_record_counter(self) -> metrics.Counter:
            return Counter(metrics.Metric.RECORD_COUNT, log_interval=10, clock=lambda: now[0])

        def preprocess_record(
            self, record: dict[str, t.Any], context: dict[str, t.Any]
        ) -> dict[str, t.Any]:
            now[0] += 4.0  # each record arrives 4 s after the previous one
            return record

    class Target(tk.MemoryTarget):
        default_sink_class = Sink

    target = Target(config={})
    tk.feed(target, [tk.schema(), *(tk.record(id=i) for i in range(7))])
    counter = target._sinks_active["users"].record_counter_metric
    assert reported[:2] == [3, 3]  # at 12 s and 24 s
    assert sum(reported) + counter.value == 7
