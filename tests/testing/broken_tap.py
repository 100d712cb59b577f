"""tap-broken: a deliberately broken sample tap; each stream breaks one conformance rule.

- ``bad_schema``: a property typed ``"integr"`` (not a JSON Schema type).
- ``mismatched``: a record whose ``count`` is a string although the schema says integer.
- ``keyless``: records without their primary key ``id``.
- ``naive_times``: ``seen_at`` values like ``2024-01-01 10:00:00`` (not RFC 3339).
- ``backwards``: an incremental stream that writes a STATE moving its bookmark back.

Run it: ``python tests/testing/broken_tap.py --config ENV``.
"""

from __future__ import annotations

import typing as t

from singer_sdk import Stream, Tap
from singer_sdk import typing as th
from singer_sdk.singerlib import StateMessage

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context, Record


class BadSchemaStream(Stream):
    """A schema with an unknown type name."""

    name = "bad_schema"
    primary_keys = ("id",)
    schema = {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "size": {"type": "integr"}},
    }

    def get_records(self, context: Context | None) -> t.Iterable[Record]:
        yield {"id": 1, "size": 3}


class MismatchedStream(Stream):
    """The third record does not match the schema."""

    name = "mismatched"
    primary_keys = ("id",)
    schema = th.PropertiesList(
        th.Property("id", th.IntegerType, required=True),
        th.Property("count", th.IntegerType),
    ).to_dict()

    def get_records(self, context: Context | None) -> t.Iterable[Record]:
        yield {"id": 1, "count": 10}
        yield {"id": 2, "count": 20}
        yield {"id": 3, "count": "many"}


class KeylessStream(Stream):
    """Declares primary key ``id``; the second record lacks it."""

    name = "keyless"
    primary_keys = ("id",)
    schema = th.PropertiesList(
        th.Property("id", th.IntegerType),
        th.Property("label", th.StringType),
    ).to_dict()

    def get_records(self, context: Context | None) -> t.Iterable[Record]:
        yield {"id": 1, "label": "has a key"}
        yield {"label": "no key"}


class NaiveTimesStream(Stream):
    """Date-times without a time zone and with a space separator."""

    name = "naive_times"
    primary_keys = ("id",)
    schema = th.PropertiesList(
        th.Property("id", th.IntegerType, required=True),
        th.Property("seen_at", th.DateTimeType),
    ).to_dict()

    def get_records(self, context: Context | None) -> t.Iterable[Record]:
        yield {"id": 1, "seen_at": "2024-01-01T10:00:00+00:00"}
        yield {"id": 2, "seen_at": "2024-01-01 10:00:00"}


class BackwardsStream(Stream):
    """Writes its own STATE with an older bookmark after the SDK's."""

    name = "backwards"
    primary_keys = ("id",)
    replication_key = "version"
    is_sorted = True
    check_sorted = False
    STATE_MSG_FREQUENCY = 1
    schema = th.PropertiesList(
        th.Property("id", th.IntegerType, required=True),
        th.Property("version", th.IntegerType),
    ).to_dict()

    def get_records(self, context: Context | None) -> t.Iterable[Record]:
        start = self.get_starting_replication_key_value(context) or 0
        for number, version in enumerate((5, 9, 3), start=1):
            if version >= start:
                yield {"id": number, "version": version}
        # A hand-written checkpoint, as buggy taps do: it moves the bookmark back to 3.
        bookmark = {"replication_key": "version", "replication_key_value": 3}
        self._tap.write_message(StateMessage(value={"bookmarks": {self.name: bookmark}}))


class TapBroken(Tap):
    """A tap that breaks the rules on purpose, for the conformance suite's own tests."""

    name = "tap-broken"
    config_jsonschema = th.PropertiesList(th.Property("unused", th.StringType)).to_dict()

    def discover_streams(self) -> list[Stream]:
        return [
            BadSchemaStream(self),
            MismatchedStream(self),
            KeylessStream(self),
            NaiveTimesStream(self),
            BackwardsStream(self),
        ]


if __name__ == "__main__":
    TapBroken.cli()
