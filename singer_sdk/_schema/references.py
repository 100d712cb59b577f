"""``$ref`` resolution: replace every reference in a JSON Schema with the schema it points to.

Its public path is :mod:`singer_sdk.singerlib.schema`. ``referencing`` (~50 ms to import) is
imported only when a schema is resolved.
"""

from __future__ import annotations

import copy
import typing as t

if t.TYPE_CHECKING:
    from referencing._core import Resolver

__all__ = ["UnresolvableReferenceError", "resolve_schema_references"]


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


# Reprs, pickles and docs name the public path, as before the class moved here.
UnresolvableReferenceError.__module__ = "singer_sdk.singerlib.schema"
