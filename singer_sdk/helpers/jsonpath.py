"""JSONPath record extraction (``extract_jsonpath``)."""

from __future__ import annotations

from singer_sdk._http.jsonpath import extract_jsonpath
from singer_sdk.helpers._compat import aliases_getattr

__all__ = ["extract_jsonpath"]

# Names the reference's module also offers (imported on first use), so connectors that
# import them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "SingerSDKPendingDeprecationWarning": "singer_sdk.helpers._compat",
        "get_sdk_version": "singer_sdk.helpers._packaging",
    },
)
