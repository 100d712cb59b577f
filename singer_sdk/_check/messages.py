"""Check the Singer messages one run of a tap wrote, line by line."""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass, field

from singer_sdk._check.findings import ERROR, INFO, WARNING, Report
from singer_sdk._check.values import (
    bookmark_for,
    compare_values,
    is_rfc3339_date,
    is_rfc3339_datetime,
    property_formats,
)

__all__ = ["MessageChecker", "RunResult", "Selection"]

_KNOWN = {"SCHEMA", "RECORD", "STATE", "ACTIVATE_VERSION", "BATCH"}


@dataclass
class Selection:
    """What a run asked the tap to sync.

    Attributes:
        streams: The selected tap stream ids (None: not checked).
        deselected: Properties deselected, by stream.
    """

    streams: set[str] | None = None
    deselected: dict[str, set[str]] = field(default_factory=dict)


@dataclass
class RunResult:
    """What one run produced.

    Attributes:
        schemas: The latest SCHEMA message of each stream.
        records: The records of each stream, in order.
        states: The STATE values, in order.
    """

    schemas: dict[str, dict[str, t.Any]] = field(default_factory=dict)
    records: dict[str, list[dict[str, t.Any]]] = field(default_factory=dict)
    states: list[t.Any] = field(default_factory=list)

    @property
    def final_state(self) -> t.Any:
        """The last STATE value, or None."""
        return self.states[-1] if self.states else None


class _CompiledStream:
    """Per-SCHEMA checks compiled once: the validator and the date properties."""

    def __init__(self, message: dict[str, t.Any]) -> None:
        from singer_sdk._sinks.validation import compile_validator

        self.schema: dict[str, t.Any] = message["schema"]
        self.keys: list[str] = list(message.get("key_properties") or [])
        bookmark = message.get("bookmark_properties") or []
        self.replication_key: str | None = bookmark[0] if len(bookmark) == 1 else None
        self.formats = property_formats(self.schema)
        self.properties = set(self.schema.get("properties") or {})
        self.strict = self.schema.get("additionalProperties") is False
        try:
            self.validate: t.Callable[[dict[str, t.Any]], None] | None = compile_validator(
                self.schema
            )
        except Exception:  # an invalid schema is reported on its own
            self.validate = None


class MessageChecker:
    """Checks one run's messages against the Singer spec and reports findings.

    Args:
        report: Where findings go.
        run: A label for the run, used in messages (``sync``, ``resume``, ...).
        selection: What was selected, to check that the tap honoured it.
        previous_state: The state the run started from, for the state-ordering checks.
    """

    def __init__(
        self,
        report: Report,
        run: str,
        *,
        selection: Selection | None = None,
        previous_state: t.Any = None,
    ) -> None:
        self.report = report
        self.run = run
        self.selection = selection or Selection()
        self.result = RunResult()
        self._streams: dict[str, _CompiledStream] = {}
        self._bookmarks: dict[tuple[str, str], t.Any] = {}
        if previous_state is not None:
            self._remember_bookmarks(previous_state, None)

    def _add(self, severity: str, rule: str, stream: str | None, message: str) -> None:
        self.report.add(severity, rule, stream, f"[{self.run}] {message}")

    def feed(self, lines: t.Iterable[bytes | str]) -> RunResult:
        """Check every line.

        Args:
            lines: The run's standard output, one message per line.

        Returns:
            What the run produced.
        """
        for number, raw in enumerate(lines, start=1):
            line = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
            if not line.strip():
                continue
            self.report.messages += 1
            self._line(number, line)
        return self.result

    def _line(self, number: int, line: str) -> None:
        try:
            message = json.loads(line)
        except ValueError:
            self._add(ERROR, "message-not-json", None, f"line {number} is not JSON: {line[:80]!r}")
            return
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            self._add(ERROR, "message-shape", None, f"line {number} is not a message with a 'type'")
            return
        kind = message["type"]
        if kind.upper() in _KNOWN and kind != kind.upper():
            self._add(
                WARNING, "message-type-case", None, f"line {number}: type {kind!r} not upper case"
            )
        kind = kind.upper()
        if kind == "SCHEMA":
            self._schema(number, message)
        elif kind == "RECORD":
            self._record(number, message)
        elif kind == "STATE":
            self._state(number, message)
        elif kind == "ACTIVATE_VERSION":
            if not isinstance(message.get("stream"), str) or not isinstance(
                message.get("version"), int
            ):
                self._add(
                    ERROR,
                    "message-shape",
                    message.get("stream"),
                    f"line {number}: ACTIVATE_VERSION needs a 'stream' and an integer 'version'",
                )
        elif kind == "BATCH":
            if not all(key in message for key in ("stream", "encoding", "manifest")):
                self._add(
                    ERROR,
                    "message-shape",
                    message.get("stream"),
                    f"line {number}: BATCH needs 'stream', 'encoding' and 'manifest'",
                )
        else:
            self._add(INFO, "message-unknown-type", None, f"line {number}: type {kind!r}")

    # -- SCHEMA ----------------------------------------------------------------------------------

    def _schema(self, number: int, message: dict[str, t.Any]) -> None:
        stream = message.get("stream")
        if not isinstance(stream, str):
            self._add(ERROR, "message-shape", None, f"line {number}: SCHEMA without a 'stream'")
            return
        schema = message.get("schema")
        if not isinstance(schema, dict):
            self._add(ERROR, "message-shape", stream, f"line {number}: SCHEMA without a 'schema'")
            return
        keys = message.get("key_properties")
        if keys is None:
            self._add(ERROR, "schema-key-properties", stream, f"line {number}: no 'key_properties'")
        elif not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            self._add(
                ERROR,
                "schema-key-properties",
                stream,
                f"line {number}: 'key_properties' is not a list of strings",
            )
        problem = schema_problem(schema)
        if problem:
            self._add(ERROR, "schema-invalid", stream, f"line {number}: {problem}")
        properties = schema.get("properties") if isinstance(schema, dict) else None
        names = set(properties) if isinstance(properties, dict) else set()
        for label in ("key_properties", "bookmark_properties"):
            listed = message.get(label)
            if isinstance(listed, list) and names:
                missing = [name for name in listed if name not in names]
                if missing:
                    self._add(
                        ERROR,
                        "schema-key-properties",
                        stream,
                        f"line {number}: {label} {missing} are not properties of the schema",
                    )
        self._streams[stream] = _CompiledStream(message)
        self.result.schemas[stream] = message
        self.result.records.setdefault(stream, [])

    # -- RECORD ----------------------------------------------------------------------------------

    def _record(self, number: int, message: dict[str, t.Any]) -> None:
        stream = message.get("stream")
        record = message.get("record")
        if not isinstance(stream, str) or not isinstance(record, dict):
            self._add(
                ERROR,
                "message-shape",
                stream if isinstance(stream, str) else None,
                f"line {number}: RECORD needs a 'stream' and a 'record' object",
            )
            return
        records = self.result.records.setdefault(stream, [])
        index = len(records)
        records.append(record)
        where = f"record {index} (line {number})"
        compiled = self._streams.get(stream)
        if compiled is None:
            self._add(ERROR, "record-before-schema", stream, f"{where} arrived before any SCHEMA")
            return
        extracted = message.get("time_extracted")
        if extracted is not None and not is_rfc3339_datetime(extracted):
            self._add(
                ERROR,
                "datetime-not-rfc3339",
                stream,
                f"{where}: time_extracted {extracted!r} is not an RFC 3339 date-time",
            )
        self._check_record(stream, compiled, record, where)
        self._check_selection(stream, record, where)

    def _check_record(
        self, stream: str, compiled: _CompiledStream, record: dict[str, t.Any], where: str
    ) -> None:
        if compiled.validate is not None:
            from singer_sdk._sinks.validation import RecordValidationError

            try:
                compiled.validate(record)
            except RecordValidationError as error:
                field_name = error.path or "(record)"
                self._add(
                    ERROR,
                    "record-invalid",
                    stream,
                    f"{where}, field '{field_name}': {error.reason}",
                )
        for name, fmt in compiled.formats.items():
            value = record.get(name)
            if value is None or not isinstance(value, str):
                continue
            ok = is_rfc3339_datetime(value) if fmt == "date-time" else is_rfc3339_date(value)
            if not ok:
                self._add(
                    ERROR,
                    "datetime-not-rfc3339",
                    stream,
                    f"{where}, field '{name}': {value!r} is not an RFC 3339 {fmt}",
                )
        for key in compiled.keys:
            if record.get(key) is None:
                self._add(
                    ERROR,
                    "record-missing-key",
                    stream,
                    f"{where}: key property '{key}' is missing or null",
                )
        if compiled.properties and not compiled.strict:
            extra = sorted(set(record) - compiled.properties)
            if extra:
                self._add(
                    WARNING,
                    "record-undeclared-field",
                    stream,
                    f"{where}: fields {extra} are not in the schema",
                )

    def _check_selection(self, stream: str, record: dict[str, t.Any], where: str) -> None:
        chosen = self.selection.streams
        if chosen is not None and stream not in chosen:
            self._add(
                ERROR,
                "selection-stream-not-honoured",
                stream,
                f"{where}: records of a stream that was not selected",
            )
            return
        dropped = self.selection.deselected.get(stream)
        if dropped:
            present = sorted(name for name in dropped if name in record)
            if present:
                self._add(
                    ERROR,
                    "selection-property-not-honoured",
                    stream,
                    f"{where}: deselected properties {present} were written",
                )

    # -- STATE -----------------------------------------------------------------------------------

    def _state(self, number: int, message: dict[str, t.Any]) -> None:
        if "value" not in message:
            self._add(ERROR, "message-shape", None, f"line {number}: STATE without a 'value'")
            return
        value = message["value"]
        self.result.states.append(value)
        self._remember_bookmarks(value, number)

    def _remember_bookmarks(self, state: t.Any, number: int | None) -> None:
        """Compare each bookmark with the stream's previous one, then remember it."""
        if not isinstance(state, dict) or not isinstance(state.get("bookmarks"), dict):
            return
        for stream, entry in state["bookmarks"].items():
            if not isinstance(entry, dict):
                continue
            places: list[tuple[str, dict[str, t.Any]]] = [("", entry)]
            for partition in entry.get("partitions") or []:
                if isinstance(partition, dict):
                    context = json.dumps(partition.get("context"), sort_keys=True, default=str)
                    places.append((context, partition))
            for context, place in places:
                key = _replication_key(place, self._streams.get(stream))
                if key is None:
                    continue
                found, value = bookmark_for(
                    {"bookmarks": {stream: place}}, stream, key if key != "*" else None
                )
                if not found:
                    continue
                slot = (stream, context)
                old = self._bookmarks.get(slot)
                if old is not None and number is not None and compare_values(old, value) == -1:
                    where = f" partition {context}" if context else ""
                    self._add(
                        ERROR,
                        "state-backwards",
                        stream,
                        f"line {number}: bookmark{where} went back from {old!r} to {value!r}",
                    )
                self._bookmarks[slot] = value


def _replication_key(place: dict[str, t.Any], compiled: _CompiledStream | None) -> str | None:
    """The key a bookmark entry is stored under (``*`` for the SDK's replication_key_value)."""
    if "replication_key_value" in place:
        return "*"
    if compiled is not None and compiled.replication_key in place:
        return compiled.replication_key
    return None


def schema_problem(schema: t.Any) -> str | None:
    """Check a stream schema against the JSON Schema meta-schema (draft from ``$schema``).

    Returns:
        What is wrong, or None for a valid schema with a ``properties`` object.
    """
    import jsonschema  # type: ignore[import-untyped]
    from jsonschema.exceptions import SchemaError  # type: ignore[import-untyped]

    if not isinstance(schema, dict):
        return "the schema is not an object"
    validator = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    try:
        validator.check_schema(schema)
    except SchemaError as error:
        where = "/".join(str(part) for part in error.path) or "(root)"
        return f"schema is not valid JSON Schema at {where}: {error.message}"
    if not isinstance(schema.get("properties"), dict):
        return "schema has no 'properties' object"
    return None
