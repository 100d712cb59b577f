"""The streams of {{ cookiecutter.tap_id }}: one class per API resource."""

from __future__ import annotations

from importlib import resources

from singer_sdk import SchemaDirectory, StreamSchema

from {{ cookiecutter.library_name }}.client import {{ cookiecutter.source_name }}Stream

#: The JSON schemas of the streams: ``schemas/<stream name>.json``.
SCHEMAS = SchemaDirectory(resources.files(__package__) / "schemas")


class UsersStream({{ cookiecutter.source_name }}Stream):
    """Users, read incrementally: only those updated since the last run (or ``start_date``)."""

    name = "users"
    path = "/users"
    primary_keys = ("id",)
    replication_key = "updated_at"
    schema = StreamSchema(SCHEMAS)


class GroupsStream({{ cookiecutter.source_name }}Stream):
    """Groups, read in full on every run."""

    name = "groups"
    path = "/groups"
    primary_keys = ("id",)
    replication_key = None
    schema = StreamSchema(SCHEMAS)
