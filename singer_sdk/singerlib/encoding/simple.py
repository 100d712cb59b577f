"""The default Singer message reader and writer (compatible module path)."""

from __future__ import annotations

from singer_sdk._messages.io import SimpleSingerReader, SimpleSingerWriter

__all__ = ["SimpleSingerReader", "SimpleSingerWriter"]
