"""The SQL target: a target whose sinks share one SQL connector."""

from __future__ import annotations

from singer_sdk._compat import aliases_getattr
from singer_sdk._sql.target import SQLTarget

__all__ = ["SQLTarget"]


# Names the reference's module also offers (imported on first use), so connectors that import
# them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "PluginCapabilities": "singer_sdk.helpers.capabilities",
        "TARGET_HARD_DELETE_CONFIG": "singer_sdk.helpers.capabilities",
        "TARGET_SCHEMA_CONFIG": "singer_sdk.helpers.capabilities",
        "Target": "singer_sdk.target_base",
        "TargetCapabilities": "singer_sdk.helpers.capabilities",
    },
)
