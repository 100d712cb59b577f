"""msgspec message reader and writer (kept importable for connectors that opt into them).

singer_sdk's default reader and writer already use msgspec, so these are the same classes.
"""

from __future__ import annotations

import typing as t

from singer_sdk._messages import codec
from singer_sdk._messages.io import (
    GenericSingerReader,
    GenericSingerWriter,
    MessageReader,
    MessageWriter,
)
from singer_sdk._messages.models import Message
from singer_sdk.singerlib.exceptions import InvalidInputLine

__all__ = [
    "GenericSingerReader",
    "GenericSingerWriter",
    "InvalidInputLine",
    "Message",
    "MsgSpecReader",
    "MsgSpecWriter",
    "dec_hook",
    "enc_hook",
    "serialize_jsonl",
]

#: The msgspec-based reader: the default reader of singer_sdk.
MsgSpecReader = MessageReader
#: The msgspec-based writer: the default writer of singer_sdk.
MsgSpecWriter = MessageWriter


def enc_hook(obj: t.Any) -> t.Any:
    """Return a JSON stand-in for ``obj``: its ``isoformat()`` if it has one, else ``str(obj)``.

    The hook msgspec calls for objects it cannot encode itself.
    """
    isoformat = getattr(obj, "isoformat", None)
    return isoformat() if callable(isoformat) else str(obj)


def dec_hook(type: type, obj: t.Any) -> t.Any:
    """Return ``obj`` converted to ``type`` (the hook msgspec calls for custom types)."""
    return type(obj)


def serialize_jsonl(obj: object, **kwargs: t.Any) -> bytearray:
    """Return ``obj`` as one line of compact JSON, newline included. ``kwargs`` are ignored."""
    buffer = bytearray()
    codec.encode_into(obj, buffer)
    return buffer
