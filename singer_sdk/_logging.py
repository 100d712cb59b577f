"""Logging setup of a plugin run: where logs go, at which level, in which format.

:func:`setup_logging` is called once by the CLI of a tap, target or mapper. Logs always go to
stderr (or the given stream), never to stdout, which carries the Singer messages.

Environment variables, read at setup:

``<PLUGIN_NAME>_LOGLEVEL`` (e.g. ``TAP_GITHUB_LOGLEVEL``), else ``LOGLEVEL``
    The level of the root logger and of the ``singer_sdk.metrics`` logger: ``DEBUG``, ``INFO``
    (default), ``WARNING``, ``ERROR`` or ``CRITICAL``, in any case, or a number. The
    plugin-specific variable wins over ``LOGLEVEL``. An empty value counts as unset.

``SINGER_SDK_LOG_FORMAT``
    ``console`` (default): ``time | LEVEL | logger | message`` lines
    (:class:`singer_sdk.logging.ConsoleFormatter`). ``json``: one JSON object per line
    (:class:`singer_sdk.logging.StructuredFormatter`, ``app_name`` set to the plugin name),
    following ``singer_sdk/schemas/logs.schema.json``. This variable is specific to this
    implementation of the SDK.

``SINGER_SDK_LOG_CONFIG``
    Path to a logging config file (YAML, or JSON if the name ends in ``.json``) in the
    :func:`logging.config.dictConfig` format. When set, the file alone decides handlers,
    formatters and levels; the two variables above are ignored. ``version: 1`` may be omitted,
    and loggers that already exist stay enabled unless the file sets
    ``disable_existing_loggers: true``.

In every case Python warnings are routed to logging (logger ``py.warnings``) and each distinct
deprecation warning is shown once, unless warning filters were given with ``-W`` or
``PYTHONWARNINGS``.
"""

from __future__ import annotations

import logging
import os
import sys
import typing as t
import warnings
from pathlib import Path

from singer_sdk._log_formatters import ConsoleFormatter, StructuredFormatter
from singer_sdk._metrics import METRICS_LOGGER_NAME
from singer_sdk._redaction import redact

if t.TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["level_env_var", "resolve_log_level", "setup_logging"]

DEFAULT_LOG_LEVEL = logging.INFO
LOG_CONFIG_ENV = "SINGER_SDK_LOG_CONFIG"
LOG_FORMAT_ENV = "SINGER_SDK_LOG_FORMAT"

_LEVELS = {
    "DEBUG": logging.DEBUG,
    "INFO": logging.INFO,
    "WARNING": logging.WARNING,
    "ERROR": logging.ERROR,
    "CRITICAL": logging.CRITICAL,
}
_LEVEL_ALIASES = {"WARN": logging.WARNING, "FATAL": logging.CRITICAL, "NOTSET": logging.NOTSET}
_FORMATS = ("console", "json")


class _ConsoleHandler(logging.StreamHandler[t.TextIO]):
    """The handler installed by :func:`setup_logging`.

    Without a fixed stream it writes to whatever ``sys.stderr`` is at the time of each record,
    so tools that swap ``sys.stderr`` (test runners) still see the logs.
    """

    def __init__(self, stream: t.TextIO | None) -> None:
        super().__init__(stream)
        # StreamHandler.__init__ stored sys.stderr for a None stream; keep it dynamic instead.
        self._fixed_stream = stream

    @property
    def stream(self) -> t.TextIO:
        return self._fixed_stream if self._fixed_stream is not None else sys.stderr

    @stream.setter
    def stream(self, value: t.TextIO | None) -> None:
        self._fixed_stream = value

    def format(self, record: logging.LogRecord) -> str:
        """The formatted line (message, traceback, extras) with every secret setting masked."""
        return redact(super().format(record))


def level_env_var(plugin_name: str) -> str:
    """Return the name of a plugin's log level variable, e.g. ``TAP_GITHUB_LOGLEVEL``.

    Args:
        plugin_name: the plugin's executable name, e.g. ``tap-github``.

    Returns:
        The environment variable name.
    """
    return f"{plugin_name.upper().replace('-', '_')}_LOGLEVEL"


def resolve_log_level(plugin_name: str, environ: Mapping[str, str]) -> int:
    """Return the log level the environment asks for; INFO when nothing is set.

    Args:
        plugin_name: the plugin's executable name.
        environ: the environment to read.

    Returns:
        A numeric logging level.

    Raises:
        ValueError: if the variable that applies holds an unknown level.
    """
    for var in (level_env_var(plugin_name), "LOGLEVEL"):
        raw = environ.get(var, "").strip()
        if raw:
            return _parse_level(raw, var)
    return DEFAULT_LOG_LEVEL


def _parse_level(raw: str, var: str) -> int:
    name = raw.upper()
    level = _LEVELS.get(name, _LEVEL_ALIASES.get(name))
    if level is not None:
        return level
    if raw.isdigit():
        return int(raw)
    msg = (
        f"Invalid log level {raw!r} in environment variable {var}; "
        f"expected one of {', '.join(_LEVELS)} (any case) or a number"
    )
    raise ValueError(msg)


def setup_logging(
    plugin_name: str,
    *,
    environ: Mapping[str, str] | None = None,
    stream: t.TextIO | None = None,
) -> None:
    """Configure logging for a run of ``plugin_name`` from the environment.

    Safe to call again: the handler installed by an earlier call is replaced, not duplicated,
    and handlers installed by others are left alone. See the module docstring for the
    environment variables.

    Args:
        plugin_name: the plugin's executable name, e.g. ``tap-github``.
        environ: the environment to read; ``os.environ`` by default.
        stream: where log lines go; ``sys.stderr`` (looked up at each record) by default.

    Raises:
        ValueError: for an unknown log level or log format, or an unusable logging config.
        FileNotFoundError: if ``SINGER_SDK_LOG_CONFIG`` names a file that does not exist.
    """
    env = os.environ if environ is None else environ
    _capture_warnings()

    config_path = env.get(LOG_CONFIG_ENV, "").strip()
    if config_path:
        _remove_own_handlers(logging.getLogger())
        _apply_config_file(Path(config_path))
        return

    level = resolve_log_level(plugin_name, env)
    formatter = _formatter_from_env(plugin_name, env)

    root = logging.getLogger()
    _remove_own_handlers(root)
    handler = _ConsoleHandler(stream)
    handler.setFormatter(formatter)
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger(METRICS_LOGGER_NAME).setLevel(level)


def _capture_warnings() -> None:
    logging.captureWarnings(True)
    if not sys.warnoptions:
        # Re-adding an identical filter moves it to the front instead of duplicating it.
        warnings.filterwarnings("once", category=DeprecationWarning)


def _remove_own_handlers(logger: logging.Logger) -> None:
    for handler in list(logger.handlers):
        if isinstance(handler, _ConsoleHandler):
            logger.removeHandler(handler)
            handler.close()


def _formatter_from_env(plugin_name: str, environ: Mapping[str, str]) -> logging.Formatter:
    raw = environ.get(LOG_FORMAT_ENV, "").strip()
    name = raw.lower() or "console"
    if name == "json":
        return StructuredFormatter(defaults={"app_name": plugin_name})
    if name == "console":
        return ConsoleFormatter()
    msg = (
        f"Invalid log format {raw!r} in environment variable {LOG_FORMAT_ENV}; "
        f"expected one of {', '.join(_FORMATS)}"
    )
    raise ValueError(msg)


def _apply_config_file(path: Path) -> None:
    import logging.config

    config = _load_config_file(path)
    config.setdefault("version", 1)
    config.setdefault("disable_existing_loggers", False)
    try:
        logging.config.dictConfig(config)
    except (ValueError, TypeError, AttributeError, ImportError) as exc:
        msg = f"Invalid logging config in {path} ({LOG_CONFIG_ENV}): {exc}"
        raise ValueError(msg) from exc


def _load_config_file(path: Path) -> dict[str, t.Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        msg = f"Logging config file not found: {str(path)!r} (from {LOG_CONFIG_ENV})"
        raise FileNotFoundError(msg) from None
    except IsADirectoryError:
        msg = f"Logging config path is a directory, not a file: {str(path)!r} ({LOG_CONFIG_ENV})"
        raise ValueError(msg) from None

    if path.suffix.lower() == ".json":
        import json

        try:
            config = json.loads(text)
        except json.JSONDecodeError as exc:
            msg = f"Logging config file {str(path)!r} ({LOG_CONFIG_ENV}) is not valid JSON: {exc}"
            raise ValueError(msg) from exc
    else:
        import yaml

        try:
            config = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            msg = f"Logging config file {str(path)!r} ({LOG_CONFIG_ENV}) is not valid YAML: {exc}"
            raise ValueError(msg) from exc

    if not isinstance(config, dict):
        msg = (
            f"Logging config file {str(path)!r} ({LOG_CONFIG_ENV}) must hold a mapping "
            f"(the logging.config.dictConfig format), got {type(config).__name__}"
        )
        raise ValueError(msg)
    return config
