"""The sync loop of a stream: records in, Singer messages out, state kept right.

For each context (partition, parent context, or none) the loop reads records from
``get_records``, post-processes them, syncs child streams, prunes deselected properties,
conforms values to the schema, applies stream maps, writes RECORD messages and advances the
bookmark. STATE is written every ``STATE_MSG_FREQUENCY`` records and when a context or the stream
ends, always after the records it covers.

The per-record work is compiled once per stream (selection pruner, type conformer, stream maps,
output function) and rebuilt only when the schema, selection or catalog change.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import typing as t
import warnings
from types import MappingProxyType

from singer_sdk._catalog.metadata import REPLICATION_FULL_TABLE
from singer_sdk._catalog.selection import SelectionPlan
from singer_sdk._mapping.identity import IdentityStreamMap
from singer_sdk._messages.io import MessageWriter
from singer_sdk._messages.models import (
    ActivateVersionMessage,
    RecordMessage,
    SchemaMessage,
)
from singer_sdk._overrides import overrides
from singer_sdk._schema.conform import build_conformer
from singer_sdk.exceptions import (
    AbortedSyncFailedException,
    AbortedSyncPausedException,
    InvalidStreamSortException,
    MaxRecordsLimitException,
)
from singer_sdk.helpers._compat import SingerSDKDeprecationWarning

if t.TYPE_CHECKING:
    from singer_sdk._batch.tap import StreamBatchWriter
    from singer_sdk._state.manager import StreamStateManager
    from singer_sdk._stream import Stream
    from singer_sdk.helpers._batch import BaseBatchFileEncoding, BatchConfig
    from singer_sdk.helpers.types import Context, Record

__all__ = ["StreamSync"]

_UTC = dt.UTC
_now = dt.datetime.now


class _StreamMap(t.Protocol):
    stream_alias: str
    transformed_schema: dict[str, t.Any]
    transformed_key_properties: t.Sequence[str] | None

    def transform(self, record: dict[str, t.Any]) -> dict[str, t.Any] | None: ...

    def get_filter_result(self, record: dict[str, t.Any]) -> bool: ...


class _CompiledOutput:
    """What writing one record takes, compiled once per stream."""

    __slots__ = (
        "conform",
        "manager",
        "maps",
        "prune",
        "prunes_nothing",
        "selected_schema",
        "single_alias",
        "write_dict",
    )

    def __init__(
        self,
        plan: SelectionPlan,
        conform: t.Callable[[dict[str, t.Any]], dict[str, t.Any]],
        maps: list[_StreamMap],
        write_dict: t.Callable[[dict[str, t.Any]], None] | None,
        manager: StreamStateManager,
    ) -> None:
        self.selected_schema = plan.schema
        self.prune = plan.prune_record
        self.prunes_nothing = plan.prunes_nothing
        self.conform = conform
        self.maps = maps
        self.write_dict = write_dict
        self.manager = manager
        #: The output stream name when the only map passes records through unchanged.
        self.single_alias = (
            maps[0].stream_alias
            if len(maps) == 1 and getattr(maps[0], "passes_through", False)
            else None
        )


class StreamSync:
    """The sync loop, as the base of :class:`~singer_sdk.Stream` (keeps its hook names)."""

    _tap: t.Any
    _logger: logging.Logger
    _stream_version: int | None
    _initialized_at: int
    context: Context | None
    child_streams: list[Stream]
    name: str
    STATE_MSG_FREQUENCY: int
    ABORT_AT_RECORD_COUNT: int | None

    def __init__(self) -> None:
        self._compiled: _CompiledOutput | None = None
        self._stream_maps: list[_StreamMap] | None = None
        self._schema_written = False
        #: In BATCH mode, where records go instead of RECORD messages (see singer_sdk._batch).
        self._batch_writer: StreamBatchWriter | None = None

    def _invalidate_compiled(self) -> None:
        """Forget the compiled record path (schema, selection or catalog changed)."""
        self._compiled = None
        self._stream_maps = None

    # -- stream maps -----------------------------------------------------------------------------

    @property
    def stream_maps(self) -> list[_StreamMap]:
        """The stream maps records go through; the first is the stream itself.

        Without configured stream maps this is one map that passes records through.
        """
        if self._stream_maps is None:
            this = t.cast("Stream", self)
            mapper = getattr(self._tap, "_mapper", None)
            maps: list[_StreamMap] | None = None
            if mapper is not None and getattr(mapper, "is_active", True):
                # (Re-)register the selected schema: the mapper rebuilds maps only if it changed.
                plan = SelectionPlan(this.effective_schema, this.mask)
                mapper.register_raw_stream_schema(this.name, plan.schema, this.primary_keys)
                maps = mapper.stream_maps.get(this.name)
            if not maps:
                plan = SelectionPlan(this.effective_schema, this.mask)
                maps = [IdentityStreamMap(this.name, plan.schema, this.primary_keys)]
            self._stream_maps = maps
        return self._stream_maps

    def _compile_output(self) -> _CompiledOutput:
        this = t.cast("Stream", self)
        plan = SelectionPlan(this.effective_schema, this.mask)
        conform = build_conformer(
            this.effective_schema,
            this.TYPE_CONFORMANCE_LEVEL,
            stream_name=this.name,
            logger=self._logger,
            check_floats=False,  # the codec writes non-finite floats as null
        )
        writer = getattr(self._tap, "message_writer", None)
        fast = (
            isinstance(writer, MessageWriter)
            and not overrides(type(self), StreamSync, "_generate_record_messages")
            and _writes_plainly(self._tap)
        )
        write_dict = writer.write_dict if fast and isinstance(writer, MessageWriter) else None
        self._compiled = _CompiledOutput(
            plan, conform, self.stream_maps, write_dict, this.state_manager
        )
        return self._compiled

    # -- messages ----------------------------------------------------------------------------------

    def _generate_schema_messages(self) -> t.Iterator[SchemaMessage]:
        """Yield the SCHEMA message of each stream map (the stream itself first)."""
        this = t.cast("Stream", self)
        bookmark_keys = [this.replication_key] if this.replication_key else None
        for stream_map in self.stream_maps:
            if getattr(stream_map, "drops_stream", False):
                continue
            yield SchemaMessage(
                stream_map.stream_alias,
                stream_map.transformed_schema,
                stream_map.transformed_key_properties,
                bookmark_keys,
            )

    def _write_schema_message(self) -> None:
        """Write the stream's SCHEMA message(s)."""
        for message in self._generate_schema_messages():
            self._tap.write_message(message)

    def _write_activate_version_message(self, full_table_version: int) -> None:
        """Write an ACTIVATE_VERSION message for each stream map."""
        for stream_map in self.stream_maps:
            if getattr(stream_map, "drops_stream", False):
                continue
            self._tap.write_message(
                ActivateVersionMessage(stream=stream_map.stream_alias, version=full_table_version)
            )

    def _generate_record_messages(self, record: Record) -> t.Iterator[RecordMessage]:
        """Yield the RECORD message(s) of ``record``: pruned, conformed and mapped."""
        compiled = self._compiled or self._compile_output()
        compiled.prune(record)
        conformed = compiled.conform(record)
        extracted = _now(_UTC)
        for stream_map in compiled.maps:
            mapped = stream_map.transform(conformed)
            if mapped is not None:
                yield RecordMessage(
                    stream=stream_map.stream_alias,
                    record=mapped,
                    version=self._stream_version,
                    time_extracted=extracted,
                )

    def _write_record_message(self, record: Record) -> None:
        """Write the RECORD message(s) of ``record`` (the compiled fast path when possible)."""
        compiled = self._compiled or self._compile_output()
        write_dict = compiled.write_dict
        if write_dict is None:
            for record_message in self._generate_record_messages(record):
                self._tap.write_message(record_message)
        else:
            if not compiled.prunes_nothing:
                compiled.prune(record)
            conformed = compiled.conform(record)
            extracted = _now(_UTC)
            version = self._stream_version
            alias = compiled.single_alias
            if alias is not None and version is None:  # the common case, spelled out
                write_dict(
                    {
                        "type": "RECORD",
                        "stream": alias,
                        "record": conformed,
                        "time_extracted": extracted,
                    }
                )
            else:
                for stream_map in compiled.maps:
                    mapped = stream_map.transform(conformed)
                    if mapped is None:
                        continue
                    message: dict[str, t.Any] = {
                        "type": "RECORD",
                        "stream": stream_map.stream_alias,
                        "record": mapped,
                    }
                    if version is not None:
                        message["version"] = version
                    message["time_extracted"] = extracted
                    write_dict(message)
            compiled.manager.is_flushed = False
            return
        t.cast("Stream", self).state_manager.is_flushed = False

    def _write_state_message(self) -> None:
        """Write the tap state if this stream changed it since the last STATE."""
        if self._batch_writer is not None and self._batch_writer.flush_on_state:
            self._batch_writer.flush()  # a STATE covers only records in announced files
        manager = t.cast("Stream", self).state_manager
        if not manager.is_flushed:
            _ = manager.stream_state  # make sure the stream has its entry
            self._tap.state_writer.write_state(self._tap.state)
            manager.is_flushed = True

    # -- state -------------------------------------------------------------------------------------

    def _write_starting_replication_value(self, context: Context | None) -> None:
        this = t.cast("Stream", self)
        this.state_manager.write_starting_replication_value(
            context=context,
            replication_method=this.replication_method,
            replication_key=this.replication_key,
            config=dict(this.config),
            compare_start_date_fn=this.compare_start_date,
        )

    def _write_replication_key_signpost(self, context: Context | None, value: t.Any) -> None:
        t.cast("Stream", self).state_manager.write_replication_key_signpost(value, context=context)

    def _increment_stream_state(self, latest_record: Record, *, context: Context | None) -> None:
        this = t.cast("Stream", self)
        if this.replication_key and this.replication_method != REPLICATION_FULL_TABLE:
            this.state_manager.increment(latest_record, context)

    def _finalize_state(self, state: dict[str, t.Any] | None = None) -> None:
        t.cast("Stream", self).state_manager.finalize_state(state)

    def finalize_state_progress_markers(self, state: dict[str, t.Any] | None = None) -> None:
        """Make the state final (progress markers promoted) and write it.

        Without ``state``: the stream's state and every partition's, and those of selected
        child streams.
        """
        this = t.cast("Stream", self)
        if not state:
            for child in self.child_streams:
                if child.selected:
                    child.finalize_state_progress_markers()
            if not this.selected:
                return
            this.state_manager.finalize_all()
        else:
            self._finalize_state(state)
        self._write_state_message()

    # -- the loop ----------------------------------------------------------------------------------

    @t.final
    def sync(self, context: Context | None = None) -> None:
        """Sync the stream (for ``context``, or every partition): write its messages and state."""
        this = t.cast("Stream", self)
        context = this.preprocess_context(context) if context else None
        if context:
            self._logger.info(
                "Beginning %s sync of '%s' with context keys %s",
                this.replication_method.lower(),
                this.name,
                tuple(sorted(context)),
            )
        else:
            self._logger.info(
                "Beginning %s sync of '%s'", this.replication_method.lower(), this.name
            )
        self.context = MappingProxyType(dict(context)) if context else None
        manager = this.state_manager  # settings may have changed since it was made
        manager.replication_key = this.replication_key
        manager.is_timestamp_key = this.is_timestamp_replication_key
        signpost = this.get_replication_key_signpost(context)
        if signpost:
            self._write_replication_key_signpost(context, signpost)
        selected = this.selected
        if selected and not self._schema_written:
            self._write_schema_message()
            self._schema_written = True
            if this.replication_method == REPLICATION_FULL_TABLE and (
                this.emit_activate_version_messages
            ):
                self._stream_version = self._initialized_at // 1000
                self._write_activate_version_message(self._stream_version)
        try:
            batch_config = self._get_sync_batch_config()
            if batch_config is None:
                for _ in self._sync_records(context):
                    pass
            else:
                self._sync_batches(batch_config, context)
        except (AbortedSyncFailedException, AbortedSyncPausedException) as exc:
            # A record limit was reached (dry runs, --test): expected, not an error.
            self._logger.info("%s", exc.__cause__ or exc)
            raise
        except Exception:
            self._logger.error("An unhandled error occurred while syncing '%s'", this.name)
            raise

    def _sync_records(
        self,
        context: Context | None = None,
        *,
        write_messages: bool = True,
    ) -> t.Generator[Record, None, None]:
        """Sync records of ``context`` (or of every partition); yield each selected record."""
        from singer_sdk._stream import Stream

        this = t.cast("Stream", self)
        # Hooks left as the defaults cost nothing per record.
        post_process = this.post_process if overrides(type(this), Stream, "post_process") else None
        custom_processing = overrides(type(this), StreamSync, "_process_record")
        record_counter = this.get_record_counter()
        timer = this.get_sync_timer()
        selected = this.selected
        manager = this.state_manager
        # A full-table stream (also one forced to full table by the catalog) keeps no bookmark:
        # an old one would only make its re-read look unsorted.
        has_key = bool(this.replication_key) and this.replication_method != REPLICATION_FULL_TABLE
        frequency = self.STATE_MSG_FREQUENCY
        limit = self.ABORT_AT_RECORD_COUNT
        # Bound once: these run for every record.
        write_record = self._write_record_message if write_messages else None
        increment = manager.increment
        batch_writer = self._batch_writer
        if batch_writer is not None:  # BATCH mode: its writer flushes and writes the STATE
            write_record = batch_writer.add
            increment = batch_writer.defer_increment
            frequency = 1 << 62
        count = record_counter.increment
        record_index = 0
        context_list = [context] if context is not None else this.partitions
        with record_counter, timer:
            for context_element in context_list or [{}]:
                record_counter.with_context(context_element)
                timer.with_context(context_element)
                current_context = context_element or None
                if context is None:  # a partition: it is the stream's context while it syncs
                    self.context = (
                        MappingProxyType(dict(current_context)) if current_context else None
                    )
                partition_context = manager.get_state_partition_context(current_context)
                process = custom_processing or bool(partition_context) or bool(self.child_streams)
                self._write_starting_replication_value(current_context)
                child_context = None if current_context is None else copy.copy(current_context)
                records: t.Iterable[t.Any] = this.get_records(current_context)
                for partition_index, result in enumerate(records):
                    if limit is not None and record_index >= limit:
                        self._abort_sync(
                            MaxRecordsLimitException(
                                f"Stream '{this.name}' stopped early: it reached its record "
                                f"limit ({limit})."
                            )
                        )
                    record: Record | None
                    if isinstance(result, tuple):
                        warnings.warn(
                            "Yielding (record, child_context) tuples from get_records is "
                            "deprecated; yield records and override get_child_context.",
                            SingerSDKDeprecationWarning,
                            stacklevel=2,
                        )
                        record, child_context = result
                    else:
                        record = result
                    if post_process is not None:
                        record = post_process(record, current_context)
                        if record is None:
                            continue
                    if process:
                        self._process_record(
                            record,
                            child_context=child_context,
                            partition_context=partition_context,
                        )
                    if selected:
                        if write_record is not None:
                            write_record(record)
                        if has_key:
                            try:
                                increment(record, current_context)
                            except InvalidStreamSortException as exc:
                                manager.log_sort_error(
                                    ex=exc,
                                    record_count=record_index + 1,
                                    partition_record_count=partition_index + 1,
                                    current_context=current_context,
                                )
                                raise
                        if write_messages and (record_index + 1) % frequency == 0:
                            self._write_state_message()
                        count()
                        yield record
                    record_index += 1
                if batch_writer is not None:
                    batch_writer.flush()  # before the context's bookmarks are finalised
                if current_context == partition_context:
                    self._finalize_state(this.get_context_state(current_context))
                if write_messages and current_context is not None:
                    self._write_state_message()  # a finished context is a point to resume from
        if not context:
            self._finalize_state(this.stream_state)
        if write_messages:
            self._write_state_message()

    # -- BATCH mode --------------------------------------------------------------------------------

    def _get_sync_batch_config(self) -> BatchConfig | None:
        """Return the stream's batch config if the tap has the BATCH capability, else None."""
        from singer_sdk.helpers.capabilities import PluginCapabilities

        if PluginCapabilities.BATCH not in getattr(type(self._tap), "capabilities", ()):
            return None
        this = t.cast("Stream", self)
        return this.get_batch_config(this.config)

    def _sync_batches(self, batch_config: BatchConfig, context: Context | None = None) -> None:
        """Sync in BATCH mode: records to files, a BATCH message per file set, then STATE."""
        from singer_sdk._batch.tap import sync_batches

        sync_batches(t.cast("Stream", self), batch_config, context)

    def _write_batch_message(
        self,
        encoding: BaseBatchFileEncoding,
        manifest: list[str],
        *,
        stream: str | None = None,
    ) -> None:
        """Write a BATCH message for ``manifest`` (of output ``stream``; default: the primary)."""
        from singer_sdk.helpers._batch import SDKBatchMessage

        self._tap.write_message(
            SDKBatchMessage(
                stream=stream or self.stream_maps[0].stream_alias,
                encoding=encoding,
                manifest=list(manifest),
                version=self._stream_version,
            )
        )

    def _process_record(
        self,
        record: Record,
        child_context: Context | None = None,
        partition_context: Context | None = None,
    ) -> None:
        """Add the partition's context keys missing from ``record`` and sync child streams."""
        if partition_context:
            for key, value in partition_context.items():
                if key not in record:
                    record[key] = value
        if not self.child_streams:
            return
        this = t.cast("Stream", self)
        for context in this.generate_child_contexts(record=record, context=child_context):
            if self.stream_maps[0].get_filter_result(record):
                self._sync_children(copy.copy(context))

    def _sync_children(self, child_context: Context | None) -> None:
        if child_context is None:
            self._logger.warning(
                "Context for child streams of '%s' is null, skipping sync of any child streams",
                self.name,
            )
            return
        for child in self.child_streams:
            if child.selected or child.has_selected_descendents:
                try:
                    child.sync(context=child_context)
                except (AbortedSyncFailedException, AbortedSyncPausedException):
                    continue

    def _abort_sync(self, abort_reason: Exception) -> t.NoReturn:
        """Write pending state and stop the sync, resumable or not.

        Raises:
            AbortedSyncFailedException: the state cannot be resumed from (full table, unsorted).
            AbortedSyncPausedException: the state is a valid point to resume from.
        """
        this = t.cast("Stream", self)
        self._write_state_message()
        if this.replication_method == REPLICATION_FULL_TABLE:
            msg = f"Sync of full-table stream '{this.name}' aborted"
            raise AbortedSyncFailedException(msg) from abort_reason
        if this.state_manager.is_state_non_resumable():
            msg = f"Sync of '{this.name}' aborted; its state is not resumable"
            raise AbortedSyncFailedException(msg) from abort_reason
        raise AbortedSyncPausedException(str(abort_reason)) from abort_reason

    def _check_max_record_limit(self, current_record_index: int) -> None:
        """Abort the sync if ``current_record_index`` reached ``ABORT_AT_RECORD_COUNT``."""
        limit = self.ABORT_AT_RECORD_COUNT
        if limit is not None and current_record_index >= limit:
            self._abort_sync(
                MaxRecordsLimitException(
                    f"Stream '{self.name}' stopped early: it reached its record limit ({limit})."
                )
            )


def _writes_plainly(tap: t.Any) -> bool:
    """Whether ``tap.write_message`` is the stock one (so messages may skip building objects)."""
    from singer_sdk._plugin import BaseSingerWriter

    return hasattr(type(tap), "write_message") and not overrides(
        type(tap), BaseSingerWriter, "write_message"
    )
