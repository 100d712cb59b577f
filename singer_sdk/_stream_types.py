"""The types between the tap, its streams, the sync loop and the BATCH writer.

:class:`TapLike` is what a stream (:mod:`singer_sdk._stream`) uses of its tap;
:class:`SyncedStream` is what the sync loop (:mod:`singer_sdk._sync`) and the tap side of
BATCH (:mod:`singer_sdk._batch.tap`) use of a stream (:class:`~singer_sdk.Stream` is one);
:class:`CompiledOutput` is the per-stream compiled record path both write records with. Being
below all of them, this module lets each depend on it instead of on one another:
``_tap`` -> ``_stream`` -> ``_sync`` -> ``_batch.tap`` -> here.
"""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    import logging

    from singer_sdk._catalog.catalog import Catalog
    from singer_sdk._catalog.selection import SelectionPlan
    from singer_sdk._messages.models import RecordMessage, SchemaMessage
    from singer_sdk._state.manager import StreamStateManager
    from singer_sdk._types import Context, Record
    from singer_sdk.helpers._batch import BaseBatchFileEncoding, BatchConfig

__all__ = ["CompiledOutput", "StreamMapLike", "SyncedStream", "TapLike"]


class TapLike(t.Protocol):
    """What a stream uses of its tap (:class:`~singer_sdk.Tap` is one), and connectors of it."""

    name: str
    metrics_logger: logging.Logger

    @property
    def config(self) -> t.Mapping[str, t.Any]: ...

    @property
    def state(self) -> dict[str, t.Any]: ...

    @property
    def logger(self) -> logging.Logger: ...

    @property
    def initialized_at(self) -> int: ...

    @property
    def streams(self) -> t.Mapping[str, t.Any]: ...

    @property
    def catalog(self) -> Catalog: ...

    @property
    def input_catalog(self) -> Catalog | None: ...

    @classmethod
    def get_plugin_version(cls) -> str: ...

    @classmethod
    def get_sdk_version(cls) -> str: ...


class StreamMapLike(t.Protocol):
    """What the loop uses of a stream map (``singer_sdk._mapping``)."""

    stream_alias: str
    transformed_schema: dict[str, t.Any]
    transformed_key_properties: t.Sequence[str] | None

    def transform(self, record: dict[str, t.Any]) -> dict[str, t.Any] | None: ...

    def get_filter_result(self, record: dict[str, t.Any]) -> bool: ...


class CompiledOutput:
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
        maps: list[StreamMapLike],
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


class SyncedStream(t.Protocol):
    """What the sync loop uses of a stream: its facts, its state manager and its hooks.

    :class:`~singer_sdk.Stream` is one; the loop calls the stream's hooks (never its own copy)
    wherever a connector may have overridden them.
    """

    context: Context | None

    # -- facts -----------------------------------------------------------------------------------

    @property
    def name(self) -> str: ...

    @property
    def tap_name(self) -> str: ...

    @property
    def _tap(self) -> t.Any: ...

    @property
    def _logger(self) -> logging.Logger: ...

    @property
    def _initialized_at(self) -> int: ...

    @property
    def child_streams(self) -> t.Sequence[SyncedStream]: ...

    @property
    def STATE_MSG_FREQUENCY(self) -> int: ...

    @property
    def ABORT_AT_RECORD_COUNT(self) -> int | None: ...

    @property
    def TYPE_CONFORMANCE_LEVEL(self) -> t.Any: ...

    @property
    def config(self) -> t.Mapping[str, t.Any]: ...

    @property
    def effective_schema(self) -> dict[str, t.Any]: ...

    @property
    def mask(self) -> t.Any: ...

    @property
    def primary_keys(self) -> t.Sequence[str] | None: ...

    @property
    def replication_key(self) -> str | None: ...

    @property
    def replication_method(self) -> str: ...

    @property
    def is_timestamp_replication_key(self) -> bool: ...

    @property
    def emit_activate_version_messages(self) -> bool: ...

    @property
    def selected(self) -> bool: ...

    @property
    def has_selected_descendents(self) -> bool: ...

    @property
    def partitions(self) -> list[dict[str, t.Any]] | None: ...

    @property
    def state_manager(self) -> StreamStateManager: ...

    @property
    def stream_state(self) -> dict[str, t.Any]: ...

    @property
    def stream_maps(self) -> list[t.Any]: ...

    # -- public hooks ----------------------------------------------------------------------------

    def get_records(self, context: Context | None) -> t.Iterable[t.Any]: ...

    def post_process(self, row: Record, context: Context | None = None) -> Record | None: ...

    def preprocess_context(self, context: Context) -> Context: ...

    def generate_child_contexts(
        self, record: Record, context: Context | None
    ) -> t.Iterable[Context | None]: ...

    def get_context_state(self, context: Context | None) -> dict[str, t.Any]: ...

    def get_replication_key_signpost(self, context: Context | None = None) -> t.Any | None: ...

    def compare_start_date(self, value: str, start_date_value: str) -> str: ...

    def get_batch_config(self, config: t.Mapping[str, t.Any]) -> BatchConfig | None: ...

    def get_record_counter(self) -> t.Any: ...

    def get_sync_timer(self) -> t.Any: ...

    def get_batch_counter(self) -> t.Any: ...

    def get_batches(
        self, batch_config: BatchConfig, context: Context | None = None
    ) -> t.Iterable[tuple[BaseBatchFileEncoding, list[str]]]: ...

    def sync(self, context: Context | None = None) -> None: ...

    def finalize_state_progress_markers(self, state: dict[str, t.Any] | None = None) -> None: ...

    # -- private hooks (the reference's names; connectors override some) -------------------------

    def _generate_schema_messages(self) -> t.Iterator[SchemaMessage]: ...

    def _write_schema_message(self) -> None: ...

    def _write_activate_version_message(self, full_table_version: int) -> None: ...

    def _generate_record_messages(self, record: Record) -> t.Iterator[RecordMessage]: ...

    def _write_record_message(self, record: Record) -> None: ...

    def _write_state_message(self) -> None: ...

    def _write_starting_replication_value(self, context: Context | None) -> None: ...

    def _write_replication_key_signpost(self, context: Context | None, value: t.Any) -> None: ...

    def _finalize_state(self, state: dict[str, t.Any] | None = None) -> None: ...

    def _sync_records(
        self, context: Context | None = None, *, write_messages: bool = True
    ) -> t.Generator[Record, None, None]: ...

    def _sync_batches(self, batch_config: BatchConfig, context: Context | None = None) -> None: ...

    def _process_record(
        self,
        record: Record,
        child_context: Context | None = None,
        partition_context: Context | None = None,
    ) -> None: ...

    def _write_batch_message(
        self,
        encoding: BaseBatchFileEncoding,
        manifest: list[str],
        *,
        stream: str | None = None,
    ) -> None: ...

    def _sync_children(self, child_context: Context | None) -> None: ...

    def _abort_sync(self, abort_reason: Exception) -> t.NoReturn: ...
