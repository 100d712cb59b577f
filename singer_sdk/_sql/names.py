"""Fully qualified SQL object names (``db.schema.table``), quoted for a dialect when given one."""

from __future__ import annotations

import typing as t
from collections import UserString

if t.TYPE_CHECKING:
    from sqlalchemy.engine.interfaces import Dialect

__all__ = ["FullyQualifiedName"]


class FullyQualifiedName(UserString):
    """A table name with its optional schema and database, usable as a string.

    ``str()`` gives the present parts joined by ``delimiter``; each part is quoted with the
    dialect's identifier rules when a dialect is given (so reserved words, quotes and spaces
    are safe in SQL text). The unquoted parts stay available as ``table``, ``schema`` and
    ``database``.
    """

    def __init__(
        self,
        *,
        table: str = "",
        schema: str | None = None,
        database: str | None = None,
        delimiter: str = ".",
        dialect: Dialect | None = None,
    ) -> None:
        """Build the name from its parts.

        Args:
            table: the table (or view) name.
            schema: the schema name, if any.
            database: the database name, if any.
            delimiter: the text placed between parts ('.' for SQL, '-' for stream ids).
            dialect: a SQLAlchemy dialect whose quoting rules are applied to each part.

        Raises:
            ValueError: all three parts are empty.
        """
        self.table = table
        self.schema = schema
        self.database = database
        self.delimiter = delimiter
        self.dialect = dialect
        parts = [self.prepare_part(part) for part in (database, schema, table) if part]
        if not parts:
            msg = (
                "Could not generate fully qualified name: "
                f"{database or '(unknown-db)'}:{schema or '(unknown-schema)'}:"
                f"{table or '(unknown-table-name)'}"
            )
            raise ValueError(msg)
        super().__init__(delimiter.join(parts))

    def prepare_part(self, part: str) -> str:
        """Return one name part as it appears in the full name (quoted if a dialect is set).

        Override to change how parts are quoted or cased.

        Args:
            part: an unquoted name part.
        """
        if self.dialect is None:
            return part
        quoted: str = self.dialect.identifier_preparer.quote(part)
        return quoted
