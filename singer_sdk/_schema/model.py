"""An object model for JSON Schema: :class:`Schema`, one attribute per common keyword.

:class:`Schema` names the keywords Singer tools use; every other keyword is kept in
``Schema.extras`` so ``Schema.from_dict(d).to_dict() == d``. Its public path is
:mod:`singer_sdk.singerlib.schema`; ``$ref`` resolution is in :mod:`singer_sdk._schema.references`.
(``Schema.__module__`` stays this module: ``typing.get_type_hints(Schema)`` resolves its
annotations here.)
"""

from __future__ import annotations

import typing as t
from collections.abc import Mapping
from dataclasses import KW_ONLY, dataclass, field

__all__ = ["META_KEYS", "STANDARD_KEYS", "Schema"]

# Keywords held in named attributes, in the order ``to_dict`` writes them after
# ``properties`` and ``items``. The attribute is the keyword with "-" turned into "_".
_NAMED_KEYWORDS: tuple[str, ...] = (
    "title",
    "description",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "maxLength",
    "minLength",
    "format",
    "type",
    "default",
    "required",
    "enum",
    "pattern",
    "contentMediaType",
    "contentEncoding",
    "deprecated",
    "additionalProperties",
    "anyOf",
    "patternProperties",
    "allOf",
    "oneOf",
    "x-sql-datatype",
    "x-sql-datatype-properties",
)
# ``$``-prefixed keywords held in attributes named without the ``$``.
_DOLLAR_KEYWORDS: tuple[str, ...] = ("id", "schema")

#: The ``$``-prefixed keywords :class:`Schema` keeps, named without the ``$``.
META_KEYS: list[str] = list(_DOLLAR_KEYWORDS)
#: The other keywords :class:`Schema` keeps as attributes, in the order it writes them.
STANDARD_KEYS: list[str] = list(_NAMED_KEYWORDS)

_KEYWORD_ATTRIBUTES: dict[str, str] = {
    **{keyword: keyword.replace("-", "_") for keyword in _NAMED_KEYWORDS},
    **{f"${keyword}": keyword for keyword in _DOLLAR_KEYWORDS},
}


@dataclass(slots=True)
class Schema:
    """A JSON Schema as an object: one attribute per common keyword.

    ``properties`` values and ``items`` are :class:`Schema` objects when they are JSON
    objects; ``anyOf``/``allOf``/``oneOf`` and the other keywords keep their raw JSON values.
    ``$id`` and ``$schema`` are the attributes ``id`` and ``schema``; ``x-sql-datatype`` is
    ``x_sql_datatype``. Keywords without an attribute (``const``, ``$defs``, ``minItems``,
    vendor extensions, ...) and keywords given as ``null`` are kept in ``extras``.
    """

    id: str | None = None
    schema: str | None = None

    type: str | list[str] | None = None
    default: t.Any | None = None
    properties: dict[str, t.Any] | None = None
    items: t.Any | None = None
    description: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusiveMinimum: float | None = None
    exclusiveMaximum: float | None = None
    multipleOf: float | None = None
    maxLength: int | None = None
    minLength: int | None = None
    anyOf: t.Any | None = None
    allOf: t.Any | None = None
    format: str | None = None
    additionalProperties: t.Any | None = None
    patternProperties: t.Any | None = None
    required: list[str] | None = None
    enum: list[t.Any] | None = None
    title: str | None = None
    pattern: str | None = None
    contentMediaType: str | None = None
    contentEncoding: str | None = None
    x_sql_datatype: str | None = None
    x_sql_datatype_properties: dict[str, t.Any] | None = None

    deprecated: bool | None = None
    oneOf: t.Any | None = None

    _: KW_ONLY
    extras: dict[str, t.Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, t.Any]:
        """Return the schema as a JSON Schema dict (nested schemas converted too).

        Returns:
            A new dict: attributes that are ``None`` are left out, ``extras`` are added.
        """
        result: dict[str, t.Any] = {}
        if self.properties is not None:
            result["properties"] = {
                name: value.to_dict() if isinstance(value, Schema) else value
                for name, value in self.properties.items()
            }
        if self.items is not None:
            result["items"] = self.items.to_dict() if isinstance(self.items, Schema) else self.items
        for keyword, attribute in _KEYWORD_ATTRIBUTES.items():
            value = getattr(self, attribute)
            if value is not None:
                result[keyword] = value
        for keyword, value in self.extras.items():
            result.setdefault(keyword, value)
        return result

    @classmethod
    def from_dict(cls, data: Mapping[str, t.Any], **schema_defaults: t.Any) -> Schema:
        """Build a :class:`Schema` from a JSON Schema dict.

        Args:
            data: the JSON Schema.
            schema_defaults: attribute values applied to this schema and every nested
                property/items schema, unless the JSON sets them.

        Returns:
            The schema object.

        Raises:
            TypeError: ``data`` is not a JSON object.
        """
        if _not_a_mapping(data):
            msg = f"a JSON Schema must be an object, got {type(data).__name__}: {data!r}"
            raise TypeError(msg)
        values: dict[str, t.Any] = dict(schema_defaults)
        extras: dict[str, t.Any] = {}
        for keyword, value in data.items():
            if keyword == "properties" and isinstance(value, Mapping):
                values["properties"] = {
                    name: cls.from_dict(sub, **schema_defaults) if isinstance(sub, Mapping) else sub
                    for name, sub in value.items()
                }
            elif keyword == "items" and isinstance(value, Mapping):
                values["items"] = cls.from_dict(value, **schema_defaults)
            elif value is None:
                # ``null`` is a real value for e.g. ``default``; attributes use None for
                # "absent", so keep it here to write it back.
                extras[keyword] = value
            elif keyword in ("properties", "items"):
                values[keyword] = value
            elif keyword in _KEYWORD_ATTRIBUTES:
                values[_KEYWORD_ATTRIBUTES[keyword]] = value
            else:
                extras[keyword] = value
        return cls(**values, extras=extras)


def _not_a_mapping(value: object) -> bool:
    """Whether untrusted JSON input is not an object (annotations cannot promise it)."""
    return not isinstance(value, Mapping)
