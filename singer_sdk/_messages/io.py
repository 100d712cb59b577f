"""Reading and writing Singer messages: the one reader and the one writer.

:class:`MessageWriter` buffers encoded messages and hands them to the output in large chunks. It
flushes when a STATE is written (so a downstream target sees the state right after the records it
covers), when its buffer is full, on a short timer while messages keep trickling in, and at close
or interpreter exit. It never flushes per record.

:class:`MessageReader` reads lines of JSON, checks each has a ``type`` (matched
case-insensitively) and the keys that type requires, and dispatches them to callbacks. A bad line
raises :class:`~singer_sdk.singerlib.exceptions.InvalidInputLine` naming its line number.
"""

from __future__ import annotations

import abc
import atexit
import collections
import logging
import sys
import threading
import typing as t
import weakref

from singer_sdk._messages import codec
from singer_sdk._messages.errors import InvalidInputLine
from singer_sdk._messages.models import Message
from singer_sdk._messages.shapes import describe_bad_fields
from singer_sdk._overrides import overrides
from singer_sdk._signals import leave_signals_to_main_thread

__all__ = [
    "GenericSingerReader",
    "GenericSingerWriter",
    "MessageReader",
    "MessageWriter",
    "SimpleSingerReader",
    "SimpleSingerWriter",
]

logger = logging.getLogger("singer_sdk.io")

_RT = t.TypeVar("_RT")
_WT = t.TypeVar("_WT")
M = t.TypeVar("M", bound=Message)

#: Keys each message type must carry, besides ``type``.
REQUIRED_KEYS: dict[str, frozenset[str]] = {
    "RECORD": frozenset({"stream", "record"}),
    "SCHEMA": frozenset({"stream", "schema"}),
    "STATE": frozenset({"value"}),
    "ACTIVATE_VERSION": frozenset({"stream", "version"}),
    "BATCH": frozenset({"stream", "encoding", "manifest"}),
}
_EXCERPT = 200


def _excerpt(line: object) -> str:
    text = line.decode("utf-8", "replace") if isinstance(line, bytes | bytearray) else str(line)
    text = text.rstrip("\r\n")
    return text if len(text) <= _EXCERPT else text[:_EXCERPT] + "..."


def _note_line(exc: BaseException, line_number: int, message: dict[str, t.Any]) -> None:
    """Add the input line (and stream) to an error that does not name its line already."""
    if f"line {line_number}" in str(exc).lower():
        return
    stream = message.get("stream")
    of_stream = f" of stream '{stream}'" if isinstance(stream, str) else ""
    exc.add_note(f"While handling input line {line_number} ({message.get('type')}{of_stream})")


class GenericSingerReader(abc.ABC, t.Generic[_RT]):
    """Base class of Singer message readers: turn lines into dicts and dispatch them by type."""

    def __init__(self) -> None:
        self._current_message: _RT | None = None
        self._line_number = 0

    @property
    def default_input(self) -> t.IO[t.Any]:
        """The input read when ``process_lines`` gets none: standard input."""
        return sys.stdin.buffer

    @staticmethod
    def assert_line_requires(line_dict: dict[str, t.Any], requires: set[str]) -> None:
        """Raise :class:`InvalidInputLine` if ``line_dict`` lacks any of ``requires``."""
        missing = requires.difference(line_dict)
        if missing:
            keys = ", ".join(repr(key) for key in sorted(missing))
            msg = f"Line is missing required key(s) {keys}: {_excerpt(repr(line_dict))}"
            raise InvalidInputLine(msg)

    @abc.abstractmethod
    def deserialize_json(self, line: _RT) -> dict[str, t.Any]:
        """Return the message dict encoded in ``line``."""

    def process_lines(
        self,
        file_input: t.IO[t.Any] | None,
        callbacks: t.Mapping[str, t.Callable[[dict[str, t.Any]], None]],
    ) -> collections.Counter[str]:
        """Read every line of ``file_input`` and pass each message dict to its type's callback.

        Blank lines are skipped. The ``type`` is upper-cased before dispatch, so callbacks are keyed
        by ``"RECORD"``, ``"SCHEMA"``, ``"STATE"``, ``"ACTIVATE_VERSION"`` and ``"BATCH"``.

        Returns:
            How many messages of each type were read.

        Raises:
            InvalidInputLine: a line is not JSON, not an object, has no ``type``, or lacks a key
                its type requires. The message names the line number and shows the line.
        """
        counts: collections.Counter[str] = collections.Counter()
        source = self.default_input if file_input is None else file_input
        # Per message type: the keys it requires and its callback (None: unknown type).
        table = {
            name: (tuple(sorted(REQUIRED_KEYS.get(name, ()))), callbacks.get(name))
            for name in {*REQUIRED_KEYS, *callbacks}
        }
        unknown: tuple[tuple[str, ...], None] = ((), None)
        # Lines are decoded here directly when the reader keeps the codec's parsing; anything
        # unusual (a blank line, bad JSON, a type not known in upper case) goes through
        # _parse_line, which skips, normalises or raises the specific error.
        decode = self._direct_decoder()
        line_number = 0
        for line in source:
            line_number += 1
            self._current_message = line
            self._line_number = line_number
            message: t.Any = None
            message_type: t.Any = None
            entry = None
            if decode is not None:
                try:  # noqa: SIM105 - contextlib.suppress costs a context manager per line
                    message = decode(line)
                except Exception:  # _parse_line parses it again and raises the specific error
                    pass
                if message.__class__ is dict:
                    message_type = message.get("type")
                    if message_type.__class__ is str:
                        entry = table.get(message_type)
            if entry is None:
                if not line.strip():
                    continue
                message = self._parse_line(line, line_number)
                message_type = message["type"]
                entry = table.get(message_type, unknown)
            keys, callback = entry
            for key in keys:
                if key not in message:
                    missing = ", ".join(repr(name) for name in keys if name not in message)
                    msg = (
                        f"Line {line_number}: {message_type} message is missing required key(s) "
                        f"{missing}: {_excerpt(line)}"
                    )
                    raise InvalidInputLine(msg)
            if callback is None:
                self._process_unknown_message(message)
            else:
                try:
                    callback(message)
                except InvalidInputLine:
                    raise
                except Exception as exc:  # the error path only: costs nothing per line
                    problem = describe_bad_fields(message, exc)
                    if problem is None:
                        _note_line(exc, line_number, message)
                        raise
                    msg = f"Line {line_number}: {problem}: {_excerpt(line)}"
                    raise InvalidInputLine(msg) from exc
            counts[message_type] += 1
        return counts

    def _direct_decoder(self) -> t.Callable[[t.Any], t.Any] | None:
        """The function :meth:`process_lines` may decode lines with, skipping the hooks.

        None (the default) means every line goes through :meth:`_parse_line` and
        :meth:`deserialize_json`.
        """
        return None

    def _parse_line(self, line: _RT, line_number: int) -> dict[str, t.Any]:
        try:
            message: t.Any = self.deserialize_json(line)
        except codec.UnrepresentableInput as exc:
            msg = f"Line {line_number} cannot be read: {exc}: {_excerpt(line)}"
            raise InvalidInputLine(msg) from exc
        except RecursionError as exc:
            msg = f"Line {line_number} is JSON nested too deeply to parse: {_excerpt(line)}"
            raise InvalidInputLine(msg) from exc
        except (codec.JSONDecodeError, ValueError, UnicodeDecodeError) as exc:
            msg = f"Line {line_number} is not valid JSON ({exc}): {_excerpt(line)}"
            raise InvalidInputLine(msg) from exc
        if not isinstance(message, dict):
            msg = (
                f"Line {line_number} is not a JSON object but {type(message).__name__}: "
                f"{_excerpt(line)}"
            )
            raise InvalidInputLine(msg)
        message_type = message.get("type")
        if not isinstance(message_type, str):
            msg = f"Line {line_number} has no message 'type': {_excerpt(line)}"
            raise InvalidInputLine(msg)
        if not message_type.isupper():
            message["type"] = message_type.upper()
        return message

    def _process_unknown_message(self, message_dict: dict[str, t.Any]) -> None:
        """Handle a message whose type has no callback: logged at WARNING and skipped.

        The reference raises ``ValueError``; skipping keeps readers forward compatible with
        message types they do not know. Override to be strict.
        """
        logger.warning(
            "Skipping message of unknown type %r (line %d)",
            message_dict.get("type"),
            self._line_number,
        )


class MessageReader(GenericSingerReader[bytes | str]):
    """The Singer message reader: reads bytes or text lines and parses them with the codec.

    Numbers with a fraction or exponent are parsed as :class:`~decimal.Decimal`.
    """

    def deserialize_json(self, line: bytes | str) -> dict[str, t.Any]:
        """Return the message dict encoded in ``line``."""
        return codec.decode(line)  # type: ignore[no-any-return]

    def _direct_decoder(self) -> t.Callable[[t.Any], t.Any] | None:
        # The codec's decoder itself, unless a subclass parses lines its own way.
        cls = type(self)
        if not overrides(cls, MessageReader, "deserialize_json") and not overrides(
            cls, GenericSingerReader, "_parse_line"
        ):
            return codec.direct_decoder()
        return None


class GenericSingerWriter(abc.ABC, t.Generic[_WT, M]):
    """Base class of Singer message writers."""

    def format_message(self, message: M) -> _WT:
        """Return ``message`` encoded for the output (see :meth:`serialize_message`)."""
        return self.serialize_message(message)

    @abc.abstractmethod
    def serialize_message(self, message: M) -> _WT:
        """Return ``message`` encoded as one line of the output (without the newline)."""

    @abc.abstractmethod
    def write_message(self, message: M) -> None:
        """Write ``message`` to the output."""


class MessageWriter(GenericSingerWriter[str, Message]):
    """The Singer message writer: buffered, flushed on STATE, on a timer and at close.

    Args:
        stream: a binary file to write to; standard output (looked up when first written) if None.
        flush_interval: seconds after which buffered messages are flushed even if no STATE comes.
        buffer_size: bytes buffered before they are handed to ``stream``.
    """

    def __init__(
        self,
        stream: t.BinaryIO | None = None,
        *,
        flush_interval: float = 1.0,
        buffer_size: int = 1 << 16,
    ) -> None:
        self._stream = stream
        self._buffer = bytearray()
        self._buffer_size = buffer_size
        self._flush_interval = flush_interval
        # Guards the buffer against the flush timer thread.
        self._lock = threading.Lock()
        self._dirty = False
        self._closed = False
        self._timer: threading.Thread | None = None
        self._stop = threading.Event()
        self.messages_written = 0
        _live_writers.add(self)

    # -- the compatible interface --------------------------------------------------------------

    def serialize_message(self, message: Message) -> str:
        """Return ``message`` as one line of compact JSON (without the newline)."""
        return codec.encode_str(message.to_dict())

    def write_message(self, message: Message) -> None:
        """Buffer ``message``; flush right away if it is a STATE."""
        self.write_dict(message.to_dict())

    # -- the fast path ---------------------------------------------------------------------------

    def write_dict(self, message: dict[str, t.Any]) -> None:
        """Buffer a message given as its wire dict (``type`` first); flush if it is a STATE."""
        with self._lock:
            codec.encode_into(message, self._buffer)  # leaves no half line if interrupted
            self.messages_written += 1
            if message["type"] == "STATE":
                self._drain(flush=True)
            elif len(self._buffer) >= self._buffer_size:
                self._drain(flush=False)
        if self._timer is None and self._flush_interval > 0:
            self._start_timer()

    def flush(self) -> None:
        """Write out everything buffered and flush the output."""
        with self._lock:
            self._drain(flush=True)

    def close(self) -> None:
        """Flush and stop the flush timer; the output itself stays open."""
        self._stop.set()
        self.flush()
        self._closed = True

    # -- internals ---------------------------------------------------------------------------------

    def _output(self) -> t.BinaryIO:
        if self._stream is not None:
            return self._stream
        stdout = sys.stdout
        buffer = getattr(stdout, "buffer", None)
        if buffer is None:  # a text-only replacement such as io.StringIO
            return _TextAdapter(stdout)  # type: ignore[return-value]
        stdout.flush()  # anything printed as text goes first
        return t.cast(t.BinaryIO, buffer)

    def _drain(self, *, flush: bool) -> None:
        """Hand the buffer to the output (and flush it if asked); the caller holds the lock."""
        output = None
        if self._buffer:
            output = self._output()
            output.write(self._buffer)
            self._buffer.clear()
            self._dirty = True  # written but maybe not flushed
        if flush and self._dirty:
            (output or self._output()).flush()
            self._dirty = False

    def _start_timer(self) -> None:
        with self._lock:
            if self._timer is not None or self._closed:
                return
            self._timer = threading.Thread(
                target=self._flush_periodically,
                args=(weakref.ref(self), self._stop, self._flush_interval),
                name="singer-writer-flush",
                daemon=True,
            )
            self._timer.start()

    @staticmethod
    def _flush_periodically(
        ref: weakref.ref[MessageWriter], stop: threading.Event, interval: float
    ) -> None:
        leave_signals_to_main_thread()
        while not stop.wait(interval):
            writer = ref()
            if writer is None:
                return
            with writer._lock:
                writer._drain(flush=True)
            del writer


class _TextAdapter:
    """Lets the writer write bytes to a text stream such as ``io.StringIO``."""

    def __init__(self, text: t.TextIO) -> None:
        self._text = text

    def write(self, data: bytes | bytearray) -> int:
        return self._text.write(bytes(data).decode())

    def flush(self) -> None:
        self._text.flush()


_live_writers: weakref.WeakSet[MessageWriter] = weakref.WeakSet()


@atexit.register
def _flush_live_writers() -> None:
    for writer in list(_live_writers):
        try:
            writer.flush()
        except Exception:
            logger.debug("Could not flush a message writer at exit", exc_info=True)


#: Compatible names: the reference's default reader and writer are these.
SimpleSingerReader = MessageReader
SimpleSingerWriter = MessageWriter
