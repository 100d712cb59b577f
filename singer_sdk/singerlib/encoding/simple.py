"""The default Singer message reader and writer (compatible module path)."""

from __future__ import annotations

from singer_sdk._messages.io import SimpleSingerReader, SimpleSingerWriter
from singer_sdk.helpers._compat import aliases_getattr

__all__ = ["SimpleSingerReader", "SimpleSingerWriter"]

# Names the reference's module also offers (imported on first use), so connectors that
# import them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "ActivateVersionMessage": "singer_sdk.singerlib.messages",
        "GenericSingerReader": "singer_sdk.singerlib.encoding",
        "GenericSingerWriter": "singer_sdk.singerlib.encoding",
        "InvalidInputLine": "singer_sdk.singerlib.exceptions",
        "Message": "singer_sdk.singerlib.messages",
        "RecordMessage": "singer_sdk.singerlib.messages",
        "SchemaMessage": "singer_sdk.singerlib.messages",
        "SingerMessageType": "singer_sdk.singerlib.messages",
        "StateMessage": "singer_sdk.singerlib.messages",
        "deserialize_json": "singer_sdk.singerlib.json",
        "exclude_null_dict": "singer_sdk.singerlib.messages",
        "serialize_json": "singer_sdk.singerlib.json",
    },
)
