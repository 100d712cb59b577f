"""target-jsonl-demo: a sample target that writes each stream to ``<output_dir>/<stream>.jsonl``.

A ``Target`` with one ``BatchSink`` per stream: records are validated against their SCHEMA,
date-times parsed, batched, and each batch appended to the stream's file when the sink drains.
The last state is written to stdout once every record before it is on disk.

Run it: ``python samples/tap_demo.py --config ENV | python samples/target_jsonl_demo.py
--config ENV`` (``TARGET_JSONL_DEMO_OUTPUT_DIR`` chooses the folder).
"""

from __future__ import annotations

import typing as t
from pathlib import Path

from singer_sdk import BatchSink, Target
from singer_sdk import typing as th
from singer_sdk._messages import codec


class JSONLSink(BatchSink):
    """Appends each drained batch of one stream to ``<output_dir>/<stream>.jsonl``."""

    def setup(self) -> None:
        """Start the stream's file empty (called once, when the sink is created)."""
        folder = Path(self.config["output_dir"])
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"{self.stream_name}.jsonl"
        self.path.write_bytes(b"")
        self.written = 0

    def process_batch(self, context: dict[str, t.Any]) -> None:
        """Append the batch's records (date-times written back as RFC 3339 strings)."""
        records = context["records"]
        with self.path.open("ab") as file:
            file.writelines(codec.encode(record) + b"\n" for record in records)
        self.written += len(records)

    def clean_up(self) -> None:
        """Say where the records went (called once, at the end)."""
        self.logger.info("Wrote %d records to %s", self.written, self.path)


class TargetJSONLDemo(Target):
    """Writes every stream to a JSON Lines file in ``output_dir``."""

    name = "target-jsonl-demo"
    config_jsonschema = th.PropertiesList(
        th.Property(
            "output_dir",
            th.StringType,
            default=".demo/output",
            description="Folder the <stream>.jsonl files are written to.",
        ),
    ).to_dict()
    default_sink_class = JSONLSink


if __name__ == "__main__":
    TargetJSONLDemo.cli()
