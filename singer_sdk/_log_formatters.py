"""Log formatters for Singer plugins: a console line format and one JSON object per log.

Both formatters can be named in a logging config (``SINGER_SDK_LOG_CONFIG``), either with
``class:`` or with the ``():`` factory key::

    formatters:
      structured:
        (): singer_sdk.logging.StructuredFormatter
        defaults:
          app_name: tap-github

The JSON lines of :class:`StructuredFormatter` follow the JSON Schema shipped as
``singer_sdk/schemas/logs.schema.json``. Public at ``singer_sdk.logging``, which re-exports these.
"""

from __future__ import annotations

import linecache
import logging
import typing as t

from singer_sdk._metrics import _METRIC_MESSAGE, _point_of, _to_compact_json

if t.TYPE_CHECKING:
    from collections.abc import Mapping
    from types import TracebackType

__all__ = ["DEFAULT_FORMAT", "ConsoleFormatter", "StructuredFormatter"]

#: The console line format: time, level, logger name, message, in fixed-width columns.
DEFAULT_FORMAT = "{asctime:23s} | {levelname:8s} | {name:30s} | {message}"

_DEFAULT_APP_NAME = "singer-sdk"

_FormatStyle: t.TypeAlias = t.Literal["%", "{", "$"]

#: Attributes every LogRecord has; anything else on a record came from ``extra=``.
_RECORD_ATTRIBUTES = frozenset(
    {
        *logging.LogRecord("", logging.INFO, "", 0, "", None, None).__dict__,
        "message",
        "asctime",
        "taskName",
        "app_name",
        "stream_name",
    }
)


class ConsoleFormatter(logging.Formatter):
    """Formats records as ``time | LEVEL | logger | message`` lines (:data:`DEFAULT_FORMAT`).

    Without ``fmt`` the default format is used with ``{``-style fields, whatever ``style`` says,
    so ``class: singer_sdk.logging.ConsoleFormatter`` works in a logging config as is.

    Args:
        fmt: a format string replacing :data:`DEFAULT_FORMAT`.
        datefmt: a ``time.strftime`` format for ``asctime``.
        style: the style of ``fmt``: ``"{"``, ``"%"`` or ``"$"``.
        validate: check that ``fmt`` matches ``style``.
        defaults: values for custom fields of ``fmt``.
    """

    def __init__(
        self,
        fmt: str | None = None,
        datefmt: str | None = None,
        style: _FormatStyle = "{",
        validate: bool = True,
        *,
        defaults: Mapping[str, t.Any] | None = None,
    ) -> None:
        if fmt is None:
            fmt, style = DEFAULT_FORMAT, "{"
        super().__init__(fmt, datefmt, style, validate, defaults=defaults)


class StructuredFormatter(logging.Formatter):
    """Formats each record as one compact JSON object.

    The object holds ``level`` (lower case), ``pid``, ``logger_name``, ``ts`` (seconds since
    the epoch), ``thread_name``, ``app_name`` (``"singer-sdk"`` unless a record or ``defaults``
    says otherwise), ``stream_name`` (null unless given), ``message``, then:

    - ``metric_info`` for metric records, whose message is then just ``"METRIC"``;
    - ``exception`` when the record carries one: ``type``, ``module``, ``message``,
      ``traceback`` (frames with ``filename``, ``function``, ``lineno``, ``line``), ``notes``
      when any were added, ``exceptions`` for exception groups, and the chained exception as
      ``cause`` (``raise ... from``) or ``context`` (raised while handling), same shape;
    - ``stack`` when the record was logged with ``stack_info=True``;
    - ``extra``: the fields given with ``extra=`` and the other ``defaults``.

    Values JSON cannot represent are written as their ``str()``.

    Args:
        fmt: accepted for logging-config compatibility; unused.
        datefmt: accepted for logging-config compatibility; unused.
        style: accepted for logging-config compatibility; unused.
        validate: accepted for logging-config compatibility; unused.
        defaults: fields added to every record unless the record has them (``app_name``,
            ``stream_name`` or anything for ``extra``).
    """

    def __init__(
        self,
        fmt: str | None = None,
        datefmt: str | None = None,
        style: _FormatStyle = "%",
        validate: bool = True,
        *,
        defaults: Mapping[str, t.Any] | None = None,
    ) -> None:
        super().__init__(fmt, datefmt, style, validate)
        self._field_defaults: dict[str, t.Any] = dict(defaults or {})

    def format(self, record: logging.LogRecord) -> str:
        """Return ``record`` as one line of JSON.

        Args:
            record: the log record.

        Returns:
            A compact JSON object, without a trailing newline.
        """
        fields = record.__dict__
        defaults = self._field_defaults
        data: dict[str, t.Any] = {
            "level": record.levelname.lower(),
            "pid": record.process,
            "logger_name": record.name,
            "ts": record.created,
            "thread_name": record.threadName,
            "app_name": fields.get("app_name", defaults.get("app_name", _DEFAULT_APP_NAME)),
            "stream_name": fields.get("stream_name", defaults.get("stream_name")),
        }

        point = _point_of(record) if record.msg == _METRIC_MESSAGE else None
        if point is not None:
            data["message"] = "METRIC"
            data["metric_info"] = point.to_dict()
        else:
            data["message"] = _message_of(record)

        exc_info = record.exc_info
        if exc_info and exc_info[1] is not None:
            data["exception"] = _exception_data(exc_info[1], exc_info[2], set())
        if record.stack_info:
            data["stack"] = record.stack_info

        extra = {
            key: value
            for key, value in defaults.items()
            if key not in _RECORD_ATTRIBUTES and key not in fields
        }
        extra.update((key, value) for key, value in fields.items() if key not in _RECORD_ATTRIBUTES)
        data["extra"] = extra
        return _to_compact_json(data)


def _message_of(record: logging.LogRecord) -> str:
    """Return the record's formatted message, or its raw message if the arguments don't fit."""
    try:
        return record.getMessage()
    except (TypeError, ValueError, KeyError):
        return _safe_str(record.msg)


def _safe_str(value: object) -> str:
    """Return ``str(value)``, or a placeholder if ``__str__`` itself fails."""
    try:
        return str(value)
    except Exception:  # a broken __str__ must not lose the log line
        return f"<unprintable {type(value).__name__} object>"


def _frames(tb: TracebackType | None) -> list[dict[str, t.Any]]:
    """Return the frames of a traceback, outermost first."""
    frames: list[dict[str, t.Any]] = []
    while tb is not None:
        code = tb.tb_frame.f_code
        frames.append(
            {
                "filename": code.co_filename,
                "function": code.co_name,
                "lineno": tb.tb_lineno,
                "line": linecache.getline(
                    code.co_filename, tb.tb_lineno, tb.tb_frame.f_globals
                ).strip(),
            }
        )
        tb = tb.tb_next
    return frames


def _exception_data(
    exc: BaseException, tb: TracebackType | None, seen: set[int]
) -> dict[str, t.Any]:
    """Describe ``exc`` and the exceptions chained to it; ``seen`` guards against cycles."""
    seen.add(id(exc))
    exc_type = type(exc)
    data: dict[str, t.Any] = {
        "type": exc_type.__name__,
        "module": exc_type.__module__,
        "message": _safe_str(exc),
        "traceback": _frames(tb),
    }
    notes = getattr(exc, "__notes__", None)
    if isinstance(notes, list | tuple) and notes:
        data["notes"] = [_safe_str(note) for note in notes]
    if isinstance(exc, BaseExceptionGroup):
        data["exceptions"] = [
            _exception_data(inner, inner.__traceback__, seen)
            for inner in exc.exceptions
            if id(inner) not in seen
        ]
    cause, context = exc.__cause__, exc.__context__
    if cause is not None:
        if id(cause) not in seen:
            data["cause"] = _exception_data(cause, cause.__traceback__, seen)
    elif context is not None and not exc.__suppress_context__ and id(context) not in seen:
        data["context"] = _exception_data(context, context.__traceback__, seen)
    return data
