"""Schema sources for streams: ``StreamSchema`` over a ``SchemaDirectory`` or an ``OpenAPISchema``.

``infer_schema`` infers a stream's schema from sample records (``python -m singer_sdk.schema``
or ``singer-sdk-infer`` write it to a file). ``OpenAPISchema``, ``OpenAPISchemaNormalizer`` and
``infer_schema`` are imported on first use.
"""

from __future__ import annotations

import typing as t

from singer_sdk._lazy import lazy_attributes
from singer_sdk.schema.source import SchemaDirectory, SchemaSource, StreamSchema

if t.TYPE_CHECKING:
    from singer_sdk._schema.infer import infer_schema
    from singer_sdk._schema.openapi import OpenAPISchema, OpenAPISchemaNormalizer

__all__ = [
    "OpenAPISchema",
    "OpenAPISchemaNormalizer",
    "SchemaDirectory",
    "SchemaSource",
    "StreamSchema",
    "infer_schema",
]

__getattr__, __dir__ = lazy_attributes(
    __name__,
    globals(),
    {
        "OpenAPISchema": "singer_sdk._schema.openapi",
        "OpenAPISchemaNormalizer": "singer_sdk._schema.openapi",
        "infer_schema": "singer_sdk._schema.infer",
    },
)
