"""An object model for JSON Schema, and ``$ref`` resolution.

:class:`Schema` names the keywords Singer tools use; every other keyword is kept in
``Schema.extras`` so ``Schema.from_dict(d).to_dict() == d``.
"""

from __future__ import annotations

import copy
import typing as t
from collections.abc import Mapping
from dataclasses import KW_ONLY, dataclass, field

if t.TYPE_CHECKING:
    from referencing._core import Resolver

__all__ = [
    "META_KEYS",
    "STANDARD_KEYS",
    "Schema",
    "UnresolvableReferenceError",
    "resolve_schema_references",
]

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


# --- $ref resolution -----------------------------------------------------------------------


class UnresolvableReferenceError(ValueError):
    """A ``$ref`` in a schema points at nothing that is known.

    Attributes:
        ref: the ``$ref`` value.
        location: where the ``$ref`` was found, as a ``/``-separated keyword path
            (``properties/address/items``); empty for the root.
    """

    def __init__(self, ref: str, location: str, reason: str) -> None:
        where = f"at '{location}'" if location else "at the schema root"
        super().__init__(f"Cannot resolve $ref {ref!r} {where}: {reason}")
        self.ref = ref
        self.location = location


# Keywords whose value is one subschema (or, for "items", possibly a list of them).
_SUBSCHEMA_KEYWORDS = (
    "items",
    "additionalItems",
    "additionalProperties",
    "unevaluatedItems",
    "unevaluatedProperties",
    "propertyNames",
    "contains",
    "not",
    "if",
    "then",
    "else",
)
_SUBSCHEMA_LIST_KEYWORDS = ("anyOf", "allOf", "oneOf", "prefixItems")
_SUBSCHEMA_MAP_KEYWORDS = ("properties", "patternProperties", "dependentSchemas")


def resolve_schema_references(
    schema: dict[str, t.Any],
    refs: dict[str, dict[str, t.Any]] | None = None,
) -> dict[str, t.Any]:
    """Replace every ``$ref`` in a schema with the schema it points to.

    Local references (``#/definitions/x``, ``#/$defs/x``) resolve against ``schema``;
    others against the documents in ``refs`` (``"other.json"``,
    ``"other.json#/definitions/x"``), with relative references inside those documents
    resolved against their own document. Keywords written next to a ``$ref`` win over the
    referenced schema's. A reference that recurses into itself is expanded once, then
    replaced by ``{}`` (any value). ``definitions``/``$defs`` are left in place.

    Args:
        schema: the schema; it is changed in place.
        refs: documents that references may name, by URI.

    Returns:
        ``schema``, with no ``$ref`` left in any subschema.

    Raises:
        UnresolvableReferenceError: a ``$ref`` names a missing document or pointer; the
            message gives the reference and where it was found.
    """
    # Imported here: `referencing` costs ~50 ms to import and most runs never need it.
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    resources = [("", Resource.from_contents(schema, default_specification=DRAFT202012))]
    root_id = resources[0][1].id()
    if root_id:
        resources.append((root_id, resources[0][1]))
    for uri, document in (refs or {}).items():
        resources.append((uri, Resource.from_contents(document, default_specification=DRAFT202012)))
    resolver = Registry().with_resources(resources).resolver()
    _resolve(schema, resolver, (), "")
    return schema


def _resolve(node: t.Any, resolver: Resolver[t.Any], seen: tuple[int, ...], location: str) -> t.Any:
    """Resolve references in ``node`` in place; returns ``node``."""
    from referencing.exceptions import Unresolvable

    if isinstance(node, list):
        for index, element in enumerate(node):
            _resolve(element, resolver, seen, f"{location}/{index}".lstrip("/"))
        return node
    if not isinstance(node, dict):
        return node

    ref = node.get("$ref")
    if isinstance(ref, str):
        try:
            resolved = resolver.lookup(ref)
        except Unresolvable as exc:
            raise UnresolvableReferenceError(ref, location, str(exc) or type(exc).__name__) from exc
        del node["$ref"]
        target = resolved.contents
        if id(target) in seen or not isinstance(target, dict):
            # A cycle (or a boolean schema): keep what was written next to the $ref.
            return node
        siblings = dict(node)
        node.clear()
        node.update(copy.deepcopy(target))
        node.update(siblings)
        return _resolve(node, resolved.resolver, (*seen, id(target)), location)

    def child(keyword: str) -> str:
        return f"{location}/{keyword}".lstrip("/")

    for keyword in _SUBSCHEMA_KEYWORDS:
        if keyword in node:
            _resolve(node[keyword], resolver, seen, child(keyword))
    for keyword in _SUBSCHEMA_LIST_KEYWORDS:
        value = node.get(keyword)
        if isinstance(value, list):
            _resolve(value, resolver, seen, child(keyword))
    for keyword in _SUBSCHEMA_MAP_KEYWORDS:
        value = node.get(keyword)
        if isinstance(value, dict):
            for name, subschema in value.items():
                _resolve(subschema, resolver, seen, child(f"{keyword}/{name}"))
    return node
