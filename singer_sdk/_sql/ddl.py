"""``TableDDL``: the collaborator of the SQL connector that creates and evolves tables.

:class:`~singer_sdk._sql.connector.SQLConnector` holds one and its table hooks delegate to it;
it relies on the connector's engine, name parsing and reflection. Each table's columns are
reflected once per run and kept here (updated by every DDL statement issued through these
methods), so preparing a table for a new SCHEMA message costs one reflection, not one per
property, and nothing per record or batch.

Identifiers in generated DDL are always quoted for the dialect, so names holding quotes,
spaces or SQL keywords cannot change a statement's meaning.
"""

from __future__ import annotations

import contextlib
import typing as t

import sqlalchemy as sa
from sqlalchemy.sql import ddl as sa_ddl

from singer_sdk._capabilities import TargetLoadMethods
from singer_sdk._sql.names import FullyQualifiedName
from singer_sdk._sql.sqlite import DecimalText, rebuild_with_column_type
from singer_sdk._sql.type_ranking import _TYPE_FAMILIES, TypeRank
from singer_sdk._sql.types_to_sql import SingerDecimal

if t.TYPE_CHECKING:
    import logging
    from collections.abc import Iterator

    from sqlalchemy.engine.interfaces import Dialect


__all__ = ["TableDDL", "column_alter_ddl", "column_rename_ddl"]

_TypeEngine: t.TypeAlias = sa.types.TypeEngine[t.Any]


def _quote_column(table_name: str | FullyQualifiedName, column_name: str) -> str:
    """Quote ``column_name`` with the dialect of ``table_name`` when known, else ANSI quotes."""
    dialect = getattr(table_name, "dialect", None)
    if dialect is not None:
        return t.cast("str", dialect.identifier_preparer.quote(column_name))
    return '"' + column_name.replace('"', '""') + '"'


def column_rename_ddl(
    table_name: str | FullyQualifiedName,
    column_name: str,
    new_column_name: str,
) -> sa.DDL:
    """Return the ``ALTER TABLE ... RENAME COLUMN`` statement.

    Column names are quoted with the dialect of ``table_name`` (a
    :class:`FullyQualifiedName`), else with ANSI double quotes. Override for databases
    with another syntax.

    Args:
        table_name: the (quoted) table name.
        column_name: the current column name.
        new_column_name: the new column name.
    """
    return sa.DDL(  # type: ignore[no-untyped-call]
        "ALTER TABLE %(table_name)s RENAME COLUMN %(column_name)s TO %(new_column_name)s",
        {
            "table_name": str(table_name),
            "column_name": _quote_column(table_name, column_name),
            "new_column_name": _quote_column(table_name, new_column_name),
        },
    )


def column_alter_ddl(
    table_name: str | FullyQualifiedName,
    column_name: str,
    column_type: _TypeEngine,
) -> sa.DDL:
    """Return the ``ALTER TABLE ... ALTER COLUMN ... TYPE`` statement (standard SQL).

    The column name is quoted as in :func:`column_rename_ddl`; the type is compiled
    for the dialect of ``table_name`` when known. Override for databases with another
    syntax (SQLite, which has none, gets its table rebuilt instead).

    Args:
        table_name: the (quoted) table name.
        column_name: the column to alter.
        column_type: the new type.
    """
    dialect = getattr(table_name, "dialect", None)
    type_sql = column_type.compile(dialect=dialect) if dialect is not None else str(column_type)
    return sa.DDL(  # type: ignore[no-untyped-call]
        "ALTER TABLE %(table_name)s ALTER COLUMN %(column_name)s TYPE %(column_type)s",
        {
            "table_name": str(table_name),
            "column_name": _quote_column(table_name, column_name),
            "column_type": type_sql,
        },
    )


class _Connector(t.Protocol):
    """What the DDL collaborator uses of its connector (a :class:`SQLConnector`).

    Every hook a connector may override is called through the connector, so overrides apply.
    """

    allow_column_add: bool
    allow_column_rename: bool
    allow_column_alter: bool
    allow_overwrite: bool
    allow_temp_tables: bool
    _tables_prepared: dict[str, bool]

    @property
    def config(self) -> t.Mapping[str, t.Any]: ...
    @property
    def logger(self) -> logging.Logger: ...
    @property
    def _engine(self) -> sa.Engine: ...
    @property
    def _dialect(self) -> Dialect: ...
    def get_fully_qualified_name(
        self,
        table_name: str = "",
        schema_name: str | None = None,
        db_name: str | None = None,
        delimiter: str = ".",
    ) -> FullyQualifiedName: ...
    def parse_full_table_name(
        self, full_table_name: str | FullyQualifiedName
    ) -> tuple[str | None, str | None, str]: ...
    def table_exists(self, full_table_name: str | FullyQualifiedName) -> bool: ...
    def schema_exists(self, schema_name: str) -> bool: ...
    def get_table_columns(
        self,
        full_table_name: str | FullyQualifiedName,
        column_names: list[str] | None = None,
    ) -> dict[str, sa.Column[t.Any]]: ...
    def to_sql_type(self, jsonschema_type: dict[str, t.Any]) -> _TypeEngine: ...
    def create_schema(self, schema_name: str) -> None: ...
    def create_empty_table(
        self,
        full_table_name: str | FullyQualifiedName,
        schema: dict[str, t.Any],
        primary_keys: t.Sequence[str] | None = None,
        partition_keys: list[str] | None = None,
        as_temp_table: bool = False,
    ) -> None: ...
    def prepare_column(
        self, full_table_name: str | FullyQualifiedName, column_name: str, sql_type: _TypeEngine
    ) -> None: ...
    def prepare_primary_key(
        self, *, full_table_name: str | FullyQualifiedName, primary_keys: t.Sequence[str]
    ) -> None: ...
    def _create_empty_column(
        self, full_table_name: str | FullyQualifiedName, column_name: str, sql_type: _TypeEngine
    ) -> None: ...
    def _adapt_column_type(
        self, full_table_name: str | FullyQualifiedName, column_name: str, sql_type: _TypeEngine
    ) -> None: ...
    def _get_column_type(
        self, full_table_name: str | FullyQualifiedName, column_name: str
    ) -> _TypeEngine: ...
    def get_column_add_ddl(
        self, table_name: str | FullyQualifiedName, column_name: str, column_type: _TypeEngine
    ) -> sa.DDL: ...
    def get_column_rename_ddl(
        self, table_name: str | FullyQualifiedName, column_name: str, new_column_name: str
    ) -> sa.DDL: ...
    def get_column_alter_ddl(
        self, table_name: str | FullyQualifiedName, column_name: str, column_type: _TypeEngine
    ) -> sa.DDL: ...
    def merge_sql_types(self, sql_types: t.Sequence[_TypeEngine]) -> _TypeEngine: ...
    def _sort_types(self, sql_types: t.Iterable[_TypeEngine]) -> t.Sequence[_TypeEngine]: ...
    def _get_type_sort_key(self, sql_type: _TypeEngine) -> tuple[int, float]: ...
    def remove_collation(self, column_type: _TypeEngine) -> str | None: ...
    def update_collation(self, column_type: _TypeEngine, collation: str | None) -> None: ...


class TableDDL:
    """Table creation and evolution for a :class:`~singer_sdk.sql.SQLConnector`, which holds one.

    The connector's hook methods (``prepare_table``, ``prepare_column``, ``merge_sql_types``,
    ...) delegate here, and this calls the connector's hooks back, so a connector overriding
    any of them changes what happens here. The connector's flags ``allow_column_add``,
    ``allow_column_rename``, ``allow_column_alter``, ``allow_overwrite`` and
    ``allow_temp_tables`` decide what may be done; a change they forbid raises
    :class:`NotImplementedError` naming the table and column.

    Args:
        connector: the connector whose tables this creates and evolves.
    """

    def __init__(self, connector: _Connector) -> None:
        self.connector = connector
        #: Each table's columns by name (keyed by :meth:`table_key`), reflected once.
        self.columns: dict[str, dict[str, sa.Column[t.Any]]] = {}

    def storage_type(self, sql_type: _TypeEngine) -> _TypeEngine:
        """The type a column is declared with on this dialect (exact decimals on SQLite)."""
        dialect = self.connector._dialect.name
        if isinstance(sql_type, SingerDecimal) and dialect == "sqlite":
            return DecimalText()
        if isinstance(sql_type, sa.types.DATETIME) and dialect == "postgresql":
            return sa.types.TIMESTAMP(timezone=bool(sql_type.timezone))
        return sql_type

    # -- column cache ------------------------------------------------------------------------

    def table_key(self, full_table_name: str | FullyQualifiedName) -> str:
        db_name, schema_name, table_name = self.connector.parse_full_table_name(full_table_name)
        return "\x00".join((db_name or "", schema_name or "", table_name))

    def known_columns(
        self, full_table_name: str | FullyQualifiedName
    ) -> dict[str, sa.Column[t.Any]]:
        """The table's columns by name: reflected on first use, then kept up to date here."""
        key = self.table_key(full_table_name)
        columns = self.columns.get(key)
        if columns is None:
            columns = dict(self.connector.get_table_columns(full_table_name))
            self.columns[key] = columns
        return columns

    def forget_table(self, full_table_name: str | FullyQualifiedName) -> None:
        self.columns.pop(self.table_key(full_table_name), None)

    def quoted_table(self, full_table_name: str | FullyQualifiedName) -> FullyQualifiedName:
        if isinstance(full_table_name, FullyQualifiedName) and full_table_name.dialect is not None:
            return full_table_name
        db_name, schema_name, table_name = self.connector.parse_full_table_name(full_table_name)
        return self.connector.get_fully_qualified_name(
            table_name=table_name, schema_name=schema_name, db_name=db_name
        )

    @contextlib.contextmanager
    def write_connection(self) -> Iterator[sa.Connection]:
        """A connection for DDL and DML, in a transaction committed on exit.

        Not ``_connect()``: its server-side cursors (``stream_results``) cannot run
        ``executemany`` or DDL on some drivers (psycopg).
        """
        with self.connector._engine.connect() as conn, conn.begin():
            yield conn

    def execute_ddl(self, *statements: t.Any) -> None:
        with self.write_connection() as conn:
            for statement in statements:
                conn.execute(statement)

    # -- schemas -----------------------------------------------------------------------------

    def create_schema(self, schema_name: str) -> None:
        """Create the database schema ``schema_name`` (quoted as needed).

        Args:
            schema_name: the schema to create.
        """
        self.execute_ddl(sa_ddl.CreateSchema(schema_name))

    def prepare_schema(self, schema_name: str) -> None:
        """Create the database schema ``schema_name`` unless it exists; called by sink setup.

        Args:
            schema_name: the schema name.
        """
        if not self.connector.schema_exists(schema_name):
            self.connector.create_schema(schema_name)

    # -- tables ------------------------------------------------------------------------------

    def build_table(
        self,
        full_table_name: str | FullyQualifiedName,
        schema: dict[str, t.Any],
        primary_keys: t.Sequence[str] | None,
        *,
        metadata: sa.MetaData | None = None,
        name: str | None = None,
        temporary: bool = False,
    ) -> sa.Table:
        _, schema_name, table_name = self.connector.parse_full_table_name(full_table_name)
        try:
            properties: dict[str, t.Any] = schema["properties"]
        except (KeyError, TypeError):
            msg = f"Schema for '{full_table_name}' does not define properties: {schema}"
            raise RuntimeError(msg) from None
        columns = [
            sa.Column(
                prop_name,
                self.storage_type(self.connector.to_sql_type(prop_schema)),
                autoincrement=False,
            )
            for prop_name, prop_schema in properties.items()
        ]
        keys = [key for key in primary_keys or () if key in properties]
        constraints = [sa.PrimaryKeyConstraint(*keys)] if keys else []
        return sa.Table(
            name or table_name,
            metadata if metadata is not None else sa.MetaData(),
            *columns,
            *constraints,
            schema=None if temporary else schema_name,
            prefixes=["TEMPORARY"] if temporary else [],
        )

    def create_empty_table(
        self,
        full_table_name: str | FullyQualifiedName,
        schema: dict[str, t.Any],
        primary_keys: t.Sequence[str] | None = None,
        partition_keys: list[str] | None = None,
        as_temp_table: bool = False,
    ) -> None:
        """Create the table with a column per schema property and the primary key.

        The primary key holds the ``primary_keys`` that are schema properties. A temporary
        table (``as_temp_table``) lives as long as the database connection that created it;
        the SQL sink creates its staging tables on the connection that loads the batch.

        Args:
            full_table_name: the table name.
            schema: the JSON Schema whose properties become columns.
            primary_keys: the key properties.
            partition_keys: ignored by the generic implementation.
            as_temp_table: create a temporary table.

        Raises:
            NotImplementedError: ``as_temp_table`` is set but ``allow_temp_tables`` is False.
            RuntimeError: the schema has no properties.
        """
        if as_temp_table and not self.connector.allow_temp_tables:
            msg = "Temporary tables are not supported."
            raise NotImplementedError(msg)
        table = self.build_table(full_table_name, schema, primary_keys, temporary=as_temp_table)
        table.create(self.connector._engine)
        if not as_temp_table:
            self.columns[self.table_key(full_table_name)] = {
                column.name: sa.Column(column.name, column.type, nullable=column.nullable)
                for column in table.columns
            }

    def prepare_table(
        self,
        full_table_name: str | FullyQualifiedName,
        schema: dict[str, t.Any],
        primary_keys: t.Sequence[str],
        partition_keys: list[str] | None = None,
        as_temp_table: bool = False,
    ) -> None:
        """Make the table fit ``schema``; called by sink setup for every SCHEMA message.

        Creates a missing table. With ``load_method: overwrite``, the first time a table is
        prepared in a run it is dropped and created again (later schema changes in the same
        run evolve it). An existing table gets the missing columns (``allow_column_add``) and
        wider types where a property needs one (``allow_column_alter``); columns are never
        narrowed or dropped.

        Args:
            full_table_name: the table name.
            schema: the (conformed) JSON Schema of the stream.
            primary_keys: the (conformed) key properties.
            partition_keys: passed on to :meth:`create_empty_table`.
            as_temp_table: passed on to :meth:`create_empty_table`.

        Raises:
            NotImplementedError: ``load_method`` is ``overwrite`` but the connector's
                ``allow_overwrite`` is False, or a needed change is not allowed.
        """
        key = str(full_table_name)
        first_time = not self.connector._tables_prepared.get(key, False)
        overwrite = self.connector.config.get("load_method") == TargetLoadMethods.OVERWRITE.value
        if overwrite and first_time:
            if not self.connector.allow_overwrite:
                msg = (
                    f"load_method 'overwrite' is not supported by {type(self.connector).__name__} "
                    "(its allow_overwrite flag is False)."
                )
                raise NotImplementedError(msg)
            _, schema_name, table_name = self.connector.parse_full_table_name(full_table_name)
            sa.Table(table_name, sa.MetaData(), schema=schema_name).drop(
                self.connector._engine, checkfirst=True
            )
            action = "Overwriting: dropped and creating table %s"
        elif not self.connector.table_exists(full_table_name=full_table_name):
            action = "Creating empty table %s"
        else:
            action = ""
        if action:
            self.forget_table(full_table_name)
            self.connector.logger.info(action, full_table_name)
            self.connector.create_empty_table(
                full_table_name=full_table_name,
                schema=schema,
                primary_keys=primary_keys,
                partition_keys=partition_keys,
                as_temp_table=as_temp_table,
            )
            self.connector._tables_prepared[key] = True
            return
        self.known_columns(full_table_name)  # reflect once, before the per-column checks
        for property_name, property_schema in schema["properties"].items():
            self.connector.prepare_column(
                full_table_name, property_name, self.connector.to_sql_type(property_schema)
            )
        self.connector.prepare_primary_key(
            full_table_name=full_table_name, primary_keys=primary_keys
        )
        self.connector._tables_prepared[key] = True

    def prepare_primary_key(
        self,
        *,
        full_table_name: str | FullyQualifiedName,
        primary_keys: t.Sequence[str],
    ) -> None:
        """Adapt an existing table's primary key to ``primary_keys``.

        Called by :meth:`prepare_table` for existing tables. The default does nothing (the key
        is set when the table is created); override for databases that can change it.

        Args:
            full_table_name: the table name.
            primary_keys: the key properties.
        """
        self.connector.logger.debug("Primary key adaptation is not implemented")

    # -- columns -----------------------------------------------------------------------------

    def prepare_column(
        self,
        full_table_name: str | FullyQualifiedName,
        column_name: str,
        sql_type: _TypeEngine,
    ) -> None:
        """Add the column if it is missing, else widen its type if ``sql_type`` needs it.

        Args:
            full_table_name: the table name.
            column_name: the column name.
            sql_type: the type the column must be able to hold.

        Raises:
            NotImplementedError: the change needs a flag (``allow_column_add`` or
                ``allow_column_alter``) that is False.
        """
        if column_name not in self.known_columns(full_table_name):
            self.connector._create_empty_column(
                full_table_name=full_table_name, column_name=column_name, sql_type=sql_type
            )
            return
        self.connector._adapt_column_type(
            full_table_name, column_name=column_name, sql_type=sql_type
        )

    def create_empty_column(
        self,
        full_table_name: str | FullyQualifiedName,
        column_name: str,
        sql_type: _TypeEngine,
    ) -> None:
        if not self.connector.allow_column_add:
            msg = (
                f"Adding columns is not supported: table {full_table_name} has no column "
                f"'{column_name}' and the connector's allow_column_add flag is False."
            )
            raise NotImplementedError(msg)
        statement = self.connector.get_column_add_ddl(
            table_name=self.quoted_table(full_table_name),
            column_name=column_name,
            column_type=sql_type,
        )
        self.execute_ddl(statement)
        self.known_columns(full_table_name)[column_name] = sa.Column(
            column_name, self.storage_type(sql_type), nullable=True
        )

    def rename_column(
        self,
        full_table_name: str | FullyQualifiedName,
        old_name: str,
        new_name: str,
    ) -> None:
        """Rename a column.

        Args:
            full_table_name: the table name.
            old_name: the current column name.
            new_name: the new column name.

        Raises:
            NotImplementedError: the connector's ``allow_column_rename`` flag is False.
        """
        if not self.connector.allow_column_rename:
            msg = "Renaming columns is not supported."
            raise NotImplementedError(msg)
        statement = self.connector.get_column_rename_ddl(
            table_name=self.quoted_table(full_table_name),
            column_name=old_name,
            new_column_name=new_name,
        )
        self.execute_ddl(statement)
        self.forget_table(full_table_name)

    def get_column_type(
        self,
        full_table_name: str | FullyQualifiedName,
        column_name: str,
    ) -> _TypeEngine:
        try:
            column = self.known_columns(full_table_name)[column_name]
        except KeyError:
            msg = f"Column `{column_name}` does not exist in table `{full_table_name}`."
            raise KeyError(msg) from None
        return column.type

    def adapt_column_type(
        self,
        full_table_name: str | FullyQualifiedName,
        column_name: str,
        sql_type: _TypeEngine,
    ) -> None:
        current_type = self.connector._get_column_type(full_table_name, column_name)
        current_type = current_type.copy() if hasattr(current_type, "copy") else current_type
        collation = self.connector.remove_collation(current_type)
        merged = self.connector.merge_sql_types([current_type, sql_type])
        if merged is current_type or self.same_type(merged, current_type):
            return
        if collation:
            self.connector.update_collation(merged, collation)
        if not self.connector.allow_column_alter:
            msg = (
                "Altering columns is not supported. Could not convert column "
                f"'{full_table_name}.{column_name}' from '{current_type}' to '{merged}' "
                "(the connector's allow_column_alter flag is False)."
            )
            raise NotImplementedError(msg)
        storage_type = self.storage_type(merged)
        if self.connector._dialect.name == "sqlite":
            self.sqlite_alter_column(full_table_name, column_name, storage_type)
        else:
            statement = self.connector.get_column_alter_ddl(
                table_name=self.quoted_table(full_table_name),
                column_name=column_name,
                column_type=storage_type,
            )
            self.execute_ddl(statement)
        self.known_columns(full_table_name)[column_name] = sa.Column(
            column_name, storage_type, nullable=True
        )

    def same_type(self, first: _TypeEngine, second: _TypeEngine) -> bool:
        dialect = self.connector._dialect
        try:
            return bool(first.compile(dialect=dialect) == second.compile(dialect=dialect))
        except sa.exc.CompileError:
            return str(first) == str(second)

    def sqlite_alter_column(
        self,
        full_table_name: str | FullyQualifiedName,
        column_name: str,
        column_type: _TypeEngine,
    ) -> None:
        """SQLite cannot alter a column's type: rebuild the table with the new type.

        See :func:`singer_sdk._sql.sqlite.rebuild_with_column_type`.
        """
        _, schema_name, table_name = self.connector.parse_full_table_name(full_table_name)
        with self.write_connection() as conn:
            rebuild_with_column_type(conn, schema_name, table_name, column_name, column_type)

    def column_add_ddl(
        self,
        table_name: str | FullyQualifiedName,
        column_name: str,
        column_type: _TypeEngine,
    ) -> sa.DDL:
        """Return the ``ALTER TABLE ... ADD COLUMN`` statement for a new column.

        Override for databases with another syntax.

        Args:
            table_name: the (quoted) table name.
            column_name: the new column's name (quoted here).
            column_type: the new column's type.
        """
        clause = sa_ddl.CreateColumn(sa.Column(column_name, self.storage_type(column_type)))
        compiled = clause.compile(dialect=self.connector._dialect).string
        return sa.DDL(  # type: ignore[no-untyped-call]
            "ALTER TABLE %(table_name)s ADD COLUMN %(create_column_clause)s",
            {"table_name": str(table_name), "create_column_clause": compiled},
        )

    # -- type merging ------------------------------------------------------------------------

    def merge_sql_types(self, sql_types: t.Sequence[_TypeEngine]) -> _TypeEngine:
        """Return the type among ``sql_types`` that can hold the values of all of them.

        Ranking (see :meth:`_sort_types`): strings, then date-times, dates, times, decimals and
        floats, integers, booleans; within a kind the longer or more precise type wins
        (an unbounded string beats any length). Ties keep the first type given, so the
        current column type is kept when it is as wide as the new one.

        A string type, or a type whose generic form is a string (such as a ``TypeDecorator``
        over ``TEXT``), holds anything: the widest one is returned. Otherwise the widest type
        is returned only when all the types are of one family (booleans, integers and
        decimals; or dates and date-times); types of different families (an integer and a
        date-time) cannot hold each other's values, and the current type is kept.

        Args:
            sql_types: the types to merge; the current column type first.

        Raises:
            ValueError: ``sql_types`` is empty.
        """
        if not sql_types:
            msg = "Expected at least one member in `sql_types` argument."
            raise ValueError(msg)
        ranked = self.connector._sort_types(sql_types)
        for candidate in ranked:
            if self.holds_text(candidate):
                return candidate
        family = _TYPE_FAMILIES.get(self.connector._get_type_sort_key(ranked[0])[0])
        if family is not None and all(
            _TYPE_FAMILIES.get(self.connector._get_type_sort_key(sql_type)[0]) == family
            for sql_type in sql_types
        ):
            return ranked[0]
        return sql_types[0]

    def holds_text(self, sql_type: _TypeEngine) -> bool:
        """Whether ``sql_type`` stores text: a string type, or one whose generic is a string."""
        if self.connector._get_type_sort_key(sql_type)[0] == TypeRank.TEXT:
            return True
        try:
            generic = sql_type.as_generic()
        except (NotImplementedError, AssertionError):
            # SQLAlchemy's default heuristic fails on some types (on a TypeDecorator it asserts);
            # a TypeDecorator stores what its implementation type stores.
            if not isinstance(sql_type, sa.types.TypeDecorator):
                return False
            generic = sql_type.impl_instance
        return isinstance(generic, sa.String)

    def sort_types(self, sql_types: t.Iterable[_TypeEngine]) -> t.Sequence[_TypeEngine]:
        """Return ``sql_types`` from the widest to the narrowest (stable for ties)."""
        return sorted(sql_types, key=self.connector._get_type_sort_key, reverse=True)

    # -- versions ----------------------------------------------------------------------------

    def delete_old_versions(
        self,
        *,
        full_table_name: str | FullyQualifiedName,
        version_column_name: str,
        current_version: int,
    ) -> None:
        """Delete the rows whose version is older than ``current_version`` (hard delete).

        Called for an ACTIVATE_VERSION message when ``hard_delete`` is on. Rows without a
        version are kept.

        Args:
            full_table_name: the table name.
            version_column_name: the version column (``_sdc_table_version``).
            current_version: the version now active.
        """
        table = self.lightweight_table(full_table_name, version_column_name)
        with self.write_connection() as conn:
            conn.execute(
                sa.delete(table).where(table.c[version_column_name] < int(current_version))
            )

    def lightweight_table(
        self, full_table_name: str | FullyQualifiedName, *column_names: str
    ) -> sa.TableClause:
        """A table clause with the named columns, for quoted DML without reflection."""
        _, schema_name, table_name = self.connector.parse_full_table_name(full_table_name)
        return sa.table(table_name, *(sa.column(name) for name in column_names), schema=schema_name)
