"""Stream classes: ``Stream``, and (imported on first use) ``RESTStream`` and ``GraphQLStream``."""

from __future__ import annotations

import typing as t

from singer_sdk._lazy import lazy_attributes
from singer_sdk.streams.core import Stream

if t.TYPE_CHECKING:
    from singer_sdk.streams.graphql import GraphQLStream as GraphQLStream
    from singer_sdk.streams.rest import RESTStream as RESTStream

# RESTStream and GraphQLStream are served lazily below (they import requests).
__all__ = ["GraphQLStream", "RESTStream", "Stream"]

__getattr__, __dir__ = lazy_attributes(
    __name__,
    globals(),
    {"GraphQLStream": "singer_sdk.streams.graphql", "RESTStream": "singer_sdk.streams.rest"},
)
