"""A small tap for the BATCH tests (importable, and runnable as a script).

- ``events``: incremental on ``seq`` (sorted), resumes after the bookmark; values of many types
  (a datetime object and an unknown key exercise type conformance).
- ``regions``: two partitions, incremental on ``seq`` per partition.

``count`` (config) sets the number of events; ``fail_at`` makes ``events`` raise after that many
records (to test that a failed sync leaves no partial file).
"""

from __future__ import annotations

import datetime as dt
import os
import typing as t

from singer_sdk import Stream, Tap
from singer_sdk import typing as th

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context, Record

EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


class EventsStream(Stream):
    name = "events"
    primary_keys = ("id",)
    replication_key = "seq"
    is_sorted = True
    schema = th.PropertiesList(
        th.Property("id", th.IntegerType, required=True),
        th.Property("seq", th.IntegerType),
        th.Property("name", th.StringType),
        th.Property("amount", th.NumberType),
        th.Property("active", th.BooleanType),
        th.Property("created", th.DateTimeType),
        th.Property("tags", th.ArrayType(th.StringType)),
        th.Property("meta", th.ObjectType(th.Property("k", th.StringType))),
    ).to_dict()

    def get_records(self, context: Context | None) -> t.Iterable[Record]:
        start = self.get_starting_replication_key_value(context) or 0
        fail_at = self.config.get("fail_at")
        for i in range(1, int(self.config.get("count", 25)) + 1):
            if fail_at is not None and i > fail_at:
                msg = "source went away"
                raise RuntimeError(msg)
            if i <= start:
                continue
            yield {
                "id": i,
                "seq": i,
                "name": f"event {i}",
                "amount": i * 1.5,
                "active": i % 2 == 0,
                "created": EPOCH + dt.timedelta(minutes=i),
                "tags": ["a", f"t{i % 3}"],
                "meta": {"k": f"v{i}"},
                "unknown": "dropped by conformance",
            }


class RegionsStream(Stream):
    name = "regions"
    primary_keys = ("region", "n")
    replication_key = "seq"
    is_sorted = True
    schema = th.PropertiesList(
        th.Property("region", th.StringType, required=True),
        th.Property("n", th.IntegerType, required=True),
        th.Property("seq", th.IntegerType),
    ).to_dict()

    @property
    def partitions(self) -> list[dict[str, t.Any]]:
        return [{"region": "eu"}, {"region": "us"}]

    def get_records(self, context: Context | None) -> t.Iterable[Record]:
        assert context is not None
        start = self.get_starting_replication_key_value(context) or 0
        for n in range(1, 8):
            if n > start:
                yield {"n": n, "seq": n}


class BatchTestTap(Tap):
    name = "tap-batchtest"
    config_jsonschema = th.PropertiesList(
        th.Property("count", th.IntegerType),
        th.Property("fail_at", th.IntegerType),
    ).to_dict()

    def discover_streams(self) -> list[Stream]:
        return [EventsStream(self), RegionsStream(self)]


if __name__ == "__main__":
    os.environ.setdefault("TZ", "UTC")
    BatchTestTap.cli()
