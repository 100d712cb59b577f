"""The Target base class (the reference's ``singer_sdk.target_base`` path).

``SQLTarget`` moved to :mod:`singer_sdk.sql`; the old name here still works, with a warning.
"""

from __future__ import annotations

from singer_sdk._target import Target
from singer_sdk.helpers._compat import aliases_getattr

__all__ = ["Target"]

# Names the reference's module also offers (imported on first use), so connectors that
# import them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "ACTIVATE_VERSION_CONFIG": "singer_sdk.helpers.capabilities",
        "ADD_RECORD_METADATA_CONFIG": "singer_sdk.helpers.capabilities",
        "BATCH_CONFIG": "singer_sdk.helpers.capabilities",
        "BaseBatchFileEncoding": "singer_sdk.helpers._batch",
        "BaseSingerReader": "singer_sdk.plugin_base",
        "PluginCapabilities": "singer_sdk.helpers.capabilities",
        "RecordsWithoutSchemaException": "singer_sdk.exceptions",
        "SingerReader": "singer_sdk.io_base",
        "SingerSDKDeprecationWarning": "singer_sdk.helpers._compat",
        "TARGET_BATCH_SIZE_ROWS_CONFIG": "singer_sdk.helpers.capabilities",
        "TARGET_LOAD_METHOD_CONFIG": "singer_sdk.helpers.capabilities",
        "TARGET_VALIDATE_RECORDS_CONFIG": "singer_sdk.helpers.capabilities",
        "TargetCapabilities": "singer_sdk.helpers.capabilities",
    },
    moved={
        "SQLTarget": "singer_sdk.sql",
    },
)
