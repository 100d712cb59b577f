"""Singer message readers and writers (the reference's ``singer_sdk.io_base`` path)."""

from __future__ import annotations

from singer_sdk._messages.io import (
    GenericSingerReader,
    GenericSingerWriter,
    MessageReader,
    MessageWriter,
)
from singer_sdk._messages.models import SingerMessageType

#: The default reader and writer of plugins.
SingerReader = MessageReader
SingerWriter = MessageWriter

__all__ = [
    "GenericSingerReader",
    "GenericSingerWriter",
    "SingerMessageType",
    "SingerReader",
    "SingerWriter",
]
