"""Formatters: the console line and the structured JSON line, checked against the shipped schema."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import sys
import threading
import typing as t

import pytest

import singer_sdk.logging as sdk_logging
from singer_sdk import metrics
from singer_sdk.logging import DEFAULT_FORMAT, ConsoleFormatter, StructuredFormatter


def _record(
    msg: str = "hello %s",
    args: t.Any = ("world",),
    *,
    name: str = "tap-x.users",
    level: int = logging.INFO,
    exc_info: t.Any = None,
    extra: dict[str, t.Any] | None = None,
) -> logging.LogRecord:
    record = logging.LogRecord(name, level, __file__, 10, msg, args, exc_info)
    record.created = 1700000000.5
    record.msecs = 500.0
    for key, value in (extra or {}).items():
        setattr(record, key, value)
    return record


def _emit(
    formatter: logging.Formatter, log: t.Callable[[logging.Logger], None]
) -> list[dict[str, t.Any]]:
    """Run ``log`` on a fresh logger whose handler uses ``formatter``; return the JSON lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    logger = logging.getLogger("tests.formatters")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        log(logger)
    finally:
        logger.handlers[:] = []
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_public_names() -> None:
    assert sdk_logging.__all__ == ["DEFAULT_FORMAT", "ConsoleFormatter", "StructuredFormatter"]
    assert DEFAULT_FORMAT == "{asctime:23s} | {levelname:8s} | {name:30s} | {message}"


def test_console_line_format() -> None:
    line = ConsoleFormatter().format(_record())
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,500 \| INFO     \| tap-x\.users {19} \| hello world",
        line,
    ), line


def test_console_long_logger_name_is_not_cut() -> None:
    name = "tap-x." + "n" * 40
    line = ConsoleFormatter().format(_record(name=name, level=logging.WARNING))
    assert f" | WARNING  | {name} | hello world" in line


def test_console_formatter_in_logging_config_class_form() -> None:
    # dictConfig passes (fmt, datefmt, style) positionally, style "%" by default
    assert ConsoleFormatter(None, None, "%")._fmt == DEFAULT_FORMAT
    custom = ConsoleFormatter("%(levelname)s:%(message)s", None, "%")
    assert custom.format(_record()) == "INFO:hello world"


def test_console_renders_tracebacks() -> None:
    try:
        raise ValueError("bad")
    except ValueError:
        record = _record(exc_info=sys.exc_info())
    text = ConsoleFormatter().format(record)
    assert text.splitlines()[1] == "Traceback (most recent call last):"
    assert text.endswith("ValueError: bad")


def test_structured_line_fields(log_line_validator: t.Any) -> None:
    record = _record(extra={"stream_name": "users", "rows": 3})
    line = StructuredFormatter().format(record)
    assert "\n" not in line
    data = json.loads(line)
    log_line_validator.validate(data)
    assert data == {
        "level": "info",
        "pid": os.getpid(),
        "logger_name": "tap-x.users",
        "ts": 1700000000.5,
        "thread_name": threading.current_thread().name,
        "app_name": "singer-sdk",
        "stream_name": "users",
        "message": "hello world",
        "extra": {"rows": 3},
    }
    assert list(data) == [
        "level",
        "pid",
        "logger_name",
        "ts",
        "thread_name",
        "app_name",
        "stream_name",
        "message",
        "extra",
    ]


def test_structured_defaults_and_unusual_values(log_line_validator: t.Any) -> None:
    formatter = StructuredFormatter(defaults={"app_name": "tap-x", "env": "prod", "rows": 0})
    record = _record(
        "%d%%",
        ("not a number",),
        level=logging.DEBUG,
        extra={"rows": 5, "odd": {1}, "obj": object, "app_name": "override"},
    )
    data = json.loads(formatter.format(record))
    log_line_validator.validate(data)
    assert data["level"] == "debug"
    assert data["app_name"] == "override"
    assert data["stream_name"] is None
    assert data["message"] == "%d%%"  # arguments did not fit: the raw message is kept
    assert data["extra"] == {"env": "prod", "rows": 5, "odd": [1], "obj": "<class 'object'>"}

    data = json.loads(formatter.format(_record()))
    assert data["app_name"] == "tap-x"
    assert data["extra"] == {"env": "prod", "rows": 0}


def test_structured_metric_line(log_line_validator: t.Any) -> None:
    point = metrics.Point("counter", metrics.Metric.RECORD_COUNT, 4, {"stream": "users"})
    lines = _emit(StructuredFormatter(), lambda logger: metrics.log(logger, point))
    assert len(lines) == 1
    log_line_validator.validate(lines[0])
    assert lines[0]["message"] == "METRIC"
    assert lines[0]["metric_info"] == {
        "type": "counter",
        "metric": "record_count",
        "value": 4,
        "tags": {"stream": "users"},
    }
    assert lines[0]["extra"] == {}


def test_structured_point_in_other_message_is_not_a_metric() -> None:
    point = metrics.Point("counter", metrics.Metric.RECORD_COUNT, 4)
    lines = _emit(StructuredFormatter(), lambda logger: logger.info("saw %s", point))
    assert "metric_info" not in lines[0]
    assert lines[0]["message"].startswith('saw {"type":"counter"')


def test_structured_exception_with_cause_and_notes(log_line_validator: t.Any) -> None:
    def fail() -> None:
        try:
            {}["missing"]
        except KeyError as exc:
            exc.add_note("while looking up a key")
            raise RuntimeError("lookup failed") from exc

    def log(logger: logging.Logger) -> None:
        try:
            fail()
        except RuntimeError:
            logger.exception("sync failed")

    [line] = _emit(StructuredFormatter(), log)
    log_line_validator.validate(line)
    assert line["level"] == "error"
    assert line["message"] == "sync failed"
    exc = line["exception"]
    assert (exc["type"], exc["module"], exc["message"]) == (
        "RuntimeError",
        "builtins",
        "lookup failed",
    )
    assert "notes" not in exc
    assert "context" not in exc
    assert [f["function"] for f in exc["traceback"]] == ["log", "fail"]
    assert exc["traceback"][-1] == {
        "filename": __file__,
        "function": "fail",
        "lineno": exc["traceback"][-1]["lineno"],
        "line": 'raise RuntimeError("lookup failed") from exc',
    }
    cause = exc["cause"]
    assert (cause["type"], cause["message"]) == ("KeyError", "'missing'")
    assert cause["notes"] == ["while looking up a key"]
    assert cause["traceback"][0]["line"] == '{}["missing"]'
    assert "cause" not in cause
    assert "context" not in cause


def test_structured_exception_context_and_suppressed_context(log_line_validator: t.Any) -> None:
    def log(logger: logging.Logger) -> None:
        try:
            try:
                raise ValueError("first")
            except ValueError:
                raise TypeError("second")  # noqa: B904 - the implicit context is the point
        except TypeError:
            logger.exception("implicit")
        try:
            try:
                raise ValueError("hidden")
            except ValueError:
                raise TypeError("clean") from None
        except TypeError:
            logger.error("suppressed", exc_info=True)

    implicit, suppressed = _emit(StructuredFormatter(), log)
    log_line_validator.validate(implicit)
    log_line_validator.validate(suppressed)
    assert implicit["exception"]["context"]["message"] == "first"
    assert "cause" not in implicit["exception"]
    assert "context" not in suppressed["exception"]
    assert "cause" not in suppressed["exception"]


def test_structured_exception_group_and_cycle(log_line_validator: t.Any) -> None:
    first = ValueError("a")
    second = KeyError("b")
    # a cycle in the chain must not recurse forever
    first.__context__ = second
    second.__context__ = first

    def log(logger: logging.Logger) -> None:
        try:
            raise ExceptionGroup("many", [first, OSError("c")])
        except ExceptionGroup:
            logger.exception("group")

    [line] = _emit(StructuredFormatter(), log)
    log_line_validator.validate(line)
    exc = line["exception"]
    assert exc["type"] == "ExceptionGroup"
    assert [e["type"] for e in exc["exceptions"]] == ["ValueError", "OSError"]
    assert exc["exceptions"][0]["context"]["type"] == "KeyError"
    assert "context" not in exc["exceptions"][0]["context"]
    assert exc["exceptions"][1]["traceback"] == []


def test_structured_unprintable_exception_and_stack(log_line_validator: t.Any) -> None:
    class Broken(Exception):
        def __str__(self) -> str:
            raise RuntimeError

    def log(logger: logging.Logger) -> None:
        try:
            raise Broken
        except Broken:
            logger.exception("broken")
        logger.info("where", stack_info=True)

    broken, stacked = _emit(StructuredFormatter(), log)
    log_line_validator.validate(broken)
    log_line_validator.validate(stacked)
    assert broken["exception"]["message"] == "<unprintable Broken object>"
    assert broken["exception"]["module"] == __name__
    assert stacked["stack"].startswith("Stack (most recent call last):")


def test_structured_exception_without_exception() -> None:
    # logger.exception outside an except block: exc_info is (None, None, None)
    [line] = _emit(StructuredFormatter(), lambda logger: logger.exception("no error"))
    assert "exception" not in line


@pytest.mark.parametrize("level", [logging.WARNING, logging.CRITICAL])
def test_structured_levels(level: int, log_line_validator: t.Any) -> None:
    data = json.loads(StructuredFormatter().format(_record(level=level)))
    log_line_validator.validate(data)
    assert data["level"] == logging.getLevelName(level).lower()


def test_schema_rejects_what_the_formatter_never_writes(log_line_validator: t.Any) -> None:
    good = json.loads(StructuredFormatter().format(_record()))
    assert log_line_validator.is_valid(good)
    for broken in (
        {k: v for k, v in good.items() if k != "message"},
        {**good, "surprise": 1},
        {**good, "exception": {"type": "E", "module": "m", "message": "x"}},
        {**good, "metric_info": {"type": "gauge", "metric": "m", "value": 1, "tags": {}}},
    ):
        assert not log_line_validator.is_valid(broken), broken
