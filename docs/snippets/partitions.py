"""Partitions and parent streams: one sync per region, and one per repository."""

from __future__ import annotations

import typing as t

from singer_sdk import Stream, Tap
from singer_sdk import typing as th

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context, Record

SALES = {
    "eu": [{"id": 1, "amount": 10, "sold_at": "2024-05-01T10:00:00Z"}],
    "us": [
        {"id": 2, "amount": 25, "sold_at": "2024-05-02T11:00:00Z"},
        {"id": 3, "amount": 40, "sold_at": "2024-05-03T12:00:00Z"},
    ],
}
REPOS = [{"name": "sdk"}, {"name": "docs"}]
ISSUES = {"sdk": [{"number": 1, "title": "Fast"}], "docs": [{"number": 7, "title": "Typo"}]}


class SalesStream(Stream):
    """Partitioned: each region is synced on its own and keeps its own bookmark."""

    name = "sales"
    primary_keys = ("id",)
    replication_key = "sold_at"
    is_sorted = True
    schema = th.PropertiesList(
        th.Property("id", th.IntegerType, required=True),
        th.Property("region", th.StringType),
        th.Property("amount", th.IntegerType),
        th.Property("sold_at", th.DateTimeType),
    ).to_dict()

    @property
    def partitions(self) -> list[dict[str, t.Any]]:
        return [{"region": region} for region in self.config.get("regions", ["eu", "us"])]

    def get_records(self, context: Context | None) -> t.Iterable[Record]:
        assert context is not None  # a partitioned stream always gets one
        for row in SALES[context["region"]]:
            yield {**row, "region": context["region"]}


class ReposStream(Stream):
    """The parent: each repository starts one sync of its issues."""

    name = "repos"
    primary_keys = ("name",)
    schema = th.PropertiesList(th.Property("name", th.StringType, required=True)).to_dict()

    def get_records(self, context: Context | None) -> t.Iterable[Record]:
        yield from REPOS

    def get_child_context(self, record: Record, context: Context | None) -> Context:
        return {"repo": record["name"]}


class IssuesStream(Stream):
    """The child: synced once per repository, with the context the parent built."""

    name = "issues"
    parent_stream_type = ReposStream
    primary_keys = ("repo", "number")
    schema = th.PropertiesList(
        th.Property("repo", th.StringType, required=True),
        th.Property("number", th.IntegerType, required=True),
        th.Property("title", th.StringType),
    ).to_dict()

    def get_records(self, context: Context | None) -> t.Iterable[Record]:
        assert context is not None
        for issue in ISSUES[context["repo"]]:
            yield {**issue, "repo": context["repo"]}


class TapPartitions(Tap):
    """Partition and parent-child examples."""

    name = "tap-partitions"
    config_jsonschema = th.PropertiesList(
        th.Property("regions", th.ArrayType(th.StringType)),
    ).to_dict()

    def discover_streams(self) -> list[Stream]:
        return [SalesStream(self), ReposStream(self), IssuesStream(self)]
