"""The Stream: what a tap author subclasses to describe and read one stream.

A stream is a set of facts (``name``, ``schema``, ``primary_keys``, ``replication_key``, ...)
plus hooks (``get_records``, ``post_process``, ``get_child_context``, ...). The sync loop that
turns records into Singer messages is a :class:`~singer_sdk._sync.StreamSyncer` the stream holds
(its hook methods delegate to it); the bookmark bookkeeping a
:class:`~singer_sdk._state.manager.StreamStateManager`. A stream knows its tap through
:class:`~singer_sdk._stream_types.TapLike`, so this module does not depend on
``singer_sdk._tap``.

Why this module is past 700 lines: ``Stream`` keeps every hook, property and private attribute
name of the reference's ``Stream`` (connectors override and read them: see
``tests/compat/attribute_contract.json``), most of them thin delegates to the collaborators.
"""

from __future__ import annotations

import abc
import datetime as dt
import functools
import json
import logging
import typing as t
import warnings
from os import PathLike
from pathlib import Path
from types import MappingProxyType

import singer_sdk._metrics as metrics
from singer_sdk._catalog.catalog import CatalogEntry
from singer_sdk._catalog.metadata import (
    REPLICATION_FULL_TABLE,
    REPLICATION_INCREMENTAL,
    MetadataMapping,
    SelectionMask,
)
from singer_sdk._compat import SingerSDKDeprecationWarning
from singer_sdk._exceptions import DiscoveryError, InvalidReplicationKeyException
from singer_sdk._overrides import overrides
from singer_sdk._schema.model import Schema
from singer_sdk._schema.options import TypeConformanceLevel
from singer_sdk._schema.predicates import declares_datetime
from singer_sdk._state.manager import StreamStateManager
from singer_sdk._stream_types import TapLike
from singer_sdk._sync import FAST_PATH_HOOKS, StreamSyncer

if t.TYPE_CHECKING:
    from importlib.abc import Traversable

    from singer_sdk._catalog.catalog import Catalog
    from singer_sdk._messages.models import RecordMessage, SchemaMessage
    from singer_sdk._types import Context, Record, StrPath, TapState
    from singer_sdk.helpers._batch import BaseBatchFileEncoding, BatchConfig

__all__ = ["Stream", "TapLike"]

_UTC = dt.UTC


class Stream(abc.ABC):
    """One stream of a tap: its facts, its hooks, and its sync loop (a collaborator).

    Subclass it, set ``name`` and ``schema`` (a dict, a :class:`~singer_sdk.singerlib.Schema`,
    a ``schema_filepath``, or a ``StreamSchema`` descriptor) and implement
    :meth:`get_records`.

    Args:
        tap: the tap the stream belongs to (config, state and output come from it).
        schema: the stream's JSON Schema, if not set on the class.
        name: the stream's name, if not set on the class.

    Raises:
        ValueError: the stream has no name, or the schema is of an unsupported type.
        FileNotFoundError: a schema file path does not exist.
    """

    #: Write a STATE message after this many records of the stream (across partitions).
    STATE_MSG_FREQUENCY: int = 10_000
    #: Stop the sync (raising ``MaxRecordsLimitException``) after this many records; None: never.
    ABORT_AT_RECORD_COUNT: int | None = None
    #: How deeply records are conformed to the schema's types before they are written.
    TYPE_CONFORMANCE_LEVEL: TypeConformanceLevel = TypeConformanceLevel.RECURSIVE

    #: The stream name (also its ``tap_stream_id`` unless that is overridden).
    name: str = ""
    _primary_keys: t.Sequence[str] | None = None
    #: The property whose maximum is kept as the bookmark; None for full-table streams.
    replication_key: str | None = None
    #: ``FULL_TABLE``, ``INCREMENTAL`` or ``LOG_BASED`` to override the inferred method.
    forced_replication_method: str | None = None
    #: Whether records come sorted by the replication key (makes interrupted syncs resumable).
    is_sorted: bool = False
    #: Whether a sorted stream fails when a replication key value decreases.
    check_sorted: bool = True
    _state_partitioning_keys: t.Sequence[str] | None = None
    #: Whether the stream is selected when the catalog says nothing about it.
    selected_by_default: bool = True
    #: The stream class whose records drive this (child) stream, if any.
    parent_stream_type: type[Stream] | None = None
    #: Don't let the parent's replication key filter this child (forces parent FULL_TABLE).
    ignore_parent_replication_key: bool = False
    if t.TYPE_CHECKING:
        #: A JSON file holding the schema (deprecated; use ``schema`` or a ``StreamSchema``).
        schema_filepath: Path | Traversable | None
        #: Context keys that partition the state; None: the whole context; ``[]``: none.
        state_partitioning_keys: t.Sequence[str] | None
    else:  # properties over private attributes, as in the reference; subclasses may set either

        @property
        def schema_filepath(self) -> Path | Traversable | None:
            """A JSON file holding the schema (deprecated; use ``schema`` or a ``StreamSchema``).

            Set it as a class attribute; a path passed as ``schema=`` is kept here too.
            """
            return self._schema_filepath

        @property
        def state_partitioning_keys(self) -> t.Sequence[str] | None:
            """Context keys that partition the state; None: the whole context; ``[]``: none."""
            return self._state_partitioning_keys

        @state_partitioning_keys.setter
        def state_partitioning_keys(self, value: t.Sequence[str] | None) -> None:
            self._state_partitioning_keys = value

    def __init__(
        self,
        tap: TapLike,
        schema: StrPath | dict[str, t.Any] | Schema | None = None,
        name: str | None = None,
    ) -> None:
        if name:
            self.name = name
        if not self.name:
            msg = (
                f"Stream class {type(self).__name__} has no name: set the class attribute "
                "'name' or pass name=..."
            )
            raise ValueError(msg)
        self._tap = tap
        # A copy, as in the reference: connectors read (and some assign) it.
        self._config: dict[str, t.Any] = dict(tap.config)
        #: The tap's whole state (the same dict as ``tap.state``).
        self._tap_state: dict[str, t.Any] = tap.state
        self.tap_name: str = tap.name
        self._logger = tap.logger.getChild(self.name)
        self.metrics_logger = tap.metrics_logger
        self._initialized_at: int = tap.initialized_at
        self.context: Context | None = None
        self.child_streams: list[Stream] = []
        self._tap_input_catalog: Catalog | None = None
        self._input_schema: dict[str, t.Any] | None = None
        self._metadata: MetadataMapping | None = None
        self._mask: SelectionMask | None = None
        self._state_manager: StreamStateManager | None = None
        self._sync_costs: dict[str, int] = {}
        #: The schema file passed as ``schema=`` (deprecated), else None.
        self._schema_filepath: Path | Traversable | None = None
        #: The schema given to the constructor or read from ``schema_filepath``; None when the
        #: subclass declares ``schema`` itself (a dict, a descriptor or a property), which then
        #: shadows the :attr:`schema` property. Connectors read and assign it, as with the
        #: reference.
        self._schema: dict[str, t.Any] | None = self._resolve_schema(schema)

    # -- schema ----------------------------------------------------------------------------------

    def _resolve_schema(
        self, schema: StrPath | dict[str, t.Any] | Schema | None
    ) -> dict[str, t.Any] | None:
        if isinstance(schema, dict):
            return schema
        if isinstance(schema, Schema):
            return schema.to_dict()
        if isinstance(schema, str | PathLike):
            warnings.warn(
                "Passing a schema file path to Stream is deprecated; pass a dict or use a "
                "StreamSchema.",
                SingerSDKDeprecationWarning,
                stacklevel=3,
            )
            self._schema_filepath = Path(schema)
            return self._read_schema_file(self._schema_filepath)
        unexpected: object = schema
        if unexpected is not None:
            msg = f"Unexpected type {type(schema).__name__} for the schema of stream '{self.name}'"
            raise ValueError(msg)
        if self.schema_filepath is not None:
            return self._read_schema_file(self.schema_filepath)
        declared = next(
            (vars(klass)["schema"] for klass in type(self).__mro__ if "schema" in vars(klass)),
            None,
        )
        value: t.Any = declared
        if declared is Stream.__dict__["schema"]:
            value = None  # nothing declared below Stream
        elif isinstance(declared, property):  # a subclass computes it; read it when needed
            return None
        elif declared is not None and hasattr(declared, "__get__"):  # a descriptor
            value = declared.__get__(self, type(self))
        if isinstance(value, Schema | dict):
            return None  # the declaration shadows the ``schema`` property; nothing to keep
        msg = (
            f"Stream '{self.name}' has no schema: set 'schema' (a dict or StreamSchema), "
            "'schema_filepath', or pass schema=..."
        )
        raise ValueError(msg)

    def _read_schema_file(self, path: Path | Traversable) -> dict[str, t.Any]:
        if not path.is_file():
            msg = f"Schema file of stream '{self.name}' not found: {path}"
            raise FileNotFoundError(msg)
        try:
            result = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            msg = f"Schema file of stream '{self.name}' is not valid JSON: {path}: {exc}"
            raise ValueError(msg) from exc
        if not isinstance(result, dict):
            msg = f"Schema file of stream '{self.name}' does not hold a JSON object: {path}"
            raise ValueError(msg)
        return result

    @property
    def schema(self) -> dict[str, t.Any]:
        """The stream's own JSON Schema (see :attr:`effective_schema` for the catalog's).

        Raises:
            DiscoveryError: ``_schema`` was set to None.
        """
        if self._schema is None:
            msg = f"The schema for stream '{self.name}' was not provided"
            raise DiscoveryError(msg)
        return self._schema

    @schema.setter
    def schema(self, value: dict[str, t.Any]) -> None:
        self._schema = value
        self._syncer.invalidate()

    @property
    def effective_schema(self) -> dict[str, t.Any]:
        """The schema records are conformed to: the input catalog's if given, else the own."""
        return self._input_schema if self._input_schema is not None else self.schema

    # -- identity and settings ------------------------------------------------------------------

    if t.TYPE_CHECKING:
        #: The primary key properties (reads ``[]`` when unset, as in the reference).
        primary_keys: t.Sequence[str] | None
    else:  # a property, so that subclasses may still set a plain class attribute

        @property
        def primary_keys(self) -> t.Sequence[str]:
            """The primary key properties; ``[]`` if the stream has none.

            Set it as a class attribute (``primary_keys = ("id",)``) or assign it.
            """
            return self._primary_keys or []

        @primary_keys.setter
        def primary_keys(self, value: t.Sequence[str] | None) -> None:
            self._primary_keys = value

    @property
    def tap_stream_id(self) -> str:
        """The stream's id in catalogs and state; the name unless overridden."""
        return self.name

    @property
    def config(self) -> t.Mapping[str, t.Any]:
        """The tap's configuration (read-only)."""
        return MappingProxyType(self._config)

    @property
    def logger(self) -> logging.Logger:
        """The stream's logger, ``<tap name>.<stream name>``."""
        return self._logger

    def log(self, message: str, *args: t.Any, level: int = logging.INFO, **kwargs: t.Any) -> None:
        """Log ``message`` on the stream's logger."""
        self._logger.log(level, message, *args, **kwargs)

    @property
    def replication_method(self) -> str:
        """``forced_replication_method`` if set, else INCREMENTAL with a key, else FULL_TABLE."""
        if self.forced_replication_method:
            return str(self.forced_replication_method)
        if self.replication_key:
            return REPLICATION_INCREMENTAL
        return REPLICATION_FULL_TABLE

    @property
    def is_timestamp_replication_key(self) -> bool:
        """Whether the replication key is a date-time property.

        Raises:
            InvalidReplicationKeyException: the replication key is not in the schema.
        """
        if not self.replication_key:
            return False
        property_schema = self.effective_schema.get("properties", {}).get(self.replication_key)
        if property_schema is None:
            msg = (
                f"Replication key '{self.replication_key}' is not a property of the schema of "
                f"stream '{self.name}'"
            )
            raise InvalidReplicationKeyException(msg)
        return declares_datetime(property_schema)

    @property
    def emit_activate_version_messages(self) -> bool:
        """Whether ACTIVATE_VERSION messages are written (``emit_activate_version_messages``)."""
        return bool(self.config.get("emit_activate_version_messages", False))

    # -- catalog, metadata and selection --------------------------------------------------------

    @property
    def metadata(self) -> MetadataMapping:
        """The stream's breadcrumb metadata: the input catalog's, or the standard metadata."""
        if self._metadata is None:
            entry = (
                self._tap_input_catalog.get_stream(self.tap_stream_id)
                if self._tap_input_catalog is not None
                else None
            )
            self._metadata = entry.metadata if entry is not None else self._own_metadata()
        return self._metadata

    def _own_metadata(self) -> MetadataMapping:
        """The metadata when the input catalog has no entry for the stream: the standard one."""
        metadata = MetadataMapping.get_standard_metadata(
            schema=self.schema,
            replication_method=self.forced_replication_method,
            key_properties=list(self.primary_keys or []),
            valid_replication_keys=[self.replication_key] if self.replication_key else None,
            selected_by_default=self.selected_by_default,
        )
        metadata.root.selected = self._tap_input_catalog is None and self.selected_by_default
        return metadata

    @property
    def mask(self) -> SelectionMask:
        """Which breadcrumbs are selected (resolved from :attr:`metadata`)."""
        if self._mask is None:
            self._mask = self.metadata.resolve_selection()
        return self._mask

    @property
    def selected(self) -> bool:
        """Whether the stream is selected."""
        return bool(self.mask.get((), True))

    @selected.setter
    def selected(self, value: bool) -> None:
        self.metadata.root.selected = value
        self._mask = None
        self._syncer.invalidate()

    @property
    def has_selected_descendents(self) -> bool:
        """Whether any child stream (at any depth) is selected."""
        return any(child.selected or child.has_selected_descendents for child in self.child_streams)

    @property
    def descendent_streams(self) -> list[Stream]:
        """Every child stream, at any depth."""
        result = list(self.child_streams)
        for child in self.child_streams:
            result.extend(child.descendent_streams)
        return result

    def apply_catalog(self, catalog: Catalog) -> None:
        """Take the stream's selection, keys, replication settings and schema from ``catalog``.

        Called by the tap for every stream when an input catalog is given.
        """
        self._tap_input_catalog = catalog
        self._metadata = None
        self._mask = None
        self._state_manager = None  # keys and schema may change below
        self._syncer.invalidate()
        entry = catalog.get_stream(self.tap_stream_id)
        if entry is None:
            return
        root = entry.metadata.get(())
        table_keys = getattr(root, "table_key_properties", None)
        table_replication_key = getattr(root, "replication_key", None)
        table_method = getattr(root, "forced_replication_method", None)
        self.primary_keys = list(entry.key_properties or table_keys or ())
        self.replication_key = entry.replication_key or table_replication_key
        method = entry.replication_method or table_method
        if method:
            self.forced_replication_method = method
        self._input_schema = entry.schema.to_dict()

    @property
    def _singer_catalog_entry(self) -> CatalogEntry:
        return CatalogEntry(
            tap_stream_id=self.tap_stream_id,
            stream=self.name,
            schema=Schema.from_dict(self.schema),
            metadata=self.metadata,
            key_properties=list(self.primary_keys or []),
            replication_key=self.replication_key,
            replication_method=self.replication_method,
        )

    # -- state -----------------------------------------------------------------------------------

    @property
    def tap_state(self) -> TapState:
        """The whole tap state (all streams), shared and updated in place."""
        return t.cast("TapState", self._tap_state)

    @property
    def state_manager(self) -> StreamStateManager:
        """The collaborator that keeps this stream's bookmarks."""
        if self._state_manager is None:
            self._state_manager = StreamStateManager(
                tap_state=self._tap_state,
                tap_stream_id=self.tap_stream_id,
                replication_key=self.replication_key,
                is_sorted=self.is_sorted,
                check_sorted=self.check_sorted,
                is_timestamp_key=self.is_timestamp_replication_key,
                state_partitioning_keys=self.state_partitioning_keys,
                tap_name=self.tap_name,
                logger=self._logger,
            )
        return self._state_manager

    @property
    def stream_state(self) -> dict[str, t.Any]:
        """This stream's state under ``bookmarks`` (created if missing)."""
        return self.state_manager.stream_state

    def get_context_state(self, context: Context | None) -> dict[str, t.Any]:
        """Return the state of ``context`` (its partition) or of the stream if None."""
        return self.state_manager.get_context_state(context)

    @property
    def partitions(self) -> list[dict[str, t.Any]] | None:
        """The contexts to sync; by default the contexts found in the input state.

        Override to return a list of context dicts; each is passed to :meth:`get_records`.
        """
        states = self.state_manager.get_state_partitions() or []
        return [dict(partition["context"]) for partition in states] or None

    def get_starting_replication_key_value(self, context: Context | None) -> t.Any | None:
        """Return where an incremental sync of ``context`` starts: bookmark or ``start_date``.

        For date-time keys the later of the two. Use it to filter the request to the source.
        """
        return self.state_manager.get_starting_replication_value(context, self.replication_method)

    def get_starting_timestamp(self, context: Context | None) -> dt.datetime | None:
        """Return the starting replication value as an aware datetime (naive values are UTC).

        Raises:
            ValueError: the replication key is not a date-time property.
        """
        value = self.get_starting_replication_key_value(context)
        if value is None:
            return None
        if not self.is_timestamp_replication_key:
            msg = (
                f"The replication key '{self.replication_key}' of '{self.name}' is not a timestamp"
            )
            raise ValueError(msg)
        result = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
        return result if result.tzinfo else result.replace(tzinfo=_UTC)

    def get_replication_key_signpost(self, context: Context | None = None) -> t.Any | None:
        """Return the value the bookmark may not pass: the tap's start time for date-time keys.

        Records newer than the signpost are still written, but the bookmark stops at the
        signpost so that data written during the sync is read again next time.
        """
        if not self.is_timestamp_replication_key:
            return None
        return dt.datetime.fromtimestamp(self._initialized_at / 1000, tz=_UTC)

    def compare_start_date(self, value: str, start_date_value: str) -> str:
        """Return the later of a bookmark and ``start_date`` (date-time keys), else the bookmark."""
        if not self.is_timestamp_replication_key:
            return value

        def parse(text: str) -> dt.datetime:
            parsed = dt.datetime.fromisoformat(text)
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=_UTC)

        return max(value, start_date_value, key=parse)

    # -- hooks -----------------------------------------------------------------------------------

    @abc.abstractmethod
    def get_records(self, context: Context | None) -> t.Iterable[Record]:
        """Yield the stream's records for ``context`` (a partition or parent context, or None).

        Called once per partition (or once with None), and once per parent record for child
        streams. Records are dicts; the SDK conforms them to the schema and writes them.
        """

    def post_process(self, row: Record, context: Context | None = None) -> Record | None:
        """Return ``row`` transformed, or None to drop it. Called per record; default: as is."""
        return row

    def preprocess_context(self, context: Context) -> Context:
        """Return the context to sync with; the last chance to change it before it is frozen."""
        return context

    def get_child_context(self, record: Record, context: Context | None) -> Context | None:
        """Return the context child streams are synced with for ``record``.

        Default: the stream's own context if it has one, else the whole record; raises
        ``NotImplementedError`` when that would be ambiguous (no context and a child stream
        without ``state_partitioning_keys``).
        """
        if context is None:
            for child in self.child_streams:
                if child.state_partitioning_keys is None:
                    msg = (
                        f"No child context behaviour is defined between parent stream "
                        f"'{self.name}' and child stream '{child.name}': define "
                        f"{type(self).__name__}.get_child_context() and/or "
                        f"{type(child).__name__}.state_partitioning_keys."
                    )
                    raise NotImplementedError(msg)
        return context or record

    def generate_child_contexts(
        self, record: Record, context: Context | None
    ) -> t.Iterable[Context | None]:
        """Yield the contexts to sync child streams with for ``record`` (default: one)."""
        yield self.get_child_context(record=record, context=context)

    # -- BATCH -----------------------------------------------------------------------------------

    def get_batch_config(self, config: t.Mapping[str, t.Any]) -> BatchConfig | None:
        """Return the stream's batch config: the ``batch_config`` setting, or None.

        Called at the start of each sync; a config makes the stream sync in BATCH mode.

        Raises:
            ConfigValidationError: the ``batch_config`` setting is malformed.
        """
        raw = config.get("batch_config")
        if not raw:
            return None
        from singer_sdk.helpers._batch import BatchConfig

        return BatchConfig.from_dict(raw)

    def get_batches(
        self, batch_config: BatchConfig, context: Context | None = None
    ) -> t.Iterable[tuple[BaseBatchFileEncoding, list[str]]]:
        """Yield ``(encoding, manifest)`` for each batch of files holding the stream's records.

        Override it for sources that can export files themselves (bulk APIs, database
        unloads); the sync writes a BATCH message and a STATE after each batch yielded.
        The default writes the records (selected, conformed and mapped, as in RECORD mode)
        in files of ``batch_config.batch_size`` records, and advances the bookmarks over
        each batch just before yielding it.
        """
        from singer_sdk._batch.tap import default_get_batches

        return default_get_batches(self._syncer, batch_config, context)

    # -- metrics ---------------------------------------------------------------------------------

    def get_record_counter(
        self, *, endpoint: str | None = None, log_interval: float = metrics.DEFAULT_LOG_INTERVAL
    ) -> metrics.Counter:
        """Return the ``record_count`` counter of the stream."""
        return metrics.record_counter(self.name, endpoint=endpoint, log_interval=log_interval)

    def get_batch_counter(self) -> metrics.Counter:
        """Return the ``batch_count`` counter of the stream."""
        return metrics.batch_counter(self.name)

    def get_sync_timer(self) -> metrics.Timer:
        """Return the ``sync_duration`` timer of the stream."""
        return metrics.sync_timer(self.name)

    def log_sync_costs(self) -> None:
        """Log the sync costs gathered during the sync, if any."""
        if self._sync_costs:
            self.log("Total Sync costs for stream %s: %s", self.name, self._sync_costs)

    # -- the sync loop: the hooks of the reference, delegating to the syncer --------------------

    @functools.cached_property
    def _syncer(self) -> StreamSyncer:
        """The stream's sync loop (made on first use, told which fast-path hooks are overridden)."""
        cls = type(self)
        overridden = frozenset(name for name in FAST_PATH_HOOKS if overrides(cls, Stream, name))
        return StreamSyncer(self, overridden=overridden)

    @property
    def _stream_version(self) -> int | None:
        """The ACTIVATE_VERSION version of the records being written, if any."""
        return self._syncer.stream_version

    @_stream_version.setter
    def _stream_version(self, value: int | None) -> None:
        self._syncer.stream_version = value

    @property
    def stream_maps(self) -> list[t.Any]:
        """The stream maps records go through; the first is the stream itself.

        Without configured stream maps this is one map that passes records through.
        """
        return self._syncer.stream_maps

    @t.final
    def sync(self, context: Context | None = None) -> None:
        """Sync the stream (for ``context``, or every partition): write its messages and state."""
        self._syncer.sync(context)

    def _sync_records(
        self, context: Context | None = None, *, write_messages: bool = True
    ) -> t.Generator[Record, None, None]:
        """Sync records of ``context`` (or of every partition); yield each selected record."""
        # The syncer's generator itself, not one around it: no extra step per record.
        return self._syncer.sync_records(context, write_messages=write_messages)

    def _sync_batches(self, batch_config: BatchConfig, context: Context | None = None) -> None:
        """Sync in BATCH mode: records to files, a BATCH message per file set, then STATE."""
        self._syncer.sync_batches(batch_config, context)

    def _process_record(
        self,
        record: Record,
        child_context: Context | None = None,
        partition_context: Context | None = None,
    ) -> None:
        """Add the partition's context keys missing from ``record`` and sync child streams."""
        self._syncer.process_record(record, child_context, partition_context)

    def _sync_children(self, child_context: Context | None) -> None:
        """Sync the child streams for ``child_context`` (skipped, with a warning, if None)."""
        self._syncer.sync_children(child_context)

    def _abort_sync(self, abort_reason: Exception) -> t.NoReturn:
        """Write pending state and stop the sync (``AbortedSync{Failed,Paused}Exception``)."""
        self._syncer.abort_sync(abort_reason)

    def _check_max_record_limit(self, current_record_index: int) -> None:
        """Abort the sync if ``current_record_index`` reached ``ABORT_AT_RECORD_COUNT``."""
        self._syncer.check_max_record_limit(current_record_index)

    def _generate_schema_messages(self) -> t.Iterator[SchemaMessage]:
        """Yield the SCHEMA message of each stream map (the stream itself first)."""
        return self._syncer.generate_schema_messages()

    def _write_schema_message(self) -> None:
        """Write the stream's SCHEMA message(s)."""
        self._syncer.write_schema_message()

    def _write_activate_version_message(self, full_table_version: int) -> None:
        """Write an ACTIVATE_VERSION message for each stream map."""
        self._syncer.write_activate_version_message(full_table_version)

    def _generate_record_messages(self, record: Record) -> t.Iterator[RecordMessage]:
        """Yield the RECORD message(s) of ``record``: pruned, conformed and mapped."""
        return self._syncer.generate_record_messages(record)

    def _write_record_message(self, record: Record) -> None:
        """Write the RECORD message(s) of ``record``."""
        self._syncer.write_record_message(record)

    def _write_batch_message(
        self,
        encoding: BaseBatchFileEncoding,
        manifest: list[str],
        *,
        stream: str | None = None,
    ) -> None:
        """Write a BATCH message for ``manifest`` (of output ``stream``; default: the primary)."""
        self._syncer.write_batch_message(encoding, manifest, stream=stream)

    def _write_state_message(self) -> None:
        """Write the tap state if this stream changed it since the last STATE."""
        self._syncer.write_state_message()

    def _write_starting_replication_value(self, context: Context | None) -> None:
        self._syncer.write_starting_replication_value(context)

    def _write_replication_key_signpost(self, context: Context | None, value: t.Any) -> None:
        self.state_manager.write_replication_key_signpost(value, context=context)

    def _increment_stream_state(self, latest_record: Record, *, context: Context | None) -> None:
        self._syncer.increment_stream_state(latest_record, context=context)

    def _finalize_state(self, state: dict[str, t.Any] | None = None) -> None:
        self.state_manager.finalize_state(state)

    def finalize_state_progress_markers(self, state: dict[str, t.Any] | None = None) -> None:
        """Make the state final (progress markers promoted) and write it.

        Without ``state``: the stream's state and every partition's, and those of selected
        child streams.
        """
        self._syncer.finalize_state_progress_markers(state)
