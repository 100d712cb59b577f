"""The base class of inline mapper plugins."""

from __future__ import annotations

from singer_sdk._mapping.inline import InlineMapper
from singer_sdk.helpers._compat import aliases_getattr

__all__ = ["InlineMapper"]

# Names the reference's module also offers (imported on first use), so connectors that
# import them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "BaseSingerReader": "singer_sdk.plugin_base",
        "BaseSingerWriter": "singer_sdk.plugin_base",
        "PluginCapabilities": "singer_sdk.helpers.capabilities",
    },
)
