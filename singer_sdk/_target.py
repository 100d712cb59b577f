"""The Target: reads Singer messages, routes records to sinks, drains them and reports state.

Drain policy. A sink is drained (its batch handed to ``process_batch``):

- when it is full (``is_full``, i.e. ``batch_size_rows`` or 10,000 records);
- when the oldest record or state not yet written has waited ``batch_wait_limit_seconds``
  (default: ``_MAX_RECORD_AGE_IN_MINUTES``, 5 minutes); checked as messages arrive, and then
  every sink is drained;
- before a new version of it replaces it (the stream's schema or key properties changed), and
  before its ACTIVATE_VERSION is applied;
- at the end of the input, on SIGTERM/SIGINT, and when the input turns out to be bad.

State. A STATE message is written to stdout (its bare value, as one line of compact JSON) only
once every record that came before it in the input has been drained. After each drain the
latest such state is written, at most one line per drain; a state equal to the last one written,
or empty, is not written.

Stopping. On SIGTERM/SIGINT the message being handled is finished, every sink is drained, the
state covering them is written and the command exits with status 0. On bad input (a line that is
not JSON, a RECORD before its SCHEMA, an invalid record, ...) the records accepted before it are
drained and their state written before the error is reported; nothing accepted is lost.

Each record goes through its sink's steps, compiled once per sink by
:mod:`singer_sdk._sinks.steps`; how a drain goes is :mod:`singer_sdk._sinks.drain`'s.
"""

from __future__ import annotations

import collections
import copy
import math
import sys
import time
import typing as t

import singer_sdk._capabilities as caps
from singer_sdk._config import merge_missing_config_jsonschema
from singer_sdk._exceptions import RecordsWithoutSchemaException
from singer_sdk._gc import batch_friendly_gc
from singer_sdk._messages import codec
from singer_sdk._messages.errors import InvalidInputLine
from singer_sdk._plugin import BaseSingerReader, TerminationRequested
from singer_sdk._sinks.drain import drain_sink, drain_sinks, oldest_pending_seq
from singer_sdk._sinks.steps import compile_record_steps

if t.TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import PurePath
    from types import FrameType

    from singer_sdk._config import ConfigInput
    from singer_sdk._messages.io import GenericSingerReader
    from singer_sdk._sinks.core import Sink
    from singer_sdk._sinks.steps import RecordSteps

__all__ = ["BATCH_WAIT_LIMIT_CONFIG", "Target"]

_MAX_PARALLELISM = 8

#: The ``batch_wait_limit_seconds`` setting: how long a record may wait before it is drained.
BATCH_WAIT_LIMIT_CONFIG: dict[str, t.Any] = {
    "type": "object",
    "properties": {
        "batch_wait_limit_seconds": {
            "type": ["integer", "null"],
            "title": "Batch Wait Limit Seconds",
            "description": (
                "Maximum time, in seconds, a record waits in a batch before the batch is "
                "loaded and the state covering it is written. Defaults to 300."
            ),
        },
    },
}


class Target(BaseSingerReader):
    """Base class of targets: set ``name``, ``config_jsonschema`` and ``default_sink_class``.

    Args:
        config: the configuration (a dict; file paths are deprecated).
        parse_env_config: also read settings from environment variables and ``.env``.
        validate_config: raise if the config does not match the settings schema.
        setup_mapper: set up stream maps right away.
        message_reader: the reader of Singer messages (default: standard input).

    Raises:
        ConfigValidationError: the config is invalid.
    """

    #: The oldest a pending record may get, in minutes, unless ``batch_wait_limit_seconds`` is
    #: set.
    _MAX_RECORD_AGE_IN_MINUTES: float = 5.0

    #: The sink class used for every stream unless :meth:`get_sink_class` says otherwise.
    default_sink_class: type[Sink] | None = None

    #: What the target supports; ``--about`` reports it.
    capabilities: t.ClassVar[t.Sequence[caps.CapabilitiesEnum]] = [
        caps.PluginCapabilities.ABOUT,
        caps.PluginCapabilities.STREAM_MAPS,
        caps.PluginCapabilities.FLATTENING,
        caps.PluginCapabilities.STRUCTURED_LOGGING,
        caps.TargetCapabilities.VALIDATE_RECORDS,
    ]

    cli_help: t.ClassVar[str] = "Execute the Singer target."

    def __init__(
        self,
        *,
        config: dict[str, t.Any] | PurePath | str | list[PurePath | str] | None = None,
        parse_env_config: bool = False,
        validate_config: bool = True,
        setup_mapper: bool = True,
        message_reader: GenericSingerReader[t.Any] | None = None,
    ) -> None:
        # Set first: a signal may arrive while the rest is set up.
        self._terminating = False
        self._busy = False
        self._stop_signum: int | None = None
        super().__init__(
            config=config,
            parse_env_config=parse_env_config,
            validate_config=validate_config,
            message_reader=message_reader,
        )
        self._sinks_active: dict[str, Sink] = {}
        self._sinks_to_clear: list[Sink] = []
        #: Each sink's per-record steps, compiled on its first record.
        self._record_steps: dict[Sink, RecordSteps] = {}
        self._max_parallelism: int | None = _MAX_PARALLELISM
        self._latest_state: dict[str, t.Any] | None = None
        #: States not written yet, with the sequence number of the last record before each.
        self._pending_states: collections.deque[tuple[int, dict[str, t.Any]]] = collections.deque()
        self._last_written_state: bytes | None = None
        #: Sequence number of the latest RECORD (counts RECORD messages).
        self._seq = 0
        wait_limit = self.config.get("batch_wait_limit_seconds")
        self._wait_limit = (
            float(wait_limit) if wait_limit is not None else self._MAX_RECORD_AGE_IN_MINUTES * 60
        )
        #: When the oldest pending record or state must be written (monotonic seconds).
        self._drain_deadline = math.inf
        self._last_full_drain_at = time.time()
        self._drain_failed = False
        self._idle_mapper: t.Any = None
        if setup_mapper:
            self.setup_mapper()

    def setup_mapper(self) -> None:
        """Set up the stream mapper (see :meth:`PluginBase.setup_mapper`)."""
        super().setup_mapper()
        mapper = self._mapper
        # The mapper when it has nothing to do: records then skip it.
        self._idle_mapper = mapper if not getattr(mapper, "is_active", True) else None

    def _active_mapper(self) -> t.Any:
        """The mapper, or None when it has nothing to do (no stream maps, no flattening)."""
        mapper = self._mapper
        if mapper is None or not getattr(mapper, "is_active", True):
            return None
        return mapper

    # -- settings ----------------------------------------------------------------------------------

    @classmethod
    def append_builtin_config(cls, config_jsonschema: dict[str, t.Any]) -> None:
        """Add the built-in target settings missing from ``config_jsonschema``.

        Always ``add_record_metadata``, ``load_method``, ``batch_size_rows`` and
        ``batch_wait_limit_seconds``; ``process_activate_version_messages`` with the
        ``activate-version`` capability, ``batch_config`` with ``batch``, and
        ``validate_records`` with ``validate-records``; then the plugin settings (stream maps,
        flattening).
        """
        config_jsonschema.setdefault("properties", {})
        extra = [
            caps.ADD_RECORD_METADATA_CONFIG,
            caps.TARGET_LOAD_METHOD_CONFIG,
            caps.TARGET_BATCH_SIZE_ROWS_CONFIG,
        ]
        capabilities = cls.capabilities
        if caps.PluginCapabilities.ACTIVATE_VERSION in capabilities:
            extra.append(caps.ACTIVATE_VERSION_CONFIG)
        if caps.PluginCapabilities.BATCH in capabilities:
            extra.append(caps.BATCH_CONFIG)
        if caps.TargetCapabilities.VALIDATE_RECORDS in capabilities:
            extra.append(caps.TARGET_VALIDATE_RECORDS_CONFIG)
        extra.append(BATCH_WAIT_LIMIT_CONFIG)
        for schema in extra:
            merge_missing_config_jsonschema(schema, config_jsonschema)
        super().append_builtin_config(config_jsonschema)

    @property
    def max_parallelism(self) -> int:
        """How many sinks are drained at the same time (threads); default 8, settable."""
        return self._max_parallelism if self._max_parallelism is not None else _MAX_PARALLELISM

    @max_parallelism.setter
    def max_parallelism(self, new_value: int) -> None:
        self._max_parallelism = new_value

    # -- sinks -------------------------------------------------------------------------------------

    def get_sink_class(self, stream_name: str) -> type[Sink]:
        """Return the sink class for ``stream_name``; called when a sink is created.

        The default returns :attr:`default_sink_class`.

        Raises:
            ValueError: there is no default sink class.
        """
        if self.default_sink_class is not None:
            return self.default_sink_class
        msg = f"No sink class defined for '{stream_name}' and no default sink class available."
        raise ValueError(msg)

    def get_sink(
        self,
        stream_name: str,
        *,
        record: dict[str, t.Any] | None = None,
        schema: dict[str, t.Any] | None = None,
        key_properties: t.Sequence[str] | None = None,
    ) -> Sink:
        """Return the sink of ``stream_name``; called for each SCHEMA (with ``schema``).

        With a ``schema``: creates the sink if there is none, or a new version of it if the
        schema or key properties differ from the current sink's (the old one is drained first).
        Override to choose sinks by ``record`` content.

        Raises:
            RecordsWithoutSchemaException: there is no sink for the stream and no ``schema``.
        """
        existing = self._sinks_active.get(stream_name)
        if schema is None:
            if existing is None:
                self._assert_sink_exists(stream_name)
            return t.cast("Sink", existing)
        if existing is None:
            return self.add_sink(stream_name, schema, key_properties)
        if existing.original_schema == schema and list(existing.key_properties) == list(
            key_properties or []
        ):
            return existing
        self.logger.info(
            "Schema or key properties for '%s' stream have changed. Draining the current sink "
            "and initializing a new one...",
            stream_name,
        )
        self.drain_one(existing)
        self._write_covered_state()
        self._sinks_to_clear.append(self._sinks_active.pop(stream_name))
        sink = self.add_sink(stream_name, schema, key_properties)
        sink._continue_numbering(existing)
        return sink

    def create_sink(
        self,
        *,
        stream_name: str,
        schema: dict[str, t.Any],
        key_properties: t.Sequence[str] | None,
    ) -> Sink:
        """Return a new sink for a stream; called by :meth:`add_sink`.

        The default instantiates :meth:`get_sink_class`. Override for full control of how
        sinks are built.
        """
        sink_class = self.get_sink_class(stream_name)
        return sink_class(
            target=self,
            stream_name=stream_name,
            schema=schema,
            key_properties=key_properties,
        )

    @t.final
    def add_sink(
        self,
        stream_name: str,
        schema: dict[str, t.Any],
        key_properties: t.Sequence[str] | None = None,
    ) -> Sink:
        """Create, set up and register the sink of a stream, replacing any current one.

        Returns:
            The new sink.
        """
        self.logger.debug("Initializing target sink for stream '%s'...", stream_name)
        sink = self.create_sink(
            stream_name=stream_name,
            schema=schema,
            key_properties=key_properties,
        )
        try:
            sink.setup()
        except Exception:
            self.logger.error("Error initializing target sink for stream '%s'", stream_name)
            raise
        self._sinks_active[stream_name] = sink
        return sink

    def sink_exists(self, stream_name: str) -> bool:
        """Return whether a sink exists for ``stream_name``."""
        return stream_name in self._sinks_active

    def _assert_sink_exists(self, stream_name: str) -> None:
        if stream_name not in self._sinks_active:
            line = self._input_line_number()
            where = f"Line {line}: a" if line else "A"
            msg = (
                f"{where} RECORD for stream '{stream_name}' arrived before its SCHEMA. Check "
                "that the tap writes a SCHEMA message before the stream's records."
            )
            raise RecordsWithoutSchemaException(msg)

    def _input_line_number(self) -> int | None:
        """The input line being handled, if the reader tracks it."""
        return getattr(self.message_reader, "_line_number", None) or None

    # -- stream maps -------------------------------------------------------------------------------

    def _stream_maps(self, stream_name: str) -> list[t.Any] | None:
        """The stream maps of ``stream_name``, or None when no mapper is set up."""
        mapper = self._active_mapper()
        if mapper is None:
            return None
        maps: list[t.Any] | None = mapper.stream_maps.get(stream_name)
        return maps

    # -- messages ----------------------------------------------------------------------------------

    def _process_schema_message(self, message_dict: dict[str, t.Any]) -> None:
        stream_name = message_dict["stream"]
        schema = message_dict["schema"]
        key_properties = message_dict.get("key_properties")
        self._check_schema_message(stream_name, schema, key_properties)
        self._busy = True
        mapper = self._active_mapper()
        if mapper is None:
            self.get_sink(stream_name, schema=schema, key_properties=key_properties)
        else:
            maps = mapper.stream_maps.get(stream_name)
            if (
                maps
                and maps[0].raw_schema == schema
                and list(getattr(maps[0], "raw_key_properties", None) or [])
                == list(key_properties or [])
            ):
                self._end_message()
                return
            mapper.register_raw_stream_schema(stream_name, schema, key_properties)
            for stream_map in mapper.stream_maps[stream_name]:
                if getattr(stream_map, "drops_stream", False):
                    continue
                self.get_sink(
                    stream_map.stream_alias,
                    schema=stream_map.transformed_schema,
                    key_properties=stream_map.transformed_key_properties,
                )
        self._end_message()

    def _check_schema_message(
        self, stream_name: t.Any, schema: t.Any, key_properties: t.Any
    ) -> None:
        line = self._input_line_number()
        where = f"Line {line}: SCHEMA" if line else "SCHEMA"
        if not isinstance(stream_name, str):
            msg = f"{where} message has a 'stream' that is not a string: {stream_name!r}"
            raise InvalidInputLine(msg)
        if not isinstance(schema, dict):
            msg = f"{where} of stream '{stream_name}' is not a JSON object: {schema!r:.100}"
            raise InvalidInputLine(msg)
        if "properties" not in schema:
            # The message is the reference's, word for word (connectors' tests compare it);
            # where it happened goes in a note, shown in tracebacks and by the CLI.
            error = InvalidInputLine(f"Line is missing required properties key(s): {schema!r:.300}")
            error.add_note(f"{where} of stream '{stream_name}' has no 'properties' object")
            raise error
        if not isinstance(schema["properties"], dict):
            msg = f"{where} of stream '{stream_name}' has a 'properties' that is not an object"
            raise InvalidInputLine(msg)
        if key_properties is not None and (
            not isinstance(key_properties, list)
            or not all(isinstance(key, str) for key in key_properties)
        ):
            msg = (
                f"{where} of stream '{stream_name}' has 'key_properties' that are not a list "
                f"of strings: {key_properties!r:.100}"
            )
            raise InvalidInputLine(msg)

    def _process_record_message(self, message_dict: dict[str, t.Any]) -> None:
        self._busy = True
        stream_name = message_dict["stream"]
        self._seq += 1
        mapper = self._mapper
        if mapper is None or mapper is self._idle_mapper:
            sink = self._sinks_active.get(stream_name)
            if sink is None:
                self._assert_sink_exists(stream_name)
                return
            # _load_record, inlined: this runs once per input record.
            steps = self._record_steps.get(sink) or self._compile_steps(sink)
            if steps(message_dict["record"], message_dict, self._seq):
                self._drain_full_sink(sink)
        else:
            self._load_mapped_record(stream_name, message_dict)
        deadline = self._drain_deadline
        if deadline == math.inf:
            self._drain_deadline = time.monotonic() + self._wait_limit
        elif time.monotonic() >= deadline:
            self._drain_for_age()
        self._busy = False
        if self._stop_signum is not None:
            raise TerminationRequested(self._stop_signum)

    def _load_mapped_record(self, stream_name: str, message_dict: dict[str, t.Any]) -> None:
        maps = self._stream_maps(stream_name)
        if not maps:
            self._assert_sink_exists(stream_name)
            maps = []
        several = len(maps) > 1
        for stream_map in maps:
            record = message_dict["record"]
            transformed = stream_map.transform(copy.copy(record) if several else record)
            if transformed is None:  # filtered out by the map
                continue
            sink = self._sinks_active.get(stream_map.stream_alias)
            if sink is None:
                self._assert_sink_exists(stream_map.stream_alias)
                continue
            self._load_record(sink, transformed, message_dict)

    def _load_record(
        self, sink: Sink, record: dict[str, t.Any], message_dict: dict[str, t.Any]
    ) -> None:
        """Pass one record through the sink's steps, then drain the sink if it is full."""
        steps = self._record_steps.get(sink) or self._compile_steps(sink)
        if steps(record, message_dict, self._seq):
            self._drain_full_sink(sink)

    def _compile_steps(self, sink: Sink) -> RecordSteps:
        steps = self._record_steps[sink] = compile_record_steps(sink)
        return steps

    def _drain_full_sink(self, sink: Sink) -> None:
        self.logger.info(
            "Target sink for '%s' is full. Current size is '%s'. Draining...",
            sink.stream_name,
            sink.current_size,
        )
        self.drain_one(sink)
        self._write_covered_state()

    def _process_state_message(self, message_dict: dict[str, t.Any]) -> None:
        state = message_dict["value"]
        if state == self._latest_state:
            return
        self._latest_state = state
        pending = self._pending_states
        if pending and pending[-1][0] == self._seq:
            pending[-1] = (self._seq, state)  # no record in between: the newer one replaces it
        else:
            pending.append((self._seq, state))
        now = time.monotonic()
        if now >= self._drain_deadline:
            self._busy = True
            self._drain_for_age()
            self._end_message()
        elif self._drain_deadline == math.inf:
            self._drain_deadline = now + self._wait_limit

    def _process_activate_version_message(self, message_dict: dict[str, t.Any]) -> None:
        stream_name = message_dict["stream"]
        maps = self._stream_maps(stream_name)
        aliases = [stream_name] if maps is None else [m.stream_alias for m in maps]
        self._busy = True
        for alias in aliases:
            sink = self._sinks_active.get(alias)
            if sink is None:
                self.logger.warning(
                    "Line %s: ACTIVATE_VERSION for stream '%s' arrived before its SCHEMA. "
                    "Ignoring.",
                    self._input_line_number(),
                    alias,
                )
                continue
            if not sink.process_activate_version_messages:
                self.logger.warning(
                    "`ACTIVATE_VERSION` messages are not enabled for '%s'. Ignoring.", alias
                )
                continue
            if not sink.include_sdc_metadata_properties:
                self.logger.warning(
                    "The `ACTIVATE_VERSION` feature uses the `_sdc_table_version` and "
                    "`_sdc_deleted_at` metadata properties, so they will be added to the "
                    "schema of '%s' even though `add_record_metadata` is disabled.",
                    alias,
                )
            self.drain_one(sink)  # the records of the version go first
            self._write_covered_state()
            sink.activate_version(message_dict["version"])
        self._end_message()

    def _process_batch_message(self, message_dict: dict[str, t.Any]) -> None:
        stream_name = message_dict["stream"]
        encoding = message_dict["encoding"]
        manifest = message_dict["manifest"]
        self._busy = True
        self._seq += 1  # the batch's records count as input after every earlier STATE
        maps = self._stream_maps(stream_name)
        if maps is None:
            self._assert_sink_exists(stream_name)
            self._sinks_active[stream_name].process_batch_files(encoding, manifest)
        else:  # the records must go through the stream maps, as RECORD messages would
            from singer_sdk._batch.load import batch_file_records

            load = self._load_mapped_record
            for records in batch_file_records(encoding, manifest, self.config):
                for record in records:
                    load(stream_name, {"record": record})
        self._write_covered_state()
        self._end_message()

    def _end_message(self) -> None:
        """Leave the critical section of a message; stop now if a signal came meanwhile."""
        self._busy = False
        if self._stop_signum is not None:
            raise TerminationRequested(self._stop_signum)

    # -- draining ----------------------------------------------------------------------------------

    def _drain_for_age(self) -> None:
        self.logger.info(
            "One or more records have waited more than %s seconds. Draining all sinks.",
            f"{self._wait_limit:g}",
        )
        self.drain_all()

    @t.final
    def drain_all(self, *, is_endofpipe: bool = False) -> None:
        """Drain every sink, then write the state that covers them.

        Old versions of sinks are drained first, one by one; the current sinks are drained in
        parallel (up to :attr:`max_parallelism` threads). At the end of the input each sink is
        also cleaned up.
        """
        self._drain_all(self._sinks_to_clear, 1)
        for sink in self._sinks_to_clear:
            self._record_steps.pop(sink, None)
        if is_endofpipe:
            for sink in self._sinks_to_clear:
                sink.clean_up()
            self._sinks_to_clear = []
        self._drain_all(list(self._sinks_active.values()), self.max_parallelism)
        if is_endofpipe:
            for sink in self._sinks_active.values():
                sink.clean_up()
        self._write_covered_state()
        self._reset_max_record_age()

    def _reset_max_record_age(self) -> None:
        """Start the record age over: nothing waits since the drain that just ended."""
        self._drain_deadline = math.inf
        self._last_full_drain_at = time.time()

    @t.final
    def drain_one(self, sink: Sink) -> None:
        """Hand ``sink``'s pending batch to its ``process_batch``; nothing if it is empty."""
        if sink.current_size == 0:
            return
        drain_sink(sink, self._note_drain_failure)

    def _note_drain_failure(self) -> None:
        self._drain_failed = True

    def _drain_all(self, sink_list: Iterable[Sink], parallelism: int) -> None:
        """Drain ``sink_list``; in threads if ``parallelism`` > 1 and several sinks have data."""
        drain_sinks(sink_list, parallelism, self.drain_one, self.logger)

    # -- state -------------------------------------------------------------------------------------

    def _write_covered_state(self) -> None:
        """Write the newest state whose preceding records are all drained (if not written)."""
        pending = self._pending_states
        if not pending:
            return
        floor = oldest_pending_seq((*self._sinks_to_clear, *self._sinks_active.values()))
        covered = None
        while pending and pending[0][0] < floor:
            covered = pending.popleft()[1]
        if covered:
            self._write_state_message(covered)

    def _write_state_message(self, state: dict[str, t.Any]) -> None:
        """Write ``state`` to stdout as one line of compact JSON, unless it was just written."""
        data = codec.encode(state)
        if data == self._last_written_state:
            return
        self._last_written_state = data
        self.logger.debug("Emitting completed target state %s", data.decode())
        output = getattr(sys.stdout, "buffer", None)
        if output is None:
            sys.stdout.write(data.decode() + "\n")
            sys.stdout.flush()
            return
        sys.stdout.flush()
        output.write(data + b"\n")
        output.flush()

    # -- running -----------------------------------------------------------------------------------

    def listen(self, file_input: t.IO[t.Any] | None = None) -> None:
        """Process every message of ``file_input`` (default: standard input), then drain.

        If reading stops early (a signal or bad input), the records accepted so far are
        drained and their state written before the exception propagates.

        While it runs, the cyclic garbage collector runs less often (see
        :func:`~singer_sdk._gc.batch_friendly_gc`); the settings are restored when it returns.
        """
        with batch_friendly_gc():
            try:
                self.process_lines(file_input)
            except TerminationRequested:
                self._busy = True
                self.logger.info("Draining all sinks before stopping...")
                self.drain_all(is_endofpipe=True)
                raise
            except (Exception, KeyboardInterrupt) as exc:
                self._salvage(exc)
                raise
            self._busy = True
            self.process_endofpipe()
            self._busy = False

    def _salvage(self, exc: BaseException) -> None:
        """After a failure, drain what was accepted and write its state (if draining works)."""
        if self._drain_failed:
            return
        self._busy = True
        self.logger.info(
            "Draining the records accepted before the error (%s)...", type(exc).__name__
        )
        try:
            self.drain_all(is_endofpipe=True)
        except Exception:
            self.logger.exception("Could not drain the sinks after the error")

    def process_endofpipe(self) -> None:
        """Called after the last input line: drain every sink and write the final state."""
        self.drain_all(is_endofpipe=True)

    def _handle_termination(self, signum: int, frame: FrameType | None = None) -> None:
        """On SIGTERM/SIGINT: finish the current message, drain, write the state, stop.

        A signal that arrives while a message or a drain is being handled is acted on when it
        is done (draining twice, or half a state line, would be worse than a short wait); one
        that arrives while waiting for input stops at once. Signals after the first are
        ignored.
        """
        if self._terminating:
            self.logger.warning("Received signal %s again while stopping; ignored", signum)
            return
        self._terminating = True
        if self._busy:
            self.logger.info("Received signal %s; stopping after the current message", signum)
            self._stop_signum = signum
            return
        super()._handle_termination(signum, frame)

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
        """Run the target from the command line: read messages and load them."""
        super().invoke(about=about, about_format=about_format)
        target = cls._from_cli_config(config)
        try:
            target.listen(file_input)
        except TerminationRequested as exc:
            target.logger.warning(
                "Stopped by signal %s after draining all sinks and writing their state",
                exc.signum,
            )
