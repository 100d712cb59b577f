"""target-parquet: a sample target writing each stream to ``<destination_path>/<stream>.parquet``.

A ``Target`` with a ``BatchSink`` per stream (needs ``pyarrow``: the ``parquet`` extra; it is
imported only when a stream's SCHEMA arrives, so ``--about`` stays light):

- The Parquet schema follows the stream's JSON Schema: integer -> int64, number -> float64,
  boolean -> bool, string -> string, ``date-time`` strings -> timestamp (UTC, microseconds),
  ``date`` -> date32, ``time`` -> time64; objects, arrays and mixed types -> JSON text. Every
  column is nullable.
- Each drained batch becomes one row group (``batch_size_rows`` sets the batch size).
- The file is written under a hidden temporary name and moved into place when the stream ends,
  so readers never see a half-written file; a run replaces the stream's file of earlier runs.
- When a stream's schema changes mid-run, the rows before and after land in the same file under
  the union of both schemas (a column whose type changed becomes float64 or string).

Run it: ``python samples/tap_demo.py --config ENV | python samples/target_parquet.py --config
ENV`` (``TARGET_PARQUET_DESTINATION_PATH`` chooses the folder).
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import os
import typing as t
import uuid
from pathlib import Path

from singer_sdk import BatchSink, Target
from singer_sdk import typing as th

if t.TYPE_CHECKING:
    import pyarrow as pa

Converter = t.Callable[[t.Any], t.Any]
_RUN_KEY = b"singer.run"
_STREAM_KEY = b"singer.stream"
COMPRESSIONS = ["snappy", "gzip", "zstd", "brotli", "lz4", "none"]


def _json_default(value: t.Any) -> t.Any:
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def to_json_text(value: t.Any) -> str | None:
    """Return ``value`` as compact JSON text (strings as they are; None stays None)."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, default=_json_default, ensure_ascii=False, separators=(",", ":"))


def _to_datetime(value: t.Any) -> dt.datetime | None:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, dt.datetime):
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _to_date(value: t.Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _to_time(value: t.Any) -> dt.time | None:
    if isinstance(value, dt.time):
        return value.replace(tzinfo=None)
    try:
        return dt.time.fromisoformat(str(value)).replace(tzinfo=None)
    except ValueError:
        return None


def _to_float(value: t.Any) -> float | None:
    return None if value is None or isinstance(value, bool) else float(value)


def _to_int(value: t.Any) -> int | None:
    return None if value is None else int(value)


def column_type(schema: dict[str, t.Any]) -> tuple[pa.DataType, Converter]:
    """Return the Arrow type of a JSON Schema property, and how to convert its values to it."""
    import pyarrow as pa

    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        non_null = [option for option in options if option.get("type") != "null"]
        if len(non_null) == 1:
            return column_type(non_null[0])
        return pa.string(), to_json_text
    declared = schema.get("type")
    types = {declared} if isinstance(declared, str) else set(declared or [])
    types.discard("null")
    if types == {"integer"}:
        return pa.int64(), _to_int
    if types and types <= {"integer", "number"}:
        return pa.float64(), _to_float
    if types == {"boolean"}:
        return pa.bool_(), lambda value: None if value is None else bool(value)
    if types == {"string"}:
        kind = schema.get("format")
        if kind == "date-time":
            return pa.timestamp("us", tz="UTC"), _to_datetime
        if kind == "date":
            return pa.date32(), lambda value: None if value is None else _to_date(value)
        if kind == "time":
            return pa.time64("us"), lambda value: None if value is None else _to_time(value)
    return pa.string(), to_json_text


def unify(first: pa.Schema, second: pa.Schema) -> pa.Schema:
    """Return the columns of both schemas; a column typed differently becomes float64 or string.

    Columns keep the order of ``first``, then the new ones of ``second``.
    """
    import pyarrow as pa

    numeric = {pa.int64(), pa.float64()}
    fields = {field.name: field.type for field in first}
    for field in second:
        known = fields.get(field.name)
        if known is None or known == field.type:
            fields[field.name] = field.type
        elif {known, field.type} <= numeric:
            fields[field.name] = pa.float64()
        else:
            fields[field.name] = pa.string()
    return pa.schema([pa.field(name, kind, nullable=True) for name, kind in fields.items()])


def conform_table(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """Return ``table`` with exactly the columns of ``schema``: cast, or null where missing."""
    import pyarrow as pa

    columns = []
    for field in schema:
        if field.name in table.column_names:
            columns.append(table.column(field.name).cast(field.type))
        else:
            columns.append(pa.nulls(table.num_rows, field.type))
    return pa.Table.from_arrays(columns, schema=schema)


class ParquetSink(BatchSink):
    """Writes one stream to ``<destination_path>/<stream>.parquet``, a row group per batch."""

    def setup(self) -> None:
        """Compile the stream's columns and pick the file names (called when the sink starts)."""
        import pyarrow as pa

        self.folder = Path(self.config["destination_path"])
        self.folder.mkdir(parents=True, exist_ok=True)
        self.final_path = self.folder / f"{self.stream_name}.parquet"
        self.partial_path = self.folder / f".{self.stream_name}.{uuid.uuid4().hex}.partial"
        fields, self.converters = [], []
        for name, prop in self.schema.get("properties", {}).items():
            kind, convert = column_type(prop if isinstance(prop, dict) else {})
            fields.append(pa.field(name, kind, nullable=True))
            self.converters.append((name, convert))
        self.run_id = f"{os.getpid()}:{self.sync_started_at}".encode()
        metadata = {_STREAM_KEY: self.stream_name.encode(), _RUN_KEY: self.run_id}
        self.arrow_schema = pa.schema(fields, metadata=metadata)
        self.writer: t.Any = None
        self.rows_written = 0

    def _compression(self) -> str | None:
        name = str(self.config.get("compression") or "snappy")
        return None if name == "none" else name

    def _open_writer(self) -> t.Any:
        import pyarrow.parquet as pq

        if self.writer is None:
            self.writer = pq.ParquetWriter(
                self.partial_path, self.arrow_schema, compression=self._compression()
            )
        return self.writer

    def process_batch(self, context: dict[str, t.Any]) -> None:
        """Write the batch's records as one row group of the temporary file."""
        import pyarrow as pa

        records = context.get("records") or []
        if not records:
            return
        columns = [
            pa.array([convert(record.get(name)) for record in records], type=field.type)
            for (name, convert), field in zip(self.converters, self.arrow_schema, strict=True)
        ]
        table = pa.Table.from_arrays(columns, schema=self.arrow_schema)
        self._open_writer().write_table(table, row_group_size=max(1, table.num_rows))
        self.rows_written += table.num_rows

    def clean_up(self) -> None:
        """Close the file and move it into place (called once, when the stream ends)."""
        self._open_writer().close()  # a stream without records still gets its (empty) file
        if self._written_earlier_this_run():
            self._merge_into_final()
        else:
            os.replace(self.partial_path, self.final_path)
        self.logger.info("Wrote %d rows to %s", self.rows_written, self.final_path)

    def _written_earlier_this_run(self) -> bool:
        """Whether an earlier version of this sink (before a schema change) wrote the file."""
        import pyarrow.parquet as pq

        if not self.final_path.exists():
            return False
        metadata = pq.read_schema(self.final_path).metadata or {}
        return metadata.get(_RUN_KEY) == self.run_id

    def _merge_into_final(self) -> None:
        import pyarrow.parquet as pq

        earlier, latest = pq.ParquetFile(self.final_path), pq.ParquetFile(self.partial_path)
        schema = unify(earlier.schema_arrow, latest.schema_arrow).with_metadata(
            self.arrow_schema.metadata
        )
        merged_path = self.partial_path.with_suffix(".merged")
        with pq.ParquetWriter(merged_path, schema, compression=self._compression()) as writer:
            for source in (earlier, latest):
                for index in range(source.num_row_groups):
                    group = conform_table(source.read_row_group(index), schema)
                    writer.write_table(group, row_group_size=max(1, group.num_rows))
        earlier.close()
        latest.close()
        os.replace(merged_path, self.final_path)
        self.partial_path.unlink()
        self.logger.info("Merged the rows written before the schema change into one file")


class TargetParquet(Target):
    """Writes every stream to a Parquet file in ``destination_path``."""

    name = "target-parquet"
    config_jsonschema = th.PropertiesList(
        th.Property(
            "destination_path",
            th.StringType,
            default="output",
            description="Folder the <stream>.parquet files are written to.",
        ),
        th.Property(
            "compression",
            th.StringType(allowed_values=COMPRESSIONS),
            default="snappy",
            description="Parquet compression codec.",
        ),
    ).to_dict()
    default_sink_class = ParquetSink


if __name__ == "__main__":
    TargetParquet.cli()
