"""SQL object names: fully qualified (``db.schema.table``, quoted for a dialect when given one),
and the default rule that conforms stream and property names to identifiers.
"""

from __future__ import annotations

import re
import typing as t
from collections import UserString

if t.TYPE_CHECKING:
    from sqlalchemy.engine.interfaces import Dialect

__all__ = ["FullyQualifiedName", "conform_identifier", "describe_name_clashes"]

_NOT_NAME_CHARS = re.compile(r"[^a-zA-Z0-9_\-.\s]")
_SEPARATORS = re.compile(r"[\s.\-]")
_DIGIT_LETTERS = dict(zip("0123456789", "abcdefghij", strict=True))


def conform_identifier(name: str, object_type: str | None = None) -> str:
    """Return ``name`` as a database identifier (``SQLSink.conform_name``'s default rule).

    Keeps ASCII letters, digits, ``_``, ``-``, ``.`` and whitespace, strips the ends,
    lower-cases, turns ``-``, ``.`` and whitespace into ``_``, and replaces a leading digit by a
    letter (0 -> a, 1 -> b, ...).

    Raises:
        ValueError: nothing of ``name`` is left.
    """
    cleaned = _SEPARATORS.sub("_", _NOT_NAME_CHARS.sub("", name).strip().lower())
    if not cleaned:
        msg = f"Cannot conform {object_type or 'column'} name {name!r}: nothing is left of it."
        raise ValueError(msg)
    letter = _DIGIT_LETTERS.get(cleaned[0])
    return letter + cleaned[1:] if letter else cleaned


def describe_name_clashes(mapping: t.Mapping[str, str]) -> str:
    """Describe the names of ``mapping`` (name -> conformed name) that conform alike."""
    groups: dict[str, list[str]] = {}
    for name, conformed in mapping.items():
        groups.setdefault(conformed, []).append(name)
    return "; ".join(
        f"{', '.join(repr(n) for n in names)} -> {conformed!r}"
        for conformed, names in groups.items()
        if len(names) > 1
    )


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
