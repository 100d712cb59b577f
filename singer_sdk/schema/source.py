"""Schema sources for streams: where ``StreamSchema`` finds a stream's schema.

The code lives in :mod:`singer_sdk._schema.source`; this module is its public import path.
"""

from __future__ import annotations

from singer_sdk._compat import aliases_getattr
from singer_sdk._exceptions import SchemaNotFoundError, SchemaNotValidError
from singer_sdk._schema.source import (
    SchemaDirectory,
    SchemaPreprocessor,
    SchemaSource,
    StreamSchema,
)

__all__ = [
    "SchemaDirectory",
    "SchemaNotFoundError",
    "SchemaNotValidError",
    "SchemaPreprocessor",
    "SchemaSource",
    "StreamSchema",
]

# Names the reference's module also offers (imported on first use), so connectors that
# import them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "DiscoveryError": "singer_sdk.exceptions",
        "OpenAPISchema": "singer_sdk._schema.openapi",
        "OpenAPISchemaNormalizer": "singer_sdk._schema.openapi",
        "UnsupportedOpenAPISpec": "singer_sdk.exceptions",
        "UnsupportedSchemaFormatError": "singer_sdk.exceptions",
        "resolve_schema_references": "singer_sdk.singerlib.schema",
    },
)
