"""The streams of {{ cookiecutter.tap_id }}: one class per GraphQL query."""

from __future__ import annotations

from singer_sdk import typing as th

from {{ cookiecutter.library_name }}.client import {{ cookiecutter.source_name }}Stream


class UsersStream({{ cookiecutter.source_name }}Stream):
    """Users, read in full on every run."""

    name = "users"
    primary_keys = ("id",)
    replication_key = None
    schema = th.PropertiesList(
        th.Property("id", th.IntegerType, required=True, description="The user's ID"),
        th.Property("name", th.StringType),
        th.Property("email", th.EmailType),
        th.Property("active", th.BooleanType),
        th.Property("updated_at", th.DateTimeType),
    ).to_dict()
    query = """
        users {
            id
            name
            email
            active
            updated_at
        }
        """


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
    query = """
        groups {
            id
            name
            member_ids
        }
        """
