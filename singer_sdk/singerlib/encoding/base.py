"""Base classes of Singer message readers and writers (compatible module path)."""

from __future__ import annotations

from singer_sdk._messages.io import GenericSingerReader, GenericSingerWriter
from singer_sdk._messages.models import SingerMessageType

__all__ = ["GenericSingerReader", "GenericSingerWriter", "SingerMessageType"]
