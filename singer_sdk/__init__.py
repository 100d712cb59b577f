"""singer_sdk: build Singer taps, targets and mappers.

The public classes are imported lazily, on first attribute access, so ``import singer_sdk``
stays cheap for commands such as ``--about`` and ``--version``.
"""

from __future__ import annotations

import importlib
import typing as t

from singer_sdk._lazy import lazy_attributes

if t.TYPE_CHECKING:
    from singer_sdk import streams
    from singer_sdk.mapper_base import InlineMapper
    from singer_sdk.plugin_base import PluginBase
    from singer_sdk.schema import OpenAPISchema, SchemaDirectory, SchemaSource, StreamSchema
    from singer_sdk.sinks import BatchSink, RecordSink, Sink
    from singer_sdk.streams import GraphQLStream, RESTStream, Stream
    from singer_sdk.tap_base import Tap
    from singer_sdk.target_base import Target

__all__ = [
    "BatchSink",
    "GraphQLStream",
    "InlineMapper",
    "OpenAPISchema",
    "PluginBase",
    "RESTStream",
    "RecordSink",
    "SchemaDirectory",
    "SchemaSource",
    "Sink",
    "Stream",
    "StreamSchema",
    "Tap",
    "Target",
    "streams",
]

_MOVED_SQL_NAMES = ("SQLConnector", "SQLSink", "SQLStream", "SQLTap", "SQLTarget")

_LAZY: dict[str, str] = {
    "BatchSink": "singer_sdk.sinks",
    "GraphQLStream": "singer_sdk.streams",
    "InlineMapper": "singer_sdk.mapper_base",
    "OpenAPISchema": "singer_sdk.schema",
    "PluginBase": "singer_sdk.plugin_base",
    "RESTStream": "singer_sdk.streams",
    "RecordSink": "singer_sdk.sinks",
    "SchemaDirectory": "singer_sdk.schema",
    "SchemaSource": "singer_sdk.schema",
    "SingerSDKDeprecationWarning": "singer_sdk.helpers._compat",
    "Sink": "singer_sdk.sinks",
    "Stream": "singer_sdk.streams",
    "StreamSchema": "singer_sdk.schema",
    "Tap": "singer_sdk.tap_base",
    "Target": "singer_sdk.target_base",
}


_lazy_getattr, __dir__ = lazy_attributes(__name__, globals(), _LAZY)


def __getattr__(name: str) -> t.Any:
    if name == "streams":  # a subpackage: importing it sets the attribute
        return importlib.import_module("singer_sdk.streams")
    if name in _MOVED_SQL_NAMES:
        # Moved to ``singer_sdk.sql``; the old top-level names still work, with a deprecation
        # warning, as in Meltano's SDK.
        from singer_sdk.helpers._compat import moved_names_getattr

        moved = {name: f"singer_sdk.sql:{name}" for name in _MOVED_SQL_NAMES}
        return moved_names_getattr(__name__, moved)(name)
    return _lazy_getattr(name)
