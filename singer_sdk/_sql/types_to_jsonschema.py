"""``SQLToJSONSchema``: the JSON Schema of a SQLAlchemy column type, one handler per type class."""

from __future__ import annotations

import functools
import typing as t

import sqlalchemy as sa

__all__ = ["SQLToJSONSchema"]

#: The JSON types a JSON column can hold (``null`` is added when the column is nullable).
_ANY_JSON_TYPES = ["string", "number", "integer", "boolean", "object", "array"]


class SQLToJSONSchema:
    """Maps SQLAlchemy column types to JSON Schema.

    :meth:`to_jsonschema` dispatches on the type's class (most specific registered class wins);
    types without a handler become strings. To support more types, subclass, redeclare
    ``to_jsonschema`` as a ``functools.singledispatchmethod`` that calls ``super()``, and
    register handlers on it::

        class MyConverter(SQLToJSONSchema):
            @functools.singledispatchmethod
            def to_jsonschema(self, column_type):
                return super().to_jsonschema(column_type)

            @to_jsonschema.register
            def _(self, column_type: MyType):
                return {"type": ["string"], "format": "my-format"}

    Attributes:
        use_singer_decimal: exact numeric (DECIMAL/NUMERIC) columns become strings with the
            ``x-singer.decimal`` format (and ``precision``/``scale`` when the column has them)
            instead of JSON numbers, so no digits are lost on the way.
    """

    def __init__(self, *, use_singer_decimal: bool = False) -> None:
        """Create a converter.

        Args:
            use_singer_decimal: map exact numeric columns to ``x-singer.decimal`` strings.
        """
        self.use_singer_decimal = use_singer_decimal

    @classmethod
    def from_config(cls, config: dict[str, t.Any]) -> SQLToJSONSchema:
        """Return a converter for a tap's config (called once per connector).

        The default reads the ``use_singer_decimal`` setting; override to pass your own options.

        Args:
            config: the tap's settings.
        """
        return cls(use_singer_decimal=bool(config.get("use_singer_decimal", False)))

    @functools.singledispatchmethod
    def to_jsonschema(self, column_type: sa.types.TypeEngine[t.Any]) -> dict[str, t.Any]:
        """Return the JSON Schema of ``column_type`` (a string for types without a handler).

        Args:
            column_type: a SQLAlchemy type object.
        """
        return {"type": ["string"]}

    @to_jsonschema.register(sa.types.DateTime)
    def datetime_to_jsonschema(self, column_type: sa.types.DateTime) -> dict[str, t.Any]:
        """Return a ``date-time`` string schema for DATETIME/TIMESTAMP columns."""
        return {"type": ["string"], "format": "date-time"}

    @to_jsonschema.register(sa.types.Date)
    def date_to_jsonschema(self, column_type: sa.types.Date) -> dict[str, t.Any]:
        """Return a ``date`` string schema for DATE columns."""
        return {"type": ["string"], "format": "date"}

    @to_jsonschema.register(sa.types.Time)
    def time_to_jsonschema(self, column_type: sa.types.Time) -> dict[str, t.Any]:
        """Return a ``time`` string schema for TIME columns."""
        return {"type": ["string"], "format": "time"}

    @to_jsonschema.register(sa.types.Integer)
    def integer_to_jsonschema(self, column_type: sa.types.Integer) -> dict[str, t.Any]:
        """Return an integer schema for INTEGER/BIGINT/SMALLINT columns."""
        return {"type": ["integer"]}

    @to_jsonschema.register(sa.types.Float)
    def float_to_jsonschema(self, column_type: sa.types.Float[t.Any]) -> dict[str, t.Any]:
        """Return a number schema for binary floating point (FLOAT/REAL/DOUBLE) columns.

        Floats are numbers even with ``use_singer_decimal``: their JSON form is already exact.
        """
        return {"type": ["number"]}

    @to_jsonschema.register(sa.types.Numeric)
    def numeric_to_jsonschema(self, column_type: sa.types.Numeric[t.Any]) -> dict[str, t.Any]:
        """Return the schema of an exact numeric (DECIMAL/NUMERIC) column.

        A number, or with ``use_singer_decimal`` an ``x-singer.decimal`` string carrying the
        column's ``precision`` and ``scale`` when it declares them.
        """
        if not self.use_singer_decimal or not column_type.asdecimal:
            return {"type": ["number"]}
        schema: dict[str, t.Any] = {"type": ["string"], "format": "x-singer.decimal"}
        if column_type.precision is not None:
            schema["precision"] = column_type.precision
            if column_type.scale is not None:
                schema["scale"] = column_type.scale
        return schema

    @to_jsonschema.register(sa.types.String)
    def string_to_jsonschema(self, column_type: sa.types.String) -> dict[str, t.Any]:
        """Return a string schema, with ``maxLength`` when the column has a length."""
        if column_type.length:
            return {"type": ["string"], "maxLength": column_type.length}
        return {"type": ["string"]}

    @to_jsonschema.register(sa.types.Boolean)
    def boolean_to_jsonschema(self, column_type: sa.types.Boolean) -> dict[str, t.Any]:
        """Return a boolean schema for BOOLEAN columns."""
        return {"type": ["boolean"]}

    @to_jsonschema.register(sa.types.JSON)
    def json_to_jsonschema(self, column_type: sa.types.JSON) -> dict[str, t.Any]:
        """Return a schema accepting any JSON value, for JSON/JSONB columns."""
        return {"type": list(_ANY_JSON_TYPES)}

    @to_jsonschema.register(sa.types.ARRAY)
    def array_to_jsonschema(self, column_type: sa.types.ARRAY[t.Any]) -> dict[str, t.Any]:
        """Return an array schema whose items follow the element type (elements may be null)."""
        item_type = column_type.item_type
        if isinstance(item_type, type):
            item_type = item_type()
        items = dict(self.to_jsonschema(item_type))
        json_type = items.get("type")
        if isinstance(json_type, list) and "null" not in json_type:
            items["type"] = [*json_type, "null"]
        return {"type": ["array"], "items": items}
