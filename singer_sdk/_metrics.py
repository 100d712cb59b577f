"""Singer metrics: counters and timers that report as log lines.

The code of :mod:`singer_sdk.metrics`, which re-exports the public names.

A metric is reported as an ordinary log record on the ``singer_sdk.metrics`` logger, at level
INFO, whose message is ``METRIC:`` and a space followed by a compact JSON object::

    METRIC: {"type":"counter","metric":"record_count","value":3,"tags":{"stream":"users","pid":17}}

The record keeps the :class:`Point` as its only argument, so formatters (see
:class:`singer_sdk.logging.StructuredFormatter`) and filters (see :class:`MetricExclusionFilter`)
can work with the measurement instead of parsing the text.

Typical use::

    with record_counter("users", endpoint="/users") as counter:
        counter.context = context
        for record in records:
            counter.increment()

Counters report when their block ends and, while they are being incremented, every
``log_interval`` seconds (each report carries the count since the previous one). Timers report
the seconds their block took, tagged ``status`` ``succeeded`` or ``failed``.
"""

from __future__ import annotations

import abc
import enum
import logging
import os
import time
import typing as t
from dataclasses import dataclass, field

import msgspec

from singer_sdk._overrides import overrides

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from types import TracebackType

__all__ = [
    "DEFAULT_LOG_INTERVAL",
    "METRICS_LOGGER_NAME",
    "Counter",
    "Meter",
    "Metric",
    "MetricExclusionFilter",
    "Point",
    "Status",
    "Tag",
    "Timer",
    "batch_counter",
    "get_metrics_logger",
    "http_request_counter",
    "log",
    "record_counter",
    "sync_timer",
]

#: Seconds between two reports of a counter that keeps being incremented.
DEFAULT_LOG_INTERVAL = 60.0

#: Name of the logger that metric records are sent to.
METRICS_LOGGER_NAME = "singer_sdk.metrics"

_METRIC_MESSAGE = "METRIC: %s"

_TVal = t.TypeVar("_TVal")


class Status(enum.StrEnum):
    """Outcome values for the ``status`` tag."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"


class Tag(enum.StrEnum):
    """Names of the tags the SDK attaches to its metrics."""

    STREAM = "stream"
    CONTEXT = "context"
    ENDPOINT = "endpoint"
    JOB_TYPE = "job_type"
    HTTP_STATUS_CODE = "http_status_code"
    STATUS = "status"
    PID = "pid"


class Metric(enum.StrEnum):
    """Names of the metrics the SDK reports."""

    RECORD_COUNT = "record_count"
    BATCH_COUNT = "batch_count"
    HTTP_REQUEST_DURATION = "http_request_duration"
    HTTP_REQUEST_COUNT = "http_request_count"
    JOB_DURATION = "job_duration"
    SYNC_DURATION = "sync_duration"
    BATCH_PROCESSING_TIME = "batch_processing_time"


def _plain(name: str | enum.Enum) -> str:
    """Return the wire name of a metric, tag or type given as an enum member or a string."""
    if isinstance(name, enum.Enum):
        return str(name.value)
    return name


def _encode_fallback(obj: t.Any) -> t.Any:
    """Render values the JSON encoder does not know (sets, custom objects) as strings."""
    return str(obj)


_ENCODER = msgspec.json.Encoder(enc_hook=_encode_fallback, decimal_format="number")


def _to_compact_json(obj: t.Any) -> str:
    """Encode ``obj`` as compact JSON; unknown values become strings, never an error."""
    try:
        return _ENCODER.encode(obj).decode()
    except (TypeError, ValueError, OverflowError, msgspec.EncodeError):
        # Keys msgspec cannot encode (tuples, None...) or other oddities: the stdlib copes once
        # such keys are strings (msgspec before 0.19 does not pass keys to enc_hook).
        import json

        return json.dumps(_str_keys(obj), default=str, separators=(",", ":"))


def _str_keys(obj: t.Any) -> t.Any:
    """Return ``obj`` with every dict key JSON cannot hold (tuples, objects) as its ``str()``."""
    if isinstance(obj, dict):
        return {
            (key if isinstance(key, str | int | float | bool) or key is None else str(key)): (
                _str_keys(value)
            )
            for key, value in obj.items()
        }
    if isinstance(obj, list | tuple):
        return [_str_keys(value) for value in obj]
    return obj


@dataclass(slots=True)
class Point(t.Generic[_TVal]):
    """One measurement: what was measured, its value and the tags describing it.

    Attributes:
        metric_type: ``"counter"`` or ``"timer"``.
        metric: the metric name, usually a :class:`Metric`.
        value: the measured value (a count, or seconds for timers).
        tags: tag name to value; the names are usually :class:`Tag` members.
    """

    metric_type: str
    metric: Metric | str
    value: _TVal
    tags: dict[str, t.Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, t.Any]:
        """Return the measurement as the JSON object of a metric line.

        Returns:
            A dict with the keys ``type``, ``metric``, ``value`` and ``tags``, in that order.
        """
        return {
            "type": self.metric_type,
            "metric": _plain(self.metric),
            "value": self.value,
            "tags": self.tags,
        }

    def __str__(self) -> str:
        """Return the measurement as compact JSON, as written after ``METRIC: ``."""
        return _to_compact_json(self.to_dict())


class MetricExclusionFilter(logging.Filter):
    """A logging filter that drops metric records matching any of the given criteria.

    Records that are not metrics always pass. Use it in a logging config, for example::

        filters:
          no_http_metrics:
            (): singer_sdk.metrics.MetricExclusionFilter
            metrics: [http_request_duration, http_request_count]

    Args:
        metrics: metric names to drop (``Metric`` members or strings).
        types: metric types to drop (``"counter"``, ``"timer"``).
        tags: drop a metric if any of these tags has exactly the given value.
    """

    def __init__(
        self,
        *,
        metrics: Iterable[str | Metric] | None = None,
        types: Iterable[str] | None = None,
        tags: Mapping[str, t.Any] | None = None,
    ) -> None:
        super().__init__()
        self.metrics = frozenset(_plain(name) for name in metrics or ())
        self.types = frozenset(types or ())
        self.tags = dict(tags or {})

    def excludes(self, point: Point[t.Any]) -> bool:
        """Tell whether ``point`` matches the exclusion criteria.

        Args:
            point: the measurement to check.

        Returns:
            True if the metric name, its type or any of the configured tag values matches.
        """
        if _plain(point.metric) in self.metrics or point.metric_type in self.types:
            return True
        missing = object()
        return any(point.tags.get(tag, missing) == value for tag, value in self.tags.items())

    def filter(self, record: logging.LogRecord) -> bool:
        """Decide whether ``record`` is logged.

        Args:
            record: the log record.

        Returns:
            False for a metric record matching the criteria, True for everything else.
        """
        point = _point_of(record)
        return point is None or not self.excludes(point)


def _point_of(record: logging.LogRecord) -> Point[t.Any] | None:
    """Return the measurement carried by a metric log record, or None for other records."""
    args = record.args
    if isinstance(args, tuple) and len(args) == 1 and isinstance(args[0], Point):
        return args[0]
    return None


def get_metrics_logger() -> logging.Logger:
    """Return the logger that metric records are sent to (``singer_sdk.metrics``).

    Returns:
        The metrics logger.
    """
    return logging.getLogger(METRICS_LOGGER_NAME)


def log(logger: logging.Logger, point: Point[t.Any]) -> None:
    """Report ``point`` on ``logger`` as a metric line at INFO level.

    The JSON text is only built if the record is actually emitted.

    Args:
        logger: the logger to report on, normally :func:`get_metrics_logger`.
        point: the measurement.
    """
    logger.info(_METRIC_MESSAGE, point)


class Meter(abc.ABC):
    """Base of counters and timers: a metric name, its tags and the logger it reports to.

    The ``pid`` tag is added to the given tags. The tags dict is copied, never modified.

    Args:
        metric: the metric name.
        tags: tags to report with every measurement.
        clock: a function returning seconds from a monotonic clock; a seam for tests.
    """

    metric_type: t.ClassVar[str]
    _default_clock: t.ClassVar[Callable[[], float]] = time.monotonic

    def __init__(
        self,
        metric: Metric | str,
        tags: Mapping[str, t.Any] | None = None,
        *,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.metric = metric
        self.tags: dict[str, t.Any] = dict(tags or {})
        self.tags[Tag.PID] = os.getpid()
        self.logger = get_metrics_logger()
        self.clock: Callable[[], float] = clock or type(self)._default_clock

    @property
    def context(self) -> dict[str, t.Any] | None:
        """The stream partition context reported in the ``context`` tag, or None."""
        return self.tags.get(Tag.CONTEXT)

    @context.setter
    def context(self, value: Mapping[str, t.Any] | None) -> None:
        self.with_context(value)

    def with_context(self, value: Mapping[str, t.Any] | None) -> None:
        """Set the ``context`` tag, or remove it when ``value`` is None.

        Args:
            value: the stream partition context.
        """
        if value is None:
            self.tags.pop(Tag.CONTEXT, None)
        else:
            self.tags[Tag.CONTEXT] = value

    def _report(self, value: t.Any) -> None:
        log(self.logger, Point(self.metric_type, self.metric, value, self.tags))

    @abc.abstractmethod
    def __enter__(self) -> t.Self:
        """Start measuring."""

    @abc.abstractmethod
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        """Stop measuring and report."""


class Counter(Meter):
    """Counts things; reports the count at the end of its block and every ``log_interval`` s.

    Each report carries the count since the previous report, then the count starts again from
    zero. Incrementing costs one clock read and a comparison with a precomputed deadline.

    A loop that counts many records may inline :meth:`increment` when
    :meth:`can_inline_increment` says so (the target's record steps do): add to :attr:`value`,
    and call :meth:`report_due` once :attr:`clock` reaches :attr:`due_at`. These three are for
    the library's own loops.

    Args:
        metric: the metric name.
        tags: tags to report with the count.
        log_interval: seconds between two reports while the counter is incremented.
        clock: a function returning seconds from a monotonic clock; a seam for tests.
    """

    metric_type = "counter"

    #: The :attr:`clock` reading at which :meth:`increment` reports next.
    due_at: float

    def __init__(
        self,
        metric: Metric | str,
        tags: Mapping[str, t.Any] | None = None,
        log_interval: float = DEFAULT_LOG_INTERVAL,
        *,
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(metric, tags, clock=clock)
        self.value = 0
        self._log_interval = log_interval
        self._restart_interval()

    @property
    def log_interval(self) -> float:
        """Seconds between two reports while the counter is incremented."""
        return self._log_interval

    @log_interval.setter
    def log_interval(self, value: float) -> None:
        self._log_interval = value
        self.due_at = self.last_log_time + value

    def _restart_interval(self) -> None:
        self.last_log_time = self.clock()
        self.due_at = self.last_log_time + self._log_interval

    def __enter__(self) -> t.Self:
        """Start the first reporting interval.

        Returns:
            The counter.
        """
        self._restart_interval()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        """Report the count, whether or not the block raised."""
        self.exit()

    def exit(self) -> None:
        """Report the count accumulated since the last report and reset it to zero."""
        self.report_due()

    def report_due(self) -> None:
        """Report the count since the last report, reset it and start a new interval.

        What :meth:`increment` does once the clock reaches :attr:`due_at`.
        """
        self._report(self.value)
        self.value = 0
        self._restart_interval()

    def increment(self, value: int = 1) -> None:
        """Add ``value`` to the count; report it if the interval has elapsed.

        Args:
            value: how much to add.
        """
        self.value += value
        if self.clock() >= self.due_at:
            self.report_due()

    def can_inline_increment(self) -> bool:
        """Whether a loop may do :meth:`increment`'s work itself: its class keeps the stock one."""
        return not overrides(type(self), Counter, "increment")


class Timer(Meter):
    """Measures the seconds its block takes and reports them when the block ends.

    Unless a ``status`` tag was given, the report is tagged ``status: succeeded`` or
    ``status: failed`` depending on whether the block raised.

    Args:
        metric: the metric name.
        tags: tags to report with the duration.
        clock: a function returning seconds from a monotonic clock; a seam for tests.
    """

    metric_type = "timer"
    _default_clock = time.perf_counter

    def __init__(
        self,
        metric: Metric | str,
        tags: Mapping[str, t.Any] | None = None,
        *,
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(metric, tags, clock=clock)
        self.start_time = self.clock()
        self._stop_time: float | None = None

    def __enter__(self) -> t.Self:
        """Start timing.

        Returns:
            The timer.
        """
        self.start_time = self.clock()
        self._stop_time = None
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        """Stop timing and report the duration with its status."""
        self._stop_time = self.clock()
        if Tag.STATUS not in self.tags:
            self.tags[Tag.STATUS] = Status.SUCCEEDED if exc_type is None else Status.FAILED
        self._report(self.elapsed())

    def elapsed(self) -> float:
        """Return the seconds measured so far, or the final duration once the block ended.

        Returns:
            Elapsed seconds.
        """
        end = self._stop_time if self._stop_time is not None else self.clock()
        return end - self.start_time


def record_counter(
    stream: str | None = None,
    endpoint: str | None = None,
    log_interval: float = DEFAULT_LOG_INTERVAL,
    **tags: t.Any,
) -> Counter:
    """Return a counter of the records read from a source (metric ``record_count``).

    Args:
        stream: the stream name, reported in the ``stream`` tag.
        endpoint: the endpoint (e.g. an URL path), reported in the ``endpoint`` tag if given.
        log_interval: seconds between two reports while the counter is incremented.
        **tags: more tags.

    Returns:
        A counter, to be used as a context manager.
    """
    if stream is not None:
        tags[Tag.STREAM] = stream
    if endpoint:
        tags[Tag.ENDPOINT] = endpoint
    return Counter(Metric.RECORD_COUNT, tags, log_interval=log_interval)


def batch_counter(
    stream: str | None = None,
    log_interval: float = DEFAULT_LOG_INTERVAL,
    **tags: t.Any,
) -> Counter:
    """Return a counter of the batches written (metric ``batch_count``).

    Args:
        stream: the stream name, reported in the ``stream`` tag.
        log_interval: seconds between two reports while the counter is incremented.
        **tags: more tags.

    Returns:
        A counter, to be used as a context manager.
    """
    if stream is not None:
        tags[Tag.STREAM] = stream
    return Counter(Metric.BATCH_COUNT, tags, log_interval=log_interval)


def http_request_counter(
    stream: str | None = None,
    endpoint: str | None = None,
    log_interval: float = DEFAULT_LOG_INTERVAL,
    **tags: t.Any,
) -> Counter:
    """Return a counter of HTTP requests sent (metric ``http_request_count``).

    Args:
        stream: the stream name, reported in the ``stream`` tag.
        endpoint: the endpoint (e.g. an URL path), reported in the ``endpoint`` tag.
        log_interval: seconds between two reports while the counter is incremented.
        **tags: more tags.

    Returns:
        A counter, to be used as a context manager.
    """
    if stream is not None:
        tags[Tag.STREAM] = stream
    if endpoint is not None:
        tags[Tag.ENDPOINT] = endpoint
    return Counter(Metric.HTTP_REQUEST_COUNT, tags, log_interval=log_interval)


def sync_timer(stream: str | None = None, **tags: t.Any) -> Timer:
    """Return a timer of a stream's sync (metric ``sync_duration``).

    Args:
        stream: the stream name, reported in the ``stream`` tag.
        **tags: more tags.

    Returns:
        A timer, to be used as a context manager.
    """
    if stream is not None:
        tags[Tag.STREAM] = stream
    return Timer(Metric.SYNC_DURATION, tags)
