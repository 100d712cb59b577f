"""setup_logging: levels from the environment, formats, logging config files, warnings, stdout."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re
import subprocess
import sys
import textwrap
import typing as t
import warnings
from pathlib import Path

import pytest

from singer_sdk._logging import level_env_var, resolve_log_level, setup_logging
from singer_sdk.metrics import METRICS_LOGGER_NAME

if t.TYPE_CHECKING:
    from tests.logging.conftest import ListHandler

REPO_ROOT = Path(__file__).resolve().parents[2]
LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \| (\w+) +\| (\S+) +\| (.*)$")


def _own_handlers() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if type(h).__name__ == "_ConsoleHandler"]


def test_level_env_var_name() -> None:
    assert level_env_var("tap-my-api") == "TAP_MY_API_LOGLEVEL"
    assert level_env_var("target_x") == "TARGET_X_LOGLEVEL"


@pytest.mark.parametrize(
    ("environ", "level"),
    [
        ({}, logging.INFO),
        ({"LOGLEVEL": "debug"}, logging.DEBUG),
        ({"TAP_X_LOGLEVEL": "Warning"}, logging.WARNING),
        ({"TAP_X_LOGLEVEL": "error", "LOGLEVEL": "debug"}, logging.ERROR),
        ({"TAP_X_LOGLEVEL": "", "LOGLEVEL": "critical"}, logging.CRITICAL),
        ({"TAP_X_LOGLEVEL": "  ", "LOGLEVEL": ""}, logging.INFO),
        ({"LOGLEVEL": "warn"}, logging.WARNING),
        ({"LOGLEVEL": "15"}, 15),
        ({"OTHER_LOGLEVEL": "debug"}, logging.INFO),
    ],
)
def test_level_from_environment(environ: dict[str, str], level: int) -> None:
    assert resolve_log_level("tap-x", environ) == level
    setup_logging("tap-x", environ=environ, stream=io.StringIO())
    assert logging.getLogger().level == level
    assert logging.getLogger(METRICS_LOGGER_NAME).level == level


@pytest.mark.parametrize(
    ("environ", "variable", "value"),
    [
        ({"LOGLEVEL": "verbose"}, "LOGLEVEL", "verbose"),
        ({"TAP_X_LOGLEVEL": "loud", "LOGLEVEL": "debug"}, "TAP_X_LOGLEVEL", "loud"),
        ({"LOGLEVEL": "-1"}, "LOGLEVEL", "-1"),
    ],
)
def test_invalid_level(environ: dict[str, str], variable: str, value: str) -> None:
    expected = (
        f"Invalid log level '{value}' in environment variable {variable}; "
        "expected one of DEBUG, INFO, WARNING, ERROR, CRITICAL (any case) or a number"
    )
    with pytest.raises(ValueError) as excinfo:
        setup_logging("tap-x", environ=environ, stream=io.StringIO())
    assert str(excinfo.value) == expected
    assert _own_handlers() == []


def test_invalid_format() -> None:
    with pytest.raises(ValueError) as excinfo:
        setup_logging("tap-x", environ={"SINGER_SDK_LOG_FORMAT": "xml"}, stream=io.StringIO())
    assert str(excinfo.value) == (
        "Invalid log format 'xml' in environment variable SINGER_SDK_LOG_FORMAT; "
        "expected one of console, json"
    )


def test_console_output_and_levels() -> None:
    stream = io.StringIO()
    setup_logging("tap-x", environ={"TAP_X_LOGLEVEL": "WARNING"}, stream=stream)
    logger = logging.getLogger("tap-x.users")
    logger.info("hidden")
    logger.warning("shown %d", 1)
    logging.getLogger(METRICS_LOGGER_NAME).info("METRIC: hidden too")

    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    match = LINE.match(lines[0])
    assert match is not None, lines
    assert match.groups() == ("WARNING", "tap-x.users", "shown 1")
    assert lines[0].index(" | tap-x.users") == 23 + 3 + 8


def test_setup_is_idempotent_and_keeps_foreign_handlers() -> None:
    foreign = logging.NullHandler()
    logging.getLogger().addHandler(foreign)
    first, second = io.StringIO(), io.StringIO()
    setup_logging("tap-x", environ={}, stream=first)
    setup_logging("tap-x", environ={"LOGLEVEL": "DEBUG"}, stream=second)

    assert len(_own_handlers()) == 1
    assert foreign in logging.getLogger().handlers
    logging.getLogger("tap-x").debug("once")
    assert first.getvalue() == ""
    assert second.getvalue().count("once") == 1


def test_default_stream_is_current_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    setup_logging("tap-x", environ={})
    logging.getLogger("tap-x").info("to stderr")
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.endswith("| to stderr\n")

    # sys.stderr replaced after setup (as test runners do): the logs follow it
    swapped = io.StringIO()
    with contextlib.redirect_stderr(swapped):
        logging.getLogger("tap-x").info("to the new stderr")
    assert swapped.getvalue().endswith("| to the new stderr\n")
    assert capsys.readouterr().err == ""


def test_json_format_from_environment(log_line_validator: t.Any) -> None:
    stream = io.StringIO()
    setup_logging("tap-x", environ={"SINGER_SDK_LOG_FORMAT": "JSON"}, stream=stream)
    logging.getLogger("tap-x.users").info("hi", extra={"stream_name": "users"})
    [line] = stream.getvalue().splitlines()
    data = json.loads(line)
    log_line_validator.validate(data)
    assert (data["app_name"], data["stream_name"], data["message"]) == ("tap-x", "users", "hi")


def test_warnings_are_logged_and_deprecations_shown_once() -> None:
    stream = io.StringIO()
    setup_logging("tap-x", environ={}, stream=stream)
    for _ in range(3):
        warnings.warn("old thing", DeprecationWarning, stacklevel=1)
    warnings.warn("something odd", UserWarning, stacklevel=1)

    text = stream.getvalue()
    assert text.count("DeprecationWarning: old thing") == 1
    assert "UserWarning: something odd" in text
    assert " | WARNING  | py.warnings " in text


def test_log_config_yaml_file(tmp_path: Path) -> None:
    log_file = tmp_path / "out.log"
    config = tmp_path / "logging.yaml"
    config.write_text(
        textwrap.dedent(
            f"""\
            formatters:
              structured:
                (): singer_sdk.logging.StructuredFormatter
                defaults:
                  app_name: my-app
            filters:
              no_timers:
                (): singer_sdk.metrics.MetricExclusionFilter
                types: [timer]
            handlers:
              file:
                class: logging.FileHandler
                filename: {log_file}
                formatter: structured
                filters: [no_timers]
            root:
              level: DEBUG
              handlers: [file]
            """
        )
    )
    existing = logging.getLogger("tests.setup.existing")
    stream = io.StringIO()
    setup_logging("tap-x", environ={}, stream=stream)  # the config must replace this one
    setup_logging(
        "tap-x",
        environ={"SINGER_SDK_LOG_CONFIG": str(config), "LOGLEVEL": "ERROR"},
        stream=stream,
    )
    from singer_sdk import metrics

    existing.debug("still enabled")
    with metrics.record_counter("users") as counter:
        counter.increment()
    with metrics.sync_timer("users"):
        pass
    for handler in logging.getLogger().handlers:
        handler.flush()

    lines = [json.loads(line) for line in log_file.read_text().splitlines()]
    assert [(d["logger_name"], d["message"], d["app_name"]) for d in lines] == [
        ("tests.setup.existing", "still enabled", "my-app"),
        ("singer_sdk.metrics", "METRIC", "my-app"),
    ]
    assert lines[1]["metric_info"]["metric"] == "record_count"
    assert stream.getvalue() == ""
    assert _own_handlers() == []


def test_log_config_json_file_with_console_formatter_class(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "logging.json"
    config.write_text(
        json.dumps(
            {
                "version": 1,
                "formatters": {"console": {"class": "singer_sdk.logging.ConsoleFormatter"}},
                "handlers": {
                    "err": {
                        "class": "logging.StreamHandler",
                        "formatter": "console",
                        "stream": "ext://sys.stderr",
                    }
                },
                "loggers": {"tap-x": {"level": "WARNING", "handlers": ["err"]}},
            }
        )
    )
    setup_logging("tap-x", environ={"SINGER_SDK_LOG_CONFIG": str(config)})
    logging.getLogger("tap-x").info("below level")
    logging.getLogger("tap-x").warning("configured")
    err = capsys.readouterr().err
    assert "below level" not in err
    assert LINE.match(err.splitlines()[-1]) is not None
    assert err.splitlines()[-1].endswith("| configured")


def test_log_config_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(FileNotFoundError) as excinfo:
        setup_logging("tap-x", environ={"SINGER_SDK_LOG_CONFIG": str(missing)})
    assert str(excinfo.value) == (
        f"Logging config file not found: '{missing}' (from SINGER_SDK_LOG_CONFIG)"
    )


def test_log_config_is_a_directory(tmp_path: Path) -> None:
    with pytest.raises(ValueError) as excinfo:
        setup_logging("tap-x", environ={"SINGER_SDK_LOG_CONFIG": str(tmp_path)})
    assert str(excinfo.value) == (
        f"Logging config path is a directory, not a file: '{tmp_path}' (SINGER_SDK_LOG_CONFIG)"
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.yaml", "root: [unclosed", "is not valid YAML: "),
        ("bad.json", "{", "is not valid JSON: Expecting property name"),
        ("list.yaml", "- 1\n- 2\n", "must hold a mapping (the logging.config.dictConfig format), "),
        ("empty.yml", "", "must hold a mapping (the logging.config.dictConfig format), "),
    ],
)
def test_log_config_unreadable(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(ValueError) as excinfo:
        setup_logging("tap-x", environ={"SINGER_SDK_LOG_CONFIG": str(path)})
    text = str(excinfo.value)
    assert text.startswith(f"Logging config file '{path}' (SINGER_SDK_LOG_CONFIG) {message}")


def test_log_config_rejected_by_dictconfig(tmp_path: Path) -> None:
    path = tmp_path / "logging.yaml"
    path.write_text("handlers:\n  h:\n    class: no.such.Handler\n")
    with pytest.raises(ValueError) as excinfo:
        setup_logging("tap-x", environ={"SINGER_SDK_LOG_CONFIG": str(path)})
    assert str(excinfo.value).startswith(
        f"Invalid logging config in {path} (SINGER_SDK_LOG_CONFIG): Unable to configure handler 'h'"
    )


_CHILD = """
import logging, warnings
from singer_sdk import metrics
from singer_sdk._logging import setup_logging

setup_logging("tap-child")
log = logging.getLogger("tap-child.stream")
log.debug("debug line")
log.info("info line")
log.warning("warning line")
warnings.warn("deprecated!", DeprecationWarning)
with metrics.record_counter("stream") as counter:
    counter.increment()
with metrics.sync_timer("stream"):
    pass
try:
    raise ValueError("boom")
except ValueError:
    log.exception("failed")
"""


@pytest.mark.parametrize("log_format", ["console", "json"])
def test_stdout_stays_empty(log_format: str, log_line_validator: t.Any) -> None:
    env = {
        "PYTHONPATH": str(REPO_ROOT),
        "TAP_CHILD_LOGLEVEL": "DEBUG",
        "SINGER_SDK_LOG_FORMAT": log_format,
    }
    result = subprocess.run(
        [sys.executable, "-c", _CHILD], capture_output=True, env=env, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == b""
    err = result.stderr.decode()
    for text in ("debug line", "info line", "warning line", "deprecated!", "failed", "boom"):
        assert text in err, (text, err)
    if log_format == "json":
        lines = [json.loads(line) for line in err.splitlines()]
        for line in lines:
            log_line_validator.validate(line)
        assert [m["metric_info"]["metric"] for m in lines if m["message"] == "METRIC"] == [
            "record_count",
            "sync_duration",
        ]
    else:
        assert err.count("| METRIC: {") == 2


def test_metric_records_reach_the_handler(metric_records: ListHandler) -> None:
    stream = io.StringIO()
    setup_logging("tap-x", environ={}, stream=stream)
    from singer_sdk import metrics

    with metrics.record_counter("users"):
        pass
    assert len(metric_records.records) == 1
    assert '| METRIC: {"type":"counter","metric":"record_count","value":0' in stream.getvalue()
