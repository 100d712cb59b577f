"""Stream maps: reshape, rename, split, filter and drop streams from the plugin config.

See :class:`PluginMapper` for how the ``stream_maps`` setting is read, and
:mod:`singer_sdk._mapping.expressions` for the expression sandbox.
"""

from __future__ import annotations

from singer_sdk._mapping.expressions import md5, sha256
from singer_sdk._mapping.maps import (
    MAPPER_ALIAS_OPTION,
    MAPPER_ELSE_OPTION,
    MAPPER_FILTER_OPTION,
    MAPPER_KEY_PROPERTIES_OPTION,
    MAPPER_SOURCE_OPTION,
    NULL_STRING,
    CustomStreamMap,
    DefaultStreamMap,
    PluginMapper,
    RemoveRecordTransform,
    SameRecordTransform,
    StreamMap,
    StreamMapsDict,
)
from singer_sdk.exceptions import MapExpressionError, StreamMapConfigError
from singer_sdk.helpers._compat import aliases_getattr

__all__ = [
    "MAPPER_ALIAS_OPTION",
    "MAPPER_ELSE_OPTION",
    "MAPPER_FILTER_OPTION",
    "MAPPER_KEY_PROPERTIES_OPTION",
    "MAPPER_SOURCE_OPTION",
    "NULL_STRING",
    "CustomStreamMap",
    "DefaultStreamMap",
    "MapExpressionError",
    "PluginMapper",
    "RemoveRecordTransform",
    "SameRecordTransform",
    "StreamMap",
    "StreamMapConfigError",
    "StreamMapsDict",
    "md5",
    "sha256",
]

# Names the reference's module also offers (imported on first use), so connectors that
# import them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "flatten_record": "singer_sdk.helpers._flattening",
        "flatten_schema": "singer_sdk.helpers._flattening",
        "get_flattening_options": "singer_sdk.helpers._flattening",
        "get_selected_schema": "singer_sdk.helpers._catalog",
    },
)
