"""msgspec message reader and writer (kept importable for connectors that opt into them).

singer_sdk's default reader and writer already use msgspec, so these are the same classes.
"""

from __future__ import annotations

from singer_sdk._messages.io import MessageReader, MessageWriter

__all__ = ["MsgSpecReader", "MsgSpecWriter"]

#: The msgspec-based reader: the default reader of singer_sdk.
MsgSpecReader = MessageReader
#: The msgspec-based writer: the default writer of singer_sdk.
MsgSpecWriter = MessageWriter
