"""Singer message readers and writers."""

from __future__ import annotations

from singer_sdk._messages.io import (
    GenericSingerReader,
    GenericSingerWriter,
    MessageReader,
    MessageWriter,
    SimpleSingerReader,
    SimpleSingerWriter,
)
from singer_sdk._messages.models import SingerMessageType

__all__ = [
    "GenericSingerReader",
    "GenericSingerWriter",
    "MessageReader",
    "MessageWriter",
    "SimpleSingerReader",
    "SimpleSingerWriter",
    "SingerMessageType",
]
