"""Singer metrics: counters and timers that report as log lines.

A metric is reported as an ordinary log record on the ``singer_sdk.metrics`` logger, at level
INFO, whose message is ``METRIC:`` and a space followed by a compact JSON object::

    METRIC: {"type":"counter","metric":"record_count","value":3,"tags":{"stream":"users","pid":17}}

Typical use::

    with record_counter("users", endpoint="/users") as counter:
        counter.context = context
        for record in records:
            counter.increment()

The code lives in :mod:`singer_sdk._metrics`; the private names that code outside the package
imported from here (``_METRIC_MESSAGE``, ``_point_of``, ``_to_compact_json``) still can be.
"""

from __future__ import annotations

from singer_sdk._metrics import _METRIC_MESSAGE as _METRIC_MESSAGE
from singer_sdk._metrics import (
    DEFAULT_LOG_INTERVAL,
    METRICS_LOGGER_NAME,
    Counter,
    Meter,
    Metric,
    MetricExclusionFilter,
    Point,
    Status,
    Tag,
    Timer,
    batch_counter,
    get_metrics_logger,
    http_request_counter,
    log,
    record_counter,
    sync_timer,
)
from singer_sdk._metrics import _point_of as _point_of
from singer_sdk._metrics import _to_compact_json as _to_compact_json

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

# Reprs, tracebacks and API docs show the public path.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type) and _obj.__module__ == "singer_sdk._metrics":
        _obj.__module__ = __name__
del _name, _obj
