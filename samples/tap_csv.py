"""tap-csv: a sample file tap; one stream per CSV file.

Say which files to read with either setting:

- ``path``: a folder; every ``*.csv`` file in it becomes a stream named after the file
  (``Sales 2024.csv`` -> ``sales_2024``), every column a string.
- ``files``: a list of ``{"path": ..., "entity": <stream name>, "keys": [...], "delimiter": ",",
  "encoding": "utf-8", "schema": {<JSON Schema>}}`` (only ``path`` is required). With a
  ``schema``, values are converted to its types (integer, number, boolean; empty cells of
  non-string columns become null); columns the schema does not name are read as strings.

Each record also says where it came from: ``_sdc_source_file`` (the path as configured) and
``_sdc_source_lineno`` (the line the row starts on; the header is line 1).

Run it: ``TAP_CSV_PATH=some/folder python samples/tap_csv.py --config ENV``, or ``--discover``,
``--about``, ``--config config.json``.
"""

from __future__ import annotations

import csv
import decimal
import json
import re
import typing as t
from pathlib import Path

from singer_sdk import Stream, Tap
from singer_sdk import typing as th
from singer_sdk.exceptions import ConfigValidationError

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context, Record

SOURCE_FILE = "_sdc_source_file"
SOURCE_LINENO = "_sdc_source_lineno"
_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}


class CSVDataError(ValueError):
    """A CSV file cannot be read as its stream says (bad header, row or value)."""


def stream_name_for(path: Path) -> str:
    """Return the stream name of a file: its stem, lower-cased, non-alphanumerics as ``_``."""
    return re.sub(r"[^0-9a-z]+", "_", path.stem.lower()).strip("_") or "csv"


def _types_of(schema: dict[str, t.Any]) -> set[str]:
    declared = schema.get("type", "string")
    return {declared} if isinstance(declared, str) else set(declared)


def _parse_integer(text: str) -> t.Any:
    try:
        return int(text)
    except ValueError:
        return _INVALID


def _parse_number(text: str) -> t.Any:
    try:
        number = decimal.Decimal(text)
    except decimal.InvalidOperation:
        return _INVALID
    return number if number.is_finite() else _INVALID


def _parse_boolean(text: str) -> t.Any:
    lowered = text.lower()
    return True if lowered in _TRUE else False if lowered in _FALSE else _INVALID


def _parse_json(text: str) -> t.Any:
    try:
        return json.loads(text)
    except ValueError:
        return _INVALID


_INVALID = object()
_PARSERS: dict[str, t.Callable[[str], t.Any]] = {
    "integer": _parse_integer,
    "number": _parse_number,
    "boolean": _parse_boolean,
    "object": _parse_json,
    "array": _parse_json,
}


def _converter(schema: dict[str, t.Any]) -> t.Callable[[str], t.Any] | None:
    """Return the function that turns a cell into the column's type (None: keep the string)."""
    types = _types_of(schema) - {"null"}
    if not types or "string" in types:
        return None
    parsers = [_PARSERS[kind] for kind in _PARSERS if kind in types]
    expected = " or ".join(kind for kind in _PARSERS if kind in types) or "a known type"

    def convert(text: str) -> t.Any:
        value = text.strip()
        if value == "":
            return None
        for parse in parsers:
            result = parse(value)
            if result is not _INVALID:
                return result
        msg = f"{text!r} is not {expected}"
        raise ValueError(msg)

    return convert


class CSVStream(Stream):
    """The rows of one CSV file.

    Args:
        tap: the tap.
        name: the stream name.
        path: the file.
        configured_path: the path as the config names it (written to ``_sdc_source_file``).
        keys: the primary key columns.
        delimiter: the field delimiter.
        encoding: the file's text encoding.
        schema: the JSON Schema of the columns, or None to read every column as a string.
    """

    def __init__(
        self,
        tap: Tap,
        *,
        name: str,
        path: Path,
        configured_path: str,
        keys: t.Sequence[str] = (),
        delimiter: str = ",",
        encoding: str = "utf-8-sig",
        schema: dict[str, t.Any] | None = None,
    ) -> None:
        self.file_path = path
        self.configured_path = configured_path
        self.delimiter = delimiter
        self.encoding = encoding
        self.header = self._read_header()
        super().__init__(tap, schema=self._build_schema(schema), name=name)
        missing = [key for key in keys if key not in self.header]
        if missing:
            msg = f"{configured_path}: key column(s) {missing} are not in the header {self.header}"
            raise CSVDataError(msg)
        self.primary_keys = list(keys)
        properties = self.schema["properties"]
        self._converters = {column: _converter(properties[column]) for column in self.header}

    def _reader(self, file: t.IO[str]) -> t.Any:
        return csv.reader(file, delimiter=self.delimiter)

    def _read_header(self) -> list[str]:
        with self.file_path.open(encoding=self.encoding, newline="") as file:
            header = next(self._reader(file), None)
        if not header:
            msg = f"{self.configured_path}: the file has no header row"
            raise CSVDataError(msg)
        names = [name.strip() for name in header]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates or "" in names:
            problem = f"duplicate columns {duplicates}" if duplicates else "an empty column name"
            msg = f"{self.configured_path}: the header has {problem}"
            raise CSVDataError(msg)
        return names

    def _build_schema(self, given: dict[str, t.Any] | None) -> dict[str, t.Any]:
        declared: dict[str, t.Any] = (given or {}).get("properties", {})
        properties = {
            column: declared.get(column, {"type": ["string", "null"]}) for column in self.header
        }
        properties.update(declared)  # columns the schema names but the file lacks: null
        properties[SOURCE_FILE] = {"type": "string"}
        properties[SOURCE_LINENO] = {"type": "integer"}
        return {"type": "object", "properties": properties}

    def get_records(self, context: Context | None) -> t.Iterable[Record]:
        """Yield each row of the file as a record; blank lines are skipped.

        Raises:
            CSVDataError: a row has more cells than the header, or a value does not convert.
        """
        width = len(self.header)
        with self.file_path.open(encoding=self.encoding, newline="") as file:
            reader = self._reader(file)
            next(reader)  # the header
            line = reader.line_num + 1
            for row in reader:
                start, line = line, reader.line_num + 1
                if not row:
                    continue
                if len(row) > width:
                    msg = (
                        f"{self.configured_path} line {start}: {len(row)} cells, "
                        f"the header has {width}"
                    )
                    raise CSVDataError(msg)
                record: dict[str, t.Any] = {}
                for column, cell in zip(self.header, row, strict=False):
                    convert = self._converters[column]
                    try:
                        record[column] = cell if convert is None else convert(cell)
                    except ValueError as exc:
                        msg = f"{self.configured_path} line {start}, column {column!r}: {exc}"
                        raise CSVDataError(msg) from None
                for column in self.header[len(row) :]:
                    record[column] = None
                record[SOURCE_FILE] = self.configured_path
                record[SOURCE_LINENO] = start
                yield record


FILE_DEFINITION = th.ObjectType(
    th.Property("path", th.StringType, required=True, description="The CSV file."),
    th.Property("entity", th.StringType, description="Stream name; default: from the file name."),
    th.Property("keys", th.ArrayType(th.StringType), description="Primary key columns."),
    th.Property("delimiter", th.StringType, description="Field delimiter; default ','."),
    th.Property("encoding", th.StringType, description="Text encoding; default UTF-8."),
    th.Property(
        "schema",
        th.ObjectType(),
        description="JSON Schema of the columns; default: every column a string.",
    ),
    additional_properties=False,
)


class TapCSV(Tap):
    """Reads CSV files, one stream per file."""

    name = "tap-csv"
    config_jsonschema = th.PropertiesList(
        th.Property(
            "files",
            th.ArrayType(FILE_DEFINITION),
            description="The files to read, with per-file options.",
        ),
        th.Property(
            "path",
            th.StringType,
            description="A folder; every *.csv file in it is read, every column as a string.",
        ),
    ).to_dict()

    def _definitions(self) -> list[dict[str, t.Any]]:
        files, folder = self.config.get("files"), self.config.get("path")
        if bool(files) == bool(folder):
            msg = "Exactly one of the settings 'files' and 'path' is needed."
            raise ConfigValidationError(msg, errors=[msg])
        if files:
            return [dict(item) for item in files]
        root = Path(str(folder))
        if not root.is_dir():
            msg = f"Setting 'path': {folder!r} is not a folder."
            raise ConfigValidationError(msg, errors=[msg])
        return [{"path": str(root / entry.name)} for entry in sorted(root.glob("*.csv"))]

    def discover_streams(self) -> list[Stream]:
        """Return one stream per configured CSV file.

        Raises:
            ConfigValidationError: neither or both of ``files`` and ``path``, a missing file or
                folder, or two files with the same stream name.
            CSVDataError: a file's header is unusable.
        """
        streams: list[Stream] = []
        errors: list[str] = []
        for definition in self._definitions():
            configured = str(definition["path"])
            path = Path(configured)
            if not path.is_file():
                errors.append(f"CSV file not found: {configured}")
                continue
            name = definition.get("entity") or stream_name_for(path)
            if any(stream.name == name for stream in streams):
                errors.append(f"Two files make the stream {name!r}; set 'entity' on one.")
                continue
            streams.append(
                CSVStream(
                    self,
                    name=name,
                    path=path,
                    configured_path=configured,
                    keys=definition.get("keys") or (),
                    delimiter=definition.get("delimiter") or ",",
                    encoding=definition.get("encoding") or "utf-8-sig",
                    schema=definition.get("schema"),
                )
            )
        if errors:
            raise ConfigValidationError("The CSV files cannot be read.", errors=errors)
        return streams


if __name__ == "__main__":
    TapCSV.cli()
