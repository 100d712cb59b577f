"""``SQLSink``: loads a stream's batches into a database table through SQLAlchemy.

The table is prepared once, when the sink is set up. The insert (or upsert) statement, the
column order and the few per-column value conversions are worked out on the first batch and
reused for every later one; per batch, records become parameter rows in one pass and are sent
with one ``executemany``. Nothing is reflected per batch.

Load methods (``load_method`` setting):

- ``append-only``: insert every record.
- ``upsert``: records with the key of an existing row replace it, and within one batch the last
  record of a key wins. Uses ``INSERT ... ON CONFLICT DO UPDATE`` on SQLite and PostgreSQL when
  the key columns are the table's primary key or a unique constraint; otherwise the batch is
  loaded into a temporary staging table (``allow_temp_tables``) or sent as is, and the rows
  with its keys are deleted before it is inserted, in one transaction. Needs the connector's
  ``allow_merge_upsert`` flag.
- ``overwrite``: the table is dropped and created again the first time it is prepared in a
  run, then loaded like ``append-only``. Needs the connector's ``allow_overwrite`` flag.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import typing as t
import uuid
from operator import itemgetter

import sqlalchemy as sa

from singer_sdk._capabilities import TargetLoadMethods
from singer_sdk._exceptions import ConformedNameClashException
from singer_sdk._overrides import overrides
from singer_sdk._sinks.batch import BatchSink
from singer_sdk._sql.connector import SQLConnector
from singer_sdk._sql.names import conform_identifier, describe_name_clashes

if t.TYPE_CHECKING:
    from sqlalchemy.sql import Executable

    from singer_sdk._sql.names import FullyQualifiedName
    from singer_sdk._target import Target

__all__ = ["SQLSink"]

_C = t.TypeVar("_C", bound=SQLConnector)

#: ``_sdc_*`` integer columns holding epoch milliseconds or versions: 64-bit columns.
_BIG_INTEGER_SDC = ("_sdc_table_version", "_sdc_sequence", "_sdc_sync_started_at")
_INT64_MAX = 2**63 - 1
_UTC = dt.UTC
#: JSON types whose values reach the database without conversion.
_PLAIN_TYPES = frozenset({"string", "integer", "boolean", "null"})


class _InsertPlan(t.NamedTuple):
    """How a batch's records become the parameter rows of one statement."""

    statement: t.Any
    #: The statement compiled for the driver (positional drivers only), else None.
    driver_sql: str | None
    columns: list[str]
    sources: list[str]
    converters: list[t.Callable[[t.Any], t.Any] | None]


class SQLSink(BatchSink, t.Generic[_C]):
    """A batch sink writing to a SQL table; set ``connector_class``.

    Stream ``schema-table`` goes to table ``table`` in schema ``schema`` (or the
    ``default_target_schema`` setting); names are conformed with :meth:`conform_name`.

    Args:
        target: the target the sink belongs to.
        stream_name: the stream's name.
        schema: the stream's schema.
        key_properties: the stream's primary key.
        connector: the connector to use (the target's shared one); by default a new
            ``connector_class`` for the target's config.
    """

    #: The connector class used when no connector is given.
    connector_class: type[_C]
    #: The column set to the deletion time of rows of older versions (soft delete).
    soft_delete_column_name = "_sdc_deleted_at"
    #: The column holding the ACTIVATE_VERSION version of each row.
    version_column_name = "_sdc_table_version"

    def __init__(
        self,
        target: Target,
        stream_name: str,
        schema: dict[str, t.Any],
        key_properties: t.Sequence[str] | None,
        connector: _C | None = None,
    ) -> None:
        self._connector: _C = connector or self.connector_class(dict(target.config))
        self._conformed_names: dict[tuple[str, str | None], str] = {}
        self._insert_plans: dict[tuple[str, str], _InsertPlan] = {}
        self._upsert_mode: str | None = None
        super().__init__(target, stream_name, schema, key_properties)

    # -- connector and names -----------------------------------------------------------------

    @property
    def connector(self) -> _C:
        """The connector the sink loads through."""
        return self._connector

    @property
    def connection(self) -> sa.Connection:
        """A new connection of the connector (deprecated: use ``connector._connect()``)."""
        return self.connector.connection

    @functools.cached_property
    def default_target_schema(self) -> str | None:
        """The ``default_target_schema`` setting, or None."""
        value = self.config.get("default_target_schema")
        return str(value) if value else None

    @property
    def table_name(self) -> str:
        """The table name: the stream name's last ``-``-separated part, conformed."""
        return self.conform_name(self.stream_name.split("-")[-1], "table")

    @property
    def schema_name(self) -> str | None:
        """The database schema: ``default_target_schema``, else the stream name's part before
        the table when the name has two or three ``-``-separated parts, else None.
        """
        if self.default_target_schema:
            return self.default_target_schema
        parts = self.stream_name.split("-")
        if len(parts) in {2, 3}:
            return self.conform_name(parts[-2], "schema")
        return None

    @property
    def database_name(self) -> str | None:
        """The database name; None (the connection's database)."""
        return None

    @functools.cached_property
    def full_table_name(self) -> FullyQualifiedName:
        """The table's fully qualified, quoted name (worked out once per sink)."""
        return self.connector.get_fully_qualified_name(
            table_name=self.table_name,
            schema_name=self.schema_name,
            db_name=self.database_name,
        )

    @property
    def full_schema_name(self) -> FullyQualifiedName:
        """The database schema's fully qualified, quoted name."""
        return self.connector.get_fully_qualified_name(
            schema_name=self.schema_name,
            db_name=self.database_name,
        )

    def conform_name(self, name: str, object_type: str | None = None) -> str:
        """Return ``name`` as a database identifier; called for tables, schemas and columns.

        The default keeps ASCII letters, digits, ``_``, ``-``, ``.`` and whitespace, strips the
        ends, lower-cases, turns ``-``, ``.`` and whitespace into ``_``, and replaces a
        leading digit by a letter (0 -> a, 1 -> b, ...). Override for other rules; results are
        cached per sink.

        Args:
            name: the property, stream or schema name.
            object_type: ``database``, ``schema``, ``table`` or ``column`` (None: column).

        Raises:
            ValueError: nothing of ``name`` is left.
        """
        return conform_identifier(name, object_type)

    def _conform(self, name: str, object_type: str | None = None) -> str:
        key = (name, object_type)
        conformed = self._conformed_names.get(key)
        if conformed is None:
            conformed = self.conform_name(name, object_type)
            self._conformed_names[key] = conformed
        return conformed

    def _conformed_property_names(self, names: t.Iterable[str]) -> dict[str, str]:
        """Map each name to its conformed name, checking that no two conform alike."""
        mapping = {name: self._conform(name) for name in names}
        if len(set(mapping.values())) != len(mapping):
            msg = (
                f"Stream '{self.stream_name}': properties conform to the same column name: "
                f"{describe_name_clashes(mapping)}. Rename them in the tap or with a stream map."
            )
            raise ConformedNameClashException(msg)
        return mapping

    def conform_schema(self, schema: dict[str, t.Any]) -> dict[str, t.Any]:
        """Return a copy of ``schema`` with conformed property names.

        Raises:
            ConformedNameClashException: two properties conform to the same name.
        """
        mapping = self._conformed_property_names(schema["properties"])
        conformed = dict(schema)
        conformed["properties"] = {
            mapping[name]: value for name, value in schema["properties"].items()
        }
        return conformed

    def conform_record(self, record: dict[str, t.Any]) -> dict[str, t.Any]:
        """Return a copy of ``record`` with conformed property names.

        Raises:
            ConformedNameClashException: two properties conform to the same name.
        """
        mapping = self._conformed_property_names(record)
        return {mapping[name]: value for name, value in record.items()}

    @property
    def key_properties(self) -> t.Sequence[str]:
        """The stream's primary key, conformed."""
        return [self._conform(key, "column") for key in super().key_properties]

    @property
    def _load_method(self) -> str:
        return str(self.config.get("load_method") or TargetLoadMethods.APPEND_ONLY.value)

    # -- setup -------------------------------------------------------------------------------

    def _table_schema(self) -> dict[str, t.Any]:
        """The conformed schema the table is prepared from (64-bit ``_sdc_*`` integers)."""
        conformed = self.conform_schema(self.schema)
        properties = conformed["properties"]
        for name in _BIG_INTEGER_SDC:
            if name in properties:
                properties[name] = {**properties[name], "maximum": _INT64_MAX}
        return conformed

    def setup(self) -> None:
        """Create the database schema and prepare the table; called once per sink.

        Raises:
            ConformedNameClashException: two properties conform to the same column name.
            NotImplementedError: ``load_method`` is ``upsert`` and the connector does not allow
                merge upserts (with the generic :meth:`process_batch`), or a needed table
                change is not allowed.
        """
        if (
            self._load_method == TargetLoadMethods.UPSERT.value
            and not overrides(type(self), SQLSink, "process_batch")
            and not self.connector.allow_merge_upsert
        ):
            msg = (
                f"load_method 'upsert' is not supported by {type(self.connector).__name__} "
                "(its allow_merge_upsert flag is False)."
            )
            raise NotImplementedError(msg)
        if self.schema_name:
            self.connector.prepare_schema(self.schema_name)
        self.connector.prepare_table(
            full_table_name=self.full_table_name,
            schema=self._table_schema(),
            primary_keys=self.key_properties,
            as_temp_table=False,
        )

    # -- loading -----------------------------------------------------------------------------

    def process_batch(self, context: dict[str, t.Any]) -> None:
        """Load the batch's records (``context["records"]``) with the ``load_method``.

        Called when the sink is drained. Override for a native bulk loader.
        """
        records = context.get("records") or []
        if not records:
            return
        if self._load_method == TargetLoadMethods.UPSERT.value and self.key_properties:
            self._upsert_records(records)
            return
        self.bulk_insert_records(
            full_table_name=self.full_table_name,
            schema=self.schema,
            records=records,
        )

    def generate_insert_statement(
        self,
        full_table_name: str | FullyQualifiedName,
        schema: dict[str, t.Any],
    ) -> str | Executable:
        """Return the INSERT statement for the table's columns (one bind per property).

        Called once per sink and table; the statement is reused for every batch. Binds are
        named after the conformed property names.

        Args:
            full_table_name: the table name.
            schema: the stream schema (unconformed).
        """
        return sa.insert(self._table_for(full_table_name, schema))

    def _table_for(
        self, full_table_name: str | FullyQualifiedName, schema: dict[str, t.Any]
    ) -> sa.Table:
        """A table object with the schema's columns and their types in the database."""
        mapping = self._conformed_property_names(schema["properties"])
        connector = self.connector
        _, schema_name, table_name = connector.parse_full_table_name(full_table_name)
        try:
            known = connector._ddl.known_columns(full_table_name)
        except sa.exc.NoSuchTableError:
            known = {}
        columns = []
        for name, conformed in mapping.items():
            column = known.get(conformed)
            sql_type = (
                column.type
                if column is not None
                else connector.to_sql_type(schema["properties"][name])
            )
            columns.append(sa.Column(conformed, sql_type))
        return sa.Table(table_name, sa.MetaData(), *columns, schema=schema_name)

    def bulk_insert_records(
        self,
        full_table_name: str | FullyQualifiedName,
        schema: dict[str, t.Any],
        records: t.Iterable[dict[str, t.Any]],
    ) -> int | None:
        """Insert ``records`` into the table with one ``executemany``; missing values are NULL.

        Called by :meth:`process_batch`. Override for a faster native bulk load.

        Args:
            full_table_name: the table name.
            schema: the stream schema (unconformed), naming the columns.
            records: the records (unconformed names).

        Returns:
            The number of rows inserted, when the driver reports it.
        """
        plan = self._insert_plan(full_table_name, schema)
        with self.connector._ddl.write_connection() as conn:
            return self._execute_plan(conn, plan, list(records))

    def _insert_plan(
        self, full_table_name: str | FullyQualifiedName, schema: dict[str, t.Any]
    ) -> _InsertPlan:
        key = (str(full_table_name), str(id(schema)))
        plan = self._insert_plans.get(key)
        if plan is None:
            statement = self.generate_insert_statement(full_table_name, schema)
            if isinstance(statement, str):
                statement = sa.text(statement)
            plan = self._make_plan(statement, full_table_name, schema)
            self._insert_plans[key] = plan
        return plan

    def _make_plan(
        self,
        statement: t.Any,
        full_table_name: str | FullyQualifiedName,
        schema: dict[str, t.Any],
    ) -> _InsertPlan:
        mapping = self._conformed_property_names(schema["properties"])
        sources = list(mapping)
        columns = [mapping[name] for name in sources]
        dialect = self.connector._dialect
        driver_level = dialect.name == "sqlite"
        table = self._table_for(full_table_name, schema)
        converters = [
            self._value_converter(
                schema["properties"][name], table.c[mapping[name]].type, driver_level=driver_level
            )
            for name in sources
        ]
        driver_sql = None
        if driver_level and dialect.positional:
            compiled = statement.compile(dialect=dialect)
            if list(compiled.positiontup or ()) == columns:
                driver_sql = compiled.string
        return _InsertPlan(statement, driver_sql, columns, sources, converters)

    def _value_converter(
        self,
        property_schema: dict[str, t.Any],
        sql_type: sa.types.TypeEngine[t.Any],
        *,
        driver_level: bool,
    ) -> t.Callable[[t.Any], t.Any] | None:
        """The conversion a column's values need on their way to the database, if any."""
        types, formats = _schema_kinds(property_schema)
        if types <= _PLAIN_TYPES and not formats & {"date-time", "date", "time"}:
            return None
        dumps = self.connector.serialize_json
        if driver_level:
            table: dict[type, t.Callable[[t.Any], t.Any]] = {
                decimal.Decimal: str,
                dt.datetime: _sqlite_datetime,
                dt.date: dt.date.isoformat,
                dt.time: dt.time.isoformat,
                dict: dumps,
                list: dumps,
                uuid.UUID: str,
            }
        else:
            table = {}
            if not isinstance(sql_type, sa.JSON):
                table[dict] = dumps
                table[list] = dumps
            if not getattr(sql_type, "timezone", False):
                table[dt.datetime] = _naive_utc
        if not table:
            return None
        lookup = table.get

        def convert(value: t.Any) -> t.Any:
            conversion = lookup(type(value))
            return value if conversion is None else conversion(value)

        return convert

    def _rows(self, plan: _InsertPlan, records: list[dict[str, t.Any]]) -> list[t.Any]:
        """The parameter rows of ``records``: tuples for the driver, else dicts."""
        sources = plan.sources
        width = len(sources)
        getter = itemgetter(*sources)
        rows: list[t.Any] = []
        append = rows.append
        for record in records:
            try:
                row = getter(record)
            except KeyError:
                row = tuple([record.get(name) for name in sources])
            else:
                if width == 1:
                    row = (row,)
            append(row)
        if any(plan.converters):
            columns = list(zip(*rows, strict=True)) if rows else []
            for index, convert in enumerate(plan.converters):
                if convert is not None:
                    columns[index] = tuple(map(convert, columns[index]))
            rows = list(zip(*columns, strict=True))
        if plan.driver_sql is None:
            names = plan.columns
            rows = [dict(zip(names, row, strict=True)) for row in rows]
        return rows

    def _execute_plan(
        self, conn: sa.Connection, plan: _InsertPlan, records: list[dict[str, t.Any]]
    ) -> int | None:
        if not records:
            return 0
        rows = self._rows(plan, records)
        if plan.driver_sql is not None:
            result = conn.exec_driver_sql(plan.driver_sql, rows)
        else:
            result = conn.execute(plan.statement, rows)
        count = result.rowcount
        return count if count is not None and count >= 0 else None

    # -- upsert ------------------------------------------------------------------------------

    def _dedupe(self, records: list[dict[str, t.Any]]) -> list[dict[str, t.Any]]:
        """Keep the last record of each key; count the others as merged duplicates."""
        raw_keys = list(super().key_properties)
        key_of = itemgetter(*raw_keys)
        latest: dict[t.Any, dict[str, t.Any]] = {}
        for record in records:
            try:
                key = key_of(record)
            except KeyError:
                key = tuple(record.get(name) for name in raw_keys)
            latest.pop(key, None)  # move it to the end: the batch order of last occurrences
            latest[key] = record
        merged = len(records) - len(latest)
        if merged:
            self.tally_duplicate_merged(merged)
        return list(latest.values())

    def _choose_upsert_mode(self) -> str:
        """``native`` (ON CONFLICT), ``stage`` (temp table) or ``delete`` (delete, insert)."""
        connector = self.connector
        dialect = connector._dialect.name
        if dialect in {"sqlite", "postgresql"}:
            _, schema_name, table_name = connector.parse_full_table_name(self.full_table_name)
            inspector = sa.inspect(connector._engine)
            keys: set[str | None] = set(self.key_properties)
            pk = inspector.get_pk_constraint(table_name, schema_name)
            unique_sets: list[set[str | None]] = [set(pk.get("constrained_columns") or [])]
            unique_sets.extend(
                set(constraint.get("column_names") or [])
                for constraint in inspector.get_unique_constraints(table_name, schema_name)
            )
            unique_sets.extend(
                set(index.get("column_names") or [])
                for index in inspector.get_indexes(table_name, schema_name)
                if index.get("unique")
            )
            if keys in unique_sets:
                return "native"
        return "stage" if connector.allow_temp_tables else "delete"

    def _upsert_records(self, records: list[dict[str, t.Any]]) -> None:
        records = self._dedupe(records)
        if self._upsert_mode is None:
            self._upsert_mode = self._choose_upsert_mode()
        connector = self.connector
        if self._upsert_mode == "native":
            plan = self._native_upsert_plan()
            with connector._ddl.write_connection() as conn:
                self._execute_plan(conn, plan, records)
            return
        target = self._table_for(self.full_table_name, self.schema)
        keys = list(self.key_properties)
        plan = self._insert_plan(self.full_table_name, self.schema)
        with connector._ddl.write_connection() as conn:
            if self._upsert_mode == "stage":
                stage = sa.Table(
                    f"sdc_stage_{uuid.uuid4().hex[:16]}",
                    sa.MetaData(),
                    *[sa.Column(column.name, column.type) for column in target.columns],
                    prefixes=["TEMPORARY"],
                )
                stage.create(conn)
                stage_plan = self._make_plan(sa.insert(stage), self.full_table_name, self.schema)
                self._execute_plan(conn, stage_plan, records)
                self._merge_from(conn, target, stage, keys)
                stage.drop(conn)
                return
            rows = self._rows(plan._replace(driver_sql=None), records)
            condition = sa.and_(
                *[
                    target.c[key].is_not_distinct_from(sa.bindparam(f"k_{i}"))
                    for i, key in enumerate(keys)
                ]
            )
            conn.execute(
                sa.delete(target).where(condition),
                [{f"k_{i}": row[key] for i, key in enumerate(keys)} for row in rows],
            )
            self._execute_plan(conn, plan, records)

    def _native_upsert_plan(self) -> _InsertPlan:
        key = ("native-upsert", "")
        plan = self._insert_plans.get(key)
        if plan is not None:
            return plan
        dialect = self.connector._dialect
        table = self._table_for(self.full_table_name, self.schema)
        statement: t.Any
        if dialect.name == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            statement = sqlite_insert(table)
        else:
            from sqlalchemy.dialects.postgresql import insert as postgresql_insert

            statement = postgresql_insert(table)
        keys = list(self.key_properties)
        updates = {
            column.name: statement.excluded[column.name]
            for column in table.columns
            if column.name not in keys
        }
        statement = (
            statement.on_conflict_do_update(index_elements=keys, set_=updates)
            if updates
            else statement.on_conflict_do_nothing(index_elements=keys)
        )
        plan = self._make_plan(statement, self.full_table_name, self.schema)
        self._insert_plans[key] = plan
        return plan

    @staticmethod
    def _merge_from(
        conn: sa.Connection, target: sa.Table, source: sa.Table, keys: list[str]
    ) -> int | None:
        match = sa.and_(*[target.c[key].is_not_distinct_from(source.c[key]) for key in keys])
        conn.execute(sa.delete(target).where(sa.exists().where(match)))
        names = [column.name for column in source.columns]
        result = conn.execute(
            sa.insert(target).from_select(names, sa.select(*[source.c[name] for name in names]))
        )
        count = result.rowcount
        return count if count is not None and count >= 0 else None

    def merge_upsert_from_table(
        self,
        target_table_name: str,
        from_table_name: str,
        join_keys: list[str],
    ) -> int | None:
        """Replace the rows of ``target_table_name`` matching ``from_table_name`` on the keys,
        then insert all rows of ``from_table_name``; in one transaction.

        Args:
            target_table_name: the table to merge into.
            from_table_name: the (non-temporary) table holding the new rows.
            join_keys: the columns identifying a row.

        Returns:
            The number of rows inserted, when the driver reports it.
        """
        connector = self.connector
        target = connector.get_table(target_table_name)
        source = connector.get_table(from_table_name)
        with connector._ddl.write_connection() as conn:
            return self._merge_from(conn, target, source, list(join_keys))

    # -- versions ----------------------------------------------------------------------------

    def activate_version(self, new_version: int) -> None:
        """Make ``new_version`` the table's current version.

        Called for an ACTIVATE_VERSION message, after the pending records are drained. Nothing
        happens if the table does not exist. Rows of older versions are deleted with
        ``hard_delete``, else marked deleted by setting ``_sdc_deleted_at`` (where not set yet).
        The version and deletion columns are added when missing.
        """
        connector = self.connector
        table_name = self.full_table_name
        if not connector.table_exists(table_name):
            return
        known = connector._ddl.known_columns(table_name)
        if self.version_column_name not in known:
            connector.prepare_column(table_name, self.version_column_name, sa.BigInteger())
        if self.config.get("hard_delete", False):
            connector.delete_old_versions(
                full_table_name=table_name,
                version_column_name=self.version_column_name,
                current_version=new_version,
            )
            return
        if self.soft_delete_column_name not in known:
            connector.prepare_column(table_name, self.soft_delete_column_name, sa.DateTime())
        _, schema_name, name = connector.parse_full_table_name(table_name)
        version = sa.column(self.version_column_name, sa.BigInteger())
        deleted_at = sa.column(self.soft_delete_column_name, sa.DateTime())
        table = sa.table(name, version, deleted_at, schema=schema_name)
        now = dt.datetime.now(tz=_UTC).replace(tzinfo=None)
        with connector._ddl.write_connection() as conn:
            conn.execute(
                sa.update(table)
                .where(version < int(new_version), deleted_at.is_(None))
                .values({self.soft_delete_column_name: now})
            )


def _schema_kinds(schema: dict[str, t.Any]) -> tuple[set[str], set[str]]:
    """The JSON types and formats a property schema allows (through ``anyOf``/``oneOf`` too)."""
    types: set[str] = set()
    formats: set[str] = set()
    stack: list[t.Any] = [schema]
    while stack:
        current = stack.pop()
        if not isinstance(current, dict):
            continue
        json_type = current.get("type")
        if isinstance(json_type, str):
            types.add(json_type)
        elif isinstance(json_type, list):
            types.update(str(name) for name in json_type)
        fmt = current.get("format")
        if isinstance(fmt, str):
            formats.add(fmt)
        for keyword in ("anyOf", "oneOf", "allOf"):
            stack.extend(current.get(keyword) or ())
        if json_type is None and not any(k in current for k in ("anyOf", "oneOf", "allOf")):
            types.add("any")
    return types, formats


def _sqlite_datetime(value: dt.datetime) -> str:
    """A date-time as SQLAlchemy stores it on SQLite (UTC when it has a time zone)."""
    tzinfo = value.tzinfo
    if tzinfo is None:
        return value.isoformat(" ", "microseconds")
    if tzinfo is not _UTC:
        value = value.astimezone(_UTC)
    return value.isoformat(" ", "microseconds")[:26]  # without the "+00:00"


def _naive_utc(value: dt.datetime) -> dt.datetime:
    """A date-time for a column without time zone: converted to UTC, time zone dropped."""
    if value.tzinfo is None:
        return value
    return value.astimezone(_UTC).replace(tzinfo=None)
