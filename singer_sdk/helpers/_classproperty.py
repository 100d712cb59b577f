"""The ``classproperty`` decorator at the path connectors import it from."""

from __future__ import annotations

from singer_sdk._plugin import classproperty

__all__ = ["classproperty"]
