"""SQLite's missing pieces: exact decimals, and changing a column's type by rebuilding the table.

SQLite has no ``ALTER COLUMN ... TYPE``: :func:`rebuild_with_column_type` creates the table
again with the new column type, copies the rows, and puts back the primary key, unique
constraints, column defaults, nullability and the indexes made with ``CREATE INDEX``.
"""

from __future__ import annotations

import re
import typing as t

import sqlalchemy as sa

__all__ = ["DecimalText", "rebuild_with_column_type"]

#: The start of SQLite's ``CREATE [UNIQUE] INDEX [IF NOT EXISTS]``, before the index name.
_SQLITE_CREATE_INDEX = re.compile(
    r"^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?", re.IGNORECASE
)


class DecimalText(sa.types.UserDefinedType[str]):
    """SQLite storage of exact decimals: a declared type with TEXT affinity (no rounding)."""

    cache_ok = True

    def get_col_spec(self, **kw: t.Any) -> str:
        return "DECIMAL_TEXT"


def rebuild_with_column_type(
    conn: sa.Connection,
    schema_name: str | None,
    table_name: str,
    column_name: str,
    column_type: sa.types.TypeEngine[t.Any],
) -> None:
    """Give ``column_name`` the type ``column_type`` by rebuilding the table, on ``conn``.

    The new table keeps the old one's primary key, unique constraints, column defaults and
    nullability, and the indexes created on it are created again. Runs in the caller's
    transaction.
    """
    preparer = conn.dialect.identifier_preparer
    master = (
        f"{preparer.quote_schema(schema_name)}.sqlite_master" if schema_name else "sqlite_master"
    )
    old = sa.Table(table_name, sa.MetaData(), schema=schema_name, autoload_with=conn)
    # Indexes made with CREATE INDEX (those behind constraints have no SQL of their own).
    index_sql = [
        row[0]
        for row in conn.execute(
            sa.text(
                f"SELECT sql FROM {master} "  # master: a quoted identifier
                "WHERE type = 'index' AND tbl_name = :table AND sql IS NOT NULL"
            ),
            {"table": table_name},
        )
    ]
    temp_name = f"{table_name}__sdc_rebuild"
    new = sa.Table(
        temp_name,
        sa.MetaData(),
        *[
            sa.Column(
                col.name,
                column_type if col.name == column_name else col.type,
                nullable=col.nullable,
                server_default=(
                    sa.DefaultClause(col.server_default.arg)  # type: ignore[attr-defined]
                    if col.server_default is not None
                    else None
                ),
            )
            for col in old.columns
        ],
        *(
            [sa.PrimaryKeyConstraint(*[col.name for col in old.primary_key.columns])]
            if old.primary_key.columns
            else []
        ),
        *[
            sa.UniqueConstraint(*[col.name for col in constraint.columns])
            for constraint in old.constraints
            if isinstance(constraint, sa.UniqueConstraint)
        ],
        schema=schema_name,
    )
    new.create(conn)
    names = [col.name for col in old.columns]
    conn.execute(sa.insert(new).from_select(names, sa.select(*old.columns)))
    old.drop(conn)
    conn.execute(
        sa.text(f"ALTER TABLE {preparer.format_table(new)} RENAME TO {preparer.quote(table_name)}")
    )
    for statement in index_sql:
        if schema_name:  # the stored SQL names the index without its schema
            statement = _SQLITE_CREATE_INDEX.sub(
                lambda match: match.group(0) + preparer.quote_schema(schema_name) + ".",
                statement,
                count=1,
            )
        conn.exec_driver_sql(statement)
