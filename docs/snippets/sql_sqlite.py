"""A SQLite tap and a SQLite target on the SQL classes (needs the ``sql`` extra)."""

from __future__ import annotations

import typing as t

from singer_sdk import typing as th
from singer_sdk.sql import SQLConnector, SQLSink, SQLStream, SQLTap, SQLTarget


class SQLiteConnector(SQLConnector):
    """Builds the SQLAlchemy URL from the ``path`` setting."""

    allow_merge_upsert = True  # load_method "upsert" (ON CONFLICT on the key columns)

    def get_sqlalchemy_url(self, config: dict[str, t.Any]) -> str:
        return f"sqlite:///{config['path']}"


class SQLiteStream(SQLStream):
    """One stream per table; schema, keys and types come from discovery."""

    connector_class = SQLiteConnector


class TapSQLite(SQLTap):
    """Reads every table of a SQLite file."""

    name = "tap-sqlite-docs"
    default_stream_class = SQLiteStream
    config_jsonschema = th.PropertiesList(
        th.Property("path", th.StringType, required=True, description="The database file."),
    ).to_dict()


class SQLiteSink(SQLSink[SQLiteConnector]):
    """Creates or widens the table of each stream, then inserts the records in batches."""

    connector_class = SQLiteConnector


class TargetSQLite(SQLTarget):
    """Loads every stream into a table of a SQLite file."""

    name = "target-sqlite-docs"
    default_sink_class = SQLiteSink
    config_jsonschema = th.PropertiesList(
        th.Property("path", th.StringType, required=True, description="The database file."),
    ).to_dict()
