"""``SQLStream``: reads one table or view, selected columns only, resumable by replication key."""

from __future__ import annotations

import datetime as dt
import decimal
import typing as t

import sqlalchemy as sa

from singer_sdk._catalog.catalog import CatalogEntry
from singer_sdk._catalog.selection import SelectionPlan
from singer_sdk._sql.connector import SQLConnector
from singer_sdk._stream import Stream

if t.TYPE_CHECKING:
    from sqlalchemy.sql.selectable import Select

    from singer_sdk._catalog.metadata import MetadataMapping, SelectionMask
    from singer_sdk._sql.names import FullyQualifiedName
    from singer_sdk._tap import Tap
    from singer_sdk._types import Context, Record

__all__ = ["SQLStream"]

_INCREMENTAL = "INCREMENTAL"


class SQLStream(Stream):
    """A stream over one database table or view, described by a discovered catalog entry.

    The schema, stream id, key properties and metadata come from the catalog entry (the input
    catalog's when one is given). :meth:`get_records` runs the query of :meth:`build_query`:
    only the selected columns, and for incremental streams ``WHERE key >= <bookmark>`` ordered
    by the replication key, so an interrupted sync resumes where it stopped.

    Args:
        tap: the tap the stream belongs to.
        catalog_entry: the stream's catalog entry (a dict as in a Singer catalog).
        connector: the connector to share; a new ``connector_class`` instance by default.
    """

    #: The connector class a stream creates when none is given.
    connector_class: type[SQLConnector] = SQLConnector
    #: Whether the database understands ``NULLS FIRST`` (then rows with a null replication key
    #: come first, where the bookmark cannot skip them).
    supports_nulls_first: bool = False

    def __init__(
        self,
        tap: Tap,
        catalog_entry: dict[str, t.Any],
        connector: SQLConnector | None = None,
    ) -> None:
        self._connector: SQLConnector = connector or self.connector_class(dict(tap.config))
        self.catalog_entry = catalog_entry
        self._entry = CatalogEntry.from_dict(catalog_entry)
        root = self._entry.metadata.root
        super().__init__(
            tap=tap,
            schema=self._entry.schema.to_dict(),
            name=self._entry.tap_stream_id,
        )
        keys = self._entry.key_properties or getattr(root, "table_key_properties", None)
        self._primary_keys = list(keys or [])
        replication_key = self._entry.replication_key or getattr(root, "replication_key", None)
        if replication_key:
            self.replication_key = replication_key

    @property
    def _singer_catalog_entry(self) -> CatalogEntry:
        """The stream's catalog entry, with the current keys and replication settings."""
        entry = CatalogEntry.from_dict(self.catalog_entry)
        entry.metadata = self.metadata
        entry.key_properties = list(self.primary_keys or [])
        entry.replication_key = self.replication_key
        if self.replication_key or self.forced_replication_method:
            entry.replication_method = self.replication_method
        return entry

    @property
    def connector(self) -> SQLConnector:
        """The stream's connector (shared with the tap's other streams by ``SQLTap``)."""
        return self._connector

    @property
    def tap_stream_id(self) -> str:
        """The catalog entry's stream id (``<schema>-<table>`` for discovered tables)."""
        return self._entry.tap_stream_id

    def _own_metadata(self) -> MetadataMapping:
        """The metadata when the input catalog has no entry for the stream: the given entry's."""
        return self._entry.metadata

    @property
    def mask(self) -> SelectionMask:
        """The resolved selection; the replication key is always selected when the stream is.

        Records must carry the replication key for bookmarks to advance.
        """
        if self._mask is None:
            mask = self.metadata.resolve_selection()
            key = self.replication_key
            if key and mask.get((), True) and not mask.get(("properties", key), True):
                mask[("properties", key)] = True
            self._mask = mask
        return self._mask

    if t.TYPE_CHECKING:
        is_sorted: bool
    else:

        @property
        def is_sorted(self) -> bool:
            """True for incremental streams: the query orders rows by the replication key."""
            if self._is_sorted is not None:
                return self._is_sorted
            return self.replication_method == _INCREMENTAL

        @is_sorted.setter
        def is_sorted(self, value: bool) -> None:
            self._is_sorted = value

    _is_sorted: bool | None = None

    @property
    def fully_qualified_name(self) -> FullyQualifiedName:
        """The quoted ``[db.]schema.table`` name of the stream's table.

        Raises:
            ValueError: the catalog entry has no table name.
        """
        if not self._entry.table:
            msg = f"Missing table name in catalog entry of stream '{self.tap_stream_id}'."
            raise ValueError(msg)
        return self.connector.get_fully_qualified_name(
            table_name=self._entry.table,
            schema_name=getattr(self.metadata.root, "schema_name", None),
            db_name=self._entry.database,
        )

    def get_selected_schema(self) -> dict[str, t.Any]:
        """Return a copy of the stream's schema with only the selected properties."""
        return SelectionPlan(self.effective_schema, self.mask).schema

    # --- the query -------------------------------------------------------------------------

    def build_query(self, *, context: Context | None = None) -> Select[t.Any]:
        """Return the SELECT statement of one sync of the stream.

        The default selects the selected columns (and the replication key) of the reflected
        table, then applies
        :meth:`apply_query_filters` and :meth:`apply_query_limit`.

        Args:
            context: the stream context (always None: SQL streams have no partitions).
        """
        selected = list(self.get_selected_schema().get("properties", {}))
        if self.replication_key and self.replication_key not in selected:
            selected.append(self.replication_key)  # needed to filter, order and bookmark
        table = self.connector.get_table(self.fully_qualified_name, column_names=selected)
        query = table.select()
        query = self.apply_query_filters(query, table, context=context)
        return self.apply_query_limit(query)

    def apply_query_filters(
        self,
        query: Select[t.Any],
        table: sa.Table,
        *,
        context: Context | None = None,
    ) -> Select[t.Any]:
        """Return ``query`` filtered and ordered for the replication key.

        Called by :meth:`build_query`. With a replication key the rows are ordered by it and,
        when a bookmark or ``start_date`` is known, only rows with ``key >= start`` are read
        (the value is converted to the column's type). Without one the query is unchanged.

        Args:
            query: the SELECT built so far.
            table: the reflected table.
            context: the stream context.

        Raises:
            KeyError: the replication key is not a column of the table.
        """
        if not self.replication_key:
            return query
        column = _find_column(table, self.replication_key)
        key: sa.ColumnElement[t.Any] = column
        if self.connector._dialect.name == "sqlite" and isinstance(
            column.type, sa.Date | sa.DateTime
        ):
            # SQLite keeps dates and times as text, and text compares by its spelling:
            # "2024-01-15 08:00:00" sorts before "2024-01-15 08:00:00.000000", so a text
            # comparison with the bookmark would skip rows written without fractions. Compare
            # instants instead (julianday), with the text as tie-breaker for the order.
            key = sa.func.julianday(column)
        ordering = key.asc()
        query = query.order_by(sa.nulls_first(ordering) if self.supports_nulls_first else ordering)
        if key is not column:
            query = query.order_by(column.asc())
        start = self.get_starting_replication_key_value(context)
        if start is not None:
            value = _as_column_value(start, column.type)
            if key is column:
                query = query.where(column >= value)
            else:
                bound = sa.literal(value, type_=column.type)
                query = query.where(key >= sa.func.julianday(bound))
        return query

    def apply_query_limit(self, query: Select[t.Any]) -> Select[t.Any]:
        """Return ``query`` limited to one row past ``ABORT_AT_RECORD_COUNT`` (dry runs, tests).

        The extra row lets the sync notice that the limit was reached. Without a limit the
        query is unchanged.

        Args:
            query: the SELECT built so far.
        """
        if self.ABORT_AT_RECORD_COUNT is None:
            return query
        return query.limit(self.ABORT_AT_RECORD_COUNT + 1)

    def get_records(self, context: Context | None) -> t.Iterable[Record]:
        """Yield the rows of :meth:`build_query` as dicts, streamed from the database.

        Exact numeric values of ``x-singer.decimal`` string properties are written as strings.

        Args:
            context: must be None: SQL streams have no partitions.

        Raises:
            NotImplementedError: a context was given.
        """
        if context:
            msg = f"Stream '{self.name}' does not support partitioning."
            raise NotImplementedError(msg)
        query = self.build_query(context=context)
        as_text = _decimal_string_properties(self.get_selected_schema())
        with self.connector._connect() as conn:
            result = conn.execute(query).mappings()
            if not as_text:
                for row in result:
                    yield dict(row)
                return
            for row in result:
                record = dict(row)
                for name in as_text:
                    value = record.get(name)
                    if isinstance(value, decimal.Decimal | float | int):
                        record[name] = str(value)
                yield record


def _find_column(table: sa.Table, name: str) -> sa.Column[t.Any]:
    """Return the table's column ``name`` (falling back to a case-insensitive match)."""
    if name in table.columns:
        return table.columns[name]
    folded = name.casefold()
    for column in table.columns:
        if column.name.casefold() == folded:
            return column
    msg = f"Replication key {name!r} is not a column of table {table.fullname!r}."
    raise KeyError(msg)


def _as_column_value(value: t.Any, column_type: sa.types.TypeEngine[t.Any]) -> t.Any:
    """Return a bookmark value (often text from the state) as a value of the column's type.

    Date-times are compared in UTC: an aware bookmark is converted to naive UTC for a column
    without time zone (records of such columns were written as UTC).
    """
    if isinstance(column_type, sa.types.DateTime):
        parsed = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
        if isinstance(parsed, dt.datetime) and not column_type.timezone and parsed.tzinfo:
            parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
        return parsed
    if isinstance(column_type, sa.types.Date) and isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if isinstance(column_type, sa.types.Time) and isinstance(value, str):
        return dt.time.fromisoformat(value)
    if isinstance(column_type, sa.types.Integer) and isinstance(value, str | float):
        return int(value)
    if isinstance(column_type, sa.types.Numeric) and isinstance(value, str | float):
        return decimal.Decimal(str(value))
    return value


def _decimal_string_properties(schema: dict[str, t.Any]) -> list[str]:
    """Return the properties that are ``x-singer.decimal`` strings in ``schema``."""
    names = []
    for name, prop in schema.get("properties", {}).items():
        if prop.get("format") in {"x-singer.decimal", "singer.decimal"}:
            names.append(name)
    return names
