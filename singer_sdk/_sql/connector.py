"""``SQLConnector``: engine, names, reflection and discovery; tables through ``ddl.TableDDL``."""

from __future__ import annotations

import functools
import importlib
import logging
import typing as t
import warnings
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import reflection

from singer_sdk._catalog.catalog import CatalogEntry
from singer_sdk._compat import SingerSDKPendingDeprecationWarning, deprecated
from singer_sdk._exceptions import ConfigValidationError
from singer_sdk._messages import codec
from singer_sdk._sql.ddl import TableDDL, _TypeEngine, column_alter_ddl, column_rename_ddl
from singer_sdk._sql.discovery import catalog_entries, catalog_entry
from singer_sdk._sql.names import FullyQualifiedName
from singer_sdk._sql.type_ranking import remove_collation, type_sort_key, update_collation
from singer_sdk._sql.types_to_jsonschema import SQLToJSONSchema

if t.TYPE_CHECKING:
    from sqlalchemy.engine.interfaces import (
        Dialect,
        ReflectedColumn,
        ReflectedIndex,
        ReflectedPrimaryKeyConstraint,
    )

    from singer_sdk._sql.types_to_sql import JSONSchemaToSQL

__all__ = ["SQLConnector"]

_LOGGER = logging.getLogger("sqlconnector")


class _ImportedOnUse:
    """A class attribute whose value is imported from a module the first time it is read.

    A subclass that assigns the attribute replaces the descriptor as usual.
    """

    def __init__(self, module: str, name: str) -> None:
        self._module = module
        self._name = name

    def __get__(self, instance: object, owner: type | None = None) -> t.Any:
        return getattr(importlib.import_module(self._module), self._name)


class SQLConnector:
    """The connection to a SQL database that SQL streams and sinks share.

    It creates (once) and holds the SQLAlchemy engine, quotes and parses table names, reflects
    tables and discovers catalog entries, converts types between SQL and JSON Schema, and creates
    and evolves tables through the :class:`~singer_sdk._sql.ddl.TableDDL` it holds (its table
    hooks delegate there, and it calls them back, so overriding a hook works as before).

    Subclasses usually override :meth:`get_sqlalchemy_url` and, for dialect types,
    ``sql_to_jsonschema_converter`` / ``jsonschema_to_sql_converter``.
    """

    #: Whether new columns may be added to existing tables.
    allow_column_add: bool = True
    #: Whether columns may be renamed.
    allow_column_rename: bool = True
    #: Whether column types may be altered (widened) in place.
    allow_column_alter: bool = False
    #: Whether the ``upsert`` load method may merge on key properties.
    allow_merge_upsert: bool = False
    #: Whether the ``overwrite`` load method may replace a table's contents.
    allow_overwrite: bool = False
    #: Whether temporary tables may be created.
    allow_temp_tables: bool = True
    #: The largest VARCHAR length the database accepts (None: no limit).
    max_varchar_length: int | None = None
    #: The collaborator class that creates and evolves tables.
    table_ddl_class: type[TableDDL] = TableDDL

    _cached_engine: sa.Engine | None = None
    _bound_converter: tuple[SQLToJSONSchema, t.Callable[[t.Any], dict[str, t.Any]]] | None = None

    #: The SQL -> JSON Schema type converter class; its ``from_config`` builds the instance.
    sql_to_jsonschema_converter: type[SQLToJSONSchema] = SQLToJSONSchema

    #: The JSON Schema -> SQL type converter class; its ``from_config`` builds the instance.
    if t.TYPE_CHECKING:
        jsonschema_to_sql_converter: type[JSONSchemaToSQL]
    else:
        jsonschema_to_sql_converter = _ImportedOnUse(
            "singer_sdk._sql.types_to_sql", "JSONSchemaToSQL"
        )

    def __init__(
        self,
        config: dict[str, t.Any] | None = None,
        sqlalchemy_url: str | None = None,
    ) -> None:
        """Create a connector; no connection is made until the engine is first used.

        Args:
            config: the tap's or target's settings.
            sqlalchemy_url: the database URL; when omitted, :meth:`get_sqlalchemy_url` builds
                it from ``config``.
        """
        self._config: dict[str, t.Any] = config or {}
        self._sqlalchemy_url: str | None = sqlalchemy_url or None
        self._tables_prepared: dict[str, bool] = {}

    @property
    def config(self) -> dict[str, t.Any]:
        """The tap's or target's settings (an empty dict when none were given)."""
        return self._config

    @property
    def logger(self) -> logging.Logger:
        """The connector's logger (named ``sqlconnector``)."""
        return _LOGGER

    # --- types -----------------------------------------------------------------------------

    @functools.cached_property
    def sql_to_jsonschema(self) -> SQLToJSONSchema:
        """The SQL -> JSON Schema converter, built once from the config.

        Override to build it differently; by default ``sql_to_jsonschema_converter.from_config``.
        """
        return self.sql_to_jsonschema_converter.from_config(self.config)

    def to_jsonschema_type(self, sql_type: t.Any) -> dict[str, t.Any]:
        """Return the JSON Schema of a SQL column type.

        Override to support custom types; call the base method for the rest.

        Args:
            sql_type: a SQLAlchemy type object. Type names (``"VARCHAR"``) and SQLAlchemy type
                classes are still accepted, with a pending-deprecation warning.

        Raises:
            ValueError: ``sql_type`` is neither a SQLAlchemy type nor a type name.
        """
        if isinstance(sql_type, sa.types.TypeEngine):
            converter = self.sql_to_jsonschema
            bound = self._bound_converter
            if bound is None or bound[0] is not converter:
                # Binding a singledispatchmethod is costly: do it once per converter.
                bound = (converter, converter.to_jsonschema)
                self._bound_converter = bound
            return bound[1](sql_type)
        if isinstance(sql_type, str):
            warnings.warn(
                "Passing a type name to `to_jsonschema_type` is deprecated; "
                "pass a SQLAlchemy type object instead.",
                SingerSDKPendingDeprecationWarning,
                stacklevel=2,
            )
            from singer_sdk._schema.sql_names import jsonschema_for_sql_name

            return jsonschema_for_sql_name(sql_type)
        if isinstance(sql_type, type) and issubclass(sql_type, sa.types.TypeEngine):
            warnings.warn(
                "Passing a type class to `to_jsonschema_type` is deprecated; "
                "pass a SQLAlchemy type object instead.",
                SingerSDKPendingDeprecationWarning,
                stacklevel=2,
            )
            return self.sql_to_jsonschema.to_jsonschema(sql_type())
        name = sql_type.__name__ if isinstance(sql_type, type) else type(sql_type).__name__
        msg = f"Unexpected type received: '{name}'"
        raise ValueError(msg)

    # --- engine and connections ------------------------------------------------------------

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL (given to the constructor, else built by ``get_sqlalchemy_url``)."""
        if not self._sqlalchemy_url:
            self._sqlalchemy_url = self.get_sqlalchemy_url(self.config)
        return self._sqlalchemy_url

    def get_sqlalchemy_url(self, config: dict[str, t.Any]) -> str:
        """Return the database URL for ``config``.

        Called once, the first time the URL is needed. The default reads the
        ``sqlalchemy_url`` setting; override to assemble it from host, user, etc.

        Args:
            config: the tap's or target's settings.

        Raises:
            ConfigValidationError: the config has no ``sqlalchemy_url``.
        """
        if "sqlalchemy_url" not in config:
            msg = "Could not find or create 'sqlalchemy_url' for connection."
            raise ConfigValidationError(msg, errors=[msg])
        return t.cast("str", config["sqlalchemy_url"])

    @property
    def _engine(self) -> sa.Engine:
        """The connector's engine, created by :meth:`create_engine` on first use."""
        if self._cached_engine is None:
            self._cached_engine = self.create_engine()
        return self._cached_engine

    @property
    def _dialect(self) -> Dialect:
        """The SQLAlchemy dialect of the engine."""
        return self._engine.dialect

    def create_engine(self) -> sa.Engine:
        """Return a new SQLAlchemy engine for :attr:`sqlalchemy_url`.

        Called once, by ``_engine``; use ``_engine`` to get the shared engine. The default
        pings pooled connections before use and (where the dialect supports it) encodes and
        decodes JSON columns with :meth:`serialize_json` / :meth:`deserialize_json`.

        Raises:
            ConfigValidationError: the URL cannot be parsed, or names an unknown dialect or a
                driver that is not installed.
        """
        url = self.sqlalchemy_url
        try:
            parsed = sa.engine.make_url(url)
        except sa.exc.ArgumentError:
            msg = f"Invalid 'sqlalchemy_url': cannot parse {_redact_url(url)!r} as a database URL."
            raise ConfigValidationError(msg, errors=[msg]) from None
        try:
            try:
                return sa.create_engine(
                    parsed,
                    echo=False,
                    pool_pre_ping=True,
                    json_serializer=self.serialize_json,
                    json_deserializer=self.deserialize_json,
                )
            except TypeError:
                # Dialects without JSON support reject the JSON hooks.
                self.logger.debug("Creating the engine without JSON (de)serializer hooks.")
                return sa.create_engine(parsed, echo=False, pool_pre_ping=True)
        except sa.exc.NoSuchModuleError as exc:
            msg = f"Invalid 'sqlalchemy_url': unknown database dialect or driver ({exc})."
            raise ConfigValidationError(msg, errors=[msg]) from None
        except ImportError as exc:
            msg = (
                f"Invalid 'sqlalchemy_url': the database driver for {parsed.drivername!r} is not "
                f"installed ({exc})."
            )
            raise ConfigValidationError(msg, errors=[msg]) from None

    @contextmanager
    def _connect(self) -> t.Iterator[sa.Connection]:
        """Yield a connection of the shared engine that streams results (server-side cursor)."""
        with self._engine.connect().execution_options(stream_results=True) as conn:
            yield conn

    def serialize_json(self, obj: object) -> str:
        """Return ``obj`` as JSON text for a JSON column (override for custom encoding)."""
        return codec.encode_str(obj)

    def deserialize_json(self, json_str: str) -> object:
        """Return the value of a JSON column's text (override for custom decoding)."""
        return codec.decode(json_str)

    @deprecated(
        "`SQLConnector.create_sqlalchemy_connection` is deprecated; add a method to your "
        "connector subclass that uses `self._connect()` instead.",
        category=SingerSDKPendingDeprecationWarning,
    )
    def create_sqlalchemy_connection(self) -> sa.Connection:
        """Return a new streaming connection (deprecated: use ``_connect()``)."""
        return self._engine.connect().execution_options(stream_results=True)

    @deprecated(
        "`SQLConnector.create_sqlalchemy_engine` is deprecated; override `create_engine` or "
        "`get_sqlalchemy_url` instead.",
        category=SingerSDKPendingDeprecationWarning,
    )
    def create_sqlalchemy_engine(self) -> sa.Engine:
        """Return the shared engine (deprecated: use ``_engine``)."""
        return self._engine

    @property
    def connection(self) -> sa.Connection:
        """A new streaming connection (deprecated: use ``_connect()``)."""
        warnings.warn(
            "`SQLConnector.connection` is deprecated; add a method to your connector subclass "
            "that uses `self._connect()` instead.",
            SingerSDKPendingDeprecationWarning,
            stacklevel=2,
        )
        return self._engine.connect().execution_options(stream_results=True)

    # --- names -----------------------------------------------------------------------------

    def get_fully_qualified_name(
        self,
        table_name: str = "",
        schema_name: str | None = None,
        db_name: str | None = None,
        delimiter: str = ".",
    ) -> FullyQualifiedName:
        """Return the name ``db.schema.table`` (present parts only), quoted for the dialect.

        Args:
            table_name: the table name.
            schema_name: the schema name, if any.
            db_name: the database name, if any.
            delimiter: '.' for SQL names, '-' for Singer stream ids.
        """
        return FullyQualifiedName(
            table=table_name,
            schema=schema_name,
            database=db_name,
            delimiter=delimiter,
            dialect=self._dialect,
        )

    @deprecated(
        "`SQLConnector.quote` is deprecated; use or override `FullyQualifiedName` instead.",
        category=SingerSDKPendingDeprecationWarning,
    )
    def quote(self, name: str) -> str:
        """Return ``name`` with each '.'-separated part quoted for the dialect if needed."""
        preparer = self._dialect.identifier_preparer
        return ".".join(preparer.quote(part) for part in name.split("."))

    def parse_full_table_name(
        self,
        full_table_name: str | FullyQualifiedName,
    ) -> tuple[str | None, str | None, str]:
        """Split a table name into ``(db_name, schema_name, table_name)``; missing parts are None.

        A :class:`FullyQualifiedName` gives its unquoted parts. A string is split on '.':
        ``table``, ``schema.table`` or ``db.schema.table``. Override for other conventions.

        Args:
            full_table_name: the table name.

        Raises:
            ValueError: the string has more than three parts or an empty part.
        """
        if isinstance(full_table_name, FullyQualifiedName):
            return full_table_name.database, full_table_name.schema, full_table_name.table
        parts = str(full_table_name).split(".")
        if len(parts) > 3 or not all(parts):
            msg = f"Cannot parse table name {full_table_name!r}: expected [db.][schema.]table."
            raise ValueError(msg)
        padded: list[str | None] = [None] * (3 - len(parts)) + list(parts)
        return padded[0], padded[1], t.cast("str", padded[2])

    # --- reflection ------------------------------------------------------------------------

    def table_exists(self, full_table_name: str | FullyQualifiedName) -> bool:
        """Return whether the table (or view) exists.

        Args:
            full_table_name: the table name.
        """
        _, schema_name, table_name = self.parse_full_table_name(full_table_name)
        return sa.inspect(self._engine).has_table(table_name, schema_name)

    def schema_exists(self, schema_name: str) -> bool:
        """Return whether the database schema exists.

        Args:
            schema_name: the schema name.
        """
        return schema_name in sa.inspect(self._engine).get_schema_names()

    def get_table_columns(
        self,
        full_table_name: str | FullyQualifiedName,
        column_names: list[str] | None = None,
    ) -> dict[str, sa.Column[t.Any]]:
        """Return the table's columns by name, in table order, reflected from the database.

        Args:
            full_table_name: the table name.
            column_names: keep only these columns (compared case-insensitively).
        """
        _, schema_name, table_name = self.parse_full_table_name(full_table_name)
        reflected = sa.inspect(self._engine).get_columns(table_name, schema_name)
        wanted = {name.casefold() for name in column_names} if column_names else None
        return {
            column["name"]: sa.Column(
                column["name"],
                column["type"],
                nullable=column.get("nullable", False),
            )
            for column in reflected
            if wanted is None or column["name"].casefold() in wanted
        }

    def get_table(
        self,
        full_table_name: str | FullyQualifiedName,
        column_names: list[str] | None = None,
    ) -> sa.Table:
        """Return a SQLAlchemy table reflected from the database (for building statements).

        Args:
            full_table_name: the table name.
            column_names: keep only these columns (compared case-insensitively).
        """
        columns = self.get_table_columns(full_table_name, column_names)
        _, schema_name, table_name = self.parse_full_table_name(full_table_name)
        return sa.Table(table_name, sa.MetaData(), *columns.values(), schema=schema_name)

    def column_exists(self, full_table_name: str | FullyQualifiedName, column_name: str) -> bool:
        """Return whether the table has a column named exactly ``column_name``.

        Args:
            full_table_name: the table name.
            column_name: the column name.
        """
        return column_name in self.get_table_columns(full_table_name)

    # --- discovery -------------------------------------------------------------------------

    def get_schema_names(self, engine: sa.Engine, inspected: reflection.Inspector) -> list[str]:
        """Return the schemas to discover.

        Called once per discovery; the default lists every schema the inspector sees.
        Override to restrict discovery.

        Args:
            engine: the connector's engine.
            inspected: an inspector of ``engine``.
        """
        return inspected.get_schema_names()

    @deprecated(
        "`SQLConnector.get_object_names` is deprecated; discovery reflects all objects at once.",
        category=SingerSDKPendingDeprecationWarning,
    )
    def get_object_names(
        self,
        engine: sa.Engine,
        inspected: reflection.Inspector,
        schema_name: str,
    ) -> list[tuple[str, bool]]:
        """Return ``(name, is_view)`` for the schema's tables, then its views (deprecated).

        Args:
            engine: the connector's engine.
            inspected: an inspector of ``engine``.
            schema_name: the schema to list.
        """
        tables = [(name, False) for name in inspected.get_table_names(schema=schema_name)]
        try:
            views = [(name, True) for name in inspected.get_view_names(schema=schema_name)]
        except NotImplementedError:
            self._warn_no_view_detection()
            views = []
        return tables + views

    def _warn_no_view_detection(self) -> None:
        """Warn, once per connector, that the database does not list views."""
        if not getattr(self, "_warned_no_view_detection", False):
            self._warned_no_view_detection = True
            self.logger.warning("The database does not list views; views are not discovered.")

    def discover_catalog_entry(
        self,
        engine: sa.Engine,
        inspected: reflection.Inspector,
        schema_name: str | None,
        table_name: str,
        is_view: bool,
        *,
        reflected_columns: list[ReflectedColumn] | None = None,
        reflected_pk: ReflectedPrimaryKeyConstraint | None = None,
        reflected_indices: list[ReflectedIndex] | None = None,
    ) -> CatalogEntry:
        """Return the catalog entry of one table or view.

        Called by :meth:`discover_catalog_entries` with the already reflected columns, primary
        key and indexes; when called without them, the table is reflected here. The stream id
        is ``<schema>-<table>`` (or the table name without a schema); the key properties are
        the primary key, else the columns of the first unique index; every column becomes a
        property whose type comes from :meth:`to_jsonschema_type` (nullable columns also allow
        null). No replication method is forced (``replication_method`` and the
        ``forced-replication-method`` metadata are ``""``): a stream is FULL_TABLE until the user
        picks a replication key in the catalog.

        Args:
            engine: the connector's engine.
            inspected: an inspector of ``engine``.
            schema_name: the table's schema, or None.
            table_name: the table or view name.
            is_view: whether the object is a view.
            reflected_columns: the reflected columns.
            reflected_pk: the reflected primary key constraint.
            reflected_indices: the reflected indexes.
        """
        if reflected_columns is None:
            reflected_columns = inspected.get_columns(table_name, schema=schema_name)
            reflected_pk = inspected.get_pk_constraint(table_name, schema=schema_name)
            if reflected_indices is None and not is_view:
                reflected_indices = inspected.get_indexes(table_name, schema=schema_name)
        return catalog_entry(
            self,
            schema_name,
            table_name,
            is_view,
            reflected_columns=reflected_columns,
            reflected_pk=reflected_pk,
            reflected_indices=reflected_indices,
        )

    def discover_catalog_entries(
        self,
        *,
        exclude_schemas: t.Sequence[str] = (),
        reflect_indices: bool = True,
    ) -> list[dict[str, t.Any]]:
        """Return the catalog entries (as dicts) of every table and view in the database.

        Each schema is reflected in a few bulk queries (columns and primary keys of all its
        tables at once; indexes only of tables without a primary key), not per table or per
        column, so discovery stays fast on large databases.

        Args:
            exclude_schemas: schema names to skip.
            reflect_indices: whether unique indexes are reflected to find key properties when
                a table has no primary key.
        """
        return catalog_entries(
            self, exclude_schemas=exclude_schemas, reflect_indices=reflect_indices
        )

    # --- types to SQL, and tables (the work is done by the ``TableDDL`` collaborator) ---------

    @functools.cached_property
    def jsonschema_to_sql(self) -> JSONSchemaToSQL:
        """The JSON Schema -> SQL type converter, built once from the config.

        Override to build it differently; by default ``jsonschema_to_sql_converter.from_config``
        with the connector's ``max_varchar_length``.
        """
        return self.jsonschema_to_sql_converter.from_config(
            self.config,
            max_varchar_length=self.max_varchar_length,
        )

    def to_sql_type(self, jsonschema_type: dict[str, t.Any]) -> _TypeEngine:
        """Return the SQLAlchemy column type for a property's JSON Schema.

        Override to support custom types; call the base method for the rest. The default asks
        :attr:`jsonschema_to_sql`.

        Args:
            jsonschema_type: the property's JSON Schema.
        """
        return self.jsonschema_to_sql.to_sql_type(jsonschema_type)

    @functools.cached_property
    def _ddl(self) -> TableDDL:
        """The collaborator that creates and evolves tables (a ``table_ddl_class``)."""
        return self.table_ddl_class(self)

    def create_schema(self, schema_name: str) -> None:
        """Create the database schema ``schema_name`` (see :meth:`TableDDL.create_schema`)."""
        self._ddl.create_schema(schema_name)

    def prepare_schema(self, schema_name: str) -> None:
        """Create the schema unless it exists (see :meth:`TableDDL.prepare_schema`)."""
        self._ddl.prepare_schema(schema_name)

    def create_empty_table(
        self,
        full_table_name: str | FullyQualifiedName,
        schema: dict[str, t.Any],
        primary_keys: t.Sequence[str] | None = None,
        partition_keys: list[str] | None = None,
        as_temp_table: bool = False,
    ) -> None:
        """Create the table for ``schema`` (see :meth:`TableDDL.create_empty_table`)."""
        self._ddl.create_empty_table(
            full_table_name, schema, primary_keys, partition_keys, as_temp_table
        )

    def prepare_table(
        self,
        full_table_name: str | FullyQualifiedName,
        schema: dict[str, t.Any],
        primary_keys: t.Sequence[str],
        partition_keys: list[str] | None = None,
        as_temp_table: bool = False,
    ) -> None:
        """Make the table fit ``schema``; called by sink setup for every SCHEMA message.

        See :meth:`TableDDL.prepare_table`: creates, overwrites or evolves the table.
        """
        self._ddl.prepare_table(
            full_table_name, schema, primary_keys, partition_keys, as_temp_table
        )

    def prepare_primary_key(
        self,
        *,
        full_table_name: str | FullyQualifiedName,
        primary_keys: t.Sequence[str],
    ) -> None:
        """Adapt an existing table's primary key; the default does nothing (see ``TableDDL``)."""
        self._ddl.prepare_primary_key(full_table_name=full_table_name, primary_keys=primary_keys)

    def prepare_column(
        self,
        full_table_name: str | FullyQualifiedName,
        column_name: str,
        sql_type: _TypeEngine,
    ) -> None:
        """Add the column, or widen its type (see :meth:`TableDDL.prepare_column`)."""
        self._ddl.prepare_column(full_table_name, column_name, sql_type)

    def _create_empty_column(
        self,
        full_table_name: str | FullyQualifiedName,
        column_name: str,
        sql_type: _TypeEngine,
    ) -> None:
        self._ddl.create_empty_column(full_table_name, column_name, sql_type)

    def rename_column(
        self,
        full_table_name: str | FullyQualifiedName,
        old_name: str,
        new_name: str,
    ) -> None:
        """Rename a column (see :meth:`TableDDL.rename_column`)."""
        self._ddl.rename_column(full_table_name, old_name, new_name)

    def _get_column_type(
        self,
        full_table_name: str | FullyQualifiedName,
        column_name: str,
    ) -> _TypeEngine:
        return self._ddl.get_column_type(full_table_name, column_name)

    def _adapt_column_type(
        self,
        full_table_name: str | FullyQualifiedName,
        column_name: str,
        sql_type: _TypeEngine,
    ) -> None:
        self._ddl.adapt_column_type(full_table_name, column_name, sql_type)

    def get_column_add_ddl(
        self,
        table_name: str | FullyQualifiedName,
        column_name: str,
        column_type: _TypeEngine,
    ) -> sa.DDL:
        """Return the ``ALTER TABLE ... ADD COLUMN`` statement (see ``TableDDL``)."""
        return self._ddl.column_add_ddl(table_name, column_name, column_type)

    get_column_rename_ddl = staticmethod(column_rename_ddl)
    get_column_alter_ddl = staticmethod(column_alter_ddl)

    def merge_sql_types(self, sql_types: t.Sequence[_TypeEngine]) -> _TypeEngine:
        """Return the type that can hold the values of all ``sql_types`` (see ``TableDDL``)."""
        return self._ddl.merge_sql_types(sql_types)

    def _sort_types(self, sql_types: t.Iterable[_TypeEngine]) -> t.Sequence[_TypeEngine]:
        return self._ddl.sort_types(sql_types)

    _get_type_sort_key = staticmethod(type_sort_key)
    remove_collation = staticmethod(remove_collation)
    update_collation = staticmethod(update_collation)

    def delete_old_versions(
        self,
        *,
        full_table_name: str | FullyQualifiedName,
        version_column_name: str,
        current_version: int,
    ) -> None:
        """Delete the rows older than ``current_version`` (see ``TableDDL``)."""
        self._ddl.delete_old_versions(
            full_table_name=full_table_name,
            version_column_name=version_column_name,
            current_version=current_version,
        )


def _redact_url(url: str) -> str:
    """Return ``url`` with any password replaced by ``***``."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    credentials, at, host = rest.rpartition("@")
    if not at:
        return url
    user, colon, _ = credentials.partition(":")
    return f"{scheme}://{user}{':***' if colon else ''}@{host}"
