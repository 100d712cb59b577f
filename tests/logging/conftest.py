"""Fixtures for the logging and metrics tests: isolation of the global logging state."""

from __future__ import annotations

import json
import logging
import typing as t
from importlib import resources

import pytest

from singer_sdk.metrics import METRICS_LOGGER_NAME

if t.TYPE_CHECKING:
    from collections.abc import Iterator


class ListHandler(logging.Handler):
    """Keeps the records it receives."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    @property
    def messages(self) -> list[str]:
        return [record.getMessage() for record in self.records]


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now
        self.calls = 0

    def __call__(self) -> float:
        self.calls += 1
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """Give each test the loggers back as they were: handlers, levels, disabled flags."""
    manager = logging.Logger.manager
    root = logging.getLogger()

    def snapshot() -> dict[str, tuple[list[logging.Handler], int, bool, bool]]:
        loggers = {
            name: logger
            for name, logger in manager.loggerDict.items()
            if isinstance(logger, logging.Logger)
        }
        loggers[""] = root
        return {
            name: (list(lg.handlers), lg.level, lg.disabled, lg.propagate)
            for name, lg in loggers.items()
        }

    saved = snapshot()
    try:
        yield
    finally:
        logging.captureWarnings(False)
        for name in snapshot():
            logger = root if name == "" else logging.getLogger(name)
            handlers, level, disabled, propagate = saved.get(
                name, ([], logging.NOTSET, False, True)
            )
            for handler in logger.handlers:
                if handler not in handlers:
                    handler.close()
            logger.handlers[:] = handlers
            logger.setLevel(level)
            logger.disabled = disabled
            logger.propagate = propagate


@pytest.fixture
def metric_records() -> Iterator[ListHandler]:
    """Collect the records of the metrics logger, which is set to INFO for the test."""
    logger = logging.getLogger(METRICS_LOGGER_NAME)
    handler = ListHandler()
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


@pytest.fixture
def attach() -> Iterator[t.Callable[[logging.Logger], ListHandler]]:
    """Return a function that gives a logger a fresh ListHandler (and nothing else) at INFO."""
    touched: list[tuple[logging.Logger, list[logging.Handler], int, bool]] = []

    def attach_to(logger: logging.Logger) -> ListHandler:
        touched.append((logger, list(logger.handlers), logger.level, logger.propagate))
        for old in list(logger.handlers):
            logger.removeHandler(old)
        handler = ListHandler()
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
        return handler

    yield attach_to
    for logger, handlers, level, propagate in reversed(touched):
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate = propagate


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def log_line_validator() -> t.Any:
    """A validator for the shipped schema of structured log lines."""
    from jsonschema import Draft202012Validator

    text = resources.files("singer_sdk").joinpath("schemas", "logs.schema.json").read_text()
    schema = json.loads(text)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)
