"""Metrics: exact metric lines, counter intervals on a fake clock, timers, exclusion filter."""

from __future__ import annotations

import logging
import os
import typing as t

import pytest

from singer_sdk import metrics
from singer_sdk.metrics import (
    DEFAULT_LOG_INTERVAL,
    Counter,
    Metric,
    MetricExclusionFilter,
    Point,
    Status,
    Tag,
    Timer,
)

if t.TYPE_CHECKING:
    from tests.logging.conftest import FakeClock, ListHandler

PID = os.getpid()


def test_public_names() -> None:
    assert metrics.__all__ == sorted(metrics.__all__, key=lambda n: (not n.isupper(), n))
    for name in metrics.__all__:
        assert hasattr(metrics, name), name
    assert DEFAULT_LOG_INTERVAL == 60
    assert metrics.METRICS_LOGGER_NAME == "singer_sdk.metrics"
    assert metrics.get_metrics_logger() is logging.getLogger("singer_sdk.metrics")


def test_enum_values() -> None:
    assert [m.value for m in Metric] == [
        "record_count",
        "batch_count",
        "http_request_duration",
        "http_request_count",
        "job_duration",
        "sync_duration",
        "batch_processing_time",
    ]
    assert [m.value for m in Tag] == [
        "stream",
        "context",
        "endpoint",
        "job_type",
        "http_status_code",
        "status",
        "pid",
    ]
    assert [s.value for s in Status] == ["succeeded", "failed"]
    assert Tag.STREAM == "stream"
    assert str(Metric.RECORD_COUNT) == "record_count"


def test_counter_metric_line_exact_text(metric_records: ListHandler) -> None:
    with metrics.record_counter("users") as counter:
        counter.context = {"id": 1}
        counter.increment()
        counter.increment(2)

    assert metric_records.messages == [
        'METRIC: {"type":"counter","metric":"record_count","value":3,'
        f'"tags":{{"stream":"users","pid":{PID},"context":{{"id":1}}}}}}'
    ]
    record = metric_records.records[0]
    assert record.name == "singer_sdk.metrics"
    assert record.levelno == logging.INFO
    assert record.msg == "METRIC: %s"
    assert isinstance(record.args, tuple)
    assert isinstance(record.args[0], Point)


def test_timer_metric_line_exact_text(metric_records: ListHandler, fake_clock: FakeClock) -> None:
    timer = metrics.sync_timer("users", context={"id": 2})
    timer.clock = fake_clock
    with timer:
        fake_clock.advance(1.5)

    assert metric_records.messages == [
        'METRIC: {"type":"timer","metric":"sync_duration","value":1.5,'
        f'"tags":{{"context":{{"id":2}},"stream":"users","pid":{PID},"status":"succeeded"}}}}'
    ]


def test_timer_failed_status_and_frozen_elapsed(
    metric_records: ListHandler, fake_clock: FakeClock
) -> None:
    timer = Timer(Metric.BATCH_PROCESSING_TIME, {Tag.STREAM: "s"}, clock=fake_clock)
    with pytest.raises(KeyError), timer:
        fake_clock.advance(0.25)
        raise KeyError("x")
    fake_clock.advance(100)

    assert timer.elapsed() == 0.25
    point = t.cast("Point[float]", metric_records.records[0].args[0])  # type: ignore[index]
    assert point.to_dict() == {
        "type": "timer",
        "metric": "batch_processing_time",
        "value": 0.25,
        "tags": {"stream": "s", "pid": PID, "status": "failed"},
    }


def test_timer_keeps_an_explicit_status(metric_records: ListHandler) -> None:
    with Timer(Metric.JOB_DURATION, {Tag.STATUS: "custom"}):
        pass
    point = t.cast("Point[float]", metric_records.records[0].args[0])  # type: ignore[index]
    assert point.tags[Tag.STATUS] == "custom"
    assert isinstance(point.value, float)
    assert point.value >= 0


def test_timer_elapsed_runs_while_open(fake_clock: FakeClock) -> None:
    with Timer(Metric.SYNC_DURATION, clock=fake_clock) as timer:
        fake_clock.advance(2)
        assert timer.elapsed() == 2
        fake_clock.advance(1)
        assert timer.elapsed() == 3


def test_counter_logs_every_interval_with_fake_clock(
    metric_records: ListHandler, fake_clock: FakeClock
) -> None:
    counter = metrics.record_counter("s", log_interval=10)
    counter.clock = fake_clock
    with counter:
        counter.increment()
        fake_clock.advance(9.9)
        counter.increment()
        assert metric_records.records == []
        fake_clock.advance(0.1)  # 10 s since entering: due
        counter.increment()
        assert [_value(r) for r in metric_records.records] == [3]
        assert counter.value == 0
        fake_clock.advance(5)
        counter.increment(4)
        assert len(metric_records.records) == 1
        fake_clock.advance(5)  # 10 s since the last report
        counter.increment()
        assert [_value(r) for r in metric_records.records] == [3, 5]
        fake_clock.advance(3)
        counter.increment()
    # the end of the block reports what is left
    assert [_value(r) for r in metric_records.records] == [3, 5, 1]


def test_counter_log_interval_can_be_changed(
    metric_records: ListHandler, fake_clock: FakeClock
) -> None:
    with Counter(Metric.RECORD_COUNT, clock=fake_clock) as counter:
        fake_clock.advance(30)
        counter.increment()
        assert metric_records.records == []
        counter.log_interval = 20  # already past the new deadline
        counter.increment()
        assert [_value(r) for r in metric_records.records] == [2]
    assert counter.log_interval == 20


def test_counter_reports_zero_and_reports_on_error(metric_records: ListHandler) -> None:
    with metrics.batch_counter("s"):
        pass
    with pytest.raises(RuntimeError), metrics.batch_counter("s") as counter:
        counter.increment()
        raise RuntimeError
    assert [_value(r) for r in metric_records.records] == [0, 1]
    assert all(_point(r).metric == Metric.BATCH_COUNT for r in metric_records.records)


def test_factory_tags() -> None:
    counter = metrics.record_counter("users", endpoint="/users", job_type="x")
    assert counter.metric == Metric.RECORD_COUNT
    assert counter.tags == {"job_type": "x", "stream": "users", "endpoint": "/users", "pid": PID}
    assert list(counter.tags) == ["job_type", "stream", "endpoint", "pid"]
    assert counter.log_interval == DEFAULT_LOG_INTERVAL

    assert metrics.record_counter().tags == {"pid": PID}
    assert metrics.record_counter("s", endpoint="").tags == {"stream": "s", "pid": PID}

    http = metrics.http_request_counter("users", "/users", log_interval=5)
    assert http.metric == Metric.HTTP_REQUEST_COUNT
    assert http.tags == {"stream": "users", "endpoint": "/users", "pid": PID}
    assert http.log_interval == 5

    assert metrics.batch_counter("b").tags == {"stream": "b", "pid": PID}
    timer = metrics.sync_timer("users")
    assert timer.metric == Metric.SYNC_DURATION
    assert timer.tags == {"stream": "users", "pid": PID}


def test_meter_copies_tags_and_handles_context() -> None:
    given = {"stream": "s"}
    counter = Counter(Metric.RECORD_COUNT, given)
    assert given == {"stream": "s"}
    assert counter.context is None
    counter.context = {"p": 1}
    assert counter.context == {"p": 1}
    assert counter.tags[Tag.CONTEXT] == {"p": 1}
    counter.with_context(None)
    assert "context" not in counter.tags
    counter.with_context(None)  # removing twice is fine
    assert counter.context is None


def test_counter_checks_the_clock_against_a_deadline(fake_clock: FakeClock) -> None:
    counter = Counter(Metric.RECORD_COUNT, clock=fake_clock)
    with counter:
        calls = fake_clock.calls
        for _ in range(100):
            counter.increment()
    # one clock read per increment plus one when leaving; never a wall-clock subtraction
    assert fake_clock.calls - calls == 101
    assert counter.value == 0


def test_point_json_and_unusual_values() -> None:
    point = Point("counter", Metric.RECORD_COUNT, 3, {Tag.STREAM: "s", "obj": _Odd()})
    assert str(point) == (
        '{"type":"counter","metric":"record_count","value":3,"tags":{"stream":"s","obj":"odd!"}}'
    )
    assert str(Point("timer", "custom_metric", 0.5, {(1, 2): None})) == (
        '{"type":"timer","metric":"custom_metric","value":0.5,"tags":{"(1, 2)":null}}'
    )
    assert Point("counter", Metric.BATCH_COUNT, 1).tags == {}


def test_log_function_writes_a_metric_line(attach: t.Any) -> None:
    logger = logging.getLogger("tests.metrics.log")
    handler = attach(logger)
    metrics.log(logger, Point("counter", Metric.RECORD_COUNT, 7, {"stream": "x"}))
    assert handler.messages == [
        'METRIC: {"type":"counter","metric":"record_count","value":7,"tags":{"stream":"x"}}'
    ]


@pytest.mark.parametrize(
    ("kwargs", "excluded"),
    [
        ({}, []),
        ({"metrics": [Metric.HTTP_REQUEST_DURATION]}, ["http_request_duration"]),
        ({"metrics": ["record_count"]}, ["record_count"]),
        ({"types": ["timer"]}, ["http_request_duration"]),
        ({"tags": {"stream": "b"}}, ["batch_count"]),
        ({"tags": {"endpoint": None}}, []),
        (
            {"types": ["counter"], "tags": {"status": "failed"}},
            ["record_count", "http_request_duration", "batch_count"],
        ),
    ],
)
def test_metric_exclusion_filter(
    kwargs: dict[str, t.Any], excluded: list[str], attach: t.Any
) -> None:
    points = [
        Point("counter", Metric.RECORD_COUNT, 1, {"stream": "a"}),
        Point("timer", Metric.HTTP_REQUEST_DURATION, 0.1, {"stream": "a", "status": "failed"}),
        Point("counter", Metric.BATCH_COUNT, 1, {"stream": "b"}),
    ]
    logger = logging.getLogger("tests.metrics.filter")
    handler = attach(logger)
    handler.addFilter(MetricExclusionFilter(**kwargs))
    for point in points:
        metrics.log(logger, point)
    logger.info("not a metric %s", "line")
    logger.info("METRIC: %s", "a string, not a point")

    logged = [_point(r).metric for r in handler.records[:-2] if isinstance(r.args[0], Point)]  # type: ignore[index]
    assert sorted(logged) == sorted(p.metric for p in points if p.metric not in excluded)
    assert handler.messages[-2:] == ["not a metric line", "METRIC: a string, not a point"]


class _Odd:
    def __str__(self) -> str:
        return "odd!"


def _point(record: logging.LogRecord) -> Point[t.Any]:
    assert isinstance(record.args, tuple)
    point = record.args[0]
    assert isinstance(point, Point)
    return point


def _value(record: logging.LogRecord) -> t.Any:
    return _point(record).value
