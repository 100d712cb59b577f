"""Paginators for REST streams (``get_new_paginator``)."""

from __future__ import annotations

from urllib.parse import ParseResult

from singer_sdk._http.jsonpath import extract_jsonpath
from singer_sdk._http.pagination import (
    BaseAPIPaginator,
    BaseHATEOASPaginator,
    BaseOffsetPaginator,
    BasePageNumberPaginator,
    HeaderLinkPaginator,
    JSONPathPaginator,
    LegacyPaginatedStreamProtocol,
    LegacyStreamPaginator,
    OffsetPaginator,
    PageNumberPaginator,
    SimpleHeaderPaginator,
    SinglePagePaginator,
    T,
    TPageToken,
    first,
)
from singer_sdk.helpers._compat import aliases_getattr

__all__ = [
    "BaseAPIPaginator",
    "BaseHATEOASPaginator",
    "BaseOffsetPaginator",
    "BasePageNumberPaginator",
    "HeaderLinkPaginator",
    "JSONPathPaginator",
    "LegacyPaginatedStreamProtocol",
    "LegacyStreamPaginator",
    "OffsetPaginator",
    "PageNumberPaginator",
    "ParseResult",
    "SimpleHeaderPaginator",
    "SinglePagePaginator",
    "T",
    "TPageToken",
    "extract_jsonpath",
    "first",
]

# Names the reference's module also offers (imported on first use), so connectors that
# import them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "SingerSDKPendingDeprecationWarning": "singer_sdk.helpers._compat",
    },
)
