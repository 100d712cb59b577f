"""Records (in their wire form) into Arrow tables typed from the stream's JSON schema.

Rows are collected per stream and turned into a record batch every ``BATCH_ROWS`` rows, so only
that many rows are held as Python objects at a time. See :meth:`TapRecords.to_arrow` for the
type mapping.
"""

from __future__ import annotations

import datetime as dt
import decimal
import typing as t

from singer_sdk._messages import codec

if t.TYPE_CHECKING:
    import pyarrow as pa  # type: ignore[import-untyped]

__all__ = ["BATCH_ROWS", "TableBuilder", "arrow_type", "require_pandas", "require_pyarrow"]

BATCH_ROWS = 10_000
_UTC = dt.UTC

Converter = t.Callable[[t.Any], t.Any]


def require_pyarrow() -> None:
    """Raise a clear :class:`ImportError` if pyarrow is missing."""
    try:
        import pyarrow as pa  # noqa: F401
    except ImportError as exc:
        msg = (
            "to_arrow() needs the 'pyarrow' package: "
            "pip install 'singer-connector-sdk[parquet]' (or pip install pyarrow)"
        )
        raise ImportError(msg, name="pyarrow") from exc


def require_pandas() -> None:
    """Raise a clear :class:`ImportError` if pandas (or pyarrow) is missing."""
    try:
        import pandas as pd  # type: ignore[import-untyped]  # noqa: F401
    except ImportError as exc:
        msg = "to_pandas() needs the 'pandas' package: pip install pandas"
        raise ImportError(msg, name="pandas") from exc
    require_pyarrow()


def _json_text(value: t.Any) -> t.Any:
    return None if value is None else codec.encode(value).decode()


def _text(value: t.Any) -> t.Any:
    return value if value is None or value.__class__ is str else _json_text(value)


def _timestamp(value: t.Any) -> t.Any:
    if value is None or isinstance(value, dt.datetime):
        parsed = value
    else:
        parsed = dt.datetime.fromisoformat(str(value))
    if parsed is None:
        return None
    return parsed.replace(tzinfo=_UTC) if parsed.tzinfo is None else parsed.astimezone(_UTC)


def _date(value: t.Any) -> t.Any:
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value)
    if len(text) > 10:
        return dt.datetime.fromisoformat(text).date()
    return dt.date.fromisoformat(text)


def _time(value: t.Any) -> t.Any:
    if value is None or isinstance(value, dt.time):
        return value
    return dt.time.fromisoformat(str(value)).replace(tzinfo=None)


def _float(value: t.Any) -> t.Any:
    return None if value is None else float(value)


def _decimal(value: t.Any) -> t.Any:
    return None if value is None else decimal.Decimal(str(value))


def _same(value: t.Any) -> t.Any:
    return value


def _types(schema: dict[str, t.Any]) -> list[dict[str, t.Any]]:
    """The non-null alternatives of ``schema`` (``type`` lists and ``anyOf``/``oneOf``)."""
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if isinstance(options, list):
            found: list[dict[str, t.Any]] = []
            for option in options:
                if isinstance(option, dict):
                    found.extend(_types({**schema, key: None, **option}))
            return found
    declared = schema.get("type")
    if declared is None:
        return [schema] if schema.get("properties") or schema.get("format") else [{}]
    names = [declared] if isinstance(declared, str) else list(declared)
    names = [name for name in names if name != "null"]
    if set(names) == {"integer", "number"}:
        names = ["number"]
    return [{**schema, "type": name} for name in names]


def _bounded_decimal(schema: dict[str, t.Any]) -> tuple[int, int] | None:
    """(precision, scale) if ``schema`` bounds its numbers' digits, else None."""
    if schema.get("format") == "x-singer.decimal":
        precision, scale = schema.get("precision"), schema.get("scale", 0)
        if isinstance(precision, int) and isinstance(scale, int) and 0 < precision <= 76:
            return precision, scale
        return None
    step = schema.get("multipleOf")
    bounds = [schema.get(key) for key in ("minimum", "maximum")]
    if step is None or any(bound is None for bound in bounds):
        return None
    try:
        step_decimal = decimal.Decimal(str(step)).normalize()
        limits = [abs(decimal.Decimal(str(bound))) for bound in bounds]
    except (decimal.InvalidOperation, TypeError):
        return None
    if step_decimal.as_tuple().digits != (1,):  # not a power of ten
        return None
    scale = max(0, -int(step_decimal.as_tuple().exponent))
    whole_digits = max(len(str(int(limit))) for limit in limits)
    precision = whole_digits + scale
    return (precision, scale) if precision <= 76 else None


def arrow_type(schema: dict[str, t.Any]) -> tuple[pa.DataType, Converter]:
    """Return the Arrow type of a property's JSON schema and the converter of its values."""
    import pyarrow as pa

    options = _types(schema) if isinstance(schema, dict) else [{}]
    if len(options) != 1:
        return (pa.null(), _same) if not options else (pa.large_string(), _json_text)
    option = options[0]
    kind = option.get("type")
    bounded = _bounded_decimal(option)
    if bounded is not None:
        precision, scale = bounded
        maker = pa.decimal128 if precision <= 38 else pa.decimal256
        return maker(precision, scale), _decimal
    if kind == "integer":
        return pa.int64(), _same
    if kind == "number":
        return pa.float64(), _float
    if kind == "boolean":
        return pa.bool_(), _same
    if kind == "string":
        fmt = option.get("format")
        if fmt == "date-time":
            return pa.timestamp("us", tz="UTC"), _timestamp
        if fmt == "date":
            return pa.date32(), _date
        if fmt == "time":
            return pa.time64("us"), _time
        return pa.large_string(), _text
    if kind == "object" and isinstance(option.get("properties"), dict) and option["properties"]:
        fields = []
        converters: list[tuple[str, Converter]] = []
        for name, sub in option["properties"].items():
            sub_type, convert = arrow_type(sub)
            fields.append(pa.field(name, sub_type))
            converters.append((name, convert))

        def struct(value: t.Any) -> t.Any:
            if not isinstance(value, dict):
                return None
            return {name: convert(value.get(name)) for name, convert in converters}

        return pa.struct(fields), struct
    if kind == "array" and isinstance(option.get("items"), dict):
        item_type, convert_item = arrow_type(option["items"])

        def array(value: t.Any) -> t.Any:
            if not isinstance(value, list):
                return None
            return [convert_item(item) for item in value]

        return pa.list_(item_type), array
    return pa.large_string(), _json_text


class TableBuilder:
    """Collects one stream's records and builds its Arrow table."""

    def __init__(self, stream: str, schema: dict[str, t.Any]) -> None:
        self.stream = stream
        self._rows: list[dict[str, t.Any]] = []
        self._batches: list[t.Any] = []
        self.set_schema(schema)

    def set_schema(self, schema: dict[str, t.Any]) -> None:
        """Type the coming records with ``schema`` (the rows so far keep the previous one)."""
        if self._rows:
            self._flush()
        self.schema = schema
        properties = schema.get("properties") if isinstance(schema, dict) else None
        self._columns: dict[str, tuple[t.Any, Converter]] = {
            name: arrow_type(sub) for name, sub in (properties or {}).items()
        }

    def add(self, record: dict[str, t.Any]) -> None:
        """Add one record (its wire form)."""
        self._rows.append(record)
        if len(self._rows) >= BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        rows, self._rows = self._rows, []
        columns = dict(self._columns)
        for row in rows:  # keys the schema does not declare, as JSON text
            if not columns.keys() >= row.keys():
                for name in row.keys() - columns.keys():
                    columns[name] = (pa.large_string(), _json_text)
        arrays = []
        fields = []
        for name, (arrow, convert) in columns.items():
            try:
                values = [convert(row.get(name)) for row in rows]
                arrays.append(pa.array(values, type=arrow))
            except (ValueError, TypeError, ArithmeticError, pa.ArrowException) as exc:
                msg = (
                    f"Stream '{self.stream}', column '{name}': a value does not fit {arrow}, "
                    f"the type its schema gives: {exc}"
                )
                raise ValueError(msg) from exc
            fields.append(pa.field(name, arrow))
        self._batches.append(pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields)))

    def finish(self) -> pa.Table:
        """Return the table of every record added."""
        import pyarrow as pa

        if self._rows or not self._batches:
            self._flush()
        schemas = {batch.schema for batch in self._batches}
        if len(schemas) == 1:
            return pa.Table.from_batches(self._batches)
        tables = [pa.Table.from_batches([batch]) for batch in self._batches]
        return pa.concat_tables(tables, promote_options="permissive")
