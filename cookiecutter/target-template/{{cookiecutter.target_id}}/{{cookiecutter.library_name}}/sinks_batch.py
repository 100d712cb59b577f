"""The sink of {{ cookiecutter.target_id }}: writes records a batch at a time."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import typing as t
from pathlib import Path

from singer_sdk.sinks import BatchSink


def json_default(value: object) -> object:
    """Return a JSON-friendly form of the values the SDK parses (dates, decimals)."""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)


class {{ cookiecutter.destination_name }}Sink(BatchSink):
    """Collects the records of a stream and appends each batch to ``<output_dir>/<stream>.jsonl``.

    A batch ends when it holds ``MAX_SIZE_DEFAULT`` records (or the ``batch_size_rows``
    setting), when it gets old, and at the end of the input. Replace :meth:`process_batch`
    with a bulk load into the destination.
    """

    MAX_SIZE_DEFAULT = 10000

    @property
    def output_path(self) -> Path:
        """The file this sink writes."""
        return Path(self.config.get("output_dir", "output")) / f"{self.stream_name}.jsonl"

    def process_batch(self, context: dict[str, t.Any]) -> None:
        """Write the batch's records (``context["records"]``) in one go.

        Args:
            context: the batch: ``batch_id``, ``batch_start_time`` and ``records``.
        """
        records = context.get("records", [])
        if not records:
            return
        self.output_path.parent.mkdir(parents=True, exist_ok=True)
        lines = "".join(json.dumps(record, default=json_default) + "\n" for record in records)
        with self.output_path.open("a", encoding="utf-8") as output:
            output.write(lines)
        self.logger.info("Wrote %d records to %s", len(records), self.output_path)
