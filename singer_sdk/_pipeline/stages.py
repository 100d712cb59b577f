"""How taps, mappers and targets are plugged into channels for one in-process run.

Every seam used here is one the plugins already have:

- a tap or mapper writes through its ``message_writer`` (the constructor argument of the same
  name); for the run it is a :class:`ChannelWriter`, a :class:`MessageWriter` whose
  ``write_dict`` (the writer's fast path, which the tap's sync loop uses) puts the message into
  a channel in its wire form (see :mod:`.wire`) instead of encoding it;
- a mapper or target reads through its ``message_reader``; for the run it is a
  :class:`ChannelReader`, a :class:`MessageReader` whose ``_direct_decoder`` hook (the decoder
  ``process_lines`` uses for every line) takes the message dicts as they come. So dispatch,
  required-key checks, message counting, line numbers in errors and everything ``listen`` does
  around it (draining, salvage on errors, the end of the input) are the plugin's own code;
- a target's state output goes through its ``_write_state_message(state)`` (a hook of the
  reference API); for the run the instance's method is shadowed to capture the state instead of
  printing it. A target class that overrides the hook keeps its override, which is called too.

One seam is missing, and worked around here: the tap's STATE messages go through a
``StateWriter`` the tap built around its writer when it was constructed (``Tap._state_writer``),
so swapping ``message_writer`` alone would send STATE to stdout. :func:`swap_tap_writer` also
swaps that state writer for the run, and puts both back after.

A mapper or target whose reader class parses lines its own way (it overrides
``deserialize_json``, ``_parse_line`` or ``process_lines``) is not given dicts: its channel
carries the encoded lines instead, which its own reader then parses, as from a pipe.
"""

from __future__ import annotations

import collections
import contextlib
import typing as t

from singer_sdk._messages import codec
from singer_sdk._messages.io import (
    REQUIRED_KEYS,
    GenericSingerReader,
    MessageReader,
    MessageWriter,
)
from singer_sdk._overrides import overrides
from singer_sdk._pipeline.wire import to_wire
from singer_sdk._state.writer import StateWriter

if t.TYPE_CHECKING:
    from collections.abc import Iterator

    from singer_sdk._pipeline.channel import Channel

__all__ = [
    "ChannelReader",
    "ChannelWriter",
    "capture_target_state",
    "reads_dicts",
    "swap_reader",
    "swap_tap_writer",
    "swap_writer",
]

_KNOWN_TYPES = frozenset(REQUIRED_KEYS)


class ChannelWriter(MessageWriter):
    """A message writer that puts each message, in its wire form, into a channel.

    Args:
        channel: where messages go.
        as_lines: put encoded lines (bytes, newline included) instead of dicts, for a reader
            that parses lines its own way.
    """

    def __init__(self, channel: Channel, *, as_lines: bool = False) -> None:
        super().__init__(flush_interval=0)
        self._channel = channel
        self._put = channel.put
        self._as_lines = as_lines
        self._retired = False
        #: RECORD messages written by stream, counted when writing lines (a reader of dicts
        #: counts them itself).
        self.record_counts: collections.Counter[str] = collections.Counter()

    def write_dict(self, message: dict[str, t.Any]) -> None:
        """Put ``message`` into the channel as the next stage would read it from a pipe."""
        if self._retired:
            msg = "This plugin's in-process run is over; create a new instance to run it again."
            raise RuntimeError(msg)
        message_type = message["type"]
        if self._as_lines or message_type not in _KNOWN_TYPES:
            # Unknown message types travel as lines, so the reader's own handling applies.
            if message_type == "RECORD":
                self.record_counts[message["stream"]] += 1
            self._put(codec.encode(message) + b"\n")
        else:
            self._put(to_wire(message))
        if message_type == "STATE":
            self._channel.push()

    def flush(self) -> None:
        """Let the next stage see what is in the channel now."""
        self._channel.push()

    def close(self) -> None:
        """Nothing to close: the channel is ended by the runner."""

    def retire(self) -> None:
        """Refuse further messages (the run is over)."""
        self._retired = True


class ChannelReader(MessageReader):
    """A message reader whose "lines" are the message dicts of a channel.

    Lines that are bytes (unknown message types) are parsed as usual. RECORD messages are
    counted by stream in :attr:`record_counts`.
    """

    def __init__(self) -> None:
        super().__init__()
        self.record_counts: collections.Counter[str] = collections.Counter()

    def _direct_decoder(self) -> t.Callable[[t.Any], t.Any] | None:
        counts = self.record_counts
        decode = codec.direct_decoder()

        def take(message: t.Any) -> t.Any:
            if message.__class__ is dict:
                if message["type"] == "RECORD":
                    counts[message["stream"]] += 1
                return message
            return decode(message)

        return take


def reads_dicts(plugin: t.Any) -> bool:
    """Whether ``plugin``'s reader may be given message dicts (it parses lines the usual way)."""
    reader = getattr(plugin, "message_reader", None)
    if not isinstance(reader, MessageReader):
        return False
    cls = type(reader)
    return not (
        overrides(cls, MessageReader, "deserialize_json")
        or overrides(cls, GenericSingerReader, "_parse_line")
        or overrides(cls, GenericSingerReader, "process_lines")
    )


@contextlib.contextmanager
def swap_writer(plugin: t.Any, writer: ChannelWriter) -> Iterator[None]:
    """Make ``writer`` the ``message_writer`` of ``plugin`` (a mapper) for the block."""
    old = plugin.message_writer
    plugin.message_writer = writer
    try:
        yield
    finally:
        plugin.message_writer = old
        writer.retire()


@contextlib.contextmanager
def swap_tap_writer(tap: t.Any, writer: ChannelWriter) -> Iterator[None]:
    """Make ``writer`` the tap's ``message_writer`` and the writer of its STATE messages."""
    old_state_writer = getattr(tap, "_state_writer", None)
    with swap_writer(tap, writer):
        if old_state_writer is not None:
            tap._state_writer = StateWriter(writer)
        try:
            yield
        finally:
            if old_state_writer is not None:
                tap._state_writer = old_state_writer


@contextlib.contextmanager
def swap_reader(plugin: t.Any, reader: GenericSingerReader[t.Any] | None) -> Iterator[None]:
    """Make ``reader`` the ``message_reader`` of ``plugin`` for the block (None: keep its own)."""
    if reader is None:
        yield
        return
    old = plugin.message_reader
    plugin.message_reader = reader
    try:
        yield
    finally:
        plugin.message_reader = old


@contextlib.contextmanager
def capture_target_state(target: t.Any, states: list[dict[str, t.Any]]) -> Iterator[None]:
    """Append each state ``target`` writes to ``states`` instead of printing it.

    A target class that overrides ``_write_state_message`` keeps its override (called after the
    state is captured); the default, which prints to stdout, is skipped.
    """
    from singer_sdk._target import Target

    cls = type(target)
    custom = overrides(cls, Target, "_write_state_message") if isinstance(target, Target) else True

    def write_state(state: dict[str, t.Any]) -> None:
        states.append(to_wire(state))
        if custom:
            cls._write_state_message(target, state)

    had_own = "_write_state_message" in vars(target)
    old = vars(target).get("_write_state_message")
    vars(target)["_write_state_message"] = write_state
    try:
        yield
    finally:
        if had_own:
            vars(target)["_write_state_message"] = old
        else:
            del vars(target)["_write_state_message"]
