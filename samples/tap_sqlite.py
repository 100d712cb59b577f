"""tap-sqlite: a sample SQL tap reading every table and view of a SQLite file.

A ``SQLTap`` with one ``SQLStream`` per table or view, discovered by reflecting the database:

- Stream ids are the table names (``users``); tables of attached databases are
  ``<schema>-<table>``. Key properties are the primary key (else the first unique index).
- Column types become JSON Schema: INTEGER -> integer, REAL/FLOAT -> number, NUMERIC/DECIMAL ->
  number (or, with ``use_singer_decimal``, an exact ``x-singer.decimal`` string), TEXT/VARCHAR ->
  string, DATE/DATETIME/TIME -> ``date``/``date-time``/``time`` strings, BOOLEAN -> boolean,
  JSON -> any JSON value.
- Every discovered stream is selected by default; a catalog (``--catalog``) can deselect
  streams or columns.
- Streams are full-table unless the catalog picks a replication key: set the stream's root
  metadata ``"replication-method": "INCREMENTAL"`` and ``"replication-key": "<column>"``.
  Rows are then read ordered by that column, from the state's bookmark (inclusive) or
  ``start_date``, and the bookmark advances as they are written. Date and date-time keys are
  compared as instants (SQLite stores them as text, in whatever shape the writer chose).

Settings: ``database`` (the SQLite file, which must exist) or ``sqlalchemy_url``, ``start_date``
and the built-in tap settings (``use_singer_decimal``, ``stream_maps``, ...).

Run it: ``TAP_SQLITE_DATABASE=.demo/warehouse.sqlite python samples/tap_sqlite.py --config
ENV``; or ``--discover``, ``--catalog catalog.json --state state.json``.
"""

from __future__ import annotations

import typing as t
from pathlib import Path

from singer_sdk import typing as th
from singer_sdk.exceptions import ConfigValidationError
from singer_sdk.sql import SQLConnector, SQLStream, SQLTap

if t.TYPE_CHECKING:
    import sqlalchemy as sa
    from sqlalchemy.engine import reflection

    from singer_sdk.singerlib.catalog import CatalogEntry

#: The name SQLite gives the database that was opened (tables in it have no stream prefix).
MAIN_SCHEMA = "main"


class SQLiteTapConnector(SQLConnector):
    """The connection to the SQLite file the tap reads, with SQLite's naming of streams."""

    def get_sqlalchemy_url(self, config: dict[str, t.Any]) -> str:
        """Return the ``sqlalchemy_url`` setting, else the URL of the ``database`` file.

        Called once, when the engine is first needed.

        Raises:
            ConfigValidationError: neither setting is given, or the ``database`` file does not
                exist (SQLite would silently create an empty one).
        """
        if config.get("sqlalchemy_url"):
            return str(config["sqlalchemy_url"])
        if not config.get("database"):
            msg = "Set 'database' (the SQLite file to read) or 'sqlalchemy_url'."
            raise ConfigValidationError(msg, errors=[msg])
        path = Path(config["database"]).expanduser().resolve()
        if not path.is_file():
            msg = f"SQLite database file not found: {path}"
            raise ConfigValidationError(msg, errors=[msg])
        return f"sqlite:///{path}"

    def get_schema_names(self, engine: sa.Engine, inspected: reflection.Inspector) -> list[str]:
        """Return the schemas to discover: ``main`` and attached databases, not ``temp``."""
        return [name for name in inspected.get_schema_names() if name != "temp"]

    def discover_catalog_entry(
        self,
        engine: sa.Engine,
        inspected: reflection.Inspector,
        schema_name: str | None,
        table_name: str,
        is_view: bool,
        **reflected: t.Any,
    ) -> CatalogEntry:
        """Return the table's catalog entry, selected by default.

        Tables of the ``main`` database are named without a schema (stream ``users``, not
        ``main-users``); tables of attached databases keep ``<schema>-<table>``.
        """
        entry = super().discover_catalog_entry(
            engine,
            inspected,
            None if schema_name == MAIN_SCHEMA else schema_name,
            table_name,
            is_view,
            **reflected,
        )
        entry.metadata.root.selected_by_default = True
        return entry


class SQLiteStream(SQLStream):
    """One table or view of the SQLite file."""

    connector_class = SQLiteTapConnector


class TapSQLite(SQLTap):
    """Reads every table and view of a SQLite database file."""

    name = "tap-sqlite"
    default_stream_class = SQLiteStream
    config_jsonschema = th.PropertiesList(
        th.Property(
            "database",
            th.StringType,
            title="Database file",
            description="Path of the SQLite file to read (it must exist).",
        ),
        th.Property(
            "sqlalchemy_url",
            th.StringType,
            title="SQLAlchemy URL",
            description="A database URL to use instead of 'database', e.g. sqlite:///x.db.",
        ),
        th.Property(
            "start_date",
            th.DateTimeType,
            description="Incremental streams start at this replication key value.",
        ),
    ).to_dict()


if __name__ == "__main__":
    TapSQLite.cli()
