"""The bases of plugins that read or write Singer messages: targets, mappers and taps.

``BaseSingerReader`` dispatches each input message to a ``_process_*_message`` hook;
``BaseSingerWriter`` writes messages through a swappable message writer.
"""

from __future__ import annotations

import abc
import typing as t

from singer_sdk._messages.io import GenericSingerReader, MessageReader, MessageWriter
from singer_sdk._plugin.base import PluginBase
from singer_sdk.cli._options import CLIOption

if t.TYPE_CHECKING:
    import collections
    from pathlib import PurePath

    from singer_sdk._messages.io import GenericSingerWriter
    from singer_sdk._messages.models import Message

__all__ = ["BaseSingerIO", "BaseSingerReader", "BaseSingerWriter"]

_T = t.TypeVar("_T")


class BaseSingerIO(PluginBase):
    """Base of plugins that read or write Singer messages."""

    @classmethod
    def instantiate_processor(cls, instance: _T | None, default_cls: type[_T]) -> _T:
        """Return ``instance``, or a new ``default_cls()`` if it is None."""
        return instance if instance is not None else default_cls()


class BaseSingerReader(BaseSingerIO):
    """Base of plugins that read Singer messages (targets, mappers).

    Args:
        message_reader: the reader to use; by default a new ``message_reader_class()``.
        config: see :class:`PluginBase`.
        parse_env_config: see :class:`PluginBase`.
        validate_config: see :class:`PluginBase`.
        kwargs: passed on to the next base class (cooperative, for reader-and-writer plugins).
    """

    #: The reader class used when none is given.
    message_reader_class: type[GenericSingerReader[t.Any]] = MessageReader

    #: ``--input FILE``: read messages from a file instead of standard input.
    cli_options: t.ClassVar[t.Sequence[CLIOption]] = (
        CLIOption(
            flags=("--input",),
            name="file_input",
            help="A path to read messages from instead of from standard in.",
            file=True,
        ),
    )

    def __init__(
        self,
        *,
        config: dict[str, t.Any] | PurePath | str | list[PurePath | str] | None = None,
        parse_env_config: bool = False,
        validate_config: bool = True,
        message_reader: GenericSingerReader[t.Any] | None = None,
        **kwargs: t.Any,
    ) -> None:
        super().__init__(
            config=config,
            parse_env_config=parse_env_config,
            validate_config=validate_config,
            **kwargs,
        )
        self.message_reader = self.instantiate_processor(message_reader, self.message_reader_class)

    def listen(self, file_input: t.IO[t.Any] | None = None) -> None:
        """Process every message of ``file_input`` (default: standard input), then end the pipe."""
        self.process_lines(file_input)
        self.process_endofpipe()

    def process_lines(self, file_input: t.IO[t.Any] | None) -> collections.Counter[str]:
        """Dispatch each message of ``file_input`` to its ``_process_*_message`` hook.

        Returns:
            How many messages of each type were read.

        Raises:
            InvalidInputLine: a line is not a valid Singer message.
        """
        counter = self.message_reader.process_lines(
            file_input,
            {
                "SCHEMA": self._process_schema_message,
                "RECORD": self._process_record_message,
                "STATE": self._process_state_message,
                "ACTIVATE_VERSION": self._process_activate_version_message,
                "BATCH": self._process_batch_message,
            },
        )
        self.logger.info(
            "Reader '%s' completed processing %d lines of input (%d schemas, %d records, "
            "%d batch manifests, %d state messages, %d activate version messages).",
            self.name,
            sum(counter.values()),
            counter["SCHEMA"],
            counter["RECORD"],
            counter["BATCH"],
            counter["STATE"],
            counter["ACTIVATE_VERSION"],
        )
        return counter

    def process_endofpipe(self) -> None:
        """Called once after the last input line; the default does nothing."""

    @staticmethod
    def _assert_line_requires(message_dict: dict[str, t.Any], requires: set[str]) -> None:
        """Raise :class:`InvalidInputLine` if ``message_dict`` lacks any key of ``requires``."""
        GenericSingerReader.assert_line_requires(message_dict, requires)

    @abc.abstractmethod
    def _process_schema_message(self, message_dict: dict[str, t.Any]) -> None:
        """Handle a SCHEMA message (called by :meth:`process_lines`)."""

    @abc.abstractmethod
    def _process_record_message(self, message_dict: dict[str, t.Any]) -> None:
        """Handle a RECORD message (called by :meth:`process_lines`)."""

    @abc.abstractmethod
    def _process_state_message(self, message_dict: dict[str, t.Any]) -> None:
        """Handle a STATE message (called by :meth:`process_lines`)."""

    @abc.abstractmethod
    def _process_activate_version_message(self, message_dict: dict[str, t.Any]) -> None:
        """Handle an ACTIVATE_VERSION message (called by :meth:`process_lines`)."""

    @abc.abstractmethod
    def _process_batch_message(self, message_dict: dict[str, t.Any]) -> None:
        """Handle a BATCH message (called by :meth:`process_lines`)."""


class BaseSingerWriter(BaseSingerIO):
    """Base of plugins that write Singer messages (taps, mappers).

    Args:
        message_writer: the writer to use; by default a new ``message_writer_class()``.
        config: see :class:`PluginBase`.
        parse_env_config: see :class:`PluginBase`.
        validate_config: see :class:`PluginBase`.
        kwargs: passed on to the next base class (cooperative, for reader-and-writer plugins).
    """

    #: The writer class used when none is given.
    message_writer_class: type[GenericSingerWriter[t.Any, t.Any]] = MessageWriter

    def __init__(
        self,
        *,
        config: dict[str, t.Any] | PurePath | str | list[PurePath | str] | None = None,
        parse_env_config: bool = False,
        validate_config: bool = True,
        message_writer: GenericSingerWriter[t.Any, t.Any] | None = None,
        **kwargs: t.Any,
    ) -> None:
        super().__init__(
            config=config,
            parse_env_config=parse_env_config,
            validate_config=validate_config,
            **kwargs,
        )
        self.message_writer = self.instantiate_processor(message_writer, self.message_writer_class)

    def write_message(self, message: Message) -> None:
        """Write ``message`` with the plugin's message writer."""
        self.message_writer.write_message(message)

    def message_writer_flush(self) -> None:
        """Hand every buffered message to the output."""
        flush = getattr(self.message_writer, "flush", None)
        if flush is not None:
            flush()
