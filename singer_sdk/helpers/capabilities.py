"""Plugin capabilities and their settings (their home is ``singer_sdk._capabilities``)."""

from __future__ import annotations

from singer_sdk._capabilities import (
    ACTIVATE_VERSION_CONFIG,
    ADD_RECORD_METADATA_CONFIG,
    BATCH_CONFIG,
    EMIT_ACTIVATE_VERSION_CONFIG,
    FLATTENING_CONFIG,
    SQL_TAP_USE_SINGER_DECIMAL,
    STREAM_MAPS_CONFIG,
    TARGET_BATCH_SIZE_ROWS_CONFIG,
    TARGET_HARD_DELETE_CONFIG,
    TARGET_LOAD_METHOD_CONFIG,
    TARGET_SCHEMA_CONFIG,
    TARGET_VALIDATE_RECORDS_CONFIG,
    CapabilitiesEnum,
    DeprecatedEnum,
    DeprecatedEnumMeta,
    PluginCapabilities,
    TapCapabilities,
    TargetCapabilities,
    TargetLoadMethods,
)
from singer_sdk._compat import aliases_getattr

__all__ = [
    "ACTIVATE_VERSION_CONFIG",
    "ADD_RECORD_METADATA_CONFIG",
    "BATCH_CONFIG",
    "EMIT_ACTIVATE_VERSION_CONFIG",
    "FLATTENING_CONFIG",
    "SQL_TAP_USE_SINGER_DECIMAL",
    "STREAM_MAPS_CONFIG",
    "TARGET_BATCH_SIZE_ROWS_CONFIG",
    "TARGET_HARD_DELETE_CONFIG",
    "TARGET_LOAD_METHOD_CONFIG",
    "TARGET_SCHEMA_CONFIG",
    "TARGET_VALIDATE_RECORDS_CONFIG",
    "CapabilitiesEnum",
    "DeprecatedEnum",
    "DeprecatedEnumMeta",
    "PluginCapabilities",
    "TapCapabilities",
    "TargetCapabilities",
    "TargetLoadMethods",
]

# Names the reference's module also offers (imported on first use), so connectors that
# import them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "AnyOf": "singer_sdk.typing",
        "ArrayType": "singer_sdk.typing",
        "BooleanType": "singer_sdk.typing",
        "Constant": "singer_sdk.typing",
        "DecimalType": "singer_sdk.typing",
        "IntegerType": "singer_sdk.typing",
        "NullType": "singer_sdk.typing",
        "ObjectType": "singer_sdk.typing",
        "OneOf": "singer_sdk.typing",
        "PropertiesList": "singer_sdk.typing",
        "Property": "singer_sdk.typing",
        "StringType": "singer_sdk.typing",
    },
)
