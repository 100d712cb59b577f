"""The base class of inline mapper plugins."""

from __future__ import annotations

from singer_sdk._mapping.inline import InlineMapper

__all__ = ["InlineMapper"]
