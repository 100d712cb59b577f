"""tap-lenient: a sample tap whose output Meltano's singer-sdk test suite accepts.

Its streams pass the default suite (the reference's checks) but not ``SuiteConfig(strict=True)``:

- ``people``: ``born`` is declared ``format: date-time`` but holds plain dates
  (``1963-04-08``), ``seen_at`` uses a space instead of ``T`` and has no offset, and two records
  share a primary key.
- ``changes``: an incremental stream that ignores its bookmark, so a sync from the final state
  (or from a state in the future) returns every record again.

Run it: ``python tests/testing/lenient_tap.py --config ENV``.
"""

from __future__ import annotations

import typing as t

from singer_sdk import Stream, Tap
from singer_sdk import typing as th

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context, Record


class PeopleStream(Stream):
    """Dates where date-times are declared, naive date-times, a repeated key."""

    name = "people"
    primary_keys = ("id",)
    schema = th.PropertiesList(
        th.Property("id", th.IntegerType, required=True),
        th.Property("name", th.StringType),
        th.Property("born", th.DateTimeType),
        th.Property("seen_at", th.DateTimeType),
    ).to_dict()

    def get_records(self, context: Context | None) -> t.Iterable[Record]:
        yield {"id": 1, "name": "Ada", "born": "1963-04-08", "seen_at": "2024-01-01 10:00:00"}
        yield {"id": 2, "name": "Bo", "born": "1971-11-30", "seen_at": "2024-01-02 11:30:00"}
        yield {"id": 2, "name": "Bo again", "born": "1971-11-30", "seen_at": None}


class ChangesStream(Stream):
    """Incremental by ``updated_at``, but always returns every record."""

    name = "changes"
    primary_keys = ("id",)
    replication_key = "updated_at"
    schema = th.PropertiesList(
        th.Property("id", th.IntegerType, required=True),
        th.Property("updated_at", th.DateTimeType),
    ).to_dict()

    def get_records(self, context: Context | None) -> t.Iterable[Record]:
        for day in (1, 2, 3):
            yield {"id": day, "updated_at": f"2024-01-0{day}T00:00:00+00:00"}


class TapLenient(Tap):
    """A tap that passes the reference's suite and fails the strict one."""

    name = "tap-lenient"
    config_jsonschema = th.PropertiesList(th.Property("unused", th.StringType)).to_dict()

    def discover_streams(self) -> list[Stream]:
        return [PeopleStream(self), ChangesStream(self)]


if __name__ == "__main__":
    TapLenient.cli()
