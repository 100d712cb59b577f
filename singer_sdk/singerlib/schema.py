"""An object model for JSON Schema, and ``$ref`` resolution (public names).

:class:`Schema` names the keywords Singer tools use; every other keyword is kept in
``Schema.extras`` so ``Schema.from_dict(d).to_dict() == d``. The code lives in
:mod:`singer_sdk._schema.model` and :mod:`singer_sdk._schema.references`; this module is its
public path.
"""

from __future__ import annotations

from singer_sdk._schema.model import META_KEYS, STANDARD_KEYS, Schema
from singer_sdk._schema.references import UnresolvableReferenceError, resolve_schema_references

__all__ = [
    "META_KEYS",
    "STANDARD_KEYS",
    "Schema",
    "UnresolvableReferenceError",
    "resolve_schema_references",
]
