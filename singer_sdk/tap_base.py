"""The Tap base class (the reference's ``singer_sdk.tap_base`` path)."""

from __future__ import annotations

from singer_sdk._tap import CliTestOptionValue, Tap
from singer_sdk.helpers._compat import aliases_getattr

__all__ = ["CliTestOptionValue", "Tap"]

# Names the reference's module also offers (imported on first use), so connectors that
# import them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "AbortedSyncFailedException": "singer_sdk.exceptions",
        "AbortedSyncPausedException": "singer_sdk.exceptions",
        "BATCH_CONFIG": "singer_sdk.helpers.capabilities",
        "BaseSingerWriter": "singer_sdk.plugin_base",
        "Catalog": "singer_sdk.singerlib",
        "ConfigValidationError": "singer_sdk.exceptions",
        "PluginBase": "singer_sdk.plugin_base",
        "PluginCapabilities": "singer_sdk.helpers.capabilities",
        "STREAM_MAPS_CONFIG": "singer_sdk.helpers.capabilities",
        "SingerSDKDeprecationWarning": "singer_sdk.helpers._compat",
        "SingerWriter": "singer_sdk.io_base",
        "StateWriter": "singer_sdk.helpers._state",
        "TapCapabilities": "singer_sdk.helpers.capabilities",
        "dump_json": "singer_sdk.helpers._util",
        "load_json": "singer_sdk.helpers._util",
        "merge_missing_config_jsonschema": "singer_sdk.configuration._dict_config",
        "read_json_file": "singer_sdk.helpers._util",
        "write_stream_state": "singer_sdk.helpers._state",
    },
    moved={
        "SQLTap": "singer_sdk.sql",
    },
)
