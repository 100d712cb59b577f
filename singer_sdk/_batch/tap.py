"""The tap side of BATCH: a stream's records go to files, BATCH messages announce them.

Records take the same path as in RECORD mode (post-processing, child streams, selection,
type conformance, stream maps) up to the point where a RECORD message would be written; there
they are written to the open file of their output stream instead. Every ``batch_size`` records
(and when a context or the stream ends) the files are closed and moved into place, a BATCH
message is written per output stream, and then a STATE covering exactly those records.

To get that state right, bookmarks are advanced only when the files holding the records are
complete: the replication key values are kept until then. So no STATE (also none written by
a child stream meanwhile) ever covers a record that is not in an announced file, and resuming
from any STATE neither loses nor repeats records.
"""

from __future__ import annotations

import typing as t
import uuid

from singer_sdk._batch.batchers import batch_file_name, get_batcher_class, open_file_writer
from singer_sdk.helpers._batch import BaseBatchFileEncoding

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

    from singer_sdk._batch.batchers import FileWriter
    from singer_sdk._stream_types import CompiledOutput, SyncedStream
    from singer_sdk._types import Context, Record
    from singer_sdk.helpers._batch import BatchConfig

__all__ = ["BatchSyncer", "StreamBatchWriter", "default_get_batches", "sync_batches"]

#: (output stream name, file URLs) of each BATCH of one flush.
Batches = list[tuple[str, list[str]]]

_BUILTIN_FORMATS = frozenset({"jsonl", "parquet"})


class BatchSyncer(t.Protocol):
    """What BATCH mode uses of a stream's sync loop (:class:`~singer_sdk._sync.StreamSyncer`)."""

    #: Where the loop sends records instead of writing RECORD messages (None: RECORD mode).
    batch_writer: StreamBatchWriter | None
    #: The compiled record path, if compiled yet.
    compiled: CompiledOutput | None

    @property
    def stream(self) -> SyncedStream: ...

    def compiled_output(self) -> CompiledOutput: ...


class StreamBatchWriter:
    """Collects a stream's outgoing records into BATCH files, ``batch_size`` at a time.

    Args:
        syncer: the sync loop of the stream being synced.
        batch_config: encoding, storage and records per file.
        on_flush: called with the batches of each flush, after the files are in place and
            the bookmarks advanced over their records.
        primary_only: write only the stream's primary output (for :meth:`Stream.get_batches`,
            whose batches carry no stream name).
        flush_on_state: flush before any STATE the stream writes (the sync's own writer).
    """

    def __init__(
        self,
        syncer: BatchSyncer,
        batch_config: BatchConfig,
        on_flush: Callable[[Batches], None],
        *,
        primary_only: bool = False,
        flush_on_state: bool = False,
    ) -> None:
        stream = syncer.stream
        self._stream = stream
        self._syncer = syncer
        self._config = batch_config
        self._size = batch_config.batch_size
        raw = batch_config.encoding
        fmt = str(getattr(raw.format, "value", raw.format))
        self.encoding = BaseBatchFileEncoding(fmt, raw.compression)
        self._format = fmt
        batcher_class = get_batcher_class(fmt)  # fails early for an unknown format
        builtin = getattr(batcher_class, "_format", None) == fmt and fmt in _BUILTIN_FORMATS
        self._batcher_class = None if builtin else batcher_class
        self._token = str(uuid.uuid4())
        self._index = 0
        self._files: dict[str, FileWriter] = {}
        self._buffers: dict[str, list[dict[str, t.Any]]] = {}
        self._schemas: dict[str, dict[str, t.Any]] = {}
        self._count = 0
        self._increments: list[tuple[dict[str, t.Any], Context | None]] = []
        self._replication_key = stream.replication_key or ""
        self._on_flush = on_flush
        self._primary_only = primary_only
        self.flush_on_state = flush_on_state

    # -- per record ------------------------------------------------------------------------------

    def add(self, record: Record) -> None:
        """Prune, conform and map ``record``; write each output to its stream's file."""
        if self._count >= self._size:
            self.flush()
        self._count += 1
        syncer = self._syncer
        compiled = syncer.compiled or syncer.compiled_output()
        if not compiled.prunes_nothing:
            compiled.prune(record)
        conformed = compiled.conform(record)
        alias = compiled.single_alias
        if alias is not None:
            writer = self._files.get(alias)
            if writer is None:
                self._output(alias, compiled.maps[0].transformed_schema, conformed)
            else:
                writer.write(conformed)
            return
        maps = compiled.maps[:1] if self._primary_only else compiled.maps
        for stream_map in maps:
            if getattr(stream_map, "drops_stream", False):
                continue
            mapped = stream_map.transform(conformed)
            if mapped is not None:
                self._output(stream_map.stream_alias, stream_map.transformed_schema, mapped)

    def defer_increment(self, record: Mapping[str, t.Any], context: Context | None = None) -> None:
        """Keep ``record``'s replication key value until its file is complete."""
        key = self._replication_key
        self._increments.append(({key: record.get(key)}, context))

    def _output(self, alias: str, schema: dict[str, t.Any], record: dict[str, t.Any]) -> None:
        if self._batcher_class is not None:
            self._schemas.setdefault(alias, schema)
            self._buffers.setdefault(alias, []).append(record)
            return
        writer = self._files.get(alias)
        if writer is None:
            self._index += 1
            storage = self._config.storage
            name = batch_file_name(
                prefix=storage.prefix,
                tap_name=self._stream.tap_name,
                stream_name=alias,
                token=self._token,
                index=self._index,
                encoding=self.encoding,
            )
            writer = open_file_writer(
                self._format,
                storage.get_url(name),
                gzip_compress=self.encoding.compression == "gzip",
                schema=schema,
                params=storage.params,
            )
            self._files[alias] = writer
        writer.write(record)

    # -- per batch -------------------------------------------------------------------------------

    def flush(self) -> None:
        """Close the open files, advance the bookmarks over their records, report them.

        Does nothing when no record came since the last flush.
        """
        if not self._count and not self._increments:
            return
        files, self._files = self._files, {}
        buffers, self._buffers = self._buffers, {}
        increments, self._increments = self._increments, []
        self._count = 0
        batches: Batches = []
        try:
            for alias, writer in files.items():
                batches.append((alias, [writer.commit()]))
            for alias, rows in buffers.items():
                batches.append((alias, self._encode_with_batcher(alias, rows)))
        except BaseException:
            for writer in files.values():
                writer.abort()
            raise
        manager = self._stream.state_manager
        if increments:
            increment = manager.increment
            for values, context in increments:
                increment(values, context)
        manager.is_flushed = False
        self._on_flush(batches)

    def _encode_with_batcher(self, alias: str, rows: list[dict[str, t.Any]]) -> list[str]:
        assert self._batcher_class is not None
        batcher = self._batcher_class(self._stream.tap_name, alias, self._config)
        batcher.schema = self._schemas.get(alias)
        return [url for manifest in batcher.get_batches(iter(rows)) for url in manifest]

    def abort(self) -> None:
        """Drop the files being written (nothing appears under their final names)."""
        files, self._files = self._files, {}
        for writer in files.values():
            writer.abort()
        self._buffers = {}
        self._increments = []
        self._count = 0


def sync_batches(
    syncer: BatchSyncer,
    batch_config: BatchConfig,
    context: Context | None,
    *,
    custom_batches: bool,
) -> None:
    """Sync a stream (for ``context``) in BATCH mode: files, BATCH messages, STATE.

    A stream that overrides ``get_batches`` (``custom_batches``) gets a BATCH message (for its
    primary output) and a STATE after each batch it yields.
    """
    stream = syncer.stream
    counter = stream.get_batch_counter()
    if custom_batches:
        with counter:
            for encoding, manifest in stream.get_batches(batch_config, context):
                stream._write_batch_message(encoding=encoding, manifest=manifest)
                counter.increment()
                stream.state_manager.is_flushed = False
                stream._write_state_message()
        if not context:
            stream._finalize_state(stream.stream_state)
        stream._write_state_message()
        return

    def on_flush(batches: Batches) -> None:
        for alias, manifest in batches:
            stream._write_batch_message(encoding=writer.encoding, manifest=manifest, stream=alias)
            counter.increment()
        stream._write_state_message()

    writer = StreamBatchWriter(syncer, batch_config, on_flush, flush_on_state=True)
    previous = syncer.batch_writer
    syncer.batch_writer = writer
    try:
        with counter:
            for _ in stream._sync_records(context):
                pass
            writer.flush()
    except BaseException:
        writer.abort()
        raise
    finally:
        syncer.batch_writer = previous


def default_get_batches(
    syncer: BatchSyncer, batch_config: BatchConfig, context: Context | None
) -> Iterator[tuple[BaseBatchFileEncoding, list[str]]]:
    """Yield ``(encoding, manifest)`` per batch of the stream's primary output.

    Bookmarks are advanced over a batch's records just before it is yielded.
    """
    ready: Batches = []
    writer = StreamBatchWriter(syncer, batch_config, ready.extend, primary_only=True)
    previous = syncer.batch_writer
    syncer.batch_writer = writer
    try:
        for _ in syncer.stream._sync_records(context, write_messages=False):
            while ready:
                yield writer.encoding, ready.pop(0)[1]
        writer.flush()
        while ready:
            yield writer.encoding, ready.pop(0)[1]
    except BaseException:
        writer.abort()
        raise
    finally:
        syncer.batch_writer = previous
