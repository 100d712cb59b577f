"""REST streams (``RESTStream``) and the request objects of their hooks."""

from __future__ import annotations

from singer_sdk._http.rest import HTTPRequest, PageContext, RESTStream
from singer_sdk.helpers._compat import aliases_getattr

__all__ = ["HTTPRequest", "PageContext", "RESTStream"]

# Names the reference's module also offers (imported on first use), so connectors that
# import them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "DEFAULT_PAGE_SIZE": "singer_sdk._http.rest",
        "DEFAULT_REQUEST_TIMEOUT": "singer_sdk._http.rest",
        "FatalAPIError": "singer_sdk.exceptions",
        "JSONPathPaginator": "singer_sdk.pagination",
        "LegacyStreamPaginator": "singer_sdk.pagination",
        "RetriableAPIError": "singer_sdk.exceptions",
        "SimpleAuthenticator": "singer_sdk.authenticators",
        "SimpleHeaderPaginator": "singer_sdk.pagination",
        "SingerSDKDeprecationWarning": "singer_sdk.helpers._compat",
        "SinglePagePaginator": "singer_sdk.pagination",
        "Stream": "singer_sdk.streams.core",
        "extract_jsonpath": "singer_sdk.helpers.jsonpath",
        "get_sdk_version": "singer_sdk.helpers._packaging",
    },
)
