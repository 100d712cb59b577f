"""``InlineMapper``: a plugin that reads Singer messages, reshapes them and writes them out.

Unlike the reference library, the mapper applies the ``stream_maps`` and flattening settings
itself before calling the ``map_*_message`` hooks, so a mapper with no code of its own is a
working stream-map mapper. A subclass that wires its own
:class:`~singer_sdk.mapper.PluginMapper` (by assigning ``self.mapper``) turns that off.
"""

from __future__ import annotations

import typing as t

from singer_sdk._capabilities import CapabilitiesEnum, PluginCapabilities
from singer_sdk._messages.models import Message
from singer_sdk._plugin import BaseSingerReader, BaseSingerWriter, PluginBase

if t.TYPE_CHECKING:
    from pathlib import PurePath

    from singer_sdk._config import ConfigInput
    from singer_sdk._messages.io import GenericSingerReader, GenericSingerWriter

__all__ = ["InlineMapper"]


class InlineMapper(BaseSingerReader, BaseSingerWriter):
    """Base class of inline mappers (reads messages on stdin, writes messages on stdout).

    Args:
        config: the config: a dict, a file path or a list of file paths.
        parse_env_config: also read settings from environment variables.
        validate_config: validate the config against the settings schema.
        message_reader: the reader to use; by default a new ``message_reader_class()``.
        message_writer: the writer to use; by default a new ``message_writer_class()``.

    Raises:
        StreamMapConfigError: the ``stream_maps`` setting is not valid.
    """

    capabilities: t.ClassVar[t.Sequence[CapabilitiesEnum]] = [
        PluginCapabilities.ABOUT,
        PluginCapabilities.STREAM_MAPS,
        PluginCapabilities.FLATTENING,
        PluginCapabilities.STRUCTURED_LOGGING,
    ]

    cli_help: t.ClassVar[str] = "Execute the Singer mapper."

    def __init__(
        self,
        *,
        config: dict[str, t.Any] | PurePath | str | list[PurePath | str] | None = None,
        parse_env_config: bool = False,
        validate_config: bool = True,
        message_reader: GenericSingerReader[t.Any] | None = None,
        message_writer: GenericSingerWriter[t.Any, t.Any] | None = None,
    ) -> None:
        super().__init__(
            config=config,
            parse_env_config=parse_env_config,
            validate_config=validate_config,
            message_reader=message_reader,
            message_writer=message_writer,
        )
        self._apply_maps = False
        self.setup_mapper()
        self._apply_maps = bool(getattr(self._mapper, "is_active", False))

    @property
    def mapper(self) -> t.Any:
        """The plugin's stream mapper; assigning one makes the subclass apply maps itself."""
        return PluginBase.mapper.fget(self)  # type: ignore[attr-defined]

    @mapper.setter
    def mapper(self, mapper: t.Any) -> None:
        self._mapper = mapper
        self._apply_maps = False

    # -- reading ---------------------------------------------------------------------------------

    def _write_messages(self, messages: t.Iterable[Message]) -> None:
        for message in messages:
            self.write_message(message)

    def _process_schema_message(self, message_dict: dict[str, t.Any]) -> None:
        if not self._apply_maps:
            self._write_messages(self.map_schema_message(message_dict))
            return
        self._assert_line_requires(message_dict, {"stream", "schema"})
        stream = message_dict["stream"]
        self._mapper.register_raw_stream_schema(
            stream, message_dict["schema"], message_dict.get("key_properties")
        )
        for stream_map in self._mapper.stream_maps[stream]:
            if stream_map.drops_stream:
                continue
            mapped = dict(message_dict)
            mapped["stream"] = stream_map.stream_alias
            mapped["schema"] = stream_map.transformed_schema
            mapped["key_properties"] = list(stream_map.transformed_key_properties or [])
            self._write_messages(self.map_schema_message(mapped))

    def _process_record_message(self, message_dict: dict[str, t.Any]) -> None:
        maps = (
            self._mapper.stream_maps.get(message_dict.get("stream")) if self._apply_maps else None
        )
        if not maps:
            self._write_messages(self.map_record_message(message_dict))
            return
        record = message_dict["record"]
        for stream_map in maps:
            transformed = stream_map.transform(record)
            if transformed is None:
                continue
            mapped = dict(message_dict)
            mapped["stream"] = stream_map.stream_alias
            mapped["record"] = transformed
            self._write_messages(self.map_record_message(mapped))

    def _process_state_message(self, message_dict: dict[str, t.Any]) -> None:
        self._write_messages(self.map_state_message(message_dict))

    def _process_activate_version_message(self, message_dict: dict[str, t.Any]) -> None:
        maps = (
            self._mapper.stream_maps.get(message_dict.get("stream")) if self._apply_maps else None
        )
        if not maps:
            self._write_messages(self.map_activate_version_message(message_dict))
            return
        for stream_map in maps:
            if stream_map.drops_stream:
                continue
            mapped = dict(message_dict)
            mapped["stream"] = stream_map.stream_alias
            self._write_messages(self.map_activate_version_message(mapped))

    def _process_batch_message(self, message_dict: dict[str, t.Any]) -> None:
        self._write_messages(self.map_batch_message(message_dict))

    # -- hooks -----------------------------------------------------------------------------------

    def map_schema_message(self, message_dict: dict[str, t.Any]) -> t.Iterable[Message]:
        """Return the messages to write for a SCHEMA message (already stream-mapped).

        Called once per output stream of each input SCHEMA message. The default writes it
        as it is.
        """
        return [Message.from_dict(message_dict)]

    def map_record_message(self, message_dict: dict[str, t.Any]) -> t.Iterable[Message]:
        """Return the messages to write for a RECORD message (already stream-mapped).

        Called once per output stream that keeps the record. The default writes it as it is.
        """
        return [Message.from_dict(message_dict)]

    def map_state_message(self, message_dict: dict[str, t.Any]) -> t.Iterable[Message]:
        """Return the messages to write for a STATE message; the default writes it as it is."""
        return [Message.from_dict(message_dict)]

    def map_activate_version_message(self, message_dict: dict[str, t.Any]) -> t.Iterable[Message]:
        """Return the messages to write for an ACTIVATE_VERSION message (stream-mapped).

        The default writes it as it is.
        """
        return [Message.from_dict(message_dict)]

    def map_batch_message(self, message_dict: dict[str, t.Any]) -> t.Iterable[Message]:
        """Map a BATCH message.

        Raises:
            NotImplementedError: mappers do not support BATCH messages (the default).
        """
        msg = "BATCH messages are not supported by mappers."
        raise NotImplementedError(msg)

    # -- command line ----------------------------------------------------------------------------

    @classmethod
    def invoke(
        cls,
        *,
        about: bool = False,
        about_format: str | None = None,
        config: ConfigInput | None = None,
        file_input: t.IO[t.Any] | None = None,
        **kwargs: t.Any,
    ) -> None:
        """Run the mapper from the command line: read messages, write the mapped ones."""
        super().invoke(about=about, about_format=about_format)
        mapper = cls._from_cli_config(config)
        mapper.listen(file_input)
        mapper.message_writer_flush()
