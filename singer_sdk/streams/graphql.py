"""GraphQL streams (``GraphQLStream``)."""

from __future__ import annotations

from singer_sdk._http.graphql import GraphQLStream

__all__ = ["GraphQLStream"]
