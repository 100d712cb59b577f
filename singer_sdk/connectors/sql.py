"""Deprecated location of the SQL connector classes: import them from :mod:`singer_sdk.sql`."""

from __future__ import annotations

import typing as t

from singer_sdk._compat import SingerSDKDeprecationWarning as SingerSDKDeprecationWarning
from singer_sdk._compat import moved_names_getattr

if t.TYPE_CHECKING:
    from singer_sdk.sql.connector import FullyQualifiedName as FullyQualifiedName
    from singer_sdk.sql.connector import JSONSchemaToSQL as JSONSchemaToSQL
    from singer_sdk.sql.connector import JSONtoSQLHandler as JSONtoSQLHandler
    from singer_sdk.sql.connector import SQLConnector as SQLConnector
    from singer_sdk.sql.connector import SQLToJSONSchema as SQLToJSONSchema

__all__ = [
    "FullyQualifiedName",
    "JSONSchemaToSQL",
    "JSONtoSQLHandler",
    "SQLConnector",
    "SQLToJSONSchema",
]

__getattr__ = moved_names_getattr(
    __name__, {name: f"singer_sdk.sql.connector:{name}" for name in __all__}
)
