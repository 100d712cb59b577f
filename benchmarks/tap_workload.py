"""A tap of N synthetic records through the public API; runs under ours or the reference.

One stream, key ``id``, sorted replication key ``updated_at``, the 12-field records of
``records.py``. Its stdout is the Singer stream; ``benchmarks/compare.py tap`` times it.

    python benchmarks/tap_workload.py --n 200000 > /dev/null
"""

from __future__ import annotations

import sys
import typing as t
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from records import STREAM, make_record

from singer_sdk import Stream, Tap
from singer_sdk import typing as th

SCHEMA = th.PropertiesList(
    th.Property("id", th.IntegerType, required=True),
    th.Property("name", th.StringType),
    th.Property("email", th.StringType),
    th.Property("description", th.StringType),
    th.Property("amount", th.NumberType),
    th.Property("quantity", th.IntegerType),
    th.Property("is_active", th.BooleanType),
    th.Property("created_at", th.DateTimeType),
    th.Property("updated_at", th.DateTimeType),
    th.Property(
        "address",
        th.ObjectType(
            th.Property("street", th.StringType),
            th.Property("city", th.StringType),
            th.Property(
                "geo",
                th.ObjectType(th.Property("lat", th.NumberType), th.Property("lon", th.NumberType)),
            ),
        ),
    ),
    th.Property("tags", th.ArrayType(th.StringType)),
    th.Property("notes", th.StringType),
).to_dict()


class SynthStream(Stream):
    """N records sorted by ``updated_at``."""

    name = STREAM
    primary_keys = ("id",)
    replication_key = "updated_at"
    is_sorted = True
    schema = SCHEMA

    def get_records(self, context: t.Any) -> t.Iterable[dict[str, t.Any]]:
        for i in range(int(self.config["n"])):
            yield make_record(i)


class TapBench(Tap):
    """Benchmark tap."""

    name = "tap-bench"
    config_jsonschema = th.PropertiesList(th.Property("n", th.IntegerType, default=1000)).to_dict()

    def discover_streams(self) -> list[Stream]:
        return [SynthStream(self)]


if __name__ == "__main__":
    n = int(sys.argv[sys.argv.index("--n") + 1]) if "--n" in sys.argv else 1000
    tap = TapBench(config={"n": n})
    tap.sync_all()
