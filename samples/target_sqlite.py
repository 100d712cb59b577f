"""target-sqlite: a sample SQL target loading every stream into a table of one SQLite file.

A ``SQLTarget`` whose sinks share one ``SQLiteConnector`` (SQLAlchemy's built-in ``sqlite``
dialect: nothing to install beyond the ``sql`` extra):

- Stream ``users`` goes to table ``users``; property names are conformed to SQL identifiers
  (``Created At`` -> ``created_at``). The table is created from the stream's SCHEMA, with the
  key properties as its primary key, and new properties become new columns.
- Column types: integer -> INTEGER, number -> REAL, boolean -> BOOLEAN, string -> VARCHAR,
  ``date-time``/``date``/``time`` strings -> DATETIME/DATE/TIME (date-times stored in UTC),
  ``x-singer.decimal`` strings -> exact DECIMAL (kept as text), objects and arrays -> JSON
  (JSON text that ``json_extract`` can query and that reads back as objects).
- ``load_method``: ``upsert`` (the default here: a record replaces the row with the same key,
  ``INSERT ... ON CONFLICT DO UPDATE``, and streams without a key are appended),
  ``append-only`` (every record is inserted: a key sent twice breaks the primary key) or
  ``overwrite`` (each stream's table is
  emptied, by dropping and re-creating it, the first time the run writes to it). With
  ``process_activate_version_messages`` (default on) full-table syncs mark the rows of older
  versions deleted (``_sdc_deleted_at``), or delete them with ``hard_delete``.

Settings: ``database`` (the file; default ``output/warehouse.sqlite``, folders are created) or
``sqlalchemy_url`` (any SQLAlchemy URL, which wins), plus the built-in target settings
(``load_method``, ``batch_size_rows``, ``add_record_metadata``, ``stream_maps``, ...).

Run it: ``python samples/tap_csv.py --config ENV | python samples/target_sqlite.py --config
ENV`` (``TARGET_SQLITE_DATABASE`` names the file, ``TARGET_SQLITE_LOAD_METHOD=upsert``).
"""

from __future__ import annotations

import functools
import typing as t
from pathlib import Path

from singer_sdk import typing as th
from singer_sdk.sql import SQLConnector, SQLSink, SQLTarget

if t.TYPE_CHECKING:
    import sqlalchemy as sa

    from singer_sdk.sql.connector import FullyQualifiedName, JSONSchemaToSQL

#: The ``load_method`` values (the built-in setting, here with ``upsert`` as the default).
LOAD_METHODS = ["append-only", "upsert", "overwrite"]
#: The file written when neither ``database`` nor ``sqlalchemy_url`` is set.
DEFAULT_DATABASE = "output/warehouse.sqlite"


def sqlite_url(path: str | Path, *, create_folder: bool = False) -> str:
    """Return the SQLAlchemy URL of the SQLite file at ``path`` (made absolute).

    Args:
        path: the database file; ``~`` is expanded, relative paths are from the working folder.
        create_folder: create the file's folder when it does not exist yet.
    """
    resolved = Path(path).expanduser().resolve()
    if create_folder:
        resolved.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{resolved}"


class SQLiteConnector(SQLConnector):
    """The connection to the target's SQLite file, with SQLite's column types.

    Upserts and overwrites are allowed; columns are added to existing tables, and existing
    columns are kept as they are (see :meth:`prepare_column`).
    """

    allow_merge_upsert = True
    allow_overwrite = True
    allow_column_alter = False

    def get_sqlalchemy_url(self, config: dict[str, t.Any]) -> str:
        """Return the ``sqlalchemy_url`` setting, else the URL of the ``database`` file.

        Called once, when the engine is first needed. The file's folder is created.
        """
        if config.get("sqlalchemy_url"):
            return str(config["sqlalchemy_url"])
        return sqlite_url(config.get("database") or DEFAULT_DATABASE, create_folder=True)

    def prepare_column(
        self,
        full_table_name: str | FullyQualifiedName,
        column_name: str,
        sql_type: sa.types.TypeEngine[t.Any],
    ) -> None:
        """Add the column when the table lacks it; leave an existing column as it is.

        Called for each property when a stream's table already exists. SQLite cannot change a
        column's declared type in place, and needs not: any column holds values of any type
        (the declared type only decides whether text that looks like a number is stored as a
        number). So when a property's type widens (``number`` -> ``["number", "string"]``)
        the column stays, and the change is logged.
        """
        column = self.get_table_columns(full_table_name, [column_name]).get(column_name)
        if column is None:
            super().prepare_column(full_table_name, column_name, sql_type)
            return
        current = column.type
        if str(self.merge_sql_types([current, sql_type])) != str(current):
            self.logger.info(
                "Column %s.%s keeps its declared type %s for %s values "
                "(SQLite columns take values of any type).",
                full_table_name,
                column_name,
                current,
                sql_type,
            )

    @functools.cached_property
    def jsonschema_to_sql(self) -> JSONSchemaToSQL:
        """The generic converter, with REAL numbers and JSON objects and arrays (built once).

        SQLite has no exact DECIMAL storage for JSON numbers (they would come back through
        floats anyway), and a JSON column reads back as the object or array it holds.
        """
        import sqlalchemy as sa

        converter = super().jsonschema_to_sql
        converter.register_type_handler("number", sa.types.REAL)
        converter.register_type_handler("object", sa.types.JSON)
        converter.register_type_handler("array", sa.types.JSON)
        return converter


class SQLiteSink(SQLSink[SQLiteConnector]):
    """Loads one stream into its table of the SQLite file, a batch per transaction."""

    connector_class = SQLiteConnector

    @property
    def schema_name(self) -> str | None:
        """None: a SQLite file has one schema, so ``<schema>-<table>`` streams (as SQL taps
        name them) load into table ``<table>`` rather than into a schema SQLite cannot create.
        """
        return None


class TargetSQLite(SQLTarget):
    """Loads every stream into a table of one SQLite database file."""

    name = "target-sqlite"
    default_sink_class = SQLiteSink
    config_jsonschema = th.PropertiesList(
        th.Property(
            "database",
            th.StringType,
            default=DEFAULT_DATABASE,
            title="Database file",
            description="Path of the SQLite file to load into (created with its folders).",
        ),
        th.Property(
            "sqlalchemy_url",
            th.StringType,
            title="SQLAlchemy URL",
            description="A database URL to use instead of 'database', e.g. sqlite:///x.db.",
        ),
        th.Property(
            "load_method",
            th.StringType(allowed_values=LOAD_METHODS),
            default="upsert",
            description=(
                "upsert (default): a record replaces the row with the same key, streams "
                "without a key are appended; append-only: insert every record (keyed "
                "streams: a key sent twice is an error); overwrite: replace each table."
            ),
        ),
    ).to_dict()


if __name__ == "__main__":
    TargetSQLite.cli()
