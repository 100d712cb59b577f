"""Stream classes: ``Stream`` here; REST and GraphQL streams arrive with the HTTP layer."""

from __future__ import annotations

from singer_sdk.streams.core import Stream

__all__ = ["Stream"]
