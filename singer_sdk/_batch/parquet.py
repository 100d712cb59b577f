"""Parquet BATCH files through pyarrow (the ``parquet`` extra; imported only here).

The Arrow schema comes from the stream's JSON Schema where a property's type is clear:
integer -> int64, number -> float64, boolean -> bool, string (any format, so date-times keep
their exact text) -> string, objects with closed ``properties`` -> struct, arrays -> list.
Other properties (and keys not in the schema) get the type pyarrow infers from the values.
Records are written in row groups of at most :data:`ROW_GROUP_SIZE` rows, and read back one
row group at a time; floating-point columns come back as :class:`~decimal.Decimal`, as JSON
numbers do in RECORD messages.

A columnar file has a value for every column: a key missing from a record reads back as null.
"""

from __future__ import annotations

import contextlib
import decimal
import typing as t

from singer_sdk._batch.errors import BatchFileError
from singer_sdk._batch.storage import open_atomic, open_url

if t.TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from singer_sdk._batch.storage import AtomicFile

__all__ = ["ROW_GROUP_SIZE", "ParquetFileWriter", "arrow_type", "iter_parquet_records"]

#: Rows held in memory before they are written as one row group.
ROW_GROUP_SIZE = 10_000


def _import_pyarrow() -> t.Any:
    try:
        import pyarrow as pa  # type: ignore[import-untyped]
        import pyarrow.parquet  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        msg = "Parquet BATCH files need pyarrow: pip install 'singer-connector-sdk[parquet]'"
        raise ImportError(msg) from exc
    return pa


def _non_null_types(schema: Mapping[str, t.Any]) -> list[t.Any]:
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") not in ("null", ["null"])]
        return [("schema", options[0])] if len(options) == 1 else [("many", None)]
    declared = schema.get("type")
    names = [declared] if isinstance(declared, str) else list(declared or [])
    return [name for name in names if name != "null"]


def arrow_type(schema: Mapping[str, t.Any]) -> t.Any | None:
    """Return the Arrow type of a JSON Schema, or None when it is not clear-cut."""
    pa = _import_pyarrow()
    types = _non_null_types(schema)
    if len(types) != 1:
        return None
    (kind,) = types
    if isinstance(kind, tuple):
        return arrow_type(kind[1]) if kind[0] == "schema" else None
    simple = {
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "string": pa.string(),
    }
    if kind in simple:
        return simple[kind]
    if kind == "object":
        properties = schema.get("properties")
        if not properties or schema.get("additionalProperties") or schema.get("patternProperties"):
            return None
        fields = []
        for name, sub_schema in properties.items():
            sub_type = arrow_type(sub_schema)
            if sub_type is None:
                return None
            fields.append(pa.field(name, sub_type))
        return pa.struct(fields)
    if kind == "array":
        items = schema.get("items")
        item_type = arrow_type(items) if isinstance(items, dict) else None
        return None if item_type is None else pa.list_(item_type)
    return None


def _as_floats(values: list[t.Any]) -> list[t.Any]:
    return [float(v) if isinstance(v, decimal.Decimal) else v for v in values]


class ParquetFileWriter:
    """Write records to one Parquet file (atomically).

    Args:
        url: the final URL.
        schema: the JSON Schema of the records.
        gzip_compress: use Parquet's gzip codec (else no compression).
        params: fsspec options for non-local URLs.
    """

    def __init__(
        self,
        url: str,
        *,
        schema: Mapping[str, t.Any] | None,
        gzip_compress: bool,
        params: Mapping[str, t.Any] | None = None,
    ) -> None:
        self._pa = _import_pyarrow()
        self.url = url
        self._properties: dict[str, t.Any] = dict((schema or {}).get("properties") or {})
        self._types = {name: arrow_type(sub) for name, sub in self._properties.items()}
        self._codec = "gzip" if gzip_compress else "none"
        self._atomic: AtomicFile = open_atomic(url, params)
        self._writer: t.Any = None
        self._rows: list[dict[str, t.Any]] = []
        self.count = 0

    def write(self, record: dict[str, t.Any]) -> None:
        """Add ``record`` (buffered into row groups)."""
        self._rows.append(record)
        self.count += 1
        if len(self._rows) >= ROW_GROUP_SIZE:
            self._write_group()

    def _column(self, name: str, values: list[t.Any]) -> t.Any:
        pa = self._pa
        declared = self._types.get(name)
        if declared is not None:
            try:
                return pa.array(values, type=declared)
            except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
                if declared == pa.float64():
                    try:
                        return pa.array(_as_floats(values), type=declared)
                    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
                        pass
        try:
            return pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as exc:
            msg = f"Cannot write column '{name}' of {self.url} as Parquet: {exc}"
            raise ValueError(msg) from exc

    def _write_group(self) -> None:
        pa = self._pa
        rows, self._rows = self._rows, []
        names = list(self._properties)
        known = set(names)
        for row in rows:
            if not known.issuperset(row):
                for key in row:
                    if key not in known:
                        known.add(key)
                        names.append(key)
        columns = [self._column(name, [row.get(name) for row in rows]) for name in names]
        table = pa.Table.from_arrays(columns, names=names)
        if self._writer is None:
            import pyarrow.parquet as pq

            self._writer = pq.ParquetWriter(
                self._atomic.file, table.schema, compression=self._codec
            )
        elif table.schema != self._writer.schema:
            try:
                table = table.select(self._writer.schema.names).cast(self._writer.schema)
            except (KeyError, pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
                # A new column or type in a later row group: start the columns over is not
                # possible in one file, so write what fits the file's schema.
                msg = (
                    f"Records of {self.url} changed shape between row groups "
                    f"({table.schema} vs {self._writer.schema})"
                )
                raise ValueError(msg) from None
        self._writer.write_table(table)

    def commit(self) -> str:
        """Finish the file and move it into place.

        Returns:
            The file's URL.
        """
        if self._rows or self._writer is None:
            self._write_group()
        self._writer.close()
        return self._atomic.commit()

    def abort(self) -> None:
        """Drop the file (nothing appears under its final name)."""
        self._rows = []
        if self._writer is not None:
            with contextlib.suppress(Exception):  # the file is deleted anyway
                self._writer.close()
        self._atomic.abort()


def iter_parquet_records(
    url: str, *, params: Mapping[str, t.Any] | None = None
) -> Iterator[dict[str, t.Any]]:
    """Yield the records of a Parquet file, one row group at a time.

    Raises:
        BatchFileError: the file is missing or is not a valid Parquet file.
    """
    pa = _import_pyarrow()
    import pyarrow.parquet as pq

    with open_url(url, "rb", params) as raw:
        try:
            parquet_file = pq.ParquetFile(raw)
            float_columns = [
                field.name
                for field in parquet_file.schema_arrow
                if pa.types.is_floating(field.type)
            ]
            groups = parquet_file.num_row_groups
        except (pa.ArrowException, OSError) as exc:
            raise BatchFileError(f"not a valid Parquet file ({exc})", url=url) from exc
        for group in range(groups):
            try:
                rows = parquet_file.read_row_group(group).to_pylist()
            except (pa.ArrowException, OSError) as exc:
                msg = f"row group {group} cannot be read ({exc})"
                raise BatchFileError(msg, url=url) from exc
            if float_columns:
                for row in rows:
                    for name in float_columns:
                        value = row[name]
                        if value is not None:
                            row[name] = _to_decimal(value)
            yield from rows


def _to_decimal(value: float) -> decimal.Decimal | None:
    """Return a float as the Decimal a JSON number of it decodes to (None if not finite)."""
    result = decimal.Decimal(repr(value))
    return result if result.is_finite() else None
