"""GraphQL streams (``GraphQLStream``)."""

from __future__ import annotations

from singer_sdk._http.graphql import GraphQLStream
from singer_sdk.helpers._compat import aliases_getattr

__all__ = ["GraphQLStream"]

# Names the reference's module also offers (imported on first use), so connectors that
# import them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "RESTStream": "singer_sdk.streams.rest",
    },
)
