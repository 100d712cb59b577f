"""tap-fixture-graphql: a sample GraphQL tap for the bundled fixture API's ``/graphql`` endpoint.

One stream, ``users``, read with a GraphQL query and cursor pagination: each page asks for
``users(first: $first, after: $after)`` and the next page starts after ``pageInfo.endCursor``
while ``pageInfo.hasNextPage`` is true. Auth is a bearer token (``BearerTokenAuthenticator``).

Run it against a local fixture server (which sets the ``--config ENV`` variables for it)::

    python samples/fixture_api.py -- python samples/tap_graphql_fixture.py --config ENV

or ``--about``, ``--discover``, ``--config config.json``.
"""

from __future__ import annotations

import typing as t

from singer_sdk import GraphQLStream, Stream, Tap
from singer_sdk import typing as th
from singer_sdk.authenticators import BearerTokenAuthenticator
from singer_sdk.helpers.jsonpath import extract_jsonpath
from singer_sdk.pagination import JSONPathPaginator

if t.TYPE_CHECKING:
    import requests

    from singer_sdk.helpers.types import Context


class PageInfoPaginator(JSONPathPaginator):
    """Cursor pagination of a GraphQL connection: ``endCursor`` while ``hasNextPage``.

    Args:
        connection_path: JSONPath of the connection object, e.g. ``$.data.users``.
    """

    def __init__(self, connection_path: str) -> None:
        super().__init__(f"{connection_path}.pageInfo.endCursor")
        self.connection_path = connection_path

    def has_more(self, response: requests.Response) -> bool:
        """Return the connection's ``pageInfo.hasNextPage``."""
        path = f"{self.connection_path}.pageInfo.hasNextPage"
        return bool(next(extract_jsonpath(path, response.json()), False))


class UsersStream(GraphQLStream[t.Any]):
    """Every user, read page by page through the ``users`` connection."""

    name = "users"
    primary_keys = ("id",)
    records_jsonpath = "$.data.users.nodes[*]"
    query = """
        query Users($first: Int, $after: String) {
            users(first: $first, after: $after) {
                nodes {
                    id
                    name
                    email
                    is_active
                    score
                    updated_at
                    address { city country }
                    tags
                }
                pageInfo { hasNextPage endCursor }
            }
        }
    """
    schema = th.PropertiesList(
        th.Property("id", th.IntegerType, required=True),
        th.Property("name", th.StringType),
        th.Property("email", th.EmailType),
        th.Property("is_active", th.BooleanType),
        th.Property("score", th.NumberType),
        th.Property("updated_at", th.DateTimeType),
        th.Property(
            "address",
            th.ObjectType(
                th.Property("city", th.StringType),
                th.Property("country", th.StringType),
            ),
        ),
        th.Property("tags", th.ArrayType(th.StringType)),
    ).to_dict()

    @property
    def url_base(self) -> str:
        """The GraphQL endpoint: ``<api_url>/graphql``."""
        return str(self.config["api_url"]).rstrip("/") + "/graphql"

    @property
    def authenticator(self) -> BearerTokenAuthenticator:
        """Send the ``api_key`` setting as ``Authorization: Bearer <key>``."""
        return BearerTokenAuthenticator(token=self.config["api_key"])

    def get_new_paginator(self) -> PageInfoPaginator:
        """Page through the ``users`` connection by its end cursor."""
        return PageInfoPaginator("$.data.users")

    def get_url_params(
        self, context: Context | None, next_page_token: str | None
    ) -> dict[str, t.Any]:
        """Return the query's variables: page size, and the cursor to continue after."""
        return {"first": self.config["page_size"], "after": next_page_token}


class TapFixtureGraphQL(Tap):
    """Users from the fixture API's GraphQL endpoint (``samples/fixture_api.py``)."""

    name = "tap-fixture-graphql"
    config_jsonschema = th.PropertiesList(
        th.Property(
            "api_url",
            th.URIType,
            required=True,
            title="API URL",
            description="Base URL of the fixture API; the tap posts to <api_url>/graphql.",
        ),
        th.Property(
            "api_key",
            th.StringType,
            required=True,
            secret=True,
            title="API key",
            description="Sent as a bearer token.",
        ),
        th.Property(
            "page_size",
            th.IntegerType,
            default=10,
            description="Users asked for per query (1 to 100).",
        ),
    ).to_dict()

    def discover_streams(self) -> list[Stream]:
        """Return the tap's one stream, ``users``."""
        return [UsersStream(self)]


if __name__ == "__main__":
    TapFixtureGraphQL.cli()
