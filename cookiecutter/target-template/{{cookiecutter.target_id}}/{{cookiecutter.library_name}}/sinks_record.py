"""The sink of {{ cookiecutter.target_id }}: writes each record as soon as it arrives."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import typing as t
from pathlib import Path

from singer_sdk.sinks import RecordSink


def json_default(value: object) -> object:
    """Return a JSON-friendly form of the values the SDK parses (dates, decimals)."""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)


class {{ cookiecutter.destination_name }}Sink(RecordSink):
    """Appends each record of a stream to ``<output_dir>/<stream>.jsonl``.

    Replace :meth:`process_record` with a call to the destination's API.
    """

    @property
    def output_path(self) -> Path:
        """The file this sink writes."""
        return Path(self.config.get("output_dir", "output")) / f"{self.stream_name}.jsonl"

    def process_record(self, record: dict[str, t.Any], context: dict[str, t.Any]) -> None:
        """Write one record (validated, with date-times parsed) to the stream's file.

        Args:
            record: the record to write.
            context: the sink's context (unused by record sinks).
        """
        self.output_path.parent.mkdir(parents=True, exist_ok=True)
        with self.output_path.open("a", encoding="utf-8") as output:
            output.write(json.dumps(record, default=json_default) + "\n")
