"""The Singer wire level: messages, catalog, schema and time helpers.

Catalog and schema names are imported on first use, so reading and writing messages does not
pay for them.
"""

from __future__ import annotations

import typing as t

from singer_sdk._lazy import lazy_attributes
from singer_sdk._messages.models import (
    ActivateVersionMessage,
    Message,
    RecordMessage,
    SchemaMessage,
    SingerMessageType,
    StateMessage,
    exclude_null_dict,
    format_message,
    write_message,
)
from singer_sdk.singerlib import exceptions

if t.TYPE_CHECKING:
    from singer_sdk.singerlib.catalog import (
        Catalog,
        CatalogEntry,
        Metadata,
        MetadataMapping,
        SelectionMask,
        StreamMetadata,
    )
    from singer_sdk.singerlib.schema import Schema, resolve_schema_references
    from singer_sdk.singerlib.utils import strftime, strptime_to_utc

__all__ = [
    "ActivateVersionMessage",
    "Catalog",
    "CatalogEntry",
    "Message",
    "Metadata",
    "MetadataMapping",
    "RecordMessage",
    "Schema",
    "SchemaMessage",
    "SelectionMask",
    "SingerMessageType",
    "StateMessage",
    "StreamMetadata",
    "exceptions",
    "exclude_null_dict",
    "format_message",
    "resolve_schema_references",
    "strftime",
    "strptime_to_utc",
    "write_message",
]

_LAZY = {
    "Catalog": "singer_sdk.singerlib.catalog",
    "CatalogEntry": "singer_sdk.singerlib.catalog",
    "Metadata": "singer_sdk.singerlib.catalog",
    "MetadataMapping": "singer_sdk.singerlib.catalog",
    "SelectionMask": "singer_sdk.singerlib.catalog",
    "StreamMetadata": "singer_sdk.singerlib.catalog",
    "Schema": "singer_sdk.singerlib.schema",
    "resolve_schema_references": "singer_sdk.singerlib.schema",
    "strftime": "singer_sdk.singerlib.utils",
    "strptime_to_utc": "singer_sdk.singerlib.utils",
}


__getattr__, __dir__ = lazy_attributes(__name__, globals(), _LAZY)
