"""``JSONSchemaToSQL``: the SQL column type for a property's JSON Schema.

Lookup order for one schema: an ``x-sql-datatype`` annotation with a registered handler, then
a string ``format`` handler, then the ``type`` handler; a list of several non-null types gives
:meth:`JSONSchemaToSQL.handle_multiple_types`; ``anyOf`` uses its first non-null member that
maps; anything else gives :attr:`JSONSchemaToSQL.fallback_type`.
"""

from __future__ import annotations

import typing as t
import warnings

import sqlalchemy as sa

__all__ = ["JSONSchemaToSQL", "JSONtoSQLHandler", "SingerDecimal"]

#: A handler: a SQLAlchemy type class (instantiated without arguments) or a callable that
#: takes the property's JSON Schema and returns a SQLAlchemy type instance.
JSONtoSQLHandler: t.TypeAlias = (
    type[sa.types.TypeEngine[t.Any]] | t.Callable[[dict[str, t.Any]], sa.types.TypeEngine[t.Any]]
)

_DECIMAL_FORMATS = ("x-singer.decimal", "singer.decimal")
_INT32_MAX = 2**31 - 1


class SingerDecimal(sa.types.DECIMAL):  # type: ignore[type-arg]
    """An exact ``DECIMAL(precision, scale)`` for string properties holding decimal numbers.

    It renders as ``DECIMAL`` everywhere; the SQL sink stores its values exactly (as text on
    SQLite, whose numeric columns would round them to 15 digits).
    """

    cache_ok = True


def _varchar(length: int) -> t.Callable[[dict[str, t.Any]], sa.types.TypeEngine[t.Any]]:
    def handler(_schema: dict[str, t.Any]) -> sa.types.TypeEngine[t.Any]:
        return sa.types.VARCHAR(length)

    return handler


class JSONSchemaToSQL:
    """Maps JSON Schema property types to SQLAlchemy column types, with registrable handlers.

    Defaults: string -> ``VARCHAR(maxLength)`` (capped at ``max_varchar_length``), integer ->
    ``INTEGER`` (``BIGINT`` when ``minimum``/``maximum`` need 64 bits), number -> ``DECIMAL``,
    boolean -> ``BOOLEAN``, object and array -> ``VARCHAR``;
    formats date-time -> ``DATETIME``, date -> ``DATE``, time -> ``TIME``, uuid -> ``UUID``,
    email/uri/hostname/ipv4/ipv6 -> ``VARCHAR`` of the longest valid length, and
    ``x-singer.decimal`` / ``singer.decimal`` -> exact ``DECIMAL(precision, scale)``.

    Args:
        max_varchar_length: the longest VARCHAR the database accepts (None: no limit).
    """

    def __init__(self, *, max_varchar_length: int | None = None) -> None:
        self._max_varchar_length = max_varchar_length
        self._type_mapping: dict[str, JSONtoSQLHandler] = {
            "string": self._handle_string_type,
            "integer": self._handle_integer,
            "number": sa.types.DECIMAL,
            "boolean": sa.types.BOOLEAN,
            "object": sa.types.VARCHAR,
            "array": sa.types.VARCHAR,
        }
        self._format_handlers: dict[str, JSONtoSQLHandler] = {
            "date-time": sa.types.DATETIME,
            "time": sa.types.TIME,
            "date": sa.types.DATE,
            "uuid": sa.types.UUID,
            "email": _varchar(254),
            "uri": _varchar(2083),
            "hostname": _varchar(253),
            "ipv4": _varchar(15),
            "ipv6": _varchar(45),
        }
        for name in _DECIMAL_FORMATS:
            self._format_handlers[name] = self._handle_singer_decimal
        self._sql_datatype_mapping: dict[str, JSONtoSQLHandler] = {}
        self._fallback_type: type[sa.types.TypeEngine[t.Any]] = sa.types.VARCHAR

    @classmethod
    def from_config(
        cls,
        config: dict[str, t.Any],
        *,
        max_varchar_length: int | None,
    ) -> JSONSchemaToSQL:
        """Return the converter for a target's config; called once per connector.

        The default ignores ``config``. Override to read options from it.

        Args:
            config: the target's settings.
            max_varchar_length: the connector's ``max_varchar_length``.
        """
        return cls(max_varchar_length=max_varchar_length)

    @property
    def fallback_type(self) -> type[sa.types.TypeEngine[t.Any]]:
        """The type class used when nothing else maps (default ``VARCHAR``); settable."""
        return self._fallback_type

    @fallback_type.setter
    def fallback_type(self, value: type[sa.types.TypeEngine[t.Any]]) -> None:
        self._fallback_type = value

    def register_type_handler(self, json_type: str, handler: JSONtoSQLHandler) -> None:
        """Map a JSON Schema ``type`` (e.g. ``"integer"``) to ``handler``, replacing any other.

        Args:
            json_type: the JSON type name.
            handler: a SQLAlchemy type class or a callable taking the schema.
        """
        self._type_mapping[json_type] = handler

    def register_format_handler(self, format_name: str, handler: JSONtoSQLHandler) -> None:
        """Map a string ``format`` (e.g. ``"date-time"``) to ``handler``, replacing any other.

        Args:
            format_name: the format name.
            handler: a SQLAlchemy type class or a callable taking the schema.
        """
        self._format_handlers[format_name] = handler

    def register_sql_datatype_handler(self, sql_datatype: str, handler: JSONtoSQLHandler) -> None:
        """Map an ``x-sql-datatype`` annotation value to ``handler``.

        Without a handler, an annotation is ignored with a warning.

        Args:
            sql_datatype: the annotation value (e.g. ``"smallint"``).
            handler: a SQLAlchemy type class or a callable taking the schema.
        """
        self._sql_datatype_mapping[sql_datatype] = handler

    def handle_multiple_types(self, types: t.Sequence[str]) -> sa.types.TypeEngine[t.Any]:
        """Return the type of a property allowing several non-null JSON types.

        The default returns ``VARCHAR``, which holds any of them.

        Args:
            types: the non-null JSON types.
        """
        return sa.types.VARCHAR()

    def handle_raw_string(self, schema: dict[str, t.Any]) -> sa.types.TypeEngine[t.Any]:
        """Return the type of a string without a known format: ``VARCHAR(maxLength)``.

        ``maxLength`` is capped at ``max_varchar_length``; without it the length is unset.

        Args:
            schema: the property's JSON Schema.
        """
        max_length: int | None = schema.get("maxLength")
        if max_length and self._max_varchar_length:
            max_length = min(max_length, self._max_varchar_length)
        return sa.types.VARCHAR(max_length)

    def to_sql_type(self, schema: dict[str, t.Any]) -> sa.types.TypeEngine[t.Any]:
        """Return the SQLAlchemy type for a property's JSON Schema (see the module docstring).

        Args:
            schema: the property's JSON Schema.
        """
        sql_type = self._get_type_from_schema(schema)
        if sql_type is not None:
            return sql_type
        for member in schema.get("anyOf") or ():
            if not isinstance(member, dict) or member.get("type") == "null":
                continue
            sql_type = self._get_type_from_schema(member)
            if sql_type is not None:
                return sql_type
        return self.fallback_type()

    # -- internals -------------------------------------------------------------------------

    @staticmethod
    def _invoke_handler(
        handler: JSONtoSQLHandler, schema: dict[str, t.Any]
    ) -> sa.types.TypeEngine[t.Any]:
        if isinstance(handler, type):
            return t.cast("sa.types.TypeEngine[t.Any]", handler())
        return handler(schema)

    @staticmethod
    def _handle_integer(schema: dict[str, t.Any]) -> sa.types.TypeEngine[t.Any]:
        bounds = [schema.get("minimum"), schema.get("maximum")]
        if any(isinstance(bound, (int, float)) and abs(bound) > _INT32_MAX for bound in bounds):
            return sa.types.BIGINT()
        return sa.types.INTEGER()

    def _handle_singer_decimal(self, schema: dict[str, t.Any]) -> sa.types.TypeEngine[t.Any]:
        return SingerDecimal(schema.get("precision"), schema.get("scale"))

    def _handle_format(self, schema: dict[str, t.Any]) -> sa.types.TypeEngine[t.Any] | None:
        handler = self._format_handlers.get(schema.get("format"))  # type: ignore[arg-type]
        if handler is None:
            return None
        return self._invoke_handler(handler, schema)

    def _handle_string_type(self, schema: dict[str, t.Any]) -> sa.types.TypeEngine[t.Any]:
        return self._handle_format(schema) or self.handle_raw_string(schema)

    def _get_type_from_schema(self, schema: dict[str, t.Any]) -> sa.types.TypeEngine[t.Any] | None:
        annotation = schema.get("x-sql-datatype")
        if annotation:
            handler = self._sql_datatype_mapping.get(annotation)
            if handler is not None:
                return self._invoke_handler(handler, schema)
            warnings.warn(
                f"This target does not support the x-sql-datatype '{annotation}'",
                UserWarning,
                stacklevel=3,
            )
        json_type = schema.get("type")
        if json_type == "string" and "format" in schema:
            formatted = self._handle_format(schema)
            if formatted is not None:
                return formatted
        if isinstance(json_type, (list, tuple)):
            non_null = [name for name in json_type if name != "null"]
            if len(non_null) > 1:
                return self.handle_multiple_types(non_null)
            if len(non_null) == 1 and non_null[0] in self._type_mapping:
                return self._invoke_handler(self._type_mapping[non_null[0]], schema)
            return None
        if isinstance(json_type, str):
            handler = self._type_mapping.get(json_type)
            if handler is not None:
                return self._invoke_handler(handler, schema)
        return None
