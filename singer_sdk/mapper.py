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
