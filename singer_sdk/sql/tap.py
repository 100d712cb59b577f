"""``SQLTap``: a tap whose streams are discovered from a database."""

from __future__ import annotations

from singer_sdk._compat import aliases_getattr
from singer_sdk._sql.tap import SQLTap

__all__ = ["SQLTap"]


# Names the reference's module also offers (imported on first use), so connectors that import
# them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "SQL_TAP_USE_SINGER_DECIMAL": "singer_sdk.helpers.capabilities",
        "Tap": "singer_sdk.tap_base",
        "merge_missing_config_jsonschema": "singer_sdk._config",
    },
)
