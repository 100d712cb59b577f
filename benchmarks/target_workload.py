"""A whole target process reading N records of Singer messages; runs under ours or the reference.

Two targets built only from the public API (``Target``, ``BatchSink``), with the default
settings plus ``add_record_metadata`` (records validated, date-times parsed, ``_sdc_*`` added,
batches of 10,000):

- ``null``: the sink drops each drained batch;
- ``jsonl``: the sink appends each batch to ``<output_dir>/<stream>.jsonl``, encoding records with
  the standard library's ``json`` (its own code, as a real target's would be: datetimes as ISO
  strings, Decimals as numbers).

The input is made once by ``--write-input FILE`` (SCHEMA, RECORD lines with ``time_extracted``,
a STATE every 10,000 records), then read from standard input:

    python benchmarks/target_workload.py --write-input /tmp/in.jsonl --n 50000
    python benchmarks/target_workload.py --sink null < /tmp/in.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import json
import sys
import typing as t
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from records import SCHEMA, STREAM, make_record


def write_input(path: Path, n: int) -> None:
    """Write the Singer messages of ``n`` records to ``path``."""
    extracted = "2024-06-01T12:00:00+00:00"
    with path.open("w", encoding="utf-8") as out:
        schema = {"type": "SCHEMA", "stream": STREAM, "schema": SCHEMA, "key_properties": ["id"]}
        out.write(json.dumps(schema) + "\n")
        for i in range(n):
            record = make_record(i)
            line = {"type": "RECORD", "stream": STREAM, "record": record}
            line["time_extracted"] = extracted
            out.write(json.dumps(line) + "\n")
            if (i + 1) % 10_000 == 0 or i + 1 == n:
                value = {"bookmarks": {STREAM: {"replication_key_value": record["updated_at"]}}}
                out.write(json.dumps({"type": "STATE", "value": value}) + "\n")


def _to_json(value: object) -> object:
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sink", choices=("null", "jsonl"), default="null")
    parser.add_argument("--output-dir", default="target-output")
    parser.add_argument("--write-input", type=Path, help="write the input file and stop")
    parser.add_argument("--n", type=int, default=50_000, help="records of --write-input")
    args = parser.parse_args()
    if args.write_input:
        write_input(args.write_input, args.n)
        return

    # Imported here so that writing the input does not need singer_sdk.
    from singer_sdk import Target
    from singer_sdk.sinks import BatchSink

    encode = json.JSONEncoder(separators=(",", ":"), default=_to_json).encode

    class NullSink(BatchSink):
        def process_batch(self, context: dict[str, t.Any]) -> None:
            context.get("records", []).clear()

    class JSONLSink(BatchSink):
        def setup(self) -> None:
            folder = Path(self.config["output_dir"])
            folder.mkdir(parents=True, exist_ok=True)
            self._file = (folder / f"{self.stream_name}.jsonl").open("w", encoding="utf-8")

        def process_batch(self, context: dict[str, t.Any]) -> None:
            records = context.get("records", [])
            self._file.write("".join([encode(record) + "\n" for record in records]))
            records.clear()

        def clean_up(self) -> None:
            self._file.close()
            super().clean_up()

    class BenchTarget(Target):
        name = "target-bench"
        config_jsonschema = {"type": "object", "properties": {"output_dir": {"type": "string"}}}
        default_sink_class = NullSink if args.sink == "null" else JSONLSink

    config = {"add_record_metadata": True, "output_dir": args.output_dir}
    BenchTarget(config=config).listen()


if __name__ == "__main__":
    main()
