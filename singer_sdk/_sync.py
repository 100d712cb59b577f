"""The sync loop of a stream: records in, Singer messages out, state kept right.

For each context (partition, parent context, or none) the loop reads records from
``get_records``, post-processes them, syncs child streams, prunes deselected properties,
conforms values to the schema, applies stream maps, writes RECORD messages and advances the
bookmark. STATE is written every ``STATE_MSG_FREQUENCY`` records and when a context or the stream
ends, always after the records it covers.

The per-record work is compiled once per stream (selection pruner, type conformer, stream maps,
output function) and rebuilt only when the schema, selection or catalog change.

The loop is a collaborator of the stream (:class:`StreamSyncer`), typed against what it uses
of a stream (:class:`SyncedStream`), so this module does not depend on ``singer_sdk._stream``:
the stream's hook methods delegate here, and the loop calls back into them.
"""

from __future__ import annotations

import copy
import datetime as dt
import typing as t
import warnings
from types import MappingProxyType

from singer_sdk._catalog.metadata import REPLICATION_FULL_TABLE
from singer_sdk._catalog.selection import SelectionPlan
from singer_sdk._compat import SingerSDKDeprecationWarning
from singer_sdk._exceptions import (
    AbortedSyncFailedException,
    AbortedSyncPausedException,
    InvalidStreamSortException,
    MaxRecordsLimitException,
)
from singer_sdk._mapping.identity import IdentityStreamMap
from singer_sdk._messages.io import MessageWriter
from singer_sdk._messages.models import (
    ActivateVersionMessage,
    RecordMessage,
    SchemaMessage,
)
from singer_sdk._overrides import overrides
from singer_sdk._schema.conform import build_conformer
from singer_sdk._stream_types import CompiledOutput, StreamMapLike, SyncedStream

if t.TYPE_CHECKING:
    from singer_sdk._batch.tap import StreamBatchWriter
    from singer_sdk._types import Context, Record
    from singer_sdk.helpers._batch import BaseBatchFileEncoding, BatchConfig

__all__ = ["FAST_PATH_HOOKS", "StreamSyncer", "SyncedStream"]

#: The stream hooks whose defaults the loop skips or calls directly when a stream class keeps
#: them (the stream tells its syncer which of them its class overrides).
FAST_PATH_HOOKS = (
    "_generate_record_messages",
    "_process_record",
    "_write_record_message",
    "get_batches",
    "post_process",
)

_UTC = dt.UTC
_now = dt.datetime.now


class StreamSyncer:
    """The sync loop of one stream: the collaborator behind ``Stream.sync`` and its hooks.

    The stream's hook methods (``sync``, ``_sync_records``, ``_write_record_message``, ...)
    delegate here, and the loop calls back into the stream's hooks, so overriding one on a
    stream class works as with the reference.

    Args:
        stream: the stream to sync.
        overridden: the fast-path hooks (:data:`FAST_PATH_HOOKS`) the stream's class overrides;
            the loop skips or inlines the default of every other one.
    """

    def __init__(self, stream: SyncedStream, *, overridden: t.AbstractSet[str]) -> None:
        self._stream = stream
        self._overridden = overridden
        #: The compiled record path (None: compile it on first use, see :meth:`compiled_output`).
        self.compiled: CompiledOutput | None = None
        self._stream_maps: list[StreamMapLike] | None = None
        self.schema_written = False
        #: The ACTIVATE_VERSION version of the records (``Stream._stream_version``).
        self.stream_version: int | None = None
        #: In BATCH mode, where records go instead of RECORD messages (see singer_sdk._batch).
        self.batch_writer: StreamBatchWriter | None = None

    @property
    def stream(self) -> SyncedStream:
        """The stream this loop syncs."""
        return self._stream

    def invalidate(self) -> None:
        """Forget the compiled record path (schema, selection or catalog changed)."""
        self.compiled = None
        self._stream_maps = None

    # -- stream maps -----------------------------------------------------------------------------

    @property
    def stream_maps(self) -> list[StreamMapLike]:
        """The stream maps records go through; the first is the stream itself."""
        if self._stream_maps is None:
            stream = self._stream
            mapper = getattr(stream._tap, "_mapper", None)
            maps: list[StreamMapLike] | None = None
            if mapper is not None and getattr(mapper, "is_active", True):
                # (Re-)register the selected schema: the mapper rebuilds maps only if it changed.
                plan = SelectionPlan(stream.effective_schema, stream.mask)
                mapper.register_raw_stream_schema(stream.name, plan.schema, stream.primary_keys)
                maps = mapper.stream_maps.get(stream.name)
            if not maps:
                plan = SelectionPlan(stream.effective_schema, stream.mask)
                maps = [IdentityStreamMap(stream.name, plan.schema, stream.primary_keys)]
            self._stream_maps = maps
        return self._stream_maps

    def compiled_output(self) -> CompiledOutput:
        """Return what writing one record takes, compiled on first use."""
        return self.compiled or self._compile_output()

    def _compile_output(self) -> CompiledOutput:
        stream = self._stream
        plan = SelectionPlan(stream.effective_schema, stream.mask)
        conform = build_conformer(
            stream.effective_schema,
            stream.TYPE_CONFORMANCE_LEVEL,
            stream_name=stream.name,
            logger=stream._logger,
            check_floats=False,  # the codec writes non-finite floats as null
        )
        writer = getattr(stream._tap, "message_writer", None)
        fast = (
            isinstance(writer, MessageWriter)
            and "_generate_record_messages" not in self._overridden
            and _writes_plainly(stream._tap)
        )
        write_dict = writer.write_dict if fast and isinstance(writer, MessageWriter) else None
        self.compiled = CompiledOutput(
            plan, conform, stream.stream_maps, write_dict, stream.state_manager
        )
        return self.compiled

    # -- messages ----------------------------------------------------------------------------------

    def generate_schema_messages(self) -> t.Iterator[SchemaMessage]:
        """Yield the SCHEMA message of each stream map (the stream itself first)."""
        stream = self._stream
        bookmark_keys = [stream.replication_key] if stream.replication_key else None
        for stream_map in stream.stream_maps:
            if getattr(stream_map, "drops_stream", False):
                continue
            yield SchemaMessage(
                stream_map.stream_alias,
                stream_map.transformed_schema,
                stream_map.transformed_key_properties,
                bookmark_keys,
            )

    def write_schema_message(self) -> None:
        """Write the stream's SCHEMA message(s)."""
        write_message = self._stream._tap.write_message
        for message in self._stream._generate_schema_messages():
            write_message(message)

    def write_activate_version_message(self, full_table_version: int) -> None:
        """Write an ACTIVATE_VERSION message for each stream map."""
        stream = self._stream
        for stream_map in stream.stream_maps:
            if getattr(stream_map, "drops_stream", False):
                continue
            stream._tap.write_message(
                ActivateVersionMessage(stream=stream_map.stream_alias, version=full_table_version)
            )

    def generate_record_messages(self, record: Record) -> t.Iterator[RecordMessage]:
        """Yield the RECORD message(s) of ``record``: pruned, conformed and mapped."""
        compiled = self.compiled or self._compile_output()
        compiled.prune(record)
        conformed = compiled.conform(record)
        extracted = _now(_UTC)
        for stream_map in compiled.maps:
            mapped = stream_map.transform(conformed)
            if mapped is not None:
                yield RecordMessage(
                    stream=stream_map.stream_alias,
                    record=mapped,
                    version=self.stream_version,
                    time_extracted=extracted,
                )

    def write_record_message(self, record: Record) -> None:
        """Write the RECORD message(s) of ``record`` (the compiled fast path when possible)."""
        compiled = self.compiled or self._compile_output()
        write_dict = compiled.write_dict
        if write_dict is None:
            write_message = self._stream._tap.write_message
            for record_message in self._stream._generate_record_messages(record):
                write_message(record_message)
        else:
            if not compiled.prunes_nothing:
                compiled.prune(record)
            conformed = compiled.conform(record)
            extracted = _now(_UTC)
            version = self.stream_version
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
        self._stream.state_manager.is_flushed = False

    def write_state_message(self) -> None:
        """Write the tap state if this stream changed it since the last STATE."""
        if self.batch_writer is not None and self.batch_writer.flush_on_state:
            self.batch_writer.flush()  # a STATE covers only records in announced files
        stream = self._stream
        manager = stream.state_manager
        if not manager.is_flushed:
            _ = manager.stream_state  # make sure the stream has its entry
            stream._tap.state_writer.write_state(stream._tap.state)
            manager.is_flushed = True

    # -- state -------------------------------------------------------------------------------------

    def write_starting_replication_value(self, context: Context | None) -> None:
        """Record where the sync of ``context`` starts (bookmark or ``start_date``)."""
        stream = self._stream
        stream.state_manager.write_starting_replication_value(
            context=context,
            replication_method=stream.replication_method,
            replication_key=stream.replication_key,
            config=dict(stream.config),
            compare_start_date_fn=stream.compare_start_date,
        )

    def increment_stream_state(self, latest_record: Record, *, context: Context | None) -> None:
        """Advance the bookmark of ``context`` over ``latest_record`` (incremental streams)."""
        stream = self._stream
        if stream.replication_key and stream.replication_method != REPLICATION_FULL_TABLE:
            stream.state_manager.increment(latest_record, context)

    def finalize_state_progress_markers(self, state: dict[str, t.Any] | None = None) -> None:
        """Make the state final (progress markers promoted) and write it."""
        stream = self._stream
        if not state:
            for child in stream.child_streams:
                if child.selected:
                    child.finalize_state_progress_markers()
            if not stream.selected:
                return
            stream.state_manager.finalize_all()
        else:
            stream._finalize_state(state)
        stream._write_state_message()

    # -- the loop ----------------------------------------------------------------------------------

    def sync(self, context: Context | None = None) -> None:
        """Sync the stream (for ``context``, or every partition): write its messages and state."""
        stream = self._stream
        logger = stream._logger
        context = stream.preprocess_context(context) if context else None
        if context:
            logger.info(
                "Beginning %s sync of '%s' with context keys %s",
                stream.replication_method.lower(),
                stream.name,
                tuple(sorted(context)),
            )
        else:
            logger.info("Beginning %s sync of '%s'", stream.replication_method.lower(), stream.name)
        stream.context = MappingProxyType(dict(context)) if context else None
        manager = stream.state_manager  # settings may have changed since it was made
        manager.replication_key = stream.replication_key
        manager.is_timestamp_key = stream.is_timestamp_replication_key
        signpost = stream.get_replication_key_signpost(context)
        if signpost:
            stream._write_replication_key_signpost(context, signpost)
        selected = stream.selected
        if selected and not self.schema_written:
            stream._write_schema_message()
            self.schema_written = True
            if stream.replication_method == REPLICATION_FULL_TABLE and (
                stream.emit_activate_version_messages
            ):
                self.stream_version = stream._initialized_at // 1000
                stream._write_activate_version_message(self.stream_version)
        try:
            batch_config = self._get_sync_batch_config()
            if batch_config is None:
                for _ in stream._sync_records(context):
                    pass
            else:
                stream._sync_batches(batch_config, context)
        except (AbortedSyncFailedException, AbortedSyncPausedException) as exc:
            # A record limit was reached (dry runs, --test): expected, not an error.
            logger.info("%s", exc.__cause__ or exc)
            raise
        except Exception:
            logger.error("An unhandled error occurred while syncing '%s'", stream.name)
            raise

    def sync_records(
        self,
        context: Context | None = None,
        *,
        write_messages: bool = True,
    ) -> t.Generator[Record, None, None]:
        """Sync records of ``context`` (or of every partition); yield each selected record."""
        stream = self._stream
        overridden = self._overridden
        # Hooks left as the defaults cost nothing per record, or are called here directly.
        post_process = stream.post_process if "post_process" in overridden else None
        custom_processing = "_process_record" in overridden
        process_record = stream._process_record if custom_processing else self.process_record
        record_counter = stream.get_record_counter()
        timer = stream.get_sync_timer()
        selected = stream.selected
        manager = stream.state_manager
        # A full-table stream (also one forced to full table by the catalog) keeps no bookmark:
        # an old one would only make its re-read look unsorted.
        has_key = (
            bool(stream.replication_key) and stream.replication_method != REPLICATION_FULL_TABLE
        )
        frequency = stream.STATE_MSG_FREQUENCY
        limit = stream.ABORT_AT_RECORD_COUNT
        # Bound once: these run for every record.
        write_record: t.Callable[[Record], None] | None = None
        if write_messages:
            write_record = (
                stream._write_record_message
                if "_write_record_message" in overridden
                else self.write_record_message
            )
        increment = manager.increment
        batch_writer = self.batch_writer
        if batch_writer is not None:  # BATCH mode: its writer flushes and writes the STATE
            write_record = batch_writer.add
            increment = batch_writer.defer_increment
            frequency = 1 << 62
        count = record_counter.increment
        record_index = 0
        context_list = [context] if context is not None else stream.partitions
        with record_counter, timer:
            for context_element in context_list or [{}]:
                record_counter.with_context(context_element)
                timer.with_context(context_element)
                current_context = context_element or None
                if context is None:  # a partition: it is the stream's context while it syncs
                    stream.context = (
                        MappingProxyType(dict(current_context)) if current_context else None
                    )
                partition_context = manager.get_state_partition_context(current_context)
                process = custom_processing or bool(partition_context) or bool(stream.child_streams)
                stream._write_starting_replication_value(current_context)
                child_context = None if current_context is None else copy.copy(current_context)
                records: t.Iterable[t.Any] = stream.get_records(current_context)
                for partition_index, result in enumerate(records):
                    if limit is not None and record_index >= limit:
                        stream._abort_sync(
                            MaxRecordsLimitException(
                                f"Stream '{stream.name}' stopped early: it reached its record "
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
                        process_record(
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
                            stream._write_state_message()
                        count()
                        yield record
                    record_index += 1
                if batch_writer is not None:
                    batch_writer.flush()  # before the context's bookmarks are finalised
                if current_context == partition_context:
                    stream._finalize_state(stream.get_context_state(current_context))
                if write_messages and current_context is not None:
                    stream._write_state_message()  # a finished context is a point to resume from
        if not context:
            stream._finalize_state(stream.stream_state)
        if write_messages:
            stream._write_state_message()

    # -- BATCH mode --------------------------------------------------------------------------------

    def _get_sync_batch_config(self) -> BatchConfig | None:
        """Return the stream's batch config if the tap has the BATCH capability, else None."""
        from singer_sdk._capabilities import PluginCapabilities

        stream = self._stream
        if PluginCapabilities.BATCH not in getattr(type(stream._tap), "capabilities", ()):
            return None
        return stream.get_batch_config(stream.config)

    def sync_batches(self, batch_config: BatchConfig, context: Context | None = None) -> None:
        """Sync in BATCH mode: records to files, a BATCH message per file set, then STATE."""
        from singer_sdk._batch.tap import sync_batches

        sync_batches(self, batch_config, context, custom_batches="get_batches" in self._overridden)

    def write_batch_message(
        self,
        encoding: BaseBatchFileEncoding,
        manifest: list[str],
        *,
        stream: str | None = None,
    ) -> None:
        """Write a BATCH message for ``manifest`` (of output ``stream``; default: the primary)."""
        from singer_sdk.helpers._batch import SDKBatchMessage

        self._stream._tap.write_message(
            SDKBatchMessage(
                stream=stream or self._stream.stream_maps[0].stream_alias,
                encoding=encoding,
                manifest=list(manifest),
                version=self.stream_version,
            )
        )

    # -- child streams and stopping ----------------------------------------------------------------

    def process_record(
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
        stream = self._stream
        if not stream.child_streams:
            return
        for context in stream.generate_child_contexts(record=record, context=child_context):
            if stream.stream_maps[0].get_filter_result(record):
                stream._sync_children(copy.copy(context))

    def sync_children(self, child_context: Context | None) -> None:
        """Sync the selected child streams (or those with selected descendents) for a record."""
        stream = self._stream
        if child_context is None:
            stream._logger.warning(
                "Context for child streams of '%s' is null, skipping sync of any child streams",
                stream.name,
            )
            return
        for child in stream.child_streams:
            if child.selected or child.has_selected_descendents:
                try:
                    child.sync(context=child_context)
                except (AbortedSyncFailedException, AbortedSyncPausedException):
                    continue

    def abort_sync(self, abort_reason: Exception) -> t.NoReturn:
        """Write pending state and stop the sync, resumable or not.

        Raises:
            AbortedSyncFailedException: the state cannot be resumed from (full table, unsorted).
            AbortedSyncPausedException: the state is a valid point to resume from.
        """
        stream = self._stream
        stream._write_state_message()
        if stream.replication_method == REPLICATION_FULL_TABLE:
            msg = f"Sync of full-table stream '{stream.name}' aborted"
            raise AbortedSyncFailedException(msg) from abort_reason
        if stream.state_manager.is_state_non_resumable():
            msg = f"Sync of '{stream.name}' aborted; its state is not resumable"
            raise AbortedSyncFailedException(msg) from abort_reason
        raise AbortedSyncPausedException(str(abort_reason)) from abort_reason

    def check_max_record_limit(self, current_record_index: int) -> None:
        """Abort the sync if ``current_record_index`` reached ``ABORT_AT_RECORD_COUNT``."""
        stream = self._stream
        limit = stream.ABORT_AT_RECORD_COUNT
        if limit is not None and current_record_index >= limit:
            stream._abort_sync(
                MaxRecordsLimitException(
                    f"Stream '{stream.name}' stopped early: it reached its record limit ({limit})."
                )
            )


def _writes_plainly(tap: t.Any) -> bool:
    """Whether ``tap.write_message`` is the stock one (so messages may skip building objects)."""
    from singer_sdk._plugin import BaseSingerWriter

    return hasattr(type(tap), "write_message") and not overrides(
        type(tap), BaseSingerWriter, "write_message"
    )
