"""A small real target for the subprocess tests: appends each batch to ``<stream>.jsonl``.

With ``TARGET_FILES_ANNOUNCE=1`` it writes ``accepted <stream> <n>`` to stderr per record, so a
test can tell when the target has taken in a line before signalling it.
"""

from __future__ import annotations

import os
import sys
import typing as t
from pathlib import Path

from singer_sdk import BatchSink, Target
from singer_sdk import typing as th
from singer_sdk._messages import codec


class FilesSink(BatchSink):
    def process_record(self, record: dict[str, t.Any], context: dict[str, t.Any]) -> None:
        super().process_record(record, context)
        if os.environ.get("TARGET_FILES_ANNOUNCE"):
            sys.stderr.write(f"accepted {self.stream_name} {self._total_records_read}\n")
            sys.stderr.flush()

    def process_batch(self, context: dict[str, t.Any]) -> None:
        folder = Path(self.config["output_dir"])
        with (folder / f"{self.stream_name}.jsonl").open("ab") as file:
            for record in context["records"]:
                file.write(codec.encode(record) + b"\n")


class TargetFiles(Target):
    name = "target-files"
    config_jsonschema = th.PropertiesList(th.Property("output_dir", th.StringType)).to_dict()
    default_sink_class = FilesSink


if __name__ == "__main__":
    TargetFiles.cli()
