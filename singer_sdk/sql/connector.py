"""The SQL connector and the type converters between SQLAlchemy types and JSON Schema."""

from __future__ import annotations

import typing as t

from singer_sdk._lazy import lazy_attributes
from singer_sdk._sql.connector import SQLConnector
from singer_sdk._sql.names import FullyQualifiedName
from singer_sdk._sql.types_to_jsonschema import SQLToJSONSchema

if t.TYPE_CHECKING:
    from singer_sdk._sql.types_to_sql import JSONSchemaToSQL, JSONtoSQLHandler

__all__ = [
    "FullyQualifiedName",
    "JSONSchemaToSQL",
    "JSONtoSQLHandler",
    "SQLConnector",
    "SQLToJSONSchema",
]

# The JSON Schema -> SQL side is served from its own module on first use.
__getattr__, __dir__ = lazy_attributes(
    __name__,
    globals(),
    {
        "JSONSchemaToSQL": "singer_sdk._sql.types_to_sql",
        "JSONtoSQLHandler": "singer_sdk._sql.types_to_sql",
        # Also offered by the reference's module:
        "CatalogEntry": "singer_sdk.singerlib.catalog",
        "ConfigValidationError": "singer_sdk.exceptions",
        "MetadataMapping": "singer_sdk.singerlib.catalog",
        "Schema": "singer_sdk.singerlib.schema",
        "SingerSDKPendingDeprecationWarning": "singer_sdk.helpers._compat",
        "TargetLoadMethods": "singer_sdk.helpers.capabilities",
        "dump_json": "singer_sdk.helpers._util",
        "load_json": "singer_sdk.helpers._util",
    },
)
