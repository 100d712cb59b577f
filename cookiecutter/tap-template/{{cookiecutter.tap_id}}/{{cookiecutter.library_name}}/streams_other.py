"""The streams of {{ cookiecutter.tap_id }}: one class per kind of record."""

from __future__ import annotations

import datetime as dt
import typing as t

from singer_sdk import typing as th

from {{ cookiecutter.library_name }}.client import {{ cookiecutter.source_name }}Stream

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context, Record

#: Sample rows, so the tap runs on day one. TODO: read the real source instead.
SAMPLE_USERS: list[Record] = [
    {
        "id": number,
        "name": f"User {number}",
        "email": f"user{number}@example.com",
        "active": number % 2 == 1,
        "updated_at": dt.datetime(2024, 1, number, tzinfo=dt.UTC),
    }
    for number in range(1, 6)
]
SAMPLE_GROUPS: list[Record] = [
    {"id": 1, "name": "Admins", "member_ids": [1, 2]},
    {"id": 2, "name": "Readers", "member_ids": [3, 4, 5]},
]


class UsersStream({{ cookiecutter.source_name }}Stream):
    """Users, read incrementally: only those updated since the last run (or ``start_date``)."""

    name = "users"
    primary_keys = ("id",)
    replication_key = "updated_at"
    is_sorted = True
    schema = th.PropertiesList(
        th.Property("id", th.IntegerType, required=True, description="The user's ID"),
        th.Property("name", th.StringType),
        th.Property("email", th.EmailType),
        th.Property("active", th.BooleanType),
        th.Property("updated_at", th.DateTimeType),
    ).to_dict()

    def read_rows(self, context: Context | None) -> t.Iterable[Record]:
        """Return the users, oldest update first."""
        return sorted(SAMPLE_USERS, key=lambda row: row["updated_at"])


class GroupsStream({{ cookiecutter.source_name }}Stream):
    """Groups, read in full on every run."""

    name = "groups"
    primary_keys = ("id",)
    replication_key = None
    schema = th.PropertiesList(
        th.Property("id", th.IntegerType, required=True, description="The group's ID"),
        th.Property("name", th.StringType),
        th.Property("member_ids", th.ArrayType(th.IntegerType)),
    ).to_dict()

    def read_rows(self, context: Context | None) -> t.Iterable[Record]:
        """Return the groups."""
        return list(SAMPLE_GROUPS)
