"""Stream classes: ``Stream``, and (imported on first use) ``RESTStream`` and ``GraphQLStream``."""

from __future__ import annotations

import typing as t

from singer_sdk.helpers._compat import aliases_getattr
from singer_sdk.streams.core import Stream

if t.TYPE_CHECKING:
    from singer_sdk.streams.graphql import GraphQLStream as GraphQLStream
    from singer_sdk.streams.rest import RESTStream as RESTStream

# RESTStream and GraphQLStream are served lazily below (they import requests).
__all__ = ["GraphQLStream", "RESTStream", "Stream"]


# Names the reference's module also offers (imported on first use), so connectors that
# import them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "GraphQLStream": "singer_sdk.streams.graphql",
        "RESTStream": "singer_sdk.streams.rest",
        "SingerSDKDeprecationWarning": "singer_sdk.helpers._compat",
    },
    moved={"SQLStream": "singer_sdk.sql"},
)
