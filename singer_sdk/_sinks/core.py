"""The :class:`Sink` base class: one stream's records on their way into the destination.

Everything that depends only on the stream schema is prepared once, when the sink is created: the
record validator, the date-time parser, the set of known fields and the key properties. Per
record, the target then calls a few flat steps (context, ``_sdc_*`` metadata, validate and parse,
the connector's hooks); none of them walks the schema.
"""

from __future__ import annotations

import abc
import copy
import datetime as dt
import time
import typing as t
from functools import cached_property
from types import MappingProxyType

import singer_sdk._metrics as metrics
from singer_sdk._exceptions import InvalidRecord, MissingKeyPropertiesError
from singer_sdk._overrides import overrides
from singer_sdk._schema.options import DatetimeErrorTreatmentEnum
from singer_sdk._sinks.validation import (
    RecordValidationError,
    _parse_date_time,
    compile_datetime_parser,
    compile_validator,
)

if t.TYPE_CHECKING:
    import logging

    from singer_sdk._sinks.host import SinkTarget

__all__ = [
    "SDC_METADATA_PROPERTIES",
    "BaseJSONSchemaValidator",
    "BatchFileEncoding",
    "JSONSchemaValidator",
    "Sink",
]

_DATETIME_SDC = ("_sdc_extracted_at", "_sdc_received_at", "_sdc_batched_at", "_sdc_deleted_at")
_INTEGER_SDC = ("_sdc_sequence", "_sdc_table_version", "_sdc_sync_started_at")

#: The metadata properties a sink adds when ``add_record_metadata`` is on (and strips otherwise).
SDC_METADATA_PROPERTIES: frozenset[str] = frozenset(_DATETIME_SDC + _INTEGER_SDC)

#: The metadata the default ``_add_sdc_metadata_to_record`` makes itself (clock readings and the
#: batch start): when it can, it stores them as their final values, which are then not validated
#: or parsed again per record. The others come from the input and go through both.
_SDC_MADE_HERE = frozenset(
    ("_sdc_received_at", "_sdc_batched_at", "_sdc_sequence", "_sdc_sync_started_at")
)

_UTC = dt.UTC

#: What stands for the RECORD message of a record read from a BATCH file (no time_extracted).
_NO_MESSAGE: dict[str, t.Any] = {}


def _without_properties(schema: dict[str, t.Any], names: t.Collection[str]) -> dict[str, t.Any]:
    """Return ``schema`` with the properties ``names`` accepting any value (still declared, so
    ``additionalProperties: false`` and ``required`` keep treating them as known)."""
    properties = schema.get("properties") or {}
    return {**schema, "properties": {k: {} if k in names else v for k, v in properties.items()}}


class BaseJSONSchemaValidator(abc.ABC):
    """Base class of record validators that :meth:`Sink.get_validator` may return.

    Args:
        schema: the stream schema records are checked against.
    """

    def __init__(self, schema: dict[str, t.Any]) -> None:
        self.schema = schema

    @abc.abstractmethod
    def validate(self, record: dict[str, t.Any]) -> None:
        """Check ``record``; called once per record.

        Raises:
            InvalidRecord: the record does not match the schema (the only error expected).
        """


class JSONSchemaValidator(BaseJSONSchemaValidator):
    """The default validator: the schema is compiled once into a function checking a record.

    Args:
        schema: the stream schema.
        validate_formats: also check string formats such as ``date-time`` (slower).
        format_checker: a ``jsonschema.FormatChecker`` for the formats (implies
            ``validate_formats``).

    Raises:
        InvalidJSONSchema: ``schema`` is not a valid JSON Schema.
    """

    def __init__(
        self,
        schema: dict[str, t.Any],
        *,
        validate_formats: bool = False,
        format_checker: t.Any = None,
    ) -> None:
        super().__init__(schema)
        self._options: dict[str, t.Any] = {
            "validate_formats": validate_formats,
            "format_checker": format_checker,
        }
        #: The compiled check: returns None or raises ``RecordValidationError``.
        self.check = compile_validator(schema, **self._options)

    def _check_without(self, names: t.Collection[str]) -> t.Callable[[dict[str, t.Any]], None]:
        """Return a check compiled like :attr:`check`, for the schema without ``names``."""
        return compile_validator(_without_properties(self.schema, names), **self._options)

    def validate(self, record: dict[str, t.Any]) -> None:
        """Check ``record`` against the schema.

        Raises:
            InvalidRecord: the record does not match; the message names the field path.
        """
        try:
            self.check(record)
        except RecordValidationError as exc:
            raise InvalidRecord(str(exc), record) from exc


class BatchFileEncoding(t.NamedTuple):
    """How the files of a BATCH message are encoded."""

    #: ``jsonl`` or ``parquet``.
    format: str
    #: ``gzip`` or None.
    compression: str | None = None

    @classmethod
    def from_dict(cls, data: t.Mapping[str, t.Any]) -> BatchFileEncoding:
        """Return the encoding described by a BATCH message's ``encoding`` object."""
        return cls(str(data.get("format")), data.get("compression"))


class Sink(abc.ABC):
    """Base class of sinks: receives the records of one stream and loads them.

    Subclass :class:`~singer_sdk.RecordSink` (write each record as it comes) or
    :class:`~singer_sdk.BatchSink` (write records in batches) rather than this class.

    The target creates a sink when a stream's SCHEMA arrives, and a new one when the schema or
    key properties of the stream change (the old sink is drained first).

    Args:
        target: the target the sink belongs to.
        stream_name: the stream's name.
        schema: the stream's schema (copied; ``_sdc_*`` properties are added or removed
            according to ``add_record_metadata``).
        key_properties: the stream's primary key.
    """

    logger: logging.Logger

    #: Records per batch when the ``batch_size_rows`` setting is not set.
    MAX_SIZE_DEFAULT: t.ClassVar[int] = 10000

    #: Also validate string formats (e.g. ``date-time``) of records; slower.
    validate_field_string_format: bool = False

    #: Stop the target when a record does not match the schema; False logs it and goes on.
    fail_on_record_validation_exception: bool = True

    # The ``_sdc_*`` times last written: the clock's millisecond and its value (datetime or text),
    # the batch start and its value.
    _sdc_clock_ms: int = -1
    _sdc_now_value: t.Any = None
    _sdc_batch_start: t.Any = None
    _sdc_batch_value: t.Any = None

    def __init__(
        self,
        target: SinkTarget,
        stream_name: str,
        schema: dict[str, t.Any],
        key_properties: t.Sequence[str] | None,
    ) -> None:
        self.logger = target.logger.getChild(stream_name)
        self._target = target
        self.sync_started_at = target.initialized_at
        self._config = dict(target.config)
        self.stream_name = stream_name
        self.original_schema = copy.deepcopy(schema)
        self.schema = copy.deepcopy(schema)
        self.schema.setdefault("properties", {})
        self._key_properties: list[str] = list(key_properties or [])
        self._pending_batch: dict[str, t.Any] | None = None
        self._context_draining: dict[str, t.Any] | None = None
        self.records_to_drain: list[dict[str, t.Any]] | t.Any = []
        self.latest_state: dict[str, t.Any] | None = None
        self._draining_state: dict[str, t.Any] | None = None
        self.drained_state: dict[str, t.Any] | None = None

        self._total_records_read = 0
        self._total_records_written = 0
        self._total_dupe_records_merged = 0
        self._batch_records_read = 0
        self._batch_dupe_records_merged = 0
        #: Records of the stream read by earlier versions of this sink (for error messages).
        self._records_before = 0
        #: Input sequence number of the oldest record not yet drained (set by the target).
        self._pending_seq: int | None = None

        self._batch_size_rows: int | None = self._config.get("batch_size_rows")
        self._add_sdc = bool(self.include_sdc_metadata_properties)
        if self._add_sdc:
            self._add_sdc_metadata_to_schema()
        else:
            self._remove_sdc_metadata_from_schema()

        properties = self.schema["properties"]
        self._schema_fields = frozenset(properties)
        self._check_unknown_fields = not self.schema.get("additionalProperties", False)
        self._warned_missing_fields: set[str] = set()

        self._validator = self.get_validator()
        self._check_record = self._bind_validator(self._validator)
        self._invalid_errors: tuple[type[Exception], ...] = (InvalidRecord, RecordValidationError)
        self._treatment = self.datetime_error_treatment
        parsed_schema = self.schema
        #: Whether ``_add_sdc_metadata_to_record`` stores its own times as datetimes, already
        #: checked (see ``_SDC_MADE_HERE``).
        self._sdc_final = self._add_sdc and self._can_store_final_sdc_values()
        if self._sdc_final:
            parsed_schema = _without_properties(self.schema, _SDC_MADE_HERE)
            if isinstance(self._validator, JSONSchemaValidator):
                self._check_record = self._validator._check_without(_SDC_MADE_HERE)
        self._parse_datetimes = compile_datetime_parser(
            parsed_schema, self._treatment, logger=self.logger
        )
        self._validate_and_parse_record = self._compile_validate_and_parse()
        self._record_counter = self.get_sink_record_counter()
        self._batch_timer = self.get_batch_processing_timer()

    def _can_store_final_sdc_values(self) -> bool:
        """Whether no hook of this sink's class could tell the ``_sdc_*`` times are datetimes.

        True when the metadata, its schema, the validation step and the validator are the
        defaults: then the record ends up the same either way.
        """
        cls = type(self)
        return type(self._validator) in (JSONSchemaValidator, type(None)) and not any(
            overrides(cls, Sink, name)
            for name in (
                "_add_sdc_metadata_to_record",
                "_add_sdc_metadata_to_schema",
                "_validate_and_parse",
            )
        )

    @staticmethod
    def _bind_validator(
        validator: BaseJSONSchemaValidator | None,
    ) -> t.Callable[[dict[str, t.Any]], None] | None:
        """Return the function to call per record: the compiled check when it is ours."""
        if validator is None:
            return None
        if type(validator) is JSONSchemaValidator:
            return validator.check
        return validator.validate

    # -- metrics -----------------------------------------------------------------------------------

    @property
    def record_counter_metric(self) -> metrics.Counter:
        """The counter of records loaded by this sink (metric ``record_count``)."""
        return self._record_counter

    @property
    def batch_processing_timer(self) -> metrics.Timer:
        """The timer of the latest drain (metric ``batch_processing_time``)."""
        return self._batch_timer

    def get_sink_record_counter(self) -> metrics.Counter:
        """Return the counter of this sink's records; called once, when the sink is created.

        Override to add tags or change how often it is logged. The default counts
        ``record_count`` tagged with the stream name.
        """
        return metrics.record_counter(self.stream_name)

    def get_batch_processing_timer(self) -> metrics.Timer:
        """Return a timer for one drain; called before each drain.

        The default times ``batch_processing_time`` tagged with the stream name.
        """
        return metrics.Timer(metrics.Metric.BATCH_PROCESSING_TIME, {"stream": self.stream_name})

    # -- settings ----------------------------------------------------------------------------------

    @property
    def config(self) -> t.Mapping[str, t.Any]:
        """The target's configuration (a read-only mapping)."""
        return MappingProxyType(self._config)

    @property
    def batch_config(self) -> dict[str, t.Any] | None:
        """The ``batch_config`` setting as a dict, or None when it is not set."""
        raw = self._config.get("batch_config")
        return dict(raw) if raw else None

    @cached_property
    def validate_schema(self) -> bool:
        """Whether records are validated: the ``validate_records`` setting (default True)."""
        return bool(self._config.get("validate_records", True) is not False)

    @property
    def include_sdc_metadata_properties(self) -> bool:
        """Whether ``_sdc_*`` metadata is added to records (``add_record_metadata``)."""
        return bool(self._config.get("add_record_metadata", False))

    @property
    def process_activate_version_messages(self) -> bool:
        """Whether ACTIVATE_VERSION messages reach :meth:`activate_version` (default True)."""
        return self._config.get("process_activate_version_messages", True) is not False

    @property
    def datetime_error_treatment(self) -> DatetimeErrorTreatmentEnum:
        """What to do with a date-time string that cannot be parsed; read once per sink.

        The default, ``ERROR``, rejects the record. Override to return ``MAX`` or ``NULL``.
        """
        return DatetimeErrorTreatmentEnum.ERROR

    @property
    def key_properties(self) -> t.Sequence[str]:
        """The stream's primary key; override to adapt the names to the destination."""
        return self._key_properties

    # -- size ----------------------------------------------------------------------------------

    @property
    def batch_size_rows(self) -> int | None:
        """The ``batch_size_rows`` setting, or None."""
        return self._batch_size_rows

    @property
    def max_size(self) -> int:
        """Records a batch holds before the sink is full: ``batch_size_rows`` or 10000."""
        size = self.batch_size_rows
        return size if size is not None else self.MAX_SIZE_DEFAULT

    @property
    def current_size(self) -> int:
        """Records read since the last drain."""
        return self._batch_records_read

    @property
    def is_full(self) -> bool:
        """Whether the sink should be drained now (``current_size >= max_size``)."""
        return self.current_size >= self.max_size

    # -- tallies -------------------------------------------------------------------------------

    @t.final
    def tally_record_read(self, count: int = 1) -> None:
        """Count ``count`` records read; the target calls it for every record."""
        self._total_records_read += count
        self._batch_records_read += count

    @t.final
    def tally_record_written(self, count: int = 1) -> None:
        """Count ``count`` records written; called after each record or batch is loaded."""
        self._total_records_written += count

    @t.final
    def tally_duplicate_merged(self, count: int = 1) -> None:
        """Count ``count`` records merged into others; call it from your load code."""
        self._total_dupe_records_merged += count
        self._batch_dupe_records_merged += count

    # -- per-record steps (called by the target, in this order) ---------------------------------

    def _get_context(self, record: dict[str, t.Any]) -> dict[str, t.Any]:
        """Return the context passed to the record hooks (per batch for batch sinks)."""
        return {}

    def _add_sdc_metadata_to_schema(self) -> None:
        """Add the ``_sdc_*`` metadata properties to :attr:`schema`."""
        properties = self.schema["properties"]
        for name in _DATETIME_SDC:
            properties[name] = {"type": ["null", "string"], "format": "date-time"}
        for name in _INTEGER_SDC:
            properties[name] = {"type": ["null", "integer"]}

    def _remove_sdc_metadata_from_schema(self) -> None:
        """Remove any ``_sdc_*`` metadata property from :attr:`schema`."""
        properties = self.schema["properties"]
        for name in SDC_METADATA_PROPERTIES:
            properties.pop(name, None)

    def _add_sdc_metadata_to_record(
        self,
        record: dict[str, t.Any],
        message: dict[str, t.Any],
        context: dict[str, t.Any],
    ) -> None:
        """Set the ``_sdc_*`` metadata of ``record`` from its RECORD ``message``.

        ``_sdc_received_at`` has millisecond resolution: its value is made once per millisecond.
        The times are ISO 8601 strings, parsed to datetimes by the next step; when no hook of the
        sink's class could see the difference they are stored as those datetimes directly.
        """
        clock_ms = time.time_ns() // 1_000_000  # integer arithmetic: cheaper than int(float)
        if clock_ms != self._sdc_clock_ms:
            self._sdc_clock_ms = clock_ms
            now = dt.datetime.fromtimestamp(clock_ms / 1000, tz=_UTC)
            self._sdc_now_value = now if self._sdc_final else now.isoformat()
        now_value = self._sdc_now_value
        batch_start = context.get("batch_start_time")
        if batch_start is None:
            batched_at = now_value
        elif batch_start is self._sdc_batch_start:
            batched_at = self._sdc_batch_value
        else:
            batched_at = self._sdc_batch_start_value(batch_start)
            self._sdc_batch_start = batch_start
            self._sdc_batch_value = batched_at
        record["_sdc_extracted_at"] = message.get("time_extracted")
        record["_sdc_received_at"] = now_value
        record["_sdc_batched_at"] = batched_at
        record["_sdc_deleted_at"] = record.get("_sdc_deleted_at")
        record["_sdc_sequence"] = clock_ms
        record["_sdc_table_version"] = message.get("version")
        record["_sdc_sync_started_at"] = self.sync_started_at

    def _sdc_batch_start_value(self, batch_start: t.Any) -> t.Any:
        """Return what ``_sdc_batched_at`` holds for a batch context's ``batch_start_time``."""
        if not self._sdc_final:
            return batch_start.isoformat() if isinstance(batch_start, dt.datetime) else batch_start
        if isinstance(batch_start, dt.datetime):
            return batch_start if batch_start.tzinfo else batch_start.replace(tzinfo=_UTC)
        try:
            return _parse_date_time(str(batch_start))
        except ValueError as exc:
            msg = (
                f"The batch context's 'batch_start_time' of stream '{self.stream_name}' is not "
                f"a date-time: {batch_start!r}"
            )
            raise InvalidRecord(msg, {}) from exc

    def _remove_sdc_metadata_from_record(self, record: dict[str, t.Any]) -> None:
        """Remove any ``_sdc_*`` metadata from ``record`` (when metadata is off)."""
        if not record.keys().isdisjoint(SDC_METADATA_PROPERTIES):
            for name in SDC_METADATA_PROPERTIES:
                record.pop(name, None)

    def _validate_and_parse(self, record: dict[str, t.Any]) -> dict[str, t.Any]:
        """Validate ``record`` and parse its date, time and date-time strings.

        Returns:
            The record, with date-like values as :mod:`datetime` objects.

        Raises:
            InvalidRecord: the record does not match the schema (unless
                ``fail_on_record_validation_exception`` is False: then it is logged), or a
                date-time cannot be parsed and the treatment is ``ERROR``.
        """
        return self._validate_and_parse_record(record)

    def _compile_validate_and_parse(self) -> t.Callable[[dict[str, t.Any]], dict[str, t.Any]]:
        """Return :meth:`_validate_and_parse`'s work as one function with what it needs bound.

        Called once, at the end of construction (the target calls the result per record).
        """
        check = self._check_record
        parse = self._parse_datetimes
        errors = self._invalid_errors
        on_invalid = self._on_invalid_record
        open_schema = self._check_unknown_fields
        known = self._schema_fields
        warn_unknown = self._warn_unknown_fields
        describe = self._describe_problem

        def validate_and_parse(record: dict[str, t.Any]) -> dict[str, t.Any]:
            if check is not None:
                try:
                    check(record)
                except errors as exc:
                    on_invalid(record, exc)
            if open_schema and not known.issuperset(record):
                warn_unknown(record)
            try:
                return parse(record)
            except errors as exc:
                raise InvalidRecord(describe(exc), record) from exc

        return validate_and_parse

    def _parse_timestamps_in_record(
        self,
        record: dict[str, t.Any],
        schema: dict[str, t.Any],
        treatment: DatetimeErrorTreatmentEnum,
    ) -> None:
        """Parse the date-like strings of ``record`` in place, as ``schema`` declares them.

        Kept for compatibility; the target uses a parser compiled once per sink instead.
        """
        parsed = compile_datetime_parser(schema, treatment, logger=self.logger)(record)
        if parsed is not record:
            record.clear()
            record.update(parsed)

    def _singer_validate_message(self, record: dict[str, t.Any]) -> None:
        """Check that ``record`` holds every key property.

        Raises:
            MissingKeyPropertiesError: a key property is absent; the message names it.
        """
        for key in self._key_properties:
            if key not in record:
                missing = [name for name in self._key_properties if name not in record]
                names = ", ".join(repr(name) for name in missing)
                # The first sentence is the reference's, which connectors' tests look for.
                msg = (
                    "Record is missing one or more key_properties. "
                    f"{self._record_location()} lacks {names}"
                )
                raise MissingKeyPropertiesError(msg)

    def _after_process_record(self, context: dict[str, t.Any]) -> None:  # noqa: B027
        """Called after :meth:`process_record`; the default does nothing."""

    # -- problems --------------------------------------------------------------------------------

    def _record_location(self) -> str:
        """Describe the record being processed: its number in the stream and its input line."""
        number = self._records_before + self._total_records_read + 1
        where = f"Record {number} of stream '{self.stream_name}'"
        line = self._target._input_line_number()
        return f"{where} (input line {line})" if line else where

    def _describe_problem(self, exc: Exception) -> str:
        detail = exc.error_message if isinstance(exc, InvalidRecord) else str(exc)
        return f"{self._record_location()} is invalid: {detail}"

    def _on_invalid_record(self, record: dict[str, t.Any], exc: Exception) -> None:
        message = self._describe_problem(exc)
        if self.fail_on_record_validation_exception:
            raise InvalidRecord(message, record) from exc
        self.logger.warning("%s", message)

    def _warn_unknown_fields(self, record: dict[str, t.Any]) -> None:
        for key, value in record.items():
            if (
                value is not None
                and key not in self._schema_fields
                and key not in self._warned_missing_fields
            ):
                self._warned_missing_fields.add(key)
                self.logger.warning("No schema for record field '%s'", key)

    # -- hooks -------------------------------------------------------------------------------------

    def get_validator(self) -> BaseJSONSchemaValidator | None:
        """Return the validator of this sink's records; called once, when the sink is created.

        Return None to skip validation. The default validates with a check compiled from
        :attr:`schema` unless the ``validate_records`` setting is false.
        """
        if not self.validate_schema:
            return None
        return JSONSchemaValidator(
            self.schema,
            validate_formats=self.validate_field_string_format,
        )

    def setup(self) -> None:
        """Prepare the destination (e.g. create the table); called once after construction.

        The default only logs.
        """
        self.logger.debug("Setting up sink for stream '%s'", self.stream_name)

    def preprocess_record(
        self, record: dict[str, t.Any], context: dict[str, t.Any]
    ) -> dict[str, t.Any]:
        """Return ``record`` as the destination wants it; called per record before loading.

        Called after validation and date-time parsing. The default returns it unchanged.
        """
        return record

    @abc.abstractmethod
    def process_record(self, record: dict[str, t.Any], context: dict[str, t.Any]) -> None:
        """Load or stage one record; called per record.

        Record sinks write it; batch sinks usually add it to ``context["records"]``. Tally
        merged duplicates with :meth:`tally_duplicate_merged`.
        """

    def start_drain(self) -> dict[str, t.Any]:
        """Return the context of the batch about to be drained; called at the start of a drain."""
        self._context_draining = self._pending_batch or {}
        self._pending_batch = None
        return self._context_draining

    @abc.abstractmethod
    def process_batch(self, context: dict[str, t.Any]) -> None:
        """Load the batch staged in ``context``; called when the sink is drained."""

    def mark_drained(self) -> None:
        """Record that the batch was loaded; called after :meth:`process_batch` returned.

        The default counts the batch's records (minus merged duplicates) as written.
        """
        self.drained_state = self._draining_state
        self._draining_state = None
        self._context_draining = None
        if self._batch_records_read:
            self.tally_record_written(self._batch_records_read - self._batch_dupe_records_merged)
        self._batch_records_read = 0
        self._batch_dupe_records_merged = 0
        self._pending_seq = None

    def activate_version(self, new_version: int) -> None:
        """Make ``new_version`` the current version of the stream's data.

        Called for an ACTIVATE_VERSION message, after the sink's pending records are drained.
        The default logs a warning and ignores it.
        """
        self.logger.warning(
            "ACTIVATE_VERSION message received but not implemented by this target. Ignoring."
        )

    def clean_up(self) -> None:
        """Release the sink's resources; called once at the end of the input.

        Only release what this sink instance owns: a newer version of the same stream may still
        be in use. The default logs and reports the record count.
        """
        self.logger.debug("Cleaning up sink for stream '%s'", self.stream_name)
        self._record_counter.exit()

    def process_batch_files(self, encoding: t.Any, files: t.Sequence[str]) -> None:
        """Load the files of a BATCH message; called for each BATCH of the sink's stream.

        ``encoding`` has ``format`` (``jsonl`` or ``parquet``) and ``compression`` (``gzip``
        or none): a :class:`~singer_sdk.helpers._batch.BaseBatchFileEncoding` or the
        message's ``encoding`` dict. ``files`` are URLs (``file://``, or any scheme fsspec
        knows, with ``batch_config.storage.params`` as its options). The default streams
        each file and hands every record the way a RECORD message's record goes (metadata,
        validation, :meth:`preprocess_record`, :meth:`process_record`), draining the sink
        whenever it is full. Override it to load whole files natively (e.g. a bulk COPY).

        Raises:
            BatchFileError: a file is missing or corrupt (the message names it, and the line
                for JSONL).
            NotImplementedError: the format is not ``jsonl`` or ``parquet``.
        """
        from singer_sdk._batch.load import batch_file_records

        load = self._target._load_record
        for records in batch_file_records(encoding, files, self.config):
            for record in records:
                load(self, record, _NO_MESSAGE)

    def _continue_numbering(self, previous: Sink) -> None:
        """Number records after those of ``previous``, the version of the stream this replaces."""
        self._records_before = previous._records_before + previous._total_records_read
