"""Incremental replication: a sorted stream and an unsorted one over an in-memory table."""

from __future__ import annotations

import typing as t

from singer_sdk import Stream, Tap
from singer_sdk import typing as th

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context, Record

EVENTS = [
    {"id": 1, "kind": "signup", "updated_at": "2024-03-01T08:00:00Z"},
    {"id": 2, "kind": "login", "updated_at": "2024-03-02T09:30:00Z"},
    {"id": 3, "kind": "logout", "updated_at": "2024-03-03T17:45:00Z"},
]
SCORES = [{"player": "ann", "version": 7}, {"player": "bob", "version": 3}]


class EventsStream(Stream):
    """Sorted by a date-time key: the bookmark is saved as records are written."""

    name = "events"
    primary_keys = ("id",)
    replication_key = "updated_at"
    is_sorted = True
    schema = th.PropertiesList(
        th.Property("id", th.IntegerType, required=True),
        th.Property("kind", th.StringType),
        th.Property("updated_at", th.DateTimeType),
    ).to_dict()

    def get_records(self, context: Context | None) -> t.Iterable[Record]:
        since = self.get_starting_timestamp(context)  # aware datetime, or None
        for row in EVENTS:  # in a real tap: a query or request filtered by `since`
            if since is None or row["updated_at"] >= since.strftime("%Y-%m-%dT%H:%M:%SZ"):
                yield row


class ScoresStream(Stream):
    """Unsorted, by an integer key: the bookmark is saved when the stream ends."""

    name = "scores"
    primary_keys = ("player",)
    replication_key = "version"
    schema = th.PropertiesList(
        th.Property("player", th.StringType, required=True),
        th.Property("version", th.IntegerType),
    ).to_dict()

    def get_records(self, context: Context | None) -> t.Iterable[Record]:
        since = self.get_starting_replication_key_value(context)  # bookmark as stored
        if not isinstance(since, int):  # no bookmark yet: this is start_date (or None)
            since = None
        yield from (row for row in SCORES if since is None or row["version"] > since)


class TapIncremental(Tap):
    """Incremental replication examples."""

    name = "tap-incremental"
    config_jsonschema = th.PropertiesList(th.Property("start_date", th.DateTimeType)).to_dict()

    def discover_streams(self) -> list[Stream]:
        return [EventsStream(self), ScoresStream(self)]
